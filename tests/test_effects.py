"""Questions asking what came of something ("Apa akibat ...?", "Apa dampak ...?", "What
impact ...?"): a paragraph that only tells the event does not say what came of it, and is
no answer (probe_s79/s80/s81: "Apa dampak rusaknya jalan Bangko - Muara Madras - Rantau Suli
bagi warga setempat?" got the paragraph on why the road broke). What tells an effect is
data: answer_cues.tsv, "effect"."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.cues import cue_matches

ROAD = (
    "Jalan Bangko Rusak Berat\n\n"
    "Bangko, Kompas - Warga mengeluhkan jalan yang menghubungkan Bangko, Muara Madras dan Rantau "
    "Suli sejauh 180 kilometer. Jalan itu rusak berat karena banyak dilewati truk pengangkut kayu.\n"
)
CUT_OFF = (
    "Akibatnya, warga Rantau Suli terisolasi dan harga bahan pokok di desa itu naik dua kali lipat "
    "sejak jalan Bangko - Muara Madras rusak.\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "Apa dampak rusaknya jalan Bangko - Muara Madras - Rantau Suli bagi warga?",
        "apa akibatnya jalan bangko rusak berat",
        "What impact did the broken Bangko road have?",
    ],
)
def test_a_paragraph_telling_only_the_event_does_not_say_what_came_of_it(tmp_path, question):
    assert first_excerpt_holds(searcher_over(tmp_path, {"bangko.txt": ROAD}).ask(question), None)


@pytest.mark.parametrize(
    "question",
    ["Apa dampak rusaknya jalan Bangko - Muara Madras bagi warga Rantau Suli?", "apa akibat jalan bangko rusak bagi warga rantau suli"],
)
def test_the_paragraph_telling_the_effect_answers(tmp_path, question):
    searcher = searcher_over(tmp_path, {"bangko.txt": ROAD + "\n" + CUT_OFF})
    assert first_excerpt_holds(searcher.ask(question), "warga Rantau Suli terisolasi")


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Apa akibat ketidaknetralan ASN?", "effect"),
        ("Apa dampaknya bagi warga?", "effect"),
        ("Apakah dampak kenaikan tarif tol terhadap inflasi?", "effect"),
        ("What impact did the storm have on Florida?", "effect"),
        ("Apa saja dampak banjir di Sekayu?", "effect"),
        ("dampaknya apa buat warga", "effect"),
        ("Bagaimana dampak kenaikan harga BBM?", "effect"),
        # Not what came of it: the number of the dead, the cause, the thing.
        ("Berapa orang tewas akibat gempa di Nabire?", "count"),
        ("Apa penyebab jatuhnya pesawat Mandala?", "reason"),
        ("Apa nama badai yang melanda Florida?", "thing"),
    ],
)
def test_asking_an_effect(analyzer, question, answer_type):
    assert analyzer.analyze_question(question).answer_type == answer_type


@pytest.mark.parametrize(
    ("text", "tells"),
    [
        ("Penggunaan media sosial yang tidak pas akan membawa dampak buruk bagi citra birokrasi.", True),
        ("Ketidaknetralan ASN akan sangat merugikan negara, pemerintah dan masyarakat.", True),
        ("Topan Wilma memicu longsor yang menewaskan setidaknya 10 orang di Haiti.", True),
        ("Jika melanggar, sanksinya jelas hingga pemecatan.", True),
        ("Akibatnya, banyak pabrik tekstil terpaksa menutup usahanya.", True),
        ("Kenaikan biaya produksi akan menambah jumlah pengangguran sebanyak 300.000 orang.", True),
        ("Ribuan warga Sekayu terdampak banjir dan mengungsi ke masjid.", True),
        ("Jalan itu rusak berat karena dilewati truk pengangkut kayu.", False),
        # A cause, an "until", a purpose, a victim's name: no effect told.
        ("Jalan itu rusak berat akibat dilewati truk pengangkut kayu.", False),
        ("Rapat digelar dari pukul 09.00 hingga 12.00.", False),
        ("Warga membuat laporan ke polisi.", False),
        ("Program ini bertujuan meningkatkan kualitas layanan.", False),
        ("Korban bernama Ahmad.", False),
        ("Pemerintah menganggarkan dana senilai Rp 913 miliar untuk Nabire.", False),
    ],
)
def test_what_tells_an_effect(analyzer, text, tells):
    assert bool(cue_matches(text, "effect", analyzer)) is tells
