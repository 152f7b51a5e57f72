"""Docs that are generated are checked; the rest are tested (STYLE.md, habit 11).

These tests fail when a command, option, setting, record type, field or table is added
without being documented, when the generated JSON Schema is stale, and when an example in
the docs no longer validates. Each check asserts that what it loops over is not empty, so
none can pass by checking nothing.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from habeas.cli.main import cli
from habeas.domain.base import Model, Record
from habeas.domain.registry import RECORD_TYPES, record_errors
from habeas.ingest.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from habeas.ingest.schema import bundle_schema, bundle_schema_text
from habeas.services import proofs
from habeas.services.database import demo_bundle_path, load_demo
from habeas.services.importing import check_file
from habeas.storage import queries
from habeas.storage.store import Store
from habeas.storage.tables import metadata

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CLI_MD = DOCS / "cli.md"
RECORDS_MD = DOCS / "records.md"
BUNDLE_MD = DOCS / "bundle.md"
LOG_MD = DOCS / "log.md"
STORAGE_MD = DOCS / "storage.md"
SCHEMA_JSON = DOCS / "bundle.schema.json"

# The exact heading forms the tests look for.
ENVELOPE_HEADING = "Fields every record has"  # ## Fields every record has
GLOBAL_HEADING = "Global options"  # ## Global options


def record_heading(rtype: str) -> str:
    """`## \\`person\\`` in records.md."""
    return f"`{rtype}`"


def value_heading(cls: type[Model]) -> str:
    """`### \\`Citation\\`` in records.md."""
    return f"`{cls.__name__}`"


def command_heading(path: tuple[str, ...]) -> str:
    """`### habeas whereabouts` (any level) in cli.md."""
    return " ".join(path)


# -- reading markdown ------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """A fenced code block: its language and text."""

    lang: str
    text: str


@dataclass(frozen=True)
class Section:
    """A heading and everything under it up to the next heading of the same or higher level."""

    level: int
    title: str
    text: str

    def blocks(self) -> list[Block]:
        return fenced_blocks(self.text)


_FENCE = re.compile(r"^```(\w*)\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")


def fenced_blocks(text: str) -> list[Block]:
    out: list[Block] = []
    lang: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        m = _FENCE.match(line)
        if lang is None and m:
            lang, lines = m.group(1), []
        elif lang is not None and line.strip() == "```":
            out.append(Block(lang, "\n".join(lines)))
            lang = None
        elif lang is not None:
            lines.append(line)
    return out


def sections(text: str) -> list[Section]:
    """Every section of a markdown text (headings inside code blocks are not headings)."""
    lines = text.splitlines()
    heads: list[tuple[int, int, str]] = []  # (line index, level, title)
    in_code = False
    for i, line in enumerate(lines):
        if _FENCE.match(line) or (in_code and line.strip() == "```"):
            in_code = not in_code
            continue
        m = _HEADING.match(line)
        if m and not in_code:
            heads.append((i, len(m.group(1)), m.group(2)))
    out = []
    for n, (start, level, title) in enumerate(heads):
        end = next((i for i, lv, _t in heads[n + 1 :] if lv <= level), len(lines))
        out.append(Section(level, title, "\n".join(lines[start:end])))
    return out


def section(text: str, title: str, level: int | None = None) -> Section | None:
    for s in sections(text):
        if s.title == title and (level is None or s.level == level):
            return s
    return None


def mentions(text: str, token: str) -> bool:
    """`token` appears as a whole word (options, argument names, settings)."""
    return re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", text) is not None


def mentions_code(text: str, name: str) -> bool:
    """`name` appears in backticks, as a field should."""
    return f"`{name}`" in text


# -- the command line ------------------------------------------------------------------
def commands(
    group: click.Group = cli, path: tuple[str, ...] = ("habeas",)
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand, however it was registered (lazy groups too)."""
    ctx = click.Context(group, info_name=path[-1])
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None:
            continue
        sub = (*path, name)
        yield sub, cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, sub)


def param_tokens(param: click.Parameter) -> list[str]:
    if isinstance(param, click.Option):
        return [*param.opts, *param.secondary_opts]
    return [param.human_readable_name]


def test_every_command_has_a_section_in_cli_md() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    found = list(commands())
    assert len(found) >= 10, "the command walk found too few commands"
    titles = {s.title.replace("`", "") for s in sections(text)}
    missing = [command_heading(p) for p, _c in found if command_heading(p) not in titles]
    assert not missing, (
        "commands missing from docs/cli.md (add a heading such as "
        f"'### {missing[0]}'): {', '.join(missing)}"
    )


def test_every_option_and_argument_is_documented_in_its_commands_section() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    missing: list[str] = []
    checked = 0
    for path, cmd in commands():
        sec = section(text, command_heading(path))
        if sec is None:
            continue  # reported by the test above
        for param in cmd.params:
            for token in param_tokens(param):
                checked += 1
                if not mentions(sec.text, token):
                    missing.append(f"{' '.join(path)} {token}")
    assert checked >= 20, "the option walk found too few options"
    assert not missing, f"options missing from their section of docs/cli.md: {missing}"


def test_global_options_and_settings_are_documented() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    sec = section(text, GLOBAL_HEADING)
    assert sec is not None, f"docs/cli.md needs a '## {GLOBAL_HEADING}' section"
    ctx = click.Context(cli, info_name="habeas")
    params = [*cli.params, cli.get_help_option(ctx)]
    tokens = [t for p in params if p is not None for t in param_tokens(p)]
    envvars = [
        v
        for p in params
        if isinstance(p, click.Option) and p.envvar
        for v in ([p.envvar] if isinstance(p.envvar, str) else p.envvar)
    ]
    assert "--db" in tokens and envvars, "expected the global --db option and its envvar"
    missing = [t for t in [*tokens, *envvars] if not mentions(sec.text, t)]
    assert not missing, f"global options missing from '## {GLOBAL_HEADING}': {missing}"


def test_every_habeas_setting_in_the_code_is_documented() -> None:
    names = set()
    for path in (ROOT / "src" / "habeas").rglob("*.py"):
        names |= set(re.findall(r"\bHABEAS_[A-Z0-9_]+\b", path.read_text(encoding="utf-8")))
    assert names, "expected at least HABEAS_DATABASE_URL in the code"
    docs = CLI_MD.read_text(encoding="utf-8") + STORAGE_MD.read_text(encoding="utf-8")
    missing = sorted(n for n in names if not mentions(docs, n))
    assert not missing, f"settings missing from docs/cli.md and docs/storage.md: {missing}"


# -- the stable --json shapes ------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("docs") / "demo.db"
    store = Store(str(path))
    load_demo(store)
    store.close()
    yield path


@pytest.fixture(scope="module")
def demo_store(demo_db: Path) -> Iterator[Store]:
    store = Store(str(demo_db))
    yield store
    store.close()


JSON_COMMANDS = [
    ("habeas whereabouts", ["whereabouts", "Abrego Garcia", "--as-of", "2025-04-14"]),
    ("habeas timeline", ["timeline", "Abrego Garcia"]),
    ("habeas occupancy", ["occupancy", "CECOT", "--on", "2025-04-14"]),
    ("habeas search", ["search", "cecot"]),
    ("habeas status", ["status"]),
    ("habeas verify", ["verify"]),
    ("habeas history", ["history", "person/kilmar-abrego-garcia"]),
    ("habeas demo", ["demo"]),
    ("habeas init", ["init"]),
    ("habeas proof checkpoint", ["proof", "checkpoint"]),
    ("habeas proof inclusion", ["proof", "inclusion", "5"]),
    ("habeas proof consistency", ["proof", "consistency", "100"]),
    ("habeas import file", ["import", "--check", str(demo_bundle_path())]),
    ("habeas deadline", ["deadline", "--court", "mdd", "--from", "2025-04-04", "--days", "14"]),
    ("habeas dedupe", ["dedupe", "--dry-run", "--min-probability", "0.000001"]),
]


# Values that are not JSON shapes of their own: a stored record (documented in records.md)
# and maps keyed by record type.
OPAQUE = {"record", "records"}


def json_keys(data: Any) -> set[str]:
    """Every field name: of the object, of nested objects and of the first item of lists."""
    out: set[str] = set()
    if isinstance(data, list):
        return json_keys(data[0]) if data else out
    if isinstance(data, dict):
        for k, v in data.items():
            out.add(k)
            if k not in OPAQUE and isinstance(v, (dict, list)):
                out |= json_keys(v)
    return out


@pytest.mark.parametrize(("heading", "args"), JSON_COMMANDS, ids=[h for h, _ in JSON_COMMANDS])
def test_every_json_field_is_documented(demo_db: Path, heading: str, args: list[str]) -> None:
    argv = ["--db", str(demo_db), *args]
    if "proof" not in args:
        argv.append("--json")
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    keys = json_keys(json.loads(result.output))
    assert keys, f"{heading} --json printed no fields"
    sec = section(CLI_MD.read_text(encoding="utf-8"), heading)
    assert sec is not None, f"docs/cli.md has no section '{heading}'"
    missing = sorted(k for k in keys if f"`{k}`" not in sec.text and f'"{k}"' not in sec.text)
    assert not missing, f"JSON fields of {heading} not documented in its section: {missing}"


# -- records ---------------------------------------------------------------------------
def value_types(annotation: Any) -> Iterator[type[Model]]:
    """The nested value models (Citation, Place, Party…) inside a field's annotation."""
    if isinstance(annotation, type) and issubclass(annotation, Model):
        if not issubclass(annotation, Record):
            yield annotation
        return
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            yield from value_types(arg)


def nested_models(cls: type[Model]) -> set[type[Model]]:
    out: set[type[Model]] = set()
    todo = [cls]
    while todo:
        for info in todo.pop().model_fields.values():
            for found in value_types(info.annotation):
                if found not in out:
                    out.add(found)
                    todo.append(found)
    return out


def test_the_envelope_fields_are_documented() -> None:
    text = RECORDS_MD.read_text(encoding="utf-8")
    sec = section(text, ENVELOPE_HEADING, level=2)
    assert sec is not None, f"docs/records.md needs a '## {ENVELOPE_HEADING}' section"
    fields = list(Record.model_fields)
    assert "sources" in fields and "sensitivity" in fields
    missing = [f for f in fields if not mentions_code(sec.text, f)]
    assert not missing, f"envelope fields missing from '## {ENVELOPE_HEADING}': {missing}"


def test_every_record_type_and_field_is_documented() -> None:
    text = RECORDS_MD.read_text(encoding="utf-8")
    assert len(RECORD_TYPES) >= 10
    missing: list[str] = []
    for rtype, cls in RECORD_TYPES.items():
        sec = section(text, record_heading(rtype), level=2)
        if sec is None:
            missing.append(f"section '## {record_heading(rtype)}'")
            continue
        own = [f for f in cls.model_fields if f not in Record.model_fields]
        assert own, f"{rtype} has no fields of its own?"
        missing += [f"{rtype}.{f}" for f in own if not mentions_code(sec.text, f)]
    assert not missing, f"missing from docs/records.md: {missing}"


def test_every_nested_value_type_and_field_is_documented() -> None:
    text = RECORDS_MD.read_text(encoding="utf-8")
    values: set[type[Model]] = set()
    for cls in RECORD_TYPES.values():
        values |= nested_models(cls)
    names = {v.__name__ for v in values}
    assert {"Citation", "Place", "Party"} <= names, names
    missing: list[str] = []
    for value in sorted(values, key=lambda v: v.__name__):
        sec = section(text, value_heading(value), level=3)
        if sec is None:
            missing.append(f"section '### {value_heading(value)}'")
            continue
        missing += [
            f"{value.__name__}.{f}" for f in value.model_fields if not mentions_code(sec.text, f)
        ]
    assert not missing, f"missing from docs/records.md: {missing}"


def test_every_record_type_has_a_valid_example() -> None:
    text = RECORDS_MD.read_text(encoding="utf-8")
    problems: list[str] = []
    examples = 0
    for rtype in RECORD_TYPES:
        sec = section(text, record_heading(rtype), level=2)
        if sec is None:
            problems.append(f"no section '## {record_heading(rtype)}'")
            continue
        mine = []
        for block in sec.blocks():
            if block.lang != "json":
                continue
            data = json.loads(block.text)
            if isinstance(data, dict) and "type" in data:
                examples += 1
                mine.append(data)
                _record, errors = record_errors(data)
                problems += [f"{rtype} example: {f}: {m}" for f, m in errors]
        if not any(d.get("type") == rtype for d in mine):
            problems.append(f"'## {record_heading(rtype)}' has no ```json example of a {rtype}")
    assert not problems, problems
    assert examples >= 10


# -- the bundle format and its schema -------------------------------------------------------
@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = bundle_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problem(validator: Draft202012Validator, data: Any) -> str | None:
    error = best_match(validator.iter_errors(data))
    return None if error is None else f"{error.json_path}: {error.message[:300]}"


def test_the_committed_schema_is_current() -> None:
    assert SCHEMA_JSON.is_file(), "run scripts/build_bundle_schema.py"
    assert SCHEMA_JSON.read_text(encoding="utf-8") == bundle_schema_text(), (
        "docs/bundle.schema.json is out of date: run scripts/build_bundle_schema.py"
    )


def test_the_schema_has_the_header_a_retraction_and_every_record_type() -> None:
    schema = bundle_schema()
    consts = [branch["properties"]["type"]["const"] for branch in schema["oneOf"]]
    assert sorted(consts) == sorted(["bundle", "retraction", *RECORD_TYPES])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["version"] == BUNDLE_VERSION


def test_the_schema_refuses_what_habeas_refuses(validator: Draft202012Validator) -> None:
    good = {"type": "facility", "key": "facility/x", "name": "X", "kind": "jail", "country": "US"}
    assert schema_problem(validator, good) is None
    assert schema_problem(validator, {**good, "colour": "grey"}) is not None
    assert schema_problem(validator, {**good, "type": "castle"}) is not None
    assert schema_problem(validator, {k: v for k, v in good.items() if k != "type"}) is not None
    assert schema_problem(validator, {"type": "retraction", "key": "facility/x"}) is not None
    assert schema_problem(validator, {"type": "bundle", "format": "x", "version": 1}) is not None


def test_the_demo_bundle_validates_against_the_schema_line_by_line(
    validator: Draft202012Validator,
) -> None:
    lines = demo_bundle_path().read_text(encoding="utf-8").splitlines()
    seen: set[str] = set()
    problems = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data = json.loads(line)
        seen.add(data["type"])
        problem = schema_problem(validator, data)
        if problem:
            problems.append(f"reference_story.jsonl:{number}: {problem}")
    assert len(lines) > 100 and "bundle" in seen and "custody_event" in seen
    assert not problems, problems[:20]


def check_line(validator: Draft202012Validator, data: Any) -> list[str]:
    """What is wrong with one bundle line, by habeas's rules and the schema."""
    if not isinstance(data, dict):
        return ["a line must be a JSON object"]
    out = []
    problem = schema_problem(validator, data)
    if problem:
        out.append(f"schema: {problem}")
    if data.get("type") == "bundle":
        if data.get("format") != BUNDLE_FORMAT or data.get("version") != BUNDLE_VERSION:
            out.append("header: wrong format or version")
    elif data.get("type") != "retraction":
        _record, errors = record_errors(data)
        out += [f"{field}: {message}" for field, message in errors]
    return out


def test_every_bundle_example_in_bundle_md_is_valid(
    validator: Draft202012Validator, demo_store: Store, tmp_path: Path
) -> None:
    blocks = [b for b in fenced_blocks(BUNDLE_MD.read_text(encoding="utf-8")) if b.lang == "jsonl"]
    assert len(blocks) >= 3, "docs/bundle.md should show its examples in ```jsonl blocks"
    problems: list[str] = []
    lines_checked = whole_bundles = 0
    for n, block in enumerate(blocks, start=1):
        lines = [line for line in block.text.splitlines() if line.strip()]
        for line in lines:
            lines_checked += 1
            problems += [f"block {n}: {p}" for p in check_line(validator, json.loads(line))]
        if json.loads(lines[0]).get("type") == "bundle":  # a whole bundle: check it as import would
            whole_bundles += 1
            path = tmp_path / f"example-{n}.jsonl"
            path.write_text(block.text + "\n", encoding="utf-8")
            report = check_file(demo_store, path, display_name=path.name)
            problems += [str(p) for p in report.problems or []]
    assert lines_checked >= 5 and whole_bundles >= 1
    assert not problems, problems


# -- the log -----------------------------------------------------------------------------
def hand_checker() -> dict[str, Any]:
    """The functions of the ```python block of docs/log.md that checks proofs, run as a
    reader would."""
    blocks = [
        b
        for b in fenced_blocks(LOG_MD.read_text(encoding="utf-8"))
        if b.lang == "python" and "def check_inclusion" in b.text
    ]
    assert blocks, "docs/log.md should show how to check a proof in a ```python block"
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0].text, "docs/log.md", "exec"), namespace)
    return namespace


def flip(hex_hash: str) -> str:
    return ("0" if hex_hash[0] != "0" else "1") + hex_hash[1:]


def test_the_python_in_log_md_checks_real_proofs(demo_store: Store) -> None:
    ns = hand_checker()
    size = proofs.checkpoint(demo_store)["size"]
    assert size > 100
    checked = 0
    for position, tree_size in [(0, 1), (0, size), (5, size), (size - 1, size), (6, 7), (64, 100)]:
        p = proofs.inclusion_proof(demo_store, position, tree_size)
        args = (p["leaf_hash"], p["position"], p["size"], p["proof"], p["root"])
        assert ns["check_inclusion"](*args) is True, (position, tree_size)
        assert ns["check_inclusion"](flip(p["leaf_hash"]), *args[1:]) is False
        if p["proof"]:
            bad = [flip(p["proof"][0]), *p["proof"][1:]]
            assert ns["check_inclusion"](*args[:3], bad, p["root"]) is False
        checked += 1
    for old, new in [(1, size), (64, size), (100, size), (size, size), (7, 12)]:
        c = proofs.consistency_proof(demo_store, old, new)
        args = (c["old_size"], c["new_size"], c["old_root"], c["new_root"], c["proof"])
        assert ns["check_consistency"](*args) is True, (old, new)
        assert ns["check_consistency"](*args[:2], flip(c["old_root"]), *args[3:]) is False
        checked += 1
    assert checked == 11
    with demo_store.read() as conn:
        row = queries.entry_at(conn, 5)
    assert ns["leaf"](row.body.encode("utf-8")) == row.leaf_hash


# -- storage -------------------------------------------------------------------------------
def test_every_table_is_documented_in_storage_md() -> None:
    text = STORAGE_MD.read_text(encoding="utf-8")
    names = sorted(metadata.tables)
    assert "ledger_entries" in names
    missing = [n for n in names if not mentions_code(text, n)]
    assert not missing, f"tables missing from docs/storage.md: {missing}"
