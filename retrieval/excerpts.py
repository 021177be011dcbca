"""The part of a paragraph that answers: its best sentence or sentences, at most 400
characters, never cut inside a word, with the spans of the matched terms.

Its work grows with the paragraph's length, not its square: what lies in a sentence or a
window is found by bisection over sorted positions, never by comparing every sentence
with every matched word (an 800 KB paragraph once cost 1.9 s an answer that way).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.analysed import AnalysedPassage, analyse_passage
from retrieval.analysis import Analyzer, Question
from retrieval.chunking import refers_back, sentence_spans
from retrieval.cues import REQUIRED_CUES, asked_cues
from retrieval.patterns import pattern_gap

MAX_CHARS = 400
ELLIPSIS = "…"
QUOTATION_MARKS = frozenset('"“”«»')
CLOSING_QUOTES = frozenset('"”»')
# A speaker's clause longer than this after a quotation is no "ujar X": not shown.
ATTRIBUTION_CHARS = 120


@dataclass(frozen=True)
class Excerpt:
    text: str
    highlights: tuple[tuple[int, int], ...]  # (start, end) of matched terms in ``text``
    paragraph_highlights: tuple[tuple[int, int], ...]  # the same, in the whole paragraph


def matched_spans(text: str, question: Question, analyzer: Analyzer, analysed: AnalysedPassage | None = None) -> list[tuple[int, int, str]]:
    """(start, end, term) of every term of ``text`` (whose analysis ``analysed`` is,
    when given) that answers a question concept."""
    wanted = {term for concept in question.concepts for term in concept}
    spans = analysed.spans if analysed is not None else analyzer.term_spans(text)
    return [(t.start, t.end, t.text) for t in spans if t.text in wanted]


def attribution_terms(question: Question) -> frozenset[str]:
    """The terms of the question's "menurut ..." concepts, that name whose words are
    asked, and nothing else the question asks ("Bengkulu" in "HUT Provinsi Bengkulu
    menurut Gubernur Bengkulu" is also the topic)."""
    speaker: set[str] = set()
    topic: set[str] = set()
    for concept, attributed in zip(question.concepts, question.attributed):
        (speaker if attributed else topic).update(concept)
    return frozenset(speaker - topic)


def speech_spans(paragraph: str, analyzer: Analyzer) -> list[int]:
    """Where ``paragraph`` reports speech: its quotation marks and its speech words
    ("menurut", "katanya", "ujarnya")."""
    markers = analyzer.language.speech_markers
    quotes = [i for i, char in enumerate(paragraph) if char in QUOTATION_MARKS]
    return sorted(quotes + [w.start for w in analyzer.words(paragraph) if w.text in markers])


def asks_for_speaker(question: Question, analyzer: Analyzer) -> bool:
    """Whether the question asks who said something ("Siapa yang mengatakan ...?", "Who
    said ...?"): a person is asked for, and one of its words reports speech."""
    if question.answer_type != "person":
        return False
    language = analyzer.language
    speech = {t for word in language.speech_markers - language.attributions for t in analyzer.word_terms(word)}
    return any(concept & speech for concept, attributed in zip(question.concepts, question.attributed) if not attributed)


@dataclass(frozen=True)
class SpeechAsked:
    """What a question asking for someone's words names (speech_questions.txt: "Apa
    kata ...", "What did ... say"), split at the first word opening its topic
    (about_words.txt: "soal", "tentang", "about"): ``speaker``, the words before it
    ("Sekda Bengkulu Selatan Sukarni" of "Apa kata Sekda Bengkulu Selatan Sukarni soal
    netralitas ASN?", "Celine Dion" of "What did Celine Dion say about Bush?"), and
    ``topic``, those after it ("netralitas ASN"; none when it names no topic), up to a
    word placing it before a capitalised name (located_words.txt: "media sosial" of
    "soal media sosial di Bengkulu Selatan"; "kinerja di masa pandemi" is all topic).
    ``by_nya_only``: no one is named, and the pattern's "-nya" points back to someone
    ("apa katanya soal media sosial?", "Apa yang dikatakannya?": a follow-up, in a chat
    that keeps no history; "Apa komentar soal ASN?" asks anyone's)."""

    speaker: tuple[str, ...]
    topic: tuple[str, ...]
    by_nya_only: bool


def speech_asked(question: Question, analyzer: Analyzer) -> SpeechAsked | None:
    """:class:`SpeechAsked` of a question asking for someone's words; None for any
    other, and for one asking who said something ("What is the name of the judge who
    said ...?": :func:`asks_for_speaker`)."""
    if question.answer_type == "person":
        return None
    written = analyzer.words(question.text)
    words = tuple(word.text for word in written)
    for parts in analyzer.language.speech_questions:
        gap = pattern_gap(words, parts)
        if gap is None:
            continue
        start, end = gap
        about = analyzer.language.about_words
        opens = next((i for i in range(start, len(words)) if words[i] in about), len(words))
        speaker = words[start : min(end, opens)]
        by_nya_only = not speaker and any(analyzer.language.points_back(w) for w in words[:start])
        located = analyzer.language.located_words
        placed = next(
            (i for i in range(opens + 1, len(words) - 1) if words[i] in located and question.text[written[i + 1].start].isupper()), len(words)
        )
        return SpeechAsked(speaker, words[opens + 1 : placed], by_nya_only)
    return None


def speaker_asked(question: Question, analyzer: Analyzer) -> tuple[str, ...] | None:
    """The words naming whose words a question asks for (:attr:`SpeechAsked.speaker`);
    None for a question asking no such thing."""
    asked = speech_asked(question, analyzer)
    return None if asked is None else asked.speaker


def closing_attribution(paragraph: str, analyzer: Analyzer, max_chars: int = ATTRIBUTION_CHARS) -> str | None:
    """The quotation mark that closes the quotation ``paragraph`` goes on with (its
    first closing mark: any later one closes another quotation, perhaps another
    speaker's) and the words after it, when they report who spoke ('” ujar Pjs
    Bupati.'), to the end of their sentence (a title's full stop, "AKBP H. Ahmad Yani",
    ends none); None otherwise. News opens each paragraph of a long quotation and names
    the speaker after the last: a "who said" answer from an earlier paragraph needs it."""
    markers = analyzer.language.speech_markers
    # A closing mark follows text; one after a space or at the start opens a quotation.
    close = next((i for i, char in enumerate(paragraph) if char in CLOSING_QUOTES and i and not paragraph[i - 1].isspace()), None)
    if close is None:
        return None
    rest = paragraph[close + 1 :]
    words = analyzer.words(rest)
    if not words or words[0].text not in markers or rest[: words[0].start].strip(" ,"):
        return None
    end = next((e for s, e in sentence_spans(paragraph, analyzer.language) if s <= close + 1 + words[0].start < e), len(paragraph))
    clause = paragraph[close + 1 : end].strip()
    return f"{paragraph[close]} {clause}" if len(clause) <= max_chars else None


def speaker_sentence(
    paragraph: str, sentences: list[tuple[int, int]], best: int, cues: list[tuple[int, int]], analyzer: Analyzer
) -> int | None:
    """The sentence nearest to sentence ``best`` that names someone beside a speech word
    ('...," ujar Prof. Edwar.'), the one after it when two are as near: news gives the
    quotation first and its speaker last."""
    markers = analyzer.language.speech_markers
    speech = [w.start for w in analyzer.words(paragraph) if w.text in markers]
    cue_starts = sorted(s for s, _ in cues)
    naming = [
        i
        for i, (start, end) in enumerate(sentences)
        if _any_within(speech, start, end) and _any_within(cue_starts, start, end)
    ]
    return min(naming, key=lambda i: (abs(i - best), i < best), default=None)


def _any_within(positions: Sequence[int], start: int, end: int) -> bool:
    """Whether any of the sorted ``positions`` is in [start, end)."""
    i = bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


# Answer types whose cue is a date: the next sentence's date is no figure of this one's.
DATED_TYPES = frozenset({"time", "month", "since", "until", "start"})
# Answer types whose cue the excerpt shows, from another sentence of the paragraph if
# need be; the ranker and the decision do not require one (a "where" may be "di sini").
SHOWN_CUES = frozenset({"place"})
PLACE_REACH = 2  # sentences between the best one and the place shown with it, at most


def make_excerpt(
    paragraph: str,
    question: Question,
    analyzer: Analyzer,
    weights: dict[str, float],
    max_chars: int = MAX_CHARS,
    analysed: AnalysedPassage | None = None,
) -> Excerpt:
    """Pick the sentences of ``paragraph`` (whose analysis ``analysed`` is, when the
    caller has it) that best answer ``question``."""
    if analysed is None:
        analysed = analyse_passage(paragraph, analyzer)
    spans = matched_spans(paragraph, question, analyzer, analysed)
    # The names, dates, numbers asked for; the weak ones (a year alone) when there are no others.
    answer_type = question.answer_type
    cues = list(asked_cues(analysed.cues(answer_type), question, analyzer)) or list(
        asked_cues(analysed.cues(answer_type, weak=True), question, analyzer)
    )
    sentences = list(analysed.sentences) or [(0, len(paragraph))]
    # For "menurut X", the speaker's name does not pick the sentence (news names the
    # speaker once, then reports the words); reporting speech does.
    speaker_terms = attribution_terms(question)
    speech = speech_spans(paragraph, analyzer) if speaker_terms else []

    span_starts = [s for s, _, _ in spans]  # term_spans come in order
    cue_starts = sorted(s for s, _ in cues)

    def value(span: tuple[int, int]) -> float:
        start, end = span
        inside = spans[bisect_left(span_starts, start) : bisect_left(span_starts, end)]
        terms = {term for _, e, term in inside if e <= end} - speaker_terms
        # Summed exactly: a set's order follows the process's string hashes, and a sum
        # in that order made two sentences of the same words unequal by a rounding,
        # so the sentence shown changed from one run to the next.
        found = math.fsum(weights.get(term, 0.0) for term in terms)
        cue = _any_within(cue_starts, start, end)
        reported = _any_within(speech, start, end)
        return found * (1.5 if cue else 1.0) * (1.5 if reported else 1.0)

    scores = [value(s) for s in sentences]
    # A "when" or "how many" question is answered by the sentence holding its date or
    # number, however many more of its words another sentence repeats.
    required = answer_type in REQUIRED_CUES
    best = max(
        range(len(sentences)),
        key=lambda i: (required and scores[i] > 0 and _any_within(cue_starts, *sentences[i]), scores[i], -i),
    )
    first = last = best
    # "Siapa yang mengatakan ...?": the words said and the sentence that names who said them.
    speaker = speaker_sentence(paragraph, sentences, best, cues, analyzer) if asks_for_speaker(question, analyzer) else None
    if speaker is not None:
        first, last = min(first, speaker), max(last, speaker)
        cues = [(s, e) for s, e in cues if sentences[speaker][0] <= s < sentences[speaker][1]]
    elif required and answer_type not in DATED_TYPES and cues and not _any_within(cue_starts, *sentences[best]):
        # No sentence with the question's words holds the asked-for number: the next one
        # may, as a lead gives its figure after its news ("BPBD Muba merevisi data korban
        # banjir Sekayu. Setelah pendataan ulang, warga terdampak tercatat 845 KK atau
        # 3.015 jiwa"). Shown with it, not instead: the reader sees whose it is. Not a
        # date: the next sentence's is another event's ("Pada Senin 5 Agustus 2024, Bupati
        # juga meresmikan Jembatan Lalan").
        following = best + 1
        if following < len(sentences) and _any_within(cue_starts, *sentences[following]) and sentences[following][1] - sentences[best][0] <= max_chars:
            last = following
    elif answer_type in SHOWN_CUES and cues and not _any_within(cue_starts, *sentences[best]):
        # A "where" question: the place may stand in another sentence of the paragraph
        # than the one holding most of the question's words ("Acara tersebut berlangsung
        # ... di Gedung Pola Kantor Gubernur Bengkulu. ... Setidaknya, terdapat tiga poin
        # utama yang ditekankan dalam rapat tersebut ..."). Shown with it when
        # near (PLACE_REACH sentences) and the two fit; cut to a window holding the place
        # only when its sentence points back to the paragraph's event ("Acara tersebut"):
        # "rapat serupa juga digelar di Kabupaten Banyuasin" is another's.
        placed = [i for i in range(len(sentences)) if i != best and abs(i - best) <= PLACE_REACH and scores[i] > 0 and _any_within(cue_starts, *sentences[i])]
        if placed:
            nearest = min(placed, key=lambda i: (abs(i - best), -scores[i]))
            low, high = min(best, nearest), max(best, nearest)
            fits = sentences[high][1] - sentences[low][0] <= max_chars
            if fits or refers_back(paragraph[sentences[nearest][0] : sentences[nearest][1]], analyzer.language):
                first, last = low, high
    elif not required and cues and not _any_within(cue_starts, *sentences[best]):
        # The sentence that matches best may set the scene and leave the asked-for thing
        # to the next, which points back to it: "... di Gedung Pola Kantor Gubernur
        # Bengkulu. Dalam pertemuan tersebut, Rosjonsyah menyampaikan ..." answers who
        # led the meeting there. (A date or number is looked for in every sentence
        # already: one in the next sentence is another event's.)
        following = best + 1
        if (
            following < len(sentences)
            and _any_within(cue_starts, *sentences[following])
            and refers_back(paragraph[sentences[following][0] : sentences[following][1]], analyzer.language)
            and sentences[following][1] - sentences[best][0] <= max_chars
        ):
            last = following
    # Widen by the better matching neighbour, one sentence at a time, while the
    # neighbour matches too and the whole still fits; past one sentence that matches
    # nothing to one that does (a quotation's middle: '"Sebagai anggota Korpri, kita
    # harus netral. Jangan sampai ... Gunakan ...," ujar Prof. Edwar.').
    while True:
        found = (_matching_neighbour(scores, edge, step) for edge, step in ((first, -1), (last, 1)))
        neighbours = [i for i in found if i is not None]
        neighbours = [i for i in neighbours if sentences[max(last, i)][1] - sentences[min(first, i)][0] <= max_chars]
        if not neighbours:
            break
        chosen = max(neighbours, key=lambda i: (scores[i], i > last))
        first, last = min(first, chosen), max(last, chosen)
    start, end = sentences[first][0], sentences[last][1]
    if end - start > max_chars:
        start, end = _window(paragraph, start, end, spans, cues, max_chars - 2 * len(ELLIPSIS))
    text = paragraph[start:end].strip()
    offset = start + (len(paragraph[start:end]) - len(paragraph[start:end].lstrip()))
    prefix = ELLIPSIS if start > 0 and not _starts_sentence(start, sentences) else ""
    suffix = ELLIPSIS if end < len(paragraph.rstrip()) and not _ends_sentence(end, sentences) else ""
    highlights = tuple(
        (s - offset + len(prefix), e - offset + len(prefix))
        for s, e in _merge([(s, e) for s, e, _ in spans if s >= offset and e <= offset + len(text)])
    )
    return Excerpt(prefix + text + suffix, highlights, tuple(_merge([(s, e) for s, e, _ in spans])))


def _matching_neighbour(scores: list[float], edge: int, step: int) -> int | None:
    """The sentence next to ``edge`` on the side of ``step`` if it matches, else the one
    after it if that does; None for neither."""
    for i in (edge + step, edge + 2 * step):
        if not 0 <= i < len(scores):
            return None
        if scores[i] > 0:
            return i
    return None


def _starts_sentence(start: int, sentences: list[tuple[int, int]]) -> bool:
    i = bisect_left(sentences, (start,))  # sentences come in order, and do not overlap
    return i < len(sentences) and sentences[i][0] == start


def _ends_sentence(end: int, sentences: list[tuple[int, int]]) -> bool:
    i = bisect_left(sentences, end, key=lambda sentence: sentence[1])
    return i < len(sentences) and sentences[i][1] == end


def _window(
    paragraph: str,
    start: int,
    end: int,
    spans: list[tuple[int, int, str]],
    cues: list[tuple[int, int]],
    size: int,
) -> tuple[int, int]:
    """The ``size``-character stretch of paragraph[start:end] that holds a whole
    answer cue if one fits (the place at the end of a long sentence is what was asked),
    then the most matched terms; shrunk to whole words."""
    inside = sorted({s for s, e, _ in spans if s >= start and e <= end})
    cues = [(s, e) for s, e in cues if start <= s and e <= end and e - s <= size]
    anchors = [start] + [max(start, s - size // 4) for s in inside] + [max(start, e - size) for _, e in cues]
    ordered = sorted(cues)
    cue_starts = [s for s, _ in ordered]
    # The earliest end of the cues starting at or after each cue: whether a window holds
    # a whole cue is one bisection.
    first_ends = [e for _, e in ordered]
    for i in range(len(first_ends) - 2, -1, -1):
        first_ends[i] = min(first_ends[i], first_ends[i + 1])

    def value(anchor: int) -> tuple[bool, int]:
        first = bisect_left(cue_starts, anchor)
        holds_cue = first < len(ordered) and first_ends[first] <= anchor + size
        return holds_cue, bisect_left(inside, anchor + size) - bisect_left(inside, anchor)

    best_from = max(anchors, key=value)  # the first of equals: the earliest anchor
    w_start = best_from
    w_end = min(end, w_start + size)
    if w_end - w_start < size:  # near the end: use the room before
        w_start = max(start, w_end - size)
    if w_start > start and paragraph[w_start - 1].isalnum():
        w_start = _next_word_start(paragraph, w_start, w_end)
    if w_end < end and paragraph[w_end].isalnum():
        w_end = _previous_word_end(paragraph, w_start, w_end)
    return w_start, w_end


def _next_word_start(text: str, i: int, limit: int) -> int:
    while i < limit and not text[i].isspace():
        i += 1
    while i < limit and text[i].isspace():
        i += 1
    return i


def _previous_word_end(text: str, start: int, i: int) -> int:
    while i > start and not text[i - 1].isspace():
        i -= 1
    while i > start and text[i - 1].isspace():
        i -= 1
    return i


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
