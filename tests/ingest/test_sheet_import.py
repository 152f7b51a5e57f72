"""Importing spreadsheets: every bad row reported by row and column, nothing written on
error, --skip-bad with a report, encodings stated or refused, re-import idempotent."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from habeas.domain.access import LOCAL_OPERATOR
from habeas.ingest.sheet_mapping import SheetError, load_mapping, parse_mapping
from habeas.ledger.entry import Entry
from habeas.services.importing import import_bundle
from habeas.services.sheet_import import SheetInvalid, import_sheet, preview
from habeas.storage import queries
from habeas.storage.log_queries import entry_of
from habeas.storage.store import Store
from tests.conftest import SRC, cite, write_bundle
from tests.ingest.conftest import HEADER, ROWS, write_csv

DOCS_EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def size(store: Store) -> int:
    with store.read() as conn:
        return int(queries.head_row(conn).size)


def entry(store: Store, key: str) -> Entry:
    with store.read() as conn:
        entries = queries.history(conn, key)
    return entry_of(entries[-1])


def body(store: Store, key: str) -> dict[str, object]:
    record = entry(store, key).record
    assert isinstance(record, dict)
    return record


def problems(store: Store, path: Path, mapping_file: Path, **kw: str) -> list[str]:
    with pytest.raises(SheetInvalid) as info:
        import_sheet(store, path, load_mapping(mapping_file), principal=LOCAL_OPERATOR, **kw)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def test_a_utf8_csv_imports_one_record_per_row(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", ROWS)
    done = import_sheet(sourced, path, load_mapping(mapping_file), principal=LOCAL_OPERATOR)
    assert (done.rows, done.result.asserted, done.rejected) == (2, 2, {})
    ana = body(sourced, "person/manifest-a-001")
    assert ana["full_name"] == "Ana María Pérez Gómez"
    assert ana["aliases"] == ["Ana Perez", "Ana M. Pérez"]
    assert ana["nationality"] == ["SV"]
    assert ana["synthetic"] is True
    assert ana["sources"] == cite()


def test_a_utf8_csv_with_a_byte_order_mark_reads_its_first_column(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", ROWS, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    done = import_sheet(sourced, path, load_mapping(mapping_file), principal=LOCAL_OPERATOR)
    assert done.result.asserted == 2
    assert body(sourced, "person/manifest-a-002")["full_name"] == "José Luis Martínez"


def test_latin1_is_refused_unless_stated(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", ROWS, encoding="latin-1")
    before = size(sourced)
    with pytest.raises(SheetError, match=r"not UTF-8.*--encoding latin-1"):
        import_sheet(sourced, path, load_mapping(mapping_file), principal=LOCAL_OPERATOR)
    assert size(sourced) == before
    done = import_sheet(
        sourced, path, load_mapping(mapping_file), encoding="latin-1", principal=LOCAL_OPERATOR
    )
    assert done.result.asserted == 2
    assert body(sourced, "person/manifest-a-001")["full_name"] == "Ana María Pérez Gómez"


def test_the_mapping_can_state_the_encoding(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", ROWS, encoding="latin-1")
    mapping_file.write_text(
        'encoding = "latin-1"\n' + mapping_file.read_text(encoding="utf-8"), encoding="utf-8"
    )
    done = import_sheet(sourced, path, load_mapping(mapping_file), principal=LOCAL_OPERATOR)
    assert done.result.asserted == 2
    assert body(sourced, "person/manifest-a-002")["full_name"] == "José Luis Martínez"


def test_an_xlsx_sheet_imports_with_dates_and_numbers(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    wb = Workbook()
    wb.active.title = "Notes"
    wb.active.append(["not the data"])
    ws = wb.create_sheet("Manifest")
    ws.append(["Flight 000 (synthetic)"])
    ws.append(HEADER)
    ws.append([1, "Ana María Pérez Gómez", dt.datetime(1990, 5, 4), "SV", None])
    ws.append([2.0, "José Luis Martínez", 1985, "HN", "Jose Martinez"])
    ws.append([None, None, None, None, None])  # blank rows are left out
    path = tmp_path / "m.xlsx"
    wb.save(path)
    text = mapping_file.read_text(encoding="utf-8")
    mapping_file.write_text('sheet = "Manifest"\nheader_row = 2\n' + text, encoding="utf-8")
    done = import_sheet(sourced, path, load_mapping(mapping_file), principal=LOCAL_OPERATOR)
    assert (done.rows, done.result.asserted) == (2, 2)
    assert body(sourced, "person/manifest-1")["date_of_birth"] == "1990-05-04"
    assert body(sourced, "person/manifest-2")["date_of_birth"] == "1985"


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    rows = [
        *ROWS,
        ["A-003", "Carlos Ruiz", "1990-02-30", "SV", ""],
        ["A-004", "", "1990", "Salvador", ""],
        ["", "No Key", "1990", "SV", ""],
        ["A-001", "Ana Again", "1990", "SV", ""],
    ]
    path = write_csv(tmp_path / "m.csv", rows)
    before = size(sourced)
    found = problems(sourced, path, mapping_file)
    assert found == [
        f"{path}:4:Date of birth: '1990-02-30' is not a real date: day is out of range for month",
        f"{path}:5:Nationality: String should match pattern '^[A-Z]{{2}}$'",
        f"{path}:5:Passenger name: Field required",
        f"{path}:6:Row ID: empty, but the key is made from this column",
        f"{path}:7:Row ID: duplicate key 'person/manifest-a-001' (first on row 2)",
    ]
    assert size(sourced) == before


def test_references_are_checked_against_the_file_and_the_ledger(
    sourced: Store, tmp_path: Path
) -> None:
    person = {"type": "person", "key": "person/ana", "full_name": "Ana", "sources": cite()}
    import_bundle(sourced, write_bundle(tmp_path / "p.jsonl", [person]), principal=LOCAL_OPERATOR)
    (tmp_path / "events.toml").write_text(
        'type = "custody_event"\nkey = "ev/{Person}-{Date}"\n'
        '[columns]\nperson = "Person"\nat = "Date"\nkind = "Event"\n"place.name" = "Where"\n'
        f'[constants]\nsynthetic = true\nsources = [{{source = "{SRC}"}}]\n',
        encoding="utf-8",
    )
    path = tmp_path / "events.csv"
    path.write_text(
        "Person,Date,Event,Where\n"
        "person/ana,2025-03-01,apprehended,Springfield\n"
        "person/nobody,2025-03-02,apprehended,Springfield\n"
        "person/ana,2025-03-03,admitted,\n",
        encoding="utf-8",
    )
    found = problems(sourced, path, tmp_path / "events.toml")
    assert found == [
        f"{path}:3:Person: dangling key 'person/nobody': not in this file or the ledger",
        f"{path}:4:facility: a person admitted must be admitted somewhere",
    ]


def test_skip_bad_writes_the_good_rows_and_reports_the_others(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    rows = [*ROWS, ["A-003", "Carlos", "1990-02-30", "SV", "C; R"]]
    path = write_csv(tmp_path / "m.csv", rows)
    report = tmp_path / "rejected.csv"
    done = import_sheet(
        sourced,
        path,
        load_mapping(mapping_file),
        skip_bad=True,
        report_path=report,
        principal=LOCAL_OPERATOR,
    )
    assert (done.rows, done.result.asserted, sorted(done.rejected)) == (3, 2, [4])
    with report.open(encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0] == ["row", "problems", *HEADER]
    assert lines[1] == [
        "4",
        "Date of birth: '1990-02-30' is not a real date: day is out of range for month",
        *rows[2],
    ]
    assert len(lines) == 2


def test_reimport_changes_nothing_and_an_edited_row_becomes_a_correction(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", ROWS)
    mapping = load_mapping(mapping_file)
    import_sheet(sourced, path, mapping, principal=LOCAL_OPERATOR)
    before = size(sourced)
    again = import_sheet(sourced, path, mapping, principal=LOCAL_OPERATOR)
    assert (again.result.asserted, again.result.unchanged) == (0, 2)
    assert size(sourced) == before
    edited = [ROWS[0], [*ROWS[1][:3], "GT", ""]]
    result = import_sheet(
        sourced, write_csv(tmp_path / "m2.csv", edited), mapping, principal=LOCAL_OPERATOR
    ).result
    assert (result.corrected, result.unchanged) == (1, 1)
    assert "changed: nationality" in str(entry(sourced, "person/manifest-a-002").reason)


def test_preview_shows_records_as_they_would_be_written(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", [*ROWS, ["A-003", "", "", "", ""]])
    shown = preview(sourced, path, load_mapping(mapping_file), limit=5)
    assert [r["key"] for r in shown.records] == ["person/manifest-a-001", "person/manifest-a-002"]
    assert shown.status == ["new", "new"]
    assert [str(p) for p in shown.problems] == [f"{path}:4:Passenger name: Field required"]
    assert shown.to_json()["records"][0]["row"] == 2
    assert size(sourced) == 1  # only the source: nothing written


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "spaceship"}, "'spaceship' is not a record type"),
        ({"columns": {"full_name": "N", "shoe_size": "S"}}, "unknown field 'shoe_size'"),
        ({"columns": {"full_name": "N", "place": "P"}}, "unknown field 'place'"),
        ({"columns": {"full_name": "N", "sources": "S"}}, "map the parts, e.g. 'sources.source'"),
        ({"columns": {"date_of_birth": "D"}}, "full_name: a person needs it"),
        ({"key": "person/fixed"}, "the template names no column"),
        ({"key": "Person/{A}"}, "cannot make a valid key"),
        ({"colums": {}}, "unknown setting 'colums'"),
        ({"constants": {"height": 2}}, "constants.height: unknown field of person"),
        ({"encoding": "klingon"}, "unknown encoding 'klingon'"),
    ],
)
def test_mapping_errors_are_named(change: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "type": "person",
        "key": "person/{A}",
        "columns": {"full_name": "N"},
        "constants": {"unsourced": True},
    }
    with pytest.raises(SheetError, match="x.toml: .*" + message.replace("(", r"\(")):
        parse_mapping({**base, **change}, "x.toml")


def test_an_unknown_column_is_named_with_a_suggestion(
    sourced: Store, tmp_path: Path, mapping_file: Path
) -> None:
    mapping_file.write_text(
        mapping_file.read_text(encoding="utf-8").replace('"Nationality"', '"Nationalty"'),
        encoding="utf-8",
    )
    path = write_csv(tmp_path / "m.csv", ROWS)
    with pytest.raises(
        SheetError, match=r"unknown column 'Nationalty' .did you mean 'Nationality'"
    ):
        import_sheet(sourced, path, load_mapping(mapping_file), principal=LOCAL_OPERATOR)


def test_the_documented_example_imports(store: Store) -> None:
    import_bundle(store, DOCS_EXAMPLES / "manifest-source.jsonl", principal=LOCAL_OPERATOR)
    mapping = load_mapping(DOCS_EXAMPLES / "manifest.toml")
    done = import_sheet(store, DOCS_EXAMPLES / "manifest.csv", mapping, principal=LOCAL_OPERATOR)
    assert (done.rows, done.result.asserted, done.rejected) == (3, 3, {})
    assert body(store, "person/manifest-a-003")["synthetic"] is True
