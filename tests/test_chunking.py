"""Paragraphs as a reader counts them: furniture out, numbering stable."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.chunking import (
    blocks,
    caption_text,
    dateline_source,
    fallback_title,
    find_date,
    is_caption,
    leaves_quote_open,
    parse_article,
    refers_back,
    sentence_spans,
)
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
        # A place and a day, no outlet: a weekday or a month is never one.
        ("Srinagar, Senin - Ledakan bom mengguncang pasar.", None),
        ("Baghdad, rabu - Parlemen Irak bersidang.", None),
        ("Gaza City, Sabtu - Warga berkumpul.", None),
        ("Jakarta, Jum'at - Presiden membuka rapat.", None),
        ("Jakarta, Jum’at - Presiden membuka rapat.", None),  # a curly apostrophe, as word processors write it
        ("Washington, Monday - The president spoke.", None),
        ("Jakarta, Mei 2005 - Harga beras naik.", None),
        ("Rabu Pagi - Hujan turun.", None),
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
        # Months in letters a case-blind pattern takes for "i" and "s": once a KeyError
        # that stopped the whole index build.
        (["JAKARTA, Senin 26 APRİL 2024 - Rapat digelar."], "2024-04-26"),
        (["Rapat digelar Rabu, 26 Aguſtus 2024 di Ankara."], "2024-08-26"),
        (["pada Kamis, 2 MEİ 2024."], "2024-05-02"),
        # A weekday written with a curly apostrophe is one too: its date is the article's.
        (["sejak 27 September 2023 lalu", "pada Jum’at, 26 April 2024."], "2024-04-26"),
        # The texts are searched as one, and still a date is within one text: a weekday
        # ending one paragraph is not the next one's date's, nor does a day ending one
        # run into a month opening the next.
        (["rapat digelar Senin,", "26 September 2024 pukul 09.00", "Kamis, 3 Oktober 2024"], "2024-10-03"),
        (["kini ada 12", "September 2024 lalu"], None),
        (["tanpa tanggal", "dan 30/9/24"], "2024-09-30"),
    ],
)
def test_publication_date(texts, date):
    assert find_date(texts, load_language()) == date


@pytest.mark.parametrize(
    ("data", "texts", "theirs", "bundled"),
    [
        pytest.param({"months": {"oktobre": 10}}, ["pada 26 Oktobre 2024", "dan 3 Oktober 2025"], "2024-10-26", "2025-10-03", id="month names"),
        pytest.param(
            {"weekdays": {"lundi": 0}},
            ["sejak 27 September 2023", "pada Lundi, 26 April 2024.", "pada Senin, 3 Juni 2024."],
            "2024-04-26",
            "2024-06-03",
            id="weekday names",
        ),
    ],
)
def test_a_language_made_with_other_month_or_weekday_names_reads_its_own(data, texts, theirs, bundled):
    """The date patterns are made once per language data: one made with other month or
    weekday names dates by its own, and the bundled language still by its own."""
    language = load_language()
    assert find_date(texts, language) == bundled
    assert find_date(texts, replace(language, **data)) == theirs
    assert find_date(texts, language) == bundled


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


@pytest.mark.parametrize(
    ("paragraph", "points_back"),
    [
        ("Pertemuan ini berlangsung di Aula Bina Praja II Pemkab OKU Timur.", True),
        ("Acara tersebut berlangsung pada Senin, (30/9/24), di Gedung Pola.", True),
        ("Rapat yang dilaksanakan di Ruang Rapat Pagi itu dipimpin oleh Sekda.", True),  # the eighth word
        ("Sementara itu, Pj Bupati Apriyadi Mahmud menegaskan ...", True),
        ("OKU TIMUR – Pjs Bupati OKU Timur mengadakan rapat kerja dengan seluruh Kepala OPD.", False),
        ("Sisardi menjelaskan ketidaknetralan ASN akan sangat merugikan negara, pemerintah dan masyarakat itu.", False),  # past the opening
        ("Tanpa kata penunjuk sama sekali.", False),
        ("", False),
    ],
)
def test_a_paragraph_opening_with_a_pointing_word_refers_back(paragraph, points_back):
    """Its subject is what the paragraph before names: that one is its context."""
    assert refers_back(paragraph, load_language()) is points_back


# -- issue 11 ---------------------------------------------------------------------------

# Two FacQA passages (facqa-p0675, facqa-p1007) about photos, not captions of one.
ABOUT_PHOTOS = (
    "Sedangkan KR, yang mengawali karier sebagai fotografer majalah Ekspress dan bergabung di harian Kompas "
    "sejak tahun 1971, punya gaya khas dalam foto-fotonya. Selain banyak mengandalkan teknik dan skill tinggi, "
    "foto-foto KR umumnya indah dipandang selain tetap kuat di segi isi.",
    "Ruangan yang berisi perabotan replika masa perjanjian antara Pemerintah Indonesia dan Belanda pada 11-13 "
    "November 1946 itu tertata rapi dan bersih. Foto-foto yang memaparkan perjalanan Indonesia memperoleh "
    "kedaulatan juga terpampang rapi di sepanjang dinding gedung.",
)


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        # The captions of the seeds: a label, or a credit.
        ("Pjs Bupati OKU Timur mengumpulkan Kepala OPD dan Camat. Foto:Kholid/Sumateraekspres--", True),
        ("Foto: Plt Gubernur Bengkulu Rosjonsyah Pada saat memimpin Rapat koordinasi, (Ft/Ist).", True),
        ("DEKLARASI: Ribuan ASN Pemkab Muba melakukan Deklarasi Netralitas ASN. -FOTO: TOMMI/SUMEKS-", True),
        ("Pjs Bupati, Sisardi SPd MM didampingi Sekretaris Daerah Sukarni SPMSi.-Renald/Bengkuluekspress-", True),
        ("Warga antre membeli beras di Pasar Induk, Senin. ANTARA FOTO/Hafidz Mubarak A", True),
        ("Presiden menyapa warga di Jakarta. (Foto/Antara)", True),
        # Words about photos.
        *((text, False) for text in ABOUT_PHOTOS),
        ("Pameran foto karya KR dibuka di Bentara Budaya, Jakarta.", False),
        ("KR memberi bimbingan kepada fotografer-fotografer muda.", False),
        ("KR mendapatkan penghargaan World Press Photo pada tahun 1980.", False),
        ("Padahal, kalau kita lihat, foto itu sebenarnya mengandung humor.", False),
    ],
)
def test_only_real_photo_captions_are_captions(text, caption):
    assert is_caption(text) is caption


@pytest.mark.parametrize("text", ABOUT_PHOTOS)
def test_a_paragraph_about_photos_stays_a_paragraph(text):
    article = parse_article(text)
    assert (article.paragraphs, article.captions) == ((text,), ())


@pytest.mark.parametrize(
    ("doc_id", "caption"),
    [
        ("001_8b19b7e41f79d3d6", "Pjs Bupati OKU Timur, Prof. Dr. HM Edwar Juliartha, mengumpulkan seluruh Kepala OPD"),
        ("002_a5d4a4758ad8401f", "Plt Gubernur Bengkulu Rosjonsyah Foto: Plt Gubernur Bengkulu Rosjonsyah Pada saat"),
        ("003_16e99507f5c9788d", "DEKLARASI: Ribuan ASN Pemkab Muba melakukan Deklarasi Netralitas ASN"),
        ("004_b8076227a415273f", "Pjs Bupati, Sisardi SPd MM didampingi Sekretaris Daerah Sukarni SPMSi"),
    ],
)
def test_captions_are_kept_apart_from_the_paragraphs(seeds_dir, doc_id, caption):
    """A caption carries facts ("didampingi Sekretaris Daerah Sukarni"): it is kept, but not
    among the paragraphs a reader counts."""
    article = parse_article((seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8"))
    assert [c[: len(caption)] for c in article.captions] == [caption]
    assert len(article.paragraphs) == PARAGRAPH_COUNTS[doc_id]


@pytest.mark.parametrize(
    ("caption", "says"),
    [
        ("Pjs Bupati mengumpulkan Kepala OPD. Foto:Kholid/Sumateraekspres--", "Pjs Bupati mengumpulkan Kepala OPD."),
        ("Ribuan ASN melakukan Deklarasi Netralitas ASN. -FOTO: TOMMI/SUMEKS-", "Ribuan ASN melakukan Deklarasi Netralitas ASN. -"),
        ("Sukarni saat menggelar apel, Senin 04 November 2024.-Renald/Bengkuluekspress-", "Sukarni saat menggelar apel, Senin 04 November 2024."),
        ("Foto: Plt Gubernur memimpin Rapat koordinasi, (Ft/Ist).", "Plt Gubernur memimpin Rapat koordinasi, ."),
    ],
)
def test_what_a_caption_says_is_without_its_label_and_credit(caption, says):
    assert " ".join(caption_text(caption).split()) == says


# A byline closing a paragraph is cut (bylines.txt); brackets that spell out or measure stay.
@pytest.mark.parametrize(
    ("body", "paragraphs"),
    [
        ("Semua ASN harus netral. (Kur/uni)", ["Semua ASN harus netral."]),
        ("Dekat perbatasan Kolombia dan Brasil. (AFP/OKI)", ["Dekat perbatasan Kolombia dan Brasil."]),
        ("Keluar dari NPT pada Januari 2003. (AFP/Reuters/muk)", ["Keluar dari NPT pada Januari 2003."]),
        ('"Kami siap," kata Hidayat. (eca/tav)', ['"Kami siap," kata Hidayat.']),
        ("Semua ASN harus netral.\n\n(Kur/uni)", ["Semua ASN harus netral."]),  # alone on its line
        ("Diumumkan oleh Badan Pemeriksa Keuangan (BPK).", ["Diumumkan oleh Badan Pemeriksa Keuangan (BPK)."]),
        ("Dipimpin Liga Nasional untuk Demokrasi (NLD)", ["Dipimpin Liga Nasional untuk Demokrasi (NLD)"]),
        ("Kapal melaju 30 (km/jam)", ["Kapal melaju 30 (km/jam)"]),  # after no sentence's end
        ("Sanksi (dan/atau) denda berlaku. Semua diminta patuh.", ["Sanksi (dan/atau) denda berlaku. Semua diminta patuh."]),
    ],
)
def test_a_closing_byline_is_cut_from_its_paragraph(body, paragraphs):
    article = parse_article(f"Title: Berita\n\n{body}\n")
    assert list(article.paragraphs) == paragraphs


def test_the_seed_bylines_are_cut(seeds_dir):
    article = parse_article((seeds_dir / "003_16e99507f5c9788d.txt").read_text(encoding="utf-8"))
    assert article.paragraphs[-1].endswith("di bawahannya netral.")


@pytest.mark.parametrize(
    ("paragraph", "title"),
    [
        ("Srinagar, Senin - Ledakan bom mengguncang pasar. Polisi menutup jalan.", "Ledakan bom mengguncang pasar."),
        ("Jakarta, Kompas - Presiden membuka rapat. Menteri hadir.", "Presiden membuka rapat."),
    ],
)
def test_the_dateline_is_no_part_of_a_title_made_from_the_first_sentence(paragraph, title):
    assert fallback_title(paragraph) == title


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Pasar Sekayu Direvitalisasi", "Pasar Sekayu Direvitalisasi"),
        ("Kata " * 60, ("Kata " * 60).strip()),  # 299 characters once the line's end is stripped
        ("Kata " * 61, ("Kata " * 59).strip() + "…"),
        ("Pemerintah Kota Bengkulu, " * 12_000, "Pemerintah Kota Bengkulu, " * 11 + "Pemerintah…"),
        ("x" * 5_000, "x" * 299 + "…"),  # no space to cut at
        # A word is cut only when it keeps half the title; and never inside what a reader sees as one character (H65).
        ("Breaking: " + "y" * 400, "Breaking: " + "y" * 289 + "…"),
        (". " + "x" * 400, ". " + "x" * 297 + "…"),
        ("F" * 298 + "\U0001F1EE\U0001F1E9" + "G" * 20, "F" * 298 + "…"),  # a flag is two regional indicators
        ("F" * 297 + "\U0001F1EE\U0001F1E9" + "G" * 20, "F" * 297 + "\U0001F1EE\U0001F1E9…"),
        ("F" * 297 + "\U0001F468\u200d\U0001F469\u200d\U0001F467" + "G", "F" * 297 + "…"),  # a family, joined by ZWJs
        ("a" * 298 + "e\u0301" + "b" * 5, "a" * 298 + "…"),  # the accent stays with its letter
        ("a" * 297 + "\u2764\ufe0f" + "b" * 5, "a" * 297 + "\u2764\ufe0f…"),
    ],
)
def test_a_title_line_is_shown_at_most_a_headline_long(written, shown):
    # A "Title:" line has no length of its own: 300 KB of one was analysed with every
    # answer citing its article.
    article = parse_article(f"Title: {written}\n\nIsi berita yang pertama.\n")
    assert article.title == shown and len(article.title) <= 300


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        ("Baca berita lainnya di Google News", False),
        ("Ikuti berita Warta Muba lainnya di Google News.", False),
        ("Simak berita dan artikel lainnya di Google News", False),
        ("Follow Berita Okezone di Google News", False),
        ("Cek berita dan artikel lainnya di Saluran WhatsApp", False),
        # The outlet's channel written of in the news is news.
        ("Google News kini menampilkan berita daerah dari 30 media di Sumatera Selatan.", True),
        ("Ikuti perkembangan banjir Lahat terkini: BPBD memasang pengeras suara di posko dan mengumumkannya di Google News.", True),
    ],
)
def test_a_plug_for_the_outlets_channel_is_no_paragraph(paragraph, kept):
    # helper-111: "Baca berita lainnya di Google News" ending a page was its paragraph 4,
    # cited for "Di mana baca berita lainnya...".
    text = "Judul: Banjir Rendam Rumah Warga\n\nBanjir merendam 300 rumah warga di Sekayu sejak Senin pagi.\n\n" + paragraph
    assert (paragraph in parse_article(text).paragraphs) is kept
