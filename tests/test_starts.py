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
        # ... nor in English, where "take office" says it in two words (helper-137: the
        # assembly's date had answered).
        ("When did Sisardi take office as acting regent of Bengkulu Selatan?", None),
        ("When did Sisardi assume office?", None),
        # ... or in one word the lexicon translates ("sworn": "dilantik"): helper-139's
        # q38 had the assembly's date.
        ("When was Sisardi sworn in as acting regent of South Bengkulu?", None),
        ("When was Herwan Antoni inaugurated?", None),
        ("When was Herwan Antoni appointed acting regent of Rejang Lebong?", None),
        # A start word describing a noun asks another date (helper-140: these were refused).
        ("When did the appointed acting regent of OKU Timur hold the working meeting?", "26 September 2024"),
        ("When did the inaugurated acting regent of South Bengkulu lead the assembly?", "04 November 2024"),
        # The paragraph that says when one was appointed still answers.
        ("Kapan Rosjonsyah ditunjuk sebagai Plt Gubernur?", "sejak 27 September"),
        ("When was Rosjonsyah appointed acting governor of Bengkulu?", "sejak 27 September"),
        ("Kapan Rosjonsyah menjadi Plt Gubernur Bengkulu?", "sejak 27 September"),  # "menjadi" is a stop word
    ],
)
def test_when_a_state_began_is_answered_only_where_it_is_said(searcher, question, answer):
    assert first_excerpt_holds(searcher.ask(question), answer)


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("When did Sisardi take office?", "start"),
        ("When did Sisardi assume office as acting regent?", "start"),
        ("When did the meeting in OKU Timur take place?", "time"),  # "take" alone starts nothing
        ("When did Sisardi visit the office?", "time"),
        # helper-138: "take office" before a noun is taking things from an office, and
        # "on taking office" a side clause.
        ("When did the KPK take office documents from the regent's house?", "time"),
        ("When did Prof Edwar hold the work meeting on taking office?", "time"),
        ("When did Edwar take office in OKU Timur?", "start"),
        ("When did the appointed acting regent hold the meeting?", "time"),  # describes the regent
        ("When was the newly elected regent sworn in?", "start"),  # "sworn" still asks it
        ("When did the newly appointed acting regent hold the meeting?", "time"),  # "newly" looked past
        ("When was Rosjonsyah newly appointed as acting governor?", "start"),  # helper-142: no noun described
    ],
)
def test_a_start_may_be_said_in_two_words(analyzer, question, answer_type):
    assert analyzer.analyze_question(question).answer_type == answer_type


def test_a_meeting_that_took_place_is_still_dated(searcher):
    assert first_excerpt_holds(searcher.ask("When did the meeting in OKU Timur take place?"), "26 September 2024")


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # helper-140: "disahkan sebagai presiden baru Iran ... Upacara pelantikan" says when
        # he took office: "sworn" reads "disahkan" too (as "take office" does), and
        # "pelantikan" is a synonym of "dilantik" (synonyms_id.tsv).
        ("When was Ahmadinejad sworn in as president?", "Rabu (3/8)"),
        ("Kapan Ahmadinejad dilantik?", "Ahmadinejad"),
    ],
)
def test_facqa_starts(facqa_searcher, question, answer):
    assert first_excerpt_holds(facqa_searcher.ask(question), answer)
