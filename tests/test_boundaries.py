"""Data flows one way: retrieval never depends on a front end."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import bot
import retrieval

BOT = Path(bot.__file__).parent
RETRIEVAL = Path(retrieval.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_retrieval_sources_import_neither_telegram_nor_bot():
    for path in RETRIEVAL.glob("*.py"):
        assert not imported_modules(path) & {"telegram", "bot"}, path.name


def test_only_the_cluster_module_imports_ray():
    # Ray is an optional extra: without it, nothing but `--ray` may need it.
    for path in [*RETRIEVAL.glob("*.py"), *(RETRIEVAL.parent / "bot").glob("*.py")]:
        assert ("ray" in imported_modules(path)) == (path.name == "cluster.py" and path.parent == RETRIEVAL), path


def test_using_retrieval_loads_no_telegram():
    code = (
        "import sys, retrieval.search, retrieval.store, retrieval.evaluate, retrieval.corpus;"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('telegram', 'bot')], sorted(sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_excerpts_do_not_import_the_ranker_or_the_decision():
    # Stages of the answer path stay replaceable: the excerpt stage knows the question
    # and the paragraph, not how the paragraph was chosen.
    tree = ast.parse((RETRIEVAL / "excerpts.py").read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not modules & {"retrieval.ranking", "retrieval.decision", "retrieval.confidence", "retrieval.search"}


def test_retrieval_and_bot_type_check():
    """mypy on retrieval/ and bot/, as pyproject.toml sets it: the library's types are its
    documentation, and the bot's handlers read the Telegram updates' optional parts and
    their typed state (TanyaContext) only as the types allow. Only the untyped libraries
    listed there go unchecked: a new import without types is a failure here until it is
    listed. One run for both: checking bot/ reads retrieval/ anyway."""
    mypy = __import__("pytest").importorskip("mypy.api")
    config = str(Path(__file__).resolve().parents[1] / "pyproject.toml")
    paths = [str(RETRIEVAL), str(BOT)]
    stdout, stderr, status = mypy.run([*paths, "--config-file", config, "--no-error-summary", "--cache-dir", "/dev/null"])
    assert status == 0, stdout + stderr
