"""From a question to cited answers: analysis, BM25 over the index, ranking, excerpts."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from itertools import islice

from retrieval.analysis import Analyzer, Question
from retrieval.chunking import leaves_quote_open
from retrieval.excerpts import make_excerpt
from retrieval.library import Library
from retrieval.places import PlaceName, about_another_place, named_places
from retrieval.ranking import Candidate, RankingParameters, answerable, concept_weights, judge
from retrieval.spelling import Speller

# Twice a Telegram message: longer questions are refused by the front ends anyway.
MAX_QUESTION_CHARS = 1000

# How many more BM25 hits to read when the question names a place, since those of
# articles about another place are dropped.
PLACE_WIDENING = 4

NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def wording(text: str) -> str:
    """What two copies of one paragraph share: its letters and digits, case folded.
    A wire story republished by several outlets differs only in spacing and
    punctuation ("1,2 juta" and "1, 2 juta")."""
    return NOT_A_LETTER_OR_DIGIT.sub("", text.casefold())


@dataclass(frozen=True)
class Citation:
    """Where a paragraph stands: its article and its number there."""

    doc_id: str
    title: str
    source: str | None
    date: str | None
    paragraph: int

    def to_json(self) -> dict[str, object]:
        return asdict(self)


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

    @property
    def doc_ids(self) -> tuple[str, ...]:
        """The articles this answer cites: its own, then its copies'."""
        return (self.doc_id, *(c.doc_id for c in self.copies))

    @property
    def citation(self) -> Citation:
        return Citation(self.doc_id, self.title, self.source, self.date, self.paragraph)

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
        return fields


@dataclass(frozen=True)
class Result:
    """A question and its answers, best first; no answers means "not found"."""

    question: str
    language: str
    answers: tuple[Answer, ...]

    @property
    def found(self) -> bool:
        return bool(self.answers)

    def to_json(self) -> dict[str, object]:
        return {"question": self.question, "answers": [a.to_json() for a in self.answers]}


class Searcher:
    """Answers questions from one Library."""

    def __init__(self, library: Library, parameters: RankingParameters = RankingParameters()) -> None:
        self.library = library
        self.parameters = parameters
        index = library.index
        self._speller = Speller(index.vocabulary, index.document_frequency)
        self._title_terms = lru_cache(maxsize=4096)(lambda title: frozenset(library.analyzer.terms(title)))
        self._about_another_place = lru_cache(maxsize=4096)(self._document_about_another_place)

    @property
    def analyzer(self) -> Analyzer:
        return self.library.analyzer

    def analyze(self, question: str) -> Question:
        """The question's concepts, misspelt words mended against the vocabulary."""
        vocabulary = self.library.index.vocabulary
        analyzed = self.analyzer.analyze_question(question[:MAX_QUESTION_CHARS], known=vocabulary.__contains__)
        concepts = []
        unknown = []
        for concept in analyzed.concepts:
            known = any(term in vocabulary for term in concept)
            if not known:
                fixes = {self._speller.suggest(term) for term in concept} - {None}
                concept = concept | frozenset(fixes)  # type: ignore[arg-type]
            concepts.append(concept)
            unknown.append(not known)
        return replace(analyzed, concepts=tuple(concepts), unknown=tuple(unknown))

    def ask(self, question: str, top_k: int = 3) -> Result:
        analyzed = self.analyze(question)
        answers = self._answers(analyzed, top_k) if analyzed.concepts and top_k > 0 else []
        return Result(question=question, language=analyzed.language, answers=tuple(answers))

    def _context(self, passage: int) -> frozenset[str]:
        """What a reader knows reaching the passage besides its own words: its
        headline's terms, and the paragraph before when the passage continues its
        quotation ("Ini rapat perdana saya." / "Pagi tadi saya juga memimpin apel...")."""
        passages = self.library.passages
        title = passages.title(passage).rstrip("…")
        context = frozenset() if title in passages.texts[passage] else self._title_terms(title)
        if passage and passages.owners[passage - 1] == passages.owners[passage]:
            previous = passages.texts[passage - 1]
            if leaves_quote_open(previous):
                context |= frozenset(self.analyzer.terms(previous))
        return context

    def _answers(self, question: Question, top_k: int) -> list[Answer]:
        index, passages, analyzer = self.library.index, self.library.passages, self.analyzer
        # Passages scoring 0 hold no question term; negative scores (a corpus of one or
        # two paragraphs) still do, and coverage ranks them.
        wanted = max(self.parameters.candidates, top_k)
        places = self._places(question)
        # Articles about another place are dropped before ranking; in a large archive they
        # can fill the first candidates ("Kabupaten Lebong": Rejang Lebong's articles).
        hits = [h for h in index.top(question.terms, wanted * (PLACE_WIDENING if places else 1)) if h.score != 0]
        if places:  # checked lazily, best first: most articles pass
            kept = (h for h in hits if not self._about_another_place(int(passages.owners[h.passage]), places))
            hits = list(islice(kept, wanted))
        if not hits:
            return []
        idf = {t: index.term_idf(t) for concept in question.concepts for t in concept if t in index.vocabulary}
        weights = concept_weights(question, idf, index.unseen_idf(), self.parameters.attribution_weight)
        term_scores = index.term_scores([h.passage for h in hits], idf)
        texts = {h.passage: passages.texts[h.passage] for h in hits}  # decoded once, read twice
        candidates = (
            Candidate(h.passage, texts[h.passage], self._context(h.passage), scores)
            for h, scores in zip(hits, term_scores)
        )
        judged = judge(candidates, question, weights, analyzer, self.parameters)
        if not judged or not answerable(judged[0], question, self.parameters):
            return []
        answers: list[Answer] = []
        by_wording: dict[str, int] = {}  # an answer's wording -> its place in ``answers``
        taking = True  # new answers, until one falls short of the no-answer bar
        for j in judged:
            text = texts[j.passage]
            key = wording(text)
            if key in by_wording:  # a copy counts whatever its own headline adds
                place = by_wording[key]
                cited = self._citation(j.passage)
                if cited.doc_id not in answers[place].doc_ids:  # not a repeat within one article
                    answers[place] = replace(answers[place], copies=(*answers[place].copies, cited))
                continue
            taking = taking and len(answers) < top_k and answerable(j, question, self.parameters)
            if taking:
                by_wording[key] = len(answers)
                answers.append(self._answer(len(answers) + 1, j.passage, j.score, text, question, idf))
        return answers

    def _places(self, question: Question) -> tuple[PlaceName, ...]:
        """The places the question names by kind, each word of whose name the corpus knows:
        a name it does not know may be misspelt ("Rejang Lebog"), and holds nothing out."""
        vocabulary = self.library.index.vocabulary
        return tuple(
            place
            for place in named_places(question.text, self.analyzer)
            if all(any(t in vocabulary for t in self.analyzer.word_terms(w)) for w in place.name)
        )

    def _document_about_another_place(self, owner: int, places: tuple[PlaceName, ...]) -> bool:
        document = self.library.passages.documents[owner]
        return about_another_place(places, document.title, document.paragraphs, self.analyzer)

    def _citation(self, passage: int) -> Citation:
        document = self.library.passages.document(passage)
        return Citation(
            doc_id=document.doc_id,
            title=document.title,
            source=document.source,
            date=document.date,
            paragraph=int(self.library.passages.numbers[passage]),
        )

    def _answer(self, rank: int, passage: int, score: float, text: str, question: Question, idf: dict[str, float]) -> Answer:
        excerpt = make_excerpt(text, question, self.analyzer, idf)
        return Answer(
            rank=rank,
            **asdict(self._citation(passage)),
            score=score,
            excerpt=excerpt.text,
            text=text,
            highlights=excerpt.highlights,
            text_highlights=excerpt.paragraph_highlights,
        )
