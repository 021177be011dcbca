"""The cheap tests before the caption and boilerplate patterns (retrieval.regex_marks):
they may only ever rule out a text no pattern matches."""

from __future__ import annotations

import random
import re

import pytest

from retrieval.chunking import boilerplate_action, is_caption
from retrieval.language import load_language
from retrieval.regex_marks import MarkedPatterns, either, required_marks


@pytest.mark.parametrize(
    ("pattern", "marks"),
    [
        (r"foto\s*:", ":"),
        (r"\((?:foto|ft)\s*/\s*\w+\)", "()/"),
        (r"(?:x:|y:)", ":"),  # every alternative holds it
        (r"(?:x:|y/)", ""),  # no one character every alternative holds
        (r"[:/]", ""),  # a class: either
        (r"(?:a:)?b", ""),  # optional
        (r"(?:a:){0,3}b", ""),
        (r"(?:a:)+b", ":"),
        (r"(?:a:){2,}+b", ":"),  # possessive
        (r"(?>a:)", ":"),  # atomic
        (r"(?=:)a", ""),  # a lookahead holds nothing of the match
        (r"(?<!:)a", ""),
        (r"k", ""),  # letters have other cases (and "K", Kelvin, folds to k)
        (r"(?i)s-", "-"),
        (r"-+\s*$", "-"),
        (r"a (b)", " "),
        (r"(a)\1", ""),
    ],
)
def test_required_marks(pattern, marks):
    assert required_marks(re.compile(pattern, re.IGNORECASE)) == marks


def texts_to_try() -> list[str]:
    """Captions and furniture, texts that nearly are, and random joins of their parts."""
    texts = [
        "Foto: Plt Gubernur meninjau banjir",
        "Warga antre. Foto:Kholid/Sumateraekspres--",
        "Bupati meresmikan jembatan. -FOTO: TOMMI/SUMEKS-",
        "Rapat digelar di aula (Ft/Ist).",
        "ANTARA FOTO/Hafidz Mubarak A",
        "Sekda memberi sambutan, Senin (30/9/2024).-Renald/Bengkuluekspress-",
        "Pameran foto dibuka; foto-foto dipajang.",
        "BACA JUGA: Harga cabai naik",
        "Lihat juga: berita lain",
        "https://contoh.id/berita/1",
        "www.contoh.id",
        "Editor: Rina",
        "Tinggalkan Balasan",
        "Tags",
        "---",
        "",
        "Berita Terkini",
        "Leave a reply",
    ]
    parts = ["foto", "FOTO", "ft", " ", ":", "/", "(", ")", "-", "–", "Ist", "Antara", "baca juga", "www.", "editor", "x", "\n"]
    rng = random.Random(20241130)
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 10))) for _ in range(5000)]
    return texts


def test_the_caption_patterns_find_what_they_found_without_their_marks():
    captions = load_language().captions
    marked = MarkedPatterns.of(captions)
    assert marked.quick  # every caption pattern has a mark: most paragraphs are passed over
    for text in texts_to_try():
        found = any(p.search(text) for p in captions)
        assert marked.search_any(text) == found == is_caption(text), text


def test_each_match_holds_its_patterns_marks():
    language = load_language()
    patterns = [*language.captions, *(p for _, p in language.boilerplate)]
    for text in texts_to_try():
        for pattern in patterns:
            marks = required_marks(pattern)
            for match in pattern.finditer(text):
                assert all(c in match.group() for c in marks), (pattern.pattern, text)


def test_boilerplate_as_one_pattern_decides_as_the_patterns_one_by_one():
    language = load_language()
    joined = either([p for _, p in language.boilerplate])
    assert joined is not None
    for text in texts_to_try():
        action = next((a for a, p in language.boilerplate if p.fullmatch(text)), None)
        assert bool(joined.fullmatch(text)) == (action is not None), text
        assert boilerplate_action(text, language) == action, text


@pytest.mark.parametrize(
    "patterns",
    [
        [re.compile(r"(a)\1"), re.compile("b")],  # group numbers shift once joined
        [re.compile(r"(?P<x>a)(?P=x)")],
        [re.compile(r"(a)?(?(1)b|c)")],
        [re.compile("a", re.IGNORECASE), re.compile("b")],  # different flags
        [re.compile("a"), re.compile("(?i)b")],  # flags inside a pattern
        [],
    ],
)
def test_patterns_that_cannot_be_joined_are_not(patterns):
    assert either(patterns) is None


def test_the_parser_reads_the_probes_as_expected_on_this_python():
    """Were a new Python's parser to change the shape of what it returns, the marks
    would be off (every pattern searched: slower, never wrong); this says so."""
    from retrieval.regex_marks import _parser_as_expected

    assert _parser_as_expected()
