"""`GET /api/v1/sources/{sha256}/copy` and the pages' `/copy/{sha256}`: a source's stored copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.registry import parse_record
from habeas.services.copies import attach_copy
from habeas.services.writer import write_changes
from habeas.storage import queries
from tests.api.conftest import Api

PDF = b"%PDF-1.4 a court order\n"
MEMO = b"a confidential memo"


def test_a_stored_copy_is_served_with_its_media_type(api: Api, tmp_path: Path) -> None:
    with api.store.read() as conn:
        key = queries.records_of_type(conn, "source")[0].key
    write_changes(
        api.store,
        [
            parse_record(
                {
                    "type": "source",
                    "key": "source/memo",
                    "kind": "other",
                    "title": "Memo",
                    "sensitivity": "confidential",
                }
            )
        ],
    )
    (tmp_path / "order.pdf").write_bytes(PDF)
    (tmp_path / "memo.txt").write_bytes(MEMO)
    sha = attach_copy(api.store, key, tmp_path / "order.pdf", principal=LOCAL_OPERATOR).sha256
    memo = attach_copy(
        api.store, "source/memo", tmp_path / "memo.txt", principal=LOCAL_OPERATOR
    ).sha256
    assert sha == hashlib.sha256(PDF).hexdigest()
    for role in (None, "viewer", "editor"):
        r = api.client(role).get(f"/api/v1/sources/{sha}/copy")
        assert r.status_code == 200, r.text
        assert r.content == PDF and r.headers["content-type"] == "application/pdf"
        assert r.headers["content-disposition"].startswith("attachment")
    assert api.client("viewer").get(f"/api/v1/sources/{memo}/copy").status_code == 404
    assert api.client().get(f"/api/v1/sources/{memo}/copy").status_code == 404
    r = api.client("editor").get(f"/api/v1/sources/{memo}/copy")
    assert r.status_code == 200 and r.content == MEMO
    assert api.client("viewer").get(f"/api/v1/sources/{'0' * 64}/copy").status_code == 404
    assert api.client("viewer").get("/api/v1/sources/not-a-hash/copy").status_code == 422
    page = api.client().get(f"/copy/{sha}")  # the pages' download link
    assert page.status_code == 200 and page.content == PDF, page.status_code
    assert api.client().get(f"/copy/{memo}").status_code == 404
