"""What the tests over a corpus of their own share: a searcher over articles written
into a scratch folder (asking as of a given day), and what its first answer is."""

from __future__ import annotations

import datetime
from pathlib import Path

from retrieval.corpus import load_corpus
from retrieval.library import Library
from retrieval.search import Result, Searcher


def searcher_over(directory: Path, articles: dict[str, str], today: datetime.date | None = None) -> Searcher:
    """A searcher over a scratch corpus of ``articles`` (file name -> text) and whatever
    ``directory`` holds already; asking as of ``today`` when given."""
    for name, text in articles.items():
        (directory / name).write_text(text, encoding="utf-8")
    library = Library.from_corpus(load_corpus(directory))
    return Searcher(library) if today is None else Searcher(library, today=lambda: today)


def top(result: Result) -> str:
    """The first answer's text; "" for "not found"."""
    return result.answers[0].text if result.answers else ""


def top_doc(result: Result) -> str:
    """The first answer's article; "(refused)" for "not found"."""
    return result.answers[0].doc_id if result.answers else "(refused)"


def first_excerpt_holds(result: Result, answer: str | None) -> bool:
    """Whether the first answer's excerpt holds ``answer``; for ``answer`` None, whether
    the question was not found."""
    if answer is None:
        return not result.answers
    return bool(result.answers) and answer in result.answers[0].excerpt
