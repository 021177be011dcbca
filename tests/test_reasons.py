"""Questions asking why ("Mengapa ...?", "Kenapa ...?", "Why ...?"): a paragraph on the same
deed that gives no cause or purpose does not say why, and is no answer (helper-191: "Why
did Mahmoud Abbas fire Moussa Arafat?" got "Awal tahun ini ia dipecat oleh Presiden ...",
"kenapa taufik hidayat absen di kejuaraan asia" a paragraph saying only that he was
absent). What gives a cause is data: answer_cues.tsv, "reason"."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.cues import cue_matches

FIRED = (
    "Moussa Arafat Tewas Ditembak\n\n"
    "Gaza, Rabu - Moussa Arafat tewas ditembak sekelompok pria bersenjata di rumahnya di Gaza.\n\n"
    "Arafat (65) adalah saudara sepupu almarhum pemimpin Palestina Yasser Arafat. Awal tahun ini ia "
    "dipecat oleh Presiden Otoritas Palestina Mahmoud Abbas dari jabatan kepala keamanan.\n"
)
BECAUSE = (
    "Mahmoud Abbas memecat Moussa Arafat dari jabatan kepala keamanan karena gagal menghentikan "
    "kekacauan di Jalur Gaza.\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "Mengapa Mahmoud Abbas memecat Moussa Arafat?",
        "kenapa moussa arafat dipecat mahmoud abbas",
        "knp moussa arafat dipecat abbas",
        "Why did Mahmoud Abbas fire Moussa Arafat?",
        "Apa alasan Mahmoud Abbas memecat Moussa Arafat?",
        "apa penyebab moussa arafat dipecat",
        "What caused Mahmoud Abbas to fire Moussa Arafat?",
    ],
)
def test_a_paragraph_giving_no_cause_does_not_say_why(tmp_path, question):
    assert first_excerpt_holds(searcher_over(tmp_path, {"gaza.txt": FIRED}).ask(question), None)


@pytest.mark.parametrize(
    "question",
    ["Mengapa Mahmoud Abbas memecat Moussa Arafat?", "Why did Mahmoud Abbas fire Moussa Arafat?"],
)
def test_the_paragraph_giving_the_cause_answers(tmp_path, question):
    searcher = searcher_over(tmp_path, {"gaza.txt": FIRED + "\n" + BECAUSE})
    assert first_excerpt_holds(searcher.ask(question), "karena gagal menghentikan")


def test_what_someone_did_in_chat_is_no_why_question(tmp_path):
    """ "ngapain aja" asks what someone did ("melakukan apa"), which a paragraph giving no
    cause answers: colloquial_id.tsv reads "ngapain" as "apa", not "mengapa"."""
    searcher = searcher_over(tmp_path, {"gaza.txt": FIRED})
    assert first_excerpt_holds(searcher.ask("moussa arafat ngapain aja di gaza"), "Moussa Arafat tewas ditembak")


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Apa penyebab jatuhnya pesawat Mandala di Medan?", "reason"),
        ("Apa alasannya ASN harus netral?", "reason"),
        ("What caused the Mandala crash in Medan?", "reason"),
        # The thing that causes it, not why: "anemia", "kerikil" (FacQA).
        ("Selain kurang gizi, apa yang menyebabkan murid lambat belajar?", "thing"),
        ("Apa nama bakteri penyebab tukak lambung?", "thing"),
    ],
)
def test_asking_a_cause_in_other_words(analyzer, question, answer_type):
    assert analyzer.analyze_question(question).answer_type == answer_type


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("Pesawat kembali ke bandara karena indikator landing gear menyala.", True),
        ("Laga itu ditunda dikarenakan hujan deras.", True),
        ("Hal ini sesuai dengan peraturan perundang-undangan yang berlaku.", True),
        ("Penggunaan media sosial yang tidak pas akan membawa dampak buruk bagi citra birokrasi.", True),
        ("Akibatnya, banyak pabrik tekstil terpaksa menutup usahanya.", True),
        ("Pasalnya, Danau Jati yang menjadi sumber air utama sudah berhenti mengalir.", True),
        ("Pembatalan ini merupakan balasan atas kunjungan Koizumi ke Kuil Yasukuni.", True),
        ('"Walau pejabat definitif sedang cuti, kita harus tetap bekerja keras," ujarnya.', True),
        ("Mereka mengambil terumbu karang untuk dibuat campuran bahan bangunan.", True),
        ("Awal tahun ini ia dipecat oleh Presiden Otoritas Palestina Mahmoud Abbas.", False),
        ("Hal ini juga menyebabkan oposisi berdekatan.", False),  # "menyebabkan" says what it causes
        ("Tinggalkan Balasan", False),  # a comment form's footer, not "balasan atas ..."
    ],
)
def test_what_gives_a_cause(analyzer, text, gives):
    assert bool(cue_matches(text, "reason", analyzer)) is gives
