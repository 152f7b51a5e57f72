"""Settings come from HABEAS_* variables, are checked, and are all documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.config import SETTINGS, Settings
from habeas.domain.errors import HabeasError

CLI_MD = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_defaults_and_values_from_the_environment() -> None:
    assert Settings.from_env({}).public_view is True
    s = Settings.from_env(
        {
            "HABEAS_DATABASE_URL": "x.db",
            "HABEAS_PUBLIC_VIEW": "off",
            "HABEAS_SECRET_KEY": "k" * 32,
            "HABEAS_HOST": "0.0.0.0",
            "HABEAS_PORT": "8080",
            "HABEAS_COOKIE_SECURE": "yes",
            "HABEAS_MAX_UPLOAD_MB": "2",
        }
    )
    assert (s.database_url, s.public_view, s.host, s.port) == ("x.db", False, "0.0.0.0", 8080)
    assert s.cookie_secure and s.secret_key == "k" * 32 and s.max_upload_bytes == 2 * 1024 * 1024
    assert "k" * 32 not in repr(s)
    assert Settings.from_env({}).secret_key != Settings.from_env({}).secret_key


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HABEAS_PORT", "eighty"),
        ("HABEAS_PORT", "70000"),
        ("HABEAS_PUBLIC_VIEW", "maybe"),
        ("HABEAS_COOKIE_SECURE", ""),
        ("HABEAS_SECRET_KEY", "short"),
        ("HABEAS_MAX_UPLOAD_MB", "0"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(name: str, value: str) -> None:
    with pytest.raises(HabeasError, match=name):
        Settings.from_env({name: value})


def test_every_setting_is_documented_with_its_default() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    assert len(SETTINGS) >= 7
    for setting in SETTINGS:
        assert f"`{setting.env}`" in text, setting.env
        assert hasattr(Settings(), setting.attr), setting.attr
