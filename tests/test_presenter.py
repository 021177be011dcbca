"""The presenter: what an answer says, whatever the front end."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.presenter import COPIES_SHOWN, present_answer, text
from retrieval.search import Answer, Citation, Result


def answer_with_copies(count: int) -> Answer:
    copies = tuple(
        Citation(doc_id=f"copy{i}", title=f"Salinan {i}", source=f"Media {i}", date="2024-11-0" + str(i + 1), paragraph=i + 2)
        for i in range(count)
    )
    return Answer(
        rank=1, doc_id="asli", title="Judul Asli", source="Antara", date="2024-11-01", paragraph=1,
        score=1.0, excerpt="Kutipan.", text="Kutipan.", copies=copies,
    )


def test_an_answer_without_copies_has_no_copies_line():
    lines = present_answer(Result("q", "id", (answer_with_copies(0),)), "id").plain.splitlines()
    assert lines == ["Kutipan.", "", "Judul Asli", "Antara · 2024-11-01 · paragraf 1"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_copies_are_named_under_the_citation(language):
    plain = present_answer(Result("q", language, (answer_with_copies(2),)), language).plain
    last = plain.splitlines()[-1]
    assert last == text(
        language,
        "also_in",
        places=f"Salinan 0 (Media 0 · 2024-11-01 · {text(language, 'paragraph', n=2)}); "
        f"Salinan 1 (Media 1 · 2024-11-02 · {text(language, 'paragraph', n=3)})",
    )


def test_many_copies_are_counted_past_the_first_few():
    last = present_answer(Result("q", "en", (answer_with_copies(COPIES_SHOWN + 2),)), "en").plain.splitlines()[-1]
    assert last.count("(Media") == COPIES_SHOWN
    assert last.endswith(text("en", "also_in_more", n=2))


def test_a_copy_citing_what_the_answer_cites_is_not_named_again():
    # One article saved twice: "also in" the very title, outlet, date and paragraph just cited.
    twin = Citation(doc_id="asli-lagi", title="Judul Asli", source="Antara", date="2024-11-01", paragraph=1)
    other = Citation(doc_id="lain", title="Salinan", source="Kompas", date="2024-11-02", paragraph=3)
    alone = replace(answer_with_copies(0), copies=(twin,))
    assert present_answer(Result("q", "id", (alone,)), "id").plain.splitlines()[-1] == "Antara · 2024-11-01 · paragraf 1"
    both = replace(answer_with_copies(0), copies=(twin, other, twin))
    last = present_answer(Result("q", "id", (both,)), "id").plain.splitlines()[-1]
    assert last == text("id", "also_in", places=f"Salinan (Kompas · 2024-11-02 · {text('id', 'paragraph', n=3)})")


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("welcome", {"documents": 1, "paragraphs": 2}, "Corpus: 1 article, 2 paragraphs."),
        ("reloaded", {"documents": 1, "paragraphs": 1}, "Done: 1 article, 1 paragraph."),
        ("too_long", {"length": 1, "limit": 2}, "1 character"),
        ("reloaded", {"documents": 11, "paragraphs": 0}, "Done: 11 articles, 0 paragraphs."),
        ("sources_more", {"n": 1}, "1 more article."),  # a word between (helper-107)
        ("sources_more", {"n": 21}, "21 more articles."),
        ("chat_command", {"command": 1}, "1 is a command"),  # no noun of a count: "is" kept
    ],
)
def test_one_of_a_thing_is_singular_in_english(key, values, expected):
    # "Corpus: 1 articles, 2 paragraphs" (helper-106); Indonesian nouns take no plural.
    from bot.presenter import text

    assert expected in text("en", key, **values)
    assert "1 artikel" in text("id", "welcome", documents=1, paragraphs=1)
