"""Paragraphs as a reader counts them: furniture out, numbering stable."""

from __future__ import annotations

import pytest

from retrieval.chunking import blocks, dateline_source, find_date, leaves_quote_open, parse_article, sentence_spans
from retrieval.language import load_language

PARAGRAPH_COUNTS = {
    "000_56970b467c1ddc30": 13,
    "001_8b19b7e41f79d3d6": 10,
    "002_a5d4a4758ad8401f": 9,
    "003_16e99507f5c9788d": 8,
    "004_b8076227a415273f": 12,
}

FURNITURE = ("BACA JUGA", "http://", "https://", "Tinggalkan Balasan", "Alamat email", "Foto:", "FOTO:", "Editor:", "Pewarta:")


@pytest.mark.parametrize(("doc_id", "count"), PARAGRAPH_COUNTS.items())
def test_paragraph_counts(seeds_dir, doc_id, count):
    article = parse_article((seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8"))
    assert len(article.paragraphs) == count


@pytest.mark.parametrize("doc_id", PARAGRAPH_COUNTS)
def test_no_furniture_in_paragraphs(seeds_dir, doc_id):
    article = parse_article((seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8"))
    for paragraph in article.paragraphs:
        assert not any(marker.lower() in paragraph.lower() for marker in FURNITURE), paragraph
        assert paragraph not in ("Tag", "Share") and not paragraph.startswith("Tag Share")
    assert article.title not in article.paragraphs


@pytest.mark.parametrize(
    ("doc_id", "number", "start"),
    [
        ("001_8b19b7e41f79d3d6", 1, "OKU TIMUR, SUMATERAEKSPRES.ID"),
        ("001_8b19b7e41f79d3d6", 2, "Pertemuan ini berlangsung di Aula Bina Praja II"),
        ("001_8b19b7e41f79d3d6", 4, '"Sebagai anggota Korpri'),
        ("002_a5d4a4758ad8401f", 2, "Acara tersebut berlangsung pada Senin, (30/9/24)"),
        ("002_a5d4a4758ad8401f", 3, "Salah satu poin utama"),
        ("003_16e99507f5c9788d", 8, "Sekretaris Daerah OKI"),
        ("004_b8076227a415273f", 1, "Harianbengkuluekspress.id- Pejabat Sementara"),
    ],
)
def test_paragraph_numbers_are_what_a_reader_counts(seed_corpus, doc_id, number, start):
    document = next(d for d in seed_corpus.documents if d.doc_id == doc_id)
    assert document.paragraphs[number - 1].startswith(start)


@pytest.mark.parametrize("doc_id", PARAGRAPH_COUNTS)
def test_numbering_does_not_move_with_page_furniture(seeds_dir, doc_id):
    """Related links, captions and share lines added anywhere leave the numbers alone."""
    text = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
    separator = "\n\n" if "\n\n" in text.strip() else "\n"
    parts = text.strip().split(separator)
    furnished = separator.join(
        part + separator + "BACA JUGA: Berita lain hari ini" + separator + "https://example.com/lain" if i % 2 else part
        for i, part in enumerate(parts)
    ) + separator + "Share" + separator + "Tinggalkan Balasan" + separator + "Komentar pembaca."
    assert parse_article(furnished).paragraphs == parse_article(text).paragraphs


def test_blank_line_separated_and_one_per_line_texts():
    language = load_language()
    assert blocks("Satu baris\nmasih sama.\n\nDua.\n", language) == ["Satu baris masih sama.", "Dua."]
    assert blocks("Satu.\nDua.\nTiga.\n", language) == ["Satu.", "Dua.", "Tiga."]
    assert blocks("Satu.\r\nBACA JUGA: lain\r\nDua.\r\n", language) == ["Satu.", "Dua."]


def test_footer_cuts_the_rest():
    article = parse_article("Judul\n\nIsi pertama berita.\n\nTinggalkan Balasan\n\nKomentar yang bukan berita.\n")
    assert article.paragraphs == ("Isi pertama berita.",)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("OKU TIMUR, SUMATERAEKSPRES.ID – Penjabat Sementara", "sumateraekspres.id"),
        ("KANTOR-BERITA.COM, BENGKULU|| Setelah resmi ditunjuk", "kantor-berita.com"),
        ("Harianbengkuluekspress.id- Pejabat Sementara (Pjs)", "harianbengkuluekspress.id"),
        ("Media Center Rejang Lebong – Usai dikukuhkan", "Media Center Rejang Lebong"),
        ("Jakarta, Kompas - Presiden membuka rapat.", "Kompas"),
        ("Rapat itu dipimpin oleh Sekda - kata dia.", None),
        ("Pertemuan ini berlangsung di Aula Bina Praja II.", None),
    ],
)
def test_dateline_source(text, source):
    assert dateline_source(text) == source


@pytest.mark.parametrize(
    ("texts", "date"),
    [
        (["pada Kamis, 26 September 2024."], "2024-09-26"),
        (["berlangsung pada Senin, (30/9/24), di Gedung"], "2024-09-30"),
        (["Senin 04 November 2024.-Renald"], "2024-11-04"),
        (["sejak 27 September, lalu", "puncaknya 18 November 2024", "Rabu, 27 Desember 2023"], "2023-12-27"),
        (["puncaknya pada 18 November 2024 mendatang"], "2024-11-18"),
        (["tanpa tanggal sama sekali", "31/2/x"], None),
    ],
)
def test_publication_date(texts, date):
    assert find_date(texts, load_language()) == date


def test_sentences_do_not_break_after_titles_and_initials():
    text = "Usai dikukuhkan, Dr. H. Herwan Antoni, SKM., M.Kes. memimpin rapat di Kab. Rejang Lebong. Rapat dipimpin Sekda."
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "Usai dikukuhkan, Dr. H. Herwan Antoni, SKM., M.Kes. memimpin rapat di Kab. Rejang Lebong.",
        "Rapat dipimpin Sekda.",
    ]


@pytest.mark.parametrize(
    ("paragraph", "open_"),
    [
        ("“Ini merupakan rapat perdana saya sebagai Pjs Bupati.", True),
        ("“Pagi tadi saya memimpin apel,” ujar Pjs Bupati.", False),
        ('Hal tersebut ditandai deklarasi. "Prinsipnya ASN harus netral.', True),
        ('Pegawai Muba akan satu komando," ungkap Plh Sekda Muba.', False),  # closes one
        ('"Kita harus netral," ujar Prof. Edwar.', False),
        ("Tanpa kutipan sama sekali.", False),
    ],
)
def test_a_quotation_left_open_runs_on(paragraph, open_):
    assert leaves_quote_open(paragraph) is open_
