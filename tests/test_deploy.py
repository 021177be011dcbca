"""The deployment kit: .env.example lists every setting the code has (and no other), and
the systemd unit passes ``systemd-analyze verify`` where systemd's tools are installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SETTINGS, Settings

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / ".env.example"
UNIT = ROOT / "deploy" / "tanya.service"
# "NAME=value" or "# NAME=value": a setting, set or left at its default.
ASSIGNMENT_RE = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$", re.MULTILINE)


def example_settings() -> dict[str, str]:
    return dict(ASSIGNMENT_RE.findall(ENV_EXAMPLE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_in_the_env_example(name):
    assert SETTINGS[name].env in example_settings()


def test_the_env_example_lists_no_setting_the_code_lacks():
    assert set(example_settings()) <= {s.env for s in SETTINGS.values()}


def test_the_env_example_as_given_is_a_valid_configuration():
    """What it sets uncommented is read without error (the token only has to look like one);
    no admin ids: example ids left in by an operator who forgot them would give strangers
    /reload, /stats and the archive."""
    environ = {name: value for name, value in re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE)}
    settings = Settings.from_sources(None, environ)
    assert settings.token and not settings.admin_ids


def test_the_env_example_with_every_example_uncommented_is_valid():
    environ = {name: value for name, value in example_settings().items() if value}
    Settings.from_sources(None, environ)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_the_systemd_unit_verifies(tmp_path):
    # verify checks that ExecStart's program exists: point it at one that does, as an
    # installed tanya would be, and let the environment file be absent.
    unit = UNIT.read_text(encoding="utf-8")
    unit = re.sub(r"^ExecStart=\S+", f"ExecStart={Path(sys.executable).resolve()}", unit, flags=re.MULTILINE)
    unit = unit.replace("EnvironmentFile=/", "EnvironmentFile=-/")
    copy = tmp_path / "tanya.service"
    copy.write_text(unit, encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "tanya.service" not in done.stderr, done.stderr  # no warning about the unit itself


def test_the_unit_runs_the_installed_command_without_restarting_on_bad_settings():
    unit = UNIT.read_text(encoding="utf-8")
    assert re.search(r"^ExecStart=/opt/tanya/bin/tanya telegram$", unit, re.MULTILINE)
    assert "RestartPreventExitStatus=2" in unit  # a refused token or bad setting: one line, no loop
