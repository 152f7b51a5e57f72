"""Starting habeas (the app, every write's linking) never loads NumPy: only the batch does."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_starts_without_numpy_and_the_batch_brings_it() -> None:
    probe = "import sys, habeas.app; print('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"  # fmt: skip
    batch = "import sys, habeas.match.dedupe; print('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", batch], capture_output=True, text=True,
                          check=True).stdout.strip() == "True"  # fmt: skip
