"""A question naming someone is not answered from a whole article that never names them
(retrieval/names.py): five articles on civil servants' neutrality share every other
word of "Apa kata Sisardi tentang Korpri?"."""

from __future__ import annotations

import shutil

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
        # Refused by the model fitted on 2026-12-02 (0.458 < 0.482); answered again by the
        # one fitted on 2026-12-03 and on 2026-12-04 with the age cue (0.476 >= 0.467);
        # refused by the one fitted after the measure nouns that day, by a thousandth;
        # answered by the one fitted at b88d7a2 (0.491 >= 0.473). Spelled right, 0.900.
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


# A name no passage of the archive writes, nor a slip away from one: nothing can be about
# that person, and a lone paragraph (a FacQA passage) is held to it too. The question's
# first word is capitalised by any question, and is no name for this.
@pytest.mark.parametrize(
    "question",
    [
        "Apa kata Budiman tentang ASN OKI?",  # answered with OKI's ¶7 before
        "What did Budiman say about ASN in OKI?",
        "Apa kata Budiman Sudjatmiko tentang netralitas ASN?",
        "Kapan Pjs Bupati rapat dengan Budiman?",
        # Typed in small letters: after "kata", a word the archive never writes and no
        # dictionary gives is the speaker's name (speaker_openers.txt).
        "apa kata budiman tentang asn oki?",  # answered with OKI's ¶7 before
        "apa kata hendra tentang netralitas asn?",
    ],
)
def test_a_name_the_archive_never_writes_is_not_answered(searcher, question):
    assert searcher.ask(question).answers == ()


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("Apa kata Sisardy tentang netralitas ASN?", BENGKULU_SELATAN),  # a slip: mended to Sisardi
        ("apa kata sisadi tentang asn?", BENGKULU_SELATAN),  # in small letters too
        ("apa kata sekda tentang asn oki?", "003_16e99507f5c9788d"),  # a word the archive writes: no name
        # ("apa kata warga ...?" had been here: no seed writes a resident's words, and a
        # question asking what someone said now wants them: speech_questions.txt.)
        # "menurut" is followed by sources as often as by people: no name read after it.
        ("menurut pantauan berapa asn di oki?", "003_16e99507f5c9788d"),
        ("menurut aturna, apa yang dilarang bagi asn?", "000_56970b467c1ddc30"),  # a slip with no mend
        # The first word, capitalised by any question: the seeds never write "sebenernya".
        ("Sebenernya siapa Pjs Bupati yang memimpin apel pagi di Kantor Sekretariat Pemkab BS?", BENGKULU_SELATAN),
        # A compass point misspelt is still the point, though no name is a slip from it.
        ("Apa pesan Pjs Bupati Bengkulu Seltan soal pelayanan di OPD?", BENGKULU_SELATAN),
    ],
)
def test_a_known_or_mended_name_still_answers(searcher, question, doc):
    assert top_doc(searcher.ask(question)) == doc


# A place no passage writes, nor a slip from a name one writes, run on into a name the
# archive holds: the place check holds out nothing for a place it does not know (it may
# be misspelt), and the name found another place's office. "Lahat" is a letter from
# "lahan" (land), which no article writes as a name.
@pytest.mark.parametrize(
    "question",
    [
        "Siapa pengganti Kapolres Lahat Fajar Nugroho?",  # Muba's police chief before
        "Siapa pengganti Kapolres Lahat AKBP Fajar Nugroho?",
    ],
)
def test_a_place_the_archive_never_writes_is_not_answered(periods_archive, question):
    assert periods_archive.ask(question).answers == ()


def test_a_lone_paragraph_does_not_answer_for_a_name_written_nowhere(tmp_path):
    searcher = searcher_over(
        tmp_path,
        {
            "pasar.txt": "Title: Pasar Lahat\n\nCamat Budi Santoso meninjau Pasar Inpres Lahat pada Kamis pagi.\n",
            "aula.txt": "Title: Rapat Camat\n\nRapat koordinasi para camat digelar di Aula Melati Kantor Bupati Lahat.\n",
        },
    )
    assert "Pasar Inpres" in top(searcher.ask("Kapan Budi Santoso meninjau Pasar Inpres Lahat?"))
    assert searcher.ask("Kapan Joko Susilo meninjau Pasar Inpres Lahat?").answers == ()


def test_an_acronym_the_archive_spells_out_is_no_name_written_nowhere(tmp_path, seeds_dir):
    shutil.copytree(seeds_dir, tmp_path, dirs_exist_ok=True)
    searcher = searcher_over(
        tmp_path,
        {"jenguk.txt": "Title: Presiden Menjenguk\n\nPresiden Susilo Bambang Yudhoyono menjenguk Nurcholish Madjid di Rumah Sakit Pondok Indah pada 16 Agustus 2005.\n"},
    )
    assert "16 Agustus 2005" in top(searcher.ask("Kapan Presiden SBY menjenguk Nurcholish Madjid di Rumah Sakit Pondok Indah?"))


# Another province's office in the question's words (places.another_provinces_office):
# FacQA's "Siapakah Kepala Badan Perencanaan Pembangunan Daerah Sumut?" was answered, its
# passage removed, with "Kepala Badan Perencanaan Pembangunan Daerah Kalbar Fathan ...".
OFFICES = {
    "jambi.txt": "Title: Hutan Jambi\n\nKepala Dinas Kehutanan Jambi Budi Santoso mengatakan, penebangan liar merugikan masyarakat.\n",
    "pipa.txt": "Title: Pipa Gas\n\nJaringan pipa gas akan dibangun dari Musi Banyuasin, melewati Labuhan Maringgai (Lampung), Jakarta, dan berakhir di Bekasi, sepanjang 661 kilometer.\n",
}


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("Siapakah Kepala Dinas Kehutanan Lampung?", False),
        ("siapakah kepala dinas kehutanan lampung?", False),
        ("Siapakah Kepala Dinas Kehutanan Provinsi Lampung?", False),
        ("Siapakah Kepala Dinas Kehutanan Jambi?", True),
        # A route through other provinces is no office of theirs.
        ("Berapa panjang jaringan pipa gas dari Musi Banyuasin ke Jawa Barat?", True),
    ],
)
def test_another_provinces_office_does_not_answer(tmp_path, seeds_dir, question, answered):
    shutil.copytree(seeds_dir, tmp_path, dirs_exist_ok=True)
    searcher = searcher_over(tmp_path, OFFICES)
    assert bool(searcher.ask(question).answers) is answered
