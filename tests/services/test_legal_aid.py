"""Legal-aid pointers an operator configures (HABEAS_LEGAL_AID): read from a TOML file,
each entry reachable and said in both languages; a bad file is refused, naming the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.config import Settings
from habeas.domain.errors import HabeasError
from habeas.services.legal_aid import load_legal_aid

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "legal-aid.example.toml"


def test_none_is_shown_unless_configured() -> None:
    assert Settings().legal_aid is None
    assert load_legal_aid(None) == ()


def test_the_setting_names_the_file() -> None:
    assert Settings.from_env({"HABEAS_LEGAL_AID": f" {EXAMPLE} "}).legal_aid == str(EXAMPLE)


def test_the_example_file_holds_example_entries_only() -> None:
    entries = load_legal_aid(str(EXAMPLE))
    assert [e.name for e in entries] == [
        "Example Immigration Legal Aid (example entry)",
        "Example Habeas Clinic (example entry)",
    ]
    for e in entries:
        assert e.url and ".example.org" in e.url  # reserved for examples: nobody real
        assert set(e.about) == {"en", "es"}
    assert entries[0].languages == ["en", "es"]


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('name = "A"', "give a url, a phone or an email"),
        ('name = "A"\nurl = "ftp://x"', "url"),
        ('name = "A"\nphone = "call us"', "phone"),
        ('name = "A"\nurl = "https://a.example.org"\nlanguages = ["Spanish"]', "two-letter"),
        ('name = "A"\nurl = "https://a.example.org"\nabout = { en = "Help." }', "both en and es"),
        ('name = "A"\nurl = "https://a.example.org"\nfax = "1"', "fax"),
    ],
)
def test_a_bad_entry_is_refused_naming_it(tmp_path: Path, entry: str, says: str) -> None:
    path = tmp_path / "aid.toml"
    path.write_text(
        f'[[organisation]]\nname = "Fine"\nemail = "a@b.org"\n\n[[organisation]]\n{entry}\n'
    )
    with pytest.raises(HabeasError, match="organisation 2") as e:
        load_legal_aid(str(path))
    assert says in str(e.value)


def test_a_missing_or_broken_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HabeasError, match="cannot read"):
        load_legal_aid(str(tmp_path / "absent.toml"))
    broken = tmp_path / "broken.toml"
    broken.write_text("[[organisation]\n")
    with pytest.raises(HabeasError, match="not TOML"):
        load_legal_aid(str(broken))
    other = tmp_path / "other.toml"
    other.write_text('[[lawyers]]\nname = "A"\n')
    with pytest.raises(HabeasError, match="unknown tables"):
        load_legal_aid(str(other))
