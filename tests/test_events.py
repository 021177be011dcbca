"""Where and when an event happened ("Di mana Kartono Ryadi dimakamkan?", "Where was
Dwight Phillips born?"): a paragraph about the same person that does not tell the event
gives another place or day, and is no answer (probe_s79: both got one). The events are
data: asked_events.txt."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.events import asked_events

DIED = (
    "Kartono Ryadi Berpulang\n\n"
    "Jakarta, Kompas - Wartawan foto senior Kartono Ryadi (60) meninggal di Rumah Sakit "
    "Cikini, Jakarta, Rabu (31/8) dini hari.\n\n"
    "Kartono Ryadi dikenal sebagai pemotret yang merekam peristiwa-peristiwa besar di Jakarta "
    "sejak 1970-an.\n"
)
# Other news, so that the words of the question weigh as they do in an archive.
OTHERS = {
    "bulutangkis.txt": (
        "Taufik Juara Dunia\n\nAnaheim, Minggu - Taufik Hidayat menjadi juara dunia tunggal putra setelah "
        "mengalahkan Lin Dan di Anaheim, Amerika Serikat.\n\nGanda campuran Nova Widianto/Lilyana Natsir juga "
        "merebut gelar juara.\n"
    ),
    "rupiah.txt": (
        "Rupiah Melemah\n\nJakarta, Kompas - Nilai tukar rupiah melemah ke Rp 10.080 per dollar AS pada "
        "pembukaan perdagangan Senin pagi.\n\nBank Indonesia menyatakan akan menjaga stabilitas rupiah.\n"
    ),
    "pameran.txt": (
        "Pameran Foto Jurnalistik\n\nJakarta, Kompas - Pameran foto jurnalistik digelar di Galeri Antara, "
        "Jakarta, menampilkan karya wartawan foto dari berbagai media.\n"
    ),
}
BURIED = "Jenazah Kartono Ryadi dimakamkan di Taman Pemakaman Umum Tanah Kusir, Jakarta Selatan, Kamis (1/9) siang.\n"
BORN = "Kartono Ryadi lahir di Yogyakarta pada 12 Maret 1945.\n"


@pytest.mark.parametrize(
    "question",
    [
        # Each got the paragraph of his death, its hospital or its day, before asked_events.txt.
        "Di mana wartawan foto Kartono Ryadi dimakamkan?",
        "Kapan wartawan foto senior Kartono Ryadi dimakamkan?",
        "wartawan foto kartono ryadi dimakamkan di mana",
        "Di mana wartawan foto Kartono Ryadi lahir?",
        "Kapan Kartono Ryadi lahir?",
        "Where was Kartono Ryadi born?",
    ],
)
def test_a_paragraph_not_telling_the_event_gives_no_place_or_day_of_it(tmp_path, question):
    assert first_excerpt_holds(searcher_over(tmp_path, {"kartono.txt": DIED, **OTHERS}).ask(question), None)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Di mana Kartono Ryadi dimakamkan?", "Tanah Kusir"),
        ("Kapan Kartono Ryadi dimakamkan?", "Kamis (1/9)"),
        ("Di mana Kartono Ryadi lahir?", "Yogyakarta"),
        ("Where was Kartono Ryadi born?", "Yogyakarta"),
        # Not an event of the list: the paragraph of his death answers as before.
        ("Di mana Kartono Ryadi meninggal?", "Rumah Sakit"),
    ],
)
def test_the_paragraph_telling_the_event_answers(tmp_path, question, answer):
    searcher = searcher_over(tmp_path, {"kartono.txt": DIED + "\n" + BURIED + "\n" + BORN, **OTHERS})
    assert first_excerpt_holds(searcher.ask(question), answer)


@pytest.mark.parametrize(
    ("question", "events"),
    [
        ("Di mana Kartono Ryadi dimakamkan?", 1),
        ("Tanggal berapa Hosni Mubarak lahir?", 1),
        ("Kapan Schapelle Corby ditangkap?", 1),
        ("Where was Arafat shot?", 1),
        # Who, not where or when; where someone lives ("tinggal", the stem of "meninggal"
        # too, is left out); "catch fire", whose translations name an arrest among others.
        ("Siapa yang ditangkap polisi?", 0),
        ("Di mana Sisardi tinggal?", 0),
        ("In which city did the Air France Airbus skid off the runway and catch fire?", 0),
    ],
)
def test_which_questions_ask_where_or_when_an_event_happened(analyzer, question, events):
    assert bin(asked_events(analyzer.analyze_question(question), analyzer)).count("1") == events
