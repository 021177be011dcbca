"""Courtesies around a question are no words of it ("halo, ...", "..., terima kasih")."""

from __future__ import annotations

import pytest

from retrieval.courtesy import without_courtesies, without_topic_opener
from retrieval.language import load_language, spelled_out


@pytest.fixture(scope="module")
def courtesies() -> tuple[str, ...]:
    return load_language().courtesies


@pytest.fixture(scope="module")
def address_words() -> tuple[str, ...]:
    return load_language().address_words


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("halo, siapa pjs bupati bengkulu selatan?", "siapa pjs bupati bengkulu selatan?"),
        ("min, siapa pjs bupati oku timur", "siapa pjs bupati oku timur"),
        ("kak siapa pjs bupati oku timur", "siapa pjs bupati oku timur"),  # no comma: a lower-case word follows
        ("mau tanya, siapa pjs", "siapa pjs"),
        ("tanya dong siapa pjs", "siapa pjs"),
        ("Hai kak! Siapa Pjs Bupati OKU Timur? Makasih ya 🙏", "Siapa Pjs Bupati OKU Timur?"),
        ("Hi, who is the acting regent of South Bengkulu? thanks", "who is the acting regent of South Bengkulu?"),
        ("siapa pjs bupati bengkulu selatan, terima kasih", "siapa pjs bupati bengkulu selatan,"),
        ("Saya mau tahu, siapa pjs bupati oku timur?", "siapa pjs bupati oku timur?"),  # H66
        ("kira-kira siapa pjs bupati oku timur?", "siapa pjs bupati oku timur?"),
        ("Menurut Anda, siapa pjs bupati oku timur?", "siapa pjs bupati oku timur?"),
        ("Menurut Sisardi, ASN adalah kunci apa?", "Menurut Sisardi, ASN adalah kunci apa?"),  # whose words: kept
        ("Can you tell me who the acting regent of OKU Timur is?", "who the acting regent of OKU Timur is?"),
        ("Halo, Bandung itu apa?", "Bandung itu apa?"),
        # The word a user calls the bot by, at the very end, with or without particles.
        ("siapa pjs bupati bengkulu selatan kak?", "siapa pjs bupati bengkulu selatan?"),
        ("siapa pjs bupati bengkulu selatan ya kak?", "siapa pjs bupati bengkulu selatan?"),
        ("siapa pjs bupati bengkulu selatan min", "siapa pjs bupati bengkulu selatan"),
        ("bang, siapa pjs bupati bengkulu selatan?", "siapa pjs bupati bengkulu selatan?"),
        ("Siapa Pjs Bupati OKU Timur gan??", "Siapa Pjs Bupati OKU Timur??"),
        # Kept: a word that only ends like one, an honorific before a name, "lagi".
        ("siapa nama kakak beradik itu?", "siapa nama kakak beradik itu?"),
        ("kapan apel dipimpin Pak Sisardi?", "kapan apel dipimpin Pak Sisardi?"),
        ("apa itu bot?", "apa itu bot?"),
        ("Siapa personel Big Bang?", "Siapa personel Big Bang?"),  # capitalised: a name's end
        ("Siapa Pjs Bupati Bengkulu Selatan ya Kak?", "Siapa Pjs Bupati Bengkulu Selatan?"),  # ...not after "ya"
        ("SIAPA PJS BUPATI BENGKULU SELATAN YA KAK?", "SIAPA PJS BUPATI BENGKULU SELATAN?"),  # all capitals
        ("TOLONG JELASKAN PESAN PJS BUPATI OKU TIMUR", "JELASKAN PESAN PJS BUPATI OKU TIMUR"),  # H66
        ("HALO BANDUNG ITU LAGU APA?", "BANDUNG ITU LAGU APA?"),  # in capitals, no telling
        ("What caused the Big Bang?", "What caused the Big Bang?"),
        ("siapa lagi kak?", "siapa lagi?"),
        # Kept: inside the question, a name after a greeting word, or nothing else left.
        ("Siapa yang mengucapkan terima kasih kepada ASN?", "Siapa yang mengucapkan terima kasih kepada ASN?"),
        ("Halo Bandung itu lagu apa?", "Halo Bandung itu lagu apa?"),
        ("halogen itu apa?", "halogen itu apa?"),
        ("halo", "halo"),
        ("terima kasih!", "terima kasih!"),
    ],
)
def test_courtesies_around_a_question_are_taken_off(courtesies, address_words, text, question):
    assert without_courtesies(text, courtesies, address_words) == question


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # A question word, in any case, ends a leading courtesy as a lower-case word does.
        ("Tanya Siapa Pjs Bupati OKU Timur?", "Siapa Pjs Bupati OKU Timur?"),
        ("Permisi Kapan apel digelar?", "Kapan apel digelar?"),
        ("Tanya Di Mana rapat digelar?", "Di Mana rapat digelar?"),
        ("Saya mau tanya siapa Pjs?", "siapa Pjs?"),
        # ... and nothing else does: a name after a greeting word stays.
        ("Halo Bandung itu lagu apa?", "Halo Bandung itu lagu apa?"),
        ("Halo Di Bandung ada apa?", "Halo Di Bandung ada apa?"),
        ("Tanya Jawab Pilkada itu apa?", "Tanya Jawab Pilkada itu apa?"),
    ],
)
def test_a_question_word_ends_a_leading_courtesy_whatever_its_case(courtesies, address_words, text, question):
    assert without_courtesies(text, courtesies, address_words, load_language().question_starts) == question


@pytest.mark.parametrize(
    "question",
    [
        "halo, siapa pjs bupati bengkulu selatan?",
        "kak siapa pjs bupati bengkulu selatan",
        "permisi, siapa pjs bupati bengkulu selatan?",
        "siapa pjs bupati bengkulu selatan, terima kasih",
        "Hi, who is the acting regent of South Bengkulu? thanks",
        "siapa pjs bupati bengkulu selatan kak?",
        "siapa pjs bupati bengkulu selatan ya kak?",
        "bang, siapa pjs bupati bengkulu selatan?",
        "Tanya Siapa Pjs Bupati Bengkulu Selatan?",
        "Saya mau tanya siapa Pjs Bupati Bengkulu Selatan?",
        "Permisi Siapa Pjs Bupati Bengkulu Selatan?",
        "Saya mau tahu, siapa Pjs Bupati Bengkulu Selatan?",
        "Kira-kira siapa Pjs Bupati Bengkulu Selatan?",  # refused while "kira-kira" was a word no passage holds
        "Menurutmu siapa Pjs Bupati Bengkulu Selatan?",
        "Sobat, siapa Pjs Bupati Bengkulu Selatan?",
        # The asker of themself: "saya" matched a regent's "rapat perdana saya" (H66).
        "Saya dari Bengkulu Selatan. Siapa Pjs Bupatinya sekarang?",
        # Asking for information, as newsroom chats open a question (H94: refused before).
        "Info siapa Pjs Bupati Bengkulu Selatan?",
        "Tolong info siapa Pjs Bupati Bengkulu Selatan",
        "Minta info, siapa Pjs Bupati Bengkulu Selatan?",
        "Boleh tahu siapa Pjs Bupati Bengkulu Selatan?",
        "Cari info Pjs Bupati Bengkulu Selatan",
        # Markup pasted with it (H94: refused before, the tags' names read as words).
        "<b>Siapa</b> Pjs Bupati Bengkulu Selatan?",
        "Siapa Pjs Bupati Bengkulu Selatan? <br>",
        "Siapa Pjs Bupati Bengkulu Selatan? <script>alert(1)</script>",
        "<p>Siapa&nbsp;Pjs Bupati Bengkulu Selatan?</p>",
    ],
)
def test_a_greeted_question_is_answered_as_the_bare_one(searcher, question):
    answers = searcher.ask(question).answers
    assert answers and answers[0].doc_id == "004_b8076227a415273f"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("berita tentang Pilkada OKU Timur", "Pilkada OKU Timur"),
        ("berita tentang Diana", "Diana"),  # a name after it too, unlike after a greeting
        ("Berita terbaru soal netralitas ASN?", "netralitas ASN?"),
        ("cari info tentang: apel pagi", "apel pagi"),
        ("News about the acting regent of OKU Timur", "the acting regent of OKU Timur"),
        # Kept: inside the question, or a word that only begins like it.
        ("Apa nama kantor berita milik pemerintah China?", "Apa nama kantor berita milik pemerintah China?"),
        ("Siapa yang menyebarkan berita tentang ASN?", "Siapa yang menyebarkan berita tentang ASN?"),
        ("berita tentangnya siapa?", "berita tentangnya siapa?"),
        ("berita tentang", ""),  # about nothing: the front ends list the articles
        ("news about?", ""),
    ],
)
def test_a_request_for_the_news_on_a_topic_is_no_word_of_it(text, question):
    assert without_topic_opener(text, load_language().topic_openers) == question


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # The latest asked for stays, for the answers' order and the age note.
        ("Berita terbaru soal netralitas ASN?", "terbaru netralitas ASN?"),
        ("What is the latest news on neutrality in Muba?", "latest neutrality in Muba?"),
        ("Apa kabar terbaru dari Bengkulu Selatan?", "terbaru Bengkulu Selatan?"),
        ("Ada berita apa soal Rejang Lebong?", "Rejang Lebong?"),
        # Spelt out from groups of alternatives: each was missing from the list.
        ("Ada berita mengenai netralitas ASN di Muba?", "netralitas ASN di Muba?"),
        ("Apa kabar terbaru mengenai Bengkulu Selatan?", "terbaru Bengkulu Selatan?"),
        ("Carikan informasi terkini tentang Pilkada OKU Timur", "terkini Pilkada OKU Timur"),
        ("ada info apa dari Lahat?", "Lahat?"),
        ("Kabar dari mana yang benar?", "Kabar dari mana yang benar?"),  # no bare "kabar dari"
        ("latest news from Bengkulu", "latest Bengkulu"),
        ("Berita dari mana yang menyebut ASN tidak netral?", "Berita dari mana yang menyebut ASN tidak netral?"),  # a question (helper-130)
        ("berita terbaru tentang?", ""),  # still about nothing
        ("Apa kabar?", "Apa kabar?"),  # small talk, not an opener
    ],
)
def test_an_openers_word_asking_for_the_latest_stays(text, question):
    language = load_language()
    latest = {phrase[0] for phrase in language.latest_words if len(phrase) == 1}
    assert without_topic_opener(text, language.topic_openers, latest) == question


@pytest.mark.parametrize(
    ("question", "found", "now"),
    [
        ("Apa kabar terbaru dari Bengkulu Selatan?", True, True),
        ("What is the latest news on neutrality in Muba?", True, True),
        ("Ada berita apa soal Rejang Lebong?", True, False),
        ("Apa kabar terbaru dari Seluma?", False, False),  # no article on it
    ],
)
def test_a_request_for_the_latest_news_is_answered_latest_first_with_its_age(searcher, question, found, now):
    result = searcher.ask(question)
    assert result.found is found
    assert (result.asked_as_of is not None) is now


@pytest.mark.parametrize(
    ("question", "found"),
    [
        # "berita" matched the outlet in "KANTOR-BERITA.COM, BENGKULU||", and a request about
        # what no article holds got that article's first paragraph.
        ("berita tentang diana", False),
        ("berita tentang Diana", False),
        ("kabar tentang Pjs Bupati Seluma", False),
        ("halo, berita tentang Pjs Bupati OKU Timur", True),
        ("tolong carikan berita tentang apel pagi Pjs Bupati Bengkulu Selatan", True),
    ],
)
def test_a_request_for_the_news_is_answered_as_its_topic(searcher, question, found):
    assert bool(searcher.ask(question).answers) is found



@pytest.mark.parametrize(
    ("text", "question"),
    [
        # "info" asks for information before a question word or punctuation (H94) ...
        ("Info siapa Pjs Bupati OKU Timur?", "siapa Pjs Bupati OKU Timur?"),
        ("info, siapa Pjs Bupati OKU Timur?", "siapa Pjs Bupati OKU Timur?"),
        ("Halo, info siapa Pjs Bupati OKU Timur?", "siapa Pjs Bupati OKU Timur?"),
        ("Tolong info siapa Pjs Bupati OKU Timur?", "siapa Pjs Bupati OKU Timur?"),
        # ... and is a word of the question before anything else (H96).
        ("Info palsu apa yang beredar di OKU Timur?", "Info palsu apa yang beredar di OKU Timur?"),
        ("Infonya benar?", "Infonya benar?"),
    ],
)
def test_an_asking_opener_goes_only_before_a_question_word(courtesies, address_words, text, question):
    language = load_language()
    assert without_courtesies(text, courtesies, address_words, language.question_starts, language.asking_openers) == question


@pytest.mark.parametrize(
    ("line", "phrases"),
    [
        ("berita tentang", ["berita tentang"]),
        ("(berita|kabar) soal", ["berita soal", "kabar soal"]),
        ("[ada] berita [terbaru|terkini] soal", ["ada berita terbaru soal", "ada berita terkini soal", "ada berita soal", "berita terbaru soal", "berita terkini soal", "berita soal"]),
    ],
)
def test_a_line_of_alternatives_is_spelt_out(line, phrases):
    assert spelled_out(line) == phrases


@pytest.mark.parametrize(
    "line",
    # helper-133: groups glued together, or an alternative left empty, were taken in.
    ["(berita|kabar soal", "berita|kabar soal", "[ada) berita", "(berita|kabar)(soal|tentang)", "[ada|cari](berita) soal", "(berita||kabar) soal", "() soal"],
)
def test_a_broken_group_is_refused_with_the_line(line):
    with pytest.raises(ValueError, match="neither a word nor a group"):
        spelled_out(line)


@pytest.mark.parametrize(
    ("question", "follows_on"),
    [
        ("Kalau yang di OKU Timur?", True),
        ("kalo di muba gimana?", True),
        ("Bagaimana dengan Bengkulu Selatan?", True),
        ("What about OKU Timur?", True),
        ("and in Muba?", True),
        ("Kalau Sisardi?", True),
        ("dan di OKU Timur?", True),  # helper-186: answered with no word that it stood alone
        ("yang di Muba?", True),
        ("Dan siapa Sekda Muba?", False),
        ("Dan siapa Joko Widodo?", False),  # a whole question: "dan" opens one only before "di", "yang"
        ("Dan siapa Sisardi?", False),
        # It asks something of its own: an office, a topic, a question word's object.
        ("Kalau di Muba, siapa Plh Sekda?", False),
        ("Bagaimana dengan netralitas ASN di Muba?", False),
        ("Lalu lintas di Muba?", False),  # "lalu lintas" is traffic
        ("Siapa Pjs Bupati OKU Timur?", False),
    ],
)
def test_a_question_going_on_from_one_before_is_told(searcher, question, follows_on):
    assert searcher.follows_on(searcher.analyze(question)) is follows_on


def test_a_follow_up_nothing_answers_is_told_to_say_it_whole(searcher):
    result = searcher.ask("Kalau yang di Seluma?")
    assert result.answers == () and result.refers_back and not result.follows_on
    assert searcher.ask("Kalau yang di OKU Timur?").to_json()["follows_on"] is True
