"""What lies beside the repository: CI clones main with ``../shared`` next to it, and a
test reading FacQA skips, or reads the seeds alone, where it is missing. One place says
where, so that a moved folder is mended once."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACQA = ROOT.parent / "shared" / "eval"
FACQA_PASSAGES = FACQA / "facqa_passages.jsonl"
