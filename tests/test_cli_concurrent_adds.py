"""Two ``tanya add`` of the same articles at once (H36): each article is added by one of
them, and the other reports it as already in the archive, never a second "added".

Both processes read the archive (empty) before either writes: each first fetches a page
from a site on 127.0.0.1 that answers only when both have asked (a barrier), so the two
runs are made to overlap rather than hoped to.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from retrieval.store import open_library

ROOT = Path(__file__).resolve().parent.parent
PAGE = (Path(__file__).parent / "data" / "ingest" / "berita_pasar.html").read_bytes()
RUNS = 2
ARTICLES = 20
BARRIER_SECONDS = 15.0  # under the fetcher's read timeout (20 s)
RUN_SECONDS = 180
SUMMARY_RE = re.compile(r"^(\d+) added, (\d+) already in the archive, (\d+) failed", re.MULTILINE)


@contextmanager
def meeting_site(parties: int) -> Iterator[str]:
    """A page on 127.0.0.1 served to no one until ``parties`` requests are waiting."""
    barrier = threading.Barrier(parties, timeout=BARRIER_SECONDS)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                self.send_error(503, "the other add never asked")
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/berita/pasar.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        (folder / f"berita_{number:02d}.txt").write_text(
            f"Rapat desa ke-{number} membahas jalan\n\n"
            f"Warga desa nomor {number} berkumpul di balai desa untuk membahas perbaikan jalan.\n\n"
            f"Kepala desa berjanji perbaikan selesai dalam {number + 2} pekan.\n",
            encoding="utf-8",
        )


@pytest.mark.parametrize("sources", ["folder", "files"])
def test_two_adds_of_the_same_articles_at_once_add_each_once(tmp_path, sources):
    incoming, corpus, index = tmp_path / "incoming", tmp_path / "articles", tmp_path / "index"
    write_articles(incoming, ARTICLES)
    corpus.mkdir()
    named = [str(incoming)] if sources == "folder" else sorted(str(p) for p in incoming.iterdir())
    with meeting_site(RUNS) as page:
        command = [sys.executable, "-m", "bot", "add", "--corpus", str(corpus), "--index-dir", str(index), page, *named]
        runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(RUNS)]
        try:
            outputs = [run.communicate(timeout=RUN_SECONDS) for run in runs]
        finally:
            for run in runs:
                run.kill()
    assert [run.returncode for run in runs] == [0] * RUNS, [err for _, err in outputs]
    total = ARTICLES + 1  # and the page both fetched
    summaries = [tuple(int(n) for n in SUMMARY_RE.search(out).groups()) for out, _ in outputs]  # type: ignore[union-attr]
    assert sum(added for added, _, _ in summaries) == total, outputs
    assert all(added + held == total and failed == 0 for added, held, failed in summaries), summaries
    # Each article: "added" in one transcript, "already in the archive" in the other.
    added_lines = [line for out, _ in outputs for line in out.splitlines() if line.startswith("added: ")]
    held_lines = [line for out, _ in outputs for line in out.splitlines() if line.startswith("skipped: ")]
    assert len(added_lines) == total and len(held_lines) == total
    assert all(": already in the archive (" in line for line in held_lines)
    assert len(list(corpus.glob("*.txt"))) == total
    assert len(open_library(corpus, index).documents) == total
