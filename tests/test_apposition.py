"""Answers written beside the thing asked: a species' Latin name stands beside its common
name ("orangutan sumatera (Pongo pygmaeus abelii)"), and a nickname after a word that
gives one ("yang dijuluki Iceman"). A paragraph giving another species' Latin name, or
about him and giving no nickname, is no answer (FacQA dev: "apa nama latin orangutan Sumatera" had got
"orangutan kalimantan (Pongo pygmaeus pygmaeus)", "Apakah julukan pembalap Raikkonen?" a
nickname given someone else)."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.analysis import Analyzer
from retrieval.cues import asked_cues, cue_matches
from retrieval.required_words import required_words

PARK = (
    "Satwa Taman Nasional\n\n"
    "Bandar Lampung, Kompas - Satwa yang mudah ditemui di taman nasional itu adalah orangutan kalimantan "
    "(Pongo pygmaeus pygmaeus).\n\n"
    "Di hutan bagian utara hidup lutung (Hylobates syndactylus), kukang, dan penyu lekang (Dermochelys coriacea).\n\n"
    "Penjaga hutan juga mencatat kijang, beruang madu dan penyu sisik di kawasan itu.\n\n"
    "Di tepi sungai tumbuh kantung semar (Nepenthes ampullaria), sawit dan jarak pagar (Jatropha curcas).\n"
)
REEF = (
    "Ikan Hias Desa Les\n\n"
    "Singaraja, Kompas - Di bawah laut Desa Les ada sekitar 420 jenis ikan hias, antara lain Balistodes "
    "conspicillum (triger kembang) dan Paracanthurus hepatus (leter six).\n"
)
RACE = (
    "Raikkonen Juara\n\n"
    "Spa, Minggu - Pembalap Finlandia Kimi Raikkonen menjuarai Grand Prix Belgia, kemenangan keenamnya "
    "musim ini.\n\n"
    "Raikkonen kini tertinggal 24 angka dari pembalap Renault, Fernando Alonso.\n"
)
MATADOR = (
    "Alonso Bertekad Juara\n\n"
    "Madrid, Kamis - Fernando Alonso, yang dijuluki Sang Matador, bertekad merebut gelar juara dunia "
    "tahun ini.\n\n"
    "Ia kini unggul 24 angka di klasemen sementara.\n"
)
# Other news, so that the words of the questions weigh as they do in an archive.
OTHERS = {
    "rupiah.txt": (
        "Rupiah Melemah\n\nJakarta, Kompas - Nilai tukar rupiah melemah ke Rp 10.080 per dollar AS pada "
        "pembukaan perdagangan Senin pagi.\n\nBank Indonesia menyatakan akan menjaga stabilitas rupiah.\n"
    ),
    "banjir.txt": "Banjir Bengkulu\n\nBengkulu, Kompas - Banjir merendam 300 rumah warga di Kota Bengkulu, Senin.\n",
}


@pytest.fixture
def archive(tmp_path):
    return searcher_over(tmp_path, {"taman.txt": PARK, "ikan.txt": REEF, "balap.txt": RACE, "alonso.txt": MATADOR, **OTHERS})


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Apa nama latin dari lutung?", "Hylobates syndactylus"),
        ("apa nama latin orangutan kalimantan", "Pongo pygmaeus pygmaeus"),
        ("Apakah nama latin dari penyu lekang?", "Dermochelys coriacea"),
        ("Apa nama latin jarak pagar?", "Jatropha curcas"),
        ("Apa nama latin dari ikan leter six?", "Paracanthurus hepatus"),  # the common name in brackets after it
        ("Apa nama ilmiah triger kembang?", "Balistodes conspicillum"),
    ],
)
def test_the_latin_name_beside_the_species_asked_answers(archive, question, answer):
    assert first_excerpt_holds(archive.ask(question), answer)


@pytest.mark.parametrize(
    "question",
    [
        # Another species' Latin name stands beside each in the list (penyu sisik, kukang
        # and sawit had got one before the rule; the others are refused by the decision too).
        "Apa nama latin orangutan Sumatera?",
        "Apakah nama latin dari kijang?",
        "Apakah nama latin dari penyu sisik?",
        "Apa nama latin untuk hewan beruang madu?",
        "Apa nama latin dari kukang?",  # named in the list, its Latin name not given
        "Apa nama latin dari ikan dakocan hitam?",
        "Apa nama latin sawit?",  # "sawit dan jarak pagar (Jatropha curcas)": the second's
    ],
)
def test_another_species_latin_name_is_no_answer(archive, question):
    assert first_excerpt_holds(archive.ask(question), None)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("seperti badak sumatera (Dicerorhinus sumatrensis), kambing hutan (Copricornis sumatrensis)", ["badak sumatera", "kambing hutan"]),
        ("sawit dan jarak pagar (Jatropha curcas)", ["jarak pagar"]),
        ("mawas atau orangutan sumatera (Pongo pygmaeus abelii)", ["mawas atau orangutan sumatera"]),
        ("Jenis kerang yang oleh warga lokal disebut mabe (Pteria penguin)", ["warga lokal disebut mabe"]),
        ("penyu belimbing, penyu lekang (Dermochelys coriacea)", ["penyu lekang"]),
        ("Paracanthurus hepatus (leter six)", ["leter six"]),
        ("pada Limnonectes (katak batu) ini", ["katak batu"]),
    ],
)
def test_a_latin_name_keeps_the_common_name_written_beside_it(text, names):
    assert [match.names for match in cue_matches(text, "species", Analyzer())] == names


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Apa nama latin dari lutung?", ["Hylobates syndactylus"]),
        ("Apa nama latin untuk hewan lutung?", ["Hylobates syndactylus"]),  # a kind word is read past (species_kinds.txt)
        ("apakah nama latin dari satwa penyu lekang", ["Dermochelys coriacea"]),
        ("Apa nama latin dari penyu?", ["Dermochelys coriacea"]),  # the one penyu the list gives a Latin name
        ("Apa nama latin orangutan sumatera?", []),
        ("Apa nama latin dari kijang?", []),
        ("Apa nama latin sawit?", []),
        # What follows a stop word tells of the species, not its name (probe_s94's first run),
        # or one run of the words names it (helper-227's review).
        ("Apa nama latin lutung yang mudah ditemui di hutan bagian utara?", ["Hylobates syndactylus"]),
        ("Apa nama latin yang dimiliki oleh lutung?", ["Hylobates syndactylus"]),
        ("Apa nama latin sebenarnya dari lutung?", ["Hylobates syndactylus"]),
        # Asked as typed: a Latin name beside another spelling is not given (a known gap).
        ("Apa nama latin kantong semar?", []),
    ],
)
def test_only_the_latin_name_of_the_species_asked_is_asked_for(archive, question, asked):
    text = " ".join(PARK.split("\n\n")[1:])
    spans = asked_cues(cue_matches(text, "species", archive.analyzer), archive.analyze(question), archive.analyzer)
    assert [text[start:end] for start, end in spans] == asked


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Apa julukan Fernando Alonso?", "Sang Matador"),
        ("What is Fernando Alonso's nickname?", "Sang Matador"),
    ],
)
def test_the_paragraph_giving_the_nickname_answers(archive, question, answer):
    assert first_excerpt_holds(archive.ask(question), answer)


@pytest.mark.parametrize(
    "question",
    [
        # The paragraphs about him give none; another article gives another racer's.
        "Apakah julukan pembalap Kimi Raikkonen?",
        "Apa julukan Raikkonen?",
        "What is Kimi Raikkonen's nickname?",
    ],
)
def test_a_paragraph_giving_no_nickname_of_him_is_no_answer(archive, question):
    assert first_excerpt_holds(archive.ask(question), None)


def test_a_question_writing_only_the_verb_asks_no_nickname():
    analyzer = Analyzer()
    assert required_words(analyzer.analyze_question("Apa julukan Raikkonen?"), analyzer)
    assert not required_words(analyzer.analyze_question("Apa yang disampaikan Alonso saat dipanggil panitia?"), analyzer)
