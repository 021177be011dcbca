"""Reading the formats an archive holds (issue 13): encodings, news pages, PDFs, and the
URL an article file gives."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from local_http import make_columns_pdf, make_pdf
from retrieval.chunking import parse_article, split_header
from retrieval.corpus import load_corpus
from retrieval.formats import ArticleText, columns_apart, decode_text, fragment_paragraphs, html_article, pdf_article, rebuild_paragraphs, table_rows_apart, table_rows_as_text

DATA = Path(__file__).parent / "data" / "ingest"
KOPI = "Ketua kelompok tani, Zulkarnaén, mengatakan"


@pytest.mark.parametrize(
    ("data", "opening"),
    [
        ("Judul\n\nIsi berita, kafé.".encode("utf-8"), "Judul"),
        ("\ufeffJudul\n\nIsi berita, kafé.".encode("utf-8"), "Judul"),
        ("Judul\n\nIsi berita, kafé.".encode("utf-16"), "Judul"),  # with its BOM
        ("Judul\n\nIsi berita, kafé.".encode("utf-32"), "Judul"),
        ("Judul\n\nIsi berita, kafé.".encode("latin-1"), "Judul"),
        ("Judul – “kutipan”\n\nIsi berita, kafé.".encode("cp1252"), "Judul – “kutipan”"),
        # cp1250 fits these bytes as well as cp1252 does ("Seńor"): Western wins the tie.
        ("Festival di Café Señor\n\nIsi berita, kafé.".encode("latin-1"), "Festival di Café Señor"),
    ],
)
def test_text_in_any_common_encoding_is_read(data, opening):
    text = decode_text(data)
    assert text.startswith(opening) and text.endswith("Isi berita, kafé.")


GARUT = "Kepala Dinas Pariwisata Garut meresmikan festival budaya di Garut pada hari Senin.\n\nAcara itu dihadiri ribuan warga. "


@pytest.mark.parametrize("name", ["Paulo Sánchez", "Hernández", "Müller", "Naïve"])
def test_a_western_text_with_one_accented_letter_is_read_as_western(name):
    # Baltic and Central European code pages read these bytes as cleanly, and letter
    # frequencies (which know no Indonesian) ranked them likelier: "Hernįndez",
    # "MŘller" (two of these four were misread so with charset-normalizer 3.5).
    text = GARUT + f"{name} hadir."
    assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 256)) * 16, "binary file"),
        (b"\xff\xfe" + b"\x00\xd8", "binary file"),  # a UTF-16 BOM, then a lone surrogate
    ],
)
def test_binary_junk_is_still_refused_with_a_reason(data, reason):
    with pytest.raises(ValueError, match=reason):
        decode_text(data)


def test_the_loader_reads_utf16_latin1_cp1252_html_and_pdf_files(tmp_path, caplog):
    for name in ("nelayan_utf16.txt", "kopi_latin1.txt", "durian_cp1252.txt", "berita_jembatan.html", "menu_saja.html"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "rilis.pdf").write_bytes(make_pdf(["Vaksinasi Campak Gratis di Lahat", "", "Dinas Kesehatan Lahat memberi vaksin campak gratis kepada 4.500 anak."]))
    (tmp_path / "rusak.pdf").write_bytes(b"%PDF-1.4 this is no PDF at all")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(tmp_path)
    by_id = {d.doc_id: d for d in corpus.documents}
    assert sorted(by_id) == ["berita_jembatan", "durian_cp1252", "kopi_latin1", "nelayan_utf16", "rilis"]
    assert any(KOPI in p for p in by_id["kopi_latin1"].paragraphs)
    assert by_id["nelayan_utf16"].title == "Nelayan Bengkulu Mendapat Bantuan Kapal"
    page = by_id["berita_jembatan"]
    assert (page.title, page.source, page.date) == ("Jembatan Gantung Desa Tanjung Raya Rampung Dibangun", "Kabar Musi", "2024-10-14")
    assert page.url == "https://kabarmusi.example/daerah/2024/10/jembatan-gantung-tanjung-raya"
    skipped = {Path(s.path).name: s.reason for s in corpus.skipped}
    assert skipped == {"menu_saja.html": "not a news page (no article text found)", "rusak.pdf": "unreadable PDF (PdfStreamError)"}
    assert any("menu_saja.html" in r.getMessage() and "not a news page" in r.getMessage() for r in caplog.records)


def test_a_news_page_keeps_its_article_and_leaves_out_the_furniture():
    page = html_article((DATA / "berita_jembatan.html").read_bytes())
    text = " ".join(page.paragraphs)
    assert "Rp4,2 miliar" in text and "1.800 warga" in text
    for furniture in ("Beranda", "Pempek", "cabai rawit", "pemadaman listrik", "Tulis komentar", "Copyright", "gtag", "voucher", "Bagikan"):
        assert furniture not in text
    assert page.author == "Rina Oktaviani"


def test_a_tally_table_is_kept_each_row_naming_its_columns():
    # Election tallies stand in tables: a row alone ("112.345") does not say it counts votes.
    page = html_article((DATA / "rekap_suara.html").read_bytes())
    assert "Pasangan calon: Bursah Zarnubi - Widia Ningsih; Suara: 112.345; Persen: 54,2%" in page.paragraphs
    assert "Pasangan calon: Yulius Maulana - Budiarto; Suara: 94.876; Persen: 45,8%" in page.paragraphs
    assert not any("---" in p or p.startswith("|") for p in page.paragraphs)


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        (["a", "| x | y |", "|---|---|", "| 1 | 2 |", "b"], ["a", "x: 1; y: 2", "b"]),
        (["| Bursah | 112.345 |", "| Yulius | 94.876 |"], ["Bursah; 112.345", "Yulius; 94.876"]),  # no header row
        (["| x | y |", "|:--|--:|", "| 1 | |", "| | |"], ["x: 1"]),  # empty cells and rows go
        (["| x |", "|---|", "| 1 | 2 |"], ["x: 1; 2"]),  # more cells than names
        (["a | b", "|x|"], ["a | b", "x"]),  # a line with a bar in it is no table row
    ],
)
def test_table_rows_become_paragraphs(lines, paragraphs):
    assert table_rows_as_text(lines) == paragraphs


@pytest.mark.parametrize(("meta", "day"), [
    ('<meta property="article:published_time" content="2024-10-14T23:30:00Z">', "2024-10-15"),  # 06:30 WIB
    ('<meta property="article:published_time" content="2024-10-14T23:30:00+00:00">', "2024-10-15"),
    ('<meta property="article:published_time" content="2024-10-14T16:59:00Z">', "2024-10-14"),  # 23:59 WIB
    ('<meta property="article:published_time" content="2024-10-15T06:30:00+07:00">', "2024-10-15"),
    ('<meta property="article:published_time" content="2024-10-14T23:30:00-05:00">', "2024-10-14"),  # its writer's own day
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-10-14T20:00:00.000Z"}</script>', "2024-10-15"),
    ('<meta name="date" content="2024-10-15">', "2024-10-15"),
    ("", None),
])
def test_a_pages_time_in_utc_is_dated_in_western_indonesia_time(meta, day):
    """As a feed item's is (test_ingest_addresses): the page and its feed item date an
    article of 00:00-07:00 WIB alike."""
    body = "<p>" + "Bupati meresmikan jembatan baru di desa itu pada hari Senin pagi bersama warga desa. " * 3 + "</p>"
    page = f"<html><head><title>Jembatan Baru</title>{meta}</head><body><article><h1>Jembatan Baru</h1>{body}</article></body></html>"
    assert html_article(page).date == day


def test_a_page_without_an_article_is_no_news_page():
    with pytest.raises(ValueError, match="not a news page"):
        html_article((DATA / "menu_saja.html").read_bytes())


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # Wrapped lines joined; a blank line parts paragraphs.
        (["Bupati meresmikan jembatan baru di desa", "itu pada hari Senin pagi.", "", "Warga menyambut gembira."],
         ["Bupati meresmikan jembatan baru di desa itu pada hari Senin pagi.", "Warga menyambut gembira."]),
        # An indented line opens a paragraph.
        (["Bupati meresmikan jembatan baru di desa itu", "pada hari Senin pagi bersama warga desa", "    Warga menyambut gembira peresmian itu"],
         ["Bupati meresmikan jembatan baru di desa itu pada hari Senin pagi bersama warga desa", "Warga menyambut gembira peresmian itu"]),
        # A sentence ending short of the margin ends its paragraph; a hyphen-broken word is one word.
        (["Pemerintah daerah menyalurkan bantuan ber-", "as kepada warga yang terdampak banjir di", "tiga kecamatan.", "Bantuan tiba hari Rabu di seluruh desa."],
         ["Pemerintah daerah menyalurkan bantuan beras kepada warga yang terdampak banjir di tiga kecamatan.", "Bantuan tiba hari Rabu di seluruh desa."]),
    ],
)
def test_pdf_paragraphs_are_rebuilt_from_lines(lines, paragraphs):
    assert rebuild_paragraphs(lines) == paragraphs


def test_a_pdf_is_read_with_its_title_and_paragraphs():
    lines = [
        "SIARAN PERS", "",
        "Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi campak gratis bagi",
        "4.500 anak di 24 puskesmas mulai Senin, 18 November 2024.",
        "   Kepala Dinas Kesehatan, dr Lidyawati, meminta orang tua membawa kartu",
        "menuju sehat saat datang ke puskesmas.",
    ]
    article = pdf_article(make_pdf(lines, title="Vaksinasi Campak Gratis di Lahat"))
    assert article.title == "Vaksinasi Campak Gratis di Lahat"
    assert article.paragraphs == (
        "SIARAN PERS",
        "Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi campak gratis bagi 4.500 anak di 24 puskesmas mulai Senin, 18 November 2024.",
        "Kepala Dinas Kesehatan, dr Lidyawati, meminta orang tua membawa kartu menuju sehat saat datang ke puskesmas.",
    )


LAHAT_LEFT = [
    "Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi", "campak gratis bagi 4.500 anak di 24 puskesmas mulai", "Senin, 18 November 2024.", "",
    "Kepala Dinas Kesehatan Lahat, Rahmad Hidayat,", "mengatakan vaksin sudah tiba sejak pekan lalu.",
]
LAHAT_RIGHT = [
    "Sementara itu, Bupati Lahat meminta para camat", "membantu pendataan anak yang belum pernah divaksin.", "",
    "Vaksinasi berikutnya dijadwalkan pada Februari 2025", "untuk anak usia sekolah dasar di seluruh kecamatan.",
]
RAPAT_COLUMNS = [
    ["Rapat koordinasi digelar di", "aula kantor bupati pada Senin.", "Seluruh camat hadir dalam", "rapat tersebut bersama kepala", "dinas dari berbagai instansi."],
    ["Bupati meminta camat menjaga", "netralitas aparatur sipil negara", "selama masa kampanye pilkada", "yang dimulai pekan depan di", "seluruh wilayah kabupaten."],
    ["Pelanggaran akan dilaporkan", "kepada Badan Pengawas Pemilu", "dan Komisi Aparatur Sipil", "Negara untuk ditindaklanjuti", "sesuai aturan yang berlaku."],
]


@pytest.mark.parametrize(
    ("pdf", "paragraphs"),
    [
        # Two columns under a headline across both: the left column's paragraphs, then the right's.
        (make_columns_pdf([LAHAT_LEFT, LAHAT_RIGHT], headline="Vaksinasi Campak Gratis untuk Ribuan Anak di Seluruh Kabupaten Lahat"), (
            "Vaksinasi Campak Gratis untuk Ribuan Anak di Seluruh Kabupaten Lahat",
            "Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi campak gratis bagi 4.500 anak di 24 puskesmas mulai Senin, 18 November 2024.",
            "Kepala Dinas Kesehatan Lahat, Rahmad Hidayat, mengatakan vaksin sudah tiba sejak pekan lalu.",
            "Sementara itu, Bupati Lahat meminta para camat membantu pendataan anak yang belum pernah divaksin.",
            "Vaksinasi berikutnya dijadwalkan pada Februari 2025 untuk anak usia sekolah dasar di seluruh kecamatan.",
        )),
        # Three narrow columns: a newsletter.
        (make_columns_pdf(RAPAT_COLUMNS, gap=180), (
            "Rapat koordinasi digelar di aula kantor bupati pada Senin. Seluruh camat hadir dalam rapat tersebut bersama kepala dinas dari berbagai instansi.",
            "Bupati meminta camat menjaga netralitas aparatur sipil negara selama masa kampanye pilkada yang dimulai pekan depan di seluruh wilayah kabupaten.",
            "Pelanggaran akan dilaporkan kepada Badan Pengawas Pemilu dan Komisi Aparatur Sipil Negara untuk ditindaklanjuti sesuai aturan yang berlaku.",
        )),
    ],
    ids=["two columns under a headline", "three columns"],
)
def test_a_pdf_in_columns_is_read_column_by_column(pdf, paragraphs):
    assert pdf_article(pdf).paragraphs == paragraphs


SINGLE_COLUMN = [
    "Bupati meresmikan jembatan baru di desa itu pada hari Senin pagi bersama",
    "warga dan para camat.   Jembatan sepanjang 40 meter itu dibangun dengan",
    "dana APBD 2024 dan menghubungkan dua desa yang selama ini terpisah oleh",
    "sungai.",
]
OFFICIALS = [
    "Budi Santoso          Kepala Dinas Kesehatan",
    "Siti Aminah           Sekretaris Daerah",
    "Rahmad Hidayat        Kepala Bappeda",
    "Yeni Puspita          Kepala Kejaksaan Negeri",
]
ACROSS_ROWS = [
    ("Paragraf kiri pertama yang cukup panjang untuk kolom", "Paragraf kanan pertama yang juga cukup panjang"),
    ("ini dan terus berlanjut ke baris berikutnya di sana", "untuk kolomnya dan berlanjut ke baris berikutnya"),
    ("sampai baris ketiga kolom kiri yang masih panjang.", "hingga baris ketiga kolom kanan yang berisi kalimat."),
    ("SUBJUDUL YANG MELINTASI KEDUA KOLOM DI TENGAH HALAMAN INI", None),
    ("Kolom kiri bagian bawah memuat paragraf berikutnya", "Kolom kanan bagian bawah memuat penutupnya yang"),
    ("dengan kalimat yang cukup panjang pula di sini.", "juga ditulis dengan kalimat panjang di sini."),
]
ACROSS = [left if right is None else left.ljust(58) + right for left, right in ACROSS_ROWS]
# A page of officials: two long cells a row, each row a name and an office, no sentence running on.
OFFICIALS_PAGE = [name.ljust(46) + office for name, office in [
    ("Dr. Hj. Kustini Sri Purnomo, S.Sos., M.M.", "Bupati Sleman Periode 2021-2024"),
    ("Danang Maharsa, S.T., M.Eng., M.Si.", "Wakil Bupati Sleman Periode 2021-2024"),
    ("Drs. Harda Kiswaya, M.Si., M.A.P.", "Sekretaris Daerah Kabupaten Sleman"),
    ("Ir. Abu Bakar Sidik, M.T., M.Sc.", "Kepala Badan Keuangan dan Aset Daerah"),
    ("Drs. Ery Widaryana, M.Pd., M.Si.", "Kepala Dinas Pendidikan Kabupaten Sleman"),
]]
# Two columns with a table across the page between them: its rows' cells fall either side of the gutter.
TABLE_ROWS = [
    "      No       Kecamatan                           Sasaran              Tervaksin             Capaian",
    "      1        Bambanglipuro                       2000                 1800                  80%",
    "      2        Pandak                              2137                 1901                  81%",
]
TABLE_BETWEEN = ACROSS[:3] + [""] + TABLE_ROWS + [""] + ACROSS[4:]
# A lead across the page above two columns: too many lines cross the gutter for a headline.
LEAD = [
    "Bupati Sleman memimpin rapat koordinasi bersama seluruh kepala organisasi perangkat daerah di",
    "Pendopo Parasamya pada Senin pagi. Rapat tersebut membahas percepatan penyerapan anggaran tahun",
    "berjalan yang hingga akhir triwulan kedua baru mencapai tiga puluh dua persen dari target.",
    "Menurut Bupati, keterlambatan lelang proyek fisik menjadi penyebab utama rendahnya realisasi.",
]
LEAD_ABOVE = LEAD + [""] + ACROSS[:3]


@pytest.mark.parametrize(
    ("lines", "read"),
    [
        # One column, a wide space in a line: as it stands.
        (SINGLE_COLUMN, SINGLE_COLUMN),
        # A table of short cells: read by its rows, a name beside its office.
        (OFFICIALS, OFFICIALS),
        # A line across the gutter parts the page: above it, left then right; it; below it.
        (ACROSS, [
            *(left for left, _ in ACROSS_ROWS[:3]), *(right for _, right in ACROSS_ROWS[:3]),
            ACROSS_ROWS[3][0],
            *(left for left, _ in ACROSS_ROWS[4:]), *(right for _, right in ACROSS_ROWS[4:]),
        ]),
        # A table of long cells whose rows do not read on: by its rows.
        (OFFICIALS_PAGE, OFFICIALS_PAGE),
        # A table across a two-column page: each row whole where it stands, between the columns' stretches.
        (TABLE_BETWEEN, [
            *(left for left, _ in ACROSS_ROWS[:3]), *(right for _, right in ACROSS_ROWS[:3]),
            *TABLE_ROWS,
            *(left for left, _ in ACROSS_ROWS[4:]), *(right for _, right in ACROSS_ROWS[4:]),
        ]),
        # A lead across the page, then two columns: the lead, then each column.
        (LEAD_ABOVE, [*LEAD, *(left for left, _ in ACROSS_ROWS[:3]), *(right for _, right in ACROSS_ROWS[:3])]),
    ],
    ids=["one column", "a table of short cells", "a line across the columns", "a table of long cells", "a table across two columns", "a lead above two columns"],
)
def test_columns_are_told_by_their_gutter(lines, read):
    """The lines in reading order (the blank lines between columns aside)."""
    assert [line for line in columns_apart(lines) if line] == [line for line in read if line]


LOOSE = [  # words set wide apart in two loose lines: their gaps stand in different places
    "Bupati   meresmikan   jembatan   baru   di   desa   itu",
    "pada hari   Senin   pagi   bersama   warga   dan   camat",
]


@pytest.mark.parametrize(
    ("lines", "read"),
    [
        # A header (no digit) over rows of numbers: each row a paragraph naming its cells.
        (["Tabel 1. Capaian vaksinasi per kecamatan", "", *TABLE_ROWS], [
            "Tabel 1. Capaian vaksinasi per kecamatan", "", "",
            "No: 1; Kecamatan: Bambanglipuro; Sasaran: 2000; Tervaksin: 1800; Capaian: 80%", "",
            "No: 2; Kecamatan: Pandak; Sasaran: 2137; Tervaksin: 1901; Capaian: 81%", "",
        ]),
        # No header: each row a paragraph of its cells.
        (TABLE_ROWS[1:], [
            "1; Bambanglipuro; 2000; 1800; 80%", "",
            "2; Pandak; 2137; 1901; 81%", "",
        ]),
        # Cells that do not line up from row to row are no table.
        (LOOSE, LOOSE),
        # Two cells a row, in three rows or more: a list of officials, each row apart
        # (a two-cell row names nothing: a letterhead's rows are pairs too).
        (OFFICIALS_PAGE[:3], [
            "Dr. Hj. Kustini Sri Purnomo, S.Sos., M.M.; Bupati Sleman Periode 2021-2024", "",
            "Danang Maharsa, S.T., M.Eng., M.Si.; Wakil Bupati Sleman Periode 2021-2024", "",
            "Drs. Harda Kiswaya, M.Si., M.A.P.; Sekretaris Daerah Kabupaten Sleman", "",
        ]),
        (OFFICIALS_PAGE[:2], OFFICIALS_PAGE[:2]),  # two rows: too few to tell
        # A side that goes on in small letters is a column of text, not cells.
        ([row.replace("Wakil", "wakil") for row in OFFICIALS_PAGE[:3]], [row.replace("Wakil", "wakil") for row in OFFICIALS_PAGE[:3]]),
    ],
    ids=["a table with its header", "a table without one", "loose lines", "two cells a row", "two such rows", "a side going on"],
)
def test_a_pdf_tables_rows_are_paragraphs_naming_their_cells(lines, read):
    assert table_rows_apart(lines) == read


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("(anonymous)", None),  # ReportLab's
        ("Untitled", None),
        ("Document1", None),
        ("Microsoft Word - rilis_vaksinasi.docx", None),
        ("rilis vaksinasi campak.pdf", None),  # a file's name
        ("Vaksinasi Campak Gratis di Lahat", "Vaksinasi Campak Gratis di Lahat"),
        ("Anonymous Tipster Warns of Flooding", "Anonymous Tipster Warns of Flooding"),
    ],
)
def test_a_pdf_title_its_program_filled_in_is_no_headline(title, kept):
    lines = ["Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi campak gratis bagi", "4.500 anak di 24 puskesmas mulai Senin, 18 November 2024."]
    assert pdf_article(make_pdf(lines, title=title)).title == kept


@pytest.mark.parametrize(("data", "reason"), [(b"%PDF-1.4 broken", "unreadable PDF"), (make_pdf([]), "no text in it")])
def test_an_unreadable_pdf_says_so(data, reason):
    with pytest.raises(ValueError, match=reason):
        pdf_article(data)


@pytest.mark.parametrize(
    ("text", "url", "source"),
    [
        # The article's own address on the first line (or in the header) is its URL.
        ("https://kabarmusi.example/daerah/jembatan\n\nJudul Berita\n\nIsi berita yang pertama.\n", "https://kabarmusi.example/daerah/jembatan", "kabarmusi.example"),
        ("URL: https://warta.example/a/1\nOutlet: Warta Muba\nDate: 2024-11-02\nTitle: Pasar Sekayu\n\nIsi berita yang pertama.\n", "https://warta.example/a/1", "Warta Muba"),
        # A bare site address (seed 003 opens with one) names the outlet, not the article.
        ("https://sumateraekspres.bacakoran.co/\n\nJudul Berita\n\nIsi berita yang pertama.\n", None, "sumateraekspres.bacakoran.co"),
        # Not a URL: a "javascript:" header, a URL inside a sentence.
        ("URL: javascript:alert(1)\n\nIsi berita yang pertama.\n", None, None),
        ("Lihat https://warta.example/a/1 untuk berita lengkap.\n", None, None),
    ],
)
def test_an_article_gives_its_url_on_its_first_line_or_in_its_header(text, url, source):
    article = parse_article(text)
    assert (article.url, article.source) == (url, source)


def test_seed_003s_site_address_is_no_article_url(seed_corpus):
    seed = next(d for d in seed_corpus.documents if d.doc_id.startswith("003"))
    assert seed.url is None and seed.source == "sumateraekspres.id"


def test_a_stored_article_reads_back_as_it_was_written():
    written = ArticleText(
        paragraphs=("Isi berita\nyang pertama.", "Paragraf kedua."),
        title="Judul\nBerita", outlet="Warta Muba", date="2024-11-02", url="https://warta.example/a/1", author="Rina",
    )
    header, body = split_header(written.stored())
    assert (header.url, header.title, header.outlet, header.date, header.author) == ("https://warta.example/a/1", "Judul Berita", "Warta Muba", "2024-11-02", "Rina")
    article = parse_article(written.stored())
    assert (article.title, article.source, article.date, article.url) == ("Judul Berita", "Warta Muba", "2024-11-02", "https://warta.example/a/1")
    assert article.paragraphs == ("Isi berita yang pertama.", "Paragraf kedua.")


@pytest.mark.parametrize("text", [
    "Date: the council met on Monday\nand agreed the budget.\n",
    "Author: Rina menulis laporan itu\ndari Sekayu.\n",
])
def test_a_paragraph_opening_like_a_header_is_no_header(text):
    assert split_header(text)[1] == text


@pytest.mark.parametrize(("text", "title", "outlet", "date"), [
    # A hand-made file without the blank line: the headline was "Title: ...", outlet and date lost (H92).
    ("Title: Tanpa Baris Kosong\nOutlet: Sripo\nDate: 2022-03-03\nMUARA ENIM - Camat Lawang Kidul membuka turnamen voli.\n", "Tanpa Baris Kosong", "Sripo", "2022-03-03"),
    ("Outlet: Sripo\nDate: 2022-03-03\nMUARA ENIM - Camat Lawang Kidul membuka turnamen voli.\n", "MUARA ENIM - Camat Lawang Kidul membuka turnamen voli.", "Sripo", "2022-03-03"),
    ("Title: Tanpa Baris Kosong\nMUARA ENIM - Camat Lawang Kidul membuka turnamen voli.\n", "Tanpa Baris Kosong", None, None),
])
def test_header_lines_straight_before_the_text_are_a_header_still(text, title, outlet, date):
    article = parse_article(text)
    assert (article.title, article.source, article.date) == (title, outlet, date)
    assert article.paragraphs[-1].startswith("MUARA ENIM - Camat")


@pytest.mark.parametrize(
    ("text", "title", "date"),
    [
        # An empty field says nothing; it made the headline "Title:" (H82).
        ("Title: \nDate: 2024-11-02\n\nIsi berita yang pertama.\n", "Isi berita yang pertama.", "2024-11-02"),
        ("Title:\n\nIsi berita yang pertama.\n", "Isi berita yang pertama.", None),
        # A date no calendar has is none: the text's own date stands instead.
        ("Title: Pasar Sekayu\nDate: 9999-99-99\n\nIsi berita, Senin 4 November 2024.\n", "Pasar Sekayu", "2024-11-04"),
        ("Title: Pasar Sekayu\nDate: 2024-02-30\n\nIsi berita yang pertama.\n", "Pasar Sekayu", None),
    ],
)
def test_an_empty_header_field_or_impossible_date_says_nothing(text, title, date):
    article = parse_article(text)
    assert (article.title, article.date, article.paragraphs[0][:10]) == (title, date, "Isi berita")


def _padded_pdf(size: int) -> bytes:
    """A one-paragraph PDF of about ``size`` bytes: a comment after its header, the
    cross-reference offsets moved past it (a scan is such a file: large, few objects)."""
    import re

    pdf = make_pdf(["Dinas Kesehatan Kabupaten Lahat menggelar vaksinasi campak gratis."])
    head, body = pdf[:9], pdf[9:]  # b"%PDF-1.4\n"
    pad = b"%" + b"x" * size + b"\n"
    at = body.index(b"xref\n")
    table = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + len(pad)), body[at:])
    table = re.sub(rb"startxref\n(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) + len(pad)), table)
    return head + pad + body[:at] + table


def test_a_read_pdf_keeps_none_of_its_bytes_until_the_next_collection():
    """pypdf's reader lives in reference cycles; tanya collects cycles seldom
    (bot.collector), so a reader that held its file kept every PDF of a build in memory
    until then (300 of 2 MB: 614 MB)."""
    import gc
    import tracemalloc

    files = [_padded_pdf(1_000_000) for _ in range(3)]
    assert pdf_article(files[0]).paragraphs  # a readable PDF, its modules loaded
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        for data in files * 5:
            pdf_article(data)
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.enable()
    assert kept < 2_000_000, kept  # fifteen reads of 1 MB: none kept


FILLER_SENTENCES = "Pengunjung festival datang dari berbagai daerah di Sumatera Selatan untuk mencicipi durian lokal. " * 2
LATIN1_BODY = f"<p>Festival durian dibuka di Caf\u00e9 Se\u00f1or oleh Bupati pada Minggu pagi.</p><p>{FILLER_SENTENCES}</p>"


@pytest.mark.parametrize(
    ("head", "declared"),
    [
        # A label that does not apply to the bytes is no declaration: they are read as
        # an undeclared page's (H59: each gave "Se\u0144or").
        ("", "utf-8"),
        ("", "undefined"),
        ("", "x-user-defined"),
        ('<meta charset="utf-8">', None),
        # Only a charset meta, or an http-equiv Content-Type, declares one: not a
        # description that says "charset=", nor a tag in a comment.
        ('<meta name="description" content="halaman charset=utf-16">', None),
        ('<!-- <meta charset="koi8-r"> -->', None),
        ("<meta http-equiv='Content-Type' content='text/html; charset = ISO-8859-1'>", None),
        ('<META CHARSET=windows-1252>', None),
    ],
)
def test_a_latin1_page_is_read_as_written_whatever_its_labels_say(head, declared):
    page = f"<html><head>{head}<title>Festival Durian</title></head><body><article>{LATIN1_BODY}</article></body></html>"
    article = html_article(page.encode("latin-1"), "http://127.0.0.1/durian", charset=declared)
    assert "Caf\u00e9 Se\u00f1or" in article.paragraphs[0], article.paragraphs


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<meta charset="koi8-r">', "koi8-r"),
        (b"<meta http-equiv=Content-Type content=\"text/html; charset=gbk\">", "gbk"),
        (b'<meta name="description" content="charset=utf-16"><meta charset=utf-8>', "utf-8"),
        (b"<!-- <meta charset=koi8-r> --><title>x</title>", None),
        (b" " * 1100 + b'<meta charset="koi8-r">', None),  # past the first kilobyte
    ],
)
def test_a_pages_own_charset_is_found_as_browsers_find_it(data, expected):
    from retrieval.formats import meta_charset

    assert meta_charset(data) == expected


FOGGING = ["Fogging Serentak di Lahat", "", "Dinas Kesehatan Lahat mengimbau warga menutup tempat penampungan air.", "",
           "Fogging di Kecamatan Merapi dijadwalkan pada 18 November 2024 mulai pukul 07.00."]


@pytest.mark.parametrize(
    ("lines", "created", "date"),
    [
        # A press release is dated the day its file was made, not by an event it schedules
        # (helper-111: cited as of 2024-11-18, the fogging's day).
        (FOGGING, "D:20241115090000+07'00'", "2024-11-15"),
        (FOGGING, "D:20241115", "2024-11-15"),
        # A date written with its weekday, a dateline's, is the release's own.
        (["LAHAT, Jumat (15/11/2024) - Fogging digelar di Merapi.", "", "Warga diminta menutup rumah."], "D:20241120", None),
        # No date, or none that can be a release's: the text's own, as before.
        (FOGGING, None, None),
        (FOGGING, "D:2024zz15", None),
        (FOGGING, "D:19800101", None),
        (FOGGING, "D:20991231", None),
    ],
)
def test_a_pdf_is_dated_the_day_it_was_made(lines, created, date):
    assert pdf_article(make_pdf(lines, created=created)).date == date


def test_a_pdf_made_on_a_day_is_cited_with_that_day(tmp_path):
    from retrieval.corpus import load_corpus

    (tmp_path / "rilis.pdf").write_bytes(make_pdf(FOGGING, created="D:20241115090000+07'00'"))
    (tmp_path / "tanpa.pdf").write_bytes(make_pdf(FOGGING))
    assert sorted(document.date for document in load_corpus(tmp_path).documents) == ["2024-11-15", "2024-11-18"]


PAGE_BODY = "<p>" + "Banjir merendam ratusan rumah warga di Kecamatan Sekayu sejak Selasa malam setelah hujan deras turun. " * 4 + "</p>"


@pytest.mark.parametrize(
    ("head", "outlet"),
    [
        # A site naming itself only after its headline in <title> (helper-111: cited as
        # its host name).
        ("<title>Banjir Rendam Rumah | Koran Lintas</title>", "Koran Lintas"),
        ("<title>Banjir Rendam Rumah - Koran Lintas</title>", "Koran Lintas"),
        ("<title>Banjir Rendam Rumah &#8211; Koran Lintas</title>", "Koran Lintas"),
        ("<title>Banjir Rendam Rumah</title><meta property='og:site_name' content='Warta Muba'>", "Warta Muba"),
        # No name, or a headline's second half: the host, as before.
        ("<title>Banjir Rendam Rumah</title>", "127.0.0.1:8111"),
        ("<title>Banjir Rendam Rumah - Warga Mengungsi ke Balai Desa Terdekat di Sekayu</title>", "127.0.0.1:8111"),
        ("<title>Berita Lain | Koran Lintas</title>", "127.0.0.1:8111"),
    ],
)
def test_a_pages_outlet_is_the_name_its_title_gives_after_the_headline(head, outlet):
    page = f"<html><head>{head}</head><body><article><h1>Banjir Rendam Rumah</h1>{PAGE_BODY}{PAGE_BODY}</article></body></html>"
    assert html_article(page.encode(), "http://127.0.0.1:8111/berita/banjir").outlet == outlet


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x00", "\x1b[2J", "\x07"])
def test_a_control_character_in_a_feeds_text_is_a_space_not_a_failed_feed(control):
    # helper-112: lxml parsed a vertical tab and refused to set it back, and the whole
    # feed failed ("All strings must be XML compatible").
    text = "Banjir merendam ratusan rumah warga di Sekayu" + control + "sejak Selasa malam setelah hujan deras turun. " * 4
    (paragraph,) = fragment_paragraphs(f"<p>{text}</p>")
    assert paragraph.startswith("Banjir merendam ratusan rumah warga di Sekayu") and paragraph.endswith("hujan deras turun.")
    assert not any(ord(c) < 32 for c in paragraph)
