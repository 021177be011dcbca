"""What the tests over a corpus of their own share: a searcher over articles written
into a scratch folder, and what its first answer is."""

from __future__ import annotations

from pathlib import Path

from retrieval.corpus import load_corpus
from retrieval.library import Library
from retrieval.search import Result, Searcher


def searcher_over(directory: Path, articles: dict[str, str]) -> Searcher:
    """A searcher over a scratch corpus of ``articles`` (file name -> text) and whatever
    ``directory`` holds already."""
    for name, text in articles.items():
        (directory / name).write_text(text, encoding="utf-8")
    return Searcher(Library.from_corpus(load_corpus(directory)))


def top(result: Result) -> str:
    """The first answer's text; "" for "not found"."""
    return result.answers[0].text if result.answers else ""


def top_doc(result: Result) -> str:
    """The first answer's article; "(refused)" for "not found"."""
    return result.answers[0].doc_id if result.answers else "(refused)"
