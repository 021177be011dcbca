"""The citing stage (retrieval.citing): the answers a user sees, made from the passages
the no-answer decision lets through."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scratch_corpus import searcher_over

from retrieval.chunking import opens_on_an_unnamed_referent
from retrieval.citing import Citer
from retrieval.search import Searcher


class WholeParagraphs:
    """Another citing stage: the bundled one's answers, each showing its whole paragraph
    where the bundled one shows an excerpt (a screen with room for it)."""

    def __init__(self, citer: Citer) -> None:
        self.citer = citer

    def cite(self, question, decided, top_k):
        return [replace(answer, excerpt=answer.text, highlights=answer.text_highlights) for answer in self.citer.cite(question, decided, top_k)]


def test_the_citing_stage_is_passed_in(searcher):
    """The Searcher takes its citing stage from outside, as it takes its place filter:
    with one showing whole paragraphs, the answer to where Muba's civil servants met
    shows its paragraph's opening words ("Pegawai Muba akan"), which the bundled
    excerpt leaves out, and cites the same paragraph."""
    question = "Di mana ASN Pemkab Muba berkumpul untuk deklarasi netralitas?"
    assert isinstance(searcher.citer, Citer)
    whole = Searcher(searcher.library, today=searcher.today, citer=WholeParagraphs(searcher.citer))
    bundled, shown = searcher.ask(question).answers[0], whole.ask(question).answers[0]
    assert (shown.doc_id, shown.paragraph, shown.text) == (bundled.doc_id, bundled.paragraph, bundled.text)
    assert bundled.excerpt.startswith("…satu komando") and "Pegawai Muba akan" not in bundled.excerpt
    assert shown.excerpt == bundled.text and shown.excerpt.startswith("Pegawai Muba akan satu komando")


@pytest.mark.parametrize(
    ("paragraph", "unnamed"),
    [
        ("Acara tersebut berlangsung pada Senin, (30/9/24), di Gedung Pola.", True),
        ("Pertemuan ini berlangsung di Aula Bina Praja II Pemkab OKU Timur.", True),
        # A side clause: the sentence goes on about the one who speaks.
        ("Dalam pertemuan tersebut, Rosjonsyah menyampaikan berbagai instruksi.", False),
        ("Dalam kesempatan itu, Pjs. Bupati Rejang Lebong, Dr. H. Herwan Antoni, ...", False),
        ("Hal tersebut juga ditandai dengan Deklarasi Netralitas.", True),
        ("Pesan tersebut disampaikan Sisardi saat memberikan arahan.", True),
        # The kind of thing is named: a reader knows what it was.
        ("Dalam rapat tersebut, Prof. Edwar menekankan pentingnya netralitas.", False),
        ("Sementara itu, Pj Bupati Apriyadi Mahmud menegaskan ...", False),
        ("Acara peringatan HUT ini rencananya akan mencapai puncaknya pada 18 November.", False),
        ("Rosjonsyah menegaskan bahwa acara tersebut penting.", False),
    ],
)
def test_what_opens_on_a_thing_only_the_paragraph_before_names(analyzer, paragraph, unnamed):
    assert opens_on_an_unnamed_referent(paragraph, analyzer.language) is unnamed


@pytest.mark.parametrize(
    ("question", "paragraph", "lead_in"),
    [
        # helper-190: "Pertemuan ini berlangsung di Aula Bina Praja II" told no one what met there.
        ("Ada acara apa di Aula Bina Praja II Pemkab OKU Timur?", 2, "mengadakan rapat kerja"),
        # ... nor "Acara tersebut berlangsung ... di Gedung Pola" what was held: the
        # lead's last sentence, "Rapat ini menjadi momen penting ...", is shown with it.
        ("Apa yang terjadi di Gedung Pola Kantor Gubernur Bengkulu pada Senin 30 September 2024?", 2, "Rapat ini menjadi momen penting"),
        ("Kapan pesan netralitas disampaikan Sisardi?", 3, "Adapun pesan penting tersebut adalah meminta para ASN"),
    ],
)
def test_an_excerpt_opening_on_an_unnamed_thing_comes_with_the_sentence_before(searcher, question, paragraph, lead_in):
    first = searcher.ask(question).answers[0]
    assert first.paragraph == paragraph and lead_in in first.lead_in
    assert first.text.startswith(first.excerpt[:30])  # the excerpt is still the paragraph's own
    assert len(first.lead_in) <= 201 and "KANTOR-BERITA.COM" not in first.lead_in  # no dateline
    assert first.to_json()["lead_in"] == first.lead_in


@pytest.mark.parametrize("question", ["Siapa Pjs Bupati Rejang Lebong?", "who held the meeting in OKU Timur", "Di mana Prof. Edwar menekankan netralitas ASN?"])
def test_an_excerpt_opening_on_its_own_subject_comes_alone(searcher, question):
    first = searcher.ask(question).answers[0]
    assert first.lead_in == "" and "lead_in" not in first.to_json()


GOTONG_ROYONG = {
    "melati.txt": (
        "Warga Desa Melati Gotong Royong\n\n"
        "Warga Desa Melati menggelar gotong royong membersihkan saluran irigasi pada Sabtu, 5 Oktober 2024. Humas Desa Melati.\n\n"
        "Acara itu di Pangururan.\n\n"
        "Kepala Desa Melati, Joko Susilo, memimpin gotong royong itu bersama seratus warga.\n\n"
        "Kegiatan tersebut dihadiri ratusan warga Desa Melati yang membawa cangkul dan sabit. -FOTO: TOMMI/SUMEKS-\n"
    ),
}


def test_the_lead_in_is_the_last_sentence_that_says_something(tmp_path):
    """helper-192: a first sentence shorter than the 40 characters compared got none, and
    a credit closing the paragraph before ("Humas Desa Melati.") would have been it."""
    first = searcher_over(tmp_path, GOTONG_ROYONG).ask("Acara apa di Pangururan?").answers[0]
    assert first.excerpt == "Acara itu di Pangururan."
    assert first.lead_in == "Warga Desa Melati menggelar gotong royong membersihkan saluran irigasi pada Sabtu, 5 Oktober 2024."


def test_a_photo_caption_gets_no_lead_in(tmp_path):
    """A caption is numbered after the paragraphs: the one before it is the article's
    last, no paragraph it follows on from (helper-192)."""
    answers = searcher_over(tmp_path, GOTONG_ROYONG).ask("Siapa yang membawa cangkul dan sabit?").answers
    caption = next(a for a in answers if a.caption)
    assert caption.lead_in == ""
