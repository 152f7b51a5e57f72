"""`/import/article`: an editor uploads an article (HTML or text) or pastes its text, with
its URL and publication date if known; the page shows what was read (title, publisher, date)
and the drafts queued, each linked to its review page. It calls `services.article_import`, as
`habeas import article` does; nothing but the Source is written until a draft is accepted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from habeas.domain.errors import InvalidRecord
from habeas.services.article_import import import_article
from habeas.web.auth import get_store, valid_csrf
from habeas.web.common import Forbidden, require, web_errors
from habeas.web.render import page, t_of

__all__ = ["MAX_ARTICLE", "router"]

router = APIRouter()

MAX_ARTICLE = 10 * 1024 * 1024  # an article page, not a dataset


def _data(**extra: Any) -> dict[str, Any]:
    return {
        "form": {"url": "", "published": "", "text": ""},
        "result": None,
        "error": None,
        **extra,
    }


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.get("/import/article", name="import_article")
@web_errors
def article_form(request: Request) -> Response:
    """The upload form."""
    require(request, "import")
    return page(request, "articles.html", _data())


@router.post("/import/article")
@web_errors
async def article_upload(request: Request) -> Response:
    """Read the upload (or the pasted text), keep it, record its Source, queue its drafts."""
    principal = require(request, "import")
    t = t_of(request)
    async with request.form() as form:
        if not valid_csrf(request, form.get("csrf_token")):
            raise Forbidden(t("error.csrf"))
        shown = {k: _field(form, k) for k in ("url", "published", "text")}
        upload = form.get("article")
        raw: bytes = b""
        name = "pasted.txt"
        if isinstance(upload, UploadFile) and upload.filename:
            raw = await upload.read(MAX_ARTICLE + 1)
            name = Path(upload.filename).name
        elif shown["text"]:
            raw = shown["text"].encode("utf-8")
        if not raw:
            data = _data(form=shown, error=t("articles.no_input"))
            return page(request, "articles.html", data, status=422)
        if len(raw) > MAX_ARTICLE:
            data = _data(form=shown, error=t("articles.too_big"))
            return page(request, "articles.html", data, status=413)
    try:
        report = import_article(
            get_store(request),
            raw,
            name,
            url=shown["url"] or None,
            published=shown["published"] or None,
            principal=principal,
        )
    except InvalidRecord as e:
        return page(request, "articles.html", _data(form=shown, error=str(e)), status=422)
    return page(request, "articles.html", _data(result=report.to_json()))
