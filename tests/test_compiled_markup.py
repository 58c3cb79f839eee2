"""The compiled markup model (wikilint/markup.py built with wikilint/markup.pxd) gives exactly
what the pure-Python module gives: the same lints, the same tree (every field of every node),
the same element and source-tag lists and the same masked text, on synthetic pages and on a
sample of the corpus.

Where the module was not compiled (no Cython or no C compiler at install time, or
WIKILINT_PURE_PYTHON set) the comparisons skip with a reason; CI sets
WIKILINT_REQUIRE_COMPILED=1 so that they fail there instead.
"""

from __future__ import annotations

import pytest
from compiled_support import need_compiled
from corpus import corpus_files, read_page

import wikilint.markup
from wikilint import _compiled
from wikilint.document import Document


def _need_compiled() -> None:
    need_compiled("markup")


@pytest.fixture(scope="module")
def pure():
    """markup.py loaded from source under another name, beside the compiled wikilint.markup."""
    _need_compiled()
    mod = _compiled.source_module("markup")
    assert mod is not wikilint.markup and mod.__file__.endswith("markup.py")
    return mod


def _sig(node):
    if node is None:
        return None
    return (type(node).__name__, getattr(node, "name", None), node.start, node.end)


ELEMENT_FIELDS = (
    "name", "kind", "start", "open_end", "attrs", "idx", "end", "close_start", "auto_start",
    "auto_end", "self_closing", "open", "linted", "fostered", "in_list_item", "uncertain",
    "split_by_p", "in_table", "literal", "stx",
)
ELEMENT_LINKS = ("parent", "clone_of", "aaa_clone", "heading")


def _value(v):
    assert v is None or type(v) in (int, str, bool), type(v)
    return (type(v).__name__, v)


def _describe(model) -> tuple:
    """Everything the model holds, nodes by type name and fields (links to other nodes by
    their signature), the lints before the blocks of plain lines are built and after."""
    lints = [
        (x.type, x.start, x.end, x.name, sorted(x.params.items()), _sig(x.element))
        for x in model.lints
    ]
    pending = model._pending is not None
    elements = model.elements  # builds the blocks of plain lines
    out = []
    stack = list(reversed(model._roots))
    while stack:
        n = stack.pop()
        if n is None:
            out.append(")")
            continue
        name = type(n).__name__
        if name == "Element":
            out.append(
                tuple(_value(getattr(n, f)) for f in ELEMENT_FIELDS)
                + tuple(_sig(getattr(n, f)) for f in ELEMENT_LINKS)
                + (repr(n),)
            )
            stack.append(None)
            if n.fostered_before:
                out.append("fostered")
                stack.append(None)
                stack.extend(reversed(n.fostered_before))
            stack.extend(reversed(n.children))
        elif name == "Stripped":
            out.append(
                (name, n.name, n.start, n.end, n.closing, _sig(n.parent), n.idx, n.linted)
            )
        else:
            out.append(
                (name, n.start, n.end, n.ws, n.opaque, n.trail_ws, _sig(n.parent), n.idx)
            )
    return (
        lints,
        pending,
        out,
        [_sig(e) for e in elements],
        [(t.name, t.start, t.end, t.closing, t.self_closing, t.attrs) for t in model.source_tags],
        [_sig(s) for s in model.stripped],
        model.masked,
        model.link_spans,
        sorted(model.seen_ids),
        [x.type for x in model.lints_of("missing-end-tag", "stripped-tag")],
        [_sig(e) for e in model.tables + model.headings + model.by_name("b")],
    )


SYNTHETIC = [
    "",
    "plain text [[a|b]] ''it'' '''bold'''\n\n* x\n# y\n: z\n; w\n",
    "<div>open <span>x\n\ny</span>\n<b><i>X</b></i> foo</div></p>\n",
    "<small>a\n*b</small>c <font color=red>[[l]]</font> <span><div class=x>y</div></span>",
    "{| class=x style=\"background:red\"\n|+ cap\n! h !! ''i''\n|-\nfoo\n| a || b || c || d || e || f\n|}\n",
    "* a\n*: {|\n| b\n|}\n<table><tr><td>x</table>\n{|\n| y\n",
    "== H <small>b ==\n== ''q ==\n<ref>''r'' <b>s</ref>\n[[File:A.png|thumb|''cap'' <i>[[l|m]]]]\n",
    "<div id=a></div><div id=a></div><p><span style=\"white-space:nowrap\">x\n\ny</span></p>\n",
    "'''''both''''' ''a'''b'''c'' l'''x'' y {{T|''x''}} ''z {{T}}\n",
    "<b>1<b>2<b>3<b>4</b>\n<tt>t</tt><center>c<br/></center><b />\n__NOTOC__<!-- c -->",
]


@pytest.mark.parametrize("text", SYNTHETIC)
def test_compiled_markup_equals_pure_synthetic(pure, text):
    doc = Document(text)
    assert _describe(wikilint.markup.build_markup_model(doc)) == _describe(pure.build_markup_model(doc))
    assert _describe(wikilint.markup.build_markup_model_from_text(text)) == _describe(
        pure.build_markup_model_from_text(text)
    )


def test_compiled_markup_equals_pure_on_corpus(pure):
    files = corpus_files()
    if not files:
        pytest.skip("shared corpus not found (../shared or $WIKILINT_SHARED)")
    compared = lints = 0
    for path in files[::7]:  # about 300 pages of 26 wikis
        doc = Document(read_page(path))
        if doc.parse_error:
            continue
        compiled = _describe(wikilint.markup.build_markup_model(doc))
        assert compiled == _describe(pure.build_markup_model(doc)), path.name
        compared += 1
        lints += len(compiled[0])
    assert compared > 100
    assert lints > 50  # the sample does exercise the lints


def test_compiled_quote_helpers_equal_pure(pure):
    import random

    rng = random.Random(11)
    for _ in range(5_000):
        line = "".join(rng.choice("''' al<") for _ in range(rng.randint(0, 20)))
        assert wikilint.markup._quotes_balanced(line) == pure._quotes_balanced(line), line
        assert [repr(t) for t in wikilint.markup.quote_tokens(line, 3)] == [
            repr(t) for t in pure.quote_tokens(line, 3)
        ], line


def test_compiled_model_classes_are_extension_types(pure):
    model = Document("<div>x").markup
    (lint,) = model.lints
    el = lint.element
    assert type(el) is wikilint.markup.Element and type(el) is not pure.Element
    assert isinstance(el.start, int) and isinstance(el.auto_end, bool)
    with pytest.raises(AttributeError):
        el.not_a_field = 1  # no __dict__, as with the pure class's __slots__
    with pytest.raises(AttributeError):
        pure.Element("div", "html", 0, 5).not_a_field = 1
