"""The role a who-question asks after (retrieval.roles): an article of several paragraphs
that never writes it does not answer. Issue 11's archive of the seeds plus every FacQA
passage answered "Siapa pemenang Pilkada Rejang Lebong?" with Rejang Lebong's acting
regent's call for neutrality: FacQA's sports news made "menang" common enough that the
rest of the question carried it. The seeds alone refused it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scratch_corpus import top

from retrieval.analysis import Analyzer
from retrieval.corpus import load_corpus
from retrieval.evaluate import load_facqa
from retrieval.library import Library
from retrieval.roles import asked_role
from retrieval.search import Searcher

ROOT = Path(__file__).resolve().parents[1]
FACQA = ROOT.parent / "shared" / "eval"


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Siapa pemenang Pilkada Rejang Lebong?", "pemenang"),
        ("Siapakah nama pemenang pilkada?", "pemenang"),  # a question frame is passed over
        ("siapa Pjs Bupati BS", "pjs"),
        ("Who is the winner of the election?", "winner"),
        ("Who was the acting regent?", "acting"),
        # Asked by what someone did, which an article may write in other words: no role.
        ("Siapa yang memimpin rapat?", None),
        ("Siapa saja yang hadir?", None),
        ("Who won the election?", None),
        # Not opening with the question word, or nothing after it.
        ("Halo, siapa pemenang?", None),
        ("Apa itu ASN?", None),
        ("Siapa?", None),
        ("Siapa nama?", None),
    ],
)
def test_the_role_is_the_word_after_the_opener(question, role):
    found = asked_role(question, Analyzer())
    assert (found.text if found else None) == role


@pytest.fixture(scope="module")
def seeds_and_facqa() -> Searcher:
    """Issue 11's archive: the seeds, and every FacQA passage as an article of its own."""
    documents = list(load_corpus(ROOT / "seeds").documents) + load_facqa(FACQA, "all")[0]
    return Searcher(Library.build(documents))


@pytest.mark.parametrize(
    "question",
    [
        "Siapa pemenang Pilkada Rejang Lebong?",
        "Siapa pemenang pilkada OKU Timur?",
        "Siapa pemenang Pilkada Bengkulu Selatan?",
        "Siapakah pemenang Pilkada Rejang Lebong 2024?",
    ],
)
def test_a_role_no_article_writes_is_not_found(seeds_and_facqa, question):
    assert seeds_and_facqa.ask(question).answers == ()


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", "Sisardi"),  # the role, "Pjs", is written
        ("Siapa Sekda Rejang Lebong?", "Yusran Fauzi"),
        ("Siapa yang memimpin rapat di OKU Timur?", "Edwar"),  # no role asked: the rule is silent
    ],
)
def test_a_role_the_article_writes_is_answered(seeds_and_facqa, question, holder):
    assert holder in top(seeds_and_facqa.ask(question))
