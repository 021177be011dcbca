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
import multiprocessing.process
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

# From <linux/prctl.h>.
PR_SET_PDEATHSIG = 1
# Seconds a stopped worker is given to end before it is killed.
STOP_GRACE = 5.0
# The signals that stop `tanya add` (SIGTERM is taken as Ctrl-C).
STOPPING = frozenset({signal.SIGINT, signal.SIGTERM})


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held while this process forks, and delivered when it is done,
    as a KeyboardInterrupt where the code can take it. One arriving inside os.fork's
    own hooks (logging releasing its lock in the parent) was "ignored" by Python: a
    traceback on stderr, and the add it was meant to stop ran on to its end. Forked
    children inherit the held mask: :func:`signals_released` in them. Only the main
    thread, where Python takes signals, holds them."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def signals_released() -> None:
    """In a child forked under :func:`interrupts_held`: take SIGINT and SIGTERM again."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


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


def build_worker(parent: int) -> None:
    """A build worker's start: it dies with ``parent`` and leaves Ctrl-C to it. A
    terminal's Ctrl-C reaches every process of the group; the parent alone decides what
    an interrupt stops (:func:`stop_workers`), where each worker raising its own
    KeyboardInterrupt into the pool's queues could leave them waiting on each other.
    SIGTERM ends it, whatever handler a forked worker inherited (``tanya add`` takes
    SIGTERM as Ctrl-C): :func:`stop_workers` sends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signals_released()  # forked under interrupts_held: SIGTERM must reach it
    die_with_parent(parent)


def stop_workers(processes: list[multiprocessing.process.BaseProcess]) -> None:
    """End a pool's workers now, rather than wait for them: after an interrupt the
    pool's own shutdown may never come (an interrupt inside its start-up left two idle
    workers waiting on their task queue, and ``tanya add`` waiting for them at exit,
    for an hour, until killed). SIGTERM, then SIGKILL for one still there after
    STOP_GRACE seconds."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_GRACE)
        if process.is_alive():
            process.kill()
            process.join(STOP_GRACE)


def end_pool(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down now (after an interrupt, or a worker failing): its queued
    tasks cancelled, its workers ended (:func:`stop_workers`), and then this process's
    end of the pipe the workers send results on closed. The pool's thread may be
    reading a result a worker was ended halfway through sending; with a writer still
    open here it waited for the rest for ever, and the exit with it (2 builds in 25,
    each stopped with two quick Ctrl-Cs, hung so). Closed, it reads the pipe's end and
    stops; it is waited for (at most STOP_GRACE seconds): the exit, waking it while it
    closed its pipes, wrote on a closed one ("Exception ignored ... Bad file
    descriptor"). CPython's pool keeps its workers, the pipe and the thread where
    shutdown forgets them."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    thread = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    stop_workers(workers)
    writer = getattr(results, "_writer", None)
    if writer is not None:  # the pool's thread never writes on it, nor closes it
        writer.close()
    if isinstance(thread, threading.Thread) and thread is not threading.current_thread():
        thread.join(STOP_GRACE)
