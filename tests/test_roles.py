"""A "who" question's role ("pemenang" of "Siapa pemenang Pilkada Rejang Lebong?"): an
article of several paragraphs whose paragraph and headline never write it names no one
in that role, whatever else it shares with the question."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # Herwan Antoni's appeal on the Pilkada won nothing (issue 11's seeds+FacQA set).
        ("Siapa pemenang Pilkada Rejang Lebong?", None),
        ("Siapa pemenang Pilkada Bengkulu Selatan?", None),
        # The role written, the person is answered.
        ("Siapa Sekda yang mendampingi Pjs Bupati Bengkulu Selatan?", "Sukarni"),
        ("Siapa yang memimpin apel pagi di Kantor Sekretariat Pemkab BS?", "Sisardi"),  # no role word
    ],
)
def test_a_who_question_is_answered_only_by_a_paragraph_writing_its_role(searcher, question, answer):
    assert first_excerpt_holds(searcher.ask(question), answer)


def test_the_winner_of_an_election_is_not_found_in_the_seeds_and_facqa(seeds_and_facqa):
    assert seeds_and_facqa.ask("Siapa pemenang Pilkada Rejang Lebong?").answers == ()
