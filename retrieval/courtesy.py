"""A question without the courtesies around it ("halo, ...", "..., terima kasih") and
without the phrase that asks for the news on it ("berita tentang ...").

People greet a chat bot, address it ("min", "kak") and thank it in the same message as
their question. Those words are no part of what they ask: read as concepts, they are
words no passage holds, and the no-answer decision refuses a question the archive does
answer. Only a run of courtesies at the start, or one after the question's last
punctuation, is taken off, so a question about thanks ("Siapa yang mengucapkan terima
kasih kepada ASN?") keeps its words; and the word a user calls the bot by at the very
end ("... oku timur kak?"). The phrases are in ``retrieval/data/courtesies.txt`` and
``retrieval/data/address_words.txt``, the particles around the latter in
``address_particles.txt``, the words that may trail thanks in ``thanks_trailers.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from retrieval.language import load_language, word_alternatives
from retrieval.regex_marks import ignorecase_lowered

# Between courtesies, or between them and the question: spaces and the punctuation of
# address ("halo, kak! ...", "... ? makasih ya 🙏").
_GAP = r"[\s,.!:;\-–—~]*"


def _tail(trailers: Sequence[str]) -> str:
    """What may trail the thanks: the words of ``trailers`` (thanks_trailers.txt: "ya",
    "banyak", "so much"), emoji and punctuation."""
    return rf"(?:\s+(?:{word_alternatives(trailers)}))*[\s.!?~\W]*$"


@lru_cache(maxsize=8)
def _addressed(words: tuple[str, ...], any_case: bool, particles: tuple[str, ...]) -> re.Pattern[str]:
    """A question's end that calls the bot by a word of ``words`` (its ``particles`` too,
    address_particles.txt: "... ya kak?", "... kak ya"): "... selatan ya kak?" ends
    "selatan?". The word typed in lower case, or capitalised after a particle typed so
    ("... ya Kak?"): capitalised after a name it ends the name ("Big Bang", "Kim Min").
    ``any_case``: a question typed all in capitals, whose capitals say nothing."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    either = f"(?:{word_alternatives(particles)})"
    tail = rf"(?:\s+{either})*(?=[\s.!?~\W]*$)"
    if any_case:
        return re.compile(rf"(?:\s+{either})*\s+(?:{alternatives}){tail}", re.IGNORECASE)
    lower = rf"(?:\s+{either})*\s+(?-i:{alternatives}){tail}"
    after_particle = rf"(?:\s+(?-i:{either}))+\s+(?:{alternatives}){tail}"
    return re.compile(rf"{after_particle}|{lower}", re.IGNORECASE)


def _phrase(phrase: str) -> str:
    """``phrase`` as a pattern, its words apart by any spaces."""
    return "(?:" + re.escape(phrase).replace(r"\ ", r"\s+") + ")"


@lru_cache(maxsize=8)
def _patterns(
    phrases: tuple[str, ...], question_starts: tuple[str, ...] = (), asking: tuple[str, ...] = (), trailers: tuple[str, ...] = ()
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    alternatives = "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))
    # At the start, each followed by punctuation, by a word in lower case or by a word a
    # question opens with: "Halo Bandung" is a song, "halo bandung ...", "halo, Bandung
    # ..." and "Tanya Siapa ..." a greeting or a request before the question.
    starts = "".join(rf"|{_phrase(w)}\b" for w in question_starts)
    courtesy = rf"(?:{alternatives})(?:\s*[,.!:;\-–—~]+\s*|\s+(?=(?-i:[a-z]){starts})|\s*$)"
    # An asking opener only before punctuation or a question word: "info siapa ...", not
    # "info palsu apa ...".
    if asking and question_starts:
        openers = "|".join(_phrase(p) for p in sorted(asking, key=len, reverse=True))
        courtesy += rf"|(?:{openers})(?:\s*[,.!:;\-–—~]+\s*|\s+(?={starts[1:]}))"
    leading = re.compile(rf"^\s*(?:{courtesy})+", re.IGNORECASE)
    # At the end only after the question's own punctuation: "..., terima kasih", "...? thanks".
    trailing = re.compile(rf"(?<=[,.!?;:])\s*(?:(?:{alternatives}){_GAP})+{_tail(trailers)}", re.IGNORECASE)
    return leading, trailing


def without_courtesies(
    text: str,
    phrases: Iterable[str],
    address_words: Iterable[str] = (),
    question_starts: Iterable[str] = (),
    asking: Iterable[str] = (),
    particles: Iterable[str] | None = None,
    trailers: Iterable[str] | None = None,
) -> str:
    """``text`` without the courtesies at its start and after its last punctuation, and
    without a word of ``address_words`` calling the bot at its very end ("... kak?");
    ``text`` itself when nothing would be left (a message of courtesies only is small
    talk, which the front ends answer before searching). ``question_starts``: words a
    question opens with ("siapa"), which end a leading courtesy whatever their case
    ("Tanya Siapa ..."). ``asking``: openers taken off only before one of them or
    punctuation ("info siapa ..."). ``particles`` (around an address word) and
    ``trailers`` (after the thanks): the bundled language's address_particles.txt and
    thanks_trailers.txt when not given."""
    if particles is None:
        particles = load_language().address_particles
    if trailers is None:
        trailers = load_language().thanks_trailers
    leading, trailing = _patterns(tuple(phrases), tuple(question_starts), tuple(asking), tuple(trailers))
    # Typed in capitals, a courtesy is followed by no lower-case word: looked for in the
    # text in small letters ("TOLONG JELASKAN ..." is "tolong jelaskan ...").
    probe = ignorecase_lowered(text) if text.isupper() else text  # of the same length: "İ" as "i"
    found = leading.match(probe)
    stripped = trailing.sub("", text[found.end() :] if found else text, count=1)
    words = tuple(address_words)
    if words:
        stripped = _addressed(words, stripped.isupper(), tuple(particles)).sub("", stripped, count=1)
    stripped = stripped.strip()
    return stripped if any(c.isalnum() for c in stripped) else text


@lru_cache(maxsize=8)
def _opener(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alternatives})\b[\s,.!:;\-–—~]*", re.IGNORECASE)


def without_topic_opener(text: str, openers: Iterable[str], kept: Collection[str] = ()) -> str:
    """``text`` without a phrase of ``openers`` at its start ("berita tentang", "news
    about"), whatever follows it: a name ("berita tentang Diana") as much as a lower-case
    word, unlike a greeting ("Halo Bandung" is a song). Nothing when nothing follows
    ("berita tentang?" asks about nothing, and is refused: left whole, "berita" found the
    dateline of KANTOR-BERITA.COM). The opener's words of ``kept`` stay, before the rest:
    "berita terbaru tentang Muba" asks for the latest ("terbaru Muba"), which the
    answers' order and the age note read."""
    phrases = tuple(openers)
    if not phrases:
        return text
    found = _opener(phrases).match(text)
    rest = text[found.end() :] if found else text
    if not any(c.isalnum() for c in rest):
        return ""
    staying = [word for word in found.group().split() if word.lower() in kept] if found else []
    return " ".join([*staying, rest]) if staying else rest


def opener_words(text: str, openers: Iterable[str]) -> tuple[str, ...] | None:
    """The words of the phrase of ``openers`` that ``text`` opens with (the longest);
    None when it opens with none."""
    phrases = tuple(openers)
    found = _opener(phrases).match(text) if phrases else None
    return tuple(found.group().lower().split()) if found else None
