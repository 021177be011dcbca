"""Whose words a paragraph reports: asked what someone said, a paragraph that names them
but reports another's words by name is not their words (retrieval/speakers.py,
speaker_named_after.txt, speaker_named_before.txt)."""

from __future__ import annotations

import pytest
from scratch_corpus import first_excerpt_holds, searcher_over, top

from retrieval.speakers import named_speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # helper-156's two wrong answers: the speaker named before "mengatakan", after "kata".
        (
            "Wakil Ketua Fraksi Partai Golkar (F-PG) A Azis Angkat mengatakan, sikap fraksinya menuntut klarifikasi "
            "tentang dugaan bahwa Rudolf tidak memiliki ijazah.",
            ("Wakil Ketua Fraksi Partai Golkar (F-PG) A Azis Angkat",),
        ),
        ("Kami tak mengetahui rincian lebih jauh, kata U Lwin, juru bicara NLD, partai pimpinan Aung San Suu Kyi.", ("U Lwin",)),
        # A title's full stop stays in the name; the comma before one ends the office.
        ('"Sebagai anggota Korpri, kita harus netral," ujar Prof. Edwar.', ("Prof. Edwar",)),
        ("Sekretaris Daerah OKI, Ir Asmar Wijaya MSi menjelaskan, sebenarnya sudah sering diingatkan.", ("Ir Asmar Wijaya MSi",)),
        ("Menurut Rosjonsyah, HUT ini untuk menampilkan potensi daerah.", ("Rosjonsyah",)),
        # A few words in small letters may say what the speaker is before the name.
        ("Ukurannya sudah sangat tepat, kata arkeolog senior Mundardjito.", ("Mundardjito",)),
        ('"Kami netral," kata seorang warga.', None),
        ('"Ya," kata pengamat politik dari UI, Budi.', None),
        ("Polisi mengatakan kapalnya ditangkap. Rudolf Pardede mengatakan ia tidak tahu.", ("Polisi", "Rudolf Pardede")),
        # The day news puts between the speaker and the verb; a place there is no one.
        (
            "Presiden Venezuela Hugo Chavez, Jumat (26/8) di Caracas, mengatakan, Presiden AS harus bertanggung jawab.",
            ("Presiden Venezuela Hugo Chavez",),
        ),
        ("Kepala Dinas Kehutanan Provinsi Sulsel Idris Syukur, Selasa, mengungkapkan hal itu.", ("Kepala Dinas Kehutanan Provinsi Sulsel Idris Syukur",)),
        ("Ketua DPRD Jabar di Bandung, Selasa (23/8), mengatakan hal itu.", None),
        ("Hatta Rajasa seusai menjenguk korban di RSUP Adam Malik, Medan, Senin (5/9), mengatakan hal itu.", None),
        ("Rudolf, yang juga Ketua DPRD, mengatakan hal itu.", None),
        # A few words pointing back to the speaker stand between them and the verb.
        (
            "Dalam kesempatan itu, Pjs. Bupati Rejang Lebong, Dr. H. Herwan Antoni, dalam sambutannya menyampaikan ucapan terimakasih.",
            ("Dr. H. Herwan Antoni",),
        ),
        ("Ia, dalam sambutannya menyampaikan terima kasih.", None),
        # helper-161: a name that may go on past what is read names no one it tells.
        ("Diare penyakit endemis, kata Direktur Jenderal Pengendalian Penyakit dan Penyehatan Lingkungan I Nyoman Kandun.", None),
        ("Atletik harus dibina, kata Ketua Umum PB PASI (Persatuan Atletik Seluruh Indonesia) Bob Hasan.", None),
        ("Panen gagal, kata Kepala Dinas Pertanian, Zaini, di Banda Aceh.", None),
        ("Sapi itu sehat, kata Kepala Dinas Peternakan drh Nanang.", None),
        ("Menurut lulusan New South Wales University itu, harga akan naik.", None),
        # ... nor one after a word in small letters: whose, or where.
        ("Harga naik, Toto Dirgantoro di Jakarta mengatakan hal itu.", None),
        ("Sementara itu, para pengacara Anwar menyatakan akan menuntut ganti rugi.", None),
        ("Presiden Yudhoyono dan Wakil Presiden (Wapres) Jusuf Kalla menjawab nanti saja.", None),
        ("Bantuan tiba seusai Abbas menyampaikan pidatonya.", None),
        # A stop word opening a clause leaves the name whole; a name given after its
        # office between commas goes on past the office.
        ("Hal itu terkuak setelah Perdana Menteri Thailand Thaksin Shinawatra menyatakan isu itu tidak benar.", ("Perdana Menteri Thailand Thaksin Shinawatra",)),
        ("Menurut Ketua MP2RSI Wilayah III Cirebon, Badrudin, tuntutan aksi tetap sama.", None),
        # A particle and a hyphen stay in the name; a full stop ends it but after a title.
        ("Setelah itu harus diadakan pemilu, kata Munther al-Fadhal, anggota tim penyusun konstitusi.", ("Munther al-Fadhal",)),
        ("Kami netral, kata Abdullah bin Abdul Aziz.", ("Abdullah bin Abdul Aziz",)),
        ("Ia anggota TWBK. Dia mengatakan hal itu.", None),
        # "),": the day closes with its bracket; an office after a comma is someone.
        (
            "Menanggapi protes di AS, Presiden George W Bush, Selasa (30/8), mengungkapkan alasannya.",
            ("Presiden George W Bush",),
        ),
        # Named nowhere in the paragraph: the speaker may be anyone named before.
        ('"Ini rapat perdana saya," katanya.', None),
        ("Ia mengatakan hal itu kemarin.", None),
        ("Dia menegaskan ASN harus netral.", None),
        ("Pihaknya menegaskan ASN harus netral.", None),
        ("Rudolf juga mengatakan ia tidak tahu.", None),
        ('"Kami netral," ujar Pjs Bupati.', None),
        ("Dengan kata lain, Rudolf tidak lulus.", None),
        # Both: one attribution naming no one leaves the paragraph untold.
        ('Menurut Rudolf, ijazahnya asli. "Saya lulus," katanya.', None),
        # No attribution by these words.
        ("Rudolf Pardede dilantik sebagai Gubernur Sumut.", ()),
    ],
)
def test_the_speakers_a_paragraph_names(analyzer, text, speakers):
    assert named_speakers(text, analyzer) == speakers


OTHERS = {
    "ijazah.txt": (
        "Title: Fraksi Golkar Tuntut Klarifikasi Ijazah Gubernur\n\nMedan - Wakil Ketua Fraksi Partai Golkar A Azis Angkat "
        "mengatakan, fraksinya menuntut klarifikasi atas tuduhan ijazah palsu Gubernur Sumut Rudolf Pardede.\n\n"
        "Panitia khusus DPRD akan memanggil Rudolf Pardede pekan depan.\n"
    ),
    "kempo.txt": (
        "Title: Kejuaraan Dunia Kempo\n\nJakarta - Kejuaraan dunia kali ini diikuti oleh 32 negara, ujar Ketua Umum Pengurus "
        "Besar Persaudaraan Bela Diri Kempo Indonesia Timbul Thomas Lubis saat diterima Sekretaris Jenderal KONI Pusat Rita A "
        "Subowo di Jakarta, Kamis.\n"
    ),
    "lantik.txt": (
        "Title: Rudolf Pardede Dilantik\n\nMedan - Rudolf Pardede dilantik sebagai Gubernur Sumatera Utara, Senin.\n\n"
        '"Saya akan bekerja untuk rakyat Sumut," kata Rudolf Pardede usai pelantikan.\n'
    ),
}


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # Only another speaker on the diploma: not his words.
        ("Apa kata Rudolf Pardede soal tuduhan ijazah palsu?", ""),
        # His own words, named after "kata", still answer; so do the Golkar deputy's.
        ("Apa kata Rudolf Pardede usai pelantikan?", "bekerja untuk rakyat Sumut"),
        ("Apa kata A Azis Angkat soal ijazah Rudolf Pardede?", "menuntut klarifikasi"),
        # "menurut X" too (helper-158): Rita A Subowo only received the one who said it.
        ("Menurut Rita A Subowo, berapa negara yang ikut kejuaraan dunia kempo?", ""),
        ("Menurut Timbul Thomas Lubis, berapa negara yang ikut kejuaraan dunia kempo?", "32 negara"),
    ],
)
def test_a_paragraph_reporting_another_speaker_does_not_answer(tmp_path, question, shown):
    assert first_excerpt_holds(searcher_over(tmp_path, OTHERS).ask(question), shown or None)


@pytest.mark.parametrize(
    "question",
    [
        # The place of "Pjs Bupati BS" names no speaker: Sisardi's words answer.
        "Menurut Pjs Bupati BS, ketidaknetralan ASN akan merugikan siapa saja?",
        "Who does ASN non-neutrality harm, according to the Pjs Bupati of BS?",
    ],
)
def test_the_place_of_an_office_names_no_speaker(searcher, question):
    assert "merugikan negara, pemerintah dan masyarakat" in top(searcher.ask(question))
