"""`habeas deadline`, invoked directly (it is registered in the main group elsewhere)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from habeas.cli.deadline_cmd import deadline


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(deadline, list(args))
    return result.exit_code, result.output


def test_json_gives_deadline_ends_at_and_steps() -> None:
    code, out = run("--court", "mdd", "--from", "2007-08-22", "--days", "10", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["deadline"] == "2007-09-04"
    assert data["ends_at"] == "2007-09-04T23:59:59-04:00"
    assert "day 10 = Sat 2007-09-01" in data["steps"][1]
    assert data["steps"][-1].startswith("→ Tue 2007-09-04")


def test_before_counts_backward() -> None:
    code, out = run("--court", "mdd", "--from", "2007-09-11", "--days", "10", "--before", "--json")
    assert code == 0
    assert json.loads(out)["deadline"] == "2007-08-31"


def test_hours_take_a_time_in_the_courts_zone() -> None:
    code, out = run("--court", "mdd", "--from", "2007-11-02T10:00", "--hours", "72", "--json")
    assert code == 0
    assert json.loads(out)["ends_at"] == "2007-11-05T09:00:00-05:00"


def test_service_by_mail_adds_three_days() -> None:
    args = ("--court", "tnmd", "--from", "2025-04-04", "--days", "14", "--json")
    assert json.loads(run(*args)[1])["deadline"] == "2025-04-21"
    assert json.loads(run(*args, "--service", "mail")[1])["deadline"] == "2025-04-24"
    assert json.loads(run(*args, "--service", "electronic")[1])["deadline"] == "2025-04-21"


def test_inaccessible_days_extend_the_period() -> None:
    code, out = run(
        "--court", "mdd", "--from", "2025-04-01", "--days", "10",
        "--inaccessible", "2025-04-11", "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["deadline"] == "2025-04-14"


def test_declared_closures_can_be_switched_off() -> None:
    args = ("--court", "dcd", "--from", "2025-12-12", "--days", "12", "--json")
    with_them = json.loads(run(*args)[1])
    without = json.loads(run(*args, "--no-declared-closures")[1])
    assert (with_them["deadline"], without["deadline"]) == ("2025-12-29", "2025-12-24")
    assert with_them["warnings"] and not without["warnings"]


def test_human_output_shows_the_deadline_and_every_step_with_its_rule() -> None:
    code, out = run("--court", "mdd", "--from", "2007-08-22", "--days", "10")
    assert code == 0
    assert "Tuesday 2007-09-04" in out
    assert "Mon 2007-09-03 Labor Day [legal holiday, FRCP 6(a)(6)(A)]" in out
    assert "[FRCP 6(a)(1)(A)]" in out


def test_help_has_an_example_block() -> None:
    code, out = run("--help")
    assert code == 0
    assert "Example:" in out
    assert "habeas deadline --court mdd --from 2007-08-22 --days 10" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--court", "mmd", "--from", "2025-04-07", "--days", "3"), "mdd, med"),
        (("--court", "mdd", "--from", "2025-04-07"), "exactly one of --days"),
        (("--court", "mdd", "--from", "2025-04-07", "--days", "1", "--hours", "2"), "exactly"),
        (("--court", "mdd", "--from", "April 7", "--days", "3"), "not an ISO date"),
        (("--court", "mdd", "--from", "2025-04-07", "--days", "-3"), "negative"),
        (("--court", "mdd", "--from", "2025-04-07", "--hours", "3"), "time of the event"),
        (("--court", "mdd", "--from", "2025-04-07", "--days", "x"), "not a valid integer"),
        (("--court", "mdd", "--from", "2025-04-07", "--days", "3", "--service", "fax"), "fax"),
    ],
)
def test_bad_input_is_a_usage_error_with_exit_code_2(args: tuple[str, ...], message: str) -> None:
    code, out = run(*args)
    assert code == 2
    assert message in out
