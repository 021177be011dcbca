"""Excerpts: which sentences of a paragraph answer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from beside import FACQA, ROOT
from scratch_corpus import searcher_over, top

from retrieval.analysis import Analyzer
from retrieval.excerpts import make_excerpt, speaker_asked

PARAGRAPH = (
    "Bupati Sisardi meminta camat menyiapkan festival desa tahun ini. "
    "Festival digelar pada Agustus. "
    "Menurut Sisardi, festival desa bertujuan memperkenalkan kerajinan warga."
)


def weights(analyzer: Analyzer, question: str) -> dict[str, float]:
    return {term: 1.0 for concept in analyzer.analyze_question(question).concepts for term in concept}


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        # Asked "menurut Bupati Sisardi", the sentence reporting his words answers; the first
        # sentence names him and the festival but says nothing of its purpose.
        ("Apa tujuan festival desa menurut Bupati Sisardi?", "memperkenalkan kerajinan", "meminta camat"),
        # Without "menurut", the sentence with the most of the question's words does.
        ("Apa yang diminta Bupati Sisardi soal festival desa?", "meminta camat", "memperkenalkan"),
    ],
)
def test_the_sentence_that_answers(analyzer, question, wanted, unwanted):
    analyzed = analyzer.analyze_question(question)
    excerpt = make_excerpt(PARAGRAPH, analyzed, analyzer, weights(analyzer, question), max_chars=90)
    assert wanted in excerpt.text and unwanted not in excerpt.text


# -- issue 11: "who said ..." keeps the speaker --------------------------------------------

KORPRI = (
    '"Sebagai anggota Korpri, kita harus netral. Jangan sampai ada ASN yang dilaporkan tidak netral. '
    'Gunakan media sosial dengan bijak dan unggah konten yang bermanfaat untuk masyarakat," ujar Prof. Edwar.'
)
# A quotation longer than an excerpt, its speaker at the end.
LONG_QUOTE = (
    '"Kita berada dalam masa transisi, tetapi itu bukan alasan untuk mengurangi kinerja. '
    "Saya minta semua OPD tetap menjalankan tugas-tugasnya secara optimal, melayani masyarakat tanpa "
    "membeda-bedakan, menjaga disiplin pegawai, memastikan anggaran terserap tepat waktu, dan melaporkan "
    "setiap kendala kepada sekretariat daerah paling lambat setiap hari Jumat. Fokus kita adalah melanjutkan "
    'program-program yang sudah berjalan dan mempersiapkan yang baru dengan sebaik-baiknya," tutur Rosjonsyah.'
)


@pytest.mark.parametrize(
    ("paragraph", "question", "said", "speaker"),
    [
        (KORPRI, "Siapa yang mengatakan anggota Korpri harus netral?", "anggota Korpri", "ujar Prof. Edwar"),
        (KORPRI, "Siapa yang berkata anggota Korpri harus netral?", "anggota Korpri", "ujar Prof. Edwar"),
        (KORPRI, "Who said Korpri members must be neutral?", "anggota Korpri", "ujar Prof. Edwar"),
        (LONG_QUOTE, "Siapa yang mengatakan masa transisi bukan alasan mengurangi kinerja?", "", "tutur Rosjonsyah"),
    ],
)
def test_asked_who_said_it_the_excerpt_names_the_speaker(analyzer, paragraph, question, said, speaker):
    analyzed = analyzer.analyze_question(question)
    excerpt = make_excerpt(paragraph, analyzed, analyzer, weights(analyzer, question))
    assert said in excerpt.text and speaker in excerpt.text
    assert len(excerpt.text) <= 400


QUOTATION = (
    '"Sebagai anggota Korpri, kita harus netral. Jangan sampai ada ASN yang dilaporkan tidak netral. '
    'Gunakan media sosial dengan bijak," ujar Prof. Edwar.'
)


@pytest.mark.parametrize(
    ("max_chars", "shown"),
    [
        # H66: "edwar juliartha bilang apa soal korpri" showed only the last sentence, the
        # middle one matching nothing: past it, the sentence holding "Korpri" matches.
        (400, QUOTATION),
        (100, 'Gunakan media sosial dengan bijak," ujar Prof. Edwar.'),  # the whole does not fit
    ],
)
def test_the_excerpt_widens_past_one_sentence_matching_nothing(analyzer, max_chars, shown):
    question = "edwar juliartha bilang apa soal korpri"
    analyzed = analyzer.analyze_question(question)
    scores = weights(analyzer, question) | {"edwar": 2.0}  # the speaker's name weighs more: that sentence is chosen first
    assert make_excerpt(QUOTATION, analyzed, analyzer, scores, max_chars=max_chars).text == shown


def test_not_asked_who_said_it_the_excerpt_keeps_to_the_answer(analyzer):
    question = "Apa yang harus dijaga anggota Korpri?"
    excerpt = make_excerpt(KORPRI, analyzer.analyze_question(question), analyzer, weights(analyzer, question))
    assert excerpt.text == '"Sebagai anggota Korpri, kita harus netral.'


@pytest.mark.parametrize(
    "question",
    ["Apa tujuan festival desa menurut Bupati Sisardi?", "Kapan festival digelar?", "Siapa yang meminta camat menyiapkan festival?"],
)
def test_an_excerpt_from_an_analysed_passage_is_the_excerpt_of_its_text(analyzer, question):
    from retrieval.analysed import analyse_passage

    analyzed = analyzer.analyze_question(question)
    plain = make_excerpt(PARAGRAPH, analyzed, analyzer, weights(analyzer, question))
    given = make_excerpt(PARAGRAPH, analyzed, analyzer, weights(analyzer, question), analysed=analyse_passage(PARAGRAPH, analyzer))
    assert given == plain and plain.text


@pytest.mark.parametrize(
    ("paragraph", "clause"),
    [
        ("“Pagi tadi saya juga memimpin apel,” ujar Pjs Bupati.", "” ujar Pjs Bupati."),
        ('"Jaga nama baik ASN," katanya. Ia lalu menutup rapat.', '" katanya.'),
        ("“Kita harus netral,” tegas Herwan Antoni", "” tegas Herwan Antoni"),
        ("“Kita harus netral,” kata dia dalam sambutannya yang panjang " + "sekali " * 30 + ".", None),  # no short clause
        ("“Kita harus netral.” Rapat lalu ditutup.", None),  # no speech word after the quotation
        ("Rapat berlangsung di aula.", None),
        # The run-on quotation's own closing mark, not a later quotation's speaker (H43).
        ("“Harus aman,” ujar Kapolres Seluma. “Kami siap,” kata Ketua DPRD Budi Santoso.", "” ujar Kapolres Seluma."),
        ("“Aman,” kata Kapolres AKBP H. Ahmad Yani. Lalu ia pulang.", "” kata Kapolres AKBP H. Ahmad Yani."),  # a title's stop
        ('"Kami berupaya." Ia menyebut program "Tegas Melayani" berjalan.', None),  # "Tegas" after an opening mark
    ],
)
def test_the_clause_closing_a_quotation_names_who_spoke(analyzer, paragraph, clause):
    from retrieval.excerpts import closing_attribution

    assert closing_attribution(paragraph, analyzer) == clause


def test_asked_who_said_a_quotation_the_next_paragraph_closes_the_excerpt_names_the_speaker(searcher):
    # "“Ini merupakan rapat perdana saya ..." runs on into the next paragraph, which ends
    # "...,” ujar Pjs Bupati.": the quotation's words alone told nobody who said them.
    answer = searcher.ask("Siapa yang mengatakan ini merupakan rapat perdana saya?", top_k=1).answers[0]
    assert answer.paragraph == 4 and answer.text.startswith("“Ini merupakan rapat perdana saya")
    assert answer.excerpt.endswith("…” ujar Pjs Bupati.")
    plain = searcher.ask("Ini merupakan rapat perdana saya sebagai Pejabat Sementara Bupati Rejang Lebong?", top_k=1).answers[0]
    assert "ujar" not in plain.excerpt  # not asked who said it: the excerpt keeps to the answer


GEDUNG_POLA = (
    "Acara tersebut berlangsung pada Senin, (30/9/24), di Gedung Pola Kantor Gubernur Bengkulu. "
    "Dalam pertemuan tersebut, Rosjonsyah menyampaikan berbagai instruksi strategis. "
    "Setidaknya, terdapat tiga poin utama yang ditekankan dalam rapat tersebut."
)


REVISED = (
    "SEKAYU, SUMSELPOS - BPBD Muba merevisi data korban banjir Sekayu. "
    "Setelah pendataan ulang, warga terdampak tercatat 845 KK atau 3.015 jiwa. "
    "Bantuan logistik telah disalurkan."
)
WHO_LED = "Siapa yang memimpin rakor di Gedung Pola?"
HOW_MANY = "Berapa korban banjir di Sekayu?"


@pytest.mark.parametrize(
    ("paragraph", "question", "max_chars", "shown"),
    [
        # H70: the sentence naming the place set the scene; the next names who led the meeting.
        (GEDUNG_POLA, WHO_LED, 400, "Acara tersebut berlangsung pada Senin, (30/9/24), di Gedung Pola Kantor Gubernur Bengkulu. "
         "Dalam pertemuan tersebut, Rosjonsyah menyampaikan berbagai instruksi strategis."),
        (GEDUNG_POLA, WHO_LED, 100, "Acara tersebut berlangsung pada Senin, (30/9/24), di Gedung Pola Kantor Gubernur Bengkulu."),  # no room
        # H116: the lead's news matched the question, its figure stood in the next sentence.
        (REVISED, HOW_MANY, 400, "SEKAYU, SUMSELPOS - BPBD Muba merevisi data korban banjir Sekayu. "
         "Setelah pendataan ulang, warga terdampak tercatat 845 KK atau 3.015 jiwa."),
        (REVISED, HOW_MANY, 80, "SEKAYU, SUMSELPOS - BPBD Muba merevisi data korban banjir Sekayu."),  # no room
    ],
)
def test_the_excerpt_takes_in_the_next_sentence_holding_what_is_asked(analyzer, paragraph, question, max_chars, shown):
    excerpt = make_excerpt(paragraph, analyzer.analyze_question(question), analyzer, weights(analyzer, question), max_chars=max_chars)
    assert excerpt.text == shown


def test_asked_when_the_excerpt_does_not_take_in_the_next_sentences_date(analyzer):
    # helper-117: the bridge's date read as the market's.
    paragraph = "Pemkab Muba merenovasi Pasar Sekayu tahun ini. Pada Senin 5 Agustus 2024, Bupati Muba juga meresmikan Jembatan Lalan."
    question = "Kapan Pasar Sekayu direnovasi?"
    excerpt = make_excerpt(paragraph, analyzer.analyze_question(question), analyzer, weights(analyzer, question))
    assert "5 Agustus" not in excerpt.text



@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # helper-134: the paragraph's sentence matching best ("Setidaknya, terdapat tiga
        # poin utama yang ditekankan dalam rapat tersebut ...") held no place.
        ("Where was the Bengkulu provincial coordination meeting on ASN neutrality held?", "di Gedung Pola"),
        ("Di mana rapat koordinasi netralitas ASN Provinsi Bengkulu digelar?", "di Gedung Pola"),
        # Not asked where: the sentence matching best, without the place.
        ("Apa saja tiga poin utama yang ditekankan Rosjonsyah dalam rapat?", "tiga poin utama"),
    ],
)
def test_asked_where_the_excerpt_shows_the_place(searcher, question, shown):
    excerpt = searcher.ask(question).answers[0].excerpt
    assert shown in excerpt
    assert ("Gedung Pola" in excerpt) == question.startswith(("Where", "Di mana"))


def test_asked_where_a_far_place_of_another_event_is_not_shown(analyzer):
    # helper-136: the nearest sentence holding a place was another meeting's, four on.
    paragraph = (
        "Pemkab Muba menggelar rapat koordinasi netralitas ASN pada Senin pagi bersama seluruh kepala OPD. "
        "Bupati meminta ASN menjaga netralitas. Camat diminta mengawasi desa. Para lurah juga hadir. "
        "Rapat serupa juga digelar di Kabupaten Banyuasin pekan lalu."
    )
    question = "Di mana rapat koordinasi netralitas ASN Pemkab Muba digelar?"
    excerpt = make_excerpt(paragraph, analyzer.analyze_question(question), analyzer, weights(analyzer, question))
    assert "Pemkab Muba menggelar rapat" in excerpt.text and "Banyuasin" not in excerpt.text


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Apa kata Sekda Bengkulu Selatan Sukarni soal netralitas ASN?", ("sekda", "bengkulu", "selatan", "sukarni")),
        ("What did Celine Dion say about Bush?", ("celine", "dion")),
        ("Apa yang dikatakan Widya Purnama?", ("widya", "purnama")),
        ("Apa katanya?", ()),
        ("Siapa yang mengatakan anggota Korpri harus netral?", None),
    ],
)
def test_whose_words_a_question_asks_for(analyzer, question, speaker):
    assert speaker_asked(analyzer.analyze_question(question), analyzer) == speaker


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Apa kata Sisardi soal netralitas ASN?", True),
        ("Apa yang dikatakan Yusran Fauzi?", True),
        ("Bagaimana tanggapan Plt Gubernur?", True),
        ("What did Yusran Fauzi say?", True),
        ("What does the acting regent say about neutrality?", True),
        # "kata" of "arti kata" is a word, not words said; "say" must follow "what did".
        ("Apa arti kata netralitas?", False),
        ("What did Sisardi ask?", False),
        ("Siapa yang mengatakan anggota Korpri harus netral?", False),
        ("What is the name of the judge who said the decision was unanimous?", False),
    ],
)
def test_a_question_asking_what_someone_said(analyzer, question, asks):
    assert (speaker_asked(analyzer.analyze_question(question), analyzer) is not None) is asks


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # A photo caption naming her beside the regent, a meeting he chaired: no words of theirs.
        ("Apa kata Sekda Bengkulu Selatan Sukarni soal netralitas ASN?", ""),
        ("What did Yusran Fauzi say?", ""),
        ("Apa yang dikatakan Yusran Fauzi?", ""),
        # The office names the speaker too: not OKI's regional secretary for its regent.
        ("Apa kata Bupati OKI soal ASN?", ""),
        ("apa kata sekda tentang asn oki?", "Asmar Wijaya MSi menjelaskan"),
        # Speech words beyond "ujar" and "mengatakan" (helper-145: "mengemukakan", "menilai",
        # "mengingatkan" had been read as no speech, and another's words shown).
        ("What did Sisardi say about public services?", "Sisardi mengingatkan"),
        # Their reported words answer.
        ("Apa kata Edwar Juliartha soal netralitas ASN?", "ujar Prof. Edwar"),
        ("What did Sisardi say about neutrality?", "Sisardi menjelaskan"),
        ("Apa kata Sisardi tentang Pilkada?", "Sisardi mengatakan"),
        # ... on the topic asked, which his article names ("netral", "ketidaknetralan"),
        ("Apa kata Sisardi soal netralitas?", "Sisardi mengatakan"),
        # ... and on none it never names (helper-185, helper-186: his lead, Edwar's words
        # on social media for his campaign, were shown).
        ("Apa kata Sisardi soal media sosial?", ""),
        ("What did Sisardi say about social media?", ""),
        ("Apa yang dikatakan Pjs Bupati OKU Timur soal kampanye?", ""),
        # Its weightiest concept, or half its weight, must be spoken of; a place, a year
        # and a word every article writes ("ASN", "Pilkada") weigh nothing or little
        # (helper-188: each of these got the same wrong words back).
        ("Apa kata Sisardi soal media sosial di Bengkulu Selatan?", ""),
        ("Apa kata Sisardi soal kampanye 2024?", ""),
        ("Apa yang dikatakan Pjs Bupati OKU Timur soal kampanye Pilkada 2024?", ""),
        ("Apa kata Sisardi soal social media?", ""),  # translated with the topic
        ("Apa kata Pjs Bupati OKU Timur soal media sosial?", "ujar Prof. Edwar"),
    ],
)
def test_asked_what_someone_said_only_their_reported_words_answer(searcher, question, said):
    shown = top(searcher.ask(question))
    assert said in shown if said else shown == ""


FIRES = {
    "api.txt": (
        "Title: Api di Hutan Kalteng\n\n"
        "Prioritas kami adalah melokalisir kobaran api agar tidak merembet ke kawasan hijau, kata Kepala Daops Manggala Agni Kalteng, Zaini.\n"
    ),
    "asap.txt": "Title: Asap Tebal di Palangkaraya\n\nSekolah diliburkan karena asap kebakaran hutan menyelimuti Palangkaraya, kata Wali Kota.\n",
    "hujan.txt": "Title: Hujan Turun\n\nHujan deras mengguyur bekas kebakaran lahan di Sampit pada Senin sore, kata petugas BMKG.\n",
    "listrik.txt": "Title: Pemadaman Listrik Bergilir\n\nPLN menjadwalkan pemadaman listrik bergilir di Sampit selama musim kemarau.\n",
    "lampu.txt": "Title: Warga Keluhkan Pemadaman\n\nWarga Palangkaraya mengeluhkan pemadaman lampu jalan pada musim kemarau.\n",
    "pasar.txt": "Title: Harga Cabai Naik\n\nHarga cabai di pasar Sampit naik menjadi Rp 60 ribu sekilo.\n",
}


def test_the_weightiest_word_of_the_topic_is_enough(tmp_path):
    # Zaini's word on "prioritas pemadaman kebakaran" writes "prioritas" and neither of
    # the others, which other articles write (helper-161's a007): less than half the
    # topic's weight, but its one weightiest concept, speaks of the topic.
    searcher = searcher_over(tmp_path, FIRES)
    assert "melokalisir kobaran api" in top(searcher.ask("Apa kata Zaini soal prioritas pemadaman kebakaran di musim kemarau?"))
    assert top(searcher.ask("Apa kata Zaini soal pemadaman listrik?")) == ""  # words of other articles


# The same question, the same archive: the same excerpt in every process. A sentence's
# score was a float sum over a set of terms, in the set's order, which follows the
# process's string hashes; two sentences matching the same words then differed by a
# rounding, and which one was shown changed with PYTHONHASHSEED (0 and 36 here).
SAME_EXCERPT_SCRIPT = """
import sys
from pathlib import Path
from retrieval.corpus import load_corpus
from retrieval.evaluate import load_facqa
from retrieval.library import Library
from retrieval.search import Searcher
from retrieval.years import as_of_latest
documents = [*load_corpus(Path(sys.argv[1])).documents, *load_facqa(Path(sys.argv[2]), "all")[0]]
searcher = Searcher(Library.build(documents), today=as_of_latest(d.date for d in documents))
result = searcher.ask("Why does Rosjonsyah consider the Bengkulu province anniversary an important moment?", top_k=1)
print(result.answers[0].excerpt)
"""


def test_the_excerpt_does_not_change_with_the_processs_string_hashes():
    if not FACQA.exists():
        pytest.skip("FacQA is not beside the repository")
    shown = set()
    for seed in ("0", "36"):
        done = subprocess.run(
            [sys.executable, "-c", SAME_EXCERPT_SCRIPT, str(ROOT / "seeds"), str(FACQA)],
            capture_output=True, text=True, check=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        shown.add(done.stdout)
    assert len(shown) == 1 and "Rosjonsyah" in shown.pop()
