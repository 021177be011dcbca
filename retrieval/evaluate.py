"""Measuring answers: hit@1, hit@3, MRR@10 and the no-answer decision, beside plain
rank-bm25 over lower-cased word tokens on the same passages.

Two kinds of question file:
- the seed set (``tests/data/seed_questions.jsonl``): ``answer`` must show in the
  excerpt (for plain rank-bm25, which has no excerpt, in the paragraph); ``answer: null``
  marks a question the corpus does not answer.
- FacQA (``facqa_questions.jsonl`` beside ``facqa_passages.jsonl``): each passage is one
  document; a hit is an answer in the top k citing any of ``relevant_passage_ids`` (as
  its own article or as a word-for-word copy; hit@1 "copies not counted" is beside it).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi

from retrieval.corpus import Document
from retrieval.library import Library
from retrieval.lines import LINE_CHARS, bounded_lines
from retrieval.regex_marks import whole_word
from retrieval.search import Searcher

WORD_RE = re.compile(r"\w+")
DEPTH = 10  # MRR@10 looks this far


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    answers: tuple[str, ...]  # strings that must show; empty with relevant: any relevant doc
    relevant: tuple[str, ...]  # doc ids that answer; empty for an unanswerable question

    @property
    def answerable(self) -> bool:
        return bool(self.answers or self.relevant)


@dataclass(frozen=True)
class Ranked:
    """What a system returned for one question, best first: the doc ids an answer cites
    (its own, then those of its word-for-word copies) and the text it shows."""

    items: tuple[tuple[tuple[str, ...], str], ...]


@dataclass(frozen=True)
class Scores:
    questions: int
    answerable: int
    hit_at_1: float
    hit_at_1_own: float  # hit@1 counting only the article an answer quotes, not its copies
    hit_at_3: float
    mrr_at_10: float
    answer_in_excerpt: float  # the gold answer, as a whole word, in what rank 1 shows
    answered: int  # answerable questions that got any answer
    refused: int  # questions with no answer
    refused_correctly: int  # unanswerable questions with no answer
    unanswerable: int
    seconds: float

    @property
    def no_answer_precision(self) -> float | None:
        return self.refused_correctly / self.refused if self.refused else None

    @property
    def no_answer_recall(self) -> float | None:
        return self.refused_correctly / self.unanswerable if self.unanswerable else None


def hit_rank(question: EvalQuestion, ranked: Ranked, facqa: bool) -> int | None:
    """1-based rank of the first answer that counts as a hit."""
    for rank, (doc_ids, shown) in enumerate(ranked.items[:DEPTH], start=1):
        cited = not question.relevant or any(d in question.relevant for d in doc_ids)
        if facqa:
            if cited and question.relevant:
                return rank
        elif cited and any(
            a.casefold() in shown.casefold() for a in question.answers
        ):
            return rank
    return None


def score(questions: Sequence[EvalQuestion], system: Callable[[str], Ranked], facqa: bool) -> Scores:
    started = time.perf_counter()
    ranks: list[int | None] = []
    own_hits = 0
    shown_hits = 0
    answered = refused = refused_correctly = 0
    for question in questions:
        ranked = system(question.question)
        if not ranked.items:
            refused += 1
            refused_correctly += not question.answerable
        elif question.answerable:
            answered += 1
        if question.answerable:
            ranks.append(hit_rank(question, ranked, facqa))
            own_hits += hit_rank(question, Ranked(tuple((ids[:1], shown) for ids, shown in ranked.items[:1])), facqa) == 1
            shown_hits += bool(ranked.items) and any(whole_word(a).search(ranked.items[0][1]) for a in question.answers if a.strip())
    seconds = time.perf_counter() - started
    n = len(ranks) or 1
    return Scores(
        questions=len(questions),
        answerable=len(ranks),
        hit_at_1=sum(1 for r in ranks if r == 1) / n,
        hit_at_1_own=own_hits / n,
        hit_at_3=sum(1 for r in ranks if r is not None and r <= 3) / n,
        mrr_at_10=sum(1 / r for r in ranks if r is not None) / n,
        answer_in_excerpt=shown_hits / n,
        answered=answered,
        refused=refused,
        refused_correctly=refused_correctly,
        unanswerable=len(questions) - len(ranks),
        seconds=seconds,
    )


def tanya_system(searcher: Searcher) -> Callable[[str], Ranked]:
    def ask(question: str) -> Ranked:
        result = searcher.ask(question, top_k=DEPTH)
        return Ranked(tuple((a.doc_ids, a.excerpt) for a in result.answers))

    return ask


def plain_bm25_system(library: Library) -> Callable[[str], Ranked]:
    """rank-bm25's BM25Okapi with its defaults over lower-cased ``\\w+`` tokens: the
    baseline. It never refuses; what it shows is the whole paragraph."""
    passages = library.passages
    texts = list(passages.texts)
    bm25 = BM25Okapi([WORD_RE.findall(t.lower()) for t in texts])

    def ask(question: str) -> Ranked:
        scores = bm25.get_scores(WORD_RE.findall(question.lower()))
        best = sorted(range(len(texts)), key=lambda i: -scores[i])[:DEPTH]
        return Ranked(tuple(((passages.document(i).doc_id,), texts[i]) for i in best))

    return ask


# -- question files ---------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterable[dict]:
    """Each line of a JSON Lines file as JSON; ValueError naming the file (and the line)
    that is not. A byte-order mark at its start is read past, as articles' are. A line
    past LINE_CHARS is no question's (a binary file, a device): refused, not read whole."""
    with open(path, encoding="utf-8-sig") as file:
        try:
            for number, line in enumerate(bounded_lines(file, measure=False), start=1):
                if line.cut:
                    raise ValueError(f"{path}:{number}: a line of more than {LINE_CHARS:,} characters")
                if line.text.strip():
                    try:
                        yield json.loads(line.text)
                    except json.JSONDecodeError as error:
                        raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None
        except UnicodeDecodeError as error:
            raise ValueError(f"{path}: not UTF-8 text (byte {error.start} of a line)") from None


# What a seed-style question file's lines hold: "answer" and "doc" for an answerable
# question, neither for one the articles do not answer; "id", "lang" and "note" describe it.
SEED_QUESTION_KEYS = ("id", "question", "answer", "doc", "lang", "note")


def load_seed_questions(path: Path) -> list[EvalQuestion]:
    """The questions of a seed-style file; ValueError naming the line that is not one,
    or that holds a key the file does not use: a question without "answer" counts as
    unanswerable, so one written {"answers": [...], "answerable": true}
    was scored as 60 unanswerable questions without a word."""
    questions: list[EvalQuestion] = []
    for number, row in enumerate(read_jsonl(path), start=1):
        if not isinstance(row, dict) or not isinstance(row.get("question"), str):
            raise ValueError(f"{path}: question {number} is not an object with a \"question\" string")
        unknown = [key for key in row if key not in SEED_QUESTION_KEYS]
        if unknown:
            # Escaped and cut short: a key is whatever the file holds, and the error one line.
            named = ", ".join(json.dumps(key)[:40] for key in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            known = ", ".join(f'"{key}"' for key in SEED_QUESTION_KEYS)
            raise ValueError(
                f"{path}: question {number} has {named}, which a question file does not use (its keys: {known}; "
                'an answerable question gives "answer", a string, and "doc", its article)'
            )
        answer = row.get("answer")
        if not all(row.get(key) is None or isinstance(row.get(key), str) for key in ("answer", "doc")):
            raise ValueError(f"{path}: question {number} has an \"answer\" or \"doc\" that is not a string")
        questions.append(
            EvalQuestion(
                id=str(row.get("id", len(questions))),
                question=row["question"],
                answers=(answer,) if answer else (),
                relevant=(row["doc"],) if answer and row.get("doc") else (),
            )
        )
    if not questions:
        raise ValueError(f"{path}: no questions")
    return questions


def unknown_gold(questions: Sequence[EvalQuestion], documents: Sequence[Document]) -> list[tuple[EvalQuestion, str]]:
    """The questions that name, as answering, an article the corpus does not hold, each
    with the first such id: a typo in a question file, or a question file asked of
    another archive. Each is scored as if the corpus held it, so its passage can never
    rank and it counts as a miss: the caller says so."""
    held = {document.doc_id for document in documents}
    return [(q, next(d for d in q.relevant if d not in held)) for q in questions if any(d not in held for d in q.relevant)]


def load_facqa(directory: Path, split: str) -> tuple[list[Document], list[EvalQuestion]]:
    """FacQA's passages as one-paragraph documents, and its questions of ``split``
    ("dev", "test" or "all")."""
    passages, asked = directory / "facqa_passages.jsonl", directory / "facqa_questions.jsonl"
    documents = [
        Document(doc_id=row["id"], title=row["text"][:60], source=None, date=None, paragraphs=(row["text"],))
        for row in _facqa_rows(passages, ("id", "text"), ())
    ]
    questions = [
        EvalQuestion(
            id=row["id"],
            question=row["question"],
            answers=tuple(row.get("answers") or ()),
            relevant=tuple(row["relevant_passage_ids"]),
        )
        for row in _facqa_rows(asked, ("id", "question", "split"), ("relevant_passage_ids",))
        if split == "all" or row["split"] == split
    ]
    return documents, questions


def _facqa_rows(path: Path, strings: tuple[str, ...], lists: tuple[str, ...]) -> Iterable[dict]:
    """The rows of a FacQA file, each an object with these strings and lists of strings
    (and, if any, a list of string "answers"); ValueError naming the first that is not."""
    for number, row in enumerate(read_jsonl(path), start=1):
        shaped = isinstance(row, dict) and all(isinstance(row.get(key), str) for key in strings)
        listed = shaped and all(_strings(row.get(key)) for key in lists) and (row.get("answers") is None or _strings(row["answers"]))
        if not listed:
            wanted = f"{', '.join(strings)} (strings)" + (f" and {', '.join(lists)} (lists of strings)" if lists else "")
            raise ValueError(f"{path}: row {number} is not an object with {wanted}")
        yield row


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def load_translated(path: Path) -> tuple[list[EvalQuestion], list[EvalQuestion]]:
    """The questions of a translated FacQA file (``tests/data/facqa_dev_en.jsonl``: each
    row an English ``question``, the Indonesian one it translates as ``question_id``,
    ``answers`` and ``relevant_passage_ids``): once as asked in English, once in
    Indonesian, in the same order, so the gap between the languages is one figure.
    ValueError naming the line that is not such a row."""
    english: list[EvalQuestion] = []
    indonesian: list[EvalQuestion] = []
    for number, row in enumerate(read_jsonl(path), start=1):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in ("id", "question", "question_id")):
            raise ValueError(f"{path}: question {number} lacks the strings \"id\", \"question\" and \"question_id\"")
        relevant = row.get("relevant_passage_ids")
        if not isinstance(relevant, list) or not relevant:
            raise ValueError(f"{path}: question {number} has no \"relevant_passage_ids\"")
        answers = tuple(row.get("answers") or ())
        english.append(EvalQuestion(row["id"], row["question"], answers, tuple(relevant)))
        indonesian.append(EvalQuestion(row["id"], row["question_id"], answers, tuple(relevant)))
    if not english:
        raise ValueError(f"{path}: no questions")
    return english, indonesian


# -- report -----------------------------------------------------------------------------


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _ranking_rows(a: Scores, b: Scores) -> list[tuple[str, float, float]]:
    """The ranking's figures of two runs side by side, as both reports print them."""
    return [
        ("hit@1", a.hit_at_1, b.hit_at_1),
        ("  copies not counted", a.hit_at_1_own, b.hit_at_1_own),
        ("answer in excerpt @1", a.answer_in_excerpt, b.answer_in_excerpt),
        ("hit@3", a.hit_at_3, b.hit_at_3),
        ("MRR@10", a.mrr_at_10, b.mrr_at_10),
    ]


def report(title: str, ours: Scores, baseline: Scores) -> str:
    rows: list[tuple[str, float | None, float | None]] = [
        *_ranking_rows(ours, baseline),
        ("no-answer precision", ours.no_answer_precision, baseline.no_answer_precision),
        ("no-answer recall", ours.no_answer_recall, baseline.no_answer_recall),
    ]
    lines = [
        title,
        f"questions: {ours.questions} ({ours.answerable} answerable, {ours.unanswerable} unanswerable)",
        f"{'':22}{'tanya':>10}{'rank-bm25':>12}",
    ]
    lines += [f"{name:22}{_figure(a):>10}{_figure(b):>12}" for name, a, b in rows]
    lines.append(f"{'answered answerable':22}{ours.answered:>10}{baseline.answered:>12}")
    lines.append(f"{'seconds':22}{ours.seconds:>10.2f}{baseline.seconds:>12.2f}")
    return "\n".join(lines)


def report_languages(title: str, english: Scores, indonesian: Scores) -> str:
    """tanya's figures on questions asked in English beside the same questions asked
    in Indonesian, and the difference: what the English side loses in translation."""
    rows = _ranking_rows(english, indonesian)
    lines = [
        title,
        f"questions: {english.questions} ({english.answerable} answerable, {english.unanswerable} unanswerable)",
        f"{'':22}{'English':>10}{'Indonesian':>12}{'gap':>9}",
    ]
    lines += [f"{name:22}{_figure(a):>10}{_figure(b):>12}{a - b:>+9.3f}" for name, a, b in rows]
    lines.append(f"{'answered answerable':22}{english.answered:>10}{indonesian.answered:>12}{english.answered - indonesian.answered:>+9}")
    lines.append(f"{'seconds':22}{english.seconds:>10.2f}{indonesian.seconds:>12.2f}")
    return "\n".join(lines)
