"""H73: a blind probe of the seeds (tests/data/seed_questions_h73_probe.jsonl, 80 questions
written by a helper who read only the articles). Each row is a finding mended this stop: what
the first answer's excerpt must show, or None for "not found". Two findings are not
mended: "jumlah camat di oku timur berapa" (answered with the opening paragraph) and "rapat
kerja oku timur di gedung apa" (the hall comes second): their mends cost FacQA dev refusals."""

from __future__ import annotations

import pytest
from scratch_corpus import top

QUESTIONS = [
    # "lama", which the seeds never write, was read as an English slip for "lamb" (refused).
    ("berapa lama herwan antoni jadi pjs bupati", "dua bulan"),
    ("Berapa bulan Herwan Antoni menjabat sebagai Pjs Bupati?", "dua bulan"),
    # "hati2" is "hati-hati" (refused).
    ("herwan antoni minta asn hati2 pas pasang apa di medsos", "status"),
    # "Penjabat Sementara" is Pjs too (refused).
    ("Siapa Penjabat Sementara Bupati Rejang Lebong?", "Herwan Antoni"),
    # "police chief" is Kapolres, whom no article names (the regent was shown).
    ("who is the police chief of OKU Timur", None),
    ("who is the OKU Timur police chief", None),  # ... asked as who holds an office of a place
    # "jam berapa" wants a time of day, which no article gives ("dua bulan" was shown).
    ("apel pagi pjs bupati rejang lebong jam berapa", None),
]


@pytest.mark.parametrize(("question", "shown"), QUESTIONS)
def test_probe_findings(searcher, question, shown):
    result = searcher.ask(question)
    if shown is None:
        assert result.answers == (), top(result)
    else:
        assert result.answers and shown.lower() in result.answers[0].excerpt.lower(), top(result)
