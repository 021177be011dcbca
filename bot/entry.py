"""The ``tanya`` command: :func:`bot.cli.main`, loaded so that Ctrl-C while it loads
(numpy and the rest take a few tenths of a second) ends quietly with status 130, as it
does once tanya runs, rather than with a traceback of the import."""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from bot.cli import main as run
    except KeyboardInterrupt:
        print(file=sys.stderr)  # the shell's "^C" stays on a line of its own
        return 130
    return run()
