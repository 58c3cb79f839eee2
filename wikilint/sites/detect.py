"""``site = "auto"``: recognise the wiki a page comes from by what the page itself uses.

Evidence, strongest first:

* **localised names** the shipped profiles' siteinfo knows: namespace prefixes in links
  (``[[Datei:…]]``, ``[[Kategorie:…]]``, ``[[分类:…]]``) and image options (``mini``,
  ``rechts``, ``vignette``). English canonical names (``File``, ``thumb``) work on every wiki
  and say nothing;
* **script**: a script only one profiled language writes (Bengali, Kannada, Greek, Armenian,
  kana for Japanese, Han without kana for Chinese); Cyrillic is Russian or Ukrainian;
* **common words** of the Latin-script languages (``the``/``of``/``and`` …) in the prose;
* a language the page links to as an interlanguage link (``[[de:…]]``) is not its own.

When the evidence is weak or split, or the prose is in no profiled language, the answer is the
neutral ``default`` profile: it runs no site-specific fix (dates, CS1 parameters,
reference-section form). A snippet too short to tell (under 20 words, no other evidence) keeps
the historical default, ``enwiki``. :func:`detect_site` says what it picked and why.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse, islice

from ..textscript import prose_prefix

__all__ = ["SiteGuess", "detect_site", "NEUTRAL"]

NEUTRAL = "default"
# Below this many words of prose (and no other evidence) a text is a snippet: enwiki is assumed.
SHORT_TEXT_WORDS = 20
SHORT_TEXT_SITE = "enwiki"
# Cap on the text examined: detection is linear and bounded however large the page is.
_MAX_SCAN = 400_000
# Characters of prose (from the start) the scripts, letters and words are counted in: a sample is
# enough for proportions, and costs the same on a long page as on a short one
_SAMPLE = 20_000

_LINK_PREFIX = re.compile(r"\[\[\s*:?\s*([^\[\]|{}<>\n:]{1,40}?)\s*:")
_FILE_LINK = re.compile(r"\[\[\s*:?\s*([^\[\]|{}<>\n:]{1,40}?)\s*:[^\[\]|\n]*((?:\|[^\[\]|\n]*){1,12})")
# Where a _LINK_PREFIX match can start: "[[" and then a colon before any of []|{}<> (a superset:
# every match's text up to its colon is whitespace, at most one ":" and name characters). Most
# links have no colon; the possessive run rejects them at their first "]" or "|" at once, where
# _LINK_PREFIX's lazy name tries its "\s*:" after every character.
_LINK_CANDIDATE = re.compile(r"\[\[[^\[\]|{}<>:]*+:")
_WORD = re.compile(r"[^\W\d_]+", re.U)
# a maximal run of three letters or more (a run of fewer never starts a match)
_WORD3 = re.compile(r"[^\W\d_]{3,}", re.U)

# Common short words of the Latin-script corpus languages (function words; written for this).
_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and in is was to for with by on as from that which were are his its".split()),
    "de": frozenset("der die das und ist von mit den im des eine ein wurde auf sich nicht zu".split()),
    "fr": frozenset("le la les des et est du une dans par pour sur qui au aux il ont été".split()),
    "es": frozenset("el los las del y en es una por con para que fue se su al como".split()),
    "it": frozenset("il della di che è per con del le gli nel una sono alla dei da anche".split()),
    "pt": frozenset("o os da do das dos em uma com para que foi não pelo pela ao".split()),
    "ca": frozenset("el els la les de i és una per amb que del al va dels aquesta".split()),
    "gl": frozenset("o os da do das dos e é unha con para que foi polo pola na no".split()),
    "nl": frozenset("de het een van en in is op met zijn voor dat die werd door".split()),
    "af": frozenset("die van en het is in word wat vir met as op deur nie hulle".split()),
    "nn": frozenset("og i er det som på av til ein med for vart eit frå ikkje".split()),
    "pl": frozenset("i w na z się do jest że oraz przez dla od jak był która".split()),
    "eo": frozenset("la de kaj en estas al por la kun el estis ke da ĝi".split()),
    "br": frozenset("ar an eo e ha hag er gant da evit ez emañ bet un ur".split()),
    "vi": frozenset("của và là các có được trong những một người với cho này đã".split()),
    "ltg": frozenset("i ir kai nu ar da jis ite itys partū pi ka ir nav".split()),
}

# Scripts written by exactly one (or a few) of the profiled languages, as code point ranges; the
# ASCII letters count as Latin too. The ranges do not overlap.
_SCRIPT_RANGES: list[tuple[str, tuple[tuple[int, int], ...]]] = [
    ("kana", ((0x3041, 0x30FF),)),
    ("han", ((0x4E00, 0x9FFF),)),
    ("cyrillic", ((0x0400, 0x04FF),)),
    ("greek", ((0x0370, 0x03FF),)),
    ("armenian", ((0x0530, 0x058F),)),
    ("bengali", ((0x0980, 0x09FF),)),
    ("kannada", ((0x0C80, 0x0CFF),)),
    ("devanagari", ((0x0900, 0x097F),)),
    ("latin", ((0x00C0, 0x024F),)),
]
_SCRIPT_LANG = {"greek": "el", "armenian": "hy", "bengali": "bn", "kannada": "kn", "devanagari": "mr"}
# Letters that, among the profiled Latin-script languages, only one writes.
_LETTERS: dict[str, str] = {
    "ltg": "āēīūļņķģōĀĒĪŪĻŅĶĢŌ",
    "pl": "ąęłńśźżĄĘŁŃŚŹŻ",
    "eo": "ĉĝĥĵŝŭĈĜĤĴŜŬ",
    "vi": "ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂĐƠƯ",
}
# the sets are disjoint: one scan finds them all, and each letter names its language
_LETTER_LANG = {c: lang for lang, cs in _LETTERS.items() for c in cs}
assert len(_LETTER_LANG) == sum(map(len, _LETTERS.values()))
_ANY_LETTER = re.compile("[" + "".join(_LETTERS.values()) + "]")
# word -> the languages whose common words hold it
_LANGS_OF_WORD: dict[str, tuple[str, ...]] = {}
for _lang, _ws in _WORDS.items():
    for _w in _ws:
        _LANGS_OF_WORD[_w] = _LANGS_OF_WORD.get(_w, ()) + (_lang,)
assert all(len(_w) <= 8 for _w in _LANGS_OF_WORD)  # _word_counts keeps only such words
_CANONICAL_FILE = frozenset(("file", "image", "media"))
_UK_LETTERS = "іїєґІЇЄҐ"
_RU_LETTERS = "ыэъЫЭЪ"


@dataclass(frozen=True)
class SiteGuess:
    site: str
    reason: str
    lang: str | None = None


INDEX_FILE = "_detect.json"


def build_index() -> dict[str, object]:
    """What detection needs from the shipped profiles, computed from them (slow: reads every
    profile). ``python -m wikilint.sites.detect`` writes it to ``_detect.json``; a test checks
    the shipped file is up to date."""
    from . import available_sites, default_siteinfo, load_site

    english = default_siteinfo()
    en_ns = {n.lower() for i in range(-2, 16) for n in english.namespace_names(i)}
    en_opts = {a for name in english._magic if name.startswith("img_") for a in english.magic_word_aliases(name)}
    by_lang: dict[str, str] = {}
    ns_names: dict[str, set[str]] = {}
    img_opts: dict[str, set[str]] = {}
    for name in available_sites():
        site = load_site(name)
        table = site.data.get("siteinfo")
        if not isinstance(table, dict) or name == "simplewiki":
            continue
        info = site.siteinfo
        lang = info.lang
        if lang not in by_lang or name == f"{lang}wiki":
            by_lang[lang] = name
        for ns_id in (2, 4, 6, 10, 12, 14, 100, 828, -2):
            for n in info.namespace_names(ns_id):
                if n.lower() not in en_ns:
                    ns_names.setdefault(n.lower(), set()).add(lang)
        for mw in info._magic:
            if mw.startswith("img_"):
                for a in info.magic_word_aliases(mw):
                    if "$1" not in a and a not in en_opts:
                        img_opts.setdefault(a, set()).add(lang)
    return {
        "sites": dict(sorted(by_lang.items())),
        "namespaces": {k: sorted(v) for k, v in sorted(ns_names.items())},
        "image_options": {k: sorted(v) for k, v in sorted(img_opts.items())},
    }


@lru_cache(maxsize=1)
def _profiles() -> tuple[dict[str, str], dict[str, list[str]], dict[str, list[str]]]:
    """(lang -> profile name, localised namespace name -> langs, localised image option -> langs)."""
    import json
    from importlib import resources

    res = resources.files(__package__) / INDEX_FILE
    data = json.loads(res.read_text(encoding="utf-8")) if res.is_file() else build_index()
    return data["sites"], data["namespaces"], data["image_options"]  # type: ignore[return-value]


# A Han or kana character carries about as much text as a short Latin word.
_WEIGHT = {"han": 3, "kana": 3}


def _block_plan() -> tuple[bytes, bytes, bytes]:
    """Three ``bytes.translate`` tables that classify each UTF-16 code unit by its two bytes:
    the high byte (the block of 256 code points) to a block class times 16, the low byte to a
    segment (0-15), and the sum of the two to the script's number (1-based, as in
    ``_SCRIPT_RANGES``; 0 for none). Blocks whose low bytes fall into the same scripts at the
    same places share a class; the segments are cut at every place where a range starts or
    ends within a block. Derived from ``_SCRIPT_RANGES`` (and the ASCII letters, which count as
    Latin); every range lies within the Basic Multilingual Plane."""
    ranges = [(lo, hi, number) for number, (_, rs) in enumerate(_SCRIPT_RANGES, 1) for lo, hi in rs]
    latin = _SCRIPT_NAMES.index("latin") + 1
    ranges += [(0x41, 0x5A, latin), (0x61, 0x7A, latin)]
    assert all(hi <= 0xFFFF for _, hi, _ in ranges)
    blocks: dict[int, list[tuple[int, int, int]]] = {}  # high byte -> its (low, high, number) runs
    for lo, hi, number in ranges:
        for block in range(lo >> 8, (hi >> 8) + 1):
            first, last = max(lo, block << 8) & 0xFF, min(hi, (block << 8) | 0xFF) & 0xFF
            blocks.setdefault(block, []).append((first, last, number))
    kinds = sorted({tuple(sorted(runs)) for runs in blocks.values()})
    cuts = sorted({0} | {c for kind in kinds for first, last, _ in kind for c in (first, last + 1) if c < 256})
    assert len(kinds) < 16 and len(cuts) <= 16
    high = bytes((kinds.index(tuple(sorted(blocks[b]))) + 1) * 16 if b in blocks else 0 for b in range(256))
    low = bytes(bisect_right(cuts, b) - 1 for b in range(256))
    script = bytearray(256)
    for k, kind in enumerate(kinds, 1):
        for segment, start in enumerate(cuts):
            for first, last, number in kind:
                if first <= start <= last:
                    script[k * 16 + segment] = number
    return high, low, bytes(script)


_SCRIPT_NAMES = tuple(name for name, _ in _SCRIPT_RANGES)
_HIGH_CLASS, _LOW_SEGMENT, _UNIT_SCRIPT = _block_plan()
# script number (1-based) -> its weight
_WEIGHTS = [0] + [_WEIGHT.get(name, 1) for name in _SCRIPT_NAMES]
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
_ASCII = bytes(range(0x80))
# the blocks (high bytes) of the letters only one Latin-script language writes
_LETTER_BLOCKS = sorted({ord(c) >> 8 for c in _LETTER_LANG})


def _script_counts(text: str) -> dict[str, int]:
    """Letters of each script in *text*, weighted (:func:`_scripts_and_letters`)."""
    return _scripts_and_letters(text)[0]


def _scripts_and_letters(text: str) -> tuple[dict[str, int], bool]:
    """Letters of each script in *text*, weighted, and whether a character of the blocks of
    ``_LETTERS`` occurs. Counted in C on the UTF-16 code units of the text (every range lies in
    the Basic Multilingual Plane, where a character is one unit; a character beyond it is two
    surrogates, which belong to no script): the units' high bytes (``[::2]``) are translated
    to their block's class and the low bytes (``[1::2]``) to their segment, the two joined into
    one byte per unit by an ``|`` of the two as integers (4 bits each, so no carry), that byte
    translated to the unit's script, and each script present counted. An all-ASCII text only
    counts its ASCII letters."""
    counts = dict.fromkeys(_SCRIPT_NAMES, 0)
    if text.isascii():
        data = text.encode("ascii")
        counts["latin"] = len(data) - len(data.translate(None, _ASCII_LETTERS))
        return counts, False
    units = text.encode("utf-16-be", "surrogatepass")
    high = units[::2]
    joined = int.from_bytes(high.translate(_HIGH_CLASS), "big") | int.from_bytes(units[1::2].translate(_LOW_SEGMENT), "big")
    scripts = joined.to_bytes(len(high), "big").translate(_UNIT_SCRIPT)
    for number, name in enumerate(_SCRIPT_NAMES, 1):
        if number in scripts:
            counts[name] = scripts.count(number) * _WEIGHTS[number]
    return counts, any(block in high for block in _LETTER_BLOCKS)


# the UTF-8 bytes of a text with every ASCII character that is not a letter made a space: the
# other bytes (ASCII letters, and every byte of a character beyond ASCII) are kept
_SPACED = bytes(b if b >= 0x80 or chr(b).isalpha() else 0x20 for b in range(256))


def _word_counts(body: str) -> tuple[Counter[str], int, int | None]:
    """The words (maximal runs of letters) of *body*, lowercased and counted; how many words
    there are; and how many of them have at most 8 letters, or ``None`` when the counts say it
    (:func:`_short_words`). Every common word has at most 8 letters, and no word lowercases to
    a shorter one.

    Lowercasing the whole text at once (in C) gives the same words as lowercasing each word when
    no character lowercases to more than one (the length is kept): a letter lowercases to a
    letter and a non-letter to a non-letter, so the words keep their bounds and lengths. (Only a
    final sigma may differ, which no common word of the Latin-script languages holds.) Then the
    ASCII characters that are not letters become spaces (on the UTF-8 bytes, one
    ``bytes.translate``: the bytes of a character beyond ASCII are all >= 0x80 and kept),
    ``str.split`` cuts at the spaces (and at the other white space), and a piece of letters only
    (``str.isalpha``: every such character is a word character, neither a digit nor ``_``) is
    one word; the few other pieces (with punctuation beyond ASCII, a combining mark, a
    superscript digit) are split by the word regex itself. When some character lowercases to
    more than one, each word is lowercased on its own and only the words of at most 8 letters
    are kept (counted by their length before lowercasing)."""
    low = body.lower()
    if len(low) == len(body):
        spaced = low.encode("utf-8", "surrogatepass").translate(_SPACED).decode("utf-8", "surrogatepass")
        pieces = spaced.split()
        words = Counter(pieces)
        n = len(pieces)
        for w in list(filterfalse(str.isalpha, words)):
            k = words.pop(w)
            n -= k
            for part in _WORD.findall(w):
                words[part] += k
                n += k
        return words, n, None
    words = Counter()
    for w, k in Counter(_WORD.findall(body)).items():
        if len(w) <= 8:
            words[w.lower()] += k
    n = sum(words.values())
    return words, n, n


def _short_words(words: Counter[str]) -> int:
    """How many of the words counted in *words* have at most 8 letters."""
    return sum([n for w, n in words.items() if len(w) <= 8])


def _link_prefixes(sample: str) -> Iterator[re.Match[str]]:
    """``_LINK_PREFIX.finditer(sample)``: the same matches, tried only where a candidate starts."""
    search = _LINK_CANDIDATE.search
    match = _LINK_PREFIX.match
    pos = 0
    while True:
        c = search(sample, pos)
        if c is None:
            return
        m = match(sample, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


def detect_site(text: str) -> SiteGuess:
    """The profile ``site = "auto"`` picks for *text*, with a one-line reason."""
    sample = text[:_MAX_SCAN]
    by_lang, ns_names, img_opts = _profiles()
    score: Counter[str] = Counter()
    why: dict[str, list[str]] = {}

    def add(lang: str, points: float, note: str) -> None:
        if lang in by_lang:
            score[lang] += points
            notes = why.setdefault(lang, [])
            if note not in notes and len(notes) < 3:
                notes.append(note)

    interlanguage: set[str] = set()
    # One scan finds every link prefix. _FILE_LINK starts with _LINK_PREFIX's pattern and its
    # matches hold no other "[[", so it matches exactly where a prefix does and the rest follows:
    # it is tried at those places only, where the prefix is a (localised) namespace name.
    # What a prefix says is worked out once per spelling (a page repeats its prefixes): the
    # interlanguage code it is, the points it gives each language, its note, whether it can
    # hold files.
    file_links: list[re.Match[str]] = []
    known: dict[str, tuple[str | None, list[tuple[str, float]], str, bool]] = {}
    for m in _link_prefixes(sample):
        raw = m.group(1)
        said = known.get(raw)
        if said is None:
            prefix = raw.strip()
            low = prefix.lower()
            langs = ns_names.get(low)
            said = known[raw] = (
                low if low in by_lang and prefix == low else None,
                [(lang, 3.0 / len(langs)) for lang in langs] if langs else [],
                f"namespace {prefix}:",
                bool(langs) or low in _CANONICAL_FILE,
            )
        code, points, note, files = said
        if code is not None:
            interlanguage.add(code)
        for lang, p in points:
            add(lang, p, note)
        if files:
            f = _FILE_LINK.match(sample, m.start())
            if f is not None:
                file_links.append(f)
    for m in file_links:
        for opt in m.group(2).split("|")[1:]:
            opt = opt.strip()
            langs = img_opts.get(opt)
            if langs:
                for lang in langs:
                    add(lang, 2.0 / len(langs), f"image option {opt}")

    # the scripts' proportions are read off a sample of the prose
    body = prose_prefix(sample, _SAMPLE)
    scripts, letters_may_occur = _scripts_and_letters(body)
    letters = sum(scripts.values()) or 1
    main_script, main_count = max(scripts.items(), key=lambda kv: kv[1])
    if main_count / letters >= 0.3 and main_script != "latin":
        if main_script == "kana" or (main_script == "han" and scripts["kana"] > 0.05 * scripts["han"]):
            add("ja", 10, "Japanese script")
        elif main_script == "han":
            add("zh", 10, "Chinese script")
        elif main_script == "cyrillic":
            # each letter counted by str.count (a loop in C), not matched by a class
            uk, ru = sum(map(body.count, _UK_LETTERS)), sum(map(body.count, _RU_LETTERS))
            if uk > ru:
                add("uk", 10, "Ukrainian letters")
            elif ru > uk:
                add("ru", 10, "Russian letters")
        elif main_script in _SCRIPT_LANG:
            add(_SCRIPT_LANG[main_script], 10, f"{main_script.capitalize()} script")
    elif scripts["latin"] / letters >= 0.9:
        words, n_words, short = _word_counts(body)
        hits = dict.fromkeys(_WORDS, 0)
        for w in words.keys() & _LANGS_OF_WORD.keys():
            n = words[w]
            for lang in _LANGS_OF_WORD[w]:
                hits[lang] += n
        ranked = sorted(hits.items(), key=lambda kv: -kv[1])
        (best, n1), (_, n2) = ranked[0], ranked[1]
        # the share of common words among the words of at most 8 letters, counted only when the
        # share among all words (never larger) is under the threshold
        if n1 >= 8 and n1 >= 1.5 * n2 and (n1 / n_words >= 0.05 or n1 / ((_short_words(words) if short is None else short) or 1) >= 0.05):
            add(best, 6, "common words")
        per_lang = dict.fromkeys(_LETTERS, 0)
        # looked for only when a character of their blocks occurs, and only among the
        # characters beyond ASCII (all of them are)
        if letters_may_occur:
            beyond_ascii = body.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass")
            for c, n in Counter(_ANY_LETTER.findall(beyond_ascii)).items():
                per_lang[_LETTER_LANG[c]] += n
        for lang, n in per_lang.items():
            if n >= 3 and n >= 0.005 * scripts["latin"]:
                add(lang, 4, "letters only it writes")

    for lang in interlanguage:
        # a page links to the other languages' articles, not to its own
        if lang in score:
            score[lang] -= 4

    if not score:
        # counted only up to the threshold: a whole page of prose has its answer after 20 words
        if sum(1 for _ in islice(_WORD3.finditer(body, 0, 20_000), SHORT_TEXT_WORDS)) < SHORT_TEXT_WORDS:
            # a snippet (a test case, a template fragment): too little text to tell anything;
            # keep the historical default rather than silencing every site-aware rule
            return SiteGuess(SHORT_TEXT_SITE, f"too little text to recognise; {SHORT_TEXT_SITE} assumed", "en")
        return SiteGuess(NEUTRAL, "prose in no profiled language; neutral profile")
    ranked_langs = score.most_common()
    best_lang, best = ranked_langs[0]
    second = ranked_langs[1][1] if len(ranked_langs) > 1 else 0.0
    if best < 3 or best < 2 * second:
        notes = ", ".join(f"{lang}?" for lang, _ in ranked_langs[:3])
        return SiteGuess(NEUTRAL, f"evidence too weak or split ({notes}); neutral profile")
    return SiteGuess(by_lang[best_lang], "auto: " + ", ".join(why.get(best_lang, [])), best_lang)


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped index
    import json
    from pathlib import Path

    out = Path(__file__).with_name(INDEX_FILE)
    out.write_text(json.dumps(build_index(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out}")
