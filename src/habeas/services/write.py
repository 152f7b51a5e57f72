"""The one door for writes: every form, API call, draft, retraction and importer comes here.

A write is a list of changes — records to assert or correct (`Put`), records to withdraw
(`Retract`) — made by a principal. `write` (a few changes) and `import_stream` (an importer's
records, batched) both open a `WriteSession`, which in ONE store transaction:

1. checks the principal's role (fail closed: a principal is required; the operator at the
   command line is the explicit `LOCAL_OPERATOR`);
2. locks the log head (`LedgerWriter`), so every check that follows sees the ledger as it
   is when the entries are appended — no other writer can slip in between;
3. applies the ONE conflict rule to each change:
   - `expect=NEW`: the key must not exist at write time (not even retracted), else
     `Conflict` — two writers creating the same new key: one wins, the other is told so,
     never a silent correction of the winner's record;
   - `expect=<version>` (If-Match): the record must be at that version, else `StaleVersion`;
   - `expect=UPDATE` (an importer's "update if changed"): assert when new, correct when
     changed (naming the changed fields), nothing when equal;
   - a retraction needs a reason; a source (the key of a current source record) is
     recorded with it when given — forms require one, the API and CLI take one optionally
     (their callers already name themselves in `recorded_by` and the reason is kept);
4. checks references (a record may only point at current records of allowed types, those
   of the same write included), appends and projects the entries, and at most ONE audit
   entry for the write;
   before the last append, checks every `merge` and `pair` record written against the merge
   rules (`habeas.domain.merge_rules`: no merge of a person into themself, no merge of one
   merged already, none into an absorbed person, none across conflicting identifiers
   without an override reason, an accepted pair only with its merge), on the ledger as the
   write leaves it: `MergeRefused`, naming the record, its field and where it was read;
5. commits — and only then runs the `after_commit` hooks (the one place later capabilities,
   such as a checkpoint after an import or a merge, hook in);
6. after an import (`kind="import"`, every importer's pipeline), matches each person it
   added against the ledger (`habeas.services.linking.link_imported`): linked, proposed for
   review, or left a person of their own. Once, here, for every importer.

Nothing is half-written: any error before the commit rolls the whole write back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final, Literal

from habeas.domain.access import Action, Principal, require
from habeas.domain.base import Record
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.domain.merge_rules import merge_problems, pair_problems
from habeas.domain.merges import PairRecord, PersonMerge, merge_key
from habeas.domain.people import Person
from habeas.domain.references import reference_problem
from habeas.domain.registry import canonical_record, parse_record
from habeas.ledger.entry import Entry
from habeas.services.audit import audit_event, author_for
from habeas.services.writer import AppendResult, LedgerWriter
from habeas.storage.store import BATCH, Store, WriteTx

__all__ = [
    "AFTER_COMMIT",
    "NEW",
    "UPDATE",
    "Change",
    "Committed",
    "Expect",
    "HookRegistry",
    "MergeRefused",
    "Put",
    "RecordProblems",
    "Retract",
    "StaleVersion",
    "WriteSession",
    "import_stream",
    "joining",
    "write",
    "writing",
]

NEW: Final = "new"
"""The key must not exist when the write lands."""
UPDATE: Final = "update"
"""An importer's mode: assert when new, correct when changed, nothing when equal."""

Expect = int | Literal["new", "update"]
"""What a change expects of its record: NEW, UPDATE, or the version it corrects."""


class RecordProblems(InvalidRecord):
    """A record breaks rules of its type; `.problems` lists every (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        field_name, message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(message + more, field=field_name)
        self.problems = problems


class MergeRefused(RecordProblems):
    """A `merge` or `pair` record breaks a merge rule (`habeas.domain.merge_rules`);
    `.key` names it and `.origin` where an import read it (e.g. "line 3")."""

    def __init__(self, key: str, problems: list[tuple[str, str]], origin: str | None) -> None:
        super().__init__([(f, f"{key}: {m}") for f, m in problems])
        self.key = key
        self.origin = origin

    @property
    def line(self) -> int:
        """The line (or row) number `origin` names ("line 3", "row 3"); 0 when none."""
        number = (self.origin or "").rpartition(" ")[2]
        return int(number) if number.isdigit() else 0


class StaleVersion(Conflict):
    """The version a correction or retraction names is no longer the current one."""

    def __init__(self, key: str, current: int, expected: int) -> None:
        super().__init__(
            f"{key} is at version {current}, not {expected}: reload it and apply your change again"
        )
        self.key = key
        self.current = current
        self.expected = expected


@dataclass(frozen=True)
class Put:
    """Assert or correct `record`. `origin` (e.g. "line 3") names where an import read it."""

    record: Record
    expect: Expect = NEW
    reason: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Retract:
    """Withdraw the record `key`, saying why (and, when given, citing the source `source`).

    `if_active`: an importer's mode — a record already withdrawn is left as it is.
    `origin` (e.g. "line 3") names where an import read it."""

    key: str
    reason: str
    source: str | None = None
    expect_version: int | None = None
    if_active: bool = False
    origin: str | None = None


Change = Put | Retract


@dataclass(frozen=True)
class Committed:
    """What an `after_commit` hook is told: who wrote, what kind of write, what it did."""

    principal: Principal
    author: str
    kind: str
    result: AppendResult
    keys: tuple[str, ...] = ()
    store: Store | None = None


Hook = Callable[[Committed], None]


class HookRegistry:
    """An ordered list of hooks; `register` returns the function that removes the hook."""

    def __init__(self) -> None:
        self._hooks: list[Hook] = []

    def register(self, hook: Hook) -> Callable[[], None]:
        """Run `hook` after every committed write, until the returned function is called."""
        self._hooks.append(hook)

        def remove() -> None:
            if hook in self._hooks:
                self._hooks.remove(hook)

        return remove

    def __iter__(self) -> Iterator[Hook]:
        return iter(list(self._hooks))

    def run(self, done: Committed) -> None:
        """Call every hook in the order registered (the write has committed already)."""
        for hook in self:
            hook(done)


AFTER_COMMIT = HookRegistry()
"""The hooks run after each committed write (a checkpoint after an import, a merge…)."""


def _changed_fields(old_body: str | None, new: dict[str, object]) -> list[str]:
    old = json.loads(old_body) if old_body else {}
    names = set(old) | set(new)
    return sorted(n for n in names if old.get(n) != new.get(n))


class WriteSession:
    """The changes of one write, inside its transaction (made by `writing`)."""

    def __init__(self, tx: WriteTx, principal: Principal, *, author: str) -> None:
        self.tx = tx
        self.principal = principal
        self.author = author
        tx.lock_head()  # every check below sees the ledger as the append will
        self._lw: LedgerWriter | None = None
        self._joined: list[AppendResult] = []
        self._written: dict[str, str] = {}
        self._new_people: list[str] = []
        self._audit: dict[str, Any] | None = None
        self._merge_writes: dict[str, str | None] = {}  # merge/pair key -> origin
        self._merged_before: dict[str, str | None] = {}  # merge key -> survivor before
        self._split_pairs: dict[str, str | None] = {}  # merge key withdrawn -> its pair
        self.result: AppendResult | None = None

    @property
    def _writer(self) -> LedgerWriter:
        # made when first needed, so a write joined inside this one (`joining`) appends
        # first and this one reads the head after it
        if self._lw is None:
            self._lw = LedgerWriter(self.tx, author=self.author)
        return self._lw

    def _join(self, done: WriteSession) -> None:
        """Take in the result of a write joined inside this one."""
        assert done.result is not None
        self._joined.append(done.result)
        self._written.update(done._written)
        self._new_people.extend(done._new_people)

    def _before_join(self) -> None:
        if self._lw is not None:
            if self._lw.first_position is not None:
                raise RuntimeError("a write can join another only before that one appends")
            self._lw = None  # its head would be stale once the joined write appends

    # -- what the ledger holds now (after the head lock) -------------------------------
    def current(self, key: str) -> Any | None:
        """The current version of `key` as this write sees it (None if there is none)."""
        return self._writer.current(key)

    def prefetch(self, keys: Iterable[str]) -> None:
        """Load the current versions of `keys` in a few queries before changing them."""
        self._writer.prefetch(keys)

    def check_references(self, record: Record) -> None:
        """Raise RecordProblems naming every reference of `record` that is not acceptable
        (records written earlier in this write count)."""
        refs = list(record.references())
        found = self.tx.existing_types([k for _p, k, _a in refs if k not in self._written])
        found.update({k: (t, "active") for k, t in self._written.items()})
        problems = [
            (path, message)
            for path, key, allowed in refs
            if (message := reference_problem(key, allowed, found.get(key)))
        ]
        if problems:
            raise RecordProblems(problems)

    # -- changes ------------------------------------------------------------------------
    def put(
        self,
        record: Record,
        *,
        expect: Expect = NEW,
        reason: str | None = None,
        check: bool = True,
        origin: str | None = None,
    ) -> Entry | None:
        """Assert or correct `record` under the conflict rule; None when nothing changed.

        `check=False` skips the reference check (an importer that checked its whole file);
        `origin` names where an importer read it, for the merge rules' errors."""
        known = self._writer.current(record.key)
        if expect == NEW:
            if known is not None:
                state = "retracted" if known.status == "retracted" else "current"
                raise Conflict(
                    f"{record.key} already exists ({state}, version {known.version}): "
                    "correct it instead, naming that version"
                )
        elif isinstance(expect, int):
            have = known.version if known is not None else 0
            if have != expect:
                raise StaleVersion(record.key, have, expect)
        if check:
            self.check_references(record)
        if record.TYPE == "merge" and record.key not in self._merged_before:
            self._merged_before[record.key] = _survivor_in(known)
        entry = self._writer.put(record, reason=reason)
        if entry is not None and record.TYPE in ("merge", "pair"):
            self._merge_writes[record.key] = origin  # checked as the write ends
        self._written[record.key] = record.TYPE
        if known is None and record.TYPE == "person":
            self._new_people.append(record.key)
        return entry

    def update(
        self, record: Record, *, reason: str | None = None, check: bool = False
    ) -> Entry | None:
        """An importer's "update if changed": `put(record, expect=UPDATE)`, by default
        without the reference check (the importer made the records it points at)."""
        return self.put(record, expect=UPDATE, reason=reason, check=check)

    def retract(
        self,
        key: str,
        reason: str,
        *,
        source: str | None = None,
        expect_version: int | None = None,
        if_active: bool = False,
        origin: str | None = None,
    ) -> Entry | None:
        """Withdraw `key` (see `Retract`); None when `if_active` and it is withdrawn already.
        Withdrawing a merge splits it: checked with the merge rules as the write ends."""
        if not reason or not reason.strip():
            raise InvalidRecord("a retraction needs a reason", field="reason")
        known = self._writer.current(key)
        if known is None:
            raise NotFound(f"no record with key {key!r}")
        if expect_version is not None and known.version != expect_version:
            raise StaleVersion(key, known.version, expect_version)
        if if_active and known.status == "retracted":
            self._writer.counts["unchanged"] += 1
            return None
        why = reason.strip()
        if source is not None:
            have = self._written.get(source)
            if have is None:
                found = self.tx.existing_types([source]).get(source)
                have = found[0] if found and found[1] == "active" else None
            if have != "source":
                raise InvalidRecord(f"no source with key {source!r}", field="source")
            why = f"{why} (source: {source})"
        if known.record_type == "merge" and key not in self._merged_before:
            self._merged_before[key] = _survivor_in(known)
            self._split_pairs[key] = json.loads(known.body or "{}").get("pair")
            self._merge_writes[key] = origin
        self._written.pop(key, None)
        return self._writer.retract(key, why)

    def apply(self, change: Change, *, check: bool = True, name: str | None = None) -> None:
        """Apply one change; an UPDATE correction names the fields it changes."""
        if isinstance(change, Retract):
            self.retract(
                change.key,
                change.reason,
                source=change.source,
                expect_version=change.expect_version,
                if_active=change.if_active,
                origin=change.origin,
            )
            return
        reason = change.reason
        if change.expect == UPDATE and reason is None and name is not None:
            known = self._writer.current(change.record.key)
            if known is not None:
                fields = _changed_fields(known.body, canonical_record(change.record))
                where = f" ({change.origin})" if change.origin else ""
                reason = f"re-imported from {name}{where}; changed: " + (
                    ", ".join(fields) or "restored"
                )
        self.put(
            change.record, expect=change.expect, reason=reason, check=check, origin=change.origin
        )

    def audit(self, action: str, **details: Any) -> None:
        """Say what this write did in its one audit entry (who and when are added)."""
        if self._audit is not None:
            raise RuntimeError("a write has one audit entry; it was given already")
        self._audit = audit_event(self.principal, action, **details)

    @property
    def counts(self) -> dict[str, int]:
        """Entries appended so far, by op (and 'unchanged')."""
        return dict(self._writer.counts)

    # -- the merge rules, over the ledger as this write leaves it -----------------------
    def _record(self, key: str, rtype: str) -> Record | None:
        known = self.current(key)
        if known is None or known.status != "active" or known.record_type != rtype:
            return None
        return parse_record(json.loads(known.body))

    def _survivor_of(self, key: str, *, before: bool) -> str | None:
        """The survivor the person `key` is merged into directly, as the ledger was just
        before this write (`before`) or as this write leaves it; None when not absorbed."""
        try:
            mkey = merge_key(key)
        except ValueError:  # a key too long to be absorbed
            return None
        if before and mkey in self._merged_before:
            return self._merged_before[mkey]
        return _survivor_in(self.current(mkey))

    def _root(self, key: str, *, before: bool) -> tuple[str, bool]:
        """The person `key` answers as (itself when not absorbed), following merges, and
        whether they went round in a circle."""
        at, seen = key, {key}
        while (up := self._survivor_of(at, before=before)) is not None:
            if up in seen:
                return at, True
            at = up
            seen.add(at)
        return at, False

    def check_merges(self) -> None:
        """Raise MergeRefused for the first `merge` or `pair` record written here that
        breaks a merge rule, judged on the ledger as this write leaves it (so a file may
        hold the merge before the people it names)."""
        for key, origin in self._merge_writes.items():
            record = self._record(key, "merge") or self._record(key, "pair")
            problems: list[tuple[str, str]] = []
            if isinstance(record, PersonMerge):
                survivor = self._record(record.survivor, "person")
                absorbed = self._record(record.absorbed, "person")
                pair = self._record(record.pair, "pair") if record.pair else None
                problems = merge_problems(
                    record,
                    survivor=survivor if isinstance(survivor, Person) else None,
                    absorbed=absorbed if isinstance(absorbed, Person) else None,
                    before=self._merged_before.get(key),
                    survivor_root=(
                        self._root(record.survivor, before=True)[0]
                        if self._survivor_of(record.survivor, before=True)
                        else None
                    ),
                    cycle=self._root(record.survivor, before=False)[1],
                    pair=pair if isinstance(pair, PairRecord) else None,
                )
            elif isinstance(record, PairRecord):
                merge = None
                if record.survivor is not None:
                    gone = record.right if record.survivor == record.left else record.left
                    merge = self._record(merge_key(gone), "merge")
                problems = pair_problems(
                    record, merge=merge if isinstance(merge, PersonMerge) else None
                )
            elif record is None and self._split_pairs.get(key):
                problems = self._split_problems(key)
            if problems:
                raise MergeRefused(key, problems, origin)

    def _split_problems(self, key: str) -> list[tuple[str, str]]:
        """A merge withdrawn here whose pair still says it was accepted (and kept the same
        survivor): the pair must be split with it (`habeas review split` does both)."""
        pair = self._record(str(self._split_pairs[key]), "pair")
        if not isinstance(pair, PairRecord) or pair.status != "accepted":
            return []
        if pair.survivor != self._merged_before.get(key):
            return []
        return [
            (
                "pair",
                f"the pair {pair.pair_id} still says it was accepted: split the merge with "
                "`habeas review split` (or write the pair as split with it)",
            )
        ]

    def finish(self) -> AppendResult:
        """Check the merge rules, append what is pending and move the head (called by
        `writing` at the end)."""
        if self.result is None:
            self.check_merges()
            parts = list(self._joined)
            if self._lw is not None or self._audit is not None or not parts:
                if self._audit is not None:
                    self._writer.audit(self._audit)
                parts.append(self._writer.finish())
            self.result = _combined(parts)
        return self.result


def _survivor_in(known: Any | None) -> str | None:
    """The survivor a current merge row keeps (None when there is none, or it is split)."""
    if known is None or known.status != "active" or not known.body:
        return None
    survivor = json.loads(known.body).get("survivor")
    return survivor if isinstance(survivor, str) else None


def _combined(parts: list[AppendResult]) -> AppendResult:
    last = parts[-1]
    firsts = [p.first_position for p in parts if p.first_position is not None]
    return AppendResult(
        asserted=sum(p.asserted for p in parts),
        corrected=sum(p.corrected for p in parts),
        retracted=sum(p.retracted for p in parts),
        unchanged=sum(p.unchanged for p in parts),
        first_position=firsts[0] if firsts else None,
        size=last.size,
        root=last.root,
    )


_OPEN: dict[int, WriteSession] = {}
"""The outermost write of each open transaction (by id), for writes that join it."""


def _allowed(principal: Principal, action: Action) -> None:
    """Fail closed: no principal, no write; a principal whose role may not, Forbidden."""
    if not isinstance(principal, Principal):
        raise TypeError("a write needs a principal (LOCAL_OPERATOR at the command line)")
    require(principal.role, action)


@contextmanager
def writing(
    store: Store,
    *,
    principal: Principal,
    action: Action = "write",
    author: str | None = None,
    kind: str = "write",
) -> Iterator[WriteSession]:
    """One write: check `principal` may do `action`, open the transaction, yield the
    session; on leaving, append, commit, then run the `after_commit` hooks."""
    _allowed(principal, action)
    with store.write() as own:
        session = WriteSession(own, principal, author=author or author_for(principal))
        _OPEN[id(own)] = session
        try:
            yield session
            session.finish()
        finally:
            del _OPEN[id(own)]
    assert session.result is not None
    AFTER_COMMIT.run(
        Committed(principal, session.author, kind, session.result, tuple(session._written), store)
    )
    if kind == "import" and session._new_people:
        from habeas.services.linking import link_imported  # it writes through this module

        link_imported(store, principal, tuple(dict.fromkeys(session._new_people)))


@contextmanager
def joining(
    tx: WriteTx, *, principal: Principal, action: Action = "write", author: str | None = None
) -> Iterator[WriteSession]:
    """A write inside the caller's open transaction (several dockets of one file land
    together); the caller's `writing` block commits it and runs the hooks."""
    _allowed(principal, action)
    outer = _OPEN.get(id(tx))
    if outer is not None:
        outer._before_join()
    session = WriteSession(tx, principal, author=author or author_for(principal))
    yield session
    session.finish()
    if outer is not None:
        outer._join(session)


def write(
    store: Store,
    changes: Sequence[Change],
    *,
    principal: Principal,
    author: str | None = None,
    action: Action = "write",
    audit: dict[str, Any] | None = None,
) -> AppendResult:
    """Apply a few `changes` in one transaction (forms, the API, the CLI).

    `audit`: {"action": ..., **details} for the write's one audit entry, when it needs one."""
    with writing(store, principal=principal, action=action, author=author) as session:
        for change in changes:
            session.apply(change)
        if audit is not None:
            event = dict(audit)
            session.audit(str(event.pop("action")), **event)
    assert session.result is not None
    return session.result


def import_stream(
    store: Store,
    changes: Iterable[Change],
    *,
    principal: Principal,
    name: str,
    author: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch: int = BATCH,
) -> AppendResult:
    """Every importer's pipeline: changes (already checked against the ledger) in batches,
    each batch's current versions fetched in one go, all in one transaction.

    `name` (the file or feed) goes into the reason of each correction, with the change's
    origin and the fields it changes; `on_progress(n)` is told the changes done so far."""
    done = 0
    with writing(
        store,
        principal=principal,
        action="import",
        author=author or f"import:{name}",
        kind="import",
    ) as session:
        pending: list[Change] = []

        def run() -> None:
            nonlocal done
            session.prefetch(c.key if isinstance(c, Retract) else c.record.key for c in pending)
            for change in pending:
                session.apply(change, check=False, name=name)
            done += len(pending)
            pending.clear()
            if on_progress is not None:
                on_progress(done)

        for change in changes:
            pending.append(change)
            if len(pending) >= batch:
                run()
        if pending:
            run()
    assert session.result is not None
    return session.result
