"""Rendering a page, or its JSON twin, from the same data (STYLE habit 10).

Every page route builds one value from a service, then calls `page(...)`: with a path ending
in `.json` the client gets `data` as JSON; otherwise the template is rendered with the same
data and the request's language, principal and CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from habeas.web.i18n import LANG_COOKIE, LANGUAGES, Translator, choose_language, translator

__all__ = [
    "HTMX_SCRIPT",
    "env",
    "is_fragment_request",
    "json_suffix",
    "lang_of",
    "page",
    "record_url",
    "t_of",
]

# The vendored htmx (static/vendor/README.md says where it came from and why).
HTMX_SCRIPT = "vendor/htmx-2.0.11.min.js"


def is_fragment_request(request: Request) -> bool:
    """True when htmx asks for part of a page (the `HX-Request` header): the route then
    renders the fragment template over the same data. A boosted request or a history
    restore wants the whole page."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-boosted") != "true"
        and headers.get("hx-history-restore-request") != "true"
    )


def record_url(key: str | None, suffix: str = "") -> str:
    """The page of a record: its key is its path (/person/x, /case/y), others under /record/."""
    if not key:
        return ""
    kind = key.split("/", 1)[0]
    if kind in ("person", "case", "facility", "transfer", "source"):
        return "/" + quote(key) + suffix
    return "/record/" + quote(key) + suffix


def json_suffix(slug: str) -> tuple[str, bool]:
    """('x', True) for 'x.json'; (slug, False) otherwise."""
    if slug.endswith(".json"):
        return slug[: -len(".json")], True
    return slug, False


def lang_of(request: Request) -> str:
    """The request's language (see habeas.web.i18n.choose_language)."""
    return choose_language(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def t_of(request: Request) -> Translator:
    """The request's translator."""
    return translator(lang_of(request))


def _url_with(request: Request, **changes: str) -> str:
    params = dict(request.query_params)
    params.update(changes)
    return request.url.path + ("?" + urlencode(params) if params else "")


_TWINS = (
    "/person/",
    "/case/",
    "/facility/",
    "/transfer/",
    "/source/",
    "/record/",
    "/public/person/",
)
_TWIN_PAGES = ("/", "/search", "/public", "/deadline")


def _has_twin(request: Request) -> bool:
    path = request.url.path
    return path in _TWIN_PAGES or path.startswith(_TWINS)


def _json_url(request: Request) -> str:
    path = "/index" if request.url.path == "/" else request.url.path
    query = str(request.url.query)
    return path + ".json" + (f"?{query}" if query else "")


@cache
def env() -> Environment:
    """The Jinja2 environment: templates from the package, autoescape on, strict names."""
    e = Environment(
        loader=PackageLoader("habeas.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    e.globals["record_url"] = record_url
    e.filters["date_of"] = date.fromisoformat
    e.globals["LANGUAGES"] = LANGUAGES
    e.globals["HTMX_SCRIPT"] = HTMX_SCRIPT
    return e


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    as_json: bool = False,
    status: int = 200,
    context: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    twin: bool | None = None,
) -> Response:
    """The HTML page `template` over `data`, or `data` itself as JSON."""
    if as_json:
        return JSONResponse(data, status_code=status, headers=headers)
    from habeas.web.auth import csrf_token, current_principal, public_view_enabled

    lang = lang_of(request)
    t = translator(lang)
    principal = current_principal(request)
    ctx: dict[str, Any] = {
        "request": request,
        "data": data,
        "t": t,
        "lang": lang,
        "principal": principal,
        "csrf": csrf_token(request),
        "public_enabled": public_view_enabled(request),
        "url_with": lambda **kw: _url_with(request, **kw),
        "json_url": _json_url(request)
        if (twin if twin is not None else _has_twin(request))
        else "",
        "svg": Markup,
    }
    ctx.update(context or {})
    html = env().get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status, headers=headers)
    response.headers.add_vary_header("HX-Request")  # a page and its fragment share a URL
    wanted = request.query_params.get("lang")
    if wanted and wanted in LANGUAGES and request.cookies.get(LANG_COOKIE) != wanted:
        response.set_cookie(LANG_COOKIE, wanted, max_age=365 * 86400, samesite="lax")
    return response


Handler = Callable[..., Any]
