"""scripts/find_stem_exceptions.py's finders, on word sets small enough to know what each
must find: what a person reads before adding lines to stem_exceptions.tsv."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scripts_import import script

from retrieval.analysis import Analyzer
from retrieval.language import load_language


@pytest.fixture(scope="module")
def finders():
    """The finder script (scripts/find_stem_exceptions.py)."""
    with script("find_stem_exceptions") as module:
        yield module


@pytest.fixture(scope="module")
def snowball_only():
    """The analyzer as the script reads the stemmer: without the exceptions file."""
    return Analyzer(replace(load_language(), stem_exceptions={}))


@pytest.mark.parametrize(
    ("finder", "words", "expected"),
    [
        # A ke-...-an noun of a word Snowball stems otherwise.
        ("ke_noun_mismatches", {"kependudukan", "penduduk"}, [("kependudukan", "nduduk", {"penduduk": ("penduduk",)})]),
        ("ke_noun_mismatches", {"berkekuatan", "kuat"}, [("berkekuatan", "kekuat", {"kuat": ("kuat",)})]),
        # ... and none where the inner word is not written, or stems alike.
        ("ke_noun_mismatches", {"kependudukan"}, []),
        ("ke_noun_mismatches", {"kekuatan", "kuat"}, []),
        # A root opening with "ke", its "ke" taken for the prefix; evidence another form.
        ("ke_root_mismatches", {"kendali", "dikendalikan"}, [("kendali", "ndali", {"kendali": ("dikendalikan",)})]),
        ("ke_root_mismatches", {"kendali"}, []),
        # A nasal prefix whose root only another word attests ("nasihat": a dictionary's).
        ("mismatches", {"penasihat", "nasihat"}, [("penasihat", "tasihat", {"nasihat": ("nasihat",)})]),
    ],
)
def test_a_finder_finds_what_snowball_gets_wrong(finders, snowball_only, finder, words, expected):
    found = [(m.word, m.stem, m.roots) for m in getattr(finders, finder)(words, snowball_only)]
    assert found == expected


def test_the_dictionary_gives_its_indonesian_senses(finders, tmp_path):
    dictionary = tmp_path / "dictionary.tsv"
    dictionary.write_text("# english<TAB>sense...\nadviser\tpenasihat|konsultan pajak\tguru\nbroken line\n", encoding="utf-8")
    assert finders.dictionary_words(dictionary) == {"penasihat", "konsultan", "pajak", "guru"}
