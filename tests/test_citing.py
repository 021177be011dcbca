"""The citing stage (retrieval.citing): the answers a user sees, made from the passages
the no-answer decision lets through."""

from __future__ import annotations

from dataclasses import replace

from retrieval.citing import Citer
from retrieval.search import Searcher


class WholeParagraphs:
    """Another citing stage: the bundled one's answers, each showing its whole paragraph
    where the bundled one shows an excerpt (a screen with room for it)."""

    def __init__(self, citer: Citer) -> None:
        self.citer = citer

    def cite(self, question, decided, top_k):
        return [replace(answer, excerpt=answer.text, highlights=answer.text_highlights) for answer in self.citer.cite(question, decided, top_k)]


def test_the_citing_stage_is_passed_in(searcher):
    """The Searcher takes its citing stage from outside, as it takes its place filter:
    with one showing whole paragraphs, the answer to where Muba's civil servants met
    shows its paragraph's opening words ("Pegawai Muba akan"), which the bundled
    excerpt leaves out, and cites the same paragraph."""
    question = "Di mana ASN Pemkab Muba berkumpul untuk deklarasi netralitas?"
    assert isinstance(searcher.citer, Citer)
    whole = Searcher(searcher.library, today=searcher.today, citer=WholeParagraphs(searcher.citer))
    bundled, shown = searcher.ask(question).answers[0], whole.ask(question).answers[0]
    assert (shown.doc_id, shown.paragraph, shown.text) == (bundled.doc_id, bundled.paragraph, bundled.text)
    assert bundled.excerpt.startswith("…satu komando") and "Pegawai Muba akan" not in bundled.excerpt
    assert shown.excerpt == bundled.text and shown.excerpt.startswith("Pegawai Muba akan satu komando")
