"""Which writing systems a text uses, and whether an edit translates between them.

A safe fix never translates a value into another language or script (issue 8, item 18): a site
profile that does not fit the page (an enwiki date format on a Chinese page) must not turn
``2018年4月`` into ``April 2018``. :func:`translates` is the mechanism: an edit that removes
letters of one script and writes letters of another, none of which were there, is a
translation. :meth:`wikilint.rule.Rule.report` demotes such a safe fix to unsafe for every rule.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["scripts_of", "translates"]

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
    a, b = scripts_of(old), scripts_of(new)
    return bool(b - a) and bool(a - b)
