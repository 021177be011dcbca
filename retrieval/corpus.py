"""Reading a corpus directory: every .txt and .md file under it is one article."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from retrieval.analysis import Analyzer
from retrieval.chunking import markdown_to_text, parse_article
from retrieval.language import Language, load_language

logger = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")


class CorpusError(Exception):
    """The corpus cannot be used at all: a missing directory, or no readable article."""


@dataclass(frozen=True)
class Document:
    """One article: where it came from, what it says about itself, and its passages: the
    paragraphs as a reader counts them, then the photo captions (numbered on after the
    last paragraph, so they never move a paragraph's number, and last, so that an equal
    score goes to the paragraph; ``chunking.is_caption`` tells them apart)."""

    doc_id: str
    title: str
    source: str | None
    date: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """A file left out of the corpus, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    directory: Path
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]

    @property
    def paragraph_count(self) -> int:
        return sum(len(d.paragraphs) for d in self.documents)


def corpus_files(directory: Path) -> list[Path]:
    """The article files under ``directory``, sorted, hidden files and folders left out."""
    directory = Path(directory)
    if not directory.exists():
        raise CorpusError(f"corpus directory not found: {directory}")
    if not directory.is_dir():
        raise CorpusError(f"corpus path is not a directory: {directory}")
    return sorted(
        path
        for path in directory.rglob("*")
        if path.suffix.lower() in SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    )


def doc_id_for(path: Path, directory: Path) -> str:
    return path.relative_to(directory).with_suffix("").as_posix()


def fingerprint(directory: Path) -> str:
    """A digest of every article file's name and bytes: it changes when any file is
    added, changed or removed."""
    digest = hashlib.sha256()
    for path in corpus_files(directory):
        digest.update(path.relative_to(directory).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def decode_article(data: bytes) -> str:
    """The text of an article file; ValueError with the reason when it is not one."""
    if not data.strip():
        raise ValueError("empty file")
    if b"\0" in data:
        raise ValueError("binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (byte {error.start})") from None


def read_document(path: Path, directory: Path, language: Language | None = None, analyzer: Analyzer | None = None) -> Document:
    """One article file as a Document; ValueError when the file cannot be one."""
    text = decode_article(path.read_bytes())
    if path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    article = parse_article(text, language)
    if not article.paragraphs:
        raise ValueError("no paragraphs")
    title = article.title or doc_id_for(path, directory)
    captions = article.captions
    if captions:
        analyzer = analyzer or Analyzer(language or load_language())
        captions = analyzer.captions_worth_keeping(title, article.paragraphs, captions)
    return Document(
        doc_id=doc_id_for(path, directory),
        title=title,
        source=article.source,
        date=article.date,
        paragraphs=article.paragraphs + captions,
    )


def load_corpus(directory: Path | str) -> Corpus:
    """Every readable article under ``directory``. Unreadable files are skipped with a
    warning naming them; CorpusError when nothing is left."""
    directory = Path(directory)
    language = load_language()
    analyzer = Analyzer(language)
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, Path] = {}
    for path in corpus_files(directory):
        try:
            document = read_document(path, directory, language, analyzer)
            if document.doc_id in seen:
                raise ValueError(f"same doc_id as {seen[document.doc_id].name}")
        except (ValueError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            skipped.append(Skipped(str(path), reason))
            logger.warning("skipping %s: %s", path, reason)
            continue
        seen[document.doc_id] = path
        documents.append(document)
    if not documents:
        raise CorpusError(f"no readable .txt or .md articles in {directory}")
    return Corpus(directory=directory, documents=tuple(documents), skipped=tuple(skipped))
