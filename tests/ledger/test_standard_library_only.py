"""habeas.ledger depends on nothing but the standard library, so an offline verifier can be
copied out with it alone."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import habeas.ledger

PROBE = """
import importlib, json, sys
before = set(sys.modules)
for name in {modules!r}:
    importlib.import_module(name)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def ledger_modules() -> list[str]:
    found = pkgutil.walk_packages(habeas.ledger.__path__, "habeas.ledger.")
    return ["habeas.ledger", *sorted(m.name for m in found)]


def test_every_ledger_module_imports_only_the_standard_library() -> None:
    modules = ledger_modules()
    assert "habeas.ledger.commitments" in modules and "habeas.ledger.merkle" in modules
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules=modules)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(out.stdout)
    outside = [
        name
        for name in loaded
        if name.split(".")[0] not in sys.stdlib_module_names
        and name != "habeas"
        and not name.startswith("habeas.ledger")
    ]
    assert outside == []
    assert "habeas.ledger.entry" in loaded  # the probe really imported the package


def test_the_probe_would_see_a_third_party_import() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules=["sqlalchemy"])],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "sqlalchemy" in json.loads(out.stdout)
