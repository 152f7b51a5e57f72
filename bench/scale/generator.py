"""A seeded, streaming generator of a SYNTHETIC ledger at a chosen scale.

At scale 1.0: 1,000,000 people, about 10,000,000 custody events (3 to 15 a person), 100,000
cases with 1,000,000 docket entries and 50,000 orders (each with one obligation), and 2,000
facilities whose sizes follow a Zipf law (a few hold tens of thousands, most a handful).
Names come in several conventions: Spanish and Portuguese double surnames (with the
misspellings of `synthetic_names`), English, Arabic, French and Haitian, Vietnamese family
name first, a single name, initials only. Every person and event is invented and flagged
`synthetic`; so is every other record.

Records are written one line at a time (`write_bundle`): nothing is held but the few
facilities and courts, so a bundle of any size is made in constant memory.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic_names import GIVEN, SURNAMES, synthetic_name

__all__ = ["Counts", "Shape", "records", "write_bundle"]

SOURCE = "source/scale-synthetic"
CITE = [{"source": SOURCE}]
START = date(2024, 1, 1)
"""The first day of the generated history; events run for about two years from it."""

_EN_GIVEN = ("John", "Michael", "David", "James", "Mary", "Sarah", "Emily", "Robert", "Grace")
_EN_SUR = ("Smith", "Johnson", "Williams", "Brown", "Taylor", "Anderson", "Thomas", "Moore")
_AR_GIVEN = ("Ahmed", "Mohammed", "Omar", "Yusuf", "Khalid", "Fatima", "Aisha", "Layla")
_AR_FAMILY = ("Al-Rashid", "Haddad", "Nasser", "Al-Masri", "Khoury", "Saleh", "Hamdan")
_FR_GIVEN = ("Jean-Baptiste", "Marie-Claire", "Jean", "Pierre", "Wideline", "Jean-Robert")
_FR_SUR = ("Pierre", "Joseph", "Louis", "Charles", "Baptiste", "Desir", "Jean-Louis")
_VI_FAMILY = ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui")
_VI_MIDDLE = ("Van", "Thi", "Duc", "Minh", "Quoc")
_VI_GIVEN = ("An", "Binh", "Cuong", "Dung", "Hoa", "Lan", "Nam", "Thanh")
_COUNTRIES = ("SV", "US", "VE", "GT", "HN", "MX", "CU", "HT", "NI", "CO")
_KINDS = ("prison", "detention_center", "processing_center", "jail", "military_base")
_COURTS = (
    ("mdd", "U.S. District Court for the District of Maryland", "America/New_York"),
    ("txsd", "U.S. District Court for the Southern District of Texas", "America/Chicago"),
    ("dcd", "U.S. District Court for the District of Columbia", "America/New_York"),
    ("cacd", "U.S. District Court for the Central District of California", "America/Los_Angeles"),
    ("lawd", "U.S. District Court for the Western District of Louisiana", "America/Chicago"),
    ("ca4", "U.S. Court of Appeals for the Fourth Circuit", "America/New_York"),
)


@dataclass(frozen=True)
class Shape:
    """How many of each record a scale makes (1.0: the issue's default scale)."""

    persons: int
    cases: int
    docket_entries_per_case: int
    orders: int
    facilities: int

    @classmethod
    def at(cls, scale: float) -> Shape:
        return cls(
            persons=max(10, round(1_000_000 * scale)),
            cases=max(2, round(100_000 * scale)),
            docket_entries_per_case=10,
            orders=max(1, round(50_000 * scale)),
            facilities=max(5, round(2_000 * scale**0.5)),
        )


@dataclass
class Counts:
    """What a bundle holds, by record type, and its size on disk."""

    by_type: dict[str, int]
    bytes: int = 0

    @property
    def records(self) -> int:
        return sum(self.by_type.values())


def _name(rng: random.Random) -> dict[str, Any]:
    """A person's name fields in one of several conventions."""
    pick = rng.random()
    if pick < 0.55:
        full = synthetic_name(rng)
        words = full.split()
        return {"full_name": full, "given_names": words[0], "surnames": " ".join(words[1:])}
    if pick < 0.68:
        g, s = rng.choice(_EN_GIVEN), rng.choice(_EN_SUR)
        middle = f" {rng.choice(_EN_GIVEN)}" if rng.random() < 0.4 else ""
        return {"full_name": f"{g}{middle} {s}", "given_names": g + middle, "surnames": s}
    if pick < 0.78:
        g, f = rng.choice(_AR_GIVEN), rng.choice(_AR_FAMILY)
        return {"full_name": f"{g} bin {rng.choice(_AR_GIVEN)} {f}", "surnames": f}
    if pick < 0.86:
        g, s = rng.choice(_FR_GIVEN), rng.choice(_FR_SUR)
        return {"full_name": f"{g} {s}", "given_names": g, "surnames": s}
    if pick < 0.94:
        fam = rng.choice(_VI_FAMILY)
        full = f"{fam} {rng.choice(_VI_MIDDLE)} {rng.choice(_VI_GIVEN)}"
        return {"full_name": full, "surnames": fam}
    if pick < 0.97:
        return {"full_name": rng.choice(GIVEN)}
    initials = f"{rng.choice(GIVEN)[0]}.{rng.choice(SURNAMES)[0]}.{rng.choice(SURNAMES)[0]}."
    return {"full_name": initials, "initials_only": True}


def _zipf_cumulative(n: int) -> list[float]:
    """Cumulative weights 1/rank: facility i is chosen in proportion to 1/(i+1)."""
    return list(itertools.accumulate(1.0 / (i + 1) for i in range(n)))


def _facility(cum: list[float], rng: random.Random) -> str:
    i = bisect.bisect_left(cum, rng.random() * cum[-1])
    return f"facility/f{min(i, len(cum) - 1):05d}"


def _events(
    rng: random.Random, person: str, pid: str, cum: list[float]
) -> Iterator[dict[str, Any]]:
    """3 to 15 events (about 10 on average): apprehended, detained, then moves between
    facilities; some end in a removal, a release or an unknown whereabouts."""
    n = min(15, max(3, int(rng.triangular(3, 16, 11))))
    day = START + timedelta(days=rng.randrange(365))
    kinds = ["apprehended", "detained"] + ["transferred"] * (n - 3)
    kinds.append(
        rng.choices(("admitted", "released", "removed", "whereabouts_unknown"), (6, 2, 1, 1))[0]
    )
    here = _facility(cum, rng)
    for j, kind in enumerate(kinds):
        ev: dict[str, Any] = {
            "type": "custody_event",
            "key": f"custody_event/{pid}-{j:02d}",
            "person": person,
            "kind": kind,
            "at": day.isoformat(),
        }
        if kind in ("detained", "transferred", "admitted"):
            if kind != "detained":
                here = _facility(cum, rng)
            ev["facility"] = here
        elif kind == "removed":
            ev["country"] = rng.choice(_COUNTRIES)
        ev.update(synthetic=True, sources=CITE)
        yield ev
        day += timedelta(days=rng.randrange(1, 40))


def records(scale: float, seed: int = 42) -> Iterator[dict[str, Any]]:
    """Every record of a bundle at `scale`, in the order they are written."""
    shape = Shape.at(scale)
    rng = random.Random(seed)
    yield {
        "type": "source",
        "key": SOURCE,
        "kind": "dataset",
        "synthetic": True,
        "title": "Synthetic scale benchmark data (no real person)",
    }
    for court_id, name, zone in _COURTS:
        yield {
            "type": "court",
            "key": f"court/{court_id}",
            "court_id": court_id,
            "name": name,
            "timezone": zone,
            "synthetic": True,
            "sources": CITE,
        }
    yield {
        "type": "actor",
        "key": "actor/scale-agency",
        "kind": "agency",
        "name": "Synthetic Detention Agency",
        "country": "US",
        "synthetic": True,
        "sources": CITE,
    }
    biggest = 40_000 if shape.persons >= 100_000 else max(100, shape.persons // 4)
    for i in range(shape.facilities):
        yield {
            "type": "facility",
            "key": f"facility/f{i:05d}",
            "name": f"Synthetic Facility {i}",
            "kind": _KINDS[i % len(_KINDS)],
            "country": _COUNTRIES[i % len(_COUNTRIES)],
            "capacity": max(10, biggest // (i + 1)),
            "synthetic": True,
            "sources": CITE,
        }
    cum = _zipf_cumulative(shape.facilities)
    every = max(1, shape.persons // shape.cases)
    for i in range(shape.persons):
        pid = f"p{i:08d}"
        person = f"person/{pid}"
        yield {"type": "person", "key": person, **_name(rng), "synthetic": True, "sources": CITE}
        yield from _events(rng, person, pid, cum)
        if i % every == 0 and i // every < shape.cases:
            yield from _case(rng, i // every, person, shape)


def _case(rng: random.Random, c: int, person: str, shape: Shape) -> Iterator[dict[str, Any]]:
    """A habeas case about `person`: its docket entries and, for some cases, an order with
    one obligation (a return by a deadline, or a declaration the docket may show filed)."""
    court_id, _, zone = _COURTS[c % (len(_COURTS) - 1)]
    case = f"case/c{c:07d}"
    filed = START + timedelta(days=rng.randrange(500))
    yield {
        "type": "case",
        "key": case,
        "court": f"court/{court_id}",
        "docket_number": f"1:25-cv-{c:07d}",
        "caption": f"Petitioner {c} v. Synthetic Warden",
        "nature": "habeas",
        "filed": filed.isoformat(),
        "persons_concerned": [person],
        "synthetic": True,
        "sources": CITE,
    }
    step = max(1, shape.cases // shape.orders)
    ordered = c % step == 0 and c // step < shape.orders
    obligation = f"obligation/c{c:07d}-1"
    for d in range(shape.docket_entries_per_case):
        entry: dict[str, Any] = {
            "type": "docket_entry",
            "key": f"docket_entry/c{c:07d}-{d:03d}",
            "case": case,
            "number": d + 1,
            "filed": (filed + timedelta(days=3 * d)).isoformat(),
            "text": "Petition for writ of habeas corpus" if d == 0 else f"Filing number {d + 1}",
        }
        if ordered and d == 5 and c % 3 == 0:
            entry["fulfils"] = [obligation]
            entry["text"] = "Declaration of respondents as ordered"
        entry.update(synthetic=True, sources=CITE)
        yield entry
    if not ordered:
        return
    issued = filed + timedelta(days=10)
    order = f"order/c{c:07d}-1"
    yield {
        "type": "order",
        "key": order,
        "case": case,
        "title": "Order",
        "issued": issued.isoformat(),
        "text": "Respondents shall act as directed.",
        "docket_entry": f"docket_entry/c{c:07d}-003",
        "synthetic": True,
        "sources": CITE,
    }
    due = f"{(issued + timedelta(days=7)).isoformat()}T17:00[{zone}]"
    ob: dict[str, Any] = {
        "type": "obligation",
        "key": obligation,
        "order": order,
        "obligor_text": "Respondents",
        "text": "Act by the deadline.",
        "deadline": {"kind": "explicit", "at": due},
    }
    if c % 2:
        ob.update(action="return", about=[person], destination="US")
    else:
        ob.update(action="file_declaration", about=[person])
    ob.update(synthetic=True, sources=CITE)
    yield ob


def write_bundle(path: Path, scale: float, seed: int = 42) -> Counts:
    """Write the bundle at `scale` to `path`, one line at a time; what it holds."""
    counts: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as f:
        header = {
            "type": "bundle",
            "format": "habeas-bundle",
            "version": 1,
            "title": f"scale benchmark {scale} seed {seed} (synthetic)",
        }
        f.write(json.dumps(header) + "\n")
        for rec in records(scale, seed):
            counts[rec["type"]] = counts.get(rec["type"], 0) + 1
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return Counts(counts, path.stat().st_size)
