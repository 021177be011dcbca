"""Convert FreeDict's English-Indonesian dictionary into tanya's compact data file.

Run once, when the source changes; the output is kept in the repository, so tanya needs
neither the Debian package nor this script to run. The source is Debian's package
``dict-freedict-eng-ind`` (FreeDict + WikDict, built from Wiktionary; CC-BY-SA 3.0)::

    apt-get update && apt-get download dict-freedict-eng-ind
    dpkg-deb -x dict-freedict-eng-ind_*.deb /tmp/freedict
    python scripts/convert_dictionary.py /tmp/freedict/usr/share/dictd/freedict-eng-ind

It reads ``.index`` (lines "headword<TAB>offset<TAB>length", the numbers in dictd's
base64 digits) and ``.dict.dz`` (gzip; dictzip is gzip with an index of its own), and
writes ``retrieval/data/dictionary_en_id.tsv``::

    # header lines ... entries: N
    explosion<TAB>ledakan|eksplosi|letupan
    company<TAB>usaha<TAB>perusahaan|firma|syarikat<TAB>kompi<TAB>besuk

one line per English headword (lower case), one cell per sense in the source's order
(the first sense is usually the common one), the translations of a sense separated by
"|". Entries of several parts of speech ("attack" the noun and the verb) are merged,
repeats dropped. Left out: affixes ("-ation"), proverbs and headwords of more than
MAX_WORDS words (no question says "a leopard cannot change its spots"), glosses, and
translations that are not plain words (wiki mark-up, brackets).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "retrieval" / "data" / "dictionary_en_id.tsv"

# dictd writes offsets and lengths in these digits, most significant first.
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Longer headwords are idioms and proverbs, not what a question about the news names.
MAX_WORDS = 4

# Parts of speech (the "<n>" closing an entry's first line) that translate no question word.
SKIPPED_PARTS = frozenset({"prefix", "suffix", "proverb", "symbol"})

HEADER = re.compile(r"<(?P<part>[^>]*)>\s*$")
NUMBERED = re.compile(r"^(?P<number>\d+)\.\s+(?P<rest>.*)$")
BARE_NUMBER = re.compile(r"^\s*\d+\.\s*$")
TRAILING_NUMBER = re.compile(r"\s+\d+\.\s*$")
# A translation is words: letters, with hyphens, apostrophes and spaces between them.
PLAIN = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$|^[^\W_]+-[^\W_]+$")


def decode_number(digits: str) -> int:
    """A dictd index number ("Bupc") as an int."""
    value = 0
    for digit in digits:
        value = value * 64 + BASE64.index(digit)
    return value


def entries(base: Path) -> Iterator[tuple[str, str]]:
    """(headword, entry text) for each line of ``base``.index, in index order."""
    data = gzip.decompress((base.parent / f"{base.name}.dict.dz").read_bytes())
    for line in (base.parent / f"{base.name}.index").read_text(encoding="utf-8").splitlines():
        headword, offset, length = line.split("\t")
        if headword.startswith("00database"):  # dictd's own metadata entries
            continue
        start = decode_number(offset)
        yield headword, data[start : start + decode_number(length)].decode("utf-8")


def senses(text: str) -> list[list[str]] | None:
    """The translations of each sense of one entry, or None for an entry to leave out.
    An entry is its headword line ("explosion /.../ <n>"), then either one line of
    translations and a gloss, or numbered senses ("1. modal, kapital"), each followed
    by its gloss; "kronis 2." and a bare " 3." are how the source writes senses that
    share the translations before them."""
    lines = text.rstrip("\n").split("\n")
    header = HEADER.search(lines[0])
    if header and header.group("part") in SKIPPED_PARTS:
        return None
    body = lines[1:]
    if not body:
        return None
    if not NUMBERED.match(body[0]):
        return [translations(body[0])]
    found = []
    for line in body:
        numbered = NUMBERED.match(line)
        if numbered and not BARE_NUMBER.match(line):
            found.append(translations(numbered.group("rest")))
    return found


def translations(cell: str) -> list[str]:
    """The plain translations of one sense line ("ledakan, eksplosi, letupan")."""
    cell = TRAILING_NUMBER.sub("", cell)
    words = (re.sub(r"\s+", " ", part).strip().lower() for part in cell.split(","))
    return [word for word in words if PLAIN.match(word)]


def convert(base: Path) -> tuple[list[str], int]:
    """The output lines (header first) and how many entries the source had."""
    table: dict[str, list[list[str]]] = {}
    read = 0
    for headword, text in entries(base):
        read += 1
        key = re.sub(r"\s+", " ", headword.strip().lower())
        if not key or len(key.split()) > MAX_WORDS or key.startswith("-") or key.endswith("-"):
            continue
        found = senses(text)
        if not found:
            continue
        merged = table.setdefault(key, [])
        seen = {t for sense in merged for t in sense}
        for sense in found:
            new = [t for t in dict.fromkeys(sense) if t not in seen]
            seen.update(new)
            if new:
                merged.append(new)
    rows = [f"{key}\t" + "\t".join("|".join(sense) for sense in table[key]) for key in sorted(table) if table[key]]
    header = [
        "# English-Indonesian dictionary for tanya's English questions. Made by scripts/convert_dictionary.py",
        "# from FreeDict's eng-ind (FreeDict + WikDict, from Wiktionary), CC-BY-SA 3.0: see dictionary_en_id.LICENSE.",
        "# english<TAB>sense<TAB>sense...; a sense's translations separated by |, the first sense first.",
        f"# entries: {len(rows)}",
    ]
    return header + rows, read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="path of the dictd files without extension (…/freedict-eng-ind)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        lines, read = convert(args.source)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        print(f"convert_dictionary: cannot read {args.source}: {error}", file=sys.stderr)
        return 1
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{read} source entries -> {len(lines) - 4} headwords in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
