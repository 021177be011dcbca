"""Which side of a succession a question asks about, and which passages answer it
(retrieval/succession.py, the stage filter_successions)."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

from retrieval.analysis import Analyzer
from retrieval.succession import NEW, OLD, Succession, asked_succession, gives_role


def capitalised(question: str):
    """A name's word, as the Searcher tells it here: capitalised and no title."""
    return lambda word: question[word.start : word.start + 1].isupper() and word.text not in ("kapolres", "bupati")


@pytest.mark.parametrize(
    ("question", "holder", "role"),
    [
        ("Siapa pengganti AKBP Rian Prakoso?", {"rian", "prakoso"}, OLD),
        ("Siapa yang menggantikan Rian Prakoso sebagai Kapolres Muba?", {"rian", "prakoso"}, OLD),
        ("Rian Prakoso digantikan oleh siapa?", {"rian", "prakoso"}, OLD),
        ("Rian Prakoso menggantikan siapa?", {"rian", "prakoso"}, NEW),
        ("Siapa yang digantikan Sandi Kurniawan?", {"sandi", "kurniawan"}, NEW),
        ("Siapa pendahulu AKBP Dedi Kurniadi?", {"dedi", "kurniadi"}, NEW),
        ("Who replaced Rian Prakoso as police chief?", {"rian", "prakoso"}, OLD),
        ("Who did Sandi Kurniawan replace?", {"sandi", "kurniawan"}, NEW),
        ("Who is the successor of Rian Prakoso?", {"rian", "prakoso"}, OLD),
    ],
)
def test_a_question_names_a_holder_on_one_side_of_a_succession(analyzer: Analyzer, question, holder, role):
    succession = asked_succession(question, analyzer, capitalised(question))
    assert succession is not None and set(succession.holder) == holder and succession.role == role


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # The office and its place before the name are held for, not part of it: the
        # Searcher reads "Muba" as the office's place ("Siapa pengganti Kapolres Muba
        # Fajar Nugroho?" asked after no one, and the former chief's quote answered).
        ("Siapa pengganti Kapolres Muba Fajar Nugroho?", {"fajar", "nugroho"}),
        ("Siapa yang menggantikan Bupati Muba Apriadi?", {"apriadi"}),
    ],
)
def test_an_office_and_its_place_may_stand_before_the_name(analyzer: Analyzer, question, holder):
    held_for = {"kapolres", "bupati", "muba"}
    succession = asked_succession(question, analyzer, capitalised(question), lambda word: word.text in held_for)
    assert succession is not None and set(succession.holder) == holder and succession.role == OLD
    # Not without them: the office's words are no name's.
    assert asked_succession(question, analyzer, capitalised(question)) is None


@pytest.mark.parametrize(
    "question",
    [
        "Siapa pengganti Kapolres?",  # an office, no person: any succession of it answers
        "Siapa Kapolres Muba?",  # no succession
        "Siapa yang menggantikan bahan bakar minyak?",  # no name beside it
        "Benarkah Sandi Kurniawan menggantikan Apriadi Saleh?",  # names on both sides: no one to place
    ],
)
def test_a_question_naming_no_holder_beside_a_succession_asks_none(analyzer: Analyzer, question):
    assert asked_succession(question, analyzer, capitalised(question)) is None


RIAN_OLD = Succession(frozenset({"rian", "prakoso"}), OLD, frozenset({"ganti"}))
RIAN_NEW = Succession(frozenset({"rian", "prakoso"}), NEW, frozenset({"ganti"}))


@pytest.mark.parametrize(
    ("text", "succession", "gives"),
    [
        # helper-116: the paragraph where Rian Prakoso replaced his predecessor was the
        # answer to who replaced him.
        ("AKBP Rian Prakoso resmi menjabat Kapolres Musi Banyuasin menggantikan AKBP Imam Santoso.", RIAN_OLD, False),
        ("AKBP Rian Prakoso resmi menjabat Kapolres Musi Banyuasin menggantikan AKBP Imam Santoso.", RIAN_NEW, True),
        ("AKBP Dedi Kurniadi menggantikan AKBP Rian Prakoso sebagai Kapolres Muba.", RIAN_OLD, True),
        ("AKBP Rian Prakoso digantikan AKBP Dedi Kurniadi.", RIAN_OLD, True),
        # A handover: "dari" the one before, "kepada" the one after.
        ("Kapolda memimpin serah terima jabatan Kapolres Muba dari AKBP Rian Prakoso kepada AKBP Dedi Kurniadi.", RIAN_OLD, True),
        ("Kapolda memimpin serah terima jabatan Kapolres Muba dari AKBP Rian Prakoso kepada AKBP Dedi Kurniadi.", RIAN_NEW, False),
        # "dari" without a handover is no succession.
        ("Bantuan dari AKBP Rian Prakoso kepada warga disalurkan kemarin.", RIAN_OLD, False),
        # Another sentence's succession is not his.
        ("AKBP Rian Prakoso hadir. Sandi Kurniawan menggantikan Apriadi Saleh.", RIAN_NEW, False),
        ("Kapolres Muba, AKBP Rian Prakoso, menerjunkan 80 personel.", RIAN_OLD, False),
    ],
)
def test_a_passage_puts_the_holder_on_a_side_of_a_succession(analyzer: Analyzer, text, succession, gives):
    assert gives_role(text, succession, analyzer) is gives


ARCHIVE = {
    "a_2024_10.txt": "Title: Rian Prakoso Jabat Kapolres Muba\nOutlet: Sumselpos\nDate: 2024-10-15\n\n"
    "PALEMBANG, SUMSELPOS - AKBP Rian Prakoso resmi menjabat Kapolres Musi Banyuasin menggantikan AKBP Imam Santoso.\n\n"
    "Sebelumnya, AKBP Rian Prakoso menjabat Wakapolres Lubuklinggau.\n",
    "b_2024_12.txt": "Title: AKBP Dedi Kurniadi Jabat Kapolres Muba\nOutlet: Sumselpos\nDate: 2024-12-27\n\n"
    "PALEMBANG, SUMSELPOS - Kapolda Sumsel memimpin serah terima jabatan Kapolres Musi Banyuasin dari AKBP Rian "
    "Prakoso kepada AKBP Dedi Kurniadi, Jumat (27/12/2024).\n\n"
    "AKBP Dedi Kurniadi sebelumnya menjabat Kapolres Ogan Ilir.\n",
    "c_bupati.txt": "Title: Sandi Kurniawan Dilantik Jadi Pj Bupati Muba\nOutlet: Kabar Muba\nDate: 2024-10-08\n\n"
    "PALEMBANG, KABARMUBA - Gubernur Sumatera Selatan melantik Sandi Kurniawan sebagai Penjabat Bupati Musi Banyuasin.\n\n"
    "Sandi Kurniawan menggantikan Apriadi Saleh yang telah menjabat Pj Bupati Muba selama satu tahun.\n",
}


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Siapa pengganti AKBP Rian Prakoso?", "kepada AKBP Dedi Kurniadi"),
        ("siapa pengganti akbp rian prakoso?", "kepada AKBP Dedi Kurniadi"),  # read with the archive's capitals
        ("Siapa pengganti Kapolres Muba?", "AKBP"),  # an office's: any of its successions
        ("Who replaced Rian Prakoso as Muba police chief?", "kepada AKBP Dedi Kurniadi"),
        ("Rian Prakoso menggantikan siapa?", "menggantikan AKBP Imam Santoso"),
        ("Siapa pendahulu AKBP Dedi Kurniadi?", "dari AKBP Rian"),
        ("Siapa yang menggantikan Apriadi Saleh?", "Sandi Kurniawan menggantikan"),
        ("Siapa pengganti Sandi Kurniawan?", None),  # no article says: not the one he replaced
        ("Siapa pengganti AKBP Dedi Kurniadi?", None),
        # Who held an office before or after someone (helper-124): the paragraph about
        # the one named came first ("AKBP Dedi Kurniadi sebelumnya menjabat ...").
        ("Siapa Kapolres Muba sebelum AKBP Dedi Kurniadi?", "dari AKBP Rian"),
        ("Who was the Muba police chief before Dedi Kurniadi?", "dari AKBP Rian"),
        ("Siapa Kapolres Muba setelah AKBP Rian Prakoso?", "kepada AKBP Dedi Kurniadi"),
        ("Siapa Kapolres Muba sblm AKBP Rian Prakoso menjabat?", "menggantikan AKBP Imam Santoso"),
        ("Siapa Kapolres Muba sebelum AKBP Imam Santoso?", None),  # no article says
        ("Siapa Kapolres Muba setelah AKBP Dedi Kurniadi?", None),
    ],
)
def test_a_succession_is_answered_in_its_direction(tmp_path, question, answer):
    assert first_excerpt_holds(searcher_over(tmp_path, ARCHIVE).ask(question), answer)


def test_every_word_of_succession_has_a_known_kind():
    from retrieval.succession import succession_words

    kinds = set(succession_words().values())
    assert kinds <= {"active", "passive", "successor", "predecessor", "from", "to", "handover", "earlier", "later"}
    assert ("menggantikan",) in succession_words() and ("serah", "terima") in succession_words()



LATER = {
    "d_2024_12_mutasi.txt": "Title: AKBP Dedi Kurniadi Jabat Kapolres Muba, Rian Prakoso ke Mabes Polri\nOutlet: Sumselpos\n"
    "Date: 2024-12-27\n\n"
    "PALEMBANG, SUMSELPOS - Kapolda Sumsel memimpin serah terima jabatan Kapolres Musi Banyuasin dari AKBP Rian "
    "Prakoso kepada AKBP Dedi Kurniadi, Jumat (27/12/2024).\n\n"
    "AKBP Rian Prakoso yang baru dua bulan menjabat Kapolres Muba dimutasi ke Bareskrim Polri.\n",
    "e_2025_01_mantan.txt": "Title: Fajar Nugroho Jabat Kapolres Prabumulih\nOutlet: Sumselpos\nDate: 2025-01-06\n\n"
    "PRABUMULIH, SUMSELPOS - Mantan Kapolres Muba, AKBP Fajar Nugroho, resmi menjabat Kapolres Prabumulih.\n",
}


@pytest.mark.parametrize("question", ["Siapa Kapolres Muba?", "Siapa Kapolres Muba sekarang?"])
def test_todays_holder_is_not_the_one_who_left(tmp_path, question):
    # helper-116: the latest article's "Rian Prakoso ... dimutasi" came first; helper-118:
    # a later "Mantan Kapolres Muba, AKBP Fajar Nugroho" did.
    archive = {name: text for name, text in ARCHIVE.items() if name != "b_2024_12.txt"} | LATER
    result = searcher_over(tmp_path, archive).ask(question)
    assert result.answers and "kepada AKBP Dedi Kurniadi" in result.answers[0].excerpt
