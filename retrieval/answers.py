"""The answers the answer path gives back: each a cited paragraph (Answer), and where a
paragraph stands (Citation), its own and its word-for-word copies'.

Here rather than in :mod:`retrieval.search`, so that the citing stage
(:mod:`retrieval.citing`), which makes them, and a stage passed in for it need not
import the Searcher; the front ends read them through :mod:`retrieval.search` as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.chunking import is_caption


@dataclass(frozen=True)
class Citation:
    """Where a paragraph stands: its article and its number there."""

    doc_id: str
    title: str
    source: str | None
    date: str | None
    paragraph: int
    url: str | None = None  # where a reader can check the article

    def to_json(self) -> dict[str, object]:
        # The fields, in their order, as a new dict: dataclasses.asdict deep-copies each
        # value, a tenth of the JSON path of ten answers.
        return dict(vars(self))


@dataclass(frozen=True)
class Answer:
    """One cited answer: where it is, how well it scored, and what it says."""

    rank: int
    doc_id: str
    title: str
    source: str | None
    date: str | None
    paragraph: int  # as a reader counts the article's paragraphs, from 1
    score: float
    excerpt: str
    text: str  # the whole paragraph
    highlights: tuple[tuple[int, int], ...] = ()  # matched terms, as spans of ``excerpt``
    text_highlights: tuple[tuple[int, int], ...] = ()  # the same, as spans of ``text``
    # The same paragraph, word for word, in other articles: one answer, not three.
    copies: tuple[Citation, ...] = ()
    url: str | None = None  # the article's address, when known
    # The last sentence of the paragraph before, when this one opens on a thing only that
    # one names ("Acara tersebut berlangsung ..."): shown above the excerpt, no part of it.
    lead_in: str = ""

    @property
    def doc_ids(self) -> tuple[str, ...]:
        """The articles this answer cites: its own, then its copies'."""
        return (self.doc_id, *(c.doc_id for c in self.copies))

    @property
    def citation(self) -> Citation:
        return Citation(self.doc_id, self.title, self.source, self.date, self.paragraph, self.url)

    def to_json(self) -> dict[str, object]:
        fields: dict[str, object] = {
            "rank": self.rank,
            **self.citation.to_json(),
            "score": round(self.score, 6),
            "excerpt": self.excerpt,
            "text": self.text,
        }
        if self.copies:  # only then: the schema of a corpus without copies stays as it was
            fields["copies"] = [c.to_json() for c in self.copies]
        if self.lead_in:  # the same
            fields["lead_in"] = self.lead_in
        if self.caption:
            fields["caption"] = True
        return fields

    @property
    def caption(self) -> bool:
        """A photo caption: kept after the article's paragraphs, so its ``paragraph`` is no
        number a reader counts (the JSON says so, the citations say "photo caption")."""
        return is_caption(self.text)
