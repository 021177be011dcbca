"""Places a question names by their kind, and articles about another place of that kind."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scratch_corpus import searcher_over, top_doc

from retrieval.place_filter import PlaceFilter
from retrieval.search import Searcher

from retrieval.places import (
    OFFICE,
    NameRun,
    OfficeSlot,
    PlaceName,
    ProvinceSlot,
    about_another_place,
    another_places_office,
    another_provinces_office,
    asks_who_holds,
    located_names,
    name_runs,
    named_places,
    office_kind_words,
    office_slots,
    province_slots,
    provinces_capitalised,
    surely_a_place,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plt Sekda Kabupaten Lebong", [NameRun(("lebong",), "regency")]),
        ("dipimpin Sekda Kab. Rejang Lebong, Yusran Fauzi", [NameRun(("rejang", "lebong"), "regency"), NameRun(("yusran", "fauzi"), None)]),
        ("ASN di lingkungan Pemerintah Kabupaten Muba", [NameRun(("muba",), "regency")]),
        ("civil servants of Rejang Lebong Regency", [NameRun(("rejang", "lebong"), "regency")]),
        ("HUT Provinsi Bengkulu yang ke-56", [NameRun(("bengkulu",), "province")]),
        # A kind word after a kind word begins the name: "Kota Iman" is a village.
        ("di Desa Kota Iman, Kecamatan Gunung Raya", [NameRun(("kota", "iman"), "village"), NameRun(("gunung", "raya"), "district")]),
        # A kind word that ends another name gives the next word no kind.
        ("Dana Desa Tahun 2025", [NameRun(("dana", "desa", "tahun"), None)]),
        # A weekday ends the name; a comma ends it too.
        ("Kota Besar Medan Sabtu lalu", [NameRun(("besar", "medan"), "city")]),
        ("Desa Trimurti, Srandakan", [NameRun(("trimurti",), "village"), NameRun(("srandakan",), None)]),
        ("kota bandung", []),
    ],
)
def test_name_runs(analyzer, text, expected):
    assert list(name_runs(text, analyzer)) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Berapa ASN di Pemkab Muba?", [PlaceName("regency", ("musi", "banyuasin"))]),  # written out
        # After an office, the kind word says what kind of place it is held for: the
        # office's place, of that level (stop 85: read as a regency alone, "Siapa Bupati
        # Kabupaten Merauke?" went to Blora's regent).
        ("Siapa Bupati Kabupaten Rejang-Lebong?", [PlaceName("office", ("rejang", "lebong"), "regency")]),
        ("Siapa Kepala Dinas Kesehatan Kabupaten Merauke?", [PlaceName("office", ("merauke",), "regency")]),
        ("Siapa Wali Kota Kota Sorong?", [PlaceName("office", ("sorong",), "city")]),
        ("Siapa Gubernur Provinsi Bengkulu?", [PlaceName("office", ("bengkulu",), "province")]),
        # Title case and capitals: stop words, question words and months end the name.
        ("SIAPA PJS BUPATI KABUPATEN REJANG LEBONG SAAT INI?", [PlaceName("office", ("rejang", "lebong"), "regency")]),
        ("Who Is The Acting Regent Of Rejang Lebong Regency?", [PlaceName("regency", ("rejang", "lebong"))]),
        ("Rakor Kabupaten Rejang Lebong September 2024", [PlaceName("regency", ("rejang", "lebong"))]),
        # "Bupati" is no kind of place, but an office held for one (see below).
        ("Siapa Pjs Bupati Bengkulu Selatan?", [PlaceName("office", ("bengkulu", "selatan"), "regency")]),
        ("Berapa Dana Desa Tahun 2025?", []),
        ("Kapan Hari Desa Nasional?", []),
        ("Siapa gubernur Provinsi D.I. Yogyakarta?", []),  # no name left but stray letters
        ("berapa asn di pemkab rejang lebong", []),  # lower case does not say where a name ends
    ],
)
def test_the_places_a_question_names(analyzer, question, expected):
    assert named_places(question, analyzer) == expected


REJANG_LEBONG = ("Rapat dipimpin Sekda Kab. Rejang Lebong, Yusran Fauzi.", "Herwan Antoni menjabat dua bulan.")
MUBA = ("Ribuan ASN di lingkungan Pemerintah Kabupaten Muba memenuhi Opproom.",)
BENGKULU = ("Rosjonsyah memimpin rakor di Provinsi Bengkulu.", "Rakor membahas HUT ke-56.")
LONE_PARAGRAPH = ("Sekda menyebut ada 2.000 ASN yang ikut apel.",)
NEW_ORLEANS = "Wali Kota New Orleans Ray Nagin memperkirakan 80 persen warga telah mengungsi."


@pytest.mark.parametrize(
    ("question", "article", "expected"),
    [
        ("Siapa Plt Sekda Kabupaten Lebong?", REJANG_LEBONG, True),  # only inside "Rejang Lebong"
        ("Siapa Plt Sekda Kabupaten Lebong?", REJANG_LEBONG[:1], True),  # so, even alone
        ("Siapa Plt Sekda Kabupaten Lebong?", ("Bupati Rejang Lebong menyebut 40 pejabat dilantik.",), True),
        ("Siapa Plt Sekda Kabupaten Lebong?", ("Di Lebong, Doni Swabuana dilantik menjadi Plt Sekda.",), False),
        # A capitalised word opening the sentence is no other place: "Kota" says which one.
        ("Kapan Kota Bandung berusia 195 tahun?", ("Begitulah Kota Bandung yang berusia 195 tahun.",), False),
        # Initials are no name: "Dr. H. Herwan" does not name Lebong.
        ("Siapa Plt Sekda Kabupaten Lebong?", ("Bupati Rejang Lebong, Dr. H. Herwan Antoni, hadir.", "Apel pagi."), True),
        ("Berapa jumlah ASN di Pemkab Rejang Lebong?", ("Di Rejang Lebong, apel diikuti 900 ASN.", "Apel pagi."), False),
        # A question's name may run on into the next word ("Sekarang"): still Rejang Lebong...
        ("Berapa ASN Kabupaten Rejang Lebong Sekarang?", REJANG_LEBONG, False),
        # ... and an office's place ends before it, with the kind word or without (had run on
        # into "Sekarang", and the article was about another place: helper-218's review).
        ("Siapa Pjs Bupati Kabupaten Rejang Lebong Sekarang?", REJANG_LEBONG, False),
        ("Siapa Pjs Bupati Rejang Lebong Sekarang?", REJANG_LEBONG, False),
        # ...but a province of that name is not the regency.
        ("Siapa Bupati Kabupaten Bengkulu Selatan?", ("Rakor di Provinsi Bengkulu.", "Apel pagi."), True),
        ("Berapa jumlah ASN di Pemkab Rejang Lebong?", MUBA, True),  # another regency
        ("Berapa jumlah ASN di Pemkab Rejang Lebong?", REJANG_LEBONG, False),
        ("Berapa jumlah ASN di Kabupaten Musi Banyuasin?", MUBA, False),  # Muba written out
        ("How many civil servants in Rejang Lebong Regency?", MUBA, True),
        # A whole article that never names the place is about another one...
        ("Berapa jumlah ASN di Pemkab Rejang Lebong?", BENGKULU, True),
        # ...but a lone paragraph may leave its place to a headline it does not have.
        ("Berapa jumlah ASN di Pemkab Rejang Lebong?", LONE_PARAGRAPH, False),
        ("Siapa Plt Sekda Kabupaten Lebong?", ("Kabupaten Lebong dan Kabupaten Rejang Lebong bertetangga.",), False),
        ("Siapa Sekda Rejang Lebong?", MUBA, False),  # no kind of place named: nothing to hold to
        # Another village, its name opening with a kind word (had read as the city "Iman").
        ("Di kecamatan mana Desa Ketambe?", ("Warga melihat masjid di Desa Kota Iman, Kecamatan Gunung Raya.",), True),
        # A place name run on into a person's still names the place.
        ("Siapakah Wali Kota Tasikmalaya?", ("Wali Kota Tasikmalaya Bubun Bunyamin mengakui aset belum diserahkan.",), False),
        # The same name with another compass point is another place, even alone...
        ("Siapakah Gubernur Sumatera Barat?", ("Tercatat Gubernur Sumatera Utara Tengku Rizal Nurdin.",), True),
        ("Siapa Pjs Bupati Bengkulu Selatan?", ("Bupati Bengkulu Utara menghadiri rapat.",), True),
        ("Who is the governor of West Sumatera?", ("Tercatat Gubernur Sumatera Utara Tengku Rizal Nurdin.",), True),
        # ...unless the paragraph names the asked place too, or only a person.
        ("Siapakah Gubernur Sumatera Barat?", ("Gubernur Sumatera Utara bertemu Gubernur Sumatera Barat Gamawan Fauzi.",), False),
        ("Siapakah Gubernur Sumatera Barat?", ("Gubernur Gamawan Fauzi mengatakan hal itu.",), False),
        # A name without a compass point is not its sibling: Bengkulu holds Bengkulu Selatan.
        ("Siapa Pjs Bupati Bengkulu Selatan?", ("Gubernur Bengkulu membuka rapat.",), False),
        # A compass point run on is part of the name: OKU Timur is another regency than OKU,
        # whole article or lone paragraph, and Bengkulu Selatan's regent is not Bengkulu's governor.
        ("Siapa Pjs Bupati OKU?", ("Pjs Bupati OKU Timur memimpin rapat.", "Rapat di Aula Bina Praja."), True),
        ("Siapa Pjs Bupati OKU?", ("Pjs Bupati OKU Timur memimpin rapat.",), True),
        ("Berapa ASN di Kabupaten OKU?", ("Apel ASN Kabupaten OKU Timur.", "Apel pagi."), True),
        ("Siapa Gubernur Bengkulu?", ("Pjs Bupati Bengkulu Selatan Sisardi.", "Apel pagi."), True),
        ("Siapa Pjs Bupati OKU?", ("Pjs Bupati OKU Timur dan Pjs Bupati OKU bertemu.",), False),
        # A province's governor, in a lone paragraph, is not another province's, though it
        # names the province asked about; a province is one however news writes it.
        ("Who is the governor of Jakarta?", ("Gubernur Sumatera Utara Tengku Rizal Nurdin akan ke Jakarta.",), True),
        ("Siapa Gubernur Jakarta?", ("Rapat di Jakarta dihadiri Gubernur Sumut dan Gubernur Jabar.",), True),
        ("Siapa Gubernur Jakarta?", ("Rencana Gubernur DKI Sutiyoso menggusur patung di Jakarta.",), False),
        ("Siapa Gubernur DKI Jakarta?", ("Gubernur Jakarta Fauzi Bowo bertemu Gubernur Jabar.",), False),
        ("Siapa Gubernur Sumut?", ("Gubernur Sumatera Utara Tengku Rizal Nurdin tiba di Jakarta.",), False),
        ("Siapa Gubernur Sumatera Utara?", ("Gubernur Sumut Tengku Rizal Nurdin tiba.", "Apel pagi."), False),
        # No province after the office: a person, a bank; nothing ruled out by it.
        ("Siapa Gubernur Jakarta?", ("Gubernur Bank Indonesia Burhanuddin Abdullah hadir di Jakarta.",), False),
        ("Siapa Gubernur Jakarta?", ("Gubernur Sutiyoso meresmikan taman di Jakarta.",), False),
        # A whole article that writes the province only by its other name names it.
        ("Siapa Gubernur Jakarta?", ("Gubernur DKI Sutiyoso meresmikan taman.", "Taman dibuka untuk umum."), False),
        ("Siapa Gubernur Jakarta?", ("Gubernur Sumut meresmikan taman.", "Taman dibuka untuk umum."), True),
        # An office's "place" that is its holder's name is named after a person's title
        # ("Ir Asmar Wijaya MSi"); the title is no word of another place.
        ("Apa kata Sekda Asmar Wijaya?", ("Sekretaris Daerah OKI, Ir Asmar Wijaya MSi menjelaskan.", "Apel pagi."), False),
        ("Apa kata Sekda Asmar Wijaya?", ("Sekretaris Daerah OKI, Ir Asmar Wijaya MSi menjelaskan.",), False),
        ("Apa kata Sekda Asmar Wijaya?", ("Sekretaris Daerah Muba, Ir Apriyadi MSi menjelaskan.", "Apel pagi."), True),
        # Of another level, it may lie inside the place: Aceh Tengah is in the region of Aceh.
        ("Apa nama radio daerah Aceh itu?", ("Pemancar radio di Aceh Tengah diselamatkan.",), False),
        ("Apa nama radio di Provinsi Aceh?", ("Pemancar radio di Aceh Tengah diselamatkan.",), False),
        # A lone paragraph that never names an office's place but names the office held
        # for a place that begins as the asked one does and goes another way, or for the
        # asked holder at another place, is about another place (helper-162)...
        ("Siapa Wali Kota New York?", (NEW_ORLEANS,), True),
        ("Apa kata Wali Kota New York Ray Nagin?", (NEW_ORLEANS,), True),
        ("Apa rencana Wali Kota Bau-Bau Fauzi Bahar?", ("Wali Kota Padang Fauzi Bahar memimpin evakuasi.",), True),
        ("Apa yang dilakukan Wali Kota Padang Mawardi Nurdin?", ("Wali Kota Padang Fauzi Bahar memimpin evakuasi.",), True),
        # ...not where it names the asked place and holder, nor one a title or a slip away.
        ("Apa kata Wali Kota New Orleans Ray Nagin?", (NEW_ORLEANS,), False),
        ("Apa kata Wali Kota New Orleans Ray Nagin?", ("Wali Kota New Orleans, Ray Nagin, meminta warga mengungsi.",), False),
        ("Siapa Wali Kota Padang?", ("Wali Kota Padang Fauzi Bahar memimpin evakuasi.",), False),
        ("Apa kata Wali Kota Padang Fauzie Bahar?", ("Wali Kota Padang Fauzi Bahar memimpin evakuasi.",), False),
        ("Apa kata Kapolda Sumut Iwan Panjiwinata?", ("Bertemu Kepala Polda Sumut Inspektur Jenderal Iwan Panjiwinata.",), False),
        ("Siapa Wali Kota New York?", ("Wali Kota Ray Nagin memperkirakan 80 persen warga mengungsi.",), False),
        # A holder asked by a short form of their name, or a place written joined, split
        # or cut short, is the same (helper-165).
        ("Ke mana Wali Kota Surakarta Jokowi memindahkan PKL?", ("Wali Kota Surakarta Joko Widodo memindahkan PKL.",), False),
        ("Apa kata Wali Kota Surabaya Risma?", ("Wali Kota Surabaya Tri Rismaharini menutup lokalisasi.",), False),
        ("Apa yang diresmikan Wali Kota Baubau Amirul Tamim?", ("Wali Kota Bau-Bau Amirul Tamim meresmikan benteng.",), False),
        ("Apa yang ditinjau Bupati Padang Pariaman?", ("Bupati Padangpariaman Muslim Kasim dan Wali Kota Padang Fauzi Bahar meninjau jembatan.",), False),
        ("Apa program Bupati Kukar Rita Widyasari?", ("Bupati Kutai Kartanegara Rita Widyasari meluncurkan program.",), False),
        # A regency and a city of one name are two places: a text naming it only as the
        # other, by its kind word or its office's, is about the other...
        ("Siapa Wali Kota Sorong?", ("Rekomendasi Bupati Sorong bernomor 522.5/1010.",), True),
        ("Who is the mayor of Sorong?", ("Bupati Sorong meresmikan pasar.", "Pasar dibuka pagi."), True),
        ("Berapa penduduk Kabupaten Bogor?", ("Kota Bogor berpenduduk 1 juta jiwa.",), True),
        ("Berapa penduduk Kota Bogor?", ("Pemkab Bogor mencatat 5 juta jiwa.", "Data dari BPS."), True),
        # ...not one naming it as the asked one too, nor as neither, nor a place further on.
        ("Siapa Bupati Sorong?", ("Rekomendasi Bupati Sorong bernomor 522.5/1010.",), False),
        ("Siapa Wali Kota Bogor?", ("Bupati Bogor dan Wali Kota Bogor Bima Arya bertemu.",), False),
        ("Berapa penduduk Kota Bogor?", ("Wali Kota Bogor menyebut Kota Bogor berpenduduk 1 juta jiwa.",), False),
        ("Siapa Wali Kota Bogor?", ("Banjir melanda Bogor, Senin.",), False),
        ("Siapa Wali Kota Bogor?", ("Banjir melanda Bogor.", "Warga mengungsi."), False),  # whole, as alone
        ("Siapa Wali Kota Bogor Bima Arya?", ("Wali Kota Bogor Bima Arya meresmikan pasar di Kabupaten Bogor.",), False),
        # A level word is read as the analyzer reads it: beyond ASCII too (full width, a
        # zero-width space inside), where the text in lower case does not hold it.
        ("Siapa Wali Kota Sorong?", ("Rekomendasi Ｂｕｐａｔｉ Sorong bernomor 522.5/1010.",), True),
        ("Siapa Wali Kota Sorong?", ("Rekomendasi Bu\u200bpati Sorong bernomor 522.5/1010.", "Pasar dibuka pagi."), True),
        # ... and only as a whole word: "kabar" and "mayoritas" hold none.
        ("Siapa Wali Kota Sorong?", ("Kabar dari Sorong: mayoritas warga hadir.",), False),
    ],
)
def test_about_another_place(analyzer, question, article, expected):
    places = named_places(question, analyzer)
    assert about_another_place(places, "Berita daerah", article, analyzer) is expected


def test_the_headline_names_the_place_too(analyzer):
    places = named_places("Berapa jumlah ASN di Pemkab Rejang Lebong?", analyzer)
    assert about_another_place(places, "Rakor ASN Rejang Lebong", BENGKULU[1:] * 2, analyzer) is False


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", [PlaceName("office", ("bengkulu", "selatan"), "regency")]),
        ("Siapa Plh Sekda Muba?", [PlaceName("office", ("musi", "banyuasin"))]),
        ("Siapa Plt Gubernur Bengkulu?", [PlaceName("office", ("bengkulu",))]),
        ("Siapa Sekretaris Daerah Rejang Lebong?", [PlaceName("office", ("rejang", "lebong"))]),
        ("Siapa Kepala Daerah OKU Timur?", [PlaceName("office", ("ogan", "komering", "ulu", "timur"))]),
        ("Apa nama radio daerah Aceh?", []),  # "daerah" alone is a region, no office
        ("siapa pjs bupati bengkulu selatan", []),  # lower case: where the name ends is unknown
        # English: the office, "of", then the place, its compass point read as Indonesian writes it.
        ("Who is the acting regent of South Bengkulu?", [PlaceName("office", ("bengkulu", "selatan"), "regency")]),
        ("When did the Plt Governor of Bengkulu hold the meeting?", [PlaceName("office", ("bengkulu",))]),
        ("Who is the regent of OKU Timur?", [PlaceName("office", ("ogan", "komering", "ulu", "timur"), "regency")]),
        ("What is the capital of France?", []),  # "of" after no office
        # English may name the place first (offices_after_place.txt); a title before the
        # office is no place ("Vice", "Acting").
        ("Who is the Siak regent?", [PlaceName("office", ("siak",), "regency")]),
        ("Who is Siak's regent?", [PlaceName("office", ("siak",), "regency")]),
        ("Who is the acting South Bengkulu regent?", [PlaceName("office", ("bengkulu", "selatan"), "regency")]),
        ("Who is the Vice Regent of Siak?", [PlaceName("office", ("siak",), "regency")]),
        ("Where was the Bengkulu acting governor's meeting held?", [PlaceName("office", ("bengkulu",))]),
        ("Who is the Acting Regent of South Bengkulu?", [PlaceName("office", ("bengkulu", "selatan"), "regency")]),
        ("Siapa Wakil Bupati Siak?", [PlaceName("office", ("siak",), "regency")]),  # Indonesian: the office first
    ],
)
def test_places_named_by_an_office(analyzer, question, expected):
    assert named_places(question, analyzer) == expected


@pytest.mark.parametrize(
    ("question", "removed"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", "004_b8076227a415273f"),
        ("Siapa Pjs Bupati OKU Timur?", "001_8b19b7e41f79d3d6"),
        ("Siapa Pjs Bupati Rejang Lebong?", "000_56970b467c1ddc30"),
        ("Who is the acting regent of South Bengkulu?", "004_b8076227a415273f"),
        ("who is the acting regent of south bengkulu", "004_b8076227a415273f"),
        ("Who is the acting South Bengkulu regent?", "004_b8076227a415273f"),
        ("Who is the Rejang Lebong regent?", "000_56970b467c1ddc30"),
    ],
)
def test_office_place_not_answered_from_another_places_article(seed_corpus, question, removed):
    from retrieval.library import Library
    from retrieval.search import Searcher

    intact = Searcher(Library.from_corpus(seed_corpus))
    assert intact.ask(question).answers[0].doc_id == removed
    less = Searcher(Library.build([d for d in seed_corpus.documents if d.doc_id != removed]))
    assert not less.ask(question).found


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A word the archive does not know, a slip away from a compass point, ends the name.
        ("Siapa Pjs Bupati Bengkulu selatn?", [PlaceName("office", ("bengkulu", "selatan"), "regency")]),
        ("Pjs Bupati OKU timr minta apa?", [PlaceName("office", ("ogan", "komering", "ulu", "timur"), "regency")]),
        ("Siapa Pjs Bupati OKU sekarng?", [PlaceName("office", ("ogan", "komering", "ulu"), "regency")]),  # no compass point
        ("Siapa Pjs Bupati OKU utara?", [PlaceName("office", ("ogan", "komering", "ulu", "utara"), "regency")]),  # in lower case, still the point
        ("Siapa Pjs Bupati OKU Timur timr?", [PlaceName("office", ("ogan", "komering", "ulu", "timur"), "regency")]),  # not twice
        ("Siapa Pjs Bupati OKU,  timr?", [PlaceName("office", ("ogan", "komering", "ulu"), "regency")]),  # not run on
    ],
)
def test_a_compass_point_after_the_name_ends_it(analyzer, question, expected):
    known = {"siapa", "pjs", "bupati", "bengkulu", "selatan", "oku", "minta", "apa", "utara"}
    assert named_places(question, analyzer, lambda word: word not in known) == expected


@pytest.mark.parametrize(
    ("question", "answered_from"),
    [
        ("Siapa Pjs Bupati OKU?", "(refused)"),  # only OKU Timur's regent is named
        ("siapa pjs bupati oku", "(refused)"),
        ("Siapa Pjs Bupati OKU Timur?", "001_8b19b7e41f79d3d6"),
        ("siapa pjs bupati oku timr", "001_8b19b7e41f79d3d6"),
        ("Siapa Pjs Bupati Bengkulu selatn?", "004_b8076227a415273f"),
    ],
)
def test_oku_is_not_oku_timur(searcher, question, answered_from):
    assert top_doc(searcher.ask(question)) == answered_from


# A compass point the name rules leave out (lower case, English after the name) is still
# part of the name, and one already there is not read twice: else the question's place
# would be the shorter name, and the only article, the longer one's, ruled out.
@pytest.mark.parametrize(
    ("question", "answered_from"),
    [
        ("Siapa Pjs Bupati OKU timur?", "001_8b19b7e41f79d3d6"),  # chat: the abbreviation in capitals, the rest not
        ("Siapa Pjs Bupati Bengkulu selatan?", "004_b8076227a415273f"),
        ("Siapa Pjs Bupati OKU Timur timr?", "001_8b19b7e41f79d3d6"),  # read as OKU Timur Timur
        ("Who is the acting regent of OKU east?", "001_8b19b7e41f79d3d6"),
    ],
)
def test_a_compass_point_the_name_rules_leave_out_is_not_lost(searcher, question, answered_from):
    assert top_doc(searcher.ask(question)) == answered_from


def test_an_office_name_in_an_article_is_no_other_place(analyzer):
    # "Bupati Sisardi" names a person: a lone paragraph is not ruled out by it.
    place = PlaceName("office", ("bengkulu", "selatan"))
    assert not about_another_place([place], "", ["Pjs Bupati Sisardi memimpin apel pagi."], analyzer)
    assert about_another_place([place], "Gubernur Bengkulu", ["Plt Gubernur Bengkulu memimpin rapat.", "Rapat dihadiri OPD."], analyzer)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("siapa gubernur jawa barat", "siapa gubernur Jawa Barat"),
        ("who is the governor of east java", "who is the governor of East Java"),  # English order
        ("gubernur dki dan sumut", "gubernur Dki dan Sumut"),
        ("gubernur papua barat daya", "gubernur Papua Barat Daya"),  # the longest form
        ("kapan hut provinsi bengkulu", "kapan hut provinsi Bengkulu"),
        ("siapa pjs bupati bengkulu selatan", "siapa pjs bupati Bengkulu selatan"),  # a regency: truecase's business
        ("riauan balikpapan", "riauan balikpapan"),  # only whole words
    ],
)
def test_provinces_in_a_question_typed_in_lower_case_get_capitals(analyzer, typed, expected):
    assert provinces_capitalised(typed, analyzer.language) == expected


@pytest.mark.parametrize(
    ("data", "typed", "theirs", "bundled"),
    [
        pytest.param(
            {"provinces": {("nusa", "kenanga"): ("nusa", "kenanga")}},
            "gubernur nusa kenanga dan jawa barat",
            "gubernur Nusa Kenanga dan jawa barat",
            "gubernur nusa kenanga dan Jawa Barat",
            id="provinces",
        ),
        pytest.param(
            {"compass_points": {"western": "barat"}},
            "governor of western java or west java",
            "governor of Western Java or west java",
            "governor of western java or West Java",
            id="compass points",
        ),
    ],
)
def test_a_language_made_with_other_provinces_reads_its_own(analyzer, data, typed, theirs, bundled):
    """The province patterns are made once per language data: one made with other
    provinces or compass points capitalises its own, and the bundled language still its
    own."""
    language = analyzer.language
    assert provinces_capitalised(typed, language) == bundled
    assert provinces_capitalised(typed, replace(language, **data)) == theirs
    assert provinces_capitalised(typed, language) == bundled


@pytest.mark.parametrize(
    ("place", "sure"),
    [
        (PlaceName("office", ("sumatera", "utara")), ("sumatera", "utara")),  # a province: none misspelt
        (PlaceName("office", ("bengkulu", "utara")), ("utara",)),  # a regency: its compass point
        (PlaceName("regency", ("rejang", "lebog")), ()),  # may be "Rejang Lebong" misspelt
    ],
)
def test_the_words_of_a_place_that_are_surely_no_misspelling(analyzer, place, sure):
    assert surely_a_place(place, analyzer.language) == sure


@pytest.mark.parametrize(
    "question",
    [
        "Who is the governor of North Sumatra?",
        "Who is the governor of West Java?",
        "who is the governor of east java",
        "siapa gubernur jawa barat",
        "Who is the acting regent of North Bengkulu?",
    ],
)
def test_a_province_or_regency_the_seeds_never_name_is_not_answered_from_bengkulu(searcher, question):
    # The seeds never write these places: read as unknown words, they held nothing out,
    # and the Plt Governor of Bengkulu answered for the governor of North Sumatra.
    assert searcher.ask(question).answers == ()


@pytest.mark.parametrize(
    ("question", "place_words"),
    [
        ("Siapa Wakil Bupati Rejang Lebong?", {"rejang", "lebong"}),
        ("Siapakah nama Pjs Bupati BS sekarang?", {"bs"}),
        ("siapaa Pjs Bupati Bengkulu Selatan", {"bengkulu", "selatan"}),  # a misspelt question word
        ("Who is the OKI regent?", {"oki"}),
        ("Who is the deputy regent of South Bengkulu?", {"south", "bengkulu"}),
        ("Siapa Sekretaris Daerah OKI?", {"oki"}),
        # The abbreviation in brackets after the name is the same place (helper-139).
        ("Who is the regent of Ogan Komering Ilir (OKI)?", {"ogan", "komering", "ilir"}),
        ("Siapa Bupati Musi Banyuasin (Muba)?", {"musi", "banyuasin"}),
        # Asking more than who holds it: the office is not the answer's only mark.
        ("Siapa yang memimpin rapat Pjs Bupati Rejang Lebong?", None),
        ("Kapan Pjs Bupati OKU Timur rapat?", None),
        # The kind word between an office and its place asks nothing of it.
        ("Siapa Plt Sekda Kabupaten Lebong?", {"lebong"}),
        ("Siapa Bupati Kabupaten Merauke?", {"merauke"}),
        ("Berapa ASN di Kabupaten Lebong?", None),  # a place by its kind: no office's place
        ("Siapa Sisardi?", None),
        # A period from today is when, not what, is asked (counted too); the present too.
        ("Siapa Kapolres Muba kemarin?", {"muba"}),
        ("Siapa Kapolres Muba tiga pekan lalu?", {"muba"}),
        ("Siapa Kapolres Muba dua tahun lalu?", {"muba"}),
        ("Siapa Kapolres Muba hari ini?", {"muba"}),
        ("Who was the Muba police chief yesterday?", {"muba"}),
        ("Siapa Kapolres Muba beberapa tahun lalu?", None),  # no year in particular
        ("Siapa Kapolres Muba pada 20 Desember 2024?", {"muba"}),
        # An office the archive's own country has, asked of no country, is asked of it
        # (home_offices.txt); a regional one of no place, or one it lacks, of none.
        ("Siapa wakil presiden?", {"indonesia", "indonesian", "ri"}),
        ("Siapa Menteri Luar Negeri?", {"indonesia", "indonesian", "ri"}),
        ("Who is the foreign minister?", {"indonesia", "indonesian", "ri"}),
        ("Siapa Pjs Bupati?", None),
        ("Siapa PM?", None),
        ("Siapa presiden direktur?", None),
    ],
)
def test_a_question_asking_only_who_holds_an_office(analyzer, question, place_words):
    assert asks_who_holds(question, analyzer) == (None if place_words is None else frozenset(place_words))


@pytest.mark.parametrize(
    "question",
    [
        # Answered before with "Sekretaris Daerah OKI, Ir Asmar Wijaya", Rejang Lebong's acting
        # regent, and Bengkulu Selatan's "pasangan calon Bupati dan Wakil Bupati" (no one).
        "Siapa Bupati OKI?",
        "Who is the OKI regent?",
        "Siapa Wakil Bupati Rejang Lebong?",
        "who is the deputy regent of rejang lebong",
        "Siapa Wakil Bupati Bengkulu Selatan?",
        "Who is the deputy regent of South Bengkulu?",
        # helper-135: Muba's "Pj Bupati Apriyadi Mahmud", in an article naming OKI's
        # secretary further on, answered for OKI; the paragraph never writes OKI.
        "Who is the acting regent (Pj Bupati) of OKI?",
        "Who is the Pj Bupati of OKI?",
        # helper-139: "Sekretaris Daerah OKI, Ir Asmar Wijaya" again, the bracketed "OKI"
        # having read as more than the office's place.
        "Who is the regent of Ogan Komering Ilir (OKI)?",
        "Siapa Bupati Ogan Komering Ilir (OKI)?",
    ],
)
def test_who_holds_an_office_is_not_answered_by_another_office_or_no_one(searcher, question):
    assert searcher.ask(question).answers == ()


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Siapa Pjs Bupati Bengkulu Selatan?", "Sisardi"),
        ("Siapa Plh Sekda Muba?", "Andi Wijaya Busro"),
        ("Siapa Sekda OKI?", "Asmar Wijaya"),
        ("Siapa Sekda Bengkulu Selatan?", "Sukarni"),  # in the photo's caption
        ("Who is the acting regent of South Bengkulu?", "Sisardi"),
    ],
)
def test_who_holds_an_office_is_answered_by_the_paragraph_naming_them(searcher, question, holder):
    assert holder in searcher.ask(question).answers[0].excerpt


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # helper-155: the question read "Asmar Wijaya" as the Sekda's place, and the article
        # writes "Sekretaris Daerah OKI, Ir Asmar Wijaya MSi": every candidate was held out.
        ("Di OKI ada berapa ASN menurut Sekda Asmar Wijaya?", "8 ribu"),
        ("Apa kata Sekda Asmar Wijaya?", "Asmar Wijaya"),
        # The question may give the title too, or its dot end the run (helper-157)...
        ("Apa kata Sekda Ir Asmar Wijaya?", "Asmar Wijaya"),
        ("Apa kata Sekda Ir. Asmar Wijaya MSi?", "Asmar Wijaya"),
        # ... and an acronym before the name is no place written nowhere, as it is no name
        # written nowhere: the archive may spell "RL" out (helper-156 found it refused).
        ("Apa kata Pjs Bupati RL Herwan Antoni tentang kebebasan politik ASN?", "kebebasan politik"),
    ],
)
def test_an_office_holder_named_after_a_title_is_no_other_place(searcher, question, answer):
    assert answer in searcher.ask(question).answers[0].excerpt


@pytest.mark.parametrize(
    ("question", "article"),
    [
        # An office's place run on into its holder's name: "Rejang Lebong Herwan Antoni"
        # was read as one place no article names, and every candidate held out.
        ("Apa pesan Pjs Bupati Rejang Lebong Herwan Antoni soal status ASN di media sosial?", "000_56970b467c1ddc30"),
        ("Apa kata Pjs Bupati Bengkulu Selatan Sisardi soal netralitas?", "004_b8076227a415273f"),
        ("Apa kata Plt Gubernur Bengkulu Rosjonsyah soal netralitas ASN?", "002_a5d4a4758ad8401f"),
    ],
)
def test_an_office_place_run_on_into_its_holder_is_still_that_place(searcher, question, article):
    assert searcher.ask(question).answers[0].doc_id == article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pj Bupati Muba Apriyadi Mahmud hadir.", True),
        ("Pj Bupati Musi Banyuasin, H. Apriyadi hadir.", True),
        # Beyond ASCII, the place's end is read as the analyzer reads it ("Ｍｕｂａ" is Muba).
        ("Pj Bupati Ｍｕｂａ Apriyadi Mahmud hadir.", True),
        ("Apriyadi hadir di Musi.", False),
        ("Pj Bupati Muba hadir bersama Apriyadi.", False),
    ],
)
def test_the_holder_written_after_a_place(searcher, text, expected):
    place = ("musi", "banyuasin")
    place_filter = searcher.place_filter
    assert place_filter._holder_written_after(text, place, "apriyadi", place_filter._place_ends(place)) is expected


@pytest.mark.parametrize(
    "question",
    [
        # The holder's words do not make another place the article's: Herwan Antoni is
        # Rejang Lebong's, not Lebong's; a compass point goes with the place.
        "Apa kata Pjs Bupati Lebong Herwan Antoni?",
        "Apa kata Pjs Bupati Seluma Sisardi?",
        "Siapa Pjs Bupati Bengkulu Selatan Herwan Antoni?",
    ],
)
def test_a_holder_named_after_another_place_is_not_found(searcher, question):
    assert searcher.ask(question).answers == ()


@pytest.mark.parametrize(
    ("question", "answered_from"),
    [
        # Read shorter, "Padang Mawardi Nurdin" would be the place "Padang Mawardi" with
        # "Nurdin" written after it: the office held for another is asked of the whole.
        ("Apa yang dilakukan Wali Kota Padang Mawardi Nurdin setelah bencana terjadi?", "(refused)"),
        ("Apa yang dilakukan Wali Kota Padang Fauzi Bahar setelah bencana terjadi?", "facqa-p0861"),
        ("Berapa persen warga yang mematuhi perintah evakuasi menurut Wali Kota New York Ray Nagin?", "(refused)"),
        ("Berapa persen warga yang mematuhi perintah evakuasi menurut Wali Kota New Orleans Ray Nagin?", "facqa-p0800"),
    ],
)
def test_a_lone_paragraph_of_the_office_at_another_place_is_not_the_answer(seeds_and_facqa, question, answered_from):
    assert top_doc(seeds_and_facqa.ask(question)) == answered_from


BOGOR = {
    "kabupaten.txt": (
        "Title: Bupati Bogor Resmikan Pasar Cibinong\n\nCibinong - Bupati Bogor Ade Yasin meresmikan Pasar Cibinong "
        "pada Senin (4/11).\n\nPasar itu menampung 800 pedagang.\n"
    ),
    "kota.txt": (
        "Title: Festival Kuliner Taman Sempur\n\nBogor - Wali Kota Bogor Bima Arya membuka festival kuliner di Taman "
        "Sempur, Sabtu (2/11).\n\nFestival itu diikuti 120 peserta.\n"
    ),
}


@pytest.mark.parametrize(
    ("question", "answered_from"),
    [
        ("Berapa pedagang yang ditampung pasar di Kabupaten Bogor?", "kabupaten"),
        ("Berapa pedagang pasar Cibinong menurut Bupati Bogor?", "kabupaten"),
        # Kabupaten Bogor's market is no answer of Kota Bogor's: the two share a name.
        ("Berapa pedagang yang ditampung pasar di Kota Bogor?", "(refused)"),
        ("Berapa pedagang pasar Cibinong menurut Wali Kota Bogor?", "(refused)"),
    ],
)
def test_a_regency_is_not_the_city_of_its_name(tmp_path, question, answered_from):
    assert top_doc(searcher_over(tmp_path, BOGOR).ask(question)) == answered_from


MUSI = {
    "rawas.txt": (
        "Title: Bupati Musi Rawas Tinjau Banjir\n\nLubuklinggau - Bupati Musi Rawas, Ratna Machmud, meninjau banjir di "
        "perbatasan, Senin.\n\nWarga dari Banyuasin ikut mengungsi.\n"
    ),
}


def test_the_holder_is_read_only_where_the_article_writes_them_after_the_place(tmp_path):
    # "Siapa Bupati Musi Banyuasin?" is not "Musi" and a holder "Banyuasin" where the
    # Musi Rawas article writes "Banyuasin" elsewhere; the holder it names is.
    searcher = searcher_over(tmp_path, MUSI)
    assert searcher.ask("Kapan Bupati Musi Rawas Ratna Machmud meninjau banjir?").answers
    assert searcher.ask("Siapa Bupati Musi Banyuasin?").answers == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Siapakah Kepala Dinas Kehutanan Lampung?", [ProvinceSlot("kehutanan", ("lampung",))]),
        # Past a kind word: the phrase's own word.
        ("Siapakah Kepala Dinas Kehutanan Provinsi Sulsel", [ProvinceSlot("kehutanan", ("sulawesi", "selatan"))]),
        ("Kepala Badan Perencanaan Pembangunan Daerah Kalbar Fathan mengatakan", [ProvinceSlot("daerah", ("kalimantan", "barat"))]),
        # After a comma or a dash a list or a route goes on: no phrase of its own.
        ("pipa transmisi gas Sumatera Selatan - Jawa Barat", [ProvinceSlot("gas", ("sumatera", "selatan"))]),
        ("Labuhan Maringgai (Lampung), Cilegon", []),
        ("kepala dinas kehutanan lampung", []),  # no capital: the Searcher reads a question truecased
        # Beyond ASCII (read by the case-blind pattern): the spans are the text's own.
        ("Kata Müller, Kepala Dinas Kehutanan Lampung", [ProvinceSlot("kehutanan", ("lampung",))]),
        ("İstanbul: Kepala Dinas Kehutanan SUMATERA   UTARA", [ProvinceSlot("kehutanan", ("sumatera", "utara"))]),
    ],
)
def test_province_slots(analyzer, text, expected):
    assert province_slots(text, analyzer) == expected


KEPALA_DINAS_LAMPUNG = [ProvinceSlot("kehutanan", ("lampung",))]


@pytest.mark.parametrize(
    ("passage", "article", "expected"),
    [
        # Another province's forestry service, its article never naming Lampung.
        ("Kepala Dinas Kehutanan Jambi Budi Santoso mengatakan, hutan rusak.", [], True),
        ("Kepala Dinas Kehutanan Provinsi Jambi Budi Santoso mengatakan, hutan rusak.", [], True),
        # The article names Lampung too: perhaps both provinces' heads speak.
        ("Kepala Dinas Kehutanan Jambi Budi Santoso mengatakan, hutan rusak.", ["Hutan Lampung dan Jambi rusak"], False),
        # The asked one's own, or another province named with no word of the question before it.
        ("Kepala Dinas Kehutanan Lampung Arinal mengatakan, hutan rusak.", [], False),
        ("Gubernur Jambi meninjau hutan bersama kepala dinas.", [], False),
        ("Pipa dibangun dari Musi Banyuasin, melewati Labuhan Maringgai, Jakarta, dan Bekasi.", [], False),
    ],
)
def test_another_provinces_office(analyzer, passage, article, expected):
    assert another_provinces_office(KEPALA_DINAS_LAMPUNG, passage, [passage, *article], analyzer) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Siapa Plh Sekda OKI?", [OfficeSlot("sekda", ("ogan", "komering", "ilir"))]),
        ("..., ungkap Plh Sekda Muba, Andi Wijaya Busro", [OfficeSlot("sekda", ("musi", "banyuasin"))]),
        ("Siapa Pjs Bupati Bengkulu Selatan?", [OfficeSlot("bupati", ("bengkulu", "selatan"))]),
        ("dengan Pj Bupati Apriyadi", [OfficeSlot("bupati", ("apriyadi",))]),  # a person's name: another_places_office asks
        ("Sekretaris Daerah OKI", []),  # "daerah" is no office of its own
        # helper-134: a person's title after the place begins a person's name.
        ("Kapan rapat Pjs Bupati OKU Timur Prof Edwar?", [OfficeSlot("bupati", ("ogan", "komering", "ulu", "timur"))]),
        ("Pjs Bupati Bengkulu Selatan Bapak Sisardi", [OfficeSlot("bupati", ("bengkulu", "selatan"))]),
        # helper-136: a title some place's name holds does not end it ("Gunung Mas" regency).
        ("Siapa Bupati Gunung Mas?", [OfficeSlot("bupati", ("gunung", "mas"))]),
    ],
)
def test_office_slots(analyzer, text, expected):
    assert office_slots(text, analyzer) == expected


PLH_SEKDA_OKI = [OfficeSlot("sekda", ("ogan", "komering", "ilir"))]


@pytest.mark.parametrize(
    ("passage", "article", "expected"),
    [
        # H98 F6: another regency's Plh Sekda, in an article that names OKI further on.
        ('"...," ungkap Plh Sekda Muba, Andi Wijaya Busro.', ["Sekda OKI Asmar Wijaya hadir."], True),
        # A province, or a name the article writes after a kind word, is surely a place.
        ("Sekda Lahat Budi mengatakan ...", ["Pemkab Lahat menggelar apel."], True),
        ("Sekda Jambi Budi mengatakan ...", [], True),
        # A name the article never gives as a place may be the holder's own.
        ("Sekda Budi Santoso mengatakan ...", [], False),
        ("Sekda Lahat Budi mengatakan ...", [], False),
        # The passage names the asked place too, or the asked office of it.
        ('"...," ungkap Plh Sekda Muba, di OKI.', [], False),
        ("Sekda OKI Asmar Wijaya menjelaskan ...", [], False),
    ],
)
def test_another_places_office(analyzer, passage, article, expected):
    assert another_places_office(PLH_SEKDA_OKI, passage, [passage, *article], analyzer) is expected


def test_a_question_in_title_case_runs_its_place_on_and_is_still_that_place(analyzer):
    # "Pjs Bupati OKU Timur Ingatkan Netralitas ASN", a headline asked as it stands: its
    # place runs on into "Ingatkan ...", and the passage's "Bupati OKU Timur" is that place.
    asked = office_slots("Pjs Bupati OKU Timur Ingatkan Netralitas ASN", analyzer)
    passage = "Penjabat Sementara (Pjs) Bupati OKU Timur, Prof. Dr. HM Edwar Juliartha, mengadakan rapat."
    assert asked and not another_places_office(asked, passage, [passage], analyzer)


# -- reading only near the place or the office: the same names as reading the whole text --

NEAR_TEXTS = [
    # A name right after the office, or after a capitalised run it must not be joined to.
    "Komandan KRI Pulau Rangsang Mayor Laut Wirahadi AW mengatakan, kapal itu sempat berusaha lari.",
    "Kantor Gubernur Bali di Denpasar. Wakil Gubernur Sumatera Utara - Gubernur Jawa Barat hadir.",
    "Plh. Sekda Muba, Andi Wijaya Busro, dan Pj. Bupati Lahat Imam Pasli bertemu Bupati Muara Enim.",
    "Wagubernur Bali bukan jabatan; GUBERNUR BALI Wayan Koster membuka acara (30/9) pukul 1.360.",
    # No break for far more than a first look back (places.BREAK_WINDOW) before the name.
    "kata " * 120 + "Bupati Bengkulu Selatan Sisardi menghadiri rapat di Kab. Rejang Lebong",
    "Gubernur Bengkulu " + "dan " * 700 + "Gubernur Bengkulu Selatan",
]


def _whole_text_names(text, forms, analyzer):
    from retrieval.places import _long_names

    return {name for name, _ in _long_names(text, analyzer) if any(form in " ".join(name) for form in forms)}


@pytest.mark.parametrize("text", NEAR_TEXTS)
@pytest.mark.parametrize("forms", [("bengkulu",), ("rejang",), ("bali",), ("muba", "musi"), ("rangsang",), ("lahat",)])
def test_names_read_near_a_place_are_those_of_the_whole_text(analyzer, text, forms):
    from retrieval.places import _names_near

    near = {name for name, _ in _names_near(text, frozenset(forms), forms, analyzer)}
    assert _whole_text_names(text, forms, analyzer) <= near


@pytest.mark.parametrize("text", NEAR_TEXTS)
@pytest.mark.parametrize("office", ["gubernur", "bupati", "sekda", "mayor"])
def test_office_slots_read_near_the_office_are_those_of_the_whole_text(analyzer, text, office):
    from retrieval.analysis import normalize
    from retrieval.places import _office_slots_of

    whole = {slot for slot in office_slots(text, analyzer) if slot.office == office}
    near = {slot for slot in _office_slots_of(text, normalize(text), {office}, analyzer) if slot.office == office}
    assert near == whole


# -- a region's own bodies: "Kepala BPBD Pagar Alam" is no head of Lahat's (helper-111) --

LONGSOR_LEAD = "PAGAR ALAM, PAGARALAMPOS – Longsor menutup jalan penghubung Pagar Alam dan Lahat di Desa Muara Siban pada Jumat pagi."
BPBD_PAGAR_ALAM = "Kepala BPBD Pagar Alam, Syamsul Bahri, mengatakan material longsor setinggi dua meter menimbun badan jalan."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Siapa Kepala BPBD Lahat?", [OfficeSlot("bpbd", ("lahat",))]),
        ("Kepala Resort KSDA Muara Enim, Dedi Kusnadi, meminta", [OfficeSlot("ksda", ("muara", "enim"))]),
        ("Ketua DPRD Lahat membuka rapat", [OfficeSlot("dprd", ("lahat",))]),
        ("Kepala BPBD mengatakan", []),
    ],
)
def test_office_slots_of_a_regions_bodies(analyzer, text, expected):
    assert office_slots(text, analyzer) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        # The dateline names Pagar Alam as the place the news is from: surely a place.
        (["Longsor Tutup Jalan Pagar Alam-Lahat", LONGSOR_LEAD, BPBD_PAGAR_ALAM], True),
        # Written nowhere as a place, the name may be the holder's own.
        (["Longsor Tutup Jalan", "Longsor menutup jalan penghubung Pagar Alam dan Lahat.", BPBD_PAGAR_ALAM], False),
        # A dateline of one part names no place (a date, an outlet alone).
        (["Longsor Tutup Jalan", "PAGARALAMPOS – Longsor menutup jalan.", BPBD_PAGAR_ALAM], False),
    ],
)
def test_a_place_named_by_the_dateline_is_surely_a_place(analyzer, article, expected):
    asked = office_slots("Siapa Kepala BPBD Lahat?", analyzer)
    assert another_places_office(asked, BPBD_PAGAR_ALAM, article, analyzer) is expected


def test_a_regions_body_is_not_answered_for_another_place(analyzer):
    from retrieval.corpus import Document
    from retrieval.library import Library
    from retrieval.search import Searcher

    longsor = Document(
        "longsor", "Longsor Tutup Jalan Pagar Alam-Lahat", "Pagar Alam Pos", "2024-11-29",
        (LONGSOR_LEAD, BPBD_PAGAR_ALAM, "Alat berat dikerahkan dan jalan ditargetkan kembali dibuka pada Sabtu sore."),
    )
    searcher = Searcher(Library.build([longsor], analyzer))
    assert searcher.ask("Siapa Kepala BPBD Pagar Alam?").answers[0].doc_id == "longsor"
    assert not searcher.ask("Siapa Kepala BPBD Lahat?").found


@pytest.mark.parametrize(
    ("question", "places"),
    [
        # A region's office for one field, named in words (helper-111).
        ("Siapa Kepala Dinas Kesehatan Lahat?", [PlaceName("office", ("lahat",))]),
        ("Kapan Dinas Pendidikan Muara Enim membuka pendaftaran?", [PlaceName("office", ("muara", "enim"))]),
        # A kind word says the kind of place the office is held for; a ministry names no place.
        ("Siapa Kepala Dinas Kehutanan Provinsi Jambi?", [PlaceName("office", ("jambi",), "province")]),
        ("Apa kata Menteri Kesehatan Siti Fadilah?", []),
        ("Siapa Kepala Dinas Kesehatan?", []),
    ],
)
def test_a_field_office_names_its_place(analyzer, question, places):
    assert named_places(question, analyzer) == places


def test_a_field_office_is_not_answered_from_another_regencys_article(analyzer):
    from retrieval.corpus import Document
    from retrieval.library import Library
    from retrieval.search import Searcher

    release = Document(
        "rilis", "Siaran Pers Dinas Kesehatan Musi Rawas", "Pemkab Musi Rawas", "2024-11-15",
        ("Kasus demam berdarah di Musi Rawas naik menjadi 120 kasus sepanjang November.",
         "Kepala Dinas Kesehatan, dr. Yusuf Effendi, meminta warga melakukan gerakan 3M Plus setiap pekan."),
    )
    searcher = Searcher(Library.build([release], analyzer))
    assert searcher.ask("Siapa Kepala Dinas Kesehatan Musi Rawas?").answers[0].doc_id == "rilis"
    assert not searcher.ask("Siapa Kepala Dinas Kesehatan Lahat?").found


@pytest.mark.parametrize(
    ("question", "kind_words"),
    [
        ("Siapa Bupati Kabupaten Merauke?", ("kabupaten",)),
        ("Siapa Kepala Dinas Kesehatan Kota Solo?", ("kota",)),
        ("Siapa Wali Kota Kota Sorong?", ("kota",)),  # the first "Kota" is the office's
        ("Siapa Wali Kota Sorong?", ()),
        ("Berapa ASN di Kabupaten Lebong?", ()),  # no office
    ],
)
def test_the_kind_word_between_an_office_and_its_place(analyzer, question, kind_words):
    assert office_kind_words(question, analyzer) == kind_words


@pytest.mark.parametrize(
    "question",
    ["Siapa Kepala Dinas Kesehatan Kabupaten Merauke?", "Siapa Kepala Dinas Kesehatan Merauke?", "Siapa Bupati Kabupaten Merauke?"],
)
def test_an_office_asked_with_its_kind_word_is_asked_as_without_it(facqa_searcher, question):
    """"Siapa Kepala Dinas Kesehatan Kabupaten Merauke?" had been read as a regency alone:
    no office asked, and FacQA's paragraph on Sumsel's health chief (or, for the regent,
    on Blora's) was its answer (helper-s89). Asked with the kind word, the office is the
    holder's, as without it: no paragraph names Merauke's."""
    assert not facqa_searcher.ask(question).found


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Berapa rumah terendam banjir di Sekayu kemarin?", [("sekayu",)]),
        ("How many houses were flooded in Sungai Lilin yesterday?", [("sungai", "lilin")]),
        ("Di Sekayu, berapa rumah terendam?", [("sekayu",)]),
        ("Siapa peraih medali di Fukui, Jepang?", [("fukui",)]),
        # A kind word makes it named_places's; no capital, no name; not right after "di".
        ("Berapa rumah terendam di Kecamatan Sekayu?", []),
        ("berapa rumah terendam di sekayu", []),
        ("Berapa rumah di desa Sekayu terendam?", []),
    ],
)
def test_located_names(analyzer, question, expected):
    assert located_names(question, analyzer) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # An office's place named whole by its abbreviation ends there: the words after it
        # are its holder's name, not more of the place ("Muba Fajar Nugroho" was read as
        # the place, and the former chief's own quote answered who replaced him).
        ("Siapa pengganti Kapolres Muba Fajar Nugroho?", [NameRun(("muba",), OFFICE), NameRun(("fajar", "nugroho"), None)]),
        # ... but a compass point goes on with it, misspelt too.
        ("Siapa Pjs Bupati OKU Timur?", [NameRun(("oku", "timur"), OFFICE, level="regency")]),
        ("Siapa nama lengkap Pjs Bupati OKU Timr?", [NameRun(("oku", "timr"), OFFICE, level="regency")]),
        ("Siapa Bupati Rejang Lebong?", [NameRun(("rejang", "lebong"), OFFICE, level="regency")]),
        # A place's name ends with its compass point: the holder's name follows
        # (helper-139: "Bengkulu Selatan Sisardi" held out every article).
        ("Kapan Pjs Bupati Bengkulu Selatan Sisardi memimpin apel?", [NameRun(("bengkulu", "selatan"), OFFICE, level="regency"), NameRun(("sisardi",), None)]),
        ("Kapan Pjs Bupati OKU Timur Edwar Juliartha rapat?", [NameRun(("oku", "timur"), OFFICE, level="regency"), NameRun(("edwar", "juliartha"), None)]),
        # ... but another point goes on with it, and the second word of one.
        ("Siapa Gubernur Nusa Tenggara Barat?", [NameRun(("nusa", "tenggara", "barat"), OFFICE)]),
        ("Siapa Bupati Sumba Barat Daya?", [NameRun(("sumba", "barat", "daya"), OFFICE, level="regency")]),
        ("Siapa Bupati Timor Tengah Selatan?", [NameRun(("timor", "tengah", "selatan"), OFFICE, level="regency")]),
    ],
)
def test_a_place_named_whole_by_its_abbreviation_ends_there(analyzer, question, expected):
    assert list(name_runs(question, analyzer, offices=True)) == expected


@pytest.mark.parametrize(
    "question",
    [
        "kapan rapat kerja pjs bupati oku timur prof edwar?",  # helper-134's, typed so
        "kapan rapat kerja pjs bupati oku timur?",
        "Kapan rapat kerja Pjs Bupati OKU Timur Prof. Edwar?",
    ],
)
def test_the_officials_name_after_the_place_does_not_hold_out_its_article(searcher, question):
    assert "26 September 2024" in searcher.ask(question).answers[0].excerpt


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # helper-139's q12, refused whatever the strictness.
        ("Kapan Pjs Bupati Bengkulu Selatan Sisardi memimpin apel pagi?", "Senin 04 November 2024"),
        ("Kapan Pjs Bupati OKU Timur Edwar Juliartha mengadakan rapat kerja?", "26 September 2024"),
        # Typed in title case, the words after the place name no one (helper-142).
        ("Kapan Pjs Bupati OKU Timur Gelar Rapat Kerja?", "26 September 2024"),
    ],
)
def test_the_holders_name_right_after_a_place_ending_in_a_compass_point(searcher, question, answer):
    assert answer in searcher.ask(question).answers[0].excerpt


@pytest.mark.parametrize(
    "question",
    [
        # helper-140: the name after the place is its holder's, whether or not the place's
        # articles write it: Sisardi's assembly answered for "Edwar", Edwar's meeting for
        # "Sisardi" and "Herwan Antoni".
        "Kapan Pjs Bupati Bengkulu Selatan Edwar apel?",
        "Kapan Pjs Bupati OKU Timur Sisardi rapat?",
        "Kapan Pjs Bupati OKU Timur Herwan Antoni rapat?",
    ],
)
def test_a_holders_name_the_places_article_never_writes_is_not_answered(searcher, question):
    assert searcher.ask(question).answers == ()


class KeepingEveryArticle:
    """Another place filter: it reads the question's places as the bundled one does, and
    drops no article for them."""

    def __init__(self, reader: PlaceFilter) -> None:
        self.reader = reader

    def places(self, question):
        return self.reader.places(question)

    def filter(self, hits, places, wanted):
        return hits[:wanted]

    def holder_readings(self, owner, place):
        return self.reader.holder_readings(owner, place)


def test_the_place_filter_is_a_stage_passed_in(searcher):
    """The Searcher takes its place filter from outside, as it takes its decision: with
    one that keeps every article, Rejang Lebong's regent answers a question about
    Lebong, which the bundled filter refuses."""
    assert isinstance(searcher.place_filter, PlaceFilter)
    keeping = Searcher(searcher.library, today=searcher.today, place_filter=KeepingEveryArticle(searcher.place_filter))
    assert top_doc(searcher.ask("Siapa Pjs Bupati Lebong?")) == "(refused)"
    assert "Herwan" in keeping.ask("Siapa Pjs Bupati Lebong?").answers[0].excerpt
