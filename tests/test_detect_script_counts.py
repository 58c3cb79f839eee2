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
def test_lead_bytes_and_the_bytes_without_ascii_letters(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(1000):
        text = "".join(rnd.choice(_POOL + ["\udcff", "ł", "ạ"]) for _ in range(rnd.randint(0, 30)))
        want = b"".join(ch.encode("utf-8", "surrogatepass")[:1] for ch in text if ord(ch) > 0x7F)
        _, leads, rest = detect._scripts_and_leads(text)
        assert leads == want, repr(text)
        data = text.encode("utf-8", "surrogatepass")
        assert rest == bytes(b for b in data if not chr(b).isascii() or not chr(b).isalpha()), repr(text)
