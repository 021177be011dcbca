"""Listings show the latest articles first: by the date column, undated ones last."""

from __future__ import annotations

import pytest

from retrieval.corpus import Document
from retrieval.library import Library, newest_first


@pytest.mark.parametrize(
    ("dates", "order"),
    [
        (["2024-01-02", "2024-03-01", "2023-12-31"], [1, 0, 2]),
        ([None, "2024-01-02", None], [1, 0, 2]),  # undated last, in their order
        (["abcd-ef-gh", "2024-02-30", "2024-01-02"], [2, 0, 1]),  # written as an API caller liked: as undated
        (["2024-03-01", "2024-03-01T10:00:00+07:00", "2024-03-01"], [1, 0, 2]),  # one day: the later written time, then the archive's order
        (["2024-02-29T00:00", "2024-02-29 09:00"], [1, 0]),  # a space for the "T": still the later time first (helper-130)
        ([], []),
    ],
)
def test_newest_first(dates, order):
    assert newest_first(dates).tolist() == order


def test_a_librarys_newest_documents_are_its_live_ones_latest_first():
    documents = [
        Document(doc_id=f"d{i}", title=f"Judul {i}", source=None, date=date, paragraphs=(f"Paragraf tentang hal {i}.",))
        for i, date in enumerate(["2024-01-02", None, "2024-05-06", "2024-03-04"])
    ]
    library = Library.build(documents)
    assert [d.doc_id for d in library.newest_documents] == ["d2", "d3", "d0", "d1"]
    assert [d.doc_id for d in library.documents] == ["d0", "d1", "d2", "d3"]  # answers and counts keep the archive's order


def test_a_removed_article_leaves_the_listing(tmp_path):
    from bot.service import SearchService

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, date in [("lama", "2/1/2024"), ("baru", "6/5/2024"), ("tengah", "4/3/2024")]:
        # Dated by its dateline, as a text file is.
        (corpus / f"{name}.txt").write_text(f"Judul {name}\n\nSEKAYU, Senin ({date}) - Paragraf tentang {name} di Sekayu.\n", encoding="utf-8")
    service = SearchService(corpus, tmp_path / "index")
    assert [d.title for d in service.documents] == ["Judul baru", "Judul tengah", "Judul lama"]
    (corpus / "tengah.txt").unlink()
    service.reload()
    assert [d.title for d in service.documents] == ["Judul baru", "Judul lama"]
