"""Site detection counts the letters of each script on the UTF-8 bytes; these tests hold it to a
plain character-by-character count over the same ranges."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from wikilint.sites import detect

_ASCII = [(0x41, 0x5A), (0x61, 0x7A)]


def reference_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter({name: 0 for name, _ in detect._SCRIPT_RANGES})
    for ch in text:
        cp = ord(ch)
        for name, ranges in detect._SCRIPT_RANGES:
            extra = _ASCII if name == "latin" else []
            if any(lo <= cp <= hi for lo, hi in (*ranges, *extra)):
                counts[name] += detect._WEIGHT.get(name, 1)
                break
    return counts


# the edges of every range, their neighbours, and characters that share their lead bytes
_EDGES = sorted(
    {
        c
        for _, ranges in detect._SCRIPT_RANGES
        for lo, hi in ranges
        for edge in (lo, hi)
        for c in range(max(edge - 70, 0x20), edge + 70)
        if not 0xD800 <= c <= 0xDFFF
    }
)
_POOL = [chr(c) for c in _EDGES] + list("abcXYZ 0_–—…€") + ["\U0001f600", "\U00010000", "\u3000", "\u0300"]


@pytest.mark.parametrize("seed", range(5))
def test_random_text_counts_like_a_character_count(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(2000):
        text = "".join(rnd.choice(_POOL) for _ in range(rnd.randint(0, 30)))
        assert detect._script_counts(text) == reference_counts(text), repr(text)


def test_every_code_point_near_a_range_counts_once() -> None:
    text = "".join(chr(c) for c in _EDGES)
    got = detect._script_counts(text)
    assert got == reference_counts(text)
    kana = "".join(chr(c) for c in range(0x3030, 0x3110))
    assert detect._script_counts(kana)["kana"] == 3 * (0x30FF - 0x3041 + 1)  # U+3040 is outside


def test_lone_surrogates_do_not_raise() -> None:
    text = "abc\udcff\ud800ж"
    assert detect._script_counts(text) == reference_counts(text)


@pytest.mark.parametrize("seed", range(3))
def test_letters_flag_says_whether_a_character_of_their_blocks_occurs(seed: int) -> None:
    rnd = random.Random(seed)
    pool = _POOL + ["\udcff", "ł", "ạ", "ā", "ǿ", "Ḁ", "ỹ", "ἀ", "\U0001e900"]
    for _ in range(1000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 30)))
        counts, flag = detect._scripts_and_letters(text)
        assert counts == reference_counts(text), repr(text)
        assert flag == any(ord(ch) >> 8 in detect._LETTER_BLOCKS for ch in text), repr(text)


def test_the_block_tables_classify_every_unit_as_the_ranges_do() -> None:
    """Each code point of the Basic Multilingual Plane, by the three tables, has the script the
    ranges give it (the ASCII letters: Latin)."""
    want = {}
    for number, (_, ranges) in enumerate(detect._SCRIPT_RANGES, 1):
        for lo, hi in ranges:
            want.update(dict.fromkeys(range(lo, hi + 1), number))
    latin = detect._SCRIPT_NAMES.index("latin") + 1
    want.update(dict.fromkeys([*range(0x41, 0x5B), *range(0x61, 0x7B)], latin))
    for cp in range(0x10000):
        joined = detect._HIGH_CLASS[cp >> 8] | detect._LOW_SEGMENT[cp & 0xFF]
        assert detect._UNIT_SCRIPT[joined] == want.get(cp, 0), hex(cp)
