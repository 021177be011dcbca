"""Places a question names by their kind, and articles about another place of that kind."""

from __future__ import annotations

import pytest

from retrieval.analysis import Analyzer
from retrieval.places import NameRun, PlaceName, about_another_place, name_runs, named_places


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plt Sekda Kabupaten Lebong", [NameRun(("lebong",), "regency")]),
        ("dipimpin Sekda Kab. Rejang Lebong, Yusran Fauzi", [NameRun(("rejang", "lebong"), "regency"), NameRun(("yusran", "fauzi"), None)]),
        ("ASN di lingkungan Pemerintah Kabupaten Muba", [NameRun(("muba",), "regency")]),
        ("civil servants of Rejang Lebong Regency", [NameRun(("rejang", "lebong"), "regency")]),
        ("HUT Provinsi Bengkulu yang ke-56", [NameRun(("hut",), None), NameRun(("bengkulu",), "province")]),
        # A weekday ends the name; a comma ends it too.
        ("Kota Besar Medan Sabtu lalu", [NameRun(("besar", "medan"), "city")]),
        ("Desa Trimurti, Srandakan", [NameRun(("trimurti",), "village"), NameRun(("srandakan",), None)]),
        ("kota bandung", []),
    ],
)
def test_name_runs(analyzer, text, expected):
    assert name_runs(text, analyzer) == expected


def test_a_question_names_its_places_with_their_kind_and_long_form(analyzer):
    assert named_places("Berapa ASN di Pemkab Muba?", analyzer) == [PlaceName("regency", ("musi", "banyuasin"))]
    assert named_places("Siapa Pjs Bupati Bengkulu Selatan?", analyzer) == []  # "Bupati" is no kind of place
    # Written in lower case, a question does not say where a name ends.
    assert named_places("berapa asn di pemkab rejang lebong", analyzer) == []


REJANG_LEBONG = ("Rapat dipimpin Sekda Kab. Rejang Lebong, Yusran Fauzi.", "Herwan Antoni menjabat dua bulan.")
MUBA = ("Ribuan ASN di lingkungan Pemerintah Kabupaten Muba memenuhi Opproom.",)
BENGKULU = ("Rosjonsyah memimpin rakor di Provinsi Bengkulu.", "Rakor membahas HUT ke-56.")
LONE_PARAGRAPH = ("Sekda menyebut ada 2.000 ASN yang ikut apel.",)


@pytest.mark.parametrize(
    ("question", "article", "expected"),
    [
        ("Siapa Plt Sekda Kabupaten Lebong?", REJANG_LEBONG, True),  # only inside "Rejang Lebong"
        ("Siapa Plt Sekda Kabupaten Lebong?", REJANG_LEBONG[:1], True),  # so, even alone
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
        # A place name run on into a person's still names the place.
        ("Siapakah Wali Kota Tasikmalaya?", ("Wali Kota Tasikmalaya Bubun Bunyamin mengakui aset belum diserahkan.",), False),
    ],
)
def test_about_another_place(analyzer, question, article, expected):
    places = named_places(question, analyzer)
    assert about_another_place(places, "Berita daerah", article, analyzer) is expected


def test_the_headline_names_the_place_too(analyzer):
    places = named_places("Berapa jumlah ASN di Pemkab Rejang Lebong?", analyzer)
    assert about_another_place(places, "Rakor ASN Rejang Lebong", BENGKULU[1:] * 2, analyzer) is False
