"""The citing stage, the answer path's last: the passages the no-answer decision let
through, in the order the stages after it put them, made into the answers a user sees,
each citing its article and paragraph and showing its excerpt (retrieval.excerpts).
Word-for-word copies of one paragraph are one answer citing each article.

It reads the Library's passages and is given what the Searcher keeps for every stage
(the idf of a question's terms, the analysed passages) as callables: it does not import
the Searcher. The Searcher builds one by default and takes another from outside
(``Searcher(library, citer=...)``), as it takes its place filter and its no-answer
decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import groupby
from typing import Protocol

from retrieval.analysed import AnalysedPassage
from retrieval.analysis import Analyzer, Question
from retrieval.answers import Answer, Citation
from retrieval.chunking import leaves_quote_open, opens_on_an_unnamed_referent, shortened, without_dateline
from retrieval.decision import Decided
from retrieval.excerpts import ELLIPSIS, asks_for_speaker, closing_attribution, make_excerpt
from retrieval.library import Library

NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")

# How much of the paragraph before an answer shows when its excerpt opens on a thing only
# that one names ("Acara tersebut ..."): its last sentence, where the event or message it
# goes on about mostly stands ("Rapat ini menjadi momen penting ..."), shortened; one of
# fewer words is a credit ("Humas Pemkab."), and the sentence before it is taken.
LEAD_IN_CHARS = 200
LEAD_IN_WORDS = 4
# An excerpt opens its paragraph when the paragraph starts with its first characters
# (an excerpt cut from within opens with "…").
OPENING_CHARS = 40


def wording(text: str) -> str:
    """What two copies of one paragraph share: its letters and digits, case folded.
    A wire story republished by several outlets differs only in spacing and
    punctuation ("1,2 juta" and "1, 2 juta")."""
    return NOT_A_LETTER_OR_DIGIT.sub("", text.casefold())


class CitingStage(Protocol):
    """What the Searcher asks of a citing stage: another one (whole paragraphs for a
    screen that has room, each reprint an answer of its own) is passed in as
    ``Searcher(library, citer=...)``."""

    def cite(self, question: Question, decided: list[Decided], top_k: int) -> list[Answer]: ...


class Citer:
    """The citing stage over one Library. ``idf`` gives the idf of each term of a
    question's concepts the index knows, in the concepts' order (a copy: the Searcher
    keeps it per question, for ranking and citing alike); ``analysed`` a passage as
    analysed (the Searcher analyses each once for every stage).

    Its surface: ``cite(question, decided, top_k)``, up to ``top_k`` answers."""

    def __init__(
        self,
        library: Library,
        idf: Callable[[tuple[frozenset[str], ...]], dict[str, float]],
        analysed: Callable[[int], AnalysedPassage],
    ) -> None:
        self.library = library
        self._idf = idf
        self._analysed = analysed

    @property
    def analyzer(self) -> Analyzer:
        return self.library.analyzer

    def cite(self, question: Question, decided: list[Decided], top_k: int) -> list[Answer]:
        """Up to ``top_k`` answers, each with its excerpt; word-for-word copies of one
        paragraph (their datelines aside) are one answer citing each article. A paragraph too long for one
        passage (chunking.split_passage) is cited once, by its best part: three answers
        all "paragraph 1" of one article read as the same answer three times."""
        idf = self._idf(question.concepts)
        groups: list[tuple[float, list[int]]] = []  # each answer's score, and its passages in rank order
        by_wording: dict[str, int] = {}  # an answer's wording -> its place in ``groups``
        cited_paragraphs: set[tuple[int, int]] = set()  # (article, paragraph number)
        owners, numbers = self.library.passages.owners, self.library.passages.numbers
        for item in self._ties_in_article_order(decided):
            passage, text = item.judged.passage, item.text
            key = self._wording_of(text)
            paragraph = (int(owners[passage]), int(numbers[passage]))
            if key in by_wording:  # a copy counts whatever its own headline adds
                group = groups[by_wording[key]][1]
                if all(owners[held] != owners[passage] for held in group):  # not a repeat within one article
                    group.append(passage)
                    cited_paragraphs.add(paragraph)  # its other parts are the answer's too
                continue
            if len(groups) < top_k and paragraph not in cited_paragraphs:
                by_wording[key] = len(groups)
                cited_paragraphs.add(paragraph)
                groups.append((item.judged.score, [passage]))
        answers = []
        for rank, (score, group) in enumerate(groups, start=1):
            first = self._earliest(group)
            answer = self._answer(rank, first, score, question, idf)
            copies = tuple(self._citation(passage) for passage in group if passage != first)
            answers.append(replace(answer, copies=copies) if copies else answer)
        return answers

    def _earliest(self, copies: list[int]) -> int:
        """Of word-for-word copies of one paragraph (in rank order), the one of the
        earliest dated article, which the others reprint: a wire reprint added after the
        original was cited as the answer, the original among its copies.
        Undated ones count after the dated; of equal dates, min keeps the first ranked."""
        date_of = self.library.passages.date_of
        return min(copies, key=lambda passage: ((date := date_of(passage)) is None, date or ""))

    def _ties_in_article_order(self, decided: list[Decided]) -> list[Decided]:
        """``decided`` with each run of equal scores (the same paragraph in two articles
        that say the same around it) in the order of their articles' ids and paragraphs:
        ranked, they came in the order the articles were indexed, so an index grown by
        adds and one built from scratch on the same files cited them the other way round.
        One a stage put first stays first, its copies of equal score with it in that
        order (which of them the stage met first was the indexing order again); its
        other equals are other paragraphs."""
        items = list(decided)
        ordered: list[Decided] = []
        if items and items[0].promoted:
            head = items[0]
            said = self._wording_of(head.text)
            copies = [item for item in items[1:] if item.judged.score == head.judged.score and self._wording_of(item.text) == said]
            ordered = sorted([head, *copies], key=lambda item: self._citation_key(item.judged.passage))
            items = [item for item in items[1:] if not any(item is copy for copy in copies)]
        for _, grouped in groupby(items, key=lambda item: item.judged.score):
            run = list(grouped)
            ordered += sorted(run, key=lambda item: self._citation_key(item.judged.passage)) if len(run) > 1 else run
        return ordered

    def _wording_of(self, text: str) -> str:
        """What makes two passages copies of one paragraph (:meth:`cite`)."""
        return wording(without_dateline(text, self.analyzer.language))

    def _citation_key(self, passage: int) -> tuple[str, int]:
        return self.library.passages.document(passage).doc_id, int(self.library.passages.numbers[passage])

    def _citation(self, passage: int) -> Citation:
        document = self.library.passages.document(passage)
        return Citation(
            doc_id=document.doc_id,
            title=document.title,
            source=document.source,
            date=document.date,
            paragraph=int(self.library.passages.numbers[passage]),
            url=document.url,
        )

    def _answer(self, rank: int, passage: int, score: float, question: Question, idf: dict[str, float]) -> Answer:
        analysed = self._analysed(passage)
        text = analysed.text
        excerpt = make_excerpt(text, question, self.analyzer, idf, analysed=analysed)
        said_by = self._speaker_after(passage, text) if asks_for_speaker(question, self.analyzer) else None
        cited = self._citation(passage)
        return Answer(
            rank=rank,
            **vars(cited),
            score=score,
            excerpt=excerpt.text if said_by is None else f"{excerpt.text} {ELLIPSIS}{said_by}",
            text=text,
            highlights=excerpt.highlights,
            text_highlights=excerpt.paragraph_highlights,
            lead_in=self._lead_in(passage, text) if text.lstrip().startswith(excerpt.text[:OPENING_CHARS]) else "",
        )

    def _lead_in(self, passage: int, text: str) -> str:
        """When ``passage`` (``text``) opens on a thing only the paragraph before names
        ("Acara tersebut berlangsung pada Senin ..." after "... menggelar Rapat
        Koordinasi ... Rapat ini menjadi momen penting ..."), that one's last sentence of
        LEAD_IN_WORDS words or more that does not itself open so (not a credit, "(**)",
        "Foto: Humas"), its dateline aside, shortened to LEAD_IN_CHARS; "" otherwise, and
        for a caption or the later part of a paragraph split in passages."""
        language, passages = self.analyzer.language, self.library.passages
        if not opens_on_an_unnamed_referent(text, language) or passages.is_caption(passage):
            return ""
        before = self._beside(passage, -1)
        if before is None or passages.numbers[before] == passages.numbers[passage] or passages.is_caption(before):
            return ""
        analysed = self._analysed(before)
        for start, end in reversed(analysed.sentences or ((0, len(analysed.text)),)):
            sentence = without_dateline(analysed.text[start:end], language).strip()
            if len(sentence.split()) >= LEAD_IN_WORDS and not opens_on_an_unnamed_referent(sentence, language):
                return shortened(sentence, LEAD_IN_CHARS)
        return ""

    def _speaker_after(self, passage: int, text: str) -> str | None:
        """Who spoke a quotation that ``passage`` (``text``) opens and leaves open: the
        clause closing it in the next paragraph of its article ('” ujar Pjs Bupati.'),
        which a "who said" answer shows after its excerpt; None otherwise."""
        following = self._beside(passage, 1) if leaves_quote_open(text) else None
        return None if following is None else closing_attribution(self.library.passages.texts[following], self.analyzer)

    def _beside(self, passage: int, step: int) -> int | None:
        """The passage ``step`` (-1 or 1) from ``passage`` when it is of the same article."""
        owners = self.library.passages.owners
        neighbour = passage + step
        if not 0 <= neighbour < len(owners) or owners[neighbour] != owners[passage]:
            return None
        return neighbour
