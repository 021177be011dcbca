"""Questions asking when a state began ("Kapan Sisardi dilantik?"): answered only by a
paragraph that itself says it began (state_starts.txt), never by another event's date in
the same article (helper-132, helper-134, helper-135)."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # The articles never say when these two were sworn in: a morning assembly's date
        # and "Pagi tadi saya juga memimpin apel" were shown.
        ("Kapan Sisardi dilantik sebagai Pjs Bupati Bengkulu Selatan?", None),
        ("Kapan Herwan Antoni dikukuhkan sebagai Pjs Bupati Rejang Lebong?", None),
        ("kapan herwan antoni dilantik?", None),
        # The paragraph that says when one was appointed still answers.
        ("Kapan Rosjonsyah ditunjuk sebagai Plt Gubernur?", "sejak 27 September"),
        ("When was Rosjonsyah appointed acting governor of Bengkulu?", "sejak 27 September"),
        ("Kapan Rosjonsyah menjadi Plt Gubernur Bengkulu?", "sejak 27 September"),  # "menjadi" is a stop word
    ],
)
def test_when_a_state_began_is_answered_only_where_it_is_said(searcher, question, answer):
    assert first_excerpt_holds(searcher.ask(question), answer)
