"""The no-answer decision: the fitted model's file, its evidence, and the strictness knob."""

from __future__ import annotations

import argparse
import json
import math

import numpy as np
import pytest
from beside import ROOT
from scratch_corpus import searcher_over
from scripts_import import script

from retrieval.analysis import Question
from retrieval.confidence import (
    FEATURES, ConfidenceModel, ConfidenceModelError, Evidence, load_model, named_terms, pairs_together, rival_name, specific_concepts,
)
from retrieval.decision import ModelDecision
from retrieval.evaluate import EvalQuestion
from retrieval.library import Library
from retrieval.paired import AcceptAll, Asked, Pair, PairedRun
from retrieval.search import Searcher, lacks_what_is_asked



def test_bundled_model_loads_with_every_feature():
    model = load_model()
    assert len(model.coefficients) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0


def _bundled() -> dict:
    return json.loads((ROOT / "retrieval" / "data" / "confidence.json").read_text())


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[: len(text) // 2], "is not JSON"),
        (lambda text: "", "is not JSON"),
        (lambda text: json.dumps({**json.loads(text), "coefficients": {}}), "does not fit this code"),
        (lambda text: json.dumps({**json.loads(text), "threshold": 7}), "threshold outside 0-1"),
        (lambda text: json.dumps({**json.loads(text), "intercept": "high"}), "lacks"),
        (lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "intercept"}), "lacks 'intercept'"),
        # A file written before the several-paragraph weights: refused, not read as zeros.
        (lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "article_coefficients"}), "lacks 'article_coefficients'"),
        (lambda text: json.dumps({**json.loads(text), "article_coefficients": [1, 2]}), "does not fit this code"),
        (lambda text: b"\xff\xfe\x00".decode("latin-1"), "is not JSON"),
    ],
)
def test_damaged_model_file_is_refused_in_one_line(tmp_path, damage, message):
    path = tmp_path / "confidence.json"
    path.write_text(damage(json.dumps(_bundled())), encoding="utf-8")
    with pytest.raises(ConfidenceModelError, match=message) as error:
        load_model(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)


def test_missing_model_file_is_named(tmp_path):
    with pytest.raises(ConfidenceModelError, match="cannot read"):
        load_model(tmp_path / "nowhere.json")


@pytest.mark.parametrize(
    ("question", "specific"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", ["bs"]),  # the long form is the concept "bs"
        ("Kapan kapal Yo Tonga dibongkar tahun 2005?", ["yo", "tonga", "2005"]),
        ("siapa pjs bupati", []),  # lower case: nothing rare in a corpus that has no idf for it
    ],
)
def test_specific_concepts_are_names_and_numbers(analyzer, question, specific):
    analyzed = analyzer.analyze_question(question)
    flags = specific_concepts(analyzed, {}, 10.0, analyzer)
    marked = sorted(t for concept, flag in zip(analyzed.concepts, flags) if flag for t in concept if t in specific)
    assert marked == sorted(specific)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Polda Jateng membongkar kapal Yo Tonga di pelabuhan.", 1.0),  # side by side
        ("Kapal itu dibongkar pada hari Senin pagi di pelabuhan. Yo Tonga tinggal di kota lain.", 0.5),
    ],
)
def test_pairs_together(analyzer, text, expected):
    question = analyzer.analyze_question("kapal Yo Tonga")
    assert pairs_together(analyzer.term_spans(text), question) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("question", "text", "article", "expected"),
    [
        # Another ship where the question's stands, and the article never names it.
        ("Kapan Polda membongkar kapal Yo Tonga?", "Polda membongkar kapal Tampomas di pelabuhan.", "", 1.0),
        ("Siapa Pjs Bupati Seluma?", "Pjs Bupati Muba memimpin apel pagi.", "", 1.0),
        ("Siapa Pjs Bupati Seluma?", "Pjs Bupati 2018 memimpin apel pagi.", "", 1.0),  # a number in its place
        # The same ship: no rival.
        ("Kapan Polda membongkar kapal Yo Tonga?", "Polda membongkar kapal Yo Tonga di pelabuhan.", "", 0.0),
        # The article names the regency in another paragraph: the passage may well be about it.
        ("Siapa Pjs Bupati Seluma?", "Pjs Bupati Muba memimpin apel pagi.", "Seluma", 0.0),
        # No name after the word: a passage on the topic, not about another thing.
        ("Siapa Pjs Bupati Seluma?", "Pjs bupati memimpin apel pagi di halaman kantor.", "", 0.0),
        # The question names nothing.
        ("siapa pjs bupati", "Pjs Bupati Muba memimpin apel pagi.", "", 0.0),
    ],
)
def test_rival_name(analyzer, question, text, article, expected):
    analyzed = analyzer.analyze_question(question)
    names = named_terms(analyzed, analyzer)
    named = [bool(c & names) for c in analyzed.concepts]
    spans = analyzer.term_spans(text)
    seen = frozenset(t.text for t in spans) | frozenset(analyzer.terms(article))
    assert rival_name(text, spans, analyzed, named, seen) == expected


def _evidence(**values: float) -> Evidence:
    return Evidence(**{name: values.get(name, 0.0) for name in FEATURES})


@pytest.mark.parametrize(("several", "expected"), [(0.0, 0.5), (1.0, 1.0 / (1.0 + math.exp(-2.0)))])
def test_article_weights_count_only_for_an_article_of_several_paragraphs(several, expected):
    """FacQA's one-paragraph documents are judged by the first weights alone."""
    article = tuple(2.0 if name == "named_in_article" else 0.0 for name in FEATURES)
    model = ConfidenceModel(intercept=0.0, coefficients=(0.0,) * len(FEATURES), article_coefficients=article, threshold=0.5)
    assert model.probability(_evidence(named_in_article=1.0, several_paragraphs=several)) == pytest.approx(expected)


def test_bundled_model_weighs_a_missing_name_down_in_an_article():
    """Fitted on the seeds too: in a several-paragraph article, the question's names
    missing from the whole article lower the probability more than in one paragraph."""
    model = load_model()
    assert model.article_coefficients[FEATURES.index("named_in_article")] > 0


@pytest.mark.parametrize(("strictness", "answered"), [(0.0, True), (1.0, False)])
def test_strictness_trades_answers_for_refusals(seed_corpus, strictness, answered):
    searcher = Searcher(Library.from_corpus(seed_corpus), decision=ModelDecision.bundled(strictness))
    assert searcher.ask("Siapa Pjs Bupati Bengkulu Selatan?").found is answered


@pytest.mark.parametrize(
    ("answer_type", "several", "cue_missing", "lacks"),
    [
        ("time", 1.0, 1.0, True),  # a paragraph of a longer article with no date, for "when"
        ("count", 1.0, 1.0, True),
        ("time", 1.0, 0.0, False),
        ("time", 0.0, 1.0, False),  # a one-paragraph document is left to the model
        ("person", 1.0, 1.0, False),  # "siapa" is often answered by no name ("negara, pemerintah dan masyarakat")
        # Not a place: the place cue misses datelines, lower-case places, "ke"/"dari" and
        # English "at the" (helper-209's review): such a paragraph is often the answer.
        ("place", 1.0, 1.0, False),
    ],
)
def test_a_paragraph_of_an_article_lacking_what_is_asked(answer_type, several, cue_missing, lacks):
    question = Question(text="?", language="id", answer_type=answer_type, concepts=(frozenset({"x"}),))
    assert lacks_what_is_asked(question, _evidence(several_paragraphs=several, cue_missing=cue_missing)) is lacks


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # Answered before with "Terkait Pemilihan Kepala Daerah (Pilkada) Tahun 2024, Pjs
        # bupati Herwan Antoni mengimbau ..." (helper-125): his paragraph, no birth date.
        ("When was Herwan Antoni born?", False),
        ("Kapan Pjs Bupati OKU Timur mengadakan rapat kerja?", True),
    ],
)
def test_when_is_not_answered_by_a_paragraph_with_no_date(seeds_and_facqa, question, answered):
    assert seeds_and_facqa.ask(question).found is answered


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # The place only in the dateline, or in lower case: answered (helper-209's review
        # of a "where" rule tried at stop 82, which refused both).
        ("Di mana seminar nasional ketahanan pangan digelar?", "YOGYAKARTA"),
        ("Di mana rakor percepatan penurunan stunting Lahat bertempat?", "aula kantor bupati"),
    ],
)
def test_where_is_answered_by_a_place_the_cue_does_not_read(tmp_path, question, answer):
    articles = {
        "seminar.txt": (
            "Seminar Ketahanan Pangan\n\nYOGYAKARTA, Kompas - Seminar nasional ketahanan pangan digelar Kamis "
            "(5/3) dengan menghadirkan para peneliti dari berbagai perguruan tinggi.\n\nPara peserta membahas "
            "cadangan beras nasional dan harga gabah di tingkat petani.\n"
        ),
        "stunting.txt": (
            "Rakor Stunting Lahat\n\nLahat, Sumeks - Pemkab Lahat menggelar rapat koordinasi percepatan "
            "penurunan stunting, Selasa (4/6).\n\nRakor percepatan penurunan stunting itu bertempat di aula "
            "kantor bupati dan dihadiri para camat.\n"
        ),
        "banjir.txt": "Banjir Rendam Desa\n\nBanjir merendam ratusan rumah warga di tiga desa, Senin (3/6).\n\nWarga mengungsi ke rumah kerabat.\n",
        "pasar.txt": "Harga Cabai Naik\n\nHarga cabai merah di pasar tradisional naik menjadi Rp 60.000 per kilogram.\n",
    }
    answers = searcher_over(tmp_path, articles).ask(question).answers
    assert answers and answer.lower() in answers[0].text.lower()


def test_a_dateless_paragraph_gives_way_to_the_dated_one(searcher):
    """Skipped, not the end of the answers: the deklarasi's third paragraph came first
    with no date, the lead that dates it second."""
    answers = searcher.ask("Kapan ASN Pemkab Muba menggelar deklarasi netralitas?").answers
    assert "27 Desember 2023" in answers[0].excerpt


# -- the operating point: scripts/fit_confidence.py's threshold rule -----------------------


@pytest.fixture(scope="module")
def fitting():
    """The fit script (scripts/fit_confidence.py)."""
    with script("fit_confidence") as module:
        yield module


@pytest.mark.parametrize(
    ("intact", "everyone", "right", "max_intact", "max_hit_loss", "expected"),
    [
        # Both limits loose: the highest intact log-odds that refuses at most 1 of 4.
        ([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [False] * 4, 0.25, 1.0, 2.0),
        # 2 of 4 may be refused on the intact corpus.
        ([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [False] * 4, 0.5, 1.0, 3.0),
        # hit@1 binds: the right answer at 2.0 may not be given up, whatever the intact limit.
        ([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [False, True, True, True], 0.5, 0.0, 2.0),
        # hit@1 counts every dev question, not only the paired ones: a right answer at 1.5
        # among them holds the threshold there.
        ([1.0, 2.0, 3.0, 4.0], [1.5, 9.0, 9.0, 9.0], [True, False, False, False], 0.5, 0.0, 1.0),
        # Nothing may be refused: the lowest intact log-odds, so all pass.
        ([1.0, 2.0], [1.0, 2.0], [True, True], 0.0, 0.0, 1.0),
    ],
)
def test_threshold_keeps_both_limits(fitting, intact, everyone, right, max_intact, max_hit_loss, expected):
    chosen = fitting.threshold_for(np.array(intact), np.array(everyone), np.array(right), max_intact, max_hit_loss)
    assert chosen == expected
    assert (np.array(intact) < chosen).mean() <= max_intact
    assert ((np.array(everyone) < chosen) & np.array(right)).mean() <= max_hit_loss


def test_check_passes_only_the_very_model_the_fit_writes(fitting, tmp_path, capsys):
    """``fit_confidence.py --check``: status 0 only when the file holds what the fit
    would write; otherwise 1, naming each number that differs."""
    fitted = _bundled()
    path = tmp_path / "confidence.json"
    path.write_text(json.dumps(fitted), encoding="utf-8")
    assert fitting.check(path, json.dumps(fitted, indent=2)) == 0
    moved = {**fitted, "threshold": 0.5, "coefficients": {**fitted["coefficients"], "margin": 9.0}}
    assert fitting.check(path, json.dumps(moved)) == 1
    said = capsys.readouterr().out
    assert f"threshold: {fitted['threshold']} in {path}, 0.5 fitted" in said
    assert "coefficients.margin:" in said and "coefficients.coverage:" not in said
    assert fitting.check(tmp_path / "missing.json", json.dumps(fitted)) == 1
    # Another machine's numpy sums in another order: the 16th digit is not another fit.
    noise = {**fitted, "intercept": fitted["intercept"] * (1 + 1e-15)}
    assert fitting.check(path, json.dumps(noise)) == 0
    moved_slightly = {**fitted, "intercept": fitted["intercept"] * (1 + 1e-6)}
    assert fitting.check(path, json.dumps(moved_slightly)) == 1


def test_collected_pairs_are_cached_under_what_they_were_collected_from(fitting, tmp_path):
    """A refit may reuse collected pairs only while the corpus, the questions, FacQA and
    the grouping are those they came from (and the code: ``retrieval/`` is hashed too)."""
    corpus, facqa = tmp_path / "corpus", tmp_path / "facqa"
    corpus.mkdir(), facqa.mkdir()
    (corpus / "a.txt").write_text("Judul\n\nIsi.", encoding="utf-8")
    (facqa / "dev.jsonl").write_text("{}\n", encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("{}\n", encoding="utf-8")

    def key(groups: int = 20) -> str:
        return fitting.training_key(argparse.Namespace(seeds=[questions], corpus=corpus, facqa=facqa, groups=groups))

    first = key()
    assert key() == first
    assert key(groups=10) != first
    (corpus / "a.txt").write_text("Judul\n\nIsi lain.", encoding="utf-8")
    changed_corpus = key()
    assert changed_corpus != first
    questions.write_text('{"id": "x"}\n', encoding="utf-8")
    assert key() != changed_corpus


def test_bundled_model_keeps_the_owner_limits_on_dev():
    """The default strictness as fitted: at most 4% of the intact dev questions refused
    (the owner allows 5% on test), and dev hit@1 within 0.005 of the 0.798 of earlier
    versions. A refit that crosses either must choose another point."""
    bundled = _bundled()
    assert bundled["dev_intact_refused"] <= 0.04
    assert bundled["dev_hit_at_1"] >= 0.793
    assert bundled["dev_removed_refused"] > 0.485  # more refused than before the operating point moved


def _asked(coverage: float, right: bool) -> Asked:
    question = EvalQuestion(f"q{coverage}", "?", ("a",), ("d",))
    return Asked(question, Question(text="?", language="id", answer_type=None), None, _evidence(coverage=coverage), right)


def test_the_trade_off_curve_marks_the_chosen_point_and_moves_one_way(fitting):
    """``fit_confidence.py --curve``: as the threshold rises, more is refused once the
    answer is gone and more of the intact corpus too, hit@1 never rises, and the chosen
    threshold has its own row. The log-odds here are 10 x coverage - 5."""
    intact = [(0.95, True), (0.8, True), (0.6, False), (0.45, True)]
    removed = [0.7, 0.5, 0.3, 0.1]
    run = PairedRun(pairs=[Pair(_asked(c, r), _asked(m, False)) for (c, r), m in zip(intact, removed)])
    training = fitting.Training(dev=run, seeds=run, archive=run, unanswerable=(), dev_all=tuple(p.intact for p in run.pairs))
    w = np.zeros(1 + 2 * len(FEATURES) - 1)
    w[0], w[1 + FEATURES.index("coverage")] = -5.0, 10.0
    lines = fitting.curve(w, training, chosen=0.25).splitlines()
    rows = [[float(x) for x in line.split()[:5]] for line in lines[1:]]
    chosen = [i for i, line in enumerate(lines[1:]) if line.endswith("<- chosen")]
    assert [rows[i][0] for i in chosen] == [round(1 / (1 + math.exp(-0.25)), 4)]
    for before, after in zip(rows, rows[1:]):
        assert after[0] > before[0]
        assert after[1] >= before[1] and after[3] >= before[3]  # refused: removed, intact
        assert after[4] <= before[4]  # hit@1
    assert all(r[1] + r[2] == pytest.approx(1.0) for r in rows)  # removed: refused or answered
    # At p 0.5: removed 0.3 and 0.1 refused, 0.5 shown (at the threshold is shown, as
    # ModelDecision shows it); the intact 0.45 refused; hit@1 2 of 4 (0.6 was wrong).
    assert rows[[r[0] for r in rows].index(0.5)][1:] == [0.5, 0.5, 0.25, 0.5]


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", "asks_person"),
        ("Who is the acting regent of South Bengkulu?", "asks_person"),
        ("Kapan Pjs Bupati BS memimpin apel pagi?", "asks_time"),
        ("Berapa lama Herwan Antoni menjabat Pjs Bupati?", "asks_number"),  # a duration: a number of units
        ("Tahun berapa ASN dilarang berkampanye?", "asks_number"),
        ("Berapa jumlah ASN di Bengkulu Selatan?", "asks_count"),
        ("Di mana Pjs Bupati OKU Timur menggelar rapat kerja?", "asks_place"),
        ("Apa nama program Pjs Bupati Seluma?", "asks_thing"),
        ("Mengapa ASN harus netral?", None),  # another kind: no flag
    ],
)
def test_evidence_says_what_kind_of_thing_is_asked(seed_corpus, question, asks):
    searcher = Searcher(Library.from_corpus(seed_corpus), decision=AcceptAll())
    _, decided = searcher.explain(question, depth=1)
    flags = {name: getattr(decided[0].evidence, name) for name in FEATURES if name.startswith("asks_")}
    assert flags == {name: float(name == asks) for name in flags}


def test_bundled_model_asks_more_of_a_who_question():
    """Fitted on dev: a passage that is no answer to "Siapa ..." still names someone, so
    the same evidence is worth less for it than for "Apa ..."."""
    model = load_model()
    assert model.coefficients[FEATURES.index("asks_person")] < model.coefficients[FEATURES.index("asks_thing")]
