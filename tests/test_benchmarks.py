"""The command-line speed benchmark end to end, small: it runs, every question is
answered in each run, and it prints the figures the README quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from beside import FACQA

from benchmarks import cli_speed


@pytest.mark.parametrize("facqa", [FACQA, Path("no-such-facqa")], ids=["facqa", "seed-questions-only"])
def test_cli_speed_prints_its_figures(facqa, tmp_path, capsys):
    if facqa == FACQA and not (FACQA / "facqa_questions.jsonl").exists():
        pytest.skip("FacQA is not beside the repository")
    cli_speed.main(["--size", "1500", "--questions", "12", "--time-cap", "0.2", "--facqa", str(facqa), "--work", str(tmp_path), "--repeat", "2"])
    printed = capsys.readouterr().out
    assert re.search(r"tanya ask --json --top-k 10, 12 questions on stdin: [\d.]+ s, one question: [\d.]+ s \(medians of 2 runs\)", printed), printed
    # At this size a difference of two runs is noise, and may come out below zero.
    assert re.search(r"24 questions: [\d.]+ s; -?[\d.]+ ms a question once warm \(the last 12: that run less the first\)", printed), printed
    assert re.search(r"rank-bm25 mean / tanya: -?[\d.]+x with the start, -?[\d.]+x without it, -?[\d.]+x once warm", printed), printed


def test_typos_benchmark_counts_what_survives_a_dropped_letter(tmp_path, capsys):
    from benchmarks import typos

    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"question": "Siapa Pjs Bupati Bengkulu Selatan?", "answer": "Sisardi", "doc": "004_b8076227a415273f"}\n'
        '{"question": "Siapa presiden Prancis?", "answer": null}\n',
        encoding="utf-8",
    )
    typos.main([str(questions)])
    printed = capsys.readouterr().out
    # "Bupati", "Bengkulu" and "Selatan": one typo each of the one answerable question.
    assert re.search(r"^1 questions, 3 typos: the first answer as written for [0-3] \([\d.]+\)$", printed, re.M), printed


def test_scale_says_which_peer_is_missing_before_it_builds_anything(tmp_path):
    # Run without tantivy, the scale benchmark wrote a 1M corpus and built our index
    # (six minutes) before its tantivy worker died with a traceback.
    import subprocess
    import sys

    code = "import sys; sys.modules['tantivy'] = None; from benchmarks.scale import main; main(['--sizes', '1000', '--out', sys.argv[1]])"
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert run.returncode == 1  # SystemExit with a message
    said = run.stderr.strip()
    assert said.startswith("python -m benchmarks.scale: ") and said.endswith(" not installed; pip install -e '.[bench]'")
    assert "tantivy" in said
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_stages_splits_each_answer_into_its_stages(seeds_dir, tmp_path, capsys):
    if not (FACQA / "facqa_questions.jsonl").exists():
        pytest.skip("FacQA is not beside the repository")
    from benchmarks import stages

    stages.main([str(seeds_dir), str(tmp_path / "index"), str(FACQA), "--questions", "30", "--slowest", "3"])
    printed = capsys.readouterr().out
    assert re.match(r"30 questions: whole answer p50 [\d.]+ ms, p95 [\d.]+ ms\n", printed), printed
    rows = dict(re.findall(r"^\s*(\w+)\s+([\d.]+)\s+[\d.]+\s+[\d.]+$", printed, re.MULTILINE))
    assert set(rows) == set(stages.STAGES)
    # The candidates stage holds retrieval and the filters; every question is analysed.
    assert float(rows["candidates"]) >= float(rows["retrieve"]) > 0 and float(rows["analyze"]) > 0
    assert len(re.findall(r"^\s+[\d.]+  analyze=", printed, re.MULTILINE)) == 3
