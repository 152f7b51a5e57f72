"""habeas.ingest: one module per outside source; each checks its input before it becomes entries."""
