"""A regular (non-editable) install works from any directory: a wheel is built from a
copy of the repository and installed into a fresh virtual environment, and ``tanya``
is run there from a directory that is not the repository.

Offline and quick: the wheel is built without build isolation (setuptools and wheel come
with the test extra), and the fresh environment reaches the dependencies already
installed here through a path file instead of downloading them. The environment's own
site-packages come first, so ``bot`` and ``retrieval`` are the wheel's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a source distribution holds (MANIFEST.in and the packages); nothing else is copied.
SOURCE = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "bot", "retrieval", "seeds", "tests/data/seed_questions.jsonl")
TIMEOUT = 300


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def copy_source(source: Path) -> Path:
    """What a source distribution holds, copied to ``source``."""
    for name in SOURCE:
        origin, target = ROOT / name, source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(origin, target)
    return source


def build_wheel(source: Path, dist: Path) -> Path:
    """The wheel pip builds from ``source`` (in its ``build/``, as pip builds a checkout)."""
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, source, cwd=source.parent)
    (wheel,) = dist.glob("tanya-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin directory of a fresh virtual environment with tanya's wheel installed."""
    work = tmp_path_factory.mktemp("packaging")
    wheel = build_wheel(copy_source(work / "source"), work / "dist")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    site = Path(run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps", "--no-index", wheel, cwd=work)
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A directory with no seeds/ and no tests/ in it."""
    directory = tmp_path / "newsroom"
    directory.mkdir()
    return directory


def test_the_installed_package_is_the_wheels_not_the_checkout(installed, elsewhere):
    where = run(installed / "python", "-c", "import bot, retrieval; print(bot.__file__); print(retrieval.__file__)", cwd=elsewhere).stdout
    assert str(ROOT) not in where
    assert all(line.startswith(str(installed.parent)) for line in where.split())


def test_version(installed, elsewhere):
    done = run(installed / "tanya", "--version", cwd=elsewhere)
    assert done.stdout.strip() == "tanya 0.1.0"


def test_ask_answers_from_the_bundled_seeds_in_another_directory(installed, elsewhere):
    done = run(installed / "tanya", "ask", "Siapa Pjs Bupati Bengkulu Selatan?", cwd=elsewhere, env={**os.environ, "NO_COLOR": "1"})
    assert "Sisardi" in done.stdout
    assert not (elsewhere / "seeds").exists()


def test_eval_reads_the_bundled_seed_questions(installed, elsewhere):
    done = run(installed / "tanya", "eval", cwd=elsewhere)
    assert "seed_questions.jsonl" in done.stdout and "hit@1" in done.stdout
    assert str(installed.parent) in done.stdout  # the wheel's copy, not the checkout's


def test_the_licence_is_in_the_wheel(installed):
    licences = list(installed.parent.glob("lib/python*/site-packages/tanya-*.dist-info/**/LICENSE"))
    assert licences and "MIT License" in licences[0].read_text(encoding="utf-8")


def test_a_file_deleted_from_the_checkout_is_not_in_the_next_wheel(tmp_path):
    """pip builds in the checkout's build/, which keeps what the last build copied: a
    seed article retracted, or a data file removed, shipped in every later wheel (H95)."""
    source = copy_source(tmp_path / "source")
    first = build_wheel(source, tmp_path / "first")
    retracted = next((source / "seeds").glob("004_*.txt"))
    retracted.unlink()
    (source / "retrieval" / "data" / "weekdays.tsv").unlink()
    second = build_wheel(source, tmp_path / "second")
    shipped = {Path(name).name for name in zipfile.ZipFile(second).namelist()}
    assert retracted.name not in shipped and "weekdays.tsv" not in shipped
    assert {retracted.name, "weekdays.tsv"} <= {Path(name).name for name in zipfile.ZipFile(first).namelist()}
