"""The names a question gives of someone or something in particular ("Apa kata Sisardi
tentang Korpri?"): an article of several paragraphs that never writes one is about
someone else, whatever words it shares with the question. A name of several words
counts as written when one of them is ("Mohammad Rizal" for "Muhammad Rizal").

Five articles on the same topic share nearly every word of "Apa kata Sisardi tentang
Korpri?" but the name: without this, OKU Timur's "Sebagai anggota Korpri, kita harus
netral," ujar Prof. Edwar was shown as what Sisardi said. Places named with their kind
or office are the place check's (:mod:`retrieval.places`); offices, titles, months and
the question's own words are no names.
"""

from __future__ import annotations

from retrieval.analysis import Analyzer, Word
from retrieval.places import name_runs, never_a_name_word


def named_words(text: str, analyzer: Analyzer) -> list[list[Word]]:
    """The words of ``text`` (a question, with its capitals as typed or truecased) that
    may name someone or something, in runs of one name each ("Mohammad Rizal"):
    capitalised, and neither a place's named by its kind or office, nor a stop word,
    question word, office, title, month, weekday or abbreviation (language data).
    Whether the archive writes one as a name is the caller's to ask."""
    in_places = {word for run in name_runs(text, analyzer, offices=True) if run.kind for word in run.words}
    runs: list[list[Word]] = []
    previous: Word | None = None
    for word in analyzer.words(text):
        if text[word.start].isupper() and word.text not in in_places and not never_a_name(word.text, analyzer):
            if runs and previous is not None and runs[-1][-1] is previous and text[previous.end : word.start].isspace():
                runs[-1].append(word)
            else:
                runs.append([word])
        previous = word
    return runs


def never_a_name(word: str, analyzer: Analyzer) -> bool:
    """A word never in a place's name (:func:`places.never_a_name_word`: an office, a
    stop or question word, a month, a weekday), nor in a person's: a capitalised word of
    not_names.txt, an office held for a place, a person's title or an abbreviation."""
    language = analyzer.language
    return (
        never_a_name_word(word, language)
        or word in language.not_names
        or word in language.place_offices
        or word in language.person_titles
        or word in language.abbreviations
    )
