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


# -- an interrupted build (H92: Ctrl-C to `tanya add` during its pool's start-up left two
# idle workers and the parent waiting on each other for an hour) -----------------------


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _pid() -> int:
    return os.getpid()


def test_stopped_workers_end_now_not_when_their_work_is_done():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from retrieval.orphans import build_worker, stop_workers

    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"), initializer=build_worker, initargs=(os.getpid(),))
    busy = [pool.submit(_sleep, 120) for _ in range(2)]
    workers = list(pool._processes.values())
    for _ in range(100):  # until both have taken their task
        if all(future.running() for future in busy):
            break
        time.sleep(0.05)
    pool.shutdown(wait=False, cancel_futures=True)
    stop_workers(workers)
    assert [_alive(process.pid) for process in workers] == [False, False]


# A pool whose thread is left reading a result a worker was ended halfway through
# sending (a length, then only ten of its bytes, on the real pool's result pipe), ended
# by end_pool; "ended" once the pool's thread has stopped. The process's exit waits for
# that thread: while it read on, the exit hung for ever.
HALF_SENT = textwrap.dedent(
    """
    import multiprocessing, os, struct, sys
    from concurrent.futures import ProcessPoolExecutor
    from retrieval.orphans import build_worker, end_pool

    if __name__ == "__main__":
        pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"), initializer=build_worker, initargs=(os.getpid(),))
        assert pool.submit(abs, -1).result(timeout=60) == 1  # workers up, the pool's thread waiting for results
        thread = pool._executor_manager_thread
        os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"x" * 10)
        end_pool(pool)  # returns once the thread has ended
        print("ended" if not thread.is_alive() else "still reading", flush=True)
    """
)


def test_an_ended_pool_stops_reading_a_result_cut_off_halfway(tmp_path):
    script = tmp_path / "half_sent.py"
    script.write_text(HALF_SENT)
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    try:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=environment)
    except subprocess.TimeoutExpired as stuck:
        pytest.fail(f"the process never exited: {stuck.stdout!r}")
    assert (done.stdout.strip(), done.returncode) == ("ended", 0), done.stderr[-2000:]
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr


def _started_worker(parent: int, ready) -> None:
    """A build worker's start, then waiting to be ended."""
    from retrieval.orphans import build_worker

    build_worker(parent)
    ready.set()
    time.sleep(60)


def test_a_build_worker_ends_on_sigterm_whatever_handler_it_was_forked_with():
    """`tanya add` takes SIGTERM as Ctrl-C; a worker forked from it must not, or
    stop_workers's SIGTERM would be a KeyboardInterrupt the pool sends back. Forked here
    without a pool: a pool's manager thread may reap the ended worker first, and its
    exit code was then never read (the test failed one run in three)."""
    import multiprocessing

    def interrupt(number, frame):
        raise KeyboardInterrupt

    context = multiprocessing.get_context("fork")
    ready = context.Event()
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        process = context.Process(target=_started_worker, args=(os.getpid(), ready))
        process.start()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert ready.wait(30)
    process.terminate()
    process.join(30)
    assert process.exitcode == -signal.SIGTERM


def test_a_build_worker_leaves_ctrl_c_to_its_parent():
    """A terminal's Ctrl-C reaches every process of the group: the worker goes on, the
    parent decides."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from retrieval.orphans import build_worker

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=build_worker, initargs=(os.getpid(),)) as pool:
        worker = pool.submit(_pid).result(timeout=30)
        os.kill(worker, signal.SIGINT)
        time.sleep(0.2)
        assert pool.submit(_pid).result(timeout=30) == worker


HELD = textwrap.dedent(
    """
    import os, signal
    from retrieval.orphans import interrupts_held
    try:
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            print("held", flush=True)
        print("not delivered", flush=True)
    except KeyboardInterrupt:
        print("delivered after", flush=True)
    """
)


def test_an_interrupt_while_forking_is_held_and_delivered_after():
    """An interrupt arriving inside os.fork's hooks was swallowed with a traceback and
    the add ran on (CI, 2026-12-04): held, it stops the code right after the fork."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", HELD], cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("held\ndelivered after\n", "")


def _blocked(pid: int) -> int:
    """The signal mask ``pid`` blocks, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigBlk:")), 16)


def test_a_worker_forked_while_interrupts_are_held_takes_them_again():
    """The pool forks its workers under interrupts_held; inherited, the held SIGTERM
    would keep stop_workers from ending them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from retrieval.orphans import build_worker, interrupts_held

    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=build_worker, initargs=(os.getpid(),))
    try:
        with interrupts_held():
            future = pool.submit(_pid)
            assert _blocked(os.getpid()) & (1 << (signal.SIGINT - 1))
        worker = future.result(timeout=30)
        assert not _blocked(worker) & ((1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1)))
        assert not _blocked(os.getpid()) & (1 << (signal.SIGINT - 1))
        # SIGTERM ends it. Not read from its exit code: the pool's manager thread may reap
        # the ended worker first, and the code was then never read (one run in three).
        os.kill(worker, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker)
    finally:
        pool.shutdown(wait=False)


def _children(pid: int) -> list[int]:
    """The processes ``pid``'s threads have forked, as /proc lists them now. A thread (or
    the process) may end between the listing and the reading: it has no children then."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended since the listing (a CI run met this)
    return found


def test_an_add_interrupted_while_its_build_reads_ends_with_its_workers(tmp_path):
    """`kill -INT` to `tanya add` (the parent alone) while its build's workers read:
    status 130, one line saying what became of the add, and no worker left behind."""
    corpus = tmp_path / "arsip"
    corpus.mkdir()
    paragraph = "Pemerintah kabupaten meresmikan jembatan gantung baru di desa terpencil itu pada hari Senin. " * 40
    # Over the build's 4 MB and 500 files: read by two workers, for about two seconds
    # here (1,500 files gave a second, and a loaded CI machine once saw the workers only
    # as the build ended: the signal then came after the add was done, status 1).
    for i in range(3000):
        (corpus / f"berita{i:04d}.txt").write_text(f"Judul Berita Nomor {i}\n\n{paragraph}\n\n{paragraph} {i}\n", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root), "TANYA_INDEX_DIR": str(tmp_path / "index")}
    add = subprocess.Popen([sys.executable, "-m", "bot", "add", "--corpus", str(corpus), str(tmp_path / "tidak-ada.txt")], env=env, cwd=root,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        workers: list[int] = []
        for _ in range(3000):  # at most 60 s: until the pool has started
            workers = _children(add.pid) if add.poll() is None else []
            if len(workers) >= 2 or add.poll() is not None:
                break
            time.sleep(0.02)
        assert len(workers) >= 2, "the build was done before its workers were seen"
        add.send_signal(signal.SIGINT)
        out, err = add.communicate(timeout=60)
        assert add.returncode == 130
        assert (out, err) == ("interrupted while indexing the archive, before any source was read: nothing added\n", "")
    finally:
        if add.poll() is None:
            add.kill()
    for _ in range(100):
        if not any(_alive(worker) for worker in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(worker) for worker in workers)
