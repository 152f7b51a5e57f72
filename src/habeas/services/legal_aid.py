"""Where a family can turn for legal help: pointers an operator configures in a TOML file
(HABEAS_LEGAL_AID), shown on the public look-up in both languages. None by default.

    [[organisation]]
    name = "Example Legal Aid"
    url = "https://legal-aid.example.org"
    phone = "+1 555 0100"
    email = "help@legal-aid.example.org"
    languages = ["en", "es"]
    about = { en = "Free advice for detained people's families.", es = "Asesoría gratuita…" }
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from habeas.domain.errors import HabeasError

__all__ = ["LegalAid", "load_legal_aid"]

LANGS = ("en", "es")


class LegalAid(BaseModel):
    """One organisation a family can turn to, with its public contact details."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    phone: str | None = Field(None, pattern=r"^\+?[0-9][0-9 ().\-]{4,30}$")
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    languages: list[str] = Field(
        default_factory=list, description="Languages it helps in: ISO 639-1 codes."
    )
    about: dict[str, str] = Field(
        default_factory=dict, description="What it offers, in English (en) and Spanish (es)."
    )

    @model_validator(mode="after")
    def _reachable(self) -> LegalAid:
        if not (self.url or self.phone or self.email):
            raise ValueError("give a url, a phone or an email")
        bad = [c for c in self.languages if len(c) != 2 or not c.isalpha() or not c.islower()]
        if bad:
            raise ValueError(f"languages: use two-letter codes like 'es', not {bad}")
        if set(self.about) - set(LANGS):
            raise ValueError(f"about: only {', '.join(LANGS)}")
        if self.about and set(self.about) != set(LANGS):
            raise ValueError("about: say it in both en and es")
        return self

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return self.model_dump(mode="json")


def load_legal_aid(path: str | None) -> tuple[LegalAid, ...]:
    """The pointers in the TOML file at `path` (None: none), or HabeasError saying what is
    wrong with it."""
    if not path:
        return ()
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as e:
        raise HabeasError(f"HABEAS_LEGAL_AID={path!r}: cannot read it ({e.strerror})") from e
    except tomllib.TOMLDecodeError as e:
        raise HabeasError(f"HABEAS_LEGAL_AID={path!r}: not TOML ({e})") from e
    extra = set(data) - {"organisation"}
    if extra:
        raise HabeasError(f"HABEAS_LEGAL_AID={path!r}: unknown tables {sorted(extra)}")
    out = []
    for i, entry in enumerate(data.get("organisation", []), 1):
        try:
            out.append(LegalAid.model_validate(entry))
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise HabeasError(
                f"HABEAS_LEGAL_AID={path!r}: organisation {i}: {where}: {first['msg']}"
            ) from e
    return tuple(out)
