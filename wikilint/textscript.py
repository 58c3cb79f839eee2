"""Which writing systems a text uses, and whether an edit translates between them.

A safe fix never translates a value into another language or script (issue 8, item 18): a site
profile that does not fit the page (an enwiki date format on a Chinese page) must not turn
``2018年4月`` into ``April 2018``. :func:`translates` is the mechanism: an edit that removes
letters of one script and writes letters of another, none of which were there, is a
translation. It is harmful when it writes the page's own script away (a Chinese date into
English on a Chinese page), and fine when it brings a stray value into the page's language
(``April 2018`` → ``2018年4月`` on zhwiki): :func:`translates_away` tells them apart, and
:meth:`wikilint.rule.Rule.report` demotes such a safe fix to unsafe, for every rule.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["dominant_script", "prose", "prose_prefix", "scripts_of", "translates", "translates_away"]

_SAME = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "IDEOGRAPHIC": "CJK", "HALFWIDTH": "CJK",
         "FULLWIDTH": "CJK"}
_LIMIT = 4000


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    try:
        word = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "OTHER"
    return _SAME.get(word, word)


def scripts_of(text: str) -> frozenset[str]:
    """The scripts of the letters in *text* (``LATIN``, ``CJK``, ``CYRILLIC`` …)."""
    return frozenset(_script(ch) for ch in text[:_LIMIT] if ch.isalpha())


def translates(old: str, new: str) -> bool:
    """Whether replacing *old* by *new* swaps one script for another: *new* brings letters of
    a script *old* did not use, and *old* had letters of a script *new* no longer uses."""
    if old == new:
        return False
    if old.isascii() and new.isascii():
        return False  # ASCII letters are all Latin: no script to bring in and another to drop
    a, b = scripts_of(old), scripts_of(new)
    return bool(b - a) and bool(a - b)


_WEIGHT = {"CJK": 3}
_URL = re.compile(r"https?://[^\s\]|}<]+")
_INNER_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_REF_OPEN = re.compile(r"<ref\b[^<>]{0,500}>", re.I)
_REF_CLOSE = re.compile(r"</ref", re.I)
_REF_CLOSE_GT = re.compile(r"</ref[^>]*>", re.I)


def prose(text: str) -> str:
    """The page without references, URLs, comments and templates (innermost first, a few
    rounds): what its readers read in its own language. Each step is one linear pass."""
    return _prose(text, check=False)[0]


def _prose(text: str, check: bool = True) -> tuple[str, bool]:
    """:func:`prose` of *text*, and (when *check*) whether it is also the start of the prose of
    any longer text that begins with *text*, when *text* ends with a line break (see
    :func:`prose_prefix`): no comment or reference is left open, the last ``<`` is closed by a
    ``>``, and no template round leaves ``{{`` open after the last other brace."""
    text, closed = _cut_closed(text, "<!--", "-->", until_end=True)
    text, refs_closed = _cut_refs_closed(text)
    closed = check and closed and refs_closed and text.rfind("<") < text.rfind(">") + 1
    text = _URL.sub(" ", text)
    for _ in range(4):
        closed = closed and not _open_template(text)
        text, n = _INNER_TEMPLATE.subn(" ", text)
        if not n:
            break
    return text, closed


def _open_template(text: str) -> bool:
    """Whether the last brace of *text* is a ``{`` after another: a template round on a longer
    text could find ``{{``, then no brace to the end of *text*, then ``}}`` after it."""
    j = max(text.rfind("{"), text.rfind("}"))
    return j > 0 and text[j] == "{" and text[j - 1] == "{"


def prose_prefix(text: str, n: int) -> str:
    """``prose(text)[:n]``, reading no more of a long *text* than it needs. Every step of
    :func:`prose` cuts spans that start and end at places it finds in the text, so where none is
    open the steps can stop and start again: when a part of the text ends with a line break
    (which no comment opener, URL or reference tag crosses), no comment or reference is left
    open in it, its last ``<`` is closed and no template round leaves ``{{`` open after its last
    other brace (:func:`_prose`), the prose of the part followed by anything is the part's
    prose followed by the prose of the rest. So the text is read in parts of about ``n // 2``
    characters up to a line break, each part's prose kept when it ends so (else the part is
    read again twice as long), until there are *n* characters of prose or the text ends."""
    if len(text) <= n:  # prose is never longer than its text
        return prose(text)
    parts: list[str] = []
    have = start = 0
    size = step = max(n // 2, 1)
    while have < n:
        cut = text.find("\n", start + size) + 1
        if not cut:
            parts.append(prose(text[start:]))
            break
        part, closed = _prose(text[start:cut])
        if closed:
            parts.append(part)
            have += len(part)
            start, size = cut, step
        else:
            size *= 2
    return "".join(parts)[:n]


def _cut(text: str, start: str, end: str, until_end: bool) -> str:
    """*text* without each ``start … end`` span (one linear pass; an unclosed span runs to the
    end of the text when *until_end*, else only its opener goes)."""
    return _cut_closed(text, start, end, until_end)[0]


def _cut_closed(text: str, start: str, end: str, until_end: bool) -> tuple[str, bool]:
    """:func:`_cut`, and whether every span found was closed."""
    parts: list[str] = []
    pos = 0
    closed = True
    while True:
        i = text.find(start, pos)
        if i < 0:
            break
        j = text.find(end, i + len(start))
        parts.append(text[pos:i])
        if j < 0:
            closed = False
            pos = len(text) if until_end else i + len(start)
            if until_end:
                break
            continue
        pos = j + len(end)
    parts.append(text[pos:])
    return " ".join(parts), closed


def _cut_refs(text: str) -> str:
    """*text* without ``<ref …>…</ref>`` and ``<ref …/>`` (linear: once no ``</ref`` is left,
    openers are dropped alone)."""
    return _cut_refs_closed(text)[0]


def _cut_refs_closed(text: str) -> tuple[str, bool]:
    """:func:`_cut_refs`, and whether every reference found was closed (by ``</ref`` and then
    ``>``)."""
    parts: list[str] = []
    pos = 0
    closers_left = True
    closed = True
    last_gt = text.rfind(">")
    for m in _REF_OPEN.finditer(text):
        start, end = m.span()
        if start < pos:
            continue
        parts.append(text[pos:start])
        pos = end
        if text[end - 2] == "/" or not closers_left:  # the tag ends with "/>": it closes itself
            continue
        # the first "</ref" after the tag and the first ">" after that, in one search that
        # stops at the last ">" (a "</ref" after it has no ">" to end it: were it tried, every
        # later "</ref" would be tried to the end of the text)
        close = _REF_CLOSE_GT.search(text, end, last_gt + 1)
        if close is not None:
            pos = close.end()
        elif _REF_CLOSE.search(text, end) is None:
            closers_left = closed = False
        else:  # a "</ref" with no ">" after it: the rest of the text goes
            closed = False
            pos = len(text)
    parts.append(text[pos:])
    return " ".join(parts), closed




@lru_cache(maxsize=16)
def dominant_script(text: str) -> str | None:
    """The script most letters of *text*'s prose (:func:`prose`) are written in (a CJK
    character counts as three letters; at most the first 200,000 characters are read)."""
    counts: dict[str, int] = {}
    for ch in prose(text[:200_000]):
        if ch.isalpha():
            if ch < "\u0250":  # ASCII and Latin-1/Extended-A/B: the common case, no name lookup
                sc = "LATIN" if ("a" <= ch.lower() <= "z" or ch >= "\u00c0") else "OTHER"
            else:
                sc = _script(ch)
            counts[sc] = counts.get(sc, 0) + _WEIGHT.get(sc, 1)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


def translates_away(page: str, old: str, new: str) -> bool:
    """Whether replacing *old* by *new* on *page* is a translation that writes the page's own
    script out of the text (the harmful kind)."""
    if not translates(old, new):
        return False
    dominant = dominant_script(page)
    return dominant is not None and dominant in scripts_of(old) - scripts_of(new)

