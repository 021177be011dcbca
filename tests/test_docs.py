"""The README's settings table says what the code reads (sqlite-utils' test_docs)."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from bot.settings import SETTINGS, Settings

README = Path(__file__).resolve().parent.parent / "README.md"
ROW = re.compile(r"^\| `(?P<env>[A-Z_]+)` \| (?:`(?P<option>--[a-z-]+)`|—) \|")


def table_rows() -> dict[str, str | None]:
    section = README.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    return {m["env"]: m["option"] for line in section.splitlines() if (m := ROW.match(line))}


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_in_the_readme_with_its_option(name):
    setting = SETTINGS[name]
    assert table_rows().get(setting.env, "missing") == setting.option, f"{setting.env} in README.md's Settings table"


def test_the_readme_lists_no_setting_the_code_lacks():
    known = {s.env for s in SETTINGS.values()}
    assert set(table_rows()) <= known


ROW_DEFAULT = re.compile(r"^\| `(?P<env>[A-Z_]+)` \|.*\| (?P<default>[^|]+) \|$")


def readme_defaults() -> dict[str, str]:
    section = README.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    return {m["env"]: m["default"].strip().strip("`") for line in section.splitlines() if (m := ROW_DEFAULT.match(line))}


def literal_default(name: str) -> str | None:
    """The Settings field's default as the README writes it, for a number or a word
    (None for a default said in words: a directory, the bundled seeds, none)."""
    value = next(f.default for f in fields(Settings) if f.name == name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, (int, float, str)) else None


@pytest.mark.parametrize("name", sorted(name for name in SETTINGS if literal_default(name) is not None and SETTINGS[name].default is not None))
def test_a_default_written_as_a_value_is_the_one_the_code_takes(name):
    """The option's help, the README's table and the Settings dataclass say one default
    (they are written apart: the help and table in words, the dataclass as a value)."""
    setting = SETTINGS[name]
    assert setting.default == literal_default(name), f"{setting.option}'s help says {setting.default}"
    assert readme_defaults()[setting.env] == literal_default(name), f"README.md's Settings table, {setting.env}"
