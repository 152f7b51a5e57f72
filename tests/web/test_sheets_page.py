"""The spreadsheet page: upload a CSV (or XLSX) with a mapping file, or map its columns in
the page; the preview shows the first records and every problem as FILE:ROW:COLUMN without
writing anything; Import writes all the rows, or nothing while a row is bad — unless "skip
bad rows" is ticked, and then the rejected rows are offered as a CSV. The mapping built in
the page is offered as the TOML the command line reads."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from habeas.ingest.sheet_mapping import parse_mapping_text
from habeas.storage import queries
from habeas.web.sheet_form import build_mapping, guess_field, to_toml
from tests.web.conftest import csrf_of, sign_in
from tests.web.postgres_app import editor_client_on

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
MANIFEST = (EXAMPLES / "manifest.csv").read_bytes()
SOURCE = "source/press-reports-2025-03-march-15-flights"
MAPPING = (EXAMPLES / "manifest.toml").read_text("utf-8").replace("source/example-manifest", SOURCE)
BAD_SHEET = (
    b"Row ID,Passenger name,Surnames,Date of birth,Nationality,Other names,Seat\n"
    b"B-001,Synthetic Passenger One,One,1990-05-04,SV,,1A\n"
    b"B-002,Synthetic Passenger Two,Two,the fourth of May,SV,,1B\n"
)


def keys_of(app: FastAPI, prefix: str) -> list[str]:
    with app.state.store.read() as conn:
        return sorted(
            r.key for r in queries.records_of_type(conn, "person") if r.key.startswith(prefix)
        )


def log_size(app: FastAPI) -> int:
    with app.state.store.read() as conn:
        return int(queries.head_row(conn).size)


def upload(
    client: TestClient, sheet: bytes, name: str = "manifest.csv", mapping: str | None = None
) -> Any:
    csrf = csrf_of(client.get("/import/sheet").text)
    files: dict[str, Any] = {"sheet": (name, sheet, "text/csv")}
    if mapping is not None:
        files["mapping"] = ("manifest.toml", mapping.encode(), "application/toml")
    return client.post("/import/sheet", data={"csrf_token": csrf, "encoding": "auto"}, files=files)


def hidden(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert m, f"no {name} in the page"
    return m.group(1)


def mapping_of(html: str) -> str:
    m = re.search(
        r'<textarea id="mapping_toml" name="mapping_toml"[^>]*>(.*?)</textarea>', html, re.S
    )
    assert m, "no mapping in the page"
    import html as h

    return h.unescape(m.group(1))


def import_form(page: str, skip_bad: bool = False) -> dict[str, str]:
    form = {
        "csrf_token": csrf_of(page),
        "upload_id": hidden(page, "upload_id"),
        "name": hidden(page, "name"),
        "encoding": "auto",
        "mapping_toml": mapping_of(page),
    }
    if skip_bad:
        form["skip_bad"] = "1"
    return form


def test_a_sheet_with_its_mapping_file_is_previewed_and_nothing_is_written(
    client: TestClient, app: FastAPI
) -> None:
    before = log_size(app)
    r = upload(client, MANIFEST, mapping=MAPPING)
    assert r.status_code == 200, r.text
    assert 'data-testid="records"' in r.text
    assert "person/manifest-a-001" in r.text and "Ana María Pérez Gómez" in r.text
    assert "No problems" in r.text
    assert log_size(app) == before


def test_import_writes_every_row_citing_the_source(client: TestClient, app: FastAPI) -> None:
    page = upload(client, MANIFEST, mapping=MAPPING).text
    r = client.post("/import/sheet/import", data=import_form(page))
    assert r.status_code == 200, r.text
    assert 'data-testid="done"' in r.text
    assert keys_of(app, "person/manifest-") == [
        "person/manifest-a-001",
        "person/manifest-a-002",
        "person/manifest-a-003",
    ]
    with app.state.store.read() as conn:
        body = json.loads(
            queries.get_records(conn, ["person/manifest-a-001"])["person/manifest-a-001"].body
        )
    assert body["synthetic"] is True
    assert body["sources"] == [{"source": SOURCE, "locator": "passenger list"}]


def test_columns_mapped_in_the_page_give_a_mapping_to_download(
    client: TestClient, app: FastAPI
) -> None:
    r = upload(client, MANIFEST)
    assert r.status_code == 200, r.text
    assert 'data-testid="columns"' in r.text and ">Passenger name</label>" in r.text
    # the columns in file order: Row ID, Passenger name, Surnames, Date of birth, Nationality...
    form = {
        "csrf_token": csrf_of(r.text),
        "upload_id": hidden(r.text, "upload_id"),
        "name": "manifest.csv",
        "encoding": "auto",
        "header_row": "1",
        "type": "person",
        "key": "person/manifest-{Row ID}",
        "col_0": "",
        "col_1": "full_name",
        "col_2": "surnames",
        "col_3": "date_of_birth",
        "col_4": "nationality",
        "col_5": "aliases",
        "col_6": "",
        "synthetic": "1",
        "source": SOURCE,
        "locator": "passenger list",
        "action": "preview",
    }
    preview = client.post("/import/sheet/preview", data=form)
    assert preview.status_code == 200, preview.text
    assert "person/manifest-a-003" in preview.text
    built = client.get(f"/import/sheet/{form['upload_id']}/mapping.toml")
    assert built.status_code == 200
    assert "attachment" in built.headers["content-disposition"]
    mapping = tomllib.loads(built.text)
    assert mapping["columns"]["full_name"] == "Passenger name"
    assert mapping["constants"] == {
        "synthetic": True,
        "sources": [{"source": SOURCE, "locator": "passenger list"}],
    }
    assert keys_of(app, "person/manifest-") == []


def test_a_sheet_is_not_flagged_synthetic_unless_someone_says_so(client: TestClient) -> None:
    r = upload(client, MANIFEST)
    assert r.status_code == 200, r.text
    box = re.search(r'<input id="synthetic"[^>]*>', r.text)
    assert box is not None and "checked" not in box.group(0), "a real list is never made-up"


def test_changing_the_type_lists_that_types_fields(client: TestClient) -> None:
    r = upload(client, MANIFEST)
    form = {
        "csrf_token": csrf_of(r.text),
        "upload_id": hidden(r.text, "upload_id"),
        "name": "manifest.csv",
        "type": "facility",
        "key": "person/manifest-{Row ID}",
        "action": "retype",
    }
    retyped = client.post("/import/sheet/preview", data=form)
    assert retyped.status_code == 200
    assert '<option value="capacity"' in retyped.text
    assert '<option value="surnames"' not in retyped.text
    assert 'value="facility/manifest-{Row ID}"' in retyped.text


def test_a_bad_row_is_named_by_file_row_and_column_and_nothing_is_written(
    client: TestClient, app: FastAPI
) -> None:
    mapping = MAPPING.replace("manifest-{Row ID}", "flight-test-{Row ID}")
    page = upload(client, BAD_SHEET, name="flight.csv", mapping=mapping)
    assert page.status_code == 422
    assert "flight.csv:3:Date of birth:" in page.text
    before = log_size(app)
    r = client.post("/import/sheet/import", data=import_form(page.text))
    assert r.status_code == 422
    assert "flight.csv:3:Date of birth:" in r.text
    assert log_size(app) == before
    assert keys_of(app, "person/flight-test-") == []


def test_skipping_bad_rows_writes_the_good_ones_and_offers_the_rejected(
    client: TestClient, app: FastAPI
) -> None:
    mapping = MAPPING.replace("manifest-{Row ID}", "flight-test-{Row ID}")
    page = upload(client, BAD_SHEET, name="flight.csv", mapping=mapping).text
    r = client.post("/import/sheet/import", data=import_form(page, skip_bad=True))
    assert r.status_code == 200, r.text
    assert keys_of(app, "person/flight-test-") == ["person/flight-test-b-001"]
    link = re.search(r'href="(/import/sheet/[^"]+/rejected\.csv)"', r.text)
    assert link, r.text
    report = client.get(link.group(1))
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.text)))
    assert rows[0][:3] == ["row", "problems", "Row ID"]
    assert [row[0] for row in rows[1:]] == ["3"]
    assert "Date of birth" in rows[1][1]


def test_a_bad_mapping_is_explained_and_can_be_edited(client: TestClient) -> None:
    page = upload(client, MANIFEST, mapping=MAPPING.replace("full_name", "fullname"))
    assert page.status_code == 422
    assert "fullname" in page.text and 'data-testid="error"' in page.text
    form = import_form(page.text)
    form["mapping_toml"] = MAPPING
    again = client.post("/import/sheet/preview", data=form)
    assert again.status_code == 200 and "No problems" in again.text


def test_a_file_that_is_no_spreadsheet_is_refused(client: TestClient) -> None:
    r = upload(client, b"hello", name="notes.pdf")
    assert r.status_code == 422 and "notes.pdf is not a spreadsheet" in r.text


def test_a_latin_1_file_is_read_when_stated(client: TestClient) -> None:
    latin = MANIFEST.decode("utf-8").encode("latin-1")
    auto = upload(client, latin)
    assert auto.status_code == 422 and "not UTF-8" in auto.text
    csrf = csrf_of(client.get("/import/sheet").text)
    stated = client.post(
        "/import/sheet",
        data={"csrf_token": csrf, "encoding": "latin-1"},
        files={
            "sheet": ("manifest.csv", latin, "text/csv"),
            "mapping": ("m.toml", MAPPING.encode()),
        },
    )
    assert stated.status_code == 200, stated.text
    assert "Ana María Pérez Gómez" in stated.text


def test_upload_ids_are_checked(client: TestClient) -> None:
    assert client.get("/import/sheet/..%2F..%2Fetc/mapping.toml").status_code in (403, 404)
    assert client.get("/import/sheet/short/rejected.csv").status_code == 403


def test_viewers_are_refused(app: FastAPI, anon: TestClient) -> None:
    r = anon.get("/import/sheet", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    sign_in(anon, "vera")
    assert anon.get("/import/sheet").status_code == 403


# -- the mapping the form builds ----------------------------------------------------------------


def test_the_built_mapping_is_the_toml_the_command_line_reads() -> None:
    columns = ["Row ID", "Passenger name", "Other names"]
    form = {
        "type": "person",
        "key": "person/x-{Row ID}",
        "col_1": "full_name",
        "col_2": "aliases",
        "synthetic": "1",
        "source": SOURCE,
        "constants": 'nationality = ["SV"]\nnote = "a \\"quoted\\" note"',
        "encoding": "latin-1",
    }
    built = build_mapping(form, columns)
    assert built.problems == []
    mapping = parse_mapping_text(built.toml)
    assert mapping.encoding == "latin-1"
    assert {c.field: c.column for c in mapping.columns} == {
        "full_name": "Passenger name",
        "aliases": "Other names",
    }
    assert mapping.constants["note"] == 'a "quoted" note'


def test_a_field_filled_from_two_columns_is_a_problem() -> None:
    built = build_mapping(
        {"type": "person", "key": "person/{A}", "col_0": "full_name", "col_1": "full_name"},
        ["A", "B"],
    )
    assert built.problems and built.problems[0][0] == "col_1"


def test_toml_round_trips_awkward_names_and_values() -> None:
    data = {"type": "person", "columns": {"place.name": "Ciudad “natal”\n"}, "constants": {"n": 3}}
    assert tomllib.loads(to_toml(data)) == data


def test_a_column_named_like_a_field_is_preselected() -> None:
    assert guess_field("Full name", ["full_name", "surnames"]) == "full_name"
    assert guess_field("Seat", ["full_name"]) == ""


@pytest.mark.postgres
def test_preview_and_import_on_postgresql(pg_url: str) -> None:
    with editor_client_on(pg_url) as pg:
        app = pg.app
        assert isinstance(app, FastAPI)
        page = upload(pg, MANIFEST, mapping=MAPPING)
        assert page.status_code == 200 and "person/manifest-a-002" in page.text
        assert keys_of(app, "person/manifest-") == []
        r = pg.post("/import/sheet/import", data=import_form(page.text))
        assert r.status_code == 200, r.text
        assert len(keys_of(app, "person/manifest-")) == 3
