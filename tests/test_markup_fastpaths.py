"""The markup model's shortcuts change nothing: the blocks of plain lines and the rows of plain
tables (built only when the element list is asked for) and the direct tree-builder paths for
list items, table cells and rows and headings give the same lints, the same elements and the
same tree, node by node, as the general tree builder.

The general builder is the pure-Python source with the shortcuts patched out (a compiled
module's classes cannot be patched); the model it is compared with is the one ``doc.markup``
builds, compiled or not."""

from __future__ import annotations

import gc

import pytest
from corpus import corpus_files, read_page

from wikilint import _compiled
from wikilint import markup as mk
from wikilint.document import Document


def _general(monkeypatch: pytest.MonkeyPatch, src) -> None:
    """Turn every shortcut of the pure-Python module *src* off: no blocks, the general
    start_tag/end_tag everywhere."""
    monkeypatch.setattr(src._Scanner, "_plain_block", lambda self, pos: pos)
    monkeypatch.setattr(src._Scanner, "_plain_table", lambda self, pos, filled, lazy=False: -1)
    monkeypatch.setattr(src._Builder, "cell", src._Builder.start_tag)
    monkeypatch.setattr(src._Builder, "row", src._Builder.start_tag)
    monkeypatch.setattr(src._Builder, "heading_start", src._Builder.start_tag)
    monkeypatch.setattr(src._Builder, "heading_end", src._Builder.end_tag)
    monkeypatch.setattr(src._Builder, "next_item", lambda self, pos, prefix_end: False)


def _sig(node):
    if node is None:
        return None
    return (type(node).__name__, getattr(node, "name", None), node.start, node.end)


def _tree(model: mk.MarkupModel) -> list:
    """Every node of the model with every field, in tree order, then the element list."""
    elements = model.elements  # builds any blocks first
    out = []
    stack = list(reversed(model._roots))
    while stack:
        n = stack.pop()
        if n is None:
            out.append(")")
            continue
        if type(n).__name__ == "Element":
            out.append(
                (
                    n.name, n.kind, n.start, n.open_end, n.attrs, n.idx, n.end, n.close_start,
                    n.auto_start, n.auto_end, n.self_closing, n.open, n.linted,
                    _sig(n.clone_of), _sig(n.aaa_clone), n.fostered, n.in_list_item,
                    n.uncertain, n.split_by_p, _sig(n.heading), n.in_table, _sig(n.parent),
                )
            )
            stack.append(None)
            if n.fostered_before:
                out.append("fostered")
                stack.append(None)
                stack.extend(reversed(n.fostered_before))
            stack.extend(reversed(n.children))
        elif type(n).__name__ == "Stripped":
            out.append(
                ("stripped", n.name, n.start, n.end, n.closing, _sig(n.parent), n.idx, n.linted)
            )
        else:
            out.append(
                (type(n).__name__, n.start, n.end, n.ws, n.opaque, n.trail_ws, _sig(n.parent),
                 n.idx)
            )
    out.append([_sig(e) for e in elements])
    return out


def _lints(model: mk.MarkupModel) -> list:
    return [
        (x.type, x.start, x.end, x.name, sorted(x.params.items()), _sig(x.element))
        for x in model.lints
    ]


def _compare(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Compare the model with and without the shortcuts; whether it had blocks."""
    fast = Document(text).markup
    had_blocks = fast._pending is not None
    fast_lints = _lints(fast)  # before the blocks are built
    fast_tree = _tree(fast)  # asks for the elements: builds the blocks
    src = _compiled.source_module("markup")
    with monkeypatch.context() as m:
        _general(m, src)
        slow = src.build_markup_model(Document(text))
        assert slow._pending is None
        slow_lints = _lints(slow)
        slow_tree = _tree(slow)
    assert fast_lints == slow_lints
    assert fast_tree == slow_tree
    return had_blocks


SAMPLES = [
    # plain paragraphs, lists and headings around lints
    "Intro [[a|b]] text.\n\n* one [[x]]\n* two [[y|z]]\n\n== H [[h|i]] ==\nmore\n<div>open\n",
    "<span>foo\n\nplain text\n* list\n\n== After ==\n",
    "<small>a\n\nb [[l|m]]\n\n{|\n| c\n|}\n",
    # balanced quotes and inline tags join a block, unbalanced ones end it
    "a <b>b</b> <span class=x>c<br/></span> [[x|<small>y</small>]]\n* <sup>1</sup>\n\nz <b>open\n",
    "''it'' and '''bold''' [[a|''b'']]\n* ''x'' y\n\n'''open\nnext\n",
    "'''''both''''' ''a'''b'''c''\n\n''a'''b''c'''\n\n== ''q'' ==\ntext\n",
    "l'''x'' y\n\n[[a|b]] ''[[c|d]]''\n* [[e|f]]''g''\n",
    # tables: the direct cell and row paths, then a table closed by the tree builder
    "{| class=x\n! h1 !! h2\n|-\n| a || b || [[c|d]]\n|- style=\"background:red\"\n| e\n| f\n|}\n",
    "{|\n| a\n|-\n| b || c || d || e || f || g\n|}\nplain\n{|\n| x\n",
    "* a\n*: {|\n| b\n|}\n* c\n\n; d\n: e\n",
    "{|\n|+ caption\n| a\n|+ late caption\n! b\n|-\n|+ c\n|}\n",
    # blocks at the end of the page and pages of blocks only
    "just text\nand more [[x|y]]\n",
    "== A ==\n== B ==\n\n\n* x\n",
    "",
    # tables that join a block, and tables that do not (a lint, or markup the tree builder
    # must see): a tag, a wide row, a night-mode style, text between rows, an open quote, no |}
    (
        "text\n{|\n|+ cap ''c''\n|-\n| a || ''b'' [[c|d]]\n| e\n* f\n== g ==\n"
        "|- style=\"color:red\"\n! h !! i\n|} tail\n\n{|\n| x\n|}\n"
    ),
    (
        "{|\n| a <b>b</b>\n|}\n{|\n| a || b || c || d || e || f\n|}\n{|\n|-\n"
        "| style=\"background:red\" | x\n|}\n"
    ),
    (
        "{|\n| a\nfoo\n|-\nfoo\n| b\n|}\n\n{|\n| ''a\n|}\n{|\n{{row}}\n| a\n|}\n"
        "<table><tr><td>x</table>\n{|\n| y\n|}\n{|\n| z\n"
    ),
    # tables whose element is built and whose rows wait: wide, a night-mode table style, after
    # a table the tree builder closed, text after |}, the end of the page right after |}
    (
        "x\n{| class=wikitable\n! a !! b !! c !! d !! e !! f\n"
        "|-\n| 1 || 2 || 3 || 4 || 5 || ''6''\n"
        "|} [[t|u]] v\n\ny\n"
    ),
    (
        '{| style="background:#eee"\n|+ c\n| a\n|-\n| <small>b</small>\n|}\n'
        "<table><tr><td>x\n{|\n| a\n|}\n"
    ),
    "<table><tr><td>x</table>\n{|\n|-\n|-\n| a || b || c || d || e || f || g\n|}",
    # a tag spanning lines, comments, templates, references and file captions
    (
        "<div\nclass=x>a</div>\n<!-- c -->\n{{T|x}} text\n<ref>''r'' [[a|b]]</ref>\n"
        "[[File:A.png|thumb|''cap'' [[l|m]]]]\n"
    ),
    "<b>x\n\ny</b>\n\n''z\n\n<i>''w''</i>\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_shortcuts_change_nothing(text, monkeypatch):
    _compare(text, monkeypatch)


def test_shortcuts_change_nothing_on_corpus_pages(monkeypatch):
    files = corpus_files()[::20]
    if not files:
        pytest.skip("corpus not found (../shared beside the repo or $WIKILINT_SHARED)")
    with_blocks = sum(_compare(read_page(path), monkeypatch) for path in files)
    assert with_blocks > len(files) // 2  # the shortcut was exercised


def test_plain_lines_are_built_only_when_the_elements_are_asked_for():
    text = "Intro [[a|b]] ''it''.\n\n== Head ==\n* one\n* two\n\n<div>x\n"
    model = Document(text).markup
    assert model._pending is not None  # a block stands for the lines before <div>
    assert [x.type for x in model.lints] == ["missing-end-tag"]
    root = model._roots[0]
    assert any(type(c) is mk._Block for c in root.children)
    assert [h.name for h in model.headings] == ["h2"]
    assert model._pending is None
    assert not any(type(c) is mk._Block for c in root.children)
    assert [c.idx for c in root.children] == list(range(len(root.children)))
    assert [e.name for e in model.by_name("li")] == ["li", "li"]
    assert [e.name for e in model.by_name("i")] == ["i"]
    # the lint's element is the element of the list
    (lint,) = model.lints
    assert any(e is lint.element for e in model.elements)


@pytest.mark.parametrize(
    "line, joins",
    [
        ("''a'' b", True),
        ("'''a''' ''b''", True),
        ("[[x|''a'']] ''b''", True),
        ("''a", False),  # left open: a lint
        ("''a'''b''c'''", False),  # reopened by the quote pass
        ("a <b>c</b> <span class=x>d<br/></span>", True),  # inline tags, closed
        ("[[x|<small>a</small>]] ''<sup>b</sup>''", True),
        ("a <b>c", False),  # left open
        ("a <b>c<i>d</b></i>", False),  # misnested
        ("a <div>c</div>", False),  # a block
        ("a <font color=red>c</font>", False),  # obsolete
        ("a <span id=x>c</span>", False),  # an id (duplicate-ids)
        ('a <span style="background:red">c</span>', False),  # night mode
        ("a <b/>", False),  # self-closed
        ("a <span>b <span>c</span></span>", False),  # nested in itself
        ("a ''<b>c'' d</b>", False),  # a quote across a tag
    ],
)
def test_which_lines_join_a_block(line, joins):
    model = Document(f"text\n{line}\nmore\n\n<div>x\n").markup
    root = model._roots[0]
    first = root.children[0]
    assert (type(first) is mk._Block and first.end > len("text\n") + len(line)) == joins


def test_released_model_with_blocks_leaves_no_cycles():
    from wikilint import Linter, LintSettings

    text = "Intro [[a|b]].\n\n* x ''y''\n\n== H ==\n<div>z\n"
    linter = Linter(LintSettings())
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc = linter.document(text)
        model = doc.markup
        assert model._pending is not None
        assert model.headings  # builds the blocks
        doc.release()
        del doc, model
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize(
    "table, joins",
    [
        ("{|\n| a || b\n|-\n! c\n|}", True),
        ("{| class=x\n|+ ''cap''\n| a\n|}", True),
        ("{|\n| a\n|}", True),
        ("{|\n| a <small>b</small>\n|}", True),
        ("{|\n| a <small>b\n|}", False),  # a tag left open
        ("{|\n| a <small>b || c</small>\n|}", False),  # across cells
        ("{|\n| a || b || c || d || e || f\n|}", False),  # six columns: large-tables
        ('{| style="background:#eee"\n| a\n|}', False),  # night mode
        ("{|\nfoo\n| a\n|}", False),  # fostered
        ("{|\n| ''a\n|}", False),  # an open quote
        ("{|\n| a\n{|\n| b\n|}\n|}", False),  # a table in a table
    ],
)
def test_which_tables_join_a_block(table, joins):
    text = f"text\n{table}\nmore\n\n<div>x\n"
    model = Document(text).markup
    first = model._roots[0].children[0]
    assert (type(first) is mk._Block and first.end >= len(f"text\n{table}")) == joins


def test_looking_for_blocks_is_linear():
    """Blank lines before a long run of plain lines that ends without a block end: each blank
    line is a new start with nothing open, and each must not scan the run again (this would
    take minutes if it did; speed itself is measured in benchmarks/)."""
    text = "\n" * 20_000 + "text [[a|b]] ''c''\n" * 20_000 + "<div>x"
    model = mk.build_markup_model_from_text(text)
    assert [x.type for x in model.lints] == ["missing-end-tag"]


def test_a_wide_table_is_built_without_its_rows_until_asked():
    text = "{| class=x\n| a || b || c || d || e || f\n|-\n| g\n|}\n"
    model = Document(text).markup
    assert [(x.type, x.params) for x in model.lints] == [
        ("large-tables", {"columns": 6, "columnsMax": mk.MAX_TABLE_COLUMNS})
    ]
    table = model.lints[0].element
    assert [type(c) for c in table.children] == [mk._Block]
    assert model.tables == [table]  # builds the rows into the same element
    assert [c.name for c in table.children] == ["tr", "tr"]
    assert all(c.parent is table for c in table.children)
    assert len(model.by_name("td")) == 7


def test_quote_balance_agrees_with_the_quote_pass():
    """_quotes_balanced answers without tokens what quote_tokens answers with them: every quote
    closed where it was opened (no zero-width token)."""
    import random

    rng = random.Random(5)
    alphabet = ["'", "'", "'", " ", "a", "l"]
    for _ in range(20_000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        expected = all(t.end > t.start for t in mk.quote_tokens(line, 0))
        assert mk._quotes_balanced(line) == expected, line


def test_heading_test_equals_the_heading_pattern() -> None:
    """``_is_heading`` (worked out from the runs of ``=``) answers what ``_HEADING_RE`` with a
    group 2 that is not blank answers, on every short line of a small alphabet and on random
    longer ones (compiled and pure)."""
    import itertools
    import random

    def by_pattern(line: str) -> bool:
        hm = mk._HEADING_RE.match(line)
        return hm is not None and len(hm.group(2).strip(mk._BLANK_CHARS)) > 0

    alphabet = "= \tx\x02"
    lines = ["".join(p) for n in range(9) for p in itertools.product(alphabet, repeat=n)]
    rng = random.Random(3)
    wide = "=====  \t\r\x02ab\u3000\u00a0"
    lines += ["".join(rng.choice(wide) for _ in range(rng.randint(0, 40))) for _ in range(20_000)]
    lines += ["=" * n + mid + "=" * m + tail for n in range(9) for m in range(9) for mid in ("", " ", "a", " a ", "\x02")
              for tail in ("", " ", "\t\x02")]
    headings = 0
    for line in lines:
        want = by_pattern(line)
        assert mk._is_heading(line) == want, repr(line)
        headings += want
    assert headings > 1000


def _night_unaware_by_the_patterns(attrs: str) -> bool:
    """The night-mode test as the three patterns alone say it (no presence tests)."""
    m = mk._STYLE_RE.search(attrs)
    if m is None:
        return False
    style = next(g for g in m.groups() if g is not None)
    return bool(style and mk._BG_RE.search(style) and not mk._FG_RE.search(style))


def test_night_unaware_presence_tests_change_nothing() -> None:
    """``_night_unaware`` asks for "style" and "background" in the lowercased text before the
    case-insensitive patterns: the same answers on tricky spellings (capitals, the Kelvin sign,
    the long s) and on every tag's attributes of a slice of the corpus."""
    import random
    import re

    pieces = ["style", "STYLE", "\u017ftyle", "=", '"', "'", " ", ";", "background", "BACK\u212aGROUND",
              "background-color", "color", "COLOR", ":", "red", "x", "id=y", "\t"]
    rng = random.Random(3)
    cases = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    cases += ['style="' + "".join(rng.choice(pieces[8:]) for _ in range(rng.randint(0, 8))) + '"' for _ in range(5_000)]
    cases += ['style="background:red"', 'style="background:red;color:blue"', "style=background:x",
              'STYLE="BACK\u212aGROUND:red"', "style=''", 'style="x" style="background:y"']
    tag = re.compile(r"<[A-Za-z][^<>]*>")
    for path in corpus_files()[::25]:
        cases += [m.group() for m in tag.finditer(read_page(path))]
    hits = 0
    for attrs in cases:
        want = _night_unaware_by_the_patterns(attrs) if "style" in attrs.lower() else False
        assert mk._night_unaware(attrs) == want, attrs
        hits += want
    assert hits > 50
