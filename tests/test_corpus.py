"""Loading a corpus directory: metadata of the seeds, and every kind of bad file."""

from __future__ import annotations

import logging

import pytest

from retrieval.chunking import is_caption
from bot.presenter import present_sources
from retrieval.corpus import CorpusError, Document, load_corpus, paragraph_count

SEED_METADATA = [
    ("000_56970b467c1ddc30", "Media Center Rejang Lebong", None, "Usai dikukuhkan menjadi Pejabat Sementara"),
    ("001_8b19b7e41f79d3d6", "sumateraekspres.id", "2024-09-26", "Pjs Bupati OKU Timur Ingatkan Netralitas ASN dalam Pilkada 2024"),
    ("002_a5d4a4758ad8401f", "kantor-berita.com", "2024-09-30", "Plt Gubernur Bengkulu Pimpin Rakor Tegaskan Netralitas ASN dan HUT ke-56 Provinsi"),
    ("003_16e99507f5c9788d", "sumateraekspres.id", "2023-12-27", "Bijak Bermedsos, Melanggar Bisa Dipecat"),
    ("004_b8076227a415273f", "harianbengkuluekspress.id", "2024-11-04", "Pimpin Apel Pagi, Ini Pesan Pjs Bupati BS pada ASN"),
]


@pytest.mark.parametrize(("doc_id", "source", "date", "title"), SEED_METADATA)
def test_seed_metadata(seed_corpus, doc_id, source, date, title):
    document = next(d for d in seed_corpus.documents if d.doc_id == doc_id)
    assert document.source == source
    assert document.date == date
    assert document.title.startswith(title)


def test_title_made_from_first_sentence_is_short_and_whole_words(seed_corpus):
    title = seed_corpus.documents[0].title
    assert len(title) <= 101 and title.endswith("…")
    assert title[:-1] in seed_corpus.documents[0].paragraphs[0]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n \t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("noise.txt", bytes(range(256)) * 8, "binary file"),
        ("furniture.txt", b"BACA JUGA: Something else\nhttps://example.com/x\nShare\n", "no paragraphs"),
    ],
)
def test_bad_file_is_skipped_with_a_warning_naming_it(corpus_copy, caplog, name, content, reason):
    (corpus_copy / name).write_bytes(content)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_copy)
    assert len(corpus.documents) == 5
    assert [s.reason.split(" (")[0] for s in corpus.skipped] == [reason]
    assert any(name in record.getMessage() and reason in record.getMessage() for record in caplog.records)


def test_doc_ids_are_relative_paths_without_extension_and_md_counts(tmp_path):
    (tmp_path / "regional" / "bengkulu").mkdir(parents=True)
    (tmp_path / "regional" / "bengkulu" / "rakor.md").write_text("Gubernur memimpin rapat koordinasi hari ini.\n", encoding="utf-8")
    (tmp_path / "top.txt").write_text("Bupati menggelar apel pagi di halaman kantor.\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Tersembunyi dari korpus.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["regional/bengkulu/rakor", "top"]


def test_utf8_bom_is_accepted(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffJudul Berita\n\nIsi berita yang pertama di sini.\n".encode("utf-8"))
    document = load_corpus(tmp_path).documents[0]
    assert document.title == "Judul Berita"
    assert document.paragraphs == ("Isi berita yang pertama di sini.",)


@pytest.mark.parametrize("make", ["missing", "empty", "only_bad", "a_file"])
def test_unusable_corpus_is_one_clear_error(tmp_path, make):
    target = tmp_path / "corpus"
    if make == "empty":
        target.mkdir()
    elif make == "only_bad":
        target.mkdir()
        (target / "x.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # a UTF-16 BOM is text now (issue 13)
    elif make == "a_file":
        target.write_text("not a directory", encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        load_corpus(target)
    assert str(target) in str(error.value)
    assert "\n" not in str(error.value)


def test_two_files_with_one_doc_id_keep_the_first(tmp_path, caplog):
    (tmp_path / "rakor.md").write_text("Gubernur memimpin rapat koordinasi hari ini.\n", encoding="utf-8")
    (tmp_path / "rakor.txt").write_text("Bupati menggelar apel pagi di halaman kantor.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(tmp_path)
    assert [d.paragraphs[0] for d in corpus.documents] == ["Gubernur memimpin rapat koordinasi hari ini."]
    assert [s.path.endswith("rakor.txt") and "same doc_id as rakor.md" in s.reason for s in corpus.skipped] == [True]


def test_markdown_article(tmp_path):
    (tmp_path / "pasar.md").write_text(
        "# Wali Kota Resmikan Pasar Baru\n\n"
        "Wali Kota **Budi** meresmikan [pasar](https://example.com) pada Senin, 4 November 2024.\n\n"
        "## Subjudul\n\n"
        "Pedagang menyambut *gembira* peresmian itu.\n\n---\n\nSebanyak 200 kios dibuka.\n",
        encoding="utf-8",
    )
    document = load_corpus(tmp_path).documents[0]
    assert document.title == "Wali Kota Resmikan Pasar Baru"
    assert document.date == "2024-11-04"
    assert document.paragraphs == (
        "Wali Kota Budi meresmikan pasar pada Senin, 4 November 2024.",
        "Pedagang menyambut gembira peresmian itu.",
        "Sebanyak 200 kios dibuka.",
    )


def test_each_markdown_list_item_is_a_paragraph(tmp_path):
    # helper-111: a list's items ran together into one paragraph.
    (tmp_path / "banjir.md").write_text(
        "# Banjir Rendam Sekayu\n\nBanjir merendam Kecamatan Sekayu sejak Selasa malam.\n\nBPBD Muba mencatat dampak banjir:\n"
        "- 300 rumah terendam\n- 214 warga mengungsi ke balai desa\n  dan masjid terdekat\n* 2 jembatan putus\n"
        "1. Jalan Sekayu ditutup\n2) Sekolah diliburkan\n\n-5 derajat bukan daftar.\n",
        encoding="utf-8",
    )
    assert load_corpus(tmp_path).documents[0].paragraphs == (
        "Banjir merendam Kecamatan Sekayu sejak Selasa malam.",
        "BPBD Muba mencatat dampak banjir:",
        "300 rumah terendam",
        "214 warga mengungsi ke balai desa dan masjid terdekat",
        "2 jembatan putus",
        "Jalan Sekayu ditutup",
        "Sekolah diliburkan",
        "-5 derajat bukan daftar.",
    )


# -- issue 11 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_id", "number", "start"),
    [
        ("004_b8076227a415273f", 13, "Pjs Bupati, Sisardi SPd MM didampingi Sekretaris Daerah Sukarni"),
        ("001_8b19b7e41f79d3d6", 11, "Pjs Bupati OKU Timur, Prof. Dr. HM Edwar Juliartha, mengumpulkan"),
    ],
)
def test_a_caption_is_numbered_after_the_last_paragraph(seed_corpus, doc_id, number, start):
    """A caption that says something the article does not is the article's last passage:
    numbered after its paragraphs, it moves none of their numbers, and an equal score
    goes to the paragraph."""
    document = next(d for d in seed_corpus.documents if d.doc_id == doc_id)
    assert len(document.paragraphs) == number
    assert document.paragraphs[number - 1].startswith(start)
    assert is_caption(document.paragraphs[number - 1])
    assert not any(is_caption(p) for p in document.paragraphs[: number - 1])


@pytest.mark.parametrize(("doc_id", "paragraphs"), [("002_a5d4a4758ad8401f", 9), ("003_16e99507f5c9788d", 8)])
def test_a_caption_that_only_repeats_the_article_is_left_out(seed_corpus, doc_id, paragraphs):
    """ "DEKLARASI: Ribuan ASN Pemkab Muba melakukan Deklarasi Netralitas ASN ..." says
    nothing the paragraphs do not: as a passage it could answer nothing."""
    document = next(d for d in seed_corpus.documents if d.doc_id == doc_id)
    assert len(document.paragraphs) == paragraphs
    assert not any(is_caption(p) for p in document.paragraphs)


@pytest.mark.parametrize(
    ("lead", "source"),
    [
        ("Srinagar, Senin - Ledakan bom mengguncang pasar di kota itu.", None),
        ("Gaza City, Sabtu - Warga berkumpul di alun-alun kota.", None),
        ("Baghdad, rabu - Parlemen Irak bersidang membahas konstitusi.", None),  # as FacQA writes it
        ("Jakarta, Kompas - Presiden membuka rapat kabinet.", "Kompas"),
    ],
)
def test_a_weekday_is_never_the_outlet(tmp_path, lead, source):
    (tmp_path / "berita.txt").write_text(lead + " Polisi menutup jalan menuju lokasi.\n", encoding="utf-8")
    document = load_corpus(tmp_path).documents[0]
    assert document.source == source
    assert not document.title.startswith(lead.split(" - ")[0])


# -- issue 17 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "numbers", "expected"),
    [
        (("a", "b", "c"), (), (1, 2, 3)),  # left out: one passage a paragraph
        (("a", "b", "c"), (1, 1, 2), (1, 1, 2)),  # a paragraph split in two
    ],
)
def test_document_numbers(paragraphs, numbers, expected):
    assert Document("d", "t", None, None, paragraphs, numbers).numbers == expected


def test_document_numbers_must_fit_the_passages():
    with pytest.raises(ValueError, match="2 paragraph numbers for 3 passages"):
        Document("d", "t", None, None, ("a", "b", "c"), (1, 2))


def test_a_caption_is_numbered_after_a_split_paragraph(tmp_path):
    long = " ".join(f"Kalimat {i} tentang anggaran daerah tahun ini." for i in range(300))
    (tmp_path / "berita.txt").write_text(
        f"Judul Berita\n\nParagraf pertama.\n\n{long}\n\n"
        "Pjs Bupati Sisardi didampingi Sekretaris Daerah Sukarni. Foto: Renald/Bengkuluekspress\n",
        encoding="utf-8",
    )
    (document,) = load_corpus(tmp_path).documents
    pieces = len(document.paragraphs) - 2
    assert pieces > 1 and is_caption(document.paragraphs[-1])
    assert document.numbers == (1, *[2] * pieces, 3)


@pytest.mark.parametrize(
    ("paragraphs", "numbers", "expected"),
    [
        (("Satu.", "Dua."), (), 2),
        # A paragraph split for its length counts once...
        (("Satu.", "Dua, awal.", "Dua, akhir.", "Tiga."), (1, 2, 2, 3), 3),
        # ...and the photo captions kept after the last paragraph not at all.
        (("Satu.", "Dua.", "Foto: Pjs Bupati Sisardi didampingi Sekda Sukarni."), (), 2),
        (("Satu.", "Dua, awal.", "Dua, akhir.", "Pjs Bupati memimpin apel. -FOTO: TOMMI/SUMEKS-"), (1, 2, 2, 3), 2),
        (("Pjs Bupati memimpin apel. -FOTO: TOMMI/SUMEKS-",), (), 1),  # an article of one caption: its text
    ],
)
def test_paragraph_count_is_the_readers(paragraphs, numbers, expected):
    assert paragraph_count(Document("a", "Judul", None, None, paragraphs, numbers)) == expected


def test_the_sources_list_counts_an_articles_paragraphs_as_a_reader_does(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Apel pagi di Bengkulu Selatan\n\nPjs Bupati memimpin apel.\n\n"
        "Pjs Bupati Sisardi didampingi Sekda Sukarni saat apel. -FOTO: TOMMI/SUMEKS-\n\nApel diikuti 500 ASN.\n",
        encoding="utf-8",
    )
    (document,) = load_corpus(tmp_path).documents
    assert len(document.paragraphs) == 3, "the caption is kept, as a passage after the paragraphs"
    sources = present_sources([document], 3, "en").plain
    assert "· 2 paragraphs" in sources
