"""Questions to cited answers over the seeds: ranking cases, refusals, excerpts."""

from __future__ import annotations

import re

import pytest

ANSWERED = [
    ("who held the meeting in OKU Timur", "001_8b19b7e41f79d3d6", "Edwar Juliartha"),
    # "first" matches the regent's own words, which name nobody; the chair is named later.
    ("Who chaired the first coordination meeting of the acting regent of Rejang Lebong?", "000_56970b467c1ddc30", "Yusran Fauzi"),
    ("Siapa Pjs Bupati Rejang Lebong?", "000_56970b467c1ddc30", "Herwan Antoni"),
    ("kapan puncak peringatan hut provinsi bengkulu", "002_a5d4a4758ad8401f", "18 November 2024"),
    ("Di mana pertemuan Pjs Bupati OKU Timur berlangsung?", "001_8b19b7e41f79d3d6", "Aula Bina Praja II"),
    ("Who is the acting governor of Bengkulu?", "002_a5d4a4758ad8401f", "Rosjonsyah"),
    ("sanksi asn yang tidak netral", "003_16e99507f5c9788d", "pemecatan"),
    ("netralitsa asn di muba", "003_16e99507f5c9788d", "netralitas"),
    ("What must Muba civil servants not spread on social media?", "003_16e99507f5c9788d", "hoaks"),
    # The lead names the declaration's day; later paragraphs only the election year.
    ("When did Muba civil servants make their neutrality declaraton?", "003_16e99507f5c9788d", "27 Desember 2023"),
    ("Since when has Rosjonsyah been acting governor of Bengkulu?", "002_a5d4a4758ad8401f", "27 September"),
    ("Since what date has Rosjonsyah been acting governor?", "002_a5d4a4758ad8401f", "27 September"),
    # When a state began: "sejak 27 September" answers, not the meeting's date a paragraph later.
    ("when did Rosjonsyah become acting governor", "002_a5d4a4758ad8401f", "27 September"),
    ("when was Rosjonsyah appointed acting governor", "002_a5d4a4758ad8401f", "27 September"),
    ("Kapan Rosjonsyah menjadi Plt Gubernur Bengkulu?", "002_a5d4a4758ad8401f", "27 September"),
    # ... but asked when the meeting held after it was, the meeting's date.
    ("Kapan Rosjonsyah menggelar rakor setelah ditunjuk menjadi Plt Gubernur?", "002_a5d4a4758ad8401f", "30/9/24"),
    # The speaker named in the paragraph before ("Dikatakannya, ...") weighs less.
    ("What must Muba civil servants avoid according to the Plh Sekda?", "003_16e99507f5c9788d", "menghindari konflik"),
    # The place closes a 480-character sentence: the excerpt's window keeps it whole.
    ("Di mana ASN Pemkab Muba berkumpul untuk deklarasi netralitas?", "003_16e99507f5c9788d", "Opproom Pemkab Muba"),
    # "menurut Plt Gubernur": the sentence "Menurut Rosjonsyah, ..." answers, not the one
    # that names the Plt Gubernur and the HUT.
    ("Apa tujuan HUT Provinsi Bengkulu menurut Plt Gubernr?", "002_a5d4a4758ad8401f", "menampilkan pencapaian"),
    # A place the corpus does not know may be misspelt: it rules no article out.
    ("Siapa Pjs Bupati Kabupaten Bengkulu Selatn?", "004_b8076227a415273f", "Sisardi"),
    ("Who Is The Acting Regent Of Rejang Lebong Regency?", "000_56970b467c1ddc30", "Herwan Antoni"),
    # The kind word between the office and its place: the Pjs Bupati's paragraph, not
    # the Sekda's "Sekda Kab. Rejang Lebong", which held one word more of the question.
    ("Siapa Pjs Bupati Kabupaten Rejang Lebong?", "000_56970b467c1ddc30", "Herwan Antoni"),
    ("Siapa Pjs Bupati Rejang Lebong Sekarang?", "000_56970b467c1ddc30", "Herwan Antoni"),  # no part of the place
    # Typed as people chat: particles, short forms, slang, "sekarang" (lexicon and data files).
    ("siapa sih pjs bupati bs yg skrg", "004_b8076227a415273f", "Sisardi"),
    ("pj bupati muba larang asn nyebarin info apa di medsos?", "003_16e99507f5c9788d", "hoaks"),
    ("rakor pemprov bengkulu tgl 30 september bahas apa aja", "002_a5d4a4758ad8401f", "30/9/24"),
    ("when will the Bengkulu anniversary peak", "002_a5d4a4758ad8401f", "18 November 2024"),
    ("when did Sisardi give the morning assembly briefing", "004_b8076227a415273f", "04 November 2024"),
    ("Why did the OKU Timur acting regent tell his staff to keep working hard?", "001_8b19b7e41f79d3d6", "definitif sedang cuti"),
]

REFUSED = [
    "What is the capital of France?",
    "harga bitcoin hari ini",
    "Berapa gaji Pjs Bupati?",
    "skor pertandingan Persib melawan Persija",
    "cuaca besok di Jakarta",
    "asdfgh qwerty",
    # The one article on Rejang Lebong gives no count; Muba's "Ribuan ASN" is another regency's.
    "Berapa jumlah ASN di Pemkab Rejang Lebong?",
    # Every word is in the Rejang Lebong article, but Lebong is another regency; no article names it.
    "Siapa yang dilantik Rosjonsyah sebagai Plt Sekda Kabupaten Lebong?",
    # Typed in lower case: "se-Sumatera Selatan" shows it is a name, whose governor no article names.
    "siapa penjabat gubernur sumatera selatan",
    # No regency is named Bengkulu: Bengkulu Selatan's regent is another's.
    "Siapa Bupati Kabupaten Bengkulu?",
]


@pytest.mark.parametrize(("question", "doc_id", "answer"), ANSWERED)
def test_first_answer_cites_the_article_that_answers(searcher, question, doc_id, answer):
    result = searcher.ask(question)
    assert result.found
    first = result.answers[0]
    assert first.doc_id == doc_id
    assert answer.lower() in first.excerpt.lower()


def test_a_when_question_shows_the_sentence_with_the_date(searcher):
    """"Acara tersebut berlangsung pada Senin, (30/9/24), di Gedung Pola ..." dates the
    meeting; a later sentence of the paragraph ("Setidaknya, terdapat tiga poin utama yang
    ditekankan dalam rapat tersebut, ... Provinsi Bengkulu ...") repeats more of the
    question's words. Asked "when", the excerpt is the dated sentence."""
    first = searcher.ask("When was the Bengkulu provincial coordination meeting held?").answers[0]
    assert first.doc_id == "002_a5d4a4758ad8401f"
    assert first.excerpt.startswith("Acara tersebut berlangsung pada Senin, (30/9/24)")


@pytest.mark.parametrize("question", REFUSED)
def test_unsupported_questions_are_refused(searcher, question):
    assert searcher.ask(question).answers == ()


@pytest.mark.parametrize("question", ["", "   ", "?!", "yang dan di", "the of a"])
def test_questions_without_content_are_not_found(searcher, question):
    assert not searcher.ask(question).found


def test_answer_carries_its_citation(searcher, seed_corpus):
    first = searcher.ask("Siapa Pjs Bupati Bengkulu Selatan?", top_k=3).answers[0]
    document = next(d for d in seed_corpus.documents if d.doc_id == first.doc_id)
    assert (first.rank, first.title, first.source, first.date) == (1, document.title, document.source, document.date)
    assert document.paragraphs[first.paragraph - 1] == first.text
    assert first.score > 0


def test_answers_are_ranked_and_at_most_top_k(searcher):
    answers = searcher.ask("netralitas ASN dalam Pilkada", top_k=5).answers
    assert [a.rank for a in answers] == list(range(1, len(answers) + 1))
    assert 1 < len(answers) <= 5
    assert [a.score for a in answers] == sorted((a.score for a in answers), reverse=True)


@pytest.mark.parametrize("question", ["netralitas ASN dalam Pilkada", "deklarasi netralitas Muba", "media sosial", "HUT Provinsi Bengkulu"])
def test_excerpts_are_short_whole_words_and_highlighted(searcher, question):
    for answer in searcher.ask(question, top_k=10).answers:
        excerpt = answer.excerpt
        assert len(excerpt) <= 400
        body = excerpt.strip("…")
        assert body in answer.text
        start = answer.text.index(body)
        end = start + len(body)
        assert start == 0 or not (answer.text[start - 1].isalnum() and answer.text[start].isalnum())
        assert end == len(answer.text) or not (answer.text[end - 1].isalnum() and answer.text[end].isalnum())
        assert answer.highlights
        for s, e in answer.highlights:
            assert re.fullmatch(r"[\w'’\-]+(?:\W+[\w'’\-]+)*", excerpt[s:e])
        for s, e in answer.text_highlights:
            assert answer.text[s:e].strip()


def test_one_paragraph_corpus_still_answers(tmp_path):
    """rank-bm25's idf is negative for a term in every paragraph; coverage still ranks."""
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    (tmp_path / "satu.txt").write_text("Bupati Sisardi memimpin apel pagi di halaman kantor.\n", encoding="utf-8")
    searcher = Searcher(Library.from_corpus(load_corpus(tmp_path)))
    assert searcher.ask("siapa memimpin apel pagi").answers[0].excerpt.startswith("Bupati Sisardi")
    assert not searcher.ask("harga bitcoin").found


SMALL_ARCHIVE = [
    "Lomba perahu bidar di Sungai Musi dimenangkan oleh tim Kertapati pada Sabtu sore.",
    "Festival budaya di Pagar Alam digelar pada akhir pekan dengan ribuan pengunjung.",
    "Harga cabai naik di pasar Lahat minggu ini, kata pedagang.",
    "Harga beras turun di pasar Baturaja setelah panen raya.",
]


@pytest.mark.parametrize(
    "paragraphs, question, expected",
    [
        # Two paragraphs: every word of one has an idf of log(1.5 / 1.5) = 0.
        (2, "siapa pemenang lomba perahu bidar?", "Lomba perahu bidar"),
        (2, "Di mana festival budaya digelar?", "Festival budaya"),
        (3, "siapa pemenang lomba perahu bidar?", "Lomba perahu bidar"),
        # Four: "harga" and "pasar" stand in exactly half of them (idf 0); ties go by number.
        (4, "Bagaimana harga di pasar?", "Harga cabai"),
    ],
)
def test_a_small_archive_answers_from_paragraphs_scoring_zero(tmp_path, paragraphs, question, expected):
    """BM25Okapi scores 0 a passage whose terms stand in exactly half of the archive's
    passages: it still holds them, and coverage ranks it (an archive of two one-paragraph
    articles answered nothing)."""
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    for number, text in enumerate(SMALL_ARCHIVE[:paragraphs]):
        (tmp_path / f"{number}.txt").write_text(f"Title: Berita {number}\n\n{text}\n", encoding="utf-8")
    searcher = Searcher(Library.from_corpus(load_corpus(tmp_path)))
    result = searcher.ask(question)
    assert result.found
    assert result.answers[0].excerpt.startswith(expected)
    assert not searcher.ask("Siapa Pjs Bupati OKU Timur?").found


def test_long_paragraph_excerpt_is_cut_at_words(tmp_path):
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    filler = " ".join(f"kalimat{i}" for i in range(150))
    (tmp_path / "panjang.txt").write_text(
        f"Judul Panjang\n\n{filler} Bupati Sisardi memimpin apel pagi {filler}\n", encoding="utf-8"
    )
    answer = Searcher(Library.from_corpus(load_corpus(tmp_path))).ask("siapa memimpin apel pagi").answers[0]
    assert len(answer.excerpt) <= 400
    assert "Sisardi" in answer.excerpt and "apel" in answer.excerpt
    assert answer.excerpt.startswith("…") and answer.excerpt.endswith("…")
    for word in answer.excerpt.strip("…").split():
        assert word in answer.text.split()


def test_a_paragraph_too_long_for_one_passage_is_cited_once(tmp_path):
    from retrieval.chunking import MAX_PASSAGE_CHARS
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    sentence = "Rapat Dinas Kominfo Seluma dipimpin Kepala Dinas Kominfo Seluma Budi Santoso kemarin. "
    long_paragraph = sentence * (3 * MAX_PASSAGE_CHARS // len(sentence))
    short = "Kepala Dinas Kominfo Seluma Budi Santoso juga membuka pelatihan wartawan."
    (tmp_path / "panjang.txt").write_text(f"Rapat panjang\n\n{long_paragraph}\n\n{short}\n", encoding="utf-8")
    searcher = Searcher(Library.from_corpus(load_corpus(tmp_path)))
    assert len(searcher.library.passages.texts) >= 4, "the long paragraph stands as several passages"
    answers = searcher.ask("Siapa Kepala Dinas Kominfo Seluma?", top_k=3).answers
    # Three answers all "paragraph 1" read as one answer given three times.
    assert sorted(a.paragraph for a in answers) == [1, 2]
    # Reprinted, the long paragraph is one answer citing both, whichever part ranks next (H43).
    (tmp_path / "cetak-ulang.txt").write_text(f"Rapat panjang lagi\n\n{long_paragraph}\n", encoding="utf-8")
    reprinted = Searcher(Library.from_corpus(load_corpus(tmp_path))).ask("Siapa Kepala Dinas Kominfo Seluma?", top_k=3).answers
    (long_answer,) = [a for a in reprinted if a.text != short]
    assert set(long_answer.doc_ids) == {"panjang", "cetak-ulang"}


def test_the_archive_counts_paragraphs_as_its_list_does(tmp_path):
    """The banner and /sources' heading count a paragraph split into passages once, as
    each article's line does, whether the index was built now or loaded with deletions."""
    from retrieval.chunking import MAX_PASSAGE_CHARS
    from retrieval.corpus import paragraph_count
    from retrieval.store import open_library

    corpus = tmp_path / "arsip"
    corpus.mkdir()
    sentence = "Rapat Dinas Kominfo Seluma dipimpin Kepala Dinas Kominfo Seluma Budi Santoso kemarin. "
    long_paragraph = sentence * (3 * MAX_PASSAGE_CHARS // len(sentence))
    (corpus / "panjang.txt").write_text(f"Rapat panjang\n\n{long_paragraph}\n\nParagraf kedua yang pendek.\n", encoding="utf-8")
    (corpus / "pendek.txt").write_text("Berita pendek\n\nSatu.\n\nDua.\n\nTiga.\n", encoding="utf-8")
    built = open_library(corpus, tmp_path / "indeks")
    assert built.passage_count >= 6
    assert built.paragraph_count == sum(paragraph_count(d) for d in built.documents) == 5
    (corpus / "pendek.txt").unlink()
    updated = open_library(corpus, tmp_path / "indeks")
    assert updated.origin == "updated" and updated.live_documents is not None
    assert updated.paragraph_count == 2


def test_why_question_prefers_the_paragraph_that_gives_a_reason(searcher):
    first = searcher.ask("Kenapa ASN Rejang Lebong diminta hati-hati menggunakan media sosial?").answers[0]
    assert "karena" in first.excerpt


def test_word_for_word_copies_make_one_answer_that_cites_each(tmp_path):
    """A wire story reprinted by two outlets (here with different spacing) is one
    answer citing both, and leaves the next slot to another paragraph."""
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    story = "Menteri Kelautan Freddy Numberi mengatakan potensi rumput laut di Indonesia sekitar {} juta hektar."
    (tmp_path / "antara.txt").write_text(f"Potensi Rumput Laut\n\n{story.format('1,2')}\n", encoding="utf-8")
    (tmp_path / "kompas.txt").write_text(f"Rumput Laut Indonesia\n\n{story.format('1, 2')}\n", encoding="utf-8")
    (tmp_path / "lain.txt").write_text(
        "Budidaya Laut\n\nPetani rumput laut di Indonesia menanam di pesisir setiap musim kemarau.\n", encoding="utf-8"
    )
    answers = Searcher(Library.from_corpus(load_corpus(tmp_path))).ask("rumput laut di Indonesia").answers
    first = answers[0]
    assert {first.doc_id, *(c.doc_id for c in first.copies)} == {"antara", "kompas"}
    assert first.doc_ids[0] == first.doc_id and len(first.doc_ids) == 2
    assert [a.doc_id for a in answers[1:]] == ["lain"]
    assert [a.rank for a in answers] == [1, 2]
    copy = first.copies[0]
    assert (copy.title, copy.paragraph) in {("Potensi Rumput Laut", 1), ("Rumput Laut Indonesia", 1)}
    assert first.to_json()["copies"] == [copy.to_json()]
    assert "copies" not in answers[1].to_json()


def test_a_reprint_differing_only_in_its_dateline_is_a_copy(tmp_path):
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    story = "Pejabat Sementara Bupati Bengkulu Selatan Sisardi meminta ASN tetap netral dalam Pilkada."
    (tmp_path / "harian.txt").write_text(f"Pesan Pjs Bupati\n\nHarianbengkuluekspress.id - {story}\n", encoding="utf-8")
    (tmp_path / "rakyat.txt").write_text(f"Pesan Pjs Bupati BS\n\nBENGKULU, RAKYATBENGKULU.COM - {story}\n", encoding="utf-8")
    (answer,) = Searcher(Library.from_corpus(load_corpus(tmp_path))).ask("Siapa Pjs Bupati Bengkulu Selatan?").answers
    assert set(answer.doc_ids) == {"harian", "rakyat"}


@pytest.mark.parametrize(
    ("reprint_date", "cited"),
    [
        ("2024-11-03", "warta"),  # the original, a day earlier, though the reprint ranks first
        ("2024-11-01", "antara"),  # the earlier one is cited whichever outlet it is
        (None, "warta"),  # an undated copy counts after a dated one
    ],
)
def test_copies_are_cited_from_the_earliest_article(tmp_path, reprint_date, cited):
    # helper-111: a wire reprint added after the original was the answer, the original
    # listed among its copies.
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    story = "Harga kopi robusta Semende naik menjadi Rp 62.000 per kilogram karena panen turun akibat hujan."
    dated = f"Date: {reprint_date}\n" if reprint_date else ""
    (tmp_path / "warta.txt").write_text(f"Date: 2024-11-02\nTitle: Panen Turun\n\n{story}\n", encoding="utf-8")
    (tmp_path / "antara.txt").write_text(f"{dated}Title: Harga Kopi Robusta Semende Naik\n\n{story}\n", encoding="utf-8")
    searcher = Searcher(Library.from_corpus(load_corpus(tmp_path)))
    (answer,) = searcher.ask("Berapa harga kopi robusta Semende?").answers
    assert (answer.doc_id, [copy.doc_id for copy in answer.copies]) == (cited, ["antara" if cited == "warta" else "warta"])
    assert story in answer.text and answer.paragraph == 1


def test_a_paragraph_repeated_within_one_article_is_not_its_own_copy(tmp_path):
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    story = "Menteri Freddy Numberi mengatakan potensi rumput laut di Indonesia sekitar 1,2 juta hektar."
    (tmp_path / "a.txt").write_text(f"Rumput Laut\n\n{story}\n\nParagraf lain.\n\n{story}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Potensi Laut\n\n{story}\n", encoding="utf-8")
    (first,) = Searcher(Library.from_corpus(load_corpus(tmp_path))).ask("potensi rumput laut di Indonesia").answers
    assert sorted(first.doc_ids) == ["a", "b"]


# -- each candidate analysed once ---------------------------------------------------------

QUESTIONS_OF_EVERY_TYPE = [
    "Siapa Pjs Bupati Rejang Lebong?",
    "kapan puncak peringatan hut provinsi bengkulu",
    "Since when has Rosjonsyah been acting governor of Bengkulu?",
    "Di mana pertemuan Pjs Bupati OKU Timur berlangsung?",
    "Berapa jumlah ASN di Muba?",
    "Apa kepanjangan ASN?",
    "Mengapa ASN harus netral?",
    "Apa tujuan HUT Provinsi Bengkulu menurut Plt Gubernur?",
]


@pytest.mark.parametrize("question", QUESTIONS_OF_EVERY_TYPE)
def test_an_analysed_passage_reads_as_the_stages_read_the_text(searcher, question):
    from retrieval.analysed import analyse_passage
    from retrieval.chunking import sentence_spans
    from retrieval.cues import cue_matches

    analyzer = searcher.analyzer
    answer_type = searcher.analyze(question).answer_type
    for text in searcher.library.passages.texts:
        passage = analyse_passage(text, analyzer)
        spans = analyzer.term_spans(text)
        assert passage.terms == frozenset(analyzer.terms(text)) == frozenset(t.text for t in spans)
        assert list(passage.spans) == spans
        assert list(passage.sentences) == sentence_spans(text, analyzer.language)
        for (start, end), terms in zip(passage.sentences, passage.sentence_terms):
            assert terms == {t.text for t in spans if start <= t.start < end}
        for weak in (False, True):
            first = next(iter(passage.cues(answer_type, weak)), None)  # read partly, then whole
            assert tuple(passage.cues(answer_type, weak)) == cue_matches(text, answer_type, analyzer, weak)
            assert first == next(iter(cue_matches(text, answer_type, analyzer, weak)), None)
        for i, (start, end) in enumerate(passage.sentences):
            assert tuple(passage.sentence_cues(i, answer_type)) == cue_matches(text[start:end], answer_type, analyzer)


def test_a_question_asked_again_analyses_no_passage_again(seed_corpus):
    from retrieval.library import Library
    from retrieval.search import Searcher

    searcher = Searcher(Library.from_corpus(seed_corpus))
    first = searcher.ask("Siapa Pjs Bupati Rejang Lebong?", top_k=3)
    analysed = searcher._analysed.cache_info()
    # Every candidate, and some paragraphs before them, at most once each.
    assert 0 < analysed.misses <= searcher.parameters.candidates * 2
    again = searcher.ask("Siapa Pjs Bupati Rejang Lebong?", top_k=3)
    assert again == first
    assert searcher._analysed.cache_info().misses == analysed.misses


def test_the_analysed_passages_are_bounded(seed_corpus):
    from retrieval.library import Library
    from retrieval.search import ANALYSED_PASSAGES, Searcher

    searcher = Searcher(Library.from_corpus(seed_corpus))
    for question in QUESTIONS_OF_EVERY_TYPE:
        searcher.ask(question)
    assert searcher._analysed.cache_info().maxsize == ANALYSED_PASSAGES
    assert searcher._analysed.cache_info().currsize <= len(searcher.library.passages)


@pytest.mark.parametrize("question", ["siapa pjs bupati bengkulu selatn", "who is the acting regent of Bengkulu Selatn?"])
def test_warming_a_searcher_while_questions_arrive_changes_no_answer(seed_corpus, question):
    """The bot warms each searcher it opens in a thread (the speller, the English
    dictionary, the kernel) while questions may already arrive: they wait for the
    speller being built, or build it, and answer as a cold searcher does."""
    from concurrent.futures import ThreadPoolExecutor

    from retrieval.library import Library
    from retrieval.search import Searcher

    library = Library.from_corpus(seed_corpus)
    cold = Searcher(library).ask(question, top_k=3)
    assert cold.found
    searcher = Searcher(library)
    with ThreadPoolExecutor(4) as pool:
        warming = [pool.submit(searcher.warm) for _ in range(2)]
        asked = [pool.submit(searcher.ask, question, 3) for _ in range(4)]
    assert [f.result() for f in warming] == [None, None]
    assert [f.result() for f in asked] == [cold] * 4
    assert searcher.ask(question, top_k=3) == cold


def test_cue_matches_read_by_two_readers_at_once_are_all_found_once(searcher):
    from retrieval.analysed import analyse_passage
    from retrieval.cues import cue_matches

    text = max(searcher.library.passages.texts, key=len)
    passage = analyse_passage(text, searcher.analyzer)
    expected = cue_matches(text, "person", searcher.analyzer)
    assert len(expected) > 2
    one, two = iter(passage.cues("person")), iter(passage.cues("person"))
    read_one, read_two = [next(one)], [next(two), next(two)]  # interleaved
    read_one += list(one)
    read_two += list(two)
    assert tuple(read_one) == tuple(read_two) == expected


def test_a_paragraph_pointing_back_reads_the_one_before_as_its_context(searcher):
    """"Kandidat Doktor dari Universitas Sriwijaya itu menambahkan, ...": the doctoral
    candidate is Apriyadi Mahmud, named only in the paragraph before."""
    question = searcher.analyze("Apriyadi Mahmud sedang menempuh program doktor di universitas apa?")
    hits = searcher.candidates(question, 30)
    (candidate,) = [c for c in searcher.ranking_candidates(question, hits) if c.text.startswith("Kandidat Doktor dari Universitas Sriwijaya")]
    apriyadi, mahmud = question.concepts[:2]
    assert apriyadi & candidate.context and mahmud & candidate.context
    assert "Universitas Sriwijaya" in searcher.ask(question.text).answers[0].excerpt


@pytest.mark.parametrize(
    ("question", "doc_id", "office"),
    [
        ("siapa Sisardi?", "004_b8076227a415273f", "Pjs"),
        ("Siapa Rosjonsyah?", "002_a5d4a4758ad8401f", "Plt Gubernur"),
        ("who is Rosjonsyah?", "002_a5d4a4758ad8401f", "Plt Gubernur"),
        ("Siapa Herwan Antoni?", "000_56970b467c1ddc30", "Bupati"),
    ],
)
def test_who_someone_is_is_answered_with_their_office(searcher, question, doc_id, office):
    # Asked after a name alone, the answer says what the person is: before, a paragraph
    # quoting them ("... tutur Rosjonsyah") answered, the name being a person's.
    first = searcher.ask(question).answers[0]
    assert first.doc_id == doc_id and office in first.excerpt


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kapn rapat di oku timur", "kapan rapat di oku timur"),
        ("kpan rapat di oku timur", "kapan rapat di oku timur"),
        ("siapaa pjs bupati bengkulu selatan", "siapa pjs bupati bengkulu selatan"),
        pytest.param(
            "berpa ASN yang ikut deklarasi di Muba?",
            "berapa ASN yang ikut deklarasi di Muba?",
            marks=pytest.mark.xfail(
                strict=True,
                reason="read as 'berapa', but the no-answer model fitted again on 2026-12-02 refuses the question as spelled right too (0.379 < 0.482; 0.499 with the model bundled before)",
            ),
        ),
        ("rapat pjs bupati oku timur digelar dimna", "rapat pjs bupati oku timur digelar dimana"),
    ],
)
def test_a_misspelt_question_word_is_read_as_the_question_word(searcher, typed, meant):
    # Mended against the vocabulary instead, "berpa" became "berla" and "kapn" a stray
    # concept: the question lost what it asks, and was refused or answered off its type.
    asked, intended = searcher.analyze(typed), searcher.analyze(meant)
    assert (asked.answer_type, asked.concepts) == (intended.answer_type, intended.concepts)
    wanted = cited(searcher, meant)
    assert wanted and cited(searcher, typed) == wanted


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("siap satu komando pjs bupati", None),  # "siap" is a word the archive knows
        ("kapal apa yang tenggelam", "thing"),  # the question has its question word
        ("sapaan pjs bupati", None),  # two edits from "siapa"
        # A keyword question's words are what it asks about: real words one letter from
        # a question word ("kapan", "tanggal", "singkatan", "keberapa") stay themselves.
        ("rapat di kapal", None),
        ("pilkada oku timur calon tunggal", None),
        ("tingkatan asn di muba", None),
        ("seberapa penting netralitas asn", None),
        # A capital at a question's end is a name's: "Diana" is "dimana" less a letter.
        ("rapat ASN bersama Diana", None),
        ("Pjs Bupati Diana", None),
        # Or an acronym's, which the archive may not hold: KPAN is no "kapan" (H65).
        ("Rakor Plt Gubernur Bengkulu KPAN", None),
        ("rapat ASN bersama SIPA", None),
        ("rapat ASN bersama DIANA", None),
    ],
)
def test_a_word_near_a_question_word_is_kept_where_it_is_no_misspelling(searcher, question, answer_type):
    assert searcher.analyze(question).answer_type == answer_type


@pytest.mark.parametrize("question", ["berita tentang Diana", "Pjs Bupati Diana", "Rakor Plt Gubernur Bengkulu KPAN", "Berita tentang SIPA"])
def test_a_name_near_a_question_word_is_asked_about_and_not_found(searcher, question):
    # Read as "dimana", the name was dropped and a place about something else answered.
    assert not searcher.ask(question).answers


@pytest.mark.parametrize(
    ("question", "found"),
    [
        # Siak, a regency the archive lacks, is no slip of "siap" (ready): read so, it was
        # answered with Muba's ASN "siap satu komando dengan Pj Bupati Apriyadi Mahmud".
        ("Siapa Pj Bupati Siak?", False),
        ("siapa pj bupati siak?", False),  # lower case: a word after "bupati" names a place
        # ... a dictionary word too, when the archive holds none of its terms: "pati"
        # (starch) was mended to "pagi" and answered with "Ruang Rapat Pagi".
        ("siapa bupati pati?", False),
        ("siapa bupati pimpin apel pagi?", True),  # "pimpin" the archive holds: no place
        ("kapan gubernur merayakan hut provinsi bengkulu?", True),  # a derived word: no place
        ("Who is the regent of Siak?", False),
        ("SIPA", False),  # in capitals alone: read as "sipa", a slip of "siapa", and refused
        ("Berita tentang DIANA", False),
        # A name the archive writes is still mended, capitalised or not.
        ("Siapa Pjs Bupati Bengklu Selatan?", True),
        ("siapa pjs bupati bengklu selatan?", True),
        ("Kapan Rosjonsya memimpin rakor?", True),
        ("Siapa Pj Bpati Muba?", True),
    ],
)
def test_a_capitalised_word_is_mended_only_to_a_name(searcher, question, found):
    assert bool(searcher.ask(question).answers) is found


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Siapa Pj Bpati Muba?", "Siapa Pj Bupati Muba?"),  # the second letter dropped
        ("Siapa Sekretaris Derah OKI?", "Siapa Sekretaris Daerah OKI?"),
        ("kapan rakor Plt Gbernur Bengkulu?", "kapan rakor Plt Gubernur Bengkulu?"),
        ("Siapa Pj Bupai Muba?", "Siapa Pj Bupati Muba?"),  # its stem "bupa" is two edits from "bupati", the word one
    ],
)
def test_a_word_mistyped_where_the_speller_does_not_look_is_mended(searcher, typed, meant):
    wanted = cited(searcher, meant)
    assert wanted and cited(searcher, typed) == wanted


@pytest.mark.parametrize(("question", "not_meant"), [("siapa musisi di sisi panggung", "sisi"), ("kapan diadakannya pesta dada", "dada")])
def test_a_slip_is_mended_only_to_a_term_written_as_the_slip(tmp_path, question, not_meant):
    # "musisi" slips to "mesisi", which stems to "sisi"; "diadakannya" to "dadakannya",
    # which stems to "dada": a slip's stem is no mend, or any unknown word finds one.
    from retrieval.corpus import load_corpus
    from retrieval.library import Library
    from retrieval.search import Searcher

    (tmp_path / "satu.txt").write_text("Judul\n\nIa duduk di sisi panggung, memegang dada.\n\nBupati hadir.\n", encoding="utf-8")
    searcher = Searcher(Library.from_corpus(load_corpus(tmp_path)))
    first = searcher.analyze(question).concepts[0]
    assert not_meant not in first and not_meant in searcher.library.index.vocabulary


@pytest.mark.parametrize(("question", "not_meant"), [("Apa kata Malik tentang netralitas ASN?", "milik"), ("berapa utang pemkab muba", "ulang"), ("Apa pemicu ASN tidak netral?", "pemilu")])
def test_a_real_word_the_archive_lacks_is_not_mended_into_another(searcher, question, not_meant):
    # "Malik" is a name, "utang" a debt, "pemicu" a trigger: none is a misspelling.
    assert not any(not_meant in concept for concept in searcher.analyze(question).concepts)
    assert not searcher.ask(question).found


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Siapa Pjs Bpati OKU Selatan?", "Siapa Pjs Bupati OKU Selatan?"),  # the place check reads the mended office
        ("Berapa jumlah ASN di Pemkab eRjang Lebong?", "Berapa jumlah ASN di Pemkab Rejang Lebong?"),  # ... and the capital that slipped
        ("Apriyadi Mahmud sdang menempuh program doktor?", "Apriyadi Mahmud sedang menempuh program doktor?"),  # a stop word, not "sidang"
    ],
)
def test_a_mended_word_is_read_as_if_typed_right(searcher, typed, meant):
    asked, intended = searcher.analyze(typed), searcher.analyze(meant)
    assert (asked.answer_type, asked.concepts, asked.unknown) == (intended.answer_type, intended.concepts, intended.unknown)
    assert searcher.ask(typed).found == searcher.ask(meant).found


def test_which_anniversary_is_answered_with_its_ordinal(searcher):
    # "HUT" is an occasion numbered in turn: "berapa HUT" asks which one ("Ke-52").
    first = searcher.ask("Berapa HUT KORPRI tahun 2023?").answers[0]
    assert "Ke-52" in first.excerpt, first.excerpt


def cited(searcher, question: str) -> list[tuple[str, int]]:
    """The article and paragraph of each answer to ``question``."""
    return [(answer.doc_id, answer.paragraph) for answer in searcher.ask(question).answers]


@pytest.mark.parametrize(
    ("question", "asked_as_of"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan sekarang?", "2024-11-30"),
        ("Who is the acting regent of Bengkulu Selatan now?", "2024-11-30"),
        ("Siapa Pjs Bupati Bengkulu Selatan saat ini?", "2024-11-30"),
        ("Siapa Pjs Bupati Bengkulu Selatan skrg?", "2024-11-30"),  # as typed in a chat
        ("Siapa Pjs Bupati Bengkulu Selatan?", None),  # no "now" in words
        ("Siapa Pjs Bupati Bengkulu Selatan sekarang pada 2024?", None),  # a year named: that year's
        ("Apa pesan Pjs Bupati Bengkulu Selatan terbaru bulan lalu?", None),  # last month's, as latest_first reads it (helper-128)
        ("Apa pesan Pjs Bupati Bengkulu Selatan terbaru pada 4 November 2024?", None),  # a day named
    ],
)
def test_a_question_about_now_carries_the_day_it_asks_about(searcher, question, asked_as_of):
    result = searcher.ask(question)
    assert result.found
    assert result.asked_as_of == asked_as_of
    assert result.to_json().get("asked_as_of") == asked_as_of


def test_a_question_about_now_found_nowhere_carries_no_day(searcher):
    result = searcher.ask("Siapa presiden Prancis sekarang?")
    assert not result.found and result.asked_as_of is None


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        # A word the archive lacks, one slip from a stop word, is that stop word: no concept.
        ("Who said 'Sebagi anggota Korpri, kita harus netral'?", {"sebag", "sebar"}),
        ("Siapa yang bilang 'Sebagi anggota Korpri, kita harus netral'?", {"sebag", "sebar"}),
    ],
)
def test_a_slip_of_a_stop_word_asks_for_nothing(searcher, question, absent):
    concepts = searcher.analyze(question).concepts
    assert not any(concept & absent for concept in concepts)
    assert {"korpri"} in [set(c) for c in concepts]  # the rest is asked as before


@pytest.mark.parametrize(
    "question",
    [
        # helper-136: a name one slip from a stop word ("karena", "sedang") is a name.
        "Apa kata Karen tentang netralitas ASN?",
        "Kapan rapat kerja Pjs Bupati Serdang Bedagai?",
    ],
)
def test_a_name_one_slip_from_a_stop_word_is_still_a_name_written_nowhere(searcher, question):
    assert searcher.ask(question).answers == ()


@pytest.mark.parametrize(
    "question",
    [
        # helper-137: the lead names only OKU Timur, a hair before the venue's sentence.
        "Where did the acting regent of OKU Timur hold his working meeting with the OPD heads?",
        # helper-139's q04: the lead repeats the question, 17% above the venue's sentence.
        "Di mana rapat kerja Pjs Bupati OKU Timur dengan Kepala OPD dan Camat digelar?",
    ],
)
def test_a_close_second_holding_the_asked_kind_of_thing_goes_first(searcher, question):
    assert "Aula Bina Praja II" in searcher.ask(question).answers[0].excerpt


@pytest.mark.parametrize(
    ("question", "as_without"),
    [
        ("Siapa Bupati Kabupaten Merauke?", "Siapa Bupati Merauke?"),
        ("Siapa Pjs Bupati Kabupaten Rejang Lebong?", "Siapa Pjs Bupati Rejang Lebong?"),
        # Only the kind word's concept goes: "Wali Kota" keeps its "Kota" (helper-218's review).
        ("Siapa Wali Kota Kota Padang?", "Siapa Wali Kota Padang?"),
    ],
)
def test_the_kind_word_after_an_office_is_no_concept_of_the_question(searcher, question, as_without):
    assert searcher.analyze(question).concepts == searcher.analyze(as_without).concepts
