"""The errors of accounts and access: who is asking, what they may do, how often they may try.

They sit in the one exception tree drawn in `habeas.domain.errors`:

    HabeasError
    ├── NotAuthenticated   no valid session, token or password; or the public view is off
    ├── Forbidden          the principal's role may not do this
    └── RateLimited        too many failed sign-ins; `.retry_after` says how long to wait
"""

from __future__ import annotations

from habeas.domain.errors import HabeasError

__all__ = ["Forbidden", "NotAuthenticated", "RateLimited"]


class NotAuthenticated(HabeasError):
    """No valid session, token or password was presented (or the public view is off)."""


class Forbidden(HabeasError):
    """The principal's role may not do this."""


class RateLimited(HabeasError):
    """Too many failed sign-ins from this client; try again after `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
