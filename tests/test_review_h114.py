"""helper-114's review of Ray mode: --shards without --ray is a bad setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TANYA = [sys.executable, "-m", "bot"]
SHARDS_WITHOUT_RAY = "tanya: --shards / TANYA_SHARDS shards the index over a Ray cluster: give --ray / TANYA_RAY_ADDRESS too, or leave it out"


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """This test's own HOME and caches, and no tanya or Telegram setting from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANYA_", "TELEGRAM_", "BOT_"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**env, "HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"), **extra}


def command_line(command: str, tmp_path: Path) -> list[str]:
    """What each command needs besides the shards to get past its settings."""
    if command == "ask":
        return ["ask", "Siapa Pjs Bupati OKU Timur?"]
    if command == "add":
        source = tmp_path / "baru.txt"
        source.write_text("Jembatan Baru Dibuka\n\nJembatan baru di Sekayu dibuka pada Senin.\n", encoding="utf-8")
        return ["add", "--corpus", str(tmp_path / "arsip"), str(source)]
    if command == "telegram":
        # Unmended, the bot would try this closed port once and end, not retry Telegram for 60 s.
        return ["telegram", "--token", "123:abc", "--api-base-url", "http://127.0.0.1:9/bot", "--retry-seconds", "0", "--questions-log", "off"]
    return [command]


@pytest.mark.parametrize("command", ["ask", "add", "chat", "telegram"])
@pytest.mark.parametrize("given", ["option", "variable", "variable of the default"])
def test_shards_without_ray_is_one_line_and_status_2(command, given, tmp_path):
    """Taken without a word (helper-113): one process answered, the operator believing
    the index sharded. Nothing is read, added or served."""
    arguments = command_line(command, tmp_path)
    env = clean_env(tmp_path, TANYA_INDEX_DIR=str(tmp_path / "index"))
    if given == "option":
        arguments.insert(1, "--shards=8")
    else:
        env["TANYA_SHARDS"] = "4" if given == "variable of the default" else "8"
    done = subprocess.run([*TANYA, *arguments], input="Siapa?\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert (done.returncode, done.stdout, done.stderr.splitlines()) == (2, "", [SHARDS_WITHOUT_RAY])
    assert not (tmp_path / "arsip").exists() and not (tmp_path / "index").exists()


@pytest.mark.parametrize("environ", [{}, {"TANYA_SHARDS": ""}, {"TANYA_SHARDS": "  "}])
def test_shards_left_to_the_default_are_no_error(environ, tmp_path):
    env = clean_env(tmp_path, TANYA_INDEX_DIR=str(tmp_path / "index"), **environ)
    done = subprocess.run([*TANYA, "ask", "--json", "Siapa Pjs Bupati OKU Timur?"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"answers": [{' in done.stdout


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["ask", "--ray", "127.0.0.1:6379", "--shards", "8"], {}),
        (["chat"], {"TANYA_RAY_ADDRESS": "127.0.0.1:6379", "TANYA_SHARDS": "8"}),
        (["telegram", "--ray", "127.0.0.1:6379"], {"TANYA_SHARDS": "8"}),
        # Commands with no shards to take: an env file shared with the bot is no error.
        (["report"], {"TANYA_SHARDS": "8"}),
        (["eval"], {"TANYA_SHARDS": "8"}),
    ],
)
def test_shards_with_ray_or_for_a_command_without_shards_are_taken(argv, environ):
    Settings.from_sources(build_parser().parse_args(argv), environ)
