"""PDFs the PDF library cannot cope with (H29): an AES-encrypted one that opens without a
password (Acrobat's "permissions only"), fuzzed ones on which pypdf raises
NotImplementedError or AssertionError. Whatever pypdf raises on one file is that file's
failure, "unreadable PDF (...)": ``tanya add`` goes on to the next source and the loader
skips the file with its one-line warning. With ``cryptography`` installed (a core
dependency: see README, Dependencies) the AES PDF is read."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from local_http import make_pdf
from retrieval.corpus import load_corpus
from retrieval.formats import pdf_article

ROOT = Path(__file__).resolve().parent.parent
FUZZED = sorted((Path(__file__).parent / "data" / "pdf_fuzz").glob("*.pdf"))
LINES = ["Pengumuman Hasil Seleksi PPPK Empat Lawang", "", "BKPSDM Empat Lawang mengumumkan 180 peserta lulus seleksi PPPK pada Kamis."]
GOOD = ["Vaksinasi Campak Gratis di Lahat", "", "Dinas Kesehatan Lahat memberi vaksin campak gratis kepada 4.500 anak."]


def aes_pdf(algorithm: str) -> bytes:
    """A PDF encrypted with ``algorithm`` and an empty user password (it opens without
    one): pypdf needs cryptography both to write and to read it."""
    pytest.importorskip("cryptography", reason="pypdf writes and reads AES only with cryptography")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(LINES, title=LINES[0]))))
    writer.encrypt(user_password="", owner_password="pemilik", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_a_pdf_encrypted_with_aes_but_no_password_is_read(algorithm):
    article = pdf_article(aes_pdf(algorithm))
    assert article.title == LINES[0] and LINES[2] in article.paragraphs


def test_without_cryptography_an_aes_pdf_is_one_files_clear_failure(tmp_path):
    """pypdf picks its AES provider when imported: a child with cryptography (and
    pycryptodome) hidden is a machine without them."""
    path = tmp_path / "aes.pdf"
    path.write_bytes(aes_pdf("AES-128"))
    script = (
        "import sys; sys.modules['cryptography'] = sys.modules['Crypto'] = None\n"
        "from retrieval.formats import pdf_article\n"
        "try:\n    pdf_article(open(sys.argv[1], 'rb').read())\n"
        "except ValueError as error:\n    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "unreadable PDF (encrypted with AES; install cryptography to read it)"


@pytest.mark.parametrize("path", FUZZED, ids=[p.stem for p in FUZZED])
def test_a_fuzzed_pdf_is_an_unreadable_pdf_whatever_pypdf_raises(path):
    with pytest.raises(ValueError, match=r"^unreadable PDF \(\w+\)$"):
        pdf_article(path.read_bytes())


def test_add_goes_on_past_pdfs_the_library_fails_on(tmp_path, capsys):
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in FUZZED:
        (sources / path.name).write_bytes(path.read_bytes())
    (sources / "zz_rilis.pdf").write_bytes(make_pdf(GOOD, title=GOOD[0]))
    status = main(["add", "--corpus", str(tmp_path / "arsip"), "--index-dir", str(tmp_path / "index"), str(sources)])
    out = capsys.readouterr().out
    assert status == 0
    assert out.count("failed: ") == len(FUZZED) and "unreadable PDF (" in out
    assert "added: " in out and "1 added, 0 already in the archive, 2 failed" in out


def test_a_corpus_holding_such_pdfs_loads_the_rest_with_a_warning_each(tmp_path, caplog):
    for path in FUZZED:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "rilis.pdf").write_bytes(make_pdf(GOOD, title=GOOD[0]))
    with caplog.at_level(logging.WARNING, logger="retrieval.corpus"):
        corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["rilis"]
    warnings = [r.getMessage() for r in caplog.records if r.getMessage().startswith("skipping ")]
    assert len(warnings) == len(FUZZED) and all("unreadable PDF (" in w for w in warnings)


def test_ask_and_the_index_skip_such_pdfs_too(tmp_path, capsys, caplog):
    corpus = tmp_path / "arsip"
    corpus.mkdir()
    for path in FUZZED:
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "rilis.pdf").write_bytes(make_pdf(GOOD, title=GOOD[0]))
    with caplog.at_level(logging.WARNING):
        status = main(["ask", "--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "berapa anak diberi vaksin campak di Lahat"])
    assert status == 0
    assert "4.500 anak" in capsys.readouterr().out
    assert sum("unreadable PDF (" in r.getMessage() for r in caplog.records) == len(FUZZED)


class _Raising:
    """A stand-in for pypdf's reader (the library's, not ours) that fails as the process
    can: out of memory, or stopped with Ctrl-C while reading."""

    error: type[BaseException] = MemoryError

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise self.error


@pytest.mark.parametrize("error", [MemoryError, KeyboardInterrupt])
def test_the_process_running_out_of_memory_or_interrupted_is_no_unreadable_pdf(monkeypatch, error):
    import pypdf

    monkeypatch.setattr(pypdf, "PdfReader", type("Reader", (_Raising,), {"error": error}))
    with pytest.raises(error):
        pdf_article(make_pdf(GOOD, title=GOOD[0]))
