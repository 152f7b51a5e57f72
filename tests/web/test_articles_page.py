"""`/import/article`: editors upload or paste an article and see the drafts it queued."""

from __future__ import annotations

import warnings
from pathlib import Path

from tests.web.conftest import csrf_of, sign_in

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def test_an_editor_uploads_an_article_and_sees_its_drafts_linked_to_review(
    client: TestClient,
) -> None:
    form = client.get("/import/article")
    assert form.status_code == 200
    assert "Import a news article" in form.text
    path = ARTICLES / "02-appeals-court-and-stay.html"
    r = client.post(
        "/import/article",
        data={"csrf_token": csrf_of(form.text), "url": "https://example.org/a/2", "published": ""},
        files={"article": (path.name, path.read_bytes(), "text/html")},
    )
    assert r.status_code == 200, r.text
    assert "Appeals court refuses to pause order" in r.text
    assert "Wire Service Example" in r.text
    assert "https://example.org/a/2" in r.text
    assert 'href="/review/1"' in r.text
    assert "Chief Justice John Roberts then entered an administrative stay" in r.text
    assert "actor/john-g-roberts-jr" in r.text
    review = client.get("/review/1")
    assert review.status_code == 200


def test_pasted_text_is_read_like_a_text_file_and_shown_in_spanish(client: TestClient) -> None:
    form = client.get("/import/article")
    text = (ARTICLES / "08-synthetic-released.txt").read_text(encoding="utf-8")
    r = client.post(
        "/import/article?lang=es",
        data={"csrf_token": csrf_of(form.text), "text": text, "published": "2026-02-20"},
        headers={"Accept-Language": "es"},
    )
    assert r.status_code == 200, r.text
    assert "Borradores en cola" in r.text
    assert "Person: Maria Ficticia Ejemplar" in r.text


def test_bad_input_is_refused_plainly_and_nothing_is_queued(client: TestClient) -> None:
    form = client.get("/import/article")
    token = csrf_of(form.text)
    r = client.post("/import/article", data={"csrf_token": token, "text": ""})
    assert r.status_code == 422
    assert "Choose a file or paste the article" in r.text
    r = client.post(
        "/import/article",
        data={"csrf_token": token, "text": "A title\n\nSome words but no date at all here."},
    )
    assert r.status_code == 422
    assert "states no publication date" in r.text
    assert client.get("/review/1").status_code == 404


def test_the_page_is_for_editors_and_checks_csrf(app: object, client: TestClient) -> None:
    r = client.post("/import/article", data={"csrf_token": "forged", "text": "T\n\nx y z w v"})
    assert r.status_code == 403
    with TestClient(app) as viewer:  # type: ignore[arg-type]
        sign_in(viewer, "vera")
        assert viewer.get("/import/article").status_code == 403
    with TestClient(app) as anon:  # type: ignore[arg-type]
        r = anon.get("/import/article", follow_redirects=False)
        assert r.status_code == 303
