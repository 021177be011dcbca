"""A corpus someone else filled (issue 17): names that are not UTF-8, files that vanish
while they are read, links out of the corpus and round in loops, terminal escapes in
articles and in what is typed, lines of many megabytes. Each odd file is left out with a
warning naming it; the rest answers; nothing reaches the terminal but text.

Real files in tmp_path, real processes for the commands; a file vanishes on cue through
an audit hook that acts on the file system when tanya opens a given file."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.console import Console
from bot.service import SearchService
from retrieval.chunking import MAX_PASSAGE_CHARS, parse_article, split_passage, without_controls
from retrieval.corpus import MAX_FILE_BYTES, CorpusError, corpus_files, fingerprint, load_corpus
from retrieval.library import Library
from retrieval.search import Searcher
from retrieval.store import open_library

ARTICLE = "Pasar Baru Diresmikan\n\nBupati Sisardi meresmikan pasar baru di Kecamatan Manna pada Senin.\n"
SECRET = "root:x:0:0:root:/root:/bin/bash\nrahasia negara kode peluncuran sembilan\n"
ESCAPES = "\x1b\x9b\x9d\x90\x07"  # ESC, 8-bit CSI and OSC, DCS, BEL


def skip_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and r.getMessage().startswith("skipping")]


def raw_path(directory: Path, name: bytes) -> Path:
    """``directory / name`` for a name given as bytes (not UTF-8, say)."""
    return Path(os.fsdecode(os.fsencode(directory) + b"/" + name))


def tanya(*args: str, stdin: bytes | None = None, index_dir: Path) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TANYA_") and k != "NO_COLOR"}
    environ["TANYA_INDEX_DIR"] = str(index_dir)
    command = [sys.executable, "-m", "bot", *args]
    return subprocess.run(command, input=stdin, capture_output=True, env=environ, timeout=300, check=False)


# -- names that are not UTF-8 or hold control characters (item 5) ----------------------


def bad_file(corpus: Path) -> str:
    raw_path(corpus, b"berita_\xff.txt").write_text(ARTICLE, encoding="utf-8")
    return "berita_\\xff.txt: name is not UTF-8"


def bad_folder(corpus: Path) -> str:
    folder = raw_path(corpus, b"arsip_\xfe")
    folder.mkdir()
    (folder / "lama.txt").write_text(ARTICLE, encoding="utf-8")
    return "arsip_\\xfe: folder name is not UTF-8"


def escape_in_name(corpus: Path) -> str:
    (corpus / "judul\x1b]0;pwned\x07.txt").write_text(ARTICLE, encoding="utf-8")
    return "judul\\x1b]0;pwned\\x07.txt: name holds control characters"


def newline_in_name(corpus: Path) -> str:
    (corpus / "dua\nbaris.md").write_text(ARTICLE, encoding="utf-8")
    return "dua\\x0abaris.md: name holds control characters"


ODD_NAMES = [bad_file, bad_folder, escape_in_name, newline_in_name]


@pytest.mark.parametrize("make", ODD_NAMES)
def test_an_odd_name_is_skipped_with_a_warning_naming_it(corpus_copy, caplog, make):
    expected = make(corpus_copy)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_copy)
    assert len(corpus.documents) == 5  # the seeds, all of them
    assert skip_warnings(caplog) == [f"skipping {corpus_copy}/{expected}"]
    assert all("\x1b" not in w and "\n" not in w for w in skip_warnings(caplog))


@pytest.mark.parametrize("make", ODD_NAMES)
def test_an_odd_name_neither_breaks_the_cache_key_nor_the_cache(corpus_copy, tmp_path, caplog, make):
    before = fingerprint(corpus_copy)
    make(corpus_copy)
    assert fingerprint(corpus_copy) != before  # its warning is part of what is cached
    for origin in ("built", "loaded"):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert open_library(corpus_copy, tmp_path / "index").origin == origin
        assert len(skip_warnings(caplog)) == 1


def test_a_corpus_directory_whose_own_path_is_not_utf8(tmp_path, seeds_dir):
    corpus = raw_path(tmp_path, b"korpus_\xff")
    shutil.copytree(seeds_dir, corpus)
    library = open_library(corpus, tmp_path / "index")
    assert len(library.documents) == 5
    assert open_library(corpus, tmp_path / "index").origin == "loaded"


# -- files that vanish while they are read (item 5) ------------------------------------


class OnOpen:
    """When tanya opens the file named ``trigger`` for the ``nth`` time, do ``action``
    to the file system: a file removed or renamed at a chosen moment. Audit hooks see
    every open in the process and cannot be removed, so one hook serves every plan."""

    plans: list[OnOpen] = []
    installed = False

    def __init__(self, trigger: str, nth: int, action) -> None:
        self.trigger, self.nth, self.action, self.seen = trigger, nth, action, 0

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if event != "open" or not cls.plans or isinstance(args[0], int):
            return
        name = os.path.basename(os.fsdecode(args[0]))
        for plan in list(cls.plans):
            if name == plan.trigger:
                plan.seen += 1
                if plan.seen == plan.nth:
                    cls.plans.remove(plan)
                    plan.action()

    def __enter__(self) -> OnOpen:
        if not OnOpen.installed:
            sys.addaudithook(OnOpen.hook)
            OnOpen.installed = True
        OnOpen.plans.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self in OnOpen.plans:
            OnOpen.plans.remove(self)


FIRST, VICTIM = "000_56970b467c1ddc30.txt", "004_b8076227a415273f.txt"


@pytest.mark.parametrize("action", ["delete", "rename"])
def test_a_file_removed_or_renamed_while_the_index_builds(corpus_copy, tmp_path, caplog, action):
    """Listed, then gone before it is read (a build opens each file once, and hashes
    what it reads): the file is left out with a warning, the rest answers, and the next
    start indexes the corpus as it is then."""
    victim = corpus_copy / VICTIM
    act = victim.unlink if action == "delete" else lambda: victim.rename(corpus_copy / "005_renamed.txt")
    with caplog.at_level(logging.WARNING), OnOpen(FIRST, 1, act) as plan:
        library = open_library(corpus_copy, tmp_path / "index")
    assert plan.seen == 1
    doc_ids = {d.doc_id for d in library.documents}
    assert VICTIM[:-4] not in doc_ids and len(doc_ids) >= 4
    messages = [r.getMessage() for r in caplog.records]
    assert f"skipping {victim}: No such file or directory" in messages
    # Each file is recorded with its stat from before it was read: the next start brings
    # the index up to the corpus as it is now (a renamed file indexed under its new name).
    again = open_library(corpus_copy, tmp_path / "index")
    assert {d.doc_id for d in again.documents} == {d.doc_id for d in load_corpus(corpus_copy).documents}
    assert open_library(corpus_copy, tmp_path / "index").origin == "loaded"


# -- links (item 7) ---------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the corpus holding what must never be served."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "more.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "target", "reason"),
    [
        ("secret.txt", "{outside}/secret.txt", "a link out of the corpus (to {outside}/secret.txt)"),
        ("relative.txt", "../outside/secret.txt", "a link out of the corpus (to {outside}/secret.txt)"),
        ("passwd.txt", "/etc/passwd", "a link out of the corpus (to /etc/passwd)"),
        ("arsip", "{outside}", "a link out of the corpus (to {outside})"),
        ("parent", "..", "a link out of the corpus (to {tmp})"),
        ("self.txt", "self.txt", "a broken link (Too many levels of symbolic links)"),
        ("gone.txt", "nowhere.txt", "a broken link (No such file or directory)"),
        ("folder.txt", "{outside}", "a link out of the corpus (to {outside})"),
    ],
)
def test_a_link_out_of_the_corpus_or_nowhere_is_skipped_with_a_warning(corpus_copy, outside, caplog, name, target, reason):
    values = {"outside": outside, "tmp": outside.parent}
    (corpus_copy / name).symlink_to(target.format(**values))
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_copy)
    assert skip_warnings(caplog) == [f"skipping {corpus_copy / name}: {reason.format(**values)}"]
    assert len(corpus.documents) == 5
    assert not any("root:x:0" in p or "rahasia" in p for d in corpus.documents for p in d.paragraphs)


def test_a_link_chain_that_ends_outside_is_out(corpus_copy, outside, caplog):
    (corpus_copy / "b.txt").symlink_to(outside / "secret.txt")
    (corpus_copy / "a.txt").symlink_to("b.txt")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_copy)
    assert [w.split(":")[0] for w in skip_warnings(caplog)] == [f"skipping {corpus_copy / 'a.txt'}", f"skipping {corpus_copy / 'b.txt'}"]
    assert len(corpus.documents) == 5


@pytest.mark.parametrize("target", [".", "..", "sub", "sub/deeper"])
def test_folder_link_loops_end(tmp_path, target):
    """A folder link is never followed, so no loop can start: the corpus is read once."""
    corpus = tmp_path / "corpus"
    (corpus / "sub" / "deeper").mkdir(parents=True)
    (corpus / "sub" / "deeper" / "berita.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "sub" / "deeper" / "loop").symlink_to(corpus / target)
    (corpus / "loop").symlink_to(corpus / target)
    assert [d.doc_id for d in load_corpus(corpus).documents] == ["sub/deeper/berita"]


def test_a_link_inside_the_corpus_is_read_under_its_name(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "2024").mkdir(parents=True)
    (corpus / "2024" / "pasar.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "terbaru.txt").symlink_to("2024/pasar.txt")
    (corpus / "tahun-ini").symlink_to("2024")  # a folder already read under its own name
    assert [d.doc_id for d in load_corpus(corpus).documents] == ["2024/pasar", "terbaru"]


def test_a_corpus_reached_through_a_link_keeps_its_inner_links(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "pasar.txt").write_text(ARTICLE, encoding="utf-8")
    (real / "salinan.txt").symlink_to(real / "pasar.txt")  # absolute, through the real path
    (tmp_path / "via").symlink_to(real)
    assert corpus_files(tmp_path / "via") == [tmp_path / "via" / "pasar.txt", tmp_path / "via" / "salinan.txt"]


def test_a_named_pipe_is_skipped_without_waiting(tmp_path):
    (tmp_path / "pasar.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipa.txt")
    corpus = load_corpus(tmp_path)
    assert [(Path(s.path).name, s.reason) for s in corpus.skipped] == [("pipa.txt", "not a regular file")]
    assert fingerprint(tmp_path)  # hashing does not wait on it either


# -- terminal escapes (item 6) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("\x1b]0;pwned\x07Judul", "Judul"),  # window title, BEL-terminated: its text goes too
        ("\x1b]0;pwned\x1b\\Judul", "Judul"),  # ... ST-terminated
        ("\x9d0;pwned\x9cJudul", "Judul"),  # ... in its 8-bit form
        ("\x1b[2J\x1b[HJudul", "Judul"),  # clear screen, cursor home
        ("\x1b[1;31mmerah\x1b[0m", "merah"),  # colours
        ("\x9b2JJudul", "Judul"),  # 8-bit CSI
        ("\x1bcJudul", "Judul"),  # reset
        ("\x1b(BJudul", "Judul"),  # character set
        ("\x1bPq#0;2;0;0;0\x1b\\Judul", "Judul"),  # DCS (sixel) up to ST
        ("a\x1b]0;tanpa akhir", "a0;tanpa akhir"),  # unterminated: only the introducer goes
        ("satu\x07dua\x7ftiga\x85empat", "satu dua tiga empat"),  # BEL, DEL, NEL: spaces
        ("satu\x0bdua\x0ctiga", "satu dua tiga"),  # a soft break, a page break: spaces, no paragraph's end
        ("satu\u2028dua\u2029tiga", "satu\ndua\n\ntiga"),  # Unicode's line and paragraph separators
        ("baris\tkolom\nbaris\r\n", "baris\tkolom\nbaris\r\n"),  # tab and line ends stay
        ("Bupati Sisardi – “Kita netral”, ujarnya.", "Bupati Sisardi – “Kita netral”, ujarnya."),
    ],
)
def test_control_characters_are_stripped(text, clean):
    assert without_controls(text) == clean


ESCAPE_ARTICLE = (
    "\x1b]0;pwned\x07Festival \x1b[31mKembang Api\x1b[0m Lahat Dibuka\n\n"
    "LAHAT, \x1b[2JSUMEKS.CO \u2013 Bupati Lahat, Cik Ujang, membuka \x9b2JFestival Kembang Api "
    "pada Sabtu, 12 Oktober 2024.\x1bc\n\n"
    "Festival itu diikuti\x07 120 peserta dari sembilan kecamatan.\x1b[?1049h\n"
)


def test_an_articles_title_source_and_paragraphs_hold_no_control_characters(tmp_path):
    (tmp_path / "festival.txt").write_text(ESCAPE_ARTICLE, encoding="utf-8")
    (document,) = load_corpus(tmp_path).documents
    assert document.title == "Festival Kembang Api Lahat Dibuka"
    assert document.source == "sumeks.co"
    assert document.date == "2024-10-12"
    assert document.paragraphs[0].startswith("LAHAT, SUMEKS.CO – Bupati Lahat, Cik Ujang, membuka Festival Kembang Api")
    for text in (document.title, document.source, *document.paragraphs):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)


@pytest.fixture
def escape_corpus(corpus_copy) -> Path:
    (corpus_copy / "festival.txt").write_text(ESCAPE_ARTICLE, encoding="utf-8")
    return corpus_copy


def no_terminal_control(output: bytes) -> bool:
    """Whether ``output`` (UTF-8) holds no ESC, BEL and no 8-bit C1 control."""
    return b"\x1b" not in output and b"\x07" not in output and not re.search(rb"\xc2[\x80-\x9f]", output)


@pytest.mark.parametrize("json_output", [False, True])
def test_ask_prints_no_escape(escape_corpus, tmp_path, json_output):
    question = "Siapa yang membuka Festival Kembang Api Lahat?\x1b]0;x\x07\x9b2J"
    done = tanya("ask", *(["--json"] if json_output else []), "--corpus", str(escape_corpus), question, index_dir=tmp_path / "i")
    assert done.returncode == 0, done.stderr
    assert no_terminal_control(done.stdout)
    assert "Cik Ujang" in done.stdout.decode()
    if json_output:
        (line,) = done.stdout.decode().splitlines()
        assert json.loads(line)["question"] == question  # escaped, not lost
        assert "\\u009b" in line


def test_chat_echoes_no_escape(escape_corpus, tmp_path):
    typed = "/\x1b]0;pwned\x07\x1b[2J\nSiapa yang membuka Festival Kembang Api Lahat?\n/full\n/\x9b2J\n"
    done = tanya("chat", "--corpus", str(escape_corpus), stdin=typed.encode(), index_dir=tmp_path / "i")
    assert done.returncode == 0, done.stderr
    assert no_terminal_control(done.stdout)
    out = done.stdout.decode()
    assert "Cik Ujang" in out and "\ufffd]0;pwned\ufffd" in out


@pytest.mark.parametrize("typed", ["/\x1b[2J", "/x\x1b]0;title\x07", "/\x9b2J", "/a\x00b"])
def test_the_unknown_command_reply_shows_controls_as_replacement_characters(seeds_dir, tmp_path, typed):
    import io

    console = Console(SearchService(seeds_dir, tmp_path / "i"), 3, io.StringIO(), color=False)
    reply = console.reply(typed).plain
    assert "\ufffd" in reply and not re.search("[\x00-\x1f\x7f-\x9f]", reply)


def test_a_reload_failure_shows_no_escape(tmp_path):
    import io

    corpus = tmp_path / "korpus\x1b[2J"
    corpus.mkdir()
    (corpus / "pasar.txt").write_text(ARTICLE, encoding="utf-8")
    console = Console(SearchService(corpus, tmp_path / "i"), 3, io.StringIO(), color=False)
    shutil.rmtree(corpus)
    reply = console.reply("/reload").plain
    assert "korpus" in reply and "\x1b" not in reply


# -- very long lines (item 8) ---------------------------------------------------------------


SENTENCES = " ".join(f"Kalimat nomor {i} menyebut Bupati Sisardi dan pasar baru." for i in range(2000))
WORDS = " ".join(f"kata{i}" for i in range(20000))


@pytest.mark.parametrize(
    ("paragraph", "cut_at"),
    [
        (SENTENCES, "sentence"),  # cut after a full stop
        (WORDS, "word"),  # no sentence ends: cut at a space
        ("x" * 25_000, "anywhere"),  # one "word": cut at the limit
        ("Pendek saja.", None),  # fits: itself
    ],
)
def test_a_long_paragraph_is_split_into_bounded_passages_losing_nothing(paragraph, cut_at):
    pieces = split_passage(paragraph)
    assert all(0 < len(piece) <= MAX_PASSAGE_CHARS for piece in pieces)
    assert "".join(pieces).replace(" ", "") == paragraph.replace(" ", "")
    if cut_at is None:
        assert pieces == [paragraph]
    elif cut_at == "sentence":
        assert all(piece.endswith(".") and piece.startswith("Kalimat") for piece in pieces)
        assert all(len(piece) > MAX_PASSAGE_CHARS // 2 for piece in pieces[:-1])
    elif cut_at == "word":
        assert set(" ".join(pieces).split()) == set(paragraph.split())  # no word broken
    else:
        assert [len(piece) for piece in pieces[:-1]] == [MAX_PASSAGE_CHARS] * (len(pieces) - 1)


def test_passages_of_a_split_paragraph_share_its_number(tmp_path):
    long = " ".join(f"Kalimat {i} tentang anggaran daerah." for i in range(400)) + " Bupati Sisardi meresmikan jembatan gantung."
    (tmp_path / "berita.txt").write_text(
        f"Jembatan Baru\n\nParagraf pertama tentang desa.\n\n{long}\n\nParagraf ketiga menyebut Camat Rahman memotong pita.\n",
        encoding="utf-8",
    )
    (document,) = load_corpus(tmp_path).documents
    pieces = len(document.paragraphs) - 2
    assert pieces >= 4
    assert document.numbers == (1, *[2] * pieces, 3)
    built = Library.from_corpus(load_corpus(tmp_path))
    open_library(tmp_path, tmp_path / ".index")  # hidden: not part of the corpus
    loaded = open_library(tmp_path, tmp_path / ".index")
    assert loaded.origin == "loaded" and list(loaded.documents) == list(built.documents)
    for library in (built, loaded):
        answers = {a.excerpt: a.paragraph for a in Searcher(library).ask("Siapa yang meresmikan jembatan gantung?", 5).answers}
        assert answers[next(e for e in answers if "jembatan gantung" in e)] == 2
        answers = Searcher(library).ask("Siapa yang memotong pita?", 1).answers
        assert answers[0].paragraph == 3


HOSTILE_LINES = {
    "spaces": "Berita " + " " * 100_000 + "x.",
    "dots": "Berita " + "." * 100_000 + " Akhir.",
    "one word": "Berita " + "a" * 100_000 + ". Bupati datang.",
    "weekday and spaces": "Senin" + " " * 100_000 + "x",
    "brackets.md": "# Judul\n\nBerita " + "[a" * 50_000,
    "stars.md": "# Judul\n\nBerita " + "*a " * 33_000,
    "links.md": "# Judul\n\nBerita " + "[a](" * 25_000,
    "images.md": "# Judul\n\nBerita " + "![a](" * 20_000,
    "heading.md": "# a" + " " * 100_000 + "b\n\nIsi berita.",
    "dashes": "Berita " + "-a/" * 33_000,
}


@pytest.mark.parametrize("name", HOSTILE_LINES)
def test_a_hostile_100kb_line_is_read_in_linear_time(tmp_path, name):
    """Each shape once cost the square of its length (a 20 KB line of spaces: 17 s; these
    100 KB ones: minutes to hours). The bound is generous: it catches a square, not a
    slow machine."""
    filename = name.replace(" ", "_") if name.endswith(".md") else name.replace(" ", "_") + ".txt"
    (tmp_path / filename).write_text(HOSTILE_LINES[name], encoding="utf-8")
    start = time.perf_counter()
    try:
        corpus = load_corpus(tmp_path)
    except CorpusError:
        corpus = None  # nothing readable in it: also an answer, in time
    assert time.perf_counter() - start < 10
    if corpus is not None:
        assert all(len(p) <= MAX_PASSAGE_CHARS for d in corpus.documents for p in d.paragraphs)
        assert len(corpus.documents[0].title) <= 300


def test_a_file_over_the_size_limit_is_skipped_unread(corpus_copy, caplog):
    with (corpus_copy / "dump.txt").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used, and never read
    before = fingerprint(corpus_copy)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_copy)
    assert skip_warnings(caplog) == [f"skipping {corpus_copy / 'dump.txt'}: larger than 10 MB ({MAX_FILE_BYTES + 1:,} bytes)"]
    assert len(corpus.documents) == 5
    with (corpus_copy / "dump.txt").open("ab") as handle:
        handle.truncate(MAX_FILE_BYTES + 2)
    assert fingerprint(corpus_copy) != before  # counted by its size, not its bytes


# -- all of it at once, as a user meets it ----------------------------------------------


@pytest.fixture
def hostile_corpus(corpus_copy, outside) -> Path:
    for make in ODD_NAMES:
        make(corpus_copy)
    (corpus_copy / "passwd.txt").symlink_to(outside / "secret.txt")
    (corpus_copy / "etc").symlink_to(outside)
    (corpus_copy / "loop").symlink_to(".")
    (corpus_copy / "self.txt").symlink_to("self.txt")
    (corpus_copy / "festival.txt").write_text(ESCAPE_ARTICLE, encoding="utf-8")
    (corpus_copy / "panjang.txt").write_text("Satu Baris\n\n" + SENTENCES * 20 + "\n", encoding="utf-8")
    return corpus_copy


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_a_hostile_corpus_starts_answers_and_warns(hostile_corpus, tmp_path, command):
    questions = ["Siapa Pjs Bupati Bengkulu Selatan?", "rahasia negara kode peluncuran", "Siapa yang membuka Festival Kembang Api Lahat?"]
    for run in ("built", "loaded"):
        if command == "ask":
            done = tanya("ask", "--json", "--corpus", str(hostile_corpus), *questions, index_dir=tmp_path / "i")
        else:
            done = tanya("chat", "--corpus", str(hostile_corpus), stdin="\n".join(questions).encode() + b"\n", index_dir=tmp_path / "i")
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr
        assert no_terminal_control(done.stdout) and no_terminal_control(done.stderr)
        out = done.stdout.decode()
        assert "Sisardi" in out and "Cik Ujang" in out
        assert "rahasia" not in out.replace(questions[1], "") and "root:x:0" not in out
        err = done.stderr.decode("utf-8", "backslashreplace")
        for name in ("berita_\\xff.txt", "arsip_\\xfe", "judul\\x1b]0;pwned\\x07.txt", "passwd.txt", "etc", "self.txt"):
            assert f"{hostile_corpus}/{name}:" in err, (run, name, err)


PAGE_BREAK_ARTICLES = {
    # One paragraph a line, a form feed where pdftotext's next page starts.
    "one a line": (
        "Jembatan Gantung Rampung\n"
        "MARTAPURA - Jembatan gantung sepanjang 120 meter di Desa Tanjung Raya rampung dibangun.\n"
        "Jembatan itu diresmikan Bupati OKU Timur, Lanosin Hamzah, pada Jumat.\n"
        "\fWarga tidak perlu lagi menyeberang dengan perahu saat musim hujan.\n"
        "Kepala Desa Suparman mengucapkan terima kasih kepada pemerintah.\n"
    ),
    # Blank lines between paragraphs, a page break inside one.
    "blank lines": (
        "Jembatan Gantung Rampung\n\n"
        "MARTAPURA - Jembatan gantung sepanjang 120 meter di Desa Tanjung Raya rampung dibangun dan\n"
        "\fdiresmikan Bupati OKU Timur, Lanosin Hamzah, pada Jumat.\n\n"
        "Warga tidak perlu lagi menyeberang dengan perahu.\n"
    ),
}


@pytest.mark.parametrize("kind, count", [("one a line", 4), ("blank lines", 2)])
def test_a_page_break_neither_ends_nor_joins_paragraphs(kind, count):
    article = parse_article(without_controls(PAGE_BREAK_ARTICLES[kind]))
    assert article.title == "Jembatan Gantung Rampung"
    assert len(article.paragraphs) == count
    assert article.paragraphs[0].startswith("MARTAPURA - Jembatan gantung")
