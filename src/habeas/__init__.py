"""habeas: an evidence-grade ledger of people in custody, transfers, courts and orders."""

__version__ = "0.1.0"
