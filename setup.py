"""Build step pyproject.toml cannot say: the bundled seed articles (``seeds/``) and the
seed question set (``tests/data/seed_questions.jsonl``) are copied into the ``bot``
package of a wheel (``bot/seeds/``, ``bot/questions/``), so a regular install or pipx
answers and evaluates from any directory while the repository keeps ``seeds/`` at the
top. An editable install needs no copy: ``bot.bundled`` finds them in the checkout.
Everything else about the package is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# (source in the repository, destination inside the built ``bot`` package)
BUNDLED = (("seeds", "seeds"), ("tests/data/seed_questions.jsonl", "questions/seed_questions.jsonl"))


class BuildWithSeeds(build_py):
    """``build_py`` into an emptied build directory, then the bundled data copied (never
    linked) into the built package. pip builds in the checkout's ``build/``: a file
    deleted from the checkout since the last build (a retracted seed article, a data
    file) stayed there and shipped in every later wheel."""

    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            for package in self.packages or ():
                shutil.rmtree(Path(self.build_lib) / package.replace(".", "/"), ignore_errors=True)
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the checkout itself is imported: bot.bundled falls back to it
        package = Path(self.build_lib) / "bot"
        for source, target in BUNDLED:
            origin, destination = ROOT / source, package / target
            if origin.is_dir():
                shutil.copytree(origin, destination)
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, destination)


setup(cmdclass={"build_py": BuildWithSeeds})
