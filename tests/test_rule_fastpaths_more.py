"""More of the rules' shortcuts held to the paths they skip (see test_rule_fastpaths.py): each
rule here has a switch that turns its shortcut off, and gives the same diagnostics either way."""

from __future__ import annotations

import random

import pytest

from corpus import corpus_files, read_page
from wikilint.document import Document

FILES = corpus_files()


def _diags(rule, doc: Document) -> list:  # noqa: ANN001
    return [(d.code, d.start, d.end, d.message, repr(d.fix), repr(d.data)) for d in rule.check(doc)]


def _same_with_and_without(rule, switch: str, text: str) -> int:  # noqa: ANN001
    """The rule's diagnostics on *text* with its shortcut *switch* on and off; their number."""
    doc = Document(text)
    setattr(rule, switch, True)
    fast = _diags(rule, doc)
    setattr(rule, switch, False)
    try:
        slow = _diags(rule, doc)
    finally:
        setattr(rule, switch, True)
    assert fast == slow, text[:200]
    return len(fast)


def _random_links(rng: random.Random, n: int) -> str:
    alphabet = ["a", "A", "b", "s", "S", "ß", "_", " ", "  ", "\u00a0", "\t", ":", "é", "\u0301",
                "\u200d", "ी", "x", "Category:", "File:", "/", ".", "<!---->", "&amp;", "'"]
    words = ["Paris", "paris", "Paris_France", "rebel", "rebels", "ßa", "SSa", "a", "A"]
    links = []
    for _ in range(n):
        def part() -> str:
            if rng.random() < 0.5:
                return rng.choice(words) + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 2)))
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        target = part()
        shown = target + rng.choice(["", "s", "es", "ी", " s", "_"]) if rng.random() < 0.5 else part()
        if rng.random() < 0.3:
            shown = shown[:1].swapcase() + shown[1:]
        links.append(f"[[{target}|{shown}]]")
    return " ".join(links)


def test_redundant_link_last_letter_shortcut() -> None:
    """WL401 skips links whose last characters show that neither the text nor its head can
    normalise to the target: the same reports as without that test, on random links."""
    from wikilint.rules.links.redundant_link_text import RedundantLinkText

    rule = RedundantLinkText()
    rng = random.Random(11)
    reported = sum(_same_with_and_without(rule, "last_letter_test", _random_links(rng, 300)) for _ in range(40))
    assert reported > 200  # the random links hold many redundant ones


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_redundant_link_last_letter_shortcut_on_the_corpus() -> None:
    from wikilint.rules.links.redundant_link_text import RedundantLinkText

    rule = RedundantLinkText()
    assert sum(_same_with_and_without(rule, "last_letter_test", read_page(p)) for p in FILES[::8]) > 100
