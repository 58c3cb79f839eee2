"""``detect_site`` against a straightforward reference kept here: the same evidence and
thresholds, counted the plain way (each distinct character of the prose sample looked up in
Python, every word found by the word regex and lowercased on its own, the prose of the whole
scanned text cut to its sample), on the corpus and on texts made to sit on the edges (mixed
scripts and languages, long pages, prose cut by references, comments and templates across the
sample's end)."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import astuple

import pytest
from corpus import corpus_files, read_page

from wikilint.sites import detect
from wikilint.sites.detect import SiteGuess
from wikilint.textscript import prose

_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _script_of(ch: str) -> str | None:
    cp = ord(ch)
    if _ASCII_LETTER.match(ch):
        return "latin"
    for name, ranges in detect._SCRIPT_RANGES:
        if any(lo <= cp <= hi for lo, hi in ranges):
            return name
    return None


def reference_detect(text: str) -> SiteGuess:
    sample = text[:400_000]
    by_lang, ns_names, img_opts = detect._profiles()
    score: Counter[str] = Counter()
    why: dict[str, list[str]] = {}

    def add(lang: str, points: float, note: str) -> None:
        if lang in by_lang:
            score[lang] += points
            notes = why.setdefault(lang, [])
            if note not in notes and len(notes) < 3:
                notes.append(note)

    interlanguage = set()
    for m in detect._LINK_PREFIX.finditer(sample):
        prefix = m.group(1).strip()
        if prefix.lower() in by_lang and prefix == prefix.lower():
            interlanguage.add(prefix)
        langs = ns_names.get(prefix.lower(), [])
        for lang in langs:
            add(lang, 3.0 / len(langs), f"namespace {prefix}:")
    for m in detect._FILE_LINK.finditer(sample):
        low = m.group(1).strip().lower()
        if low in ns_names or low in ("file", "image", "media"):
            for opt in m.group(2).split("|")[1:]:
                langs = img_opts.get(opt.strip(), [])
                for lang in langs:
                    add(lang, 2.0 / len(langs), f"image option {opt.strip()}")

    body = prose(sample)[:20_000]
    chars = Counter(body)  # each character of the prose sample, how often
    scripts = {name: 0 for name, _ in detect._SCRIPT_RANGES}
    for ch, n in chars.items():
        name = _script_of(ch)
        if name is not None:
            scripts[name] += n * (3 if name in ("han", "kana") else 1)
    letters = sum(scripts.values()) or 1
    main_script, main_count = max(scripts.items(), key=lambda kv: kv[1])
    if main_count / letters >= 0.3 and main_script != "latin":
        if main_script == "kana" or (main_script == "han" and scripts["kana"] > 0.05 * scripts["han"]):
            add("ja", 10, "Japanese script")
        elif main_script == "han":
            add("zh", 10, "Chinese script")
        elif main_script == "cyrillic":
            uk = sum(chars[c] for c in "іїєґІЇЄҐ")
            ru = sum(chars[c] for c in "ыэъЫЭЪ")
            if uk > ru:
                add("uk", 10, "Ukrainian letters")
            elif ru > uk:
                add("ru", 10, "Russian letters")
        elif main_script in ("greek", "armenian", "bengali", "kannada", "devanagari"):
            lang = {"greek": "el", "armenian": "hy", "bengali": "bn", "kannada": "kn", "devanagari": "mr"}
            add(lang[main_script], 10, f"{main_script.capitalize()} script")
    elif scripts["latin"] / letters >= 0.9:
        words = Counter(w.lower() for w in detect._WORD.findall(body) if len(w) <= 8)
        total = sum(words.values()) or 1
        hits = {lang: sum(words[w] for w in ws) for lang, ws in detect._WORDS.items()}
        ranked = sorted(hits.items(), key=lambda kv: -kv[1])
        (best, n1), (_, n2) = ranked[0], ranked[1]
        if n1 >= 8 and n1 / total >= 0.05 and n1 >= 1.5 * n2:
            add(best, 6, "common words")
        for lang, cs in detect._LETTERS.items():
            n = sum(chars[c] for c in cs)
            if n >= 3 and n >= 0.005 * scripts["latin"]:
                add(lang, 4, "letters only it writes")
    for lang in interlanguage:
        if lang in score:
            score[lang] -= 4
    if not score:
        if len(detect._WORD3.findall(body)) < 20:
            return SiteGuess("enwiki", "too little text to recognise; enwiki assumed", "en")
        return SiteGuess("default", "prose in no profiled language; neutral profile")
    ranked_langs = score.most_common()
    best_lang, best_score = ranked_langs[0]
    second = ranked_langs[1][1] if len(ranked_langs) > 1 else 0.0
    if best_score < 3 or best_score < 2 * second:
        notes = ", ".join(f"{lang}?" for lang, _ in ranked_langs[:3])
        return SiteGuess("default", f"evidence too weak or split ({notes}); neutral profile")
    return SiteGuess(by_lang[best_lang], "auto: " + ", ".join(why.get(best_lang, [])), best_lang)


_PAGES = corpus_files()


@pytest.mark.skipif(not _PAGES, reason="the shared corpus is absent")
@pytest.mark.parametrize("part", range(4))
def test_detect_site_is_the_reference_on_the_corpus(part: int) -> None:
    for path in _PAGES[part::4]:
        text = read_page(path)
        assert astuple(detect.detect_site(text)) == astuple(reference_detect(text)), path.name


# pieces that move the evidence: common words of several languages, letters only one language
# writes, every script, markup that prose() cuts (and pieces of it that do not close)
_PIECES = [
    "the ", "of ", "and ", "der ", "die ", "und ", "le ", "la ", "et ", "el ", "y ", "de ", "het ", "og ",
    "się ", "ł", "ą", "ĝ", "ư", "ạ", "ē", "ņ", "word ", "Wörter ", "très ", "longerwordshere ", "ĐƠ ",
    "中文", "日本語の", "カタカナ", "русский ы ", "українська ї ", "ελληνικά ", "հայերեն ", "বাংলা ",
    "ಕನ್ನಡ ", "मराठी ", "ç", "ß", "İ", "Σ ", "x²", "’", "\u3000", "\xa0", "1234 ", "_", "\n", ". ", ", ",
    "<ref>cite the of and</ref>", "<ref name=a/>", "<ref>", "</ref>", "<!-- the of -->", "<!--", "-->",
    "{{cite|the of}}", "{{", "}}", "{{a|{{b}}}}", "https://example.org/the/of ", "[[de:X]]", "[[fr:Y]]",
    "[[Datei:a.jpg|mini|links]]", "[[File:b.png|thumb|vignette]]", "[[Kategorie:Z]]", "[[分类:W]]",
    "[[Catégorie:V]]", "[[", "]]", "|", ":", "<", ">",
]


def _random_text(rnd: random.Random) -> str:
    n = rnd.choice((0, 3, 10, 30, 100, 400, 1000))
    pieces = rnd.sample(_PIECES, rnd.randint(1, 8))  # a few kinds per text, in varying shares
    return "".join(rnd.choice(pieces) for _ in range(n))


@pytest.mark.parametrize("seed", range(4))
def test_detect_site_is_the_reference_on_random_texts(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(600):
        text = _random_text(rnd)
        assert astuple(detect.detect_site(text)) == astuple(reference_detect(text)), repr(text)


@pytest.mark.skipif(not _PAGES, reason="the shared corpus is absent")
@pytest.mark.parametrize("seed", range(3))
def test_detect_site_is_the_reference_on_spliced_pages(seed: int) -> None:
    """Pieces of two pages of different wikis joined, with markup between: mixed evidence
    near every threshold, and prose samples whose end falls in references and templates."""
    rnd = random.Random(seed)
    for _ in range(60):
        a, b = (read_page(p) for p in rnd.sample(_PAGES, 2))
        i, j = rnd.randrange(len(a) + 1), rnd.randrange(len(b) + 1)
        cut = rnd.choice(("", "<ref>", "<!--", "{{", "{{a|", "</ref>", "}}", "\n", "https://x.org/"))
        text = a[i : i + rnd.choice((500, 5_000, 40_000))] + cut + b[j : j + rnd.choice((500, 5_000, 40_000))]
        assert astuple(detect.detect_site(text)) == astuple(reference_detect(text)), (seed, i, j, cut)
