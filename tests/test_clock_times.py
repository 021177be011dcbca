"""Questions asking a time of day ("Jam berapa apel dimulai?", "What time ...?"): answered
by a paragraph giving one ("pukul 07.30 WIB"), never by the event's date alone
(helper-139's q40 got "apel pagi ... pada Senin 04 November 2024")."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over

ARTICLES = {
    "apel.txt": (
        "Title: Apel Pagi di Kantor Bupati\n\n"
        "SEKAYU - Pj Bupati Muba Apriyadi memimpin apel pagi di halaman Kantor Bupati Muba pada Senin 4 November 2024.\n\n"
        "Apel dimulai pukul 07.30 WIB dan diikuti seluruh kepala OPD.\n"
    ),
    "rapat.txt": (
        "Title: Rapat Kerja Camat\n\n"
        "SEKAYU - Para camat di Muba menggelar rapat kerja di Aula Serasan Sekate pada Selasa 5 November 2024.\n"
    ),
}


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Jam berapa apel pagi Pj Bupati Muba dimulai?", "pukul 07.30 WIB"),
        ("What time did the morning assembly in Muba start?", "pukul 07.30 WIB"),
        ("Kapan apel pagi Pj Bupati Muba?", "Senin 4 November 2024"),  # a date still answers "when"
        # No paragraph gives the meeting's time of day: its date is no answer.
        ("Pukul berapa rapat kerja camat di Muba dimulai?", None),
        ("What time did the sub-district heads' working meeting start?", None),
    ],
)
def test_a_time_of_day_is_answered_only_where_one_is_given(tmp_path, question, answer):
    assert first_excerpt_holds(searcher_over(tmp_path, ARTICLES).ask(question), answer)
