"""Site detection's shortcuts give the answers of the plain ways they replace: the words counted
on the lowercased text, the file links tried only where a link prefix is, the letters of the
Latin-script languages found in one scan, and references cut without lowercasing the page."""

from __future__ import annotations

import random
import re
import sys
from collections import Counter

import pytest

from wikilint import textscript
from wikilint.sites import detect


def reference_word_counts(body: str) -> tuple[Counter[str], int]:
    words: Counter[str] = Counter()
    for w, n in Counter(detect._WORD.findall(body)).items():
        if len(w) <= 8:
            words[w.lower()] += n
    return words, sum(words.values())


_WORD_POOL = [
    "the", "The", "THE", "of", "Of", "und", "ΣΟΦΟΣ", "ΑΣ", "σ", "İstanbul", "İN", "in", "ẞ", "Straße",
    "ǅ", "ǲemal", "Ⅻ", "½", "x_y", "a1b", "très", "déjà", "longwordsabove", "ﬁn", "ŉ", "K", "Å",
    "été", "não", "của", "się", "ĝi", "²", "x²y", "a\u0301b", "\udcff", "ab\udcffcd", "中文", "ж",
]
_SEP = [" ", ", ", ".", "'", "-", "\n", "’", "·", "\u0301", "", "\xa0", "\u2009", "\u3000", "\t", "_", "9", "–", "«"]


@pytest.mark.parametrize("seed", range(4))
def test_word_counts_match_lowercasing_each_word(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(1500):
        body = "".join(rnd.choice(_WORD_POOL) + rnd.choice(_SEP) for _ in range(rnd.randint(0, 25)))
        want, want_short = reference_word_counts(body)
        got, n_words, short = detect._word_counts(body)
        assert n_words == sum(got.values()), repr(body)
        assert (detect._short_words(got) if short is None else short) == want_short, repr(body)
        if short is None:  # the whole text lowercased: every word is counted, of any length
            assert n_words == len(detect._WORD.findall(body)), repr(body)
            got = Counter({w: n for w, n in got.items() if len(w) <= 8})
        # lowercasing a whole text may write a final sigma as a medial one: no common word has one
        assert _unsigma(got) == _unsigma(want), repr(body)
        assert {w: got[w] for w in detect._LANGS_OF_WORD} == {w: want[w] for w in detect._LANGS_OF_WORD}


def _unsigma(words: Counter[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for w, n in words.items():
        out[w.replace("ς", "σ")] += n
    return out


def test_lowercasing_keeps_letters_letters() -> None:
    """The fact _word_counts relies on, for every code point whose lowercase is one character."""
    letter = re.compile(r"[^\W\d_]")
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        low = ch.lower()
        if len(low) == 1:
            assert bool(letter.match(ch)) == bool(letter.match(low)), hex(cp)


def reference_file_links(sample: str) -> list[tuple[int, str]]:
    _, ns_names, _ = detect._profiles()
    out = []
    for m in detect._FILE_LINK.finditer(sample):
        prefix = m.group(1).strip().lower()
        if prefix in ns_names or prefix in ("file", "image", "media"):
            out.append((m.start(), m.group(2)))
    return out


def one_pass_file_links(sample: str) -> list[tuple[int, str]]:
    _, ns_names, _ = detect._profiles()
    out = []
    for m in detect._LINK_PREFIX.finditer(sample):
        low = m.group(1).strip().lower()
        if ns_names.get(low) or low in detect._CANONICAL_FILE:
            f = detect._FILE_LINK.match(sample, m.start())
            if f is not None:
                out.append((f.start(), f.group(2)))
    return out


_LINK_POOL = ["[[", "]]", "[", "]", "|", ":", " ", "\n", "File", "Datei", "Fichier", "image", "mini",
              "thumb", "rechts", "de", "Kategorie", "x", "{{", "}}", "<", "a:b", "Media", " : "]


@pytest.mark.parametrize("seed", range(4))
def test_file_links_found_where_link_prefixes_are(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(3000):
        sample = "".join(rnd.choice(_LINK_POOL) for _ in range(rnd.randint(0, 30)))
        assert one_pass_file_links(sample) == reference_file_links(sample), repr(sample)


def test_detect_site_reads_localised_image_options() -> None:
    text = "[[Datei:Beispiel.jpg|mini|links|Ein Bild]] " * 3
    guess = detect.detect_site(text)
    assert guess.site == "dewiki"
    assert "image option" in guess.reason


@pytest.mark.parametrize("seed", range(3))
def test_letters_found_in_one_scan(seed: int) -> None:
    rnd = random.Random(seed)
    pool = list("".join(detect._LETTERS.values())) + list("aeiouzł ")
    for _ in range(1000):
        body = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 40)))
        found = Counter(detect._ANY_LETTER.findall(body))
        per_lang = dict.fromkeys(detect._LETTERS, 0)
        for c, n in found.items():
            per_lang[detect._LETTER_LANG[c]] += n
        assert per_lang == {lang: sum(body.count(c) for c in cs) for lang, cs in detect._LETTERS.items()}


def reference_cut_refs(text: str) -> str:
    """Cutting references the plain way: find each closer in the text itself (no index shifts)."""
    return reference_cut_refs_closed(text)[0]


def reference_cut_refs_closed(text: str) -> tuple[str, bool]:
    parts, pos, closers_left, closed = [], 0, True, True
    for m in textscript._REF_OPEN.finditer(text):
        if m.start() < pos:
            continue
        parts.append(text[pos : m.start()])
        pos = m.end()
        if m.group().endswith("/>") or not closers_left:
            continue
        j = next((i for i in range(m.end(), len(text)) if text[i : i + 5].lower() == "</ref"), -1)
        if j < 0:
            closers_left = closed = False
            continue
        k = text.find(">", j)
        closed = closed and k >= 0
        pos = len(text) if k < 0 else k + 1
    parts.append(text[pos:])
    return " ".join(parts), closed


@pytest.mark.parametrize("seed", range(3))
def test_cut_refs(seed: int) -> None:
    rnd = random.Random(seed)
    pool = ["<ref>", "<REF name=a>", "<ref name=b/>", "</ref>", "</REF >", "</ref", "İ", "x", " ", ">", "<",
            "/", "\n", "<ref", "<refx>", "</Ref\n>", "<ref name=" + "a" * 499 + ">", "<ref " + "a" * 500 + ">"]
    for _ in range(3000):
        pieces = rnd.sample(pool, rnd.randint(1, len(pool)))
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        got, closed = textscript._cut_refs_closed(text)
        want, want_closed = reference_cut_refs_closed(text)
        assert got == want, repr(text)
        assert textscript._cut_refs(text) == want
        # "closed" may be said "not closed" (one more part read), never the other way
        assert want_closed or not closed, repr(text)


def test_cut_refs_after_a_character_that_lowercases_longer() -> None:
    # "İ".lower() is two characters: a closer found in a lowercased copy would point one early
    assert textscript._cut_refs("İİ<ref>a</ref>b") == "İİ b"


@pytest.mark.parametrize("seed", range(3))
def test_translates_ascii_shortcut(seed: int) -> None:
    """Two ASCII strings never translate: the shortcut agrees with the script sets."""
    rnd = random.Random(seed)
    pool = list("aZ09 -_.,:|{}") + ["", "é", "字", "ж"]
    for _ in range(3000):
        old = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 6)))
        new = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 6)))
        a, b = textscript.scripts_of(old), textscript.scripts_of(new)
        assert textscript.translates(old, new) == (old != new and bool(b - a) and bool(a - b)), (old, new)


_LINK_POOL = ["[[", "[", "]]", "]", ":", " ", "\n", "\t", "|", "{", "}", "<", ">", "File", "Datei", "x" * 39, "é", "中"]


@pytest.mark.parametrize("seed", range(4))
def test_link_prefixes_are_the_link_prefix_regex_matches(seed: int) -> None:
    # _link_prefixes tries _LINK_PREFIX only where _LINK_CANDIDATE starts: the same matches, in
    # the same order, as finditer over the whole text.
    rnd = random.Random(seed)
    for _ in range(3000):
        text = "".join(rnd.choice(_LINK_POOL) for _ in range(rnd.randint(0, 30)))
        got = [(m.span(), m.group(1)) for m in detect._link_prefixes(text)]
        want = [(m.span(), m.group(1)) for m in detect._LINK_PREFIX.finditer(text)]
        assert got == want, repr(text)


def test_link_prefixes_on_the_corpus() -> None:
    from corpus import corpus_files, read_page

    for path in corpus_files()[::7]:
        text = read_page(path)[: detect._MAX_SCAN]
        got = [(m.span(), m.group(1)) for m in detect._link_prefixes(text)]
        assert got == [(m.span(), m.group(1)) for m in detect._LINK_PREFIX.finditer(text)], path.name


_PROSE_POOL = ["\n", "\n", "\n", "word ", "x", " ", "<ref>", "</ref>", "<REF name=a>", "<ref name=b/>", "</ref",
               "<ref", "<", ">", "<!--", "-->", "{{", "}}", "{", "}", "{{a|", "|b}}", "https://a.org/x", "http://",
               "[[", "]]", "<ref>\n", "\n}}", "{{\n", "<!--\n", "\n-->"]


@pytest.mark.parametrize("seed", range(4))
def test_prose_prefix_is_the_start_of_prose(seed: int) -> None:
    """Read in parts ending at line breaks, the prose is the whole text's, cut to its length,
    whatever is open across the breaks (small lengths: many parts)."""
    rnd = random.Random(seed)
    for _ in range(3000):
        pieces = rnd.sample(_PROSE_POOL, rnd.randint(1, 10))
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 200)))
        n = rnd.choice((1, 2, 5, 10, 30, 100))
        assert textscript.prose_prefix(text, n) == textscript.prose(text)[:n], (n, text)


def test_prose_prefix_on_the_corpus() -> None:
    from corpus import corpus_files, read_page

    for path in corpus_files()[::5]:
        text = read_page(path)[: detect._MAX_SCAN]
        for n in (3_000, 20_000):
            assert textscript.prose_prefix(text, n) == textscript.prose(text)[:n], (path.name, n)
