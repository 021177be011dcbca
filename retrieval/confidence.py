"""The no-answer decision: how sure tanya is that the best passage answers the question.

A fixed coverage threshold tuned on five articles does not carry over to a million
paragraphs: in a large archive some passage always shares most of a question's words.
What tells an answer from a passage merely on the same topic is whether it holds the
question's *specific* things (the names, numbers and rare words that pick out one
event) and the kind of thing asked for. Each signal here is a share or a ratio, so it
means the same in a 5-article and a million-paragraph corpus. A logistic model, fitted
by ``scripts/fit_confidence.py`` on paired data (each FacQA dev question asked of the
intact corpus and of the corpus less its answering passages), weighs them; its
coefficients live in ``retrieval/data/confidence.json``.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

from retrieval.analysis import Analyzer, Question, Term
from retrieval.cues import MEASURES, PLACE_TYPES, REQUIRED_CUES
from retrieval.ranking import Judged, RankingParameters, answerable

MODEL_FILE = "confidence.json"

# A concept whose rarest term has at least this share of the corpus's highest idf is
# specific: it picks out few passages, whatever the corpus's size.
SPECIFIC_IDF_SHARE = 0.6

# Words apart that still read as one phrase ("kapal motor Yo To", "Bupati Kabupaten Seluma").
PAIR_REACH = 3


class ConfidenceModelError(ValueError):
    """The model file is missing, damaged or does not fit this code."""


@dataclass(frozen=True)
class Evidence:
    """What the best passage shows about itself, as shares in [0, 1] or small counts."""

    coverage: float  # idf-weighted share of the question's concepts in the passage and its context
    own_coverage: float  # ... in the paragraph itself
    specific_in_passage: float  # share of the question's specific concepts in the passage and context
    specific_in_article: float  # ... anywhere in its article
    worst_missing: float  # idf share of the rarest concept the passage lacks (0: lacks none)
    cue: float  # holds the asked-for kind of thing, not given by the question
    cue_missing: float  # asks for a kind of thing (a date, a count, a name) the passage lacks
    bm25_share: float  # concept BM25 against the most the question could score
    margin: float  # how far it scores above the next passage, as a share of its score
    sentence_coverage: float  # coverage of the one sentence that covers most of the question
    pairs_together: float  # share of the question's neighbouring concepts found side by side
    specific_missing: float  # how many specific concepts the passage and its context lack
    missing: float  # how many concepts the passage and its context lack
    focused_cue: float  # the asked-for kind of thing stands in the sentence that matches best
    coverage_lead: float  # its coverage less the best coverage of the other candidates
    coverage_rule: float  # the coverage thresholds of earlier versions let it through
    head_found: float  # holds the question's first concept: mostly what is asked after ("berapa *kecepatan*")
    unknown: float  # share of the question's weight in words no article uses
    concepts: float  # how many concepts the question has, log-scaled
    rival_name: float  # a name the question gives is nowhere in the article, and the passage names another in its place
    named_in_article: float  # share of the question's names (capitalised words, numbers) anywhere in the article
    # The kind of thing asked for, 1.0 or 0.0 (all 0.0 for another kind): how much of the
    # question a right answer shares differs by kind. An answer to "Apa ..." or "Di mana
    # ..." often shares less of it than one to "Siapa ...", and a passage on the same
    # event that is no answer to "Siapa ..." still names someone.
    asks_person: float
    asks_time: float
    asks_number: float
    asks_count: float
    asks_place: float
    asks_thing: float
    several_paragraphs: float  # the article has more than one paragraph: the article-wide signals then say more

    def vector(self) -> tuple[float, ...]:
        # Not dataclasses.astuple, which deep-copies each number: a tenth of a decision.
        return tuple(getattr(self, name) for name in FEATURES)


FEATURES: tuple[str, ...] = tuple(f.name for f in fields(Evidence))


@dataclass(frozen=True)
class ConfidenceModel:
    """A logistic model over Evidence, and the probability an answer must reach.

    Two sets of weights: ``coefficients`` for every passage, and
    ``article_coefficients`` added to them when the passage's article has several
    paragraphs. FacQA, where every document is one paragraph, cannot teach what an
    article adds (its passage- and article-wide signals are the same numbers); the seed
    articles can, and a news archive is made of such articles."""

    intercept: float
    coefficients: tuple[float, ...]  # in the order of FEATURES
    article_coefficients: tuple[float, ...]  # added for an article of several paragraphs
    threshold: float  # the default strictness

    def probability(self, evidence: Evidence) -> float:
        vector = evidence.vector()
        z = self.intercept + sum(c * x for c, x in zip(self.coefficients, vector))
        if evidence.several_paragraphs:
            z += sum(c * x for c, x in zip(self.article_coefficients, vector))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self, **about: object) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "intercept": self.intercept,
                "coefficients": dict(zip(FEATURES, self.coefficients)),
                "article_coefficients": dict(zip(FEATURES, self.article_coefficients)),
                "threshold": self.threshold,
                **about,
            },
            indent=2,
        )


def load_model(path: Path | None = None) -> ConfidenceModel:
    """The fitted model (the bundled one unless ``path``); ConfidenceModelError with the
    reason when the file is not a model this code can use."""
    where = str(path) if path else f"retrieval/data/{MODEL_FILE}"
    try:
        text = path.read_text(encoding="utf-8") if path else resources.files("retrieval").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfidenceModelError(f"cannot read the confidence model {where}: {error}") from None
    except json.JSONDecodeError as error:
        raise ConfidenceModelError(f"the confidence model {where} is not JSON ({error.msg}, line {error.lineno})") from None
    try:
        model = ConfidenceModel(
            intercept=_number(data["intercept"]),
            coefficients=_weights(data["coefficients"], where),
            article_coefficients=_weights(data["article_coefficients"], where),
            threshold=_number(data["threshold"]),
        )
    except (KeyError, TypeError) as error:
        raise ConfidenceModelError(f"the confidence model {where} lacks {error}") from None
    if not 0.0 <= model.threshold <= 1.0:
        raise ConfidenceModelError(f"the confidence model {where} has a threshold outside 0-1: {model.threshold}")
    return model


def _weights(coefficients: object, where: str) -> tuple[float, ...]:
    """One weight per feature, in the order of FEATURES."""
    if not isinstance(coefficients, dict) or set(coefficients) != set(FEATURES):
        named = set(coefficients) if isinstance(coefficients, dict) else set()
        missing, extra = sorted(set(FEATURES) - named), sorted(named - set(FEATURES))
        raise ConfidenceModelError(f"the confidence model {where} does not fit this code (missing {missing}, unknown {extra})")
    return tuple(_number(coefficients[name]) for name in FEATURES)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TypeError(f"a number, not {value!r}")
    return float(value)


def named_terms(question: Question, analyzer: Analyzer) -> frozenset[str]:
    """The terms of the question's names: a capitalised word past the first, an
    all-capitals word, a word with a digit ("Yo To", "OKU", "2005")."""
    marked: set[str] = set()
    words = analyzer.words(question.text)
    for position, word in enumerate(words):
        written = question.text[word.start : word.end]
        named = position > 0 and written[:1].isupper() and not written.isupper() or len(written) > 1 and written.isupper()
        if named or any(c.isdigit() for c in written):
            # A long form's words stand in the question as its abbreviation
            # ("Bengkulu Selatan" is the concept "bs").
            marked.update(
                analyzer.word_terms(word.text), analyzer.phrase_abbreviations_at(words, position), analyzer.compass_name_terms(words, position)
            )
    return frozenset(marked)


def specific_concepts(
    question: Question, idf: dict[str, float], max_idf: float, analyzer: Analyzer, marked: frozenset[str] | None = None
) -> list[bool]:
    """Per concept, whether it picks out the thing asked about: a name (a capitalised word
    past the first), a number or code, or a word rare in the corpus. "Siapa Pjs Bupati
    Bengkulu Selatan": Bengkulu and Selatan are specific; Pjs and Bupati, in every
    article on the elections, are not. ``marked``: the question's :func:`named_terms`,
    when already read."""
    if marked is None:
        marked = named_terms(question, analyzer)
    rare = SPECIFIC_IDF_SHARE * max_idf
    flags = []
    for concept in question.concepts:
        known = [idf[t] for t in concept if t in idf]
        flags.append(bool(concept & marked) or (bool(known) and max(known) >= rare))
    return flags


@dataclass(frozen=True)
class Signals:
    """What a question brings to every candidate's Evidence (computed once per question)."""

    weights: tuple[float, ...]
    specific: tuple[bool, ...]
    named: tuple[bool, ...]  # per concept: a name the question gives
    max_idf: float
    most: float  # the most concept BM25 the question could score
    unknown: float


def question_signals(
    question: Question, weights: Sequence[float], idf: dict[str, float], max_idf: float, k1: float, analyzer: Analyzer
) -> Signals:
    total = sum(weights) or 1.0
    unknown = sum(w for w, u in zip(weights, question.unknown or (False,) * len(weights)) if u) / total
    names = named_terms(question, analyzer)
    return Signals(
        weights=tuple(weights),
        specific=tuple(specific_concepts(question, idf, max_idf, analyzer, names)),
        named=tuple(bool(c & names) for c in question.concepts),
        max_idf=max_idf,
        most=sum(max(w, 0.0) for w in weights) * (k1 + 1),
        unknown=unknown,
    )


def sentence_coverage(spans: Sequence[Term], sentences: Sequence[tuple[int, int]], question: Question, weights: Sequence[float]) -> float:
    """The coverage of the sentence that covers most of the question: the sentence that
    answers usually restates it; a passage that only shares words across sentences is
    more often about something else."""
    total = sum(weights) or 1.0
    best = 0.0
    # Only the question's terms count; each sentence's are found by bisection.
    asked = frozenset().union(*question.concepts)
    found = sorted((t.start, t.text) for t in spans if t.text in asked)
    starts = [start for start, _ in found]
    for start, end in sentences:
        terms = {text for _, text in found[bisect_left(starts, start) : bisect_left(starts, end)]}
        best = max(best, sum(w for c, w in zip(question.concepts, weights) if c & terms) / total)
    return best


def pairs_together(spans: Sequence[Term], question: Question, reach: int = PAIR_REACH) -> float:
    """The share of neighbouring concept pairs of the question ("kapal Yo To", "Bupati
    Seluma") whose terms stand within ``reach`` words of each other in the passage: a
    passage sharing the words one by one is on the topic; sharing them together, it is
    about the same thing."""
    concepts = question.concepts
    if len(concepts) < 2:
        return 1.0
    starts = sorted({t.start for t in spans})
    place = {start: i for i, start in enumerate(starts)}
    asked = frozenset().union(*concepts)
    positions: dict[str, list[int]] = {}
    for term in spans:
        if term.text in asked:
            positions.setdefault(term.text, []).append(place[term.start])
    where = [sorted(p for t in c for p in positions.get(t, ())) for c in concepts]
    together = 0
    for left, right in zip(where, where[1:]):
        if left and right and _within_reach(left, right, reach):
            together += 1
    return together / (len(concepts) - 1)


def _within_reach(left: list[int], right: list[int], reach: int) -> bool:
    """Whether a word of sorted ``left`` stands within ``reach`` of one of sorted ``right``."""
    for a in left:
        i = bisect_left(right, a - reach)
        if i < len(right) and right[i] <= a + reach:
            return True
    return False


def rival_name(text: str, spans: Sequence[Term], question: Question, named: Sequence[bool], seen: frozenset[str]) -> float:
    """1.0 when a name the question gives ("kapal *Yo To*", "Bupati *Seluma*") is nowhere
    in the passage's article, while the passage puts another name right after the word
    that stands before it in the question ("kapal Tampomas", "Bupati Muba"): a passage
    about the same kind of thing, not the same thing. A hint for the model, not a rule:
    titles are capitalised too ("Pjs *Bupati* Kabupaten Seluma")."""
    concepts = question.concepts
    if not any(i and named[i] and not concept & seen for i, concept in enumerate(concepts)):
        return 0.0  # no name of the question is missing (most passages): nothing to read
    asked = frozenset().union(*concepts) if concepts else frozenset()
    words = sorted({(t.start, t.end) for t in spans})
    place = {start: i for i, (start, _) in enumerate(words)}
    terms_at: dict[int, set[str]] = {}
    for term in spans:
        terms_at.setdefault(place[term.start], set()).add(term.text)
    for i, concept in enumerate(concepts):
        if i == 0 or not named[i] or concept & seen:
            continue
        slot = concepts[i - 1]  # the word the name follows in the question ("kapal", "Bupati")
        for at, held in terms_at.items():
            if not held & slot:
                continue
            for after in (at + 1, at + 2):
                if after >= len(words):
                    break
                start, end = words[after]
                written = text[start:end]
                if written[:1].isupper() or any(c.isdigit() for c in written):
                    if not terms_at.get(after, set()) & asked:
                        return 1.0
                    break
    return 0.0


def evidence(
    best: Judged,
    runner_up: Judged | None,
    others_coverage: float,
    question: Question,
    signals: Signals,
    context: frozenset[str],
    article_terms: frozenset[str],
    spans: Sequence[Term],
    sentences: Sequence[tuple[int, int]],
    text: str = "",
    paragraphs: int = 1,
) -> Evidence:
    """The Evidence of ``best`` (whose own terms are ``best.terms``, at ``spans``, in
    ``sentences``) for ``question``."""
    concepts = question.concepts
    seen = best.terms | context
    total = sum(signals.weights) or 1.0
    own = sum(w for c, w in zip(concepts, signals.weights) if c & best.terms) / total
    specific = [c for c, s in zip(concepts, signals.specific) if s]
    in_passage = sum(1 for c in specific if c & seen) / len(specific) if specific else 1.0
    in_article = sum(1 for c in specific if c & (seen | article_terms)) / len(specific) if specific else 1.0
    missing = [w for c, w in zip(concepts, signals.weights) if not c & seen]
    worst = max(missing) / signals.max_idf if missing and signals.max_idf > 0 else 0.0
    asks = question.answer_type in REQUIRED_CUES or question.answer_type in ("person", "identity", *PLACE_TYPES)
    margin = (best.score - runner_up.score) / best.score if runner_up and best.score > 0 else 1.0
    return Evidence(
        coverage=best.coverage,
        own_coverage=own,
        specific_in_passage=in_passage,
        specific_in_article=in_article,
        worst_missing=min(worst, 1.0),
        cue=float(best.cue),
        cue_missing=float(asks and not best.cue),
        bm25_share=min(max(best.bm25, 0.0) / signals.most, 1.0) if signals.most > 0 else 0.0,
        margin=max(0.0, min(margin, 1.0)),
        sentence_coverage=sentence_coverage(spans, sentences, question, signals.weights),
        pairs_together=pairs_together(spans, question),
        specific_missing=float(len(specific) - sum(1 for c in specific if c & seen)),
        missing=float(len(missing)),
        focused_cue=float(best.focused),
        coverage_lead=best.coverage - others_coverage,
        coverage_rule=float(answerable(best, question, RankingParameters())),
        head_found=float(bool(concepts) and bool(concepts[0] & seen)),
        unknown=signals.unknown,
        concepts=math.log1p(len(concepts)),
        rival_name=rival_name(text, spans, question, signals.named, seen | article_terms) if text else 0.0,
        named_in_article=_share([c for c, n in zip(concepts, signals.named) if n], seen | article_terms),
        asks_person=float(question.answer_type in ("person", "identity")),  # "who is X": a person's question still
        asks_time=float(question.answer_type in ("time", "month", "clock", "start", "until")),  # "start": a when question whose "sejak ..." answers too
        asks_number=float(question.answer_type in ("number", "duration", "percent", *MEASURES)),  # numbers of units
        asks_count=float(question.answer_type == "count"),
        asks_place=float(question.answer_type in PLACE_TYPES),
        asks_thing=float(question.answer_type == "thing"),
        several_paragraphs=float(paragraphs > 1),
    )


def _share(concepts: Sequence[frozenset[str]], found: frozenset[str]) -> float:
    """The share of ``concepts`` with a term in ``found``; 1.0 when there are none."""
    return sum(1 for c in concepts if c & found) / len(concepts) if concepts else 1.0
