"""The ``tanya`` command: :func:`bot.cli.main`, loaded so that Ctrl-C while it loads
(numpy and the rest take a few tenths of a second) ends quietly with status 130, as it
does once tanya runs, rather than with a traceback of the import; and ended so that a
Ctrl-C pressed again while it exits ends it at once, quietly too."""

from __future__ import annotations

import os
import signal
import sys


def main() -> int:
    # While the command loads, a Ctrl-C ends the loading, and one more, pressed while
    # that is handled, the process at once: raised in the handling, it printed a
    # traceback (2 starts in 200 given two quick Ctrl-Cs). An ignored Ctrl-C (a
    # background job) stays ignored.
    loading = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if loading:
        signal.signal(signal.SIGINT, _stop_loading)
    try:
        from bot.cli import main as run

        if loading:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    except KeyboardInterrupt:
        print(file=sys.stderr)  # the shell's "^C" stays on a line of its own
        return 130
    try:
        status = run()
    except KeyboardInterrupt:  # a second Ctrl-C, in the handling of the first
        status = 130
    _quit_at_once_on_ctrl_c()
    return status


def _stop_loading(number: int, frame: object) -> None:
    """The first Ctrl-C while the command loads: stop loading; the next ends the process."""
    signal.signal(signal.SIGINT, _at_once)
    raise KeyboardInterrupt


def _at_once(number: int, frame: object) -> None:
    """Ctrl-C once tanya is ending: end now, with Ctrl-C's status."""
    os._exit(130)


def _quit_at_once_on_ctrl_c() -> None:
    """From here on, Ctrl-C ends the process with status 130 and nothing more: what is
    left is Python's own exit (joining threads, reaping a build's workers), where a
    KeyboardInterrupt printed "Exception ignored in: <module 'threading'>" and its
    traceback. Standard output is flushed first, as the exit would have."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: nothing to keep
        pass
    signal.signal(signal.SIGINT, _at_once)
