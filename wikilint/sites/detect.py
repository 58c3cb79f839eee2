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

When the evidence is weak or split, the answer is the neutral ``default`` profile: it runs no
site-specific fix (dates, CS1 parameters, reference-section form). :func:`detect_site` says
what it picked and why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["SiteGuess", "detect_site", "NEUTRAL"]

NEUTRAL = "default"
# Cap on the text examined: detection is linear and bounded however large the page is.
_MAX_SCAN = 400_000

_LINK_PREFIX = re.compile(r"\[\[\s*:?\s*([^\[\]|{}<>\n:]{1,40}?)\s*:")
_FILE_LINK = re.compile(r"\[\[\s*:?\s*([^\[\]|{}<>\n:]{1,40}?)\s*:[^\[\]|\n]*((?:\|[^\[\]|\n]*){1,12})")
_WORD = re.compile(r"[^\W\d_]+", re.U)

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

# Scripts written by exactly one (or a few) of the profiled languages.
_SCRIPTS: list[tuple[str, re.Pattern[str]]] = [
    ("kana", re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")),
    ("han", re.compile(r"[\u4e00-\u9fff]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
    ("armenian", re.compile(r"[\u0530-\u058f]")),
    ("bengali", re.compile(r"[\u0980-\u09ff]")),
    ("kannada", re.compile(r"[\u0c80-\u0cff]")),
    ("devanagari", re.compile(r"[\u0900-\u097f]")),
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
]
_SCRIPT_LANG = {"greek": "el", "armenian": "hy", "bengali": "bn", "kannada": "kn", "devanagari": "mr"}
_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile(r"[ыэъЫЭЪ]")


@dataclass(frozen=True)
class SiteGuess:
    site: str
    reason: str
    lang: str | None = None


@lru_cache(maxsize=1)
def _profiles() -> tuple[dict[str, str], dict[str, dict[str, set[str]]], dict[str, dict[str, set[str]]]]:
    """(lang -> profile name, localised namespace name -> {lang}, localised image option -> {lang})."""
    from . import available_sites, default_siteinfo, load_site

    english = default_siteinfo()
    en_ns = {n.lower() for i in range(-2, 16) for n in english.namespace_names(i)}
    en_opts = {a for name, aliases in english._magic.items() if name.startswith("img_") for a in aliases}
    by_lang: dict[str, str] = {}
    ns_names: dict[str, dict[str, set[str]]] = {}
    img_opts: dict[str, dict[str, set[str]]] = {}
    for name in available_sites():
        site = load_site(name)
        table = site.data.get("siteinfo")
        if not isinstance(table, dict) or name == "simplewiki":
            continue
        info = site.siteinfo
        lang = info.lang
        # the curated profile wins over nothing; first seen otherwise
        if lang not in by_lang or name == f"{lang}wiki":
            by_lang[lang] = name
        for ns_id in (2, 4, 6, 10, 12, 14, 100, 828, -2):
            for n in info.namespace_names(ns_id):
                low = n.lower()
                if low not in en_ns:
                    ns_names.setdefault(low, {}).setdefault(lang, set()).add(n)
        for mw, aliases in info._magic.items():
            if mw.startswith("img_"):
                for a in aliases:
                    if "$1" not in a and a not in en_opts:
                        img_opts.setdefault(a, {}).setdefault(lang, set()).add(mw)
    return by_lang, ns_names, img_opts


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, rx in _SCRIPTS:
        counts[name] = len(rx.findall(text))
    return counts


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
    for m in _LINK_PREFIX.finditer(sample):
        prefix = m.group(1).strip()
        low = prefix.lower()
        if low in by_lang and prefix == low:
            interlanguage.add(low)
        langs = ns_names.get(low)
        if langs:
            for lang in langs:
                add(lang, 3.0 / len(langs), f"namespace {prefix}:")
    for m in _FILE_LINK.finditer(sample):
        prefix = m.group(1).strip().lower()
        if prefix not in ns_names and prefix not in ("file", "image", "media"):
            continue
        for opt in m.group(2).split("|")[1:]:
            opt = opt.strip()
            langs = img_opts.get(opt)
            if langs:
                for lang in langs:
                    add(lang, 2.0 / len(langs), f"image option {opt}")

    scripts = _script_counts(sample)
    letters = sum(scripts.values()) or 1
    main_script, main_count = max(scripts.items(), key=lambda kv: kv[1])
    if main_count / letters >= 0.3 and main_script != "latin":
        if main_script == "kana" or (main_script == "han" and scripts["kana"] > 0.05 * scripts["han"]):
            add("ja", 10, "Japanese script")
        elif main_script == "han":
            add("zh", 10, "Chinese script")
        elif main_script == "cyrillic":
            uk, ru = len(_UK_LETTERS.findall(sample)), len(_RU_LETTERS.findall(sample))
            if uk > ru:
                add("uk", 10, "Ukrainian letters")
            elif ru > uk:
                add("ru", 10, "Russian letters")
        elif main_script in _SCRIPT_LANG:
            add(_SCRIPT_LANG[main_script], 10, f"{main_script.capitalize()} script")
    elif scripts["latin"] / letters >= 0.5:
        words = Counter(w.lower() for w in _WORD.findall(sample[:100_000]) if len(w) <= 8)
        total = sum(words.values()) or 1
        hits = {lang: sum(words[w] for w in ws) for lang, ws in _WORDS.items()}
        ranked = sorted(hits.items(), key=lambda kv: -kv[1])
        (best, n1), (_, n2) = ranked[0], ranked[1]
        if n1 >= 8 and n1 / total >= 0.05 and n1 >= 1.5 * n2:
            add(best, 6, "common words")

    for lang in interlanguage:
        # a page links to the other languages' articles, not to its own
        if lang in score:
            score[lang] -= 4

    if not score:
        return SiteGuess(NEUTRAL, "no language evidence; neutral profile")
    ranked_langs = score.most_common()
    best_lang, best = ranked_langs[0]
    second = ranked_langs[1][1] if len(ranked_langs) > 1 else 0.0
    if best < 3 or best < 2 * second:
        notes = ", ".join(f"{lang}?" for lang, _ in ranked_langs[:3])
        return SiteGuess(NEUTRAL, f"evidence too weak or split ({notes}); neutral profile")
    return SiteGuess(by_lang[best_lang], "auto: " + ", ".join(why.get(best_lang, [])), best_lang)
