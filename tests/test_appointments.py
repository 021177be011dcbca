"""Who appointed someone: answered only by a paragraph naming who appointed, not by one
naming the appointee (appointing_questions.txt, appointing_words.tsv)."""

from __future__ import annotations

import pytest
from scratch_corpus import searcher_over, top

from retrieval.appointments import asks_who_appointed, names_an_appointer


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Siapa yang melantik Herwan Antoni sebagai Pjs Bupati Rejang Lebong?", True),
        ("Siapakah yang menunjuk Rosjonsyah sebagai Plt Gubernur?", True),
        ("Rosjonsyah ditunjuk oleh siapa?", True),
        ("Oleh siapa Sisardi dilantik?", True),
        ("Who appointed Edwar Juliartha as acting regent of OKU Timur?", True),
        # Who was appointed, not by whom.
        ("Siapa yang dilantik menjadi Pjs Bupati Rejang Lebong?", False),
        ("Who was appointed acting governor of Bengkulu?", False),
        # "oleh siapa" of another deed (FacQA: "Gubernur Bali dijabat oleh siapa?").
        ("Gubernur Bali dijabat oleh siapa?", False),
        ("Oleh siapa Karadzic dinyatakan bersalah?", False),
    ],
)
def test_a_question_asking_who_appointed(analyzer, question, asks):
    assert asks_who_appointed(analyzer.analyze_question(question), analyzer) is asks


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Gubernur Sumsel Herman Deru melantik Edwar Juliartha sebagai Pjs Bupati.", True),
        ("Edwar Juliartha dilantik sebagai Pjs Bupati oleh Gubernur Sumsel.", True),
        ("Setelah resmi ditunjuk sebagai Pelaksana Tugas (Plt) Gubernur Bengkulu sejak 27 September, Rosjonsyah langsung bergerak.", False),
        ("Usai dikukuhkan, Herwan Antoni memimpin apel pagi.", False),
        # helper-145: the agent by whose decree, before the verb.
        ("Sesuai Keputusan Menteri Koordinator Kesra, LIPI ditunjuk sebagai tim pengkajian.", True),
        # "menunjukkan" (to show) stems as "ditunjuk" does; as written, it appoints no one.
        ("Acara ini ajang untuk menunjukkan capaian kepada masyarakat.", False),
    ],
)
def test_a_paragraph_naming_who_appointed(analyzer, text, names):
    assert names_an_appointer(text, analyzer) is names


@pytest.mark.parametrize(
    "question",
    [
        "Siapa yang melantik Herwan Antoni sebagai Pjs Bupati Rejang Lebong?",
        "Siapa yang mengukuhkan Herwan Antoni sebagai Pjs Bupati Rejang Lebong?",
        "Who appointed Herwan Antoni as acting regent of Rejang Lebong?",
        "Who appointed Rosjonsyah as acting governor of Bengkulu?",
        "Rosjonsyah ditunjuk oleh siapa?",
    ],
)
def test_the_seeds_never_say_who_appointed(searcher, question):
    # helper-141, helper-143: his speech and the HUT paragraph ("menunjukkan") had answered.
    assert top(searcher.ask(question)) == ""


def test_who_was_appointed_is_still_answered(searcher):
    assert "Herwan Antoni" in top(searcher.ask("Siapa yang dilantik menjadi Pjs Bupati Rejang Lebong?"))


APPOINTED = {
    "lantik.txt": (
        "Title: Pjs Bupati OKU Timur Dilantik\n\nPalembang - Gubernur Sumatera Selatan Herman Deru melantik Edwar Juliartha "
        "sebagai Penjabat Sementara Bupati OKU Timur di Griya Agung, Rabu.\n\nEdwar Juliartha berjanji menjaga netralitas ASN.\n"
    ),
    "tunjuk.txt": "Title: Plt Kepala Dinas\n\nBaturaja - Ahmad Yani ditunjuk sebagai Plt Kepala Dinas Pendidikan oleh Bupati OKU Teddy Meilwansyah.\n",
}


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("Siapa yang melantik Edwar Juliartha sebagai Pjs Bupati OKU Timur?", "Herman Deru melantik"),
        ("Who appointed Edwar Juliartha as acting regent of OKU Timur?", "Herman Deru melantik"),
        ("Ahmad Yani ditunjuk oleh siapa?", "oleh Bupati OKU"),
    ],
)
def test_a_paragraph_naming_who_appointed_answers(tmp_path, question, shown):
    assert shown in top(searcher_over(tmp_path, APPOINTED).ask(question))
