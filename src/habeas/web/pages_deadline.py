"""The deadline calculator (FRCP 6(a), FRAP 26(a), Sup. Ct. R. 30.1), with every step."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.domain.deadlines import DeadlineError
from habeas.services.deadlines import SERVICE_METHODS, calculate_deadline
from habeas.web.common import require, web_errors
from habeas.web.render import page

__all__ = ["router"]

router = APIRouter()


@router.get("/deadline", name="deadline")
@router.get("/deadline.json", include_in_schema=False)
@web_errors
def deadline_page(
    request: Request,
    court: str = "",
    trigger: str = "",
    days: str = "",
    hours: str = "",
    before: str = "",
    service: str = "",
    inaccessible: str = "",
    lower_court: str = "",
) -> Response:
    """Compute a deadline from the query (a GET form) and explain it step by step."""
    require(request, "read")
    as_json = request.url.path.endswith(".json")
    form = {
        "court": court,
        "trigger": trigger,
        "days": days,
        "hours": hours,
        "before": before,
        "service": service,
        "inaccessible": inaccessible,
        "lower_court": lower_court,
    }
    data: dict[str, Any] = {
        "form": form,
        "services": list(SERVICE_METHODS),
        "result": None,
        "error": None,
    }
    if court and trigger:
        try:
            result = calculate_deadline(
                court,
                trigger,
                int(days) if days.strip() else None,
                int(hours) if hours.strip() else None,
                bool(before),
                service or None,
                [d for d in inaccessible.replace(",", " ").split() if d],
                lower_court=lower_court or None,
            )
            data["result"] = result.to_json()
        except (DeadlineError, ValueError) as e:
            data["error"] = str(e)
    status = 422 if data["error"] else 200
    return page(request, "deadline.html", data, as_json=as_json, status=status)
