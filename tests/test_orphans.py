"""A worker outlives a killed build only if nothing kills it: retrieval/orphans.py.

The build's workers inherit the index's lock; left alive after their parent is killed
outright, they hold it, and every later start waits on them for ever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")

# A parent that starts one pool worker (with or without die_with_parent), waits until the
# worker has written its pid, and kills itself with SIGKILL: no clean-up of any kind runs.
PARENT = textwrap.dedent(
    """
    import multiprocessing, os, signal, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from retrieval.orphans import die_with_parent

    def work(path):
        with open(path + ".tmp", "w") as f:
            f.write(str(os.getpid()))
        os.replace(path + ".tmp", path)
        time.sleep(120)

    if __name__ == "__main__":
        path, context, guarded = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
        extra = {"initializer": die_with_parent, "initargs": (os.getpid(),)} if guarded else {}
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(context), **extra)
        pool.submit(work, path)
        for _ in range(600):
            if os.path.exists(path):
                break
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _alive(pid: int) -> bool:
    """Running, not gone nor a zombie (an orphan's new parent may be slow to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def _worker_after_parent_killed(tmp_path: Path, context: str, guarded: bool) -> int:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    pid_file = tmp_path / "worker.pid"
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, str(script), str(pid_file), context, "1" if guarded else "0"], env=env, timeout=60)
    assert done.returncode == -signal.SIGKILL
    return int(pid_file.read_text())


@pytest.mark.parametrize("context", ["fork", "spawn"])
def test_a_worker_dies_with_its_killed_parent(tmp_path, context):
    worker = _worker_after_parent_killed(tmp_path, context, guarded=True)
    for _ in range(100):  # at most 10 s
        if not _alive(worker):
            break
        time.sleep(0.1)
    assert not _alive(worker)


def test_without_it_the_worker_is_left_behind(tmp_path):
    # What the build's workers did before: the reason for the module.
    worker = _worker_after_parent_killed(tmp_path, "fork", guarded=False)
    try:
        time.sleep(0.5)
        assert _alive(worker)
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
