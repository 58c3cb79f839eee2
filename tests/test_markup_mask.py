"""The markup model's masking shortcuts give what the slow paths give: the masked nodes merged
from the per-kind indexes come in the order of the sorted concatenation, and the masked text
written piece by piece as the pieces come (``_Pieces`` streamed) is the text the sorted pieces
make, or nothing when they do not come in order (then ``_mask`` sorts them)."""

from __future__ import annotations

import random

import pytest
from corpus import corpus_files, read_page

from wikilint import _compiled
from wikilint import markup as mk
from wikilint.document import Document


def _sorted_nodes(doc: Document, tags: list) -> list:
    nodes = [*doc.templates, *doc.arguments, *doc.comments, *tags, *doc.wikilinks]
    nodes += doc.external_links
    nodes.sort(key=lambda n: n.start)
    return nodes


def _merged(merge, doc: Document, tags: list) -> list | None:
    return merge(
        merge(merge(doc.templates, doc.arguments), merge(doc.comments, tags)),
        merge(doc.wikilinks, doc.external_links),
    )


MASK_SAMPLES = [
    "a [[b|c {{d}} [[e|f]] g]] h [http://x.org y ''z''] <ref>{{cite|a}} [[p|q]]</ref> i\n",
    "<!-- c --> {{{arg|{{t}}}}} [[Category:X]] [[File:a.png|thumb|cap <b>x</b>]] [[:File:b]]\n",
    "<noinclude>n [[a|b]]</noinclude><includeonly>i</includeonly> __NOTOC__ [[a]]\n",
    "<gallery>\nFile:a.png|cap [[x|y]] {{t}}\n{{tpl\n|x}}\nFile:b.png\n</gallery> [[z|w]]\n",
    "<gallery>\nFile:a.png|{{t|\n}}\nFile:b.png|[[l|m]]\n</gallery>\n",
    "[[a|b [[c|d]] e]] [[f|[http://g h]]] [http://i [[j|k]]]\n",
]


@pytest.mark.parametrize("text", MASK_SAMPLES)
def test_streamed_mask_equals_sorted_mask(text: str) -> None:
    doc = Document(text)
    assert mk._mask(doc, True) == mk._mask(doc, False)


def test_mask_sorts_the_pieces_when_they_do_not_come_in_order(monkeypatch) -> None:
    """No tree of the tokenizer gives pieces out of order (its nodes nest; a gallery's lines
    hold none): the way back to sorting is tested with a streamed masker that gives up."""
    src = _compiled.source_module("markup")
    tried = []

    class GivesUp(src._Pieces):
        def finish(self):
            tried.append(self.stream)
            return None if self.stream else super().finish()

    text = MASK_SAMPLES[0] + MASK_SAMPLES[1]
    want = src._mask(Document(text), False)
    monkeypatch.setattr(src, "_Pieces", GivesUp)
    assert src._mask(Document(text), True) == want
    assert tried == [True, False]


@pytest.mark.parametrize("step", [3])
def test_masking_shortcuts_agree_on_corpus(step: int) -> None:
    files = corpus_files()[::step]
    if not files:
        pytest.skip("the shared corpus is absent")
    streamed = 0
    for path in files:
        doc = Document(read_page(path))
        if doc.parse_error:
            continue
        _, masked_tags, _, _ = mk._site_names(doc)
        tags = [t for t in doc.tags if t.name in masked_tags and not t.wiki_markup]
        assert _merged(mk._merge_by_start, doc, tags) == _sorted_nodes(doc, tags), path.name
        assert mk._mask(doc, True) == mk._mask(doc, False), path.name
        doc.release()
        streamed += 1
    assert streamed > len(files) // 2


def test_merge_by_start_is_the_stable_sort_or_none() -> None:
    src = _compiled.source_module("markup")  # the pure function takes any object with a start

    class N:
        def __init__(self, start: int, tag: str) -> None:
            self.start = start
            self.tag = tag

    rng = random.Random(7)
    for _ in range(500):
        a = sorted(
            (N(rng.randrange(12), "a") for _ in range(rng.randrange(6))), key=lambda n: n.start
        )
        b = sorted(
            (N(rng.randrange(12), "b") for _ in range(rng.randrange(6))), key=lambda n: n.start
        )
        assert src._merge_by_start(a, b) == sorted(a + b, key=lambda n: n.start)  # a first on ties
        if len({n.start for n in a}) > 1:
            assert src._merge_by_start(a[::-1], b) is None
            assert src._merge_by_start(b, a[::-1]) is None
    assert src._merge_by_start(None, []) is None
    # the compiled function (real nodes): out of order gives None
    links = Document("[[a]] [[b]] [[c]]").wikilinks
    assert mk._merge_by_start(links, []) == links
    assert mk._merge_by_start([], links[::-1]) is None


def _random_pieces(rng: random.Random, n: int) -> list[tuple[str, int, int, str]]:
    """Pieces as _mask adds them: nodes in order of start, each an opening piece and maybe a
    closing one; sometimes nested, sometimes overlapping, sometimes out of order."""
    ops = []
    pos = 0
    for _ in range(rng.randrange(n)):
        pos += rng.randrange(4)
        s = pos
        e = s + rng.randrange(0, 6)
        ch = rng.choice("\x01\x02\x03\x04")
        ops.append(("add", s, e, ch))
        if rng.random() < 0.4:
            ce = e + rng.randrange(0, 12)
            ops.append(("close", max(e, ce - rng.randrange(1, 3)), ce, ch))
        if rng.random() < 0.05:
            pos = max(0, pos - rng.randrange(8))
    return ops


@pytest.mark.parametrize("pieces_class", ["compiled", "pure"])
def test_streamed_pieces_equal_sorted_pieces(pieces_class: str) -> None:
    module = mk if pieces_class == "compiled" else _compiled.source_module("markup")
    rng = random.Random(11)
    streamed = 0
    for _ in range(3000):
        text = "".join(rng.choice("ab\n") for _ in range(rng.randrange(60)))
        ops = _random_pieces(rng, 10)
        fast = module._Pieces(text, True)
        slow = module._Pieces(text, False)
        for op, s, e, ch in ops:
            getattr(fast, op)(s, e, ch)
            getattr(slow, op)(s, e, ch)
        got = fast.finish()
        want = slow.finish()
        assert want == mk._apply(text, sorted([o[1:] for o in ops], key=lambda p: p[0]))
        if got is not None:
            streamed += 1
            assert got == want, (text, ops)
    assert streamed > 1500  # most come in order


@pytest.mark.parametrize("module", ["compiled", "pure"])
def test_caption_bar_loop_equals_the_pattern(module: str) -> None:
    """The character loop that finds a file link's caption (used when compiled) agrees with
    the regex (used in pure Python) on random texts of brackets, braces and pipes."""
    m = mk if module == "compiled" else _compiled.source_module("markup")
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice("[]{}|a") for _ in range(rng.randrange(16)))
        s = rng.randrange(len(text) + 1)
        end = rng.randrange(s, len(text) + 1)
        assert m._caption_bar(text, s, end) == m._caption_bar_re(text, s, end), (text, s, end)
    for text in ["[[a|b]]|c", "{{a|{{b}}|c}}|d|e", "[[[a|b]]]|c", "a]]|b[[c|d"]:
        assert m._caption_bar(text, 0, len(text)) == m._caption_bar_re(text, 0, len(text))
