"""The presenter: what an answer says, whatever the front end."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.presenter import COPIES_SHOWN, present_answer, text
from retrieval.answers import Answer, Citation
from retrieval.search import Result


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


def dated(date: str | None) -> Answer:
    return replace(answer_with_copies(0), date=date)


@pytest.mark.parametrize(
    ("asked_as_of", "date", "language", "note"),
    [
        (None, "2005-05-12", "id", None),  # no present asked: no note, however old
        ("2024-12-04", "2024-12-04", "id", None),  # of the day asked
        ("2024-12-04", "2024-12-05", "id", None),  # a later day (a clock behind the feed's)
        ("2024-12-04", "2024-12-03", "en", "You asked how things stand now; this article is dated 2024-12-03, 1 day ago, so things may have changed."),
        ("2024-12-04", "2024-11-04", "id", "Anda bertanya tentang keadaan sekarang; artikel ini bertanggal 2024-11-04, 4 minggu yang lalu, jadi keadaannya mungkin sudah berubah."),
        ("2024-12-04", "2024-03-01", "en", "You asked how things stand now; this article is dated 2024-03-01, 9 months ago, so things may have changed."),
        ("2024-12-04", "2023-12-10", "en", "You asked how things stand now; this article is dated 2023-12-10, 11 months ago, so things may have changed."),  # day 360 (helper-130)
        ("2024-12-04", "2023-12-05", "en", "You asked how things stand now; this article is dated 2023-12-05, 1 year ago, so things may have changed."),
        ("2024-12-04", "2024-11-04T10:00:00+07:00", "id", "Anda bertanya tentang keadaan sekarang; artikel ini bertanggal 2024-11-04, 4 minggu yang lalu, jadi keadaannya mungkin sudah berubah."),
        ("2024-12-04", "2005-05-12", "en", "You asked how things stand now; this article is dated 2005-05-12, 19 years ago, so things may have changed."),
        ("2024-12-04", None, "id", "Anda bertanya tentang keadaan sekarang, tetapi tanggal artikel ini tidak diketahui: jawaban ini belum tentu masih berlaku."),
        ("2024-12-04", "kemarin sore", "en", "You asked how things stand now, but this article's date is unknown: the answer may no longer hold."),
    ],
)
def test_a_question_about_now_is_told_how_old_its_answer_is(asked_as_of, date, language, note):
    # helper-126: "Berapa kurs rupiah hari ini?" was answered with 2005's rate, undated.
    lines = present_answer(Result("q", language, (dated(date),), asked_as_of=asked_as_of), language).plain.splitlines()
    cited = f"Antara · {date or text(language, 'undated')} · {text(language, 'paragraph', n=1)}"
    # Above the citation: with its date, and in the same part of a long answer split for Telegram.
    assert lines == ["Kutipan.", "", *([note] if note else []), "Judul Asli", cited]


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_follow_up_is_told_it_is_answered_for_its_own_words(language):
    lines = present_answer(Result("Kalau yang di OKU Timur?", language, (dated("2024-09-26"),), follows_on=True), language).plain.splitlines()
    assert lines[:4] == ["Kutipan.", "", text(language, "follows_on"), "Judul Asli"]
    assert text(language, "follows_on") not in present_answer(Result("q", language, (dated("2024-09-26"),)), language).plain


def test_the_age_note_is_a_note_in_both_renderers():
    from bot.render import render_html, render_terminal

    message = present_answer(Result("q", "en", (dated(None),), asked_as_of="2024-12-04"), "en")
    assert "\n<i>You asked how things stand now" in render_html(message)
    assert "\n\033[33mYou asked" in render_terminal(message, color=True)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("full", [False, True])
def test_the_sentence_naming_what_the_excerpt_points_back_to_stands_above_it(language, full):
    """ "Pertemuan ini berlangsung di Aula Bina Praja II" is about the meeting the
    paragraph before names: that sentence is shown above the excerpt (and above the whole
    paragraph), marked as the one before, in italics in Telegram and dim in a terminal."""
    from bot.render import render_html, render_terminal

    before = "Pjs Bupati OKU Timur mengadakan rapat kerja dengan seluruh Kepala OPD."
    answer = replace(answer_with_copies(0), excerpt="Pertemuan ini berlangsung di Aula.", text="Pertemuan ini berlangsung di Aula.", lead_in=before)
    message = present_answer(Result("q", language, (answer,)), language, full=full)
    assert message.plain.splitlines()[:2] == [text(language, "lead_in", text=before), "Pertemuan ini berlangsung di Aula."]
    assert render_html(message).startswith("<i>" + text(language, "lead_in", text=before) + "</i>\n")
    assert render_terminal(message, color=True).startswith("\033[2m" + text(language, "lead_in", text=before))
    assert text(language, "lead_in", text="")[:5] not in present_answer(Result("q", language, (answer_with_copies(0),)), language).plain


def test_the_lead_in_moves_no_note_off_its_place():
    """The age note stays between the blank line and the title (helper-192: inserted
    first, the lead-in pushed it up against the excerpt)."""
    answer = replace(dated("2024-09-26"), lead_in="Rapat kerja digelar pada Kamis.")
    lines = present_answer(Result("q", "en", (answer,), asked_as_of="2024-12-04"), "en").plain.splitlines()
    assert lines[0] == text("en", "lead_in", text="Rapat kerja digelar pada Kamis.")
    assert lines[1:3] == ["Kutipan.", ""] and lines[4] == "Judul Asli"
    assert lines[3].startswith("You asked how things stand now")
