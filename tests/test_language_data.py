"""The data files under retrieval/data/ and the fingerprint that keys the index cache.

Language.fingerprint hashes the files of DATA_FILES; the analyzer's version holds it, and
the index cache is keyed by that version, so an edited word list rebuilds the index. A
file read when the corpus is indexed must be among them, or an edit to it reaches only
the articles indexed after it (time_zones.tsv dates the news pages and PDFs of the
corpus as they are read, and was left out until this was checked).
"""

from __future__ import annotations

from importlib import resources

import pytest

from retrieval import language as language_module
from retrieval.language import DATA_FILES, data_fingerprint, load_language

# The files read by their own loaders, at question time or when an article is added,
# never into what the index caches: an edit to one is read at the next start, and needs
# no rebuild. A new file read while indexing goes into DATA_FILES instead.
OUTSIDE_THE_INDEX = {
    "confidence.json": "retrieval/confidence.py: the no-answer model, at question time",
    "dictionary_en_id.tsv": "retrieval/english.py: English questions",
    "dictionary_en_id.LICENSE": "the dictionary's licence",
    "english_irregular.tsv": "retrieval/english.py: the lemmatiser, English questions",
    "english_suffixes.tsv": "retrieval/english.py: the lemmatiser, English questions",
    "ordinal_words.tsv": "retrieval/editions.py: at question time",
    "year_words.txt": "retrieval/editions.py, retrieval/places.py: at question time",
    "succession_words.tsv": "retrieval/succession.py: at question time",
    "tracking_parameters.txt": "retrieval/ingest.py: addresses as `tanya add` stores and compares them",
}


def data_files() -> set[str]:
    return {entry.name for entry in resources.files("retrieval").joinpath("data").iterdir() if entry.is_file()}


def test_every_data_file_is_fingerprinted_or_read_outside_the_index():
    assert data_files() == set(DATA_FILES) | set(OUTSIDE_THE_INDEX)
    assert not set(DATA_FILES) & set(OUTSIDE_THE_INDEX)
    assert len(DATA_FILES) == len(set(DATA_FILES))


def edited(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The data file ``name`` read with one more comment line."""
    read = language_module._read
    monkeypatch.setattr(language_module, "_read", lambda asked: read(asked) + ("\n# edited\n" if asked == name else ""))


@pytest.mark.parametrize("name", DATA_FILES)
def test_editing_any_fingerprinted_file_changes_the_fingerprint(monkeypatch, name):
    before = data_fingerprint()
    edited(monkeypatch, name)
    assert data_fingerprint() != before


def test_editing_the_time_zones_changes_the_languages_fingerprint(monkeypatch):
    # time_zones.tsv is read by retrieval/time_zones.py, not into Language; its edit
    # still changes the fingerprint, hence the analyzer's version and the index cache.
    assert "time_zones.tsv" in DATA_FILES
    before = load_language().fingerprint
    assert data_fingerprint() == before
    edited(monkeypatch, "time_zones.tsv")
    assert load_language.__wrapped__().fingerprint != before  # a fresh read, the shared one untouched


def test_the_endings_read_apart_are_endings_the_stemmer_cuts():
    language = load_language()
    assert language.question_endings and set(language.question_endings) <= set(language.particles)
    assert language.pointing_endings and set(language.pointing_endings) <= set(language.particles)
    assert language.without_question_ending("berapakah") == "berapa"
    assert language.without_question_ending("berapapun") == "berapapun"
    assert language.without_pointing_ending("penggantinya") == "pengganti"
    assert language.without_pointing_ending("pengganti") == "pengganti"


def test_a_data_file_of_one_word_holds_one(monkeypatch):
    edited(monkeypatch, "ordinal_prefix.txt")
    assert language_module._one_word("ordinal_prefix.txt") == "ke"
    read = language_module._read
    monkeypatch.setattr(language_module, "_read", lambda asked: read(asked) + ("se\n" if asked == "ordinal_prefix.txt" else ""))
    with pytest.raises(ValueError, match="ordinal_prefix.txt"):
        language_module._one_word("ordinal_prefix.txt")
