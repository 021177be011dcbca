"""The answer path's shortcuts give what the long way gives (H50)."""

from __future__ import annotations

import dataclasses

from retrieval.chunking import leaves_quote_open, refers_back
from retrieval.search import Citation


def test_citation_json_is_asdict_in_field_order():
    # Spelt out for speed: a field added to Citation must be added to its JSON too.
    cited = Citation("doc", "Judul", "sumber", "2024-10-01", 3, "https://example.org/a")
    assert list(cited.to_json().items()) == list(dataclasses.asdict(cited).items())
    bare = Citation("doc", "Judul", None, None, 1)
    assert list(bare.to_json().items()) == list(dataclasses.asdict(bare).items())


def test_kept_verdicts_on_the_paragraph_before_are_the_rule(searcher):
    # Every passage of the seeds, asked twice (the second from the kept verdict): the
    # paragraph before exactly when it is of the same article and the rule says so.
    passages = searcher.library.passages
    texts, owners = passages.texts, passages.owners
    continuing = 0
    for _ in range(2):
        for passage in range(len(texts)):
            same_article = passage > 0 and owners[passage - 1] == owners[passage]
            rule = same_article and (leaves_quote_open(texts[passage - 1]) or refers_back(texts[passage], searcher.analyzer.language))
            assert searcher._said_before(passage) == (texts[passage - 1] if rule else None)
            continuing += rule
    assert continuing > 0  # the seeds hold quotations running on and paragraphs pointing back
