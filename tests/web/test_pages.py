"""Every page renders, in English and Spanish, without JavaScript, from the same data as its
JSON twin."""

from __future__ import annotations

import pytest

from tests.web.conftest import TestClient

PAGES = [
    "/",
    "/?as_of=2025-04-12",
    "/person/kilmar-abrego-garcia",
    "/person/kilmar-abrego-garcia?as_of=2025-04-14",
    "/case/mdd-8-25-cv-00951",
    "/case/mdd-8-25-cv-00951?as_of=2025-04-08",
    "/case/scotus-24a949",
    "/case/dcd-1-25-cv-00766",
    "/case/dcd-1-25-cv-00766?as_of=2025-03-16",
    "/case/mdd-abrego-garcia-v-noem-habeas-2025-08-25",
    "/facility/cecot",
    "/facility/cecot?on=2025-04-14",
    "/transfer/globalx-6143-2025-03-15",
    "/source/mdd-8-25-cv-00951-order-2025-04-04",
    "/record/order/mdd-8-25-cv-00951-2025-04-04",
    "/record/actor/nayib-bukele",
    "/search?q=abrego",
    "/search?q=Kilmer+Abrego+Gracia",
    "/import",
    "/add",
    "/add/custody?person=person/kilmar-abrego-garcia",
    "/add/order?case=case/mdd-8-25-cv-00951",
    "/add/statement",
    "/correct?key=custody_event/abrego-garcia-returned-2025-06-06",
    "/deadline",
    "/deadline?court=mdd&trigger=2025-04-04&days=14",
    "/public",
    "/public?q=abrego",
    "/public/person/kilmar-abrego-garcia",
    "/login",
]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client: TestClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}lang={lang}")
    assert r.status_code == 200, r.text[:2000]
    assert r.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in r.text
