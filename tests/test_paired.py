"""`tanya eval --unanswerable`: each question asked again without its answering article,
on a corpus small enough that every outcome is known."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.corpus import Document
from retrieval.decision import CoverageRule, ModelDecision
from retrieval.evaluate import EvalQuestion
from retrieval.library import Library
from retrieval.paired import AcceptAll, ask_first, report, run_pairs, scores
from retrieval.search import Searcher
from tests.conftest import SEEDS_TODAY

ARTICLES = {
    "lebong": (
        "Pjs Bupati Lebong Dilantik",
        "Penjabat Sementara (Pjs) Bupati Lebong, Andi Saputra, dilantik di Bengkulu pada Senin.",
        "Andi Saputra meminta seluruh ASN Kabupaten Lebong menjaga netralitas selama Pilkada.",
    ),
    "kaur": (
        "Pjs Bupati Kaur Pimpin Apel",
        "Pjs Bupati Kaur, Budi Hartono, memimpin apel pagi di halaman kantor bupati.",
        "Budi Hartono mengingatkan ASN Kabupaten Kaur agar tidak ikut berkampanye.",
    ),
    "pasar": (
        "Harga Cabai Naik di Pasar Panorama",
        "Harga cabai merah di Pasar Panorama naik menjadi Rp 80.000 per kilogram pekan ini.",
        "Pedagang menyebut pasokan dari Curup berkurang karena hujan.",
    ),
}

QUESTIONS = [
    EvalQuestion("q1", "Siapa Pjs Bupati Lebong?", ("Andi Saputra",), ("lebong",)),
    EvalQuestion("q2", "Siapa Pjs Bupati Kaur?", ("Budi Hartono",), ("kaur",)),
    EvalQuestion("q3", "Berapa harga cabai merah di Pasar Panorama?", ("Rp 80.000",), ("pasar",)),
    EvalQuestion("q4", "Siapa presiden Prancis?", (), ()),  # unanswerable: not asked twice
]


def documents() -> list[Document]:
    return [Document(doc_id, title, "contoh.id", "2024-09-30", paragraphs) for doc_id, (title, *paragraphs) in ARTICLES.items()]


@pytest.fixture(scope="module")
def run():
    return run_pairs(documents(), QUESTIONS, lambda q: frozenset(q.relevant), facqa=False, groups=3)


def test_each_answerable_question_is_asked_twice(run):
    assert [p.intact.question.id for p in run.pairs] == ["q1", "q2", "q3"]
    assert run.left_out == 0 and run.rebuilds == 3


def test_intact_answers_are_right_and_removed_ones_cannot_be(run):
    assert all(p.intact.right for p in run.pairs)
    assert not any(p.removed.right for p in run.pairs)


def test_accepting_everything_answers_every_removed_question_wrongly(run):
    accepting = scores(run, AcceptAll())
    # q1 and q2 find the other regent's article; q3 shares only "harga"... or nothing.
    assert accepting.intact_right == 1.0 and accepting.removed_right == 0.0
    assert accepting.removed_wrong + accepting.removed_refused == pytest.approx(1.0)


@pytest.mark.parametrize("decision", [ModelDecision.bundled(), CoverageRule()], ids=["model", "old rule"])
def test_both_decisions_refuse_the_other_regents_article(run, decision):
    result = scores(run, decision)
    assert result.intact_refused == 0.0
    assert result.removed_refused == 1.0


@pytest.mark.parametrize(
    ("question", "first_passed_over"),
    [
        # The OKU Timur meeting's paragraph ranks first and is passed over: a user is shown
        # the next ones. Judged at the first ranked passage alone, it counted as refused.
        ("Kapan Pilkada 2024 digelar?", True),
        ("Siapa Pjs Bupati Bengkulu Selatan?", False),
        ("Apa hobi Sisardi?", False),  # refused
        ("Siapa presiden Prancis?", False),  # no passage shares a word
    ],
)
def test_the_passage_judged_first_is_the_one_a_user_is_shown_first(seed_corpus, question, first_passed_over):
    library = Library.from_corpus(seed_corpus)
    model = ModelDecision.bundled()
    judging = Searcher(library, decision=AcceptAll(), today=lambda: SEEDS_TODAY)
    asked = ask_first(judging, EvalQuestion("q", question, (), ()), lambda decided: False)
    shown = Searcher(library, decision=model, today=lambda: SEEDS_TODAY).ask(question).answers
    if first_passed_over:  # the case this guards: the first ranked passage alone is no answer
        assert judging.explain(question, depth=1)[1] == [] and shown
    accepted = asked.judged is not None and asked.evidence is not None and model.accepts(asked.analyzed, asked.judged, asked.evidence)
    assert accepted == bool(shown)
    if shown:
        assert asked.judged is not None and library.passages.texts[asked.judged.passage] == shown[0].text


def test_a_question_whose_answer_stands_elsewhere_is_left_out():
    docs = documents()
    twice = EvalQuestion("q5", "Siapa yang dilantik sebagai Pjs Bupati Lebong?", ("Bengkulu",), ("lebong",))
    run = run_pairs(docs + [Document("copy", "Bengkulu", None, None, ("Bengkulu hujan deras.",))], [twice], lambda q: frozenset(q.relevant), False)
    assert run.left_out == 1 and not run.pairs


def test_with_no_pair_the_figures_are_na_not_a_measured_zero():
    docs = documents()
    twice = EvalQuestion("q5", "Siapa yang dilantik sebagai Pjs Bupati Lebong?", ("Bengkulu",), ("lebong",))
    run = run_pairs(docs + [Document("copy", "Bengkulu", None, None, ("Bengkulu hujan deras.",))], [twice], lambda q: frozenset(q.relevant), False)
    lines = report("title", run, {"tanya": ModelDecision.bundled(None)}).splitlines()
    assert lines[1].startswith("questions: 0 asked twice (1 left out")
    assert all(line.split()[-1] == "n/a" for line in lines[3:]) and len(lines) == 9


@pytest.fixture
def eval_files(tmp_path) -> tuple[Path, Path]:
    """ARTICLES as a corpus of files, and QUESTIONS as a seed-style question file."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id, (title, *paragraphs) in ARTICLES.items():
        (corpus / f"{doc_id}.txt").write_text("\n\n".join((title, *paragraphs)) + "\n", encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        "\n".join(json.dumps({"id": q.id, "question": q.question, "answer": (q.answers or (None,))[0], "doc": (q.relevant or (None,))[0]}) for q in QUESTIONS),
        encoding="utf-8",
    )
    return corpus, questions


def test_cli_unanswerable_mode(eval_files):
    corpus, questions = eval_files
    done = subprocess.run(
        [sys.executable, "-m", "bot", "eval", "--questions", str(questions), "--corpus", str(corpus), "--unanswerable", "--groups", "2"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "questions: 3 asked twice (0 left out" in lines[1]
    refused = next(line for line in lines if line.startswith("answer removed: refused")).split()
    assert refused[-2:] == ["1.000", "1.000"]  # tanya, old rule


def test_cli_refuses_bad_groups(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bot", "eval", "--unanswerable", "--groups", "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--groups" in done.stderr and "Traceback" not in done.stderr


def _capped_memory() -> None:
    # A child allowed 8 GB of address space: a run that grows with --groups fails in
    # seconds, not hours (a list per group of 10**11 is terabytes).
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))


@pytest.mark.parametrize("groups", ["3", "4", "100000000000"])
def test_cli_more_groups_than_questions_is_one_question_a_group(eval_files, groups):
    corpus, questions = eval_files
    done = subprocess.run(
        [sys.executable, "-m", "bot", "eval", "--questions", str(questions), "--corpus", str(corpus), "--unanswerable", "--groups", groups],
        capture_output=True, text=True, timeout=120, preexec_fn=_capped_memory,
        # One BLAS thread: a buffer reserved per core would count against the cap on a large machine.
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "questions: 3 asked twice (0 left out" in done.stdout.splitlines()[1]
