"""Find the words whose stem Snowball gets wrong after a nasal prefix, for
retrieval/data/stem_exceptions.tsv.

Snowball's Indonesian stemmer undoes "meN-"/"peN-" by rule, and the rule guesses:
"memiliki" -> "pilik" (the root is "milik": dimiliki), "mengurangi" -> "urang" (kurangi),
"penemu" -> "pene" (temu). The di-, ter- and ber- forms and the bare root carry no nasal
change, so Snowball stems them reliably. For each word with a nasal prefix (me-, mem-,
men-, meng-, meny-, pe-, pem-, pen-, peng-, peny-), every root the prefix can stand for is
tried (mem- + vowel: p- or m-; men-: t- or n-; meng-: k-, a vowel or ng-; meny-: s- or
ny-); a root is attested when the corpus holds it as a word or holds a di-/ter-/ber- form
stemming to it. A word whose stem is none of its attested roots is a mismatch: "clear"
when exactly one root is attested, "ambiguous" when several are (left for a person to
judge). The stems compared are the analyzer's own, without the exceptions file.

The other finders read the other ways Snowball errs (r_dropped_mismatches,
k_dropped_mismatches, possessive_dropped_mismatches, ke_noun_mismatches,
ke_root_mismatches); a person reads what they find. The words read are the corpus's and
the Indonesian senses of the English-Indonesian dictionary (forms users may type that the
corpus does not write yet, and roots it does not).

    .venv/bin/python scripts/find_stem_exceptions.py [--seeds seeds] \\
        [--facqa ../shared/eval/facqa_passages.jsonl] \\
        [--dictionary retrieval/data/dictionary_en_id.tsv] [--tsv | --cut-roots]

With --tsv, only the clear mismatches, as lines of stem_exceptions.tsv. With
--cut-roots, the roots Snowball cuts into another word though it stems their other
forms to them whole (cut_roots, for no_stem.txt), then the forms the roots no_stem.txt
keeps whole leave at the cut stem (left_behind, for stem_exceptions.tsv).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import Stemmer

from retrieval.analysis import MIN_STEM_LENGTH, Analyzer
from retrieval.corpus import load_corpus
from retrieval.language import Language, load_language

ROOT = Path(__file__).resolve().parent.parent

VOWELS = "aeiou"
# Prefixes whose stems are reliable evidence of a root: no nasal change.
PLAIN_PREFIXES = ("di", "ter", "ber", "be")
# Prefixes before a root ending in "mu"/"ku", longest first ("berperilaku": ber- + perilaku).
POSSESSIVE_PREFIXES = ("ber", "ter", "per", "be", "ke", "se", "di")
# Prefixes of a ke-...-an noun over a word, longest first ("berkekuatan": berke- + kuat + -an).
KE_NOUN_PREFIXES = ("berke", "ke")


@dataclass(frozen=True)
class Mismatch:
    word: str
    stem: str
    roots: dict[str, tuple[str, ...]]  # attested root -> the corpus words attesting it

    @property
    def clear(self) -> bool:
        return len(self.roots) == 1


def bare_forms(word: str) -> set[str]:
    """What may follow the prefix of ``word`` once the nasal change is undone."""
    forms: set[str] = set()
    for nasal in ("me", "pe"):
        if not word.startswith(nasal) or len(word) < 5:
            continue
        rest = word[2:]
        forms.add(rest)  # me- + l, m, n, r, w, y (memiliki: miliki); pe- + consonant (pekerja)
        if rest.startswith("ny") and rest[2:3] in VOWELS:
            forms.add("s" + rest[2:])  # menyampaikan: sampaikan
        elif rest.startswith("ng"):
            forms.add(rest[2:])  # mengambil: ambil; menggelar: gelar
            if rest[2:3] in VOWELS:
                forms.add("k" + rest[2:])  # mengurangi: kurangi
        elif rest.startswith("m"):
            # mem- + vowel stands for p- (memilih: pilih); before b, f, p, v it is added.
            forms.add(("p" if rest[1:2] in VOWELS else "") + rest[1:])
        elif rest.startswith("n"):
            # men- + vowel stands for t- (menemukan: temukan); before c, d, j, s(y), t, z it is added.
            forms.add(("t" if rest[1:2] in VOWELS else "") + rest[1:])
    return {form for form in forms if len(form) >= 3}


def root_of(word: str, form: str, analyzer: Analyzer) -> str:
    """The root ``form`` stands for: what Snowball makes of its di- form, which has no
    nasal change. pe-...-an nouns lose the -an first (di-...-an is no Indonesian form)."""
    if word.startswith("pe") and form.endswith("an"):
        form = form[:-2]
    root = analyzer.stem("di" + form)
    # Snowball reads a root ending in "mu"/"ku" as a possessive ("ditemu" -> "dite"), and
    # the analyzer keeps a word whose stem is too short: then the form is its own root.
    return form if root.startswith("di") else root


def has_nasal_prefix(word: str) -> bool:
    return word.isalpha() and len(word) > 5 and word.startswith(("me", "pe"))


def corpus_words(seeds: Iterable[Path], facqa: Path | None) -> set[str]:
    """The normalised words of the seed articles (or other folders of articles) and the
    FacQA passages."""
    analyzer = Analyzer(stemming=False)
    texts: list[str] = []
    for folder in seeds:
        for document in load_corpus(folder).documents:
            texts.append(document.title)
            texts.extend(document.paragraphs)
    if facqa:
        with open(facqa, encoding="utf-8") as file:
            texts.extend(json.loads(line)["text"] for line in file if line.strip())
    return {w.text for text in texts for w in analyzer.words(text) if w.text.isalpha()}


def dictionary_words(dictionary: Path) -> set[str]:
    """The Indonesian words of the English-Indonesian dictionary's senses (dictionary_en_id.tsv):
    forms the corpus may not write yet, and roots it does not ("nasihat" of "penasihat")."""
    analyzer = Analyzer(stemming=False)
    words: set[str] = set()
    with open(dictionary, encoding="utf-8") as file:
        for line in file:
            if line.startswith("#") or "\t" not in line:
                continue
            for sense in line.rstrip("\n").split("\t")[1:]:
                words.update(w.text for translation in sense.split("|") for w in analyzer.words(translation) if w.text.isalpha())
    return words


def attested_roots(words: Iterable[str], analyzer: Analyzer, prefixes: tuple[str, ...] = PLAIN_PREFIXES) -> dict[str, set[str]]:
    """Root -> the words that attest it: the root itself as a word, or a form with one of
    ``prefixes`` (di-/ter-/ber- unless told) that stems to it."""
    roots: dict[str, set[str]] = defaultdict(set)
    for word in words:
        roots[word].add(word)
        if word.startswith(prefixes):
            stem = analyzer.stem(word)
            if stem != word:
                roots[stem].add(word)
    return roots


def looked_up(words: set[str], language: Language) -> set[str]:
    """The words a finder reads: each without its particle ("pemiliknya": one entry
    serves both), less those the analyzer never stems (no_stem, stop words,
    abbreviations)."""
    kept = language.no_stem | language.stopwords | language.abbreviations.keys()
    return {_without_particle(w, language.particles) for w in words} - kept


def evidence(roots: dict[str, set[str]], root: str, word: str) -> tuple[str, ...]:
    """The first few words attesting ``root``, ``word`` itself left out."""
    return tuple(sorted(roots.get(root, set()) - {word}))[:4]


def mismatches(words: set[str], analyzer: Analyzer) -> Iterator[Mismatch]:
    roots = attested_roots(words, analyzer)
    for word in sorted(w for w in looked_up(words, analyzer.language) if has_nasal_prefix(w)):
        stem = analyzer.stem(word)
        found: dict[str, tuple[str, ...]] = {}
        for form in bare_forms(word):
            root = root_of(word, form, analyzer)
            if len(root) < MIN_STEM_LENGTH:
                continue  # the analyzer refuses stems this short: nothing to compare with
            attesting = evidence(roots, root, word)
            if attesting:
                found[root] = attesting
        if found and stem not in found:
            yield Mismatch(word, stem, found)


def r_dropped_mismatches(words: set[str], analyzer: Analyzer) -> Iterator[Mismatch]:
    """The ter-/ber- words Snowball reads as the prefix and a root that begins with a
    vowel, where the root begins with "r" and the prefix's own "r" swallowed it
    ("terendam" -> "endam": ter- + rendam; "berencana": ber- + rencana). Evidence for a
    root: the root as a word, or a di-/me- form stemming to it (ter- and ber- forms are
    the ones in doubt)."""
    roots = attested_roots(words, analyzer, ("di", "me"))
    for word in sorted(w for w in looked_up(words, analyzer.language) if has_r_dropping_prefix(w)):
        stem = analyzer.stem(word)
        r_root = root_of(word, "r" + word[3:], analyzer)
        r_evidence = evidence(roots, r_root, word)
        if stem == r_root or not r_evidence or len(r_root) < MIN_STEM_LENGTH:
            continue
        yield Mismatch(word, stem, _with_the_stem_taken(r_root, r_evidence, stem, roots, word))


def k_dropped_mismatches(words: set[str], analyzer: Analyzer) -> Iterator[Mismatch]:
    """The nouns in -an of a root ending in "k" that Snowball reads as the suffix -kan
    ("pasokan" -> "paso": pasok + -an; "gerakan" -> "gera", "desakan" -> "desa").
    Evidence for the root: the root as a word, or a di-/me-/ber-/ter-/pe- form stemming
    to it ("pemasok", "mendesak"). Where the corpus has the stem Snowball took as well
    ("desa", "kata" of "mengatakan"), a person judges: "mengatakan" is kata + -kan."""
    roots = attested_roots(words, analyzer, ("di", "me", "ber", "ter", "pe"))
    for word in sorted(w for w in looked_up(words, analyzer.language) if w.isalpha() and w.endswith("kan")):
        stem = analyzer.stem(word)
        k_root = stem + "k"
        k_evidence = evidence(roots, k_root, word)
        if not k_evidence or len(k_root) < MIN_STEM_LENGTH or not word.endswith(k_root[-3:] + "an"):
            continue
        yield Mismatch(word, stem, _with_the_stem_taken(k_root, k_evidence, stem, roots, word))


def possessive_dropped_mismatches(words: set[str], analyzer: Analyzer) -> Iterator[Mismatch]:
    """The words of a plain prefix and a root ending in "mu" or "ku" that Snowball reads
    as the possessive ending ("bertemu" -> "berte": ber- + temu; "berlaku" -> "berla").
    Evidence for the root: the root as a word, or a di-/me-/ber-/ter-/pe-/ke-/per- form
    stemming to it ("ditemui", "diberlakukan")."""
    roots = attested_roots(words, analyzer, ("di", "me", "ber", "ter", "pe", "ke", "per"))
    for word in sorted(w for w in looked_up(words, analyzer.language) if w.isalpha() and w.endswith(("mu", "ku"))):
        stem = analyzer.stem(word)
        for prefix in POSSESSIVE_PREFIXES:
            root = word[len(prefix) :]
            if not word.startswith(prefix) or len(root) < MIN_STEM_LENGTH or stem in (root, analyzer.stem(root)):
                continue
            attesting = evidence(roots, root, word)
            if attesting:
                yield Mismatch(word, stem, _with_the_stem_taken(root, attesting, stem, roots, word))
                break


def ke_noun_mismatches(words: set[str], analyzer: Analyzer) -> Iterator[Mismatch]:
    """The ke-...-an nouns (and ber- + ke-...-an words) of a word the corpus writes, which
    Snowball stems apart from that word: "kepemimpinan" -> "mimpin" beside "pemimpin" ->
    pimpin; "keterbatasan" -> "terbatas" beside "terbatas" -> batas; "berkekuatan" ->
    "kekuat" beside "kuat". Evidence: the word inside."""
    for word in sorted(w for w in looked_up(words, analyzer.language) if w.isalpha() and w.endswith("an")):
        prefix = next((p for p in KE_NOUN_PREFIXES if word.startswith(p)), None)
        inner = word[len(prefix) : -2] if prefix else ""
        if len(inner) < MIN_STEM_LENGTH or inner not in words:
            continue
        stem, root = analyzer.stem(word), analyzer.stem(inner)
        if stem != root:
            yield Mismatch(word, stem, {root: (inner,)})


def ke_root_mismatches(words: set[str], analyzer: Analyzer) -> Iterator[Mismatch]:
    """The words of a root beginning with "ke" whose "ke" Snowball takes for the prefix
    ("kecaman" -> "caman" beside "dikecam" -> kecam; "kendaraan" -> "ndara" beside
    "berkendaraan" -> kendara). The root: what Snowball makes of the word's di- or
    di-...-kan form, which keep the "ke" ("dikendalikan" -> kendali, where "dikendali"
    loses its "i": kendal); evidence for it: another form stemming to it. Two roots
    attested leave the word for a person to judge."""
    roots = attested_roots(words, analyzer, ("di", "me", "ber", "ter", "pe"))
    for word in sorted(w for w in looked_up(words, analyzer.language) if w.isalpha() and w.startswith("ke")):
        stem = analyzer.stem(word)
        found: dict[str, tuple[str, ...]] = {}
        for root in {analyzer.stem("di" + word), analyzer.stem("di" + word + "kan")}:
            attesting = evidence(roots, root, word)
            if root != stem and not root.startswith("di") and len(root) >= MIN_STEM_LENGTH and attesting:
                found[root] = attesting
        if found:
            taken = evidence(roots, stem, word)  # the stem Snowball took, if attested too: a person judges
            yield Mismatch(word, stem, found | ({stem: taken} if taken else {}))


def cut_roots(words: set[str], analyzer: Analyzer) -> Iterator[Mismatch]:
    """Roots Snowball cuts, though it stems another form of theirs in the corpus to them
    whole: "merdeka" -> "rdeka" beside "kemerdekaan" -> merdeka; "penduduk" -> "duduk"
    (to sit) beside "berpenduduk" -> penduduk; "masalah" -> "masa" (a period) beside
    "permasalahan" -> masalah. For no_stem.txt, which keeps a word as written. Not a word
    of a plain prefix and a root the corpus writes, which Snowball cuts rightly
    ("terbatas": batas, beside "keterbatasan" -> terbatas)."""
    formed: dict[str, set[str]] = defaultdict(set)
    for word in words:
        stem = analyzer.stem(word)
        if stem != word:
            formed[stem].add(word)
    for word in sorted(w for w in looked_up(words, analyzer.language) if w in formed and w.isalpha()):
        stem = analyzer.stem(word)
        prefixed = any(word.startswith(prefix) and word[len(prefix) :] == stem for prefix in PLAIN_PREFIXES)
        if stem != word and not (prefixed and stem in words):
            yield Mismatch(word, stem, {word: tuple(sorted(formed[word]))[:4]})


def left_behind(words: set[str], analyzer: Analyzer) -> Iterator[tuple[str, str]]:
    """(word, root) for the corpus words that still take the stem Snowball cuts a root of
    no_stem.txt to, and hold the root (its first letter perhaps changed by a nasal
    prefix): kept whole, "nilai" would leave "menilai" and "penilaian" at "nila". For
    stem_exceptions.tsv, once a person has read them: "mendapat" is of "dapat", not of
    "pendapat"."""
    snowball = Stemmer.Stemmer("indonesian")
    for root in sorted(analyzer.language.no_stem):
        cut = snowball.stemWord(root)
        if cut == root or cut in analyzer.language.no_stem:
            continue  # a cut stem kept whole itself is a root of its own ("perintah" of "pemerintah")
        for word in sorted(w for w in words if w != root and w.isalpha() and root[1:] in w and analyzer.stem(w) == cut):
            yield word, root


def _with_the_stem_taken(root: str, attesting: tuple[str, ...], stem: str, roots: dict[str, set[str]], word: str) -> dict[str, tuple[str, ...]]:
    """The root found for ``word`` with its evidence, and the stem Snowball took beside it
    if the corpus attests that too: then a person judges."""
    found = {root: attesting}
    taken = evidence(roots, stem, word)
    if taken:
        found[stem] = taken
    return found


def has_r_dropping_prefix(word: str) -> bool:
    return word.isalpha() and len(word) > 5 and word.startswith(("ter", "ber")) and word[3] in VOWELS


def _without_particle(word: str, particles: tuple[str, ...]) -> str:
    for particle in particles:
        if word.endswith(particle) and len(word) - len(particle) > 5:
            return word[: -len(particle)]
    return word


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, nargs="+", default=[ROOT / "seeds"], help="article folders")
    parser.add_argument("--facqa", type=Path, default=ROOT.parent / "shared" / "eval" / "facqa_passages.jsonl")
    parser.add_argument("--dictionary", type=Path, default=ROOT / "retrieval" / "data" / "dictionary_en_id.tsv", help="its Indonesian words are read too (--dictionary '' for none)")
    printed = parser.add_mutually_exclusive_group()
    printed.add_argument("--tsv", action="store_true", help="print only the clear mismatches, as data lines")
    printed.add_argument("--cut-roots", action="store_true", help="print the roots Snowball cuts (cut_roots) and the forms they leave behind")
    args = parser.parse_args(argv)
    # The stemmer as the exceptions file would find it: without the exceptions.
    analyzer = Analyzer(replace(load_language(), stem_exceptions={}))
    facqa = args.facqa if args.facqa.exists() else None
    words = corpus_words(args.seeds, facqa) | (dictionary_words(args.dictionary) if args.dictionary.name else set())
    if args.cut_roots:
        # The analyzer as it stems today, its exceptions and no_stem.txt in force.
        for m in cut_roots(words, Analyzer()):
            print(f"{m.word}\t{m.stem}\t<- {', '.join(next(iter(m.roots.values())))}")
        print("# left behind by no_stem.txt's roots (word, root):")
        for word, root in left_behind(words, Analyzer()):
            print(f"{word}\t{root}")
        return 0
    finders = (mismatches, r_dropped_mismatches, k_dropped_mismatches, possessive_dropped_mismatches, ke_noun_mismatches, ke_root_mismatches)
    found = [m for finder in finders for m in finder(words, analyzer)]
    if args.tsv:
        for m in found:
            if m.clear:
                print(f"{m.word}\t{next(iter(m.roots))}")
        return 0
    for label, group in (("clear", [m for m in found if m.clear]), ("ambiguous", [m for m in found if not m.clear])):
        print(f"# {label}: {len(group)}")
        for m in group:
            roots = "; ".join(f"{root} ({', '.join(words)})" for root, words in sorted(m.roots.items()))
            print(f"{m.word}\t{m.stem}\t-> {roots}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
