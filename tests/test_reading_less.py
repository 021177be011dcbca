"""The answer path reads only what its decision reaches, and finds what reading
everything would: the ranking judged lazily orders and bounds the candidates as judging
them all does, and the place rule reading names only near the place's first word finds
the same names as reading each whole text."""

from __future__ import annotations

import pytest

from retrieval.analysis import Analyzer
from retrieval.evaluate import load_seed_questions
from retrieval.library import Library
from retrieval.chunking import DATELINE_WITHIN
from retrieval.places import (
    OFFICE,
    PlaceName,
    first_word_forms,
    _dateline_places,
    _long_form,
    _long_names,
    _province,
    _surely_a_place_name,
    _names,
    _names_near,
    _needles,
    _same_place,
    name_runs,
    named_places,
    names_place,
)
from retrieval.ranking import judge
from retrieval.search import RIVALS, Searcher

from test_articles import SEED_QUESTIONS


def _asked(searcher: Searcher):
    for question in load_seed_questions(SEED_QUESTIONS):
        analyzed = searcher.analyze(question.question)
        if analyzed.concepts:
            yield analyzed, searcher.candidates(analyzed, searcher.parameters.candidates)


def test_the_lazy_ranking_places_and_bounds_as_judging_every_candidate(searcher):
    """Each position, its runner-up and the best coverage of the first ten besides it,
    asked first (as the decision asks them), are those of the fully judged order."""
    compared = 0
    for analyzed, hits in _asked(searcher):
        ranked = searcher.rank(analyzed, hits)
        every = judge(searcher.ranking_candidates(analyzed, hits), analyzed, ranked.weights, searcher.analyzer, searcher.parameters)
        ranking = ranked.ranking
        for position, expected in enumerate([*every, None]):
            assert ranking.get(position) == expected
            if expected is not None:
                others = max((j.coverage for j in every[:RIVALS] if j is not expected), default=0.0)
                assert ranking.best_coverage(RIVALS, besides=expected.passage) == others
        assert list(ranked.judged) == every
        compared += len(every)
    assert compared


def test_a_refused_question_leaves_most_candidates_unread(seed_corpus):
    """A question no article answers is refused at its first passage: the candidates
    that could not outscore it are never searched for their cues."""
    searcher = Searcher(Library.from_corpus(seed_corpus))  # no passage read before
    # No year: one no article writes would leave no candidates at all (filter_years).
    analyzed = searcher.analyze("Siapa juara lomba layang-layang di Bengkulu?")
    hits = searcher.candidates(analyzed, searcher.parameters.candidates)
    ranked = searcher.rank(analyzed, hits)
    assert searcher.decide(analyzed, ranked) == []
    read = [a for a in ranked.analysed.values() if a._cues]
    assert len(hits) > 3 and len(read) < len(hits) / 2


TEXTS = [
    "Plt Sekda Kab. Rejang Lebong, Budi, hadir.",
    "Kota. Lebong disebut, lalu (Lebong) dan Lebong-Selatan.",
    "Pemkab Muba, Musi Banyuasin dan Kabupaten Musi Banyuasin; juga Muba.",
    "Rp 1.500 Lebong: 30/9 Lebong, 1,5 Lebong/Rejang Lebong.",
    "Gubernur Bengkulu Selatan Rohidin dan Wali Kota Tasikmalaya Bubun Bunyamin.",
    "“Kata Bupati Lebong,” ujar Kepala Desa Sido Urip di Kecamatan Lebong Utara.",
    "Di lebong yang kecil, Lebong Regency mengadakan rapat _Lebong_ ke-56.",
]


def _places(analyzer: Analyzer, texts: list[str]) -> set[PlaceName]:
    """The places the seed questions name, and every name of ``texts`` as a place."""
    places = {p for q in load_seed_questions(SEED_QUESTIONS) for p in named_places(q.question, analyzer)}
    for text in texts:
        for run in name_runs(text, analyzer):
            if name := _long_form(run.words, analyzer):
                places.add(PlaceName(run.kind or "city", name))
    return places


def test_names_read_near_the_place_are_those_of_the_whole_text(analyzer, seed_corpus):
    texts = TEXTS + [t for d in seed_corpus.documents for t in (d.title, *d.paragraphs)]
    compared = 0
    for place in sorted(_places(analyzer, texts), key=str):
        needles = _needles([place], analyzer, with_kinds=False)
        forms = first_word_forms(place, analyzer.language)
        for text in texts:
            whole = _names(text, needles, analyzer)
            near = _names_near(text, needles, forms, analyzer)
            assert all(name in whole for name in near), (place, text)
            assert [n for n in whole if place.name[0] in n[0]] == [n for n in near if place.name[0] in n[0]], (place, text)
            named = any(_same_place(name, kind, place, analyzer.language) for name, kind in whole)
            assert names_place(place, text, [text, ""], analyzer, needles, [0]) is named
            compared += bool(whole)
    assert compared


def test_a_search_made_wider_ahead_gives_the_hits_of_each_width(searcher, monkeypatch):
    """Searcher.retrieve with a reach (a period question's search, which its filters
    mostly widen): its hits are those a search of their width gives, and the wider
    search then asked is the one already made, not made again."""
    library = searcher.library
    searches = []
    top = library.index.top
    monkeypatch.setattr(library.index, "top", lambda terms, k=10: searches.append(k) or top(terms, k))
    compared = 0
    for question in load_seed_questions(SEED_QUESTIONS):
        analyzed = searcher.analyze(question.question)
        if not analyzed.terms:
            continue
        ahead, alone = Searcher(library), Searcher(library)
        searches.clear()
        narrow = ahead.retrieve(analyzed, 10, reach=40)
        assert narrow == alone.retrieve(analyzed, 10), question.question
        assert ahead.retrieve(analyzed, 40) == Searcher(library).retrieve(analyzed, 40), question.question
        assert searches == [40, 10, 40]  # ahead's one search, then alone's and the last's
        compared += 1
    assert compared


def _surely_a_place_name_reading_every_text(name, article, analyzer):
    """places._surely_a_place_name as it read before: every text's names."""
    language = analyzer.language
    if _province(name, language) is not None or any(name[: len(long_form)] == long_form for long_form, _ in language.long_forms):
        return True
    if any(name[: len(place)] == place for place in _dateline_places(article[1 : 1 + DATELINE_WITHIN], analyzer)):
        return True
    return any(kind not in (None, OFFICE) and name[: len(written)] == written for text in article for written, kind in _long_names(text, analyzer))


def test_a_rival_office_place_is_told_alike_reading_only_the_texts_that_write_its_first_word(analyzer, seed_corpus):
    """The rule that a rival office's place is surely a place (another_places_office)
    reads only the texts of its article that write a form of the name's first word, and
    tells every name alike: each name the seeds write (run on into the next word, as a
    holder's name runs on, and cut short), over every seed article and a few written
    otherwise (an abbreviation, a hyphen, a province's short form, beyond ASCII)."""
    articles = [(document.title, *document.paragraphs) for document in seed_corpus.documents]
    articles += [
        ("Apel pagi", "Ribuan ASN di lingkungan Pemkab Muba memenuhi Opproom.", "Rapat di Kab. Rejang-Lebong."),
        ("Rapat kerja", "Gubernur Sumut membuka rapat di Kota Medan.", "Warga Kabupaten Bénér Meriah dan Kota İzmir hadir."),
    ]
    names = {written for article in articles for text in article for written, _ in _long_names(text, analyzer)}
    names |= {(*name, "budi") for name in list(names)} | {name[:1] for name in names}
    told = 0
    for article in articles:
        for name in sorted(names):
            expected = _surely_a_place_name_reading_every_text(name, article, analyzer)
            assert _surely_a_place_name(name, article, analyzer) == expected, (name, article[0])
            told += expected
    assert told
