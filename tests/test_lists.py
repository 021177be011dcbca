"""Questions asking for several things and how many ("Apa saja 12 kota ...?", "Which
seven regencies ...?"): a paragraph that lists none of them, only how many there are, is
no answer (helper-191: "apa aja 12 kota tuan rumah piala dunia 2006" got "Ada 12 kota
yang akan menjadi tuan rumah ..."). Without a count the rule does not apply: a list may
be two things joined by "dan", which no pattern tells from a sentence listing nothing."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.cues import cue_matches

COUNTED = (
    "Piala Dunia 2006 di Jerman\n\n"
    "Berlin, Kompas - Ada 12 kota yang akan menjadi tuan rumah Piala Dunia 2006 di Jerman.\n\n"
    "Panitia menyiapkan stadion baru untuk turnamen itu sejak tahun lalu.\n"
)
LISTED = "Kota tuan rumah Piala Dunia 2006 itu antara lain Berlin, Muenchen, Hamburg, dan Dortmund.\n"


@pytest.mark.parametrize(
    "question",
    [
        "Apa saja 12 kota tuan rumah Piala Dunia 2006?",
        "apa aja 12 kota tuan rumah piala dunia 2006",
        "Di mana saja 12 kota tuan rumah Piala Dunia 2006?",
        "12 kota mana saja yang menjadi tuan rumah Piala Dunia 2006?",
    ],
)
def test_a_list_asked_is_not_answered_by_a_count(tmp_path, question):
    assert first_excerpt_holds(searcher_over(tmp_path, {"piala.txt": COUNTED}).ask(question), None)


# A FacQA passage (p1220) that counts the regencies and names none.
AUDIT = (
    "Audit BPK atas KPU\n\n"
    "Jakarta, Kompas - Selain soal kendaraan inventaris KPU yang belum dikembalikan, audit BPK juga menyoroti "
    "adanya tujuh kabupaten yang belum menyampaikan pertanggungjawaban dana operasional Pemilu 2004. Total "
    "anggaran yang belum dipertanggungjawabkan oleh ketujuh kabupaten itu Rp 12 miliar.\n"
)


@pytest.mark.parametrize(
    ("question", "refused"),
    [
        ("Which seven regencies had not accounted for their 2004 election operational funds?", True),
        ("What are the seven regencies that had not accounted for their 2004 election funds?", True),
        ("apa aja sih tujuh kabupaten yang belum menyampaikan pertanggungjawaban dana operasional Pemilu 2004", True),
        ("Apa saja tujuh kabupaten yang belum menyampaikan pertanggungjawaban dana operasional Pemilu 2004?", True),
        # Without the count the question is left to the model, which answers it here.
        ("Kabupaten mana saja yang belum menyampaikan pertanggungjawaban dana operasional Pemilu 2004?", False),
    ],
)
def test_a_counted_list_in_either_language(tmp_path, question, refused):
    assert first_excerpt_holds(searcher_over(tmp_path, {"kpu.txt": AUDIT}).ask(question), None) is refused


@pytest.mark.parametrize(
    "question",
    ["Apa saja 12 kota tuan rumah Piala Dunia 2006?", "Di mana saja 12 kota tuan rumah Piala Dunia 2006?"],
)
def test_a_list_asked_is_answered_by_the_paragraph_listing_it(tmp_path, question):
    searcher = searcher_over(tmp_path, {"piala.txt": COUNTED + "\n" + LISTED})
    assert first_excerpt_holds(searcher.ask(question), "Berlin, Muenchen, Hamburg, dan Dortmund")


@pytest.mark.parametrize(
    "question",
    [
        "Kota mana saja yang menjadi tuan rumah Piala Dunia 2006?",  # no count: any paragraph may answer
        "Apa saja yang terjadi di Piala Dunia 2006?",  # a year is no count
    ],
)
def test_a_list_asked_without_a_count_of_three_is_left_to_the_model(tmp_path, question):
    assert not first_excerpt_holds(searcher_over(tmp_path, {"piala.txt": COUNTED}).ask(question), None)


def test_the_day_of_a_date_is_no_count(tmp_path):
    """ "17" of "Pada 17 Agustus siapa saja ...?" counts nothing: the two names joined by
    "dan", which no enumeration pattern reads, still answer."""
    text = "Pelantikan di Lahat\n\nLahat, Kompas - Bupati Lahat melantik Andi Saputra dan Budi Santoso sebagai camat pada 17 Agustus.\n"
    result = searcher_over(tmp_path, {"lahat.txt": text}).ask("Pada 17 Agustus siapa saja yang dilantik Bupati Lahat?")
    assert first_excerpt_holds(result, "Andi Saputra dan Budi Santoso")


@pytest.mark.parametrize(
    ("text", "lists"),
    [
        ("ada tiga kapal, yakni MT Rejoice, MT Sunrise, dan MT Tioman", True),
        ("Hal tersebut baik bagi ASN yang merupakan PNS, maupun PPPK.", True),
        ("merugikan negara, pemerintah dan masyarakat", True),
        ("premanisme tak sekadar pungli di jalan raya, tetapi juga intimidasi", True),
        ("Dr. H. Herwan Antoni, SKM., M.Kes., M.Si, dihari pertamanya", True),
        ("Tiga kota tuan rumah, yakni Berlin, Hamburg, Muenchen.", True),  # a list opened by "yakni", no "dan"
        ("Tugasnya: menjaga kondusifitas wilayah, memfasilitasi pilkada.", True),
        ("Ada 12 kota yang akan menjadi tuan rumah Piala Dunia 2006.", False),
        ("Komoditas itu dapat diolah menjadi lebih kurang 30 jenis produk ikutan.", False),
        # "dan" before the comma, or after the sentence's end, lists nothing.
        ("Menteri Kelautan dan Perikanan di Jakarta, akhir pekan lalu. Harga naik dan turun.", False),
        ("Potensinya 1,2 juta hektar dan 16 ton per hektar.", False),  # a decimal comma
    ],
)
def test_what_lists_things(analyzer, text, lists):
    assert bool(cue_matches(text, "enumeration", analyzer)) is lists
