"""The scripts of ``scripts/``, imported from their files for their tests: ``scripts/`` is
no package, and each script is run as a file."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from beside import ROOT


@contextmanager
def script(name: str) -> Iterator[ModuleType]:
    """``scripts/<name>.py`` as a module, in ``sys.modules`` while in use: its dataclasses
    look their module up there."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]
