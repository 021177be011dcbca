"""What a text must hold for a regular expression to match in it: a cheap test first.

Most paragraphs are no photo caption, yet each was searched with every caption pattern
(a third of a build's analysis). A pattern whose every match holds a certain character
(the ":" of "Foto:", the "/" of "(Ft/Ist)") cannot match a text without it, and
``char in text`` costs a fraction of a search. The characters are read from the parsed
pattern itself, so the data files stay the only place the patterns are written.

Only ASCII punctuation is taken: it has no other case (a letter would, under
IGNORECASE, and Unicode folds some letters onto others: "ſ" matches "s"). The parser is
the standard library's own (``re._parser``, since Python 3.11); a pattern it cannot be
read by, or a parser that changed its shape, gives no mark, and the pattern is searched
every time, as before.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# The letters a pattern with re.IGNORECASE matches to an ASCII letter that str.lower()
# does not turn into it (the dotted capital I, the dotless i, the long s; every code
# point was tried).
_IGNORECASE_FOLDS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})

try:  # the regular expression parser of the standard library (Python 3.11 on)
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: no marks, every pattern searched
    _sre = _parser = None

# Characters that match only themselves whatever the flags.
_CASELESS = frozenset(string.punctuation + " ")


def ignorecase_key(word: str) -> str:
    """What a word and each form of it a pattern with re.IGNORECASE finds have in common,
    to look a match up by: casefolded, with the letters of :data:`_IGNORECASE_FOLDS` as
    theirs. Lowered alone, "İstanbul" ("i̇stanbul") or "APRİL" is no key of "istanbul"
    or "april", though the pattern found it for them."""
    return word.translate(_IGNORECASE_FOLDS).casefold()


def ignorecase_lowered(text: str) -> str:
    """``text`` lowered, letter for letter (of the same length), with the letters of
    :data:`_IGNORECASE_FOLDS` as theirs: it holds, lowered, every ASCII word a pattern
    with re.IGNORECASE can find in ``text``, so ``word in ignorecase_lowered(text)`` may
    spare the search."""
    return text.translate(_IGNORECASE_FOLDS).lower()


def whole_word(word: str) -> re.Pattern[str]:
    """``word`` (or a phrase) standing as a whole word, in any case: what the evaluation
    looks for in an excerpt and the rules look for in a paragraph ("Wakil" not within
    "Perwakilan")."""
    return re.compile(r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)", re.IGNORECASE)


def required_marks(pattern: re.Pattern[str]) -> str:
    """The characters every match of ``pattern`` holds, in order (empty when none is
    sure, or when the parser reads its probes otherwise than this module expects)."""
    if not _parser_as_expected():
        return ""
    return _marks(pattern)


def _marks(pattern: re.Pattern[str]) -> str:
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        found = "".join(sorted(_required(list(parsed)) & _CASELESS))
    except Exception:  # noqa: BLE001 - any surprise from a private parser: no marks
        return ""
    # A mark is written in the pattern itself; one that is not would be a misreading.
    return found if all(mark in pattern.pattern for mark in found) else ""


# Patterns whose marks are known: a parser that changed its output's shape without
# failing reads them otherwise, and then no marks are used (every pattern searched).
_PROBES = ((r"(?:a:)+b|c:", ":"), (r"Foto\s*:\s*\w+", ":"), (r"\((?:Ft|Foto)/\w+\)", "()/"), (r"[:/]x?", ""))


@lru_cache(maxsize=1)
def _parser_as_expected() -> bool:
    return _parser is not None and all(_marks(re.compile(probe)) == marks for probe, marks in _PROBES)


def _required(items: list[tuple[Any, Any]]) -> set[str]:
    """The characters every match of the parsed sequence ``items`` holds."""
    found: set[str] = set()
    for op, value in items:
        if op is _sre.LITERAL:
            found.add(chr(value))
        elif op is _sre.SUBPATTERN:  # (group, added flags, removed flags, items)
            found |= _required(list(value[3]))
        elif op is _sre.ATOMIC_GROUP:
            found |= _required(list(value))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):  # (least, most, items)
            if value[0] >= 1:
                found |= _required(list(value[2]))
        elif op is _sre.BRANCH:  # (None, alternatives): what every alternative holds
            alternatives = [_required(list(branch)) for branch in value[1]]
            found |= set.intersection(*alternatives) if alternatives else set()
        # Anything else (classes, any character, assertions, back references) holds no
        # character for certain, or only outside the match.
    return found


@dataclass(frozen=True)
class MarkedPatterns:
    """Patterns searched only in texts that hold their marks. ``quick``: one mark of
    each pattern (the last in code point order: any will do), when every pattern has
    one; a text holding none of them is passed over without a look at each pattern."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    quick: str | None

    @classmethod
    def of(cls, patterns: Sequence[re.Pattern[str]]) -> MarkedPatterns:
        marked = tuple((required_marks(pattern), pattern) for pattern in patterns)
        quick = "".join(sorted({marks[-1] for marks, _ in marked})) if all(marks for marks, _ in marked) else None
        return cls(marked, quick)

    def search_any(self, text: str) -> bool:
        """Whether any of the patterns is found in ``text``: ``any(p.search(text))``."""
        if self.quick is not None and not any(map(text.__contains__, self.quick)):
            return False
        for marks, pattern in self.patterns:
            if all(map(text.__contains__, marks)) and pattern.search(text):
                return True
        return False


def either(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that matches where any of ``patterns`` does (their alternation), to
    rule a text out in one call; None when they cannot be joined without changing what
    they match: different flags, a reference to a group (renumbered once joined), or
    flags set inside a pattern."""
    if not patterns or len({pattern.flags for pattern in patterns}) > 1:
        return None
    try:
        if any(_refers(list(_parser.parse(pattern.pattern, pattern.flags))) for pattern in patterns):
            return None
        return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns), patterns[0].flags)
    except Exception:  # noqa: BLE001 - a private parser's surprise, or a pattern that cannot be joined
        return None


def _refers(items: list[tuple[Any, Any]]) -> bool:
    """Whether the parsed sequence ``items`` refers to a group (``\\1``, ``(?P=name)``,
    ``(?(1)...)``)."""
    for op, value in items:
        if op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            return True
        if isinstance(value, (list, tuple)):
            for part in value:
                if isinstance(part, _parser.SubPattern) and _refers(list(part)):
                    return True
                if isinstance(part, (list, tuple)) and any(isinstance(b, _parser.SubPattern) and _refers(list(b)) for b in part):
                    return True
        elif isinstance(value, _parser.SubPattern) and _refers(list(value)):
            return True
    return False
