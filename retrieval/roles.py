"""The role a who-question asks after: "Siapa PEMENANG Pilkada Rejang Lebong?", "Who is
the WINNER of ...". An article of several paragraphs that never writes the role does not
answer the question, however much else of it it holds: the archive's articles on the
Pilkada name acting regents, and none of them is its winner."""

from __future__ import annotations

from retrieval.analysis import Analyzer, Word


def asked_role(text: str, analyzer: Analyzer) -> Word | None:
    """The word naming the role a question asks after: the one after a role opener
    (role_openers.txt: "siapa", "who is the") and any question frame ("nama"); None
    when the question opens otherwise, or a stop word follows ("Siapa yang ...": asked
    by what someone did, which an article may write in other words)."""
    language = analyzer.language
    words = analyzer.words(text)
    written = tuple(word.text for word in words)
    opener = next((o for o in language.role_openers if written[: len(o)] == o), None)
    if opener is None:
        return None
    rest = words[len(opener) :]
    while rest and rest[0].text in language.question_frames:
        rest = rest[1:]
    if not rest or rest[0].text in language.stopwords:
        return None
    return rest[0]
