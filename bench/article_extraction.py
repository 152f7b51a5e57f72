"""Precision and recall of article extraction, measured on the test articles.

Each article in `tests/fixtures/articles/` has beside it a gold file (`NAME.gold.json`) listing
what a careful reader extracts: mentions (people and officials, facilities, courts, places,
with the ledger key when the reference story has the record), dated events (orders with their
court, custody events), deadlines, and direct quotes with their speakers. This script imports
each article into a fresh copy of the reference story (so names are matched against a real
ledger) and compares what `habeas import article` proposes with the gold, per kind of fact.

    .venv/bin/python bench/article_extraction.py            # the table
    .venv/bin/python bench/article_extraction.py --json     # the numbers, for scripts
    .venv/bin/python bench/article_extraction.py --misses   # what was missed or wrong
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
KINDS = ("who", "facility", "court", "place", "event", "deadline", "quote")


def norm(text: str | None) -> str:
    """Lower case, accents and punctuation out, spaces single."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def _place(name: str) -> str:
    return norm(name.split(",")[0])


def gold_facts(gold: dict[str, Any]) -> Counter[tuple[str, ...]]:
    """The gold file's facts as comparable tuples (kind first)."""
    out: Counter[tuple[str, ...]] = Counter()
    for m in gold["mentions"]:
        kind = m["kind"]
        if kind == "court":
            out[("court", m["key"].removeprefix("court/"))] += 1
        elif kind == "place":
            out[("place", _place(m["name"]))] += 1
        else:
            group = "who" if kind in ("person", "actor") else kind
            out[(group, m.get("key") or norm(m["name"]))] += 1
    for e in gold["events"]:
        if e["kind"] == "order":
            out[("event", "order", e["date"], e.get("court") or "")] += 1
        else:
            out[("event", e["kind"], e["date"])] += 1
    for d in gold["deadlines"]:
        out[("deadline", d)] += 1
    for q in gold["quotes"]:
        out[
            (
                "quote",
                q["speaker"] if "/" in q["speaker"] else norm(q["speaker"]),
                norm(q["text"])[:40],
                q.get("said") or "",
            )
        ] += 1
    return out


def found_facts(report: Any, gold: dict[str, Any]) -> Counter[tuple[str, ...]]:
    """What the import proposed or matched, as the same tuples."""
    out: Counter[tuple[str, ...]] = Counter()
    matched = {m.key for m in report.matches if m.key}
    seen: set[tuple[str, ...]] = set()

    def add(fact: tuple[str, ...], once: bool = True) -> None:
        if once and fact in seen:
            return
        seen.add(fact)
        out[fact] += 1

    for m in report.matches:
        if m.key is None:
            continue
        if m.kind == "court":
            add(("court", m.key.removeprefix("court/")))
        else:
            add(("who" if m.kind in ("person", "actor") else m.kind, m.key))
    for place in report.places:
        add(("place", _place(place)))
    gold_said = {norm(q["text"])[:40]: q.get("said") for q in gold["quotes"]}
    for d in report.drafts:
        r = d.record
        if d.kind in ("person", "actor"):
            add(("who", norm(r.get("name") or r.get("full_name"))))
        elif d.kind == "facility":
            add(("facility", norm(r["name"])))
        elif d.kind == "court":
            add(("court", r["court_id"]))
        elif d.kind == "order":
            if r["issued"]:
                add(("event", "order", r["issued"], d.extra.get("court") or ""), once=False)
            for dl in d.extra.get("deadlines", []):
                add(("deadline", dl["value"]))
        elif d.kind == "event":
            add(("event", r["kind"], r["at"]), once=False)
        elif d.kind == "statement":
            speaker = r["speaker"] if r["speaker"] in matched else norm(d.extra.get("speaker_name"))
            text = norm(r["text"])[:40]
            said = r["said"] if gold_said.get(text) else ""
            add(("quote", speaker, text, said), once=False)
    return out


@dataclass
class Score:
    """True positives, false positives and false negatives of one kind of fact."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def measure(db_url: str | None = None, held_out: bool | None = None) -> dict[str, Score]:
    """Import every test article into a fresh reference-story ledger; score per kind.
    `held_out`: True for only the articles written after the rules were (h*.gold.json),
    False for only the others, None for all."""
    from habeas.services.article_import import import_article
    from habeas.services.database import load_demo
    from habeas.storage.store import Store

    scores = {k: Score() for k in (*KINDS, "overall")}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(db_url or f"sqlite:///{tmp}/bench.db")
        try:
            load_demo(store)
            for gold_path in sorted(FIXTURES.glob("*.gold.json")):
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                if held_out is not None and bool(gold.get("held_out")) != held_out:
                    continue
                report = import_article(store, FIXTURES / gold["article"], principal=LOCAL_OPERATOR)
                want, got = gold_facts(gold), found_facts(report, gold)
                for fact in set(want) | set(got):
                    tp = min(want[fact], got[fact])
                    fp, fn = got[fact] - tp, want[fact] - tp
                    for kind in (fact[0], "overall"):
                        s = scores[kind]
                        s.tp, s.fp, s.fn = s.tp + tp, s.fp + fp, s.fn + fn
                    if fp:
                        scores[fact[0]].misses.append(f"{gold['article']}: extra {fact}")
                    if fn:
                        scores[fact[0]].misses.append(f"{gold['article']}: missed {fact}")
        finally:
            store.close()
    return scores


def table(scores: dict[str, Score]) -> str:
    """A Markdown table of the scores."""
    lines = [
        "| facts | gold | found | correct | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, s in scores.items():
        lines.append(
            f"| {kind} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} | "
            f"{s.precision:.2f} | {s.recall:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--misses", action="store_true", help="list what was missed or extra")
    parser.add_argument("--db", help="a database URL to use instead of a temporary SQLite file")
    parser.add_argument(
        "--set",
        choices=("all", "tuned", "held-out"),
        default="all",
        help="all articles, those the rules were written against, or those written after",
    )
    args = parser.parse_args(argv)
    scores = measure(args.db, {"all": None, "tuned": False, "held-out": True}[args.set])
    if args.json:
        print(
            json.dumps(
                {
                    k: {
                        "precision": round(s.precision, 3),
                        "recall": round(s.recall, 3),
                        "tp": s.tp,
                        "fp": s.fp,
                        "fn": s.fn,
                    }
                    for k, s in scores.items()
                },
                indent=2,
            )
        )
    else:
        print(table(scores))
    if args.misses:
        for kind, s in scores.items():
            for miss in s.misses:
                print(f"{kind}: {miss}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
