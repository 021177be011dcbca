"""Workers that die with the process that started them.

A build reads the corpus in forked or spawned workers while the index's lock is held.
If the starting process is killed outright (kill -9, the OOM killer, a SIGTERM to its
pid alone), its workers are left waiting on a pipe nobody will write to, holding the
inherited lock, and every later start on that index waits with them. On Linux the
kernel can send a worker a signal when its parent dies (prctl PR_SET_PDEATHSIG);
elsewhere nothing is done, and such a worker is left as before.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

# From <linux/prctl.h>.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when ``parent`` (the pid that started it) dies, and leave
    at once if it died before this was asked."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # no prctl to be had: a worker as before
    if os.getppid() != parent:  # the parent died between the fork and the prctl
        os._exit(1)
