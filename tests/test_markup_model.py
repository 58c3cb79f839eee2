"""The markup model (``doc.markup``): tree-building semantics, API, and bounded cost."""

from __future__ import annotations

import pytest

from wikilint.document import Document
from wikilint.markup import build_markup_model_from_text, quote_tokens


def lints(text: str) -> list[tuple[str, int, str | None]]:
    return [(x.type, x.start, x.name) for x in Document(text).markup.lints]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<div>foo", [("missing-end-tag", 0, "div")]),
        ("'''foo", [("missing-end-tag", 0, "b")]),
        ("foo</div>", [("stripped-tag", 3, "div")]),
        ("<b><i>X</b></i>", [("misnested-tag", 3, "i")]),
        ("*a<small>b\n*c</small>d", [("misnested-tag", 2, "small")]),
        ("<span>foo\n\nbar", [("html5-misnesting", 0, "span")]),
        ("<small>foo\n\nbar", [("missing-end-tag", 0, "small")]),
        ("<span>foo\n\n</span>y", [("misnested-tag", 0, "span")]),
        ("<tt>foo</tt>bar", [("obsolete-tag", 0, "tt")]),
        ("<big>foo</big>bar", []),
        ("{|\nfoo\n|-\n| bar\n|}", [("fostered", 0, None)]),
        ("foo<b />bar<hr />boo<br />", [("self-closed-tag", 3, "b")]),
        ("<ul><li>x<li>y</ul><table><tr><th>h<tr><td>a<td>b</table>", []),
        ("== a <small>b ==\n", [("missing-end-tag-in-heading", 5, "small")]),
    ],
)
def test_predicted_lints(text, expected):
    assert lints(text) == expected


def test_quote_pass_follows_mediawiki():
    # odd bold and odd italic: the bold after a one-letter word becomes apostrophe + italic
    toks = [(t.name, t.end_tag, t.start) for t in quote_tokens("l'''x'' y", 0)]
    assert toks == [("i", False, 2), ("i", True, 5)]
    # '''' is an apostrophe then bold; closing at the end of the line is zero-width
    toks = [(t.name, t.end_tag, t.start, t.end - t.start) for t in quote_tokens("''''a", 0)]
    assert toks == [("b", False, 1, 3), ("b", True, 5, 0)]


def test_model_api_exposes_headings_tables_and_tags():
    doc = Document("== T ==\n{| class=x\n| a || b\n|-\n! h\n|}\n<div id=a>x</div>\n")
    model = doc.markup
    assert [h.name for h in model.headings] == ["h2"]
    (table,) = model.tables
    assert table.kind == "wiki" and table.start == 8
    rows = [c for c in table.children if getattr(c, "name", None) == "tr"]
    assert [[c.name for c in r.children if hasattr(c, "name")] for r in rows] == [
        ["td", "td"],
        ["th"],
    ]
    assert [(t.name, t.closing) for t in model.source_tags] == [("div", False), ("div", True)]
    (div,) = model.by_name("div")
    assert div.close_start is not None and not div.auto_end


def test_markup_in_raw_and_template_context_is_not_markup():
    assert lints("<nowiki><div></nowiki> <!-- <span> --> {{X|<center>}} <math>''</math>") == []


def test_model_is_built_once_and_only_on_demand():
    doc = Document("<div>x")
    assert "markup" not in doc.__dict__
    assert doc.markup is doc.markup


@pytest.mark.parametrize(
    "unit",
    ["<span>x", "''x\n", "{|\n|a\n", "</div>x", "<font>a\n\n", "* <small>a\n"],
)
def test_ten_thousand_repetitions_finish(unit):
    """Every walk is bounded: 10,000 repetitions of a construct build in linear time (this
    would take minutes if any pass were quadratic; speed itself is measured in benchmarks/)."""
    model = build_markup_model_from_text(unit * 10_000)
    assert model.lints


def test_released_document_leaves_no_cycles_for_the_garbage_collector():
    # The markup model's elements and their children point at each other; Document.release()
    # must break those cycles so that reference counting frees a page at once.
    import gc

    from wikilint import Linter, LintSettings

    text = (
        "{|\n| <b>a\n|-\n| [[x|y]] ''i\n|}\nstray text\n<div><span>z</div>\n== H ''q ==\n"
        "<ref>''r</ref> [[File:A.png|thumb|[[l]] c]] <font color=red>[[k]]</font>\n"
    )
    linter = Linter(LintSettings())
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        diags = linter.lint(text)
        assert any(d.lint_type for d in diags)  # the markup model was built
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
