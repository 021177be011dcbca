"""Which side of a succession a question asks about, and which side a passage puts
its holder on.

"Siapa pengganti AKBP Rian Prakoso?" asks who came after Rian Prakoso. The paragraph
"AKBP Rian Prakoso resmi menjabat Kapolres Musi Banyuasin menggantikan AKBP Imam
Santoso" holds every word of the question and a name, but it tells who came before him.
A question naming a person beside a word of succession
(succession_words.tsv) gives that person a role, OLD (held the office first) or NEW (came
after); a passage answers it only if it gives the person that role too, in one of its
sentences ("serah terima jabatan dari AKBP Rian Prakoso kepada AKBP Dedi Kurniadi"). A
passage that gives the person only the other role answers the opposite question.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from retrieval.analysis import Analyzer, Word, normalize
from retrieval.chunking import sentence_spans

OLD = "old"
NEW = "new"
# How many words a holder may stand before the word of succession ("AKBP Rian Prakoso
# resmi menjabat Kapolres Musi Banyuasin menggantikan ...") and after it.
REACH_BEFORE = 8
REACH_AFTER = 4
# How many words next to the word a question's holder is read from ("pengganti AKBP Rian
# Prakoso", "Jenderal Thailand Prawit Wongsuwan").
QUESTION_REACH = 4


@dataclass(frozen=True)
class Succession:
    """What a question asks of a succession: the words of the person it names
    ("rian", "prakoso"), the role it gives them (OLD for "pengganti X"), and the terms
    of its word of succession ("ganti"), which a passage giving that role holds in its
    own words ("serah terima jabatan dari X kepada Y")."""

    holder: frozenset[str]
    role: str
    terms: frozenset[str]


@functools.cache
def succession_words() -> dict[tuple[str, ...], str]:
    """succession_words.tsv: each word or phrase (as words) and its kind."""
    text = resources.files("retrieval").joinpath("data", "succession_words.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {tuple(phrase.lower().split()): kind.strip() for phrase, kind in rows}


def asked_succession(
    question: str,
    analyzer: Analyzer,
    is_name: Callable[[Word], bool],
    held_for: Callable[[Word], bool] = lambda word: False,
    of_an_office: bool = False,
) -> Succession | None:
    """The succession ``question`` asks about: the person named on one side of its
    first word of succession, the question word (or nothing) on the other; None when it
    names no person there (``is_name``: a name's word, not an office's or a title's) or
    has no such word. "Siapa pengganti X?", "Siapa yang menggantikan X?": X is OLD;
    "X menggantikan siapa?", "Siapa pendahulu X?", "Who did X replace?": X is NEW.
    ``held_for``: a word of the office or its place, which may stand before the name
    ("pengganti Kapolres Muba Fajar Nugroho"). ``of_an_office``: the question asks who
    held an office, and "sebelum X", "after X" place X too ("Siapa Kapolres Muba
    sebelum AKBP Fajar Nugroho?"); words typed as in a chat are read as written out
    ("sblm": colloquial_id.tsv)."""
    colloquial = analyzer.language.colloquial
    words = [word._replace(text=colloquial.get(word.text, word.text)) for word in analyzer.words(question)]
    texts = [w.text for w in words]
    kinds = {"active", "passive", "successor", "predecessor"} | ({"earlier", "later"} if of_an_office else set())
    found = _phrases(texts, frozenset(kinds))
    if not found:
        return None
    start, end, kind = found[0]
    before = _holder_words(question, words[:start][::-1], analyzer, is_name)
    after = _holder_words(question, words[end:], analyzer, is_name, held_for)
    if bool(before) == bool(after):  # a name on both sides, or on neither: no one to place
        return None
    holder, side = (before, "before") if before else (after, "after")
    terms = frozenset(t for word in texts[start:end] for t in analyzer.word_terms(word))
    return Succession(frozenset(holder), _role(kind, side), terms)


def gives_role(text: str, succession: Succession, analyzer: Analyzer) -> bool:
    """Whether a sentence of ``text`` puts the asked holder on the asked side of a
    succession (or of a handover, when ``text`` writes one)."""
    folded = normalize(text)
    if not any(word in folded for word in succession.holder):
        return False  # no word of the holder's name: most passages a question reaches, left unread
    kinds = frozenset({"active", "passive", "successor", "predecessor", "from", "to"})
    return any(
        role == succession.role and any(texts[p] in succession.holder for p in positions)
        for role, positions, _, texts in _sides(text, analyzer, kinds)
    )


def names_a_successor(text: str, analyzer: Analyzer) -> bool:
    """Whether a sentence of ``text`` names someone who came after another in a
    succession or a handover: a capitalised word on the NEW side ("serah terima jabatan
    ... kepada AKBP Dedi Kurniadi", "Dedi Kurniadi menggantikan ..."), a title's aside."""
    titles = analyzer.language.person_titles
    return any(
        role == NEW and any(text[words[p].start].isupper() and texts[p] not in titles for p in positions)
        for role, positions, words, texts in _sides(text, analyzer, frozenset({"active", "passive", "to"}))
    )


def _sides(text: str, analyzer: Analyzer, kinds: frozenset[str]) -> Iterator[tuple[str, list[int], list[Word], list[str]]]:
    """Each side of each word of succession of ``kinds`` in ``text`` (a handover's "dari"
    and "kepada" only when ``text`` writes a handover): the role a holder named there
    has, and the positions of its words within reach in the same sentence; with the
    text's words, and their texts."""
    words = analyzer.words(text)
    texts = [w.text for w in words]
    if not _phrases(texts, frozenset({"handover"})):
        kinds -= {"from", "to"}
    sentence_of = _sentence_numbers(text, words, analyzer)
    for start, end, kind in _phrases(texts, kinds):
        reach = {"before": range(max(0, start - REACH_BEFORE), start), "after": range(end, min(len(words), end + REACH_AFTER))}
        for side in ("after",) if kind in ("from", "to") else ("before", "after"):
            yield _role(kind, side), [p for p in reach[side] if sentence_of[p] == sentence_of[start]], words, texts


def _role(kind: str, side: str) -> str:
    """The role of a holder named on ``side`` of a word of ``kind``."""
    if kind in ("successor", "from", "later"):
        return OLD
    if kind in ("predecessor", "to", "earlier"):
        return NEW
    if kind == "active":
        return NEW if side == "before" else OLD
    return OLD if side == "before" else NEW  # passive


def _phrases(texts: Sequence[str], kinds: frozenset[str]) -> list[tuple[int, int, str]]:
    """Each word or phrase of succession_words.tsv of ``kinds`` among ``texts``, as
    (first word, the word after it, kind), in order; a longer phrase before a shorter."""
    table = {phrase: kind for phrase, kind in succession_words().items() if kind in kinds}
    longest = max((len(p) for p in table), default=0)
    found = []
    i = 0
    while i < len(texts):
        for size in range(min(longest, len(texts) - i), 0, -1):
            kind = table.get(tuple(texts[i : i + size]))
            if kind is not None:
                found.append((i, i + size, kind))
                i += size - 1
                break
        i += 1
    return found


def _holder_words(
    text: str, words: Sequence[Word], analyzer: Analyzer, is_name: Callable[[Word], bool], held_for: Callable[[Word], bool] = lambda word: False
) -> list[str]:
    """The words of a person named among the first QUESTION_REACH of ``words`` (read
    away from the word of succession), up to a question word or a word in lower case
    ("sebelum Andi Saputra menjabat Plh"), after the office and place it is held for
    (``held_for``: "pengganti Kapolres Muba Fajar Nugroho"); none unless every one is
    a name's (``is_name``): "pengganti Kepala SMA Negeri 1 Sekayu" names an office,
    whose holders any succession of it answers."""
    language = analyzer.language
    held: list[Word] = []
    for word in words[:QUESTION_REACH]:
        if (word.text,) in language.question_words:
            break
        if word.text in language.stopwords:
            if held:  # the name ends: "Rian Prakoso as police chief"
                break
            continue
        if not held and held_for(word):
            continue
        if held and text[word.start : word.end].islower():
            break  # the name ends: "Andi Saputra menjabat"
        if word.text not in language.person_titles:
            held.append(word)
    return [w.text for w in held] if held and all(is_name(w) for w in held) else []


def _sentence_numbers(text: str, words: Sequence[Word], analyzer: Analyzer) -> list[int]:
    """The number of the sentence each of ``words`` stands in."""
    ends = [end for _, end in sentence_spans(text, analyzer.language)]
    numbers = []
    sentence = 0
    for word in words:
        while sentence < len(ends) - 1 and word.start >= ends[sentence]:
            sentence += 1
        numbers.append(sentence)
    return numbers
