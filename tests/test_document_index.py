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
