"""Document's shortcuts for rules: the text of every Text node in one string, the Text nodes a
pattern matches (found without visiting the others), raw spans from the per-kind indexes, and
the cost guard run once when nothing needs masking."""

from __future__ import annotations

import re

import pytest

from wikilint import document as D
from wikilint.document import Document

from corpus import corpus_files, read_page

PATTERNS = [re.compile(r"[{}]|\[\[|\]\]"), re.compile(r"\[\[|\]\]"), re.compile(r"'''"), re.compile(r"\d{4}")]

CASES = [
    "",
    "plain words only",
    "a [[b]] c {{d|e}} f",
    "text [[ unclosed and }} stray and {lone} brace",
    "x<!-- [[in comment]] -->y<nowiki>{{raw}}</nowiki>z [[",
    "[[a|b [[c]] d]] ]] {{t|1=[[x]]}} '''bold''' 1999 [[",
    "{|\n| cell {{ x\n|}\n]]",
]


def _brute(doc: Document, pattern: re.Pattern[str]) -> list:
    return [n for n in doc.texts if pattern.search(doc.text, n.start, n.end)]


@pytest.mark.parametrize("text", CASES)
def test_texts_matching_equals_a_walk_over_every_text_node(text: str) -> None:
    doc = Document(text)
    assert doc.text_node_chars == "\0".join(text[n.start : n.end] for n in doc.texts)
    for pattern in PATTERNS:
        assert list(doc.texts_matching(pattern)) == _brute(doc, pattern)


def test_texts_matching_on_corpus_pages() -> None:
    files = corpus_files()
    if not files:
        pytest.skip("the shared corpus is not available")
    seen = 0
    for path in files[::40]:
        doc = Document(read_page(path))
        for pattern in PATTERNS:
            expected = _brute(doc, pattern)
            assert list(doc.texts_matching(pattern)) == expected, (path.name, pattern.pattern)
            seen += len(expected)
    assert seen > 100  # the sample really exercised the search


def test_raw_spans_cover_nested_comments_and_raw_tags() -> None:
    text = "a<!--c-->b<ref>x<nowiki>[[n]]</nowiki> <!--d--></ref>{{t|<math>{</math>}}<pre>p</pre>"
    doc = Document(text)
    got = [text[s:e] for s, e in doc.raw_spans]
    assert got == ["<!--c-->", "<nowiki>[[n]]</nowiki>", "<!--d-->", "<math>{</math>", "<pre>p</pre>"]


def test_cost_guard_limits_are_ordered() -> None:
    # Document runs the strict guard only after masking: a page under the masking limit must be
    # under the refusal limit too.
    assert D._MASK_LIMIT <= D._COST_LIMIT


def test_unmasked_page_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = D._quadratic_risk

    def spy(text: str, limit: int = D._COST_LIMIT) -> str | None:
        calls.append(limit)
        return real(text, limit)

    monkeypatch.setattr(D, "_quadratic_risk", spy)
    Document("a [[b]] <span>c</span>")
    assert calls == [D._MASK_LIMIT]
    calls.clear()
    # a page with many unclosed tags is masked and then checked against the refusal limit
    Document("<span>x " * 5000)
    assert calls == [D._MASK_LIMIT, D._COST_LIMIT]


def test_thousands_of_dead_link_tags_on_one_line_each_mark_their_own_url() -> None:
    # WL601 used to walk every node from the line's start for each tag (4,000 tags took 21 s);
    # it now looks only at the sources before the tag. Each tag must still name its own URL.
    from wikilint import lint_text

    n = 5000
    text = "".join(f"[http://example.org/{i} x] {{{{dead link}}}} " for i in range(n))
    text += "".join(f"{{{{cite web|url=http://cite.example/{i}|title=t}}}}{{{{dead link}}}}" for i in range(n))
    diags = lint_text(text, select=["WL601"])
    assert len(diags) == 2 * n
    assert [d.message for d in diags[:n:997]] == [f"Dead link marks http://example.org/{i}" for i in range(0, n, 997)]
    assert diags[-1].message == f"Dead link marks http://cite.example/{n - 1}"


def _quadratic_risk_by_lines(text: str, limit: int) -> str | None:
    """The cost guard as first written: every tag in order, every line split off."""
    n = len(text)
    if n * n // 3 <= limit:
        return None
    opened: dict[str, int] = {}
    for m in D._OPEN_TAG.finditer(text):
        name = m.group(1).lower()
        if not m.group(2) and name not in D._IMPLICIT_END:
            opened[name] = opened.get(name, 0) + 1
    for m in D._CLOSE_TAG.finditer(text):
        name = m.group(1).lower()
        if name in opened:
            opened[name] -= 1
    unclosed = sum(v for v in opened.values() if v > 0)
    unclosed += max(0, text.count("<!--") - text.count("-->"))
    cost = unclosed * n
    if "[" in text:
        for line in text.split("\n"):
            if len(line) * len(line) // 10 > limit:
                openers = len(D._EXT_LINK.findall(line))
                cost += max(0, openers - line.count("]")) * len(line)
    if cost > limit:
        return (
            f"{unclosed} unclosed tags or comments (or unclosed links on a very long line) in {n} "
            "characters; parsing would take quadratic time, so the page was not parsed"
        )
    return None


def test_long_lines_are_the_lines_over_the_bound() -> None:
    import random

    rng = random.Random(5)
    for limit in (10, 1000, 40_000):
        for _ in range(300):
            pieces = ["a", "[x", "\n", "bb" * rng.randint(0, 400)]
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
            want = [line for line in text.split("\n") if len(line) * len(line) // 10 > limit]
            assert list(D._long_lines(text, limit)) == want, (limit, text)


@pytest.mark.parametrize("limit", [D._MASK_LIMIT, D._COST_LIMIT, 100_000])
def test_cost_guard_counts_as_the_line_by_line_guard(limit: int) -> None:
    # the guard counts tags per name and finds long lines by windows: the same answers as
    # walking every tag and every line
    cases = [
        "<span>x " * 5000,
        "<span>x</SPAN> <Div>" * 3000 + "</div>" * 2000,
        "<!-- a " * 4000 + "-->",
        "[http://a.b c " * 3000,
        ("[http://a.b c " * 3000 + "\n") * 3 + "<br><li>" * 3000,
        "<ref name=a/>" * 9000 + "<b>" * 10,
        "x\n" * 50_000 + "[//a " * 4000,
    ]
    for path in corpus_files()[::25]:
        cases.append(read_page(path))
    for text in cases:
        assert D._quadratic_risk(text, limit) == _quadratic_risk_by_lines(text, limit)
