"""A question naming someone is not answered from a whole article that never names them
(retrieval/names.py): five articles on civil servants' neutrality share every other
word of "Apa kata Sisardi tentang Korpri?"."""

from __future__ import annotations

import pytest
from scratch_corpus import searcher_over, top, top_doc

from retrieval.names import named_words

OKU_TIMUR = "001_8b19b7e41f79d3d6"
BENGKULU = "002_a5d4a4758ad8401f"
BENGKULU_SELATAN = "004_b8076227a415273f"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Apa kata Sisardi tentang Korpri?", [["sisardi"]]),  # Korpri: an abbreviation
        ("Kapan Yusran Fauzi memimpin rapat?", [["yusran", "fauzi"]]),  # one name
        ("Kapan Sisardi rapat dengan Edwar Juliartha?", [["sisardi"], ["edwar", "juliartha"]]),
        ("Apa kata Prof. Edwar tentang ASN?", [["edwar"]]),  # a title is no name
        ("Apa kata Haji Budi Santoso?", [["budi", "santoso"]]),
        ("Apa kata Kombes Sunarto?", [["sunarto"]]),  # nor a rank
        ("Siapa Pjs Bupati Bengkulu Selatan?", []),  # a place named by its office: the place check's
        ("Who is the Bengkulu governor?", []),
        ("What did Sisardi say about social media?", [["sisardi"]]),
        # Title case: the question's own words are left to the archive, which writes them in
        # small letters.
        ("Apa Kata Pjs Bupati Tentang Netralitas Pada Bulan September?", [["kata"], ["bulan"]]),
        ("apa kata sisardi tentang korpri?", []),  # lower case: truecased first, by the Searcher
    ],
)
def test_the_words_that_may_name_someone(analyzer, question, words):
    assert [[word.text for word in run] for run in named_words(question, analyzer)] == words


@pytest.mark.parametrize(
    "question",
    [
        # Each answered before with OKU Timur's or Bengkulu's paragraph, which never names them.
        "Apa kata Sisardi tentang Korpri?",
        "Apa kata Rosjonsyah tentang Korpri?",
        "Apa kata Apriyadi tentang Korpri?",
        "Di mana Sisardi menggelar rapat di Aula Bina Praja II?",
        "Where did Sisardi hold a meeting in Aula Bina Praja II?",
        "Kapan Sisardi memimpin rakor di Gedung Pola?",
        "Kapan Sisardi rapat dengan Edwar Juliartha?",
        "Apa kata Sisardy tentang Korpri?",  # misspelt: its mend is written as a name
        "Apa kata Rosyonsyah tentang Korpri?",
    ],
)
def test_an_article_that_never_names_the_person_does_not_answer(searcher, question):
    assert searcher.ask(question).answers == ()


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("Apa kata Edwar tentang Korpri?", OKU_TIMUR),
        ("apa kata prof edwar soal korpri", OKU_TIMUR),
        ("Siapa Sisardi?", BENGKULU_SELATAN),
        ("Kapan Sisardi memimpin apel pagi?", BENGKULU_SELATAN),
        ("Di mana Rosjonsyah memimpin rakor?", BENGKULU),
        ("Where was the Bengkulu acting governor's coordination meeting held?", BENGKULU),
        ("Kapan Sisardy memimpin apel pagi?", BENGKULU_SELATAN),
        # A misspelt common word is no name because its mend is one ("Selin": "Senin", a
        # weekday) or is never written as a word ("Sebagi": "sebar", as in "menyebarkan").
        ("selin netralitas apa lagi yang dibahas pjs bupati oku timur", OKU_TIMUR),
        ("Who said 'Sebagi anggota Korpri, kita harus netral'?", OKU_TIMUR),
    ],
)
def test_the_article_that_names_the_person_still_answers(searcher, question, doc):
    assert top_doc(searcher.ask(question)) == doc


def test_a_lone_paragraph_may_leave_the_name_to_its_article(tmp_path):
    # A paragraph cut from its article (FacQA's passages) may call the person "he" or by
    # office: only a whole article of several paragraphs is held to the name.
    searcher = searcher_over(
        tmp_path,
        {
            "budi.txt": (
                "Outlet: Kabar Lahat\nDate: 2024-05-02\nTitle: Camat Budi Santoso Tinjau Pasar\n\n"
                "Camat Budi Santoso meninjau Pasar Inpres Lahat, Kamis.\n\n"
                "Budi Santoso meminta pedagang menjaga kebersihan pasar.\n"
            ),
            "aula.txt": "Title: Rapat Camat\n\nRapat koordinasi para camat digelar di Aula Melati Kantor Bupati Lahat.\n",
        },
    )
    assert "Aula Melati" in top(searcher.ask("Di mana rapat koordinasi camat Budi Santoso digelar?"))
