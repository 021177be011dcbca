"""tanya on a hostile corpus: does it start, answer, and keep the terminal and the host safe?

    python -m benchmarks.hostile_corpus [--size-mb 40] [--read-mb 9] [--keep]

Builds, in a temporary directory, the bundled seed articles plus everything issue 17
names: a file and a folder whose names are not UTF-8, a name holding an escape, two
files removed while tanya reads the corpus, a link out to /etc/passwd and one to /etc, a
folder link looping back to the corpus and a file link looping on itself, an article
full of terminal escapes (window title, clear screen, colours, 8-bit CSI), a
``--size-mb`` one-line file (over the 10 MB limit: skipped unread) and a ``--read-mb``
one-line file (under it: read, split into passages). Then runs ``tanya ask --json`` on it three times in a
subprocess (a cold build while files vanish, a build that caches, a start from the
cache) and a piped ``tanya chat`` that types an escape as a command, and prints for
each: exit status, whether standard error holds a traceback, whether anything of
/etc/passwd was served, whether an ESC (or an 8-bit C1 control) reached standard
output, the child's peak RSS, its wall time. Last, the time of each answer, asked
in-process of the cached index.

The files vanish on cue, not by luck: a thread watches the corpus with inotify and
deletes ``n_vanish_a.txt`` when the long file that is read is opened the first time
(tanya is hashing it for the cache key, with ``n_vanish_a.txt`` listed and not yet
read) and ``n_vanish_b.txt`` at its second opening (reading the corpus: listed, not yet
read).
Linux only (inotify, /etc/passwd); run by hand, it is no test.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import logging
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LONG = "m_long.txt"  # over the size limit
READ = "m_read.txt"  # under it; its openings are the cues for VANISH
VANISH = ("n_vanish_a.txt", "n_vanish_b.txt")
QUESTIONS = (
    "Siapa Pjs Bupati OKU Timur?",
    "Siapa Pjs Bupati Bengkulu Selatan?",
    "root daemon bin sys sync games nologin bash",  # words of /etc/passwd
    "Siapa yang memimpin upacara Festival Kembang Api Lahat?",  # the article with escapes
    "kapan deklarasi netralitas asn muba",
)
ESCAPE_ARTICLE = (
    "\x1b]0;pwned window title\x07Festival Kembang Api \x1b[31mLahat\x1b[0m Dibuka\n\n"
    "LAHAT, \x1b[2J\x1b[HSUMEKS.CO \u2013 Bupati Lahat, Cik Ujang, memimpin upacara pembukaan "
    "Festival Kembang Api Lahat pada Sabtu, 12 Oktober 2024.\x1bc\n\n"
    "Festival itu diikuti \x9b2J120 peserta dari sembilan kecamatan.\x07\n"
)
IN_OPEN = 0x20
EVENT = struct.Struct("iIII")


def build(directory: Path, size_mb: int, read_mb: int) -> None:
    """The hostile corpus in ``directory`` (see the module's docstring)."""
    shutil.copytree(SEEDS, directory)
    article = "Judul Berita\n\nBupati meresmikan pasar baru di kecamatan itu pada Senin.\n"
    raw = os.fsencode(directory)
    (Path(os.fsdecode(raw + b"/berita_\xff.txt"))).write_text(article, encoding="utf-8")
    os.mkdir(raw + b"/arsip_\xfe")
    Path(os.fsdecode(raw + b"/arsip_\xfe/lama.txt")).write_text(article, encoding="utf-8")
    (directory / "judul\x1b[2J.txt").write_text(article, encoding="utf-8")
    (directory / "passwd.txt").symlink_to("/etc/passwd")
    (directory / "etc").symlink_to("/etc")
    (directory / "loop").symlink_to(".")
    (directory / "self.txt").symlink_to("self.txt")
    (directory / "festival.txt").write_text(ESCAPE_ARTICLE, encoding="utf-8")
    for name in VANISH:
        (directory / name).write_text(article.replace("pasar", "terminal"), encoding="utf-8")
    write_long_line(directory / LONG, size_mb * 1_000_000)
    write_long_line(directory / READ, read_mb * 1_000_000)


def write_long_line(path: Path, size: int) -> None:
    """One line of ``size`` bytes: the seeds' sentences over and over, no line break."""
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(SEEDS.glob("*.txt"))) + " "
    block = (text * (1_000_000 // len(text) + 1)).encode("utf-8")[:1_000_000]
    with path.open("wb") as handle:
        for _ in range(size // len(block)):
            handle.write(block)
        handle.write(b"\n")


class Vanisher(threading.Thread):
    """Deletes VANISH[i] when READ is opened for the (i+1)-th time (inotify IN_OPEN)."""

    def __init__(self, directory: Path) -> None:
        super().__init__(daemon=True)
        self.directory = directory
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_CLOEXEC)
        if self.fd < 0 or self.libc.inotify_add_watch(self.fd, os.fsencode(directory), IN_OPEN) < 0:
            raise OSError(ctypes.get_errno(), "inotify")
        self.deleted: list[str] = []

    def run(self) -> None:
        opened = 0
        while opened < len(VANISH):
            data = os.read(self.fd, 65536)
            offset = 0
            while offset < len(data):
                _, _, _, length = EVENT.unpack_from(data, offset)
                name = data[offset + EVENT.size : offset + EVENT.size + length].rstrip(b"\0")
                offset += EVENT.size + length
                if name == READ.encode() and opened < len(VANISH):
                    (self.directory / VANISH[opened]).unlink()
                    self.deleted.append(VANISH[opened])
                    opened += 1


def run(command: list[str], stdin: bytes | None = None) -> dict[str, object]:
    """Run ``command``; what the report needs of it. Its peak RSS is its own
    (os.wait4's resource usage), not the largest of all children so far."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, stdout=out, stderr=err, cwd=ROOT
        )
        if stdin:
            process.stdin.write(stdin)  # type: ignore[union-attr]
            process.stdin.close()  # type: ignore[union-attr]
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    passwd = [line for line in Path("/etc/passwd").read_bytes().splitlines() if len(line) > 10]
    return {
        "exit": process.returncode,
        "traceback": b"Traceback" in stderr,
        "passwd served": any(line in stdout for line in passwd) or b'"doc_id": "passwd' in stdout,
        "ESC on stdout": b"\x1b" in stdout,
        "C1 on stdout": any(bytes([0xC2, c]) in stdout for c in range(0x80, 0xA0)),
        "peak RSS MB": round(usage.ru_maxrss / 1024),  # KB on Linux
        "seconds": round(seconds, 1),
        "stdout": stdout,
        "stderr": stderr,
    }


def report(title: str, result: dict[str, object]) -> None:
    print(f"\n== {title}")
    for key in ("exit", "traceback", "passwd served", "ESC on stdout", "C1 on stdout", "peak RSS MB", "seconds"):
        print(f"  {key:15s} {result[key]}")
    lines = result["stderr"].decode("utf-8", "backslashreplace").splitlines()  # type: ignore[union-attr]
    print(f"  stderr ({len(lines)} lines):")
    for line in lines:
        print(f"    {line[:160]}")


def answers(stdout: bytes) -> None:
    for line in stdout.decode("utf-8").splitlines():
        result = json.loads(line)
        first = result["answers"][0] if result["answers"] else None
        where = f"{first['doc_id']} paragraph {first['paragraph']}: {first['excerpt'][:70]!r}" if first else "not found"
        print(f"    {result['question'][:45]!r:48s} -> {where}")


def timings(corpus: Path, index_dir: Path) -> None:
    """Each question asked in-process of the cached index, twice: the first time pays
    for what the searcher keeps (the terms of each article it meets), the second not."""
    from retrieval.search import Searcher
    from retrieval.store import open_library

    logging.getLogger("retrieval").setLevel(logging.ERROR)  # the runs above showed the warnings
    library = open_library(corpus, index_dir)
    searcher = Searcher(library)
    longest = max(len(library.passages.texts[i]) for i in range(0, len(library.passages), 97))
    print(f"\n== answering in-process from the cache ({len(library.passages)} passages, longest sampled {longest} chars)")
    print("   first ask   again   answers  question")
    for question in QUESTIONS:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            result = searcher.ask(question)
            times.append((time.perf_counter() - start) * 1000)
        print(f"  {times[0]:8.0f} ms {times[1]:6.0f} ms  {len(result.answers):7d}  {question}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=40, help="size of the one-line file over the limit (default 40)")
    parser.add_argument("--read-mb", type=int, default=9, help="size of the one-line file under it (default 9)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    temporary = Path(tempfile.mkdtemp(prefix="tanya-hostile-"))
    corpus, index_dir = temporary / "corpus", temporary / "index"
    try:
        build(corpus, args.size_mb, args.read_mb)
        ask = [sys.executable, "-m", "bot", "ask", "--json", "--corpus", str(corpus), "--index-dir", str(index_dir), *QUESTIONS]
        vanisher = Vanisher(corpus)
        vanisher.start()
        first = run(ask)
        vanisher.join(timeout=1)
        title = f"tanya ask --json, cold, lines of {args.size_mb} and {args.read_mb} MB; removed while reading: {', '.join(vanisher.deleted)}"
        report(title, first)
        answers(first["stdout"])  # type: ignore[arg-type]
        report("tanya ask --json again (builds, caches)", run(ask))
        cached = run(ask)
        report("tanya ask --json a third time (from the cache)", cached)
        chat = [sys.executable, "-m", "bot", "chat", "--corpus", str(corpus), "--index-dir", str(index_dir)]
        typed = "/\x1b]0;pwned\x07\x1b[2J\nSiapa yang memimpin upacara Festival Kembang Api Lahat?\n/full\n".encode()
        env_chat = run(chat, stdin=typed)
        report("tanya chat, piped, an escape typed as a command", env_chat)
        timings(corpus, index_dir)
    finally:
        if args.keep:
            print(f"\nkept {temporary}")
        else:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
