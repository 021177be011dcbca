"""Issue 13's target, run by hand: serve tests/data/ingest (news pages, an RSS and an
Atom feed, a PDF, a page of menus only, a redirect to file:, an oversized page) on
127.0.0.1, add them and three text files in other encodings with `tanya add`, add some
again, then ask about each article and about the page furniture.

    python scripts/ingest_demo.py ARCHIVE_DIR      (from the repository root)
"""
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

# tests/local_http.py is the test suite's local server; loaded by path, not installed.
_spec = importlib.util.spec_from_file_location("local_http", Path("tests/local_http.py"))
local_http = importlib.util.module_from_spec(_spec)
sys.modules["local_http"] = local_http
_spec.loader.exec_module(local_http)
news_site, serve, DATA = local_http.news_site, local_http.serve, local_http.NEWS_DATA
arsip = Path(sys.argv[1])
with serve(news_site()) as site:
    def run(*args):
        print("$ tanya " + " ".join(args), flush=True)
        start = time.perf_counter()
        done = subprocess.run([".venv/bin/tanya", *args], capture_output=True, text=True)
        print(done.stdout + done.stderr + f"[exit {done.returncode}, {time.perf_counter() - start:.2f} s]\n", flush=True)
    run("add", "--corpus", str(arsip), str(DATA / "nelayan_utf16.txt"), str(DATA / "kopi_latin1.txt"), str(DATA / "durian_cp1252.txt"),
        site.url("/daerah/jembatan-gantung"), site.url("/rss.xml"), site.url("/atom.xml"),
        site.url("/indeks"), site.url("/ke-berkas"), site.url("/raksasa"), "file:///etc/passwd")
    run("add", "--corpus", str(arsip), site.url("/daerah/jembatan-gantung"), str(DATA / "kopi_latin1.txt"))
    for q in ["berapa anggaran pembangunan jembatan gantung Tanjung Raya", "berapa kios baru di Pasar Tradisional Sekayu",
              "berapa anak mendapat vaksinasi campak gratis di Lahat", "berapa harga biji kopi kering Semendo",
              "berapa kapal motor diserahkan kepada nelayan Bengkulu", "berapa pengunjung festival durian Kepahiang",
              "berapa harga cabai rawit di Pasar Bawah Lubuklinggau", "pemadaman listrik bergilir di Desa Sukakarya",
              "resep pempek kapal selam terenak", "alamat redaksi Kabar Musi di Jalan Yos Sudarso"]:
        done = subprocess.run([".venv/bin/tanya", "ask", "--json", "--corpus", str(arsip), q], capture_output=True, text=True)
        answers = json.loads(done.stdout)["answers"]
        a = answers[0] if answers else None
        print(f"? {q}\n  -> " + (f"{a['title']} | {a['date']} | {a['url']} | ¶{a['paragraph']}" if a else "not found"))
