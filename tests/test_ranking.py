"""The ranker's parts: concepts counted once, answer-type cues, mended English words."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from retrieval.analysis import Question
from retrieval.cues import PLACE_TYPES, REQUIRED_CUES, has_cue
from retrieval.ranking import (
    Candidate,
    ConceptMasks,
    Judged,
    Promoted,
    Ranking,
    RankingParameters,
    answerable,
    coverage,
    focus_of,
    focus_sentence,
    judge,
)
from retrieval.search import Searcher


def concept_bm25(term_scores: dict[str, float], question: Question, synonym_weight: float, attribution_weight: float = 1.0) -> float:
    """ConceptMasks.bm25 read off the concepts' sets, as the ranker once did."""
    total = 0.0
    for concept, attribution in zip(question.concepts, question.attributed):
        best = 0.0
        for term in concept & term_scores.keys():
            factor = synonym_weight if term in question.synonyms else 1.0
            best = max(best, factor * term_scores[term])
        total += best * attribution_weight if attribution else best
    return total


def beyond_headline(own: frozenset[str], context: frozenset[str], question: Question, weights: list[float]) -> float:
    """ConceptMasks.beyond_headline read off the concepts' sets, as the ranker once did."""
    if not context:
        return 0.0
    rest = [(c, w) for c, w in zip(question.concepts, weights) if not c & context]
    if not rest:
        rest = list(zip(question.concepts, weights))
    total = sum(w for _, w in rest)
    return sum(w for c, w in rest if c & own) / total if total else 0.0


def ranker_bm25(term_scores: dict[str, float], question: Question, synonym_weight: float) -> float:
    """The concept BM25 the ranker gives a passage (no attribution in these questions)."""
    return ConceptMasks(question, [1.0] * len(question.concepts), synonym_weight, 1.0).bm25(term_scores)


def test_a_concept_with_many_translations_counts_once(analyzer):
    question = analyzer.analyze_question("Who is the acting regent?")
    acting_regent = next(c for c in question.concepts if "pjs" in c)
    many = {"pjs": 1.25, "pejabat": 1.25, "sementara": 1.25, "bupati": 1.25}
    one = {"pjs": 1.25}
    assert len(acting_regent) > 3 and many.keys() <= acting_regent
    assert ranker_bm25(many, question, 0.5) == pytest.approx(ranker_bm25(one, question, 0.5))
    assert ranker_bm25(one, question, 0.5) == pytest.approx(1.25)  # the best term's summand


def test_a_synonym_counts_for_less_than_the_word_the_question_used(analyzer):
    question = analyzer.analyze_question("Di mana pertemuan itu berlangsung?")
    assert "gelar" in question.synonyms and "langsung" not in question.synonyms
    own_word = ranker_bm25({"langsung": 2.0}, question, 0.5)
    synonym = ranker_bm25({"gelar": 2.0}, question, 0.5)
    assert synonym == pytest.approx(own_word / 2)


@pytest.mark.parametrize(
    "asked",
    [
        "Who is the acting regent?",
        "Di mana pertemuan itu berlangsung?",
        "Siapa Pjs Bupati Bengkulu Selatan menurut Gubernur Rohidin?",
        "Berapa jumlah ASN di Pemkab Rejang Lebong tahun 2024?",
    ],
)
def test_concepts_as_bits_give_the_rankers_shares_and_bm25_to_the_bit(analyzer, asked):
    """The ranker reads each candidate through ConceptMasks: every number must be the
    one reading the concepts' sets gives (``coverage`` and the references above), exactly
    (scores are compared exactly)."""
    question = analyzer.analyze_question(asked)
    terms = sorted(frozenset().union(*question.concepts))
    rng = random.Random(asked)
    weights = [rng.choice([0.05, 0.5, 1.7, 3.3, 9.1]) for _ in question.concepts]
    masks = ConceptMasks(question, weights, 0.5, 0.5)
    for _ in range(200):
        own = frozenset(rng.sample(terms, rng.randint(0, len(terms))) + ["lain"] * rng.randint(0, 1))
        context = frozenset(rng.sample(terms, rng.randint(0, min(3, len(terms)))) + ["judul"] * rng.randint(0, 1))
        scores = {t: rng.uniform(0.1, 9.0) for t in rng.sample(terms, rng.randint(0, len(terms)))}
        met, in_context = masks.met(own), masks.met(context)
        assert masks.coverage(met | in_context) == coverage(own | context, question, weights)
        assert masks.beyond_headline(met, in_context, bool(context)) == beyond_headline(own, context, question, weights)
        assert masks.bm25(scores) == concept_bm25(scores, question, 0.5, 0.5)
        assert masks.found(met) == sum(1 for c, a in zip(question.concepts, question.attributed) if c & own and not a)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Berapa poin utama rakor?", "Terdapat tiga poin utama yang ditekankan.", True),
        ("Berapa poin utama rakor?", "Salah satu poin utama adalah netralitas.", False),
        ("Sejak abad berapakah budidaya mutiara dimulai?", "Budidaya mutiara dimulai sejak abad XII.", True),  # a century
        ("Sejak abad berapakah budidaya mutiara dimulai?", "Budidaya mutiara dimulai di Abad Pertengahan.", False),
        ("Berapa medali emas diraih?", "Medali emas diraih pada SEA Games XXIII.", False),  # a Roman numeral naming, not counting
        ("Apa nama latin dari lutung?", "Lutung (Hylobates syndactylus) mudah ditemui.", True),
        ("Apa nama latin dari lutung?", "Lutung mudah ditemui di Taman Nasional (TN) Kerinci.", False),
        ("Apa nama latin dari lutung?", "Festival itu (Ruang dan Bayangan) digelar.", False),
        ("Di mana rakor berlangsung?", "Acara itu berlangsung di Gedung Pola Kantor Gubernur Bengkulu.", True),
        ("Siapa yang memimpin rakor?", "Rakor dipimpin oleh Pemerintah Kabupaten Muba.", False),
        # An abbreviation the question gives is no answer, though its terms hold its long form's.
        ("Di mana rapat kerja Pjs Bupati OKU Timur berlangsung?", "Rapat kerja digelar di Kabupaten OKU Timur.", False),
        ("Di mana rapat kerja Pjs Bupati OKU Timur berlangsung?", "Rapat kerja digelar di Aula Bina Praja II.", True),
        ("Siapa yang memimpin rakor?", "Rakor dipimpin oleh Sekda Yusran Fauzi.", True),
        ("Siapa yang memimpin rakor?", "Rakor Pemprov digelar sejak September.", False),  # no one named
        ("Siapa yang memimpin rakor?", "Rakor digelar di Gedung Pola Kantor Gubernur Bengkulu.", False),  # a province is no one
        ("Siapa pemenang pilkada?", "Pertemuan ini berlangsung di Aula Bina Praja II Pemkab OKU Timur.", False),  # a hall is no one
        ("Siapa pemilik hotel itu?", "Ia menginap di Hotel Santika Bengkulu.", False),
        ("Siapa yang memimpin apel?", "“Pagi tadi saya memimpin apel,” ujar Pjs Bupati.", False),  # opens a quote
        ("Siapa yang memimpin apel?", "Apel selesai. “Besok lagi,” kata Budi.", True),
        ("Kapan deklarasi netralitas?", "Deklarasi pada Rabu, 27 Desember 2023.", True),
        ("Kapan apel digelar?", "Apel digelar pagi tadi.", True),
        ("Kapan apel digelar?", "“Pagi tadi saya juga memimpin apel,” ujarnya.", True),
        ("Kapan pelantikan bupati terpilih?", "Rapat di Ruang Rapat Pagi dipimpin oleh Sekda.", False),  # a room's name
        ("Kapan deklarasi netralitas?", "Deklarasi netralitas pada Pemilu 2024.", False),  # a year alone: weakly
        ("Kapan rakor digelar?", "Rosjonsyah menjadi Plt Gubernur sejak 27 September.", False),  # since when, not when
        ("Kapan rakor digelar?", "Rakor digelar pada Senin, (30/9/24).", True),
        ("Kapan rakor digelar tahun 2024?", "Rakor digelar pada Senin, (30/9/24).", True),  # the day is not given
        ("Kapan rakor digelar 30 September 2024?", "Rakor digelar pada (30/9/24).", False),  # all given
        ("Kapan gempa Bengkulu 2007?", "Gempa Bengkulu pada 12.09.2007.", True),
        ("Sejak kapan Rosjonsyah menjabat Plt Gubernur?", "Ia ditunjuk sejak 27 September.", True),
        ("Since when has Rosjonsyah been acting governor?", "Rakor digelar pada Senin, (30/9/24).", False),
        # When a state began ("menjadi", "dilantik"): "sejak ..." answers as a date does.
        ("Kapan Rosjonsyah menjadi Plt Gubernur?", "Ia ditunjuk sejak 27 September.", True),
        ("Kapan Rosjonsyah menjadi Plt Gubernur?", "Ia dilantik pada Senin, (30/9/24).", True),
        ("When was Rosjonsyah appointed acting governor?", "Ia ditunjuk sejak 27 September.", True),
        ("Kapan terjadinya rakor?", "Rosjonsyah menjadi Plt Gubernur sejak 27 September.", False),  # "terjadinya": no state
        ("Berapa jumlah ASN di OKI?", "Di OKI ada lebih kurang 8 ribu ASN.", True),
        ("Berapa jumlah ASN di OKI?", "Ada 1.200 ASN di OKI.", True),
        ("Berapa jumlah ASN di OKI?", "Masa jabatan 1,5 tahun.", False),
        ("Berapa jumlah ASN di OKI?", "Cuti dua puluh hari.", False),
        ("Berapa jumlah ASN di OKI?", "Apel dimulai pukul 10.00.", False),
        ("Kapan rakor digelar?", "Ia menjabat sejak  Senin, 27 September.", False),
        ("Kapan rakor digelar?", "Ia menjabat sejak tanggal 27 September.", False),
        ("Berapa jumlah ASN di Rejang Lebong?", "Ia menjabat selama dua bulan kedepan.", False),  # a duration
        ("How many ASN in OKI?", "Deklarasi pada 27 Desember 2023, 56 ASN hadir.", True),
        ("How many ASN in OKI?", "Deklarasi pada 27 Desember 2023 dan HUT ke-56.", False),  # ke-56: an ordinal
        ("Berapa ASN yang ikut deklarasi?", "HUT Ke-52 KORPRI, HUT Ke-78 PGRI, Tahun 2023.", False),  # ordinals and a year
        ("Berapa ASN yang ikut deklarasi?", "Pegawai akan satu komando dengan Pj Bupati.", False),  # "satu komando": united
        ("Berapa ASN yang ikut deklarasi?", "Ribuan Aparatur Sipil Negara (ASN) hadir.", True),
        ("Berapa ASN yang ikut deklarasi?", "Hanya satu ASN yang absen.", True),
        # A count of another thing is no count of the one asked about (cues.counts_another_thing).
        ("Berapa ASN di Pemprov Bengkulu?", "Terdapat tiga poin utama yang ditekankan.", False),
        ("Berapa ASN di Pemprov Bengkulu?", "Sebanyak 2.500 pegawai hadir.", True),  # people where people are counted
        ("Berapa ASN di Pemprov Bengkulu?", "Sebanyak 25 sekolah dan tiga poin utama.", False),
        ("Berapa ASN di Pemprov Bengkulu?", "Rapat dihadiri 300 ASN Pemprov.", True),
        ("Berapa ASN di Pemprov Bengkulu?", "Rapat dihadiri 300 orang.", True),  # "orang" counts without naming
        ("Berapa ASN di Pemprov Bengkulu?", "Jumlahnya mencapai 300, kata Sekda.", True),  # nothing named after it
        ("Berapa ASN di Pemprov Bengkulu?", "Sekitar 30 persen ASN belum hadir.", True),
        ("Berapa korban tewas akibat topan?", "Topan menewaskan 14 warga dan ribuan rumah rata.", True),  # people counted
        ("Berapa korban tewas akibat topan?", "Topan meratakan ribuan rumah.", False),
        ("Berapa jumlah kapal di Benoa?", "Di sana beroperasi 700 unit kapal.", True),
        ("Berapa jumlah kapal di Benoa?", "Di sana bekerja 700 nelayan.", False),
        ("Berapa kayu ilegal yang disita?", "Polisi menyita 80.854 meter kubik kayu ilegal.", True),
        ("Berapa penghematan devisa dari pabrik?", "Pabrik menghemat devisa 600 juta dollar AS.", True),  # a sum
        ("Berapa indeks saham Nikkei?", "Indeks Nikkei ditutup pada 13.000 poin.", True),  # an index's number, no count
        ("Berapa investor asing yang hadir?", "Forum diikuti 100 peserta yang merupakan investor asing.", True),
        ("Berapa orang yang positif HIV?", "Dari 102 sampel, ditemukan 69 positif HIV.", True),  # a word the question gives
        ("berapa civil servants di OKI?", "Di OKI ada lebih kurang 8 ribu ASN.", True),  # an English word's translation
        ("berapa civil servants di OKI?", "Di OKI ada lebih kurang 8 ribu rumah.", False),
        ("How many civil servants are in OKI?", "Di OKI ada lebih kurang 8 ribu rumah.", False),
        ("How many civil servants are in OKI?", "Di OKI ada lebih kurang 8 ribu pegawai negeri sipil.", True),
        ("How many people were hurt by the typhoon?", "Topan melukai 120 warga.", True),
        ("How many people were hurt by the typhoon?", "Topan merusak 120 rumah.", False),
        ("How many Thai fishing boats stopped going to sea?", "Lebih dari 5.000 kapal pelaut berhenti melaut.", True),
        ("How many OPD heads attended the meeting?", "Terdapat tiga poin utama yang ditekankan dalam rapat tersebut.", False),
        ("brp asn di pemprov bengkulu", "Terdapat tiga poin utama yang ditekankan.", False),  # typed as in a chat
        ("berapa sih jumlah asn di pemprov bengkulu", "Terdapat tiga poin utama yang ditekankan.", False),
        ("Berapa ASN di Pemprov Bengkulu?", "Rapat menekankan tiga poin utama kepada ASN.", False),  # the points are counted
        ("Berapa korban tewas kecelakaan bus di Lahat?", "Sebanyak 12 meninggal dunia dan 30 luka-luka.", True),  # what befell them
        ("Berapa petugas dikerahkan?", "Polisi mengerahkan 500 personel.", True),
        ("Berapa pekerja yang dirumahkan?", "Pabrik merumahkan 2.000 pekerjanya.", True),
        ("Berapa masjid rusak akibat gempa?", "Gempa membuat 45 mobil warga rusak.", False),
        ("Berapa pulau di Kepulauan Krakatau?", "Ada 40 jenis burung di sana.", False),  # past the classifier
        ("Berapa ekor gajah di Way Kambas?", "Ada 40 ekor gajah di sana.", True),
        ("Berapa sekolah yang rusak?", "Gempa terjadi dua kali.", False),
        ("Berapa kali Alonso menjadi juara?", "Alonso enam kali menjadi juara.", True),
        ("Berapa penganggur di Indonesia?", "Penganggur meningkat sekitar 830.000 orang per tahun.", True),  # persons of any kind
        ("Berapa jumlah pasti ASN Pemkab Muba?", "Ribuan Aparatur Sipil Negara (ASN) hadir.", True),
        ("How many died in the Mandala crash?", "Kecelakaan itu menewaskan 149 orang.", True),  # the dead are people
        ("Berapa bayi lahir setiap 20 menit?", "Setiap 20 menit terlahir 6.000 jiwa.", True),
        ("Berapa kendaraan rusak akibat gempa?", "Gempa merusak 45 mobil warga.", True),  # a thing of the kind
        ("Berapa sekolah rusak akibat gempa?", "Gempa merusak 30 gedung SD.", True),
        ("Berapa perahu nelayan yang berhenti melaut?", "Lebih dari 5.000 kapal berhenti melaut.", True),
        ("Berapa motor rusak akibat gempa?", "Gempa merusak 45 mobil warga.", False),  # a thing of the same kind
        ("How many ASN in OKI?", "Jumlah ASN naik ke 8.000 orang.", True),  # "ke 8.000": to 8,000, no ordinal
        ("How many votes did he get?", "Ia hanya meraih satu suara.", True),  # "satu suara": one vote
        ("How many ASN in OKI?", "Deklarasi pada Rabu, 27 Desember 2023.", False),  # a date
        # "berapa lama" asks for a number of units of time.
        ("Berapa lama Herwan Antoni menjabat?", "Ia menjabat selama dua bulan kedepan.", True),
        ("Berapa lama konser berlangsung?", "Konser berlangsung 90 menit.", True),
        ("Berapa lama perjalanan ke Anyer?", "Waktu tempuh 1,5 jam dengan speed boat.", True),
        ("berapa lama dia dipenjara", "Ia dipenjara setahun.", True),
        ("Berapa lama Herwan Antoni menjabat?", "Ia dilantik pada 2024.", False),  # a year is no duration
        ("Berapa lama Herwan Antoni menjabat?", "Ia memimpin 20 pejabat.", False),  # nor a count
        ("Apel pagi jam berapa?", "Apel dimulai pukul 07.30 WIB.", True),
        # "berapa persen" asks for a share: a number with "persen" or "%", not any number.
        ("Berapa persen kenaikan tarif tol?", "Tarif tol naik 15-16 persen sejak Rabu.", True),
        ("Berapa persen kenaikan tarif tol?", "Inflasi mencapai 2,5% tahun ini.", True),
        ("Berapa persen kenaikan tarif tol?", "Kenaikan tujuh persen diumumkan.", True),
        ("Berapa persen kenaikan tarif tol?", "Tarif tol naik sejak 24 Agustus 2005.", False),  # a date
        ("Berapa persen kenaikan tarif tol?", "Biaya naik menjadi Rp 5.000.", False),  # a sum
        # A measure after "berapa" (measures.tsv) asks for a number in its units.
        ("Berapa jarak Pagar Alam dari Bengkulu?", "Jaraknya sekitar 125 km dari Bengkulu.", True),
        ("Berapa jarak Pagar Alam dari Bengkulu?", "Pada 2005 ada 3.000 orang di Pagar Alam.", False),
        ("Berapa panjang jalan itu?", "Luasnya 410.660 kilometer persegi.", False),  # an area
        ("Berapa luas Danau Kerinci?", "Danau seluas 4.200 hektar itu dangkal.", True),
        ("Berapa hektarkah lahan yang puso?", "Sebanyak 500 hektar sawah puso.", True),
        ("Berapakah harga pertamax plus?", "Harganya Rp 5.700 per liter.", True),
        ("Berapakah dana restorasi candi Arjuna?", "Restorasi butuh 500 juta.", True),
        ("Berapa harga minyak per liter di Thailand?", "Harganya 26,5 baht per liter.", True),
        ("Berapakah harga pertamax plus?", "Harga naik sejak 1 Januari 2006.", False),  # a date
        ("Berapa berat impaktor itu?", "Impaktor seberat 362 kilogram.", True),
        ("Berapakah temperatur permukaan Mars?", "Rata-rata - 45 derajat Celsius.", True),
        ("Berapa kecepatan angin topan Katrina?", "Angin berembus 235 km per jam.", True),
        ("Berapa kecepatan angin topan Katrina?", "Topan melanda 235 km dari pantai.", False),  # a length
        ("Berapa besar dana pembangunan Nabire?", "Pemerintah menganggarkan Rp 913 miliar.", True),
        ("Berapa besar dana pembangunan Nabire?", "Pembangunan berlangsung 2005-2007 di 14 distrik.", False),  # years and a count
        ("Mencapai kecepatan berapakah Topan Khanun?", "Topan bergerak 155 kilometer per jam.", True),
        ("Berapa ketinggian Dataran Tinggi Dieng?", "Dieng berada 2.693 meter di atas permukaan laut.", True),
        ("Berapa ketinggian Dataran Tinggi Dieng?", "Dieng dihuni 12.000 warga.", False),
        # "berapa umur/usia" asks how old: an age in brackets after a name, or after the word for age.
        ("Berapakah usia Celine Dion?", "Penyanyi asal Kanada, Celine Dion (36), mengkritik Bush.", True),
        ("Berapa umur Balawan?", "Balawan yang kini berusia 32 tahun tampil memukau.", True),
        ("Berapakah usia PBB?", "PBB, yang tahun ini merayakan usianya yang ke-60, perlu reformasi.", True),
        ("Berapa usia LIPI?", "Penghargaan itu bagian dari perayaan ulang tahun ke-38 LIPI.", True),
        ("How old is Celine Dion?", "Celine Dion (36) mengkritik Bush.", True),
        ("Berapa umur Edwar Juliartha?", "Edwar Juliartha memimpin rapat pada Kamis, 26 September 2024.", False),  # a date
        ("Berapa umur Edwar Juliartha?", "Rapat diikuti 120 kepala OPD dan camat.", False),  # a count
        ("Berapa usia Sisardi?", "Apel digelar Senin (04/11) di halaman kantor.", False),  # a date in brackets
        # "nama latin" asks for one: in brackets after the common name, or before it in a list.
        ("Apa nama latin dari harimau Sumatera?", "Harimau sumatera (Panthera tigris sumatrae) terancam.", True),
        ("Apa nama latin dari pohon karas?", "Getah pohon karas (Aguilaria mallaccansis atau Cinnamomum sp) mahal.", True),
        ("Apa nama latin dari ikan leter six?", "Ada Paracanthurus hepatus (leter six) dan lainnya.", True),
        ("Apa nama latin dari katak batu?", "Penelitian pada Limnonectes (katak batu) berlanjut.", True),
        ("Apa nama latin dari kijang?", "Hanya kijang yang mati karena kondisinya parah.", False),
        ("Apa nama latin dari kijang?", "Rapat di Jakarta (kemarin) dibuka.", False),  # a short word before brackets
        # A number is read whole: the digits of a year the question gives are no number it
        # asks for ("2", "0", "2", "5" were, each alone).
        ("Berapa korban banjir Sekayu pada Januari 2025?", "Sandi meminta drainase dinormalisasi sebelum musim hujan Januari 2025.", False),
        ("Berapa korban banjir Sekayu pada Januari 2025?", "Banjir Januari 2025 membuat 1.250 warga mengungsi.", True),
        ("Berapa korban banjir Sekayu pada Januari 2025?", "Banjir Januari 2025 merendam 1.250 rumah.", False),  # houses, not people
        # A place of the kind asked (asked_place_kinds.tsv): a country, a province, not any place.
        ("Di negara manakah letak kota Pyongyang?", "Perundingan alot karena desakan Pyongyang.", False),
        ("Di negara manakah letak kota Pyongyang?", "Pyongyang, ibu kota Korea Utara, menolak.", True),
        ("Di negara manakah letak kota Pyongyang?", "Delegasi tiba di Bandara Sunan.", False),  # a place of no kind asked
        ("Negara apakah yang memprakarsai sanksi atas Irak?", "Sanksi itu diprakarsai AS sejak 1990.", True),  # an abbreviation
        ("Negara apakah yang memprakarsai sanksi atas Irak?", "Irak menolak sanksi itu.", False),  # the country it gives
        ("Di negara manakah Arbitrase Internasional berada?", "Pertamina membayar 261 juta dollar AS.", False),  # money, not the country
        ("Pabrik aromatik pertama di negara apa?", "Pabrik pertama di Indonesia itu siap beroperasi.", True),  # no "di mana" answer, a country
        ("Negara mana yang menjadi lawan Korea Selatan di final?", "Korea Utara menjadi lawan Korea Selatan.", True),  # a name's ending
        ("Dari negara mana tenaga ahli jembatan itu?", "Tenaga ahli dari Jepang-Korea ikut mengawasi.", True),  # joined by a hyphen
        ("Negara mana yang wakil presidennya hadir?", "Wakil Presiden RI hadir di sana.", True),  # country_abbreviations.tsv
        ("Negara mana yang mendukung Indonesia?", "Wakil Presiden RI hadir di sana.", False),  # "RI" is the Indonesia it gives
        ("Kota Jambi berada di provinsi mana?", "Festival dibuka di stadion tingkat provinsi Sabtu malam.", False),  # a day, not a province
        ("Di negara manakah Sri Mulyani bekerja?", "Menteri Keuangan Sri Mulyani bekerja keras.", False),  # a first name, not Sri Lanka
        ("Which country is Pyongyang in?", "Pyongyang, ibu kota Korea Utara, menolak.", True),
        ("Di provinsi manakah letak Sungai Musi?", "Sungai Musi mengalir di daerah kaki Gunung Dempo.", False),
        ("Di provinsi manakah letak Sungai Musi?", "Sungai Musi membelah Sumatera Selatan.", True),
        ("Di provinsi manakah Ali Mazi menjabat gubernur?", "Gubernur Sultra Ali Mazi hadir.", True),  # a province's short form
        ("Di provinsi manakah rakyat Ekuador berunjuk rasa?", "Warga Provinsi Sucumbios turun ke jalan.", True),  # after its kind word
        ("Di provinsi manakah Kabupaten Kerinci berada?", "Kabupaten Kerinci dikenal dengan danaunya.", False),
        ("Di provinsi manakah Kabupaten Muba?", "Deklarasi netralitas ASN se-Sumatera Selatan.", True),  # all of it
        ("Di provinsi manakah rakyat Ekuador berunjuk rasa?", "Unjuk rasa di dua provinsi kaya minyak, Sucumbios dan Orellana.", True),
        ("Di kota manakah Observatorium Bosscha berada?", "Observatorium Bosscha di Lembang dibuka.", True),  # any place's name
    ],
)
def test_answer_type_cues(analyzer, question, text, expected):
    assert has_cue(text, analyzer.analyze_question(question), analyzer) is expected


def test_every_kind_of_place_asked_has_a_required_cue(analyzer):
    """asked_place_kinds.tsv names answer types: each needs its cue, or no paragraph answers."""
    language = analyzer.language
    assert language.asked_place_kinds
    for kind in language.asked_place_kinds.values():
        assert language.answer_cues.get(kind) and kind in REQUIRED_CUES and kind in PLACE_TYPES


def test_a_year_alone_still_answers_when_but_a_day_ranks_first(analyzer):
    question = analyzer.analyze_question("Kapan deklarasi netralitas ASN?")
    texts = ["Deklarasi netralitas ASN pada Pemilu 2024 digelar meriah.", "Deklarasi netralitas ASN digelar Rabu, 27 Desember."]
    assert has_cue(texts[0], question, analyzer, weak=True)
    scores = [{"deklarasi": 2.0, "netralitas": 1.0, "asn": 1.0}] * 2
    candidates = [Candidate(i, text, frozenset(), s) for i, (text, s) in enumerate(zip(texts, scores))]
    judged = judge(candidates, question, [1.0] * len(question.concepts), analyzer, RankingParameters())
    assert [j.passage for j in judged] == [1, 0]
    assert [j.cue for j in judged] == [True, False]


@pytest.mark.parametrize("text", ["Proyek ditargetkan selesai akhir tahun.", "Proyek dimulai bulan depan.", "Proyek selesai pertengahan tahun."])
def test_a_time_said_in_words_answers_when_but_a_day_ranks_first(analyzer, text):
    question = analyzer.analyze_question("Kapan proyek selesai?")
    assert has_cue(text, question, analyzer, weak=True) and not has_cue(text, question, analyzer)


def test_misspelt_english_word_is_mended_against_the_lexicon(analyzer):
    unknown_to_corpus = analyzer.analyze_question("When was the neutrality declaraton?", known=lambda term: False)
    assert any("deklarasi" in concept for concept in unknown_to_corpus.concepts)
    unmended = analyzer.analyze_question("When was the neutrality declaraton?")
    assert not any("deklarasi" in concept for concept in unmended.concepts)


def test_a_word_the_corpus_knows_is_not_mended(analyzer):
    # "neutrall" is one edit from "neutral"; a corpus that uses the word as written keeps it.
    question = analyzer.analyze_question("Who is neutrall?", known=lambda term: term == "neutrall")
    assert any(concept == frozenset({"neutrall"}) for concept in question.concepts)
    mended = analyzer.analyze_question("Who is neutrall?", known=lambda term: False)
    assert any("netral" in concept for concept in mended.concepts)


@pytest.mark.parametrize(
    ("first", "second"),
    [("menekankan", "ditekankan"), ("menulis", "ditulis"), ("penumpang", "tumpangan"), ("menuju", "dituju")],
)
def test_men_and_pen_forms_meet_their_di_forms(analyzer, first, second):
    assert set(analyzer.word_terms(first)) & set(analyzer.word_terms(second))


LONG_QUESTION = "Berasal dari manakah M Fauzan peraih dua emas untuk nomor senam pada Porprov Sumsel ke-8"


@pytest.mark.parametrize(
    ("coverage", "found", "unknown", "expected"),
    [
        (0.45, 1, False, True),  # enough of the question's weight
        (0.44, 2, False, False),  # too little, in too few concepts
        (0.30, 3, False, True),  # three of a long question's concepts in one paragraph
        (0.29, 5, False, False),
        (0.30, 3, True, False),  # a word no article uses: only a high coverage answers
        (0.49, 6, True, False),
        (0.50, 1, True, True),
    ],
)
def test_the_no_answer_decision(analyzer, coverage, found, unknown, expected):
    question = analyzer.analyze_question(LONG_QUESTION)
    question = replace(question, unknown=(unknown,) + (False,) * (len(question.concepts) - 1))
    best = Judged(passage=0, bm25=1.0, coverage=coverage, concepts_found=found, cue=True, score=1.0)
    assert answerable(best, question, RankingParameters()) is expected
    assert not answerable(None, question, RankingParameters())


def test_a_short_question_needs_the_full_share(analyzer):
    question = analyzer.analyze_question("how many asn were reported as not neutral in oku timur")
    assert len(question.concepts) < RankingParameters().min_concepts_asked
    best = Judged(passage=0, bm25=1.0, coverage=0.43, concepts_found=3, cue=True, score=1.0)
    assert not answerable(best, question, RankingParameters())


@pytest.mark.parametrize(
    "question",
    ["Siapa Pjs Bupati Rejang Lebong?", "Kapan deklarasi netralitas ASN?", "Berapa jumlah ASN di Muba?", "Di mana rapat digelar?"],
)
def test_judging_an_analysed_passage_is_judging_its_text(analyzer, seed_corpus, question):
    from retrieval.analysed import analyse_passage

    asked = analyzer.analyze_question(question)
    texts = [p for d in seed_corpus.documents for p in d.paragraphs]
    scores = [{t: 1.0 for c in asked.concepts for t in c if t in analyzer.terms(text)} for text in texts]
    weights = [1.0] * len(asked.concepts)
    plain = [Candidate(i, text, frozenset(), s) for i, (text, s) in enumerate(zip(texts, scores))]
    analysed = [Candidate(i, text, frozenset(), s, analyse_passage(text, analyzer)) for i, (text, s) in enumerate(zip(texts, scores))]
    expected = judge(plain, asked, weights, analyzer, RankingParameters())
    assert expected and judge(analysed, asked, weights, analyzer, RankingParameters()) == expected
    for text in texts:  # the focus read from an analysed passage is the one read from its text
        passage = analyse_passage(text, analyzer)
        focus = focus_of(passage, asked, weights)
        found = text if focus is None else text[slice(*passage.sentences[focus])]
        assert found == focus_sentence(text, analyzer.term_spans(text), asked, weights, analyzer.language)


@pytest.mark.parametrize("question", ["Apa pesan Pjs Bupati kepada ASN tentang netralitas?", "Apa pesan Sisardi kepada ASN?"])
@pytest.mark.parametrize("position", [1, 3, 4])
def test_a_promoted_ranking_reads_its_own_first_verdicts(searcher, question, position):
    """Promoted.best_coverage is the best coverage among its own first verdicts, whether
    or not the moved one was among the ranker's first ones."""
    analysed = searcher.analyze(question)
    ranking = searcher.rank(analysed, searcher.candidates(analysed, 30)).ranking
    promoted = Promoted(ranking, position)
    verdicts = promoted.all()
    for within in range(1, 8):
        for besides in (verdicts[0].passage, verdicts[within - 1].passage, -1):
            expected = max((j.coverage for j in verdicts[:within] if j.passage != besides), default=0.0)
            assert promoted.best_coverage(within, besides) == expected


class WithoutBoosts(Ranking):
    """Another ranker: BM25 times coverage, the asked-for kind of thing counting for nothing."""

    def _score(self, head: float, cue: bool, focused: bool, beyond: float) -> float:
        return head


def test_the_ranker_is_a_stage_passed_in(searcher):
    """The Searcher takes its ranker from outside: without the boost for a place, "Di
    mana ... berlangsung?" is answered by the rakor's opening paragraph, which names no
    place, where the bundled ranker gives the one saying it was held at Gedung Pola."""
    question = "Di mana Rakor Plt Gubernur Bengkulu dengan kepala OPD berlangsung?"
    bundled = searcher.ask(question).answers[0]
    other = Searcher(searcher.library, today=searcher.today, ranker=WithoutBoosts).ask(question).answers[0]
    assert "Gedung Pola" in bundled.excerpt and bundled.paragraph == 2
    assert other.doc_id == bundled.doc_id and other.paragraph == 1
