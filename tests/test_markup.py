"""HTML pasted with a question is no word of it; a user's own angle brackets are (H94,
H96)."""

from __future__ import annotations

import pytest

from retrieval.language import load_language
from retrieval.markup import without_markup


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("<b>Siapa</b> Pjs Bupati?", " Siapa  Pjs Bupati?"),
        ("Siapa Pjs? <br/>", "Siapa Pjs?  "),
        ('<a href="https://x.example/?a=1&amp;b=2">Siapa</a> Pjs?', " Siapa  Pjs?"),
        ("Siapa Pjs? <script>alert(1)</script> ya", "Siapa Pjs?   ya"),
        ("<P CLASS='x'>Siapa Pjs?</P>", " Siapa Pjs? "),
        ("&lt;b&gt;Siapa&lt;/b&gt; Pjs?", " Siapa  Pjs?"),  # escaped tags, as a CMS shows them
        ("Apa itu R&amp;D?", "Apa itu R&D?"),
        ("Berapa &#8220;suara&#8221;?", "Berapa \u201csuara\u201d?"),
        # The user's own: no element's name, no tag (H96: these lost their words).
        ("Siapa Pjs Bupati <Bengkulu Selatan>?", "Siapa Pjs Bupati <Bengkulu Selatan>?"),
        ("Siapa pemenang <Pilkada OKU Timur> 2024?", "Siapa pemenang <Pilkada OKU Timur> 2024?"),
        ("Apakah x<y dan y>z?", "Apakah x<y dan y>z?"),
        ("Berapa kasus < 10 dan > 5?", "Berapa kasus < 10 dan > 5?"),
        ("Siapa <3 ASN?", "Siapa <3 ASN?"),
        ("harga <style> Siapa Pjs Bupati", "harga   Siapa Pjs Bupati"),  # never closed: its tag alone
        ("Apa kata AT&T dan R&D?", "Apa kata AT&T dan R&D?"),
        ("Apa isi &notes tentang ASN?", "Apa isi &notes tentang ASN?"),
    ],
)
def test_markup_pasted_with_a_question_is_no_word_of_it(text, question):
    assert without_markup(text, load_language().html_tags) == question


def test_a_bracketed_place_is_answered_as_the_bare_question(searcher):
    bracketed = searcher.ask("Siapa Pjs Bupati <Bengkulu Selatan>?").answers
    assert bracketed and bracketed[0].doc_id == "004_b8076227a415273f"
