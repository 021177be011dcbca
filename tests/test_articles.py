"""An article as the index sees it (retrieval/articles.py): what its postings tell must be
what reading its texts finds, on the seeds built and loaded and on articles with
captions, hyphenated and abbreviated names, and headlines their paragraphs lack."""

from __future__ import annotations

import numpy as np
import pytest

from dataclasses import replace
from pathlib import Path

from retrieval.analysis import Analyzer
from retrieval.articles import ArticleIndex
from retrieval.chunking import caption_count, caption_text
from retrieval.corpus import Document
from retrieval.evaluate import load_seed_questions
from retrieval.library import Library
from retrieval.place_filter import PlaceFilter
from retrieval.places import OFFICE, PlaceName, about_another_place, named_places, names_place, naming_term_sets, naming_terms, place_needles
from retrieval.ranking import Ranking, judge
from retrieval.search import Searcher
from retrieval.store import open_library

SEED_QUESTIONS = Path(__file__).resolve().parent / "data" / "seed_questions.jsonl"

ARTICLES = [
    Document(
        "rejang",
        "Rakor ASN Rejang-Lebong",
        None,
        None,
        (
            "Rapat dipimpin Sekda Kab. Rejang Lebong, Yusran Fauzi.",
            "Herwan Antoni menjabat dua bulan sebagai Aparatur Sipil Negara (ASN).",
            "Foto: Humas Pemkab Lebong",
        ),
    ),
    Document("muba", "Ribuan ASN", None, None, ("Ribuan ASN di lingkungan Pemerintah Kabupaten Muba memenuhi Opproom.", "Apel dipimpin Sekda.")),
    Document(
        "lebong",
        "Plt Sekda Lebong…",
        None,
        None,
        ("Plt Sekda Kabupaten Lebong memimpin apel pagi.", "Apel digelar di halaman kantor bupati.", "Para ASN hadir. Foto: Renald/Bengkuluekspress"),
    ),
    # A headline cut off mid-word (as FacQA's are), held by its paragraph.
    Document("cut", "Wali Kota Bengkulu Helmi Hasan membuka festival tabot di lapa", None, None, (
        "Wali Kota Bengkulu Helmi Hasan membuka festival tabot di lapangan Merdeka.",
        "Festival berlangsung tujuh hari di Kota Bengkulu.",
    )),
    Document("lone", "Apel ASN", None, None, ("Sekda menyebut ada 2.000 ASN yang ikut apel di Kabupaten Lebong.",)),
    # An office's place named whole only in its last paragraph; its first words alone before.
    Document("office", "Rapat kerja", None, None, (
        "Rapat digelar di Rejang, desa di pinggir kota.",
        "Pjs Bupati Rejang Lebong Herwan Antoni memimpin rapat.",
    )),
    # A place named only in a photo credit, which the index leaves out.
    Document("credit", "Apel pagi", None, None, ("Apel digelar di halaman kantor.", "Para ASN hadir. (Foto: Kab Lebong/Renald)")),
]

QUESTIONS = [
    "Siapa Plt Sekda Kabupaten Lebong?",
    "Berapa ASN di Pemkab Muba?",
    "Siapa Sekda Kabupaten Rejang-Lebong?",
    "Kapan festival tabot di Kota Bengkulu?",
    "Siapa Pjs Bupati Bengkulu Selatan?",
    "Berapa ASN di Provinsi Bengkulu?",
    "Siapa Pjs Bupati Rejang Lebong?",
]


@pytest.fixture(scope="module", params=["built", "loaded"])
def library(request, seed_corpus, seeds_dir, tmp_path_factory) -> Library:
    if request.param == "built":
        return Library.build([*seed_corpus.documents, *ARTICLES])
    return open_library(seeds_dir, tmp_path_factory.mktemp("index"))


def _read_terms(library: Library, owner: int) -> set[str]:
    """Every term of an article's headline and paragraphs, read from the texts; of its
    photo captions, what they say, their credits aside ("Foto:Kholid/...")."""
    analyzer = library.analyzer
    document = library.passages.documents[owner]
    captions = caption_count(document.paragraphs)
    paragraphs = document.paragraphs[: len(document.paragraphs) - captions]
    said = [caption_text(caption) for caption in document.paragraphs[len(paragraphs) :]]
    return {t for text in (document.title, *paragraphs, *said) for t in analyzer.terms(text)}


def test_an_articles_terms_are_those_its_texts_hold(library):
    articles = ArticleIndex(library)
    everything = set(library.index.vocabulary) | {"tidakadadimanapun"}
    for owner in range(len(library.passages.documents)):
        expected = _read_terms(library, owner)
        assert articles.terms_held(owner, everything | expected) == expected


def test_a_passages_own_terms_are_those_its_text_holds(library):
    """None for a caption (indexed less its credit and what the article said); for any
    other passage, its own text's terms, its headline's taken off."""
    articles = ArticleIndex(library)
    analyzer = library.analyzer
    everything = set(library.index.vocabulary)
    passages = list(range(len(library.passages)))
    texts = [library.passages.texts[p] for p in passages]
    own = articles.own_terms(passages, texts, everything | {t for text in texts for t in analyzer.terms(text)})
    captions = 0
    for passage, text, terms in zip(passages, texts, own):
        if passage in articles.captions(articles.passages(int(library.passages.owners[passage]))):
            assert terms is None
            captions += 1
        else:
            assert terms == set(analyzer.terms(text))
    assert captions  # the seeds and ARTICLES have some


def test_own_terms_read_from_a_frequency_matrix_are_those_read_term_by_term(library):
    """The answer path hands own_terms the counts it read for the candidates' summands."""
    articles = ArticleIndex(library)
    asked = set(library.index.vocabulary) | {"tidakadadimanapun"}
    passages = list(range(len(library.passages)))
    texts = [library.passages.texts[p] for p in passages]
    counts = library.index.frequency_matrix(sorted(asked), np.asarray(passages, dtype=np.int64))
    assert articles.own_terms(passages, texts, asked, counts=counts) == articles.own_terms(passages, texts, asked)


def test_the_place_rule_reads_only_what_may_name_the_place(library):
    """The same verdict reading every paragraph and only those the index says may name
    the place, for every question and article; and the latter reads fewer."""
    articles = ArticleIndex(library)
    analyzer = library.analyzer
    skipped = 0
    for question in QUESTIONS:
        places = tuple(named_places(question, analyzer))
        assert places, question
        for owner, document in enumerate(library.passages.documents):
            may_name = [articles.may_name(owner, place) for place in places]
            full = about_another_place(places, document.title, document.paragraphs, analyzer)
            assert about_another_place(places, document.title, document.paragraphs, analyzer, may_name) == full, (question, document.doc_id)
            skipped += sum(len(document.paragraphs) - len(m) for m in may_name if m is not None)
    assert skipped


@pytest.mark.parametrize(
    ("place", "words"),
    [
        (PlaceName("regency", ("lebong",)), {"lebong"}),
        # Named by its abbreviation too ("Pemkab Muba").
        (PlaceName("regency", ("musi", "banyuasin")), {"musi", "muba"}),
        # A stop word yields no term of its own: the article is read.
        (PlaceName("regency", ("di", "lebong")), None),
    ],
)
def test_naming_terms(place, words):
    analyzer = Analyzer()
    expected = None if words is None else {analyzer.stem(w) for w in words}
    assert naming_terms(place, analyzer) == expected


@pytest.mark.parametrize(
    ("place", "words"),
    [
        (PlaceName("regency", ("rejang", "lebong")), [{"rejang"}]),
        # An office's place is named whole ("Bupati Rejang Lebong"): every word tells.
        (PlaceName(OFFICE, ("rejang", "lebong")), [{"rejang"}, {"lebong"}]),
        (PlaceName(OFFICE, ("musi", "banyuasin")), [{"musi", "muba"}, {"banyuasin", "muba"}]),
        # A stop word tells nothing: the other words still do, or nothing does.
        (PlaceName(OFFICE, ("di", "lebong")), [{"lebong"}]),
        (PlaceName("regency", ("di", "lebong")), None),
    ],
)
def test_naming_term_sets(place, words):
    analyzer = Analyzer()
    expected = None if words is None else tuple(frozenset(analyzer.stem(w) for w in group) for group in words)
    assert naming_term_sets(place, analyzer) == expected


def test_the_ranker_judges_alike_from_the_index_and_from_the_texts(library):
    """Told a candidate's terms by the index or reading them from its text, the ranker
    scores and orders the seed questions' candidates alike (its terms aside: from the
    index, only the question's)."""
    searcher = Searcher(library)
    compared = 0
    for question in load_seed_questions(SEED_QUESTIONS):
        analyzed = searcher.analyze(question.question)
        if not analyzed.concepts:
            continue
        hits = searcher.candidates(analyzed, searcher.parameters.candidates)
        weights = searcher.rank(analyzed, hits).weights
        candidates = searcher.ranking_candidates(analyzed, hits)
        # The ranker's own order (the answer path may move an office's holder first after it).
        told = Ranking(candidates, analyzed, weights, library.analyzer, searcher.parameters).all()
        read = judge([replace(c, own=None) for c in candidates], analyzed, weights, library.analyzer, searcher.parameters)
        assert [replace(j, terms=frozenset()) for j in told] == [replace(j, terms=frozenset()) for j in read]
        asked = frozenset().union(*analyzed.concepts)
        assert [j.terms & asked for j in told] == [j.terms & asked for j in read]
        compared += len(read)
    assert compared


class ReadingEveryArticle(PlaceFilter):
    """The place filter without the index's word that an article names no place."""

    def _names_nowhere(self, owner: int, place: PlaceName) -> bool:
        return False


def test_an_article_told_to_name_no_place_names_none_read_whole(library):
    """PlaceFilter._names_nowhere, told by the index and the headline: an article of
    several paragraphs it says names neither a place nor a shorter place of its first
    words (an office's place read short) names none when every paragraph is read, and
    the filter's verdicts are those of one that reads such articles."""
    searcher = Searcher(library)
    told = searcher.place_filter
    reading = ReadingEveryArticle(library, ArticleIndex(library), told._known_word, told._unknown_word)
    analyzer = library.analyzer
    questions = [*QUESTIONS, *(q.question for q in load_seed_questions(SEED_QUESTIONS))]
    nowhere = compared = 0
    for question in questions:
        places = told.places(searcher.analyze(question))
        if not places:
            continue
        for owner, document in enumerate(library.passages.documents):
            assert told.article_about_another_place(owner, places) == reading.article_about_another_place(owner, places), (question, document.doc_id)
            compared += 1
            for place in places:
                if len(document.paragraphs) < 2 or not told._names_nowhere(owner, place):
                    continue
                nowhere += 1
                needles = place_needles((place,), analyzer)
                for size in range(1, len(place.name) + 1):
                    shorter = replace(place, name=place.name[:size])
                    assert not names_place(shorter, document.title, document.paragraphs, analyzer, needles), (question, document.doc_id)
    assert nowhere and compared > nowhere
