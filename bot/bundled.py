"""Where the data shipped with tanya lives: the seed articles, the seed question set,
and the version.

A wheel carries them inside the ``bot`` package (setup.py copies them there at build
time); a checkout or an editable install keeps them where the repository has them
(``seeds/``, ``tests/data/``). Both are looked up the same way, so ``tanya`` works from
any directory however it was installed.
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path

DISTRIBUTION = "tanya"
# A checkout: the repository root, one level above the ``bot`` package.
CHECKOUT = Path(__file__).resolve().parent.parent


def _in_package(*parts: str) -> Path | None:
    """``parts`` inside the installed ``bot`` package, if there (a wheel install)."""
    # The bot package is always a plain directory (zip-safe is not claimed), so the
    # Traversable is a real path the corpus loader can walk.
    candidate = Path(str(resources.files("bot").joinpath(*parts)))
    return candidate if candidate.exists() else None


def bundled_seeds() -> Path:
    """The seed articles: ``bot/seeds`` in a wheel install, ``seeds/`` in a checkout."""
    return _in_package("seeds") or CHECKOUT / "seeds"


def seed_questions() -> Path:
    """The seed question set ``tanya eval`` measures by default."""
    return _in_package("questions", "seed_questions.jsonl") or CHECKOUT / "tests" / "data" / "seed_questions.jsonl"


def version() -> str:
    """The installed distribution's version (pyproject.toml's), or "unknown" when run
    from a checkout that was never installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"
