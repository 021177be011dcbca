"""The README's settings table says what the code reads (sqlite-utils' test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import SETTINGS

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
