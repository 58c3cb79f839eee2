"""Tag openers the tokenizer certainly fails on (no closing tag of their name after them) are
masked before tokenizing, so that the tokenizer does not try each of them to the end of the page.
The tree must be exactly the tree of the page as it is: every node, every field, every index."""

from __future__ import annotations

import random

import pytest

from wikilint import document as D
from wikilint.document import Document

from corpus import corpus_files, read_page

_CHILD_SLOTS = {
    "parent",
    "template",
    "_nodes",
    "_params",
    "_attrs",
    "_name_nodes",
    "_tag_nodes",
    "_key_nodes",
    "_value_nodes",
}


def _fields(node: object) -> tuple:
    out: list = [type(node).__name__]
    for cls in type(node).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if slot in _CHILD_SLOTS:
                continue
            out.append((slot, getattr(node, slot, "-")))
    parent = getattr(node, "parent", None)
    out.append(("parent", None if parent is None else (type(parent).__name__, parent.start)))
    return tuple(out)


def _tree(doc: Document) -> tuple:
    return (
        doc.parse_error,
        [_fields(n) for n in doc.all_nodes],
        [(type(n).__name__, n.start) for n in doc.nodes],
        [
            [(n.start, n.end) for n in nodes]
            for nodes in (
                doc.templates,
                doc.tags,
                doc.wikilinks,
                doc.external_links,
                doc.headings,
                doc.comments,
                doc.texts,
                doc.entities,
                doc.arguments,
            )
        ],
        [[_fields(a) for a in t.attrs] for t in doc.tags],
        [[_fields(p) for p in t.params] for t in doc.templates],
    )


def _masked_and_plain(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple, tuple]:
    monkeypatch.setattr(D, "MASK_FAILING_TAGS", True)
    masked = _tree(Document(text))
    monkeypatch.setattr(D, "MASK_FAILING_TAGS", False)
    plain = _tree(Document(text))
    return masked, plain


def test_failing_tags_found() -> None:
    text = "a <small>b</small> <small>c [[d]] <div class=x>e <br> <li>f <ref name=r/> <span>g"
    got = [text[p : p + 6] for p in D._failing_tags(text)]
    # the second <small> has no closer after it; <div> and <span> none at all; <br>, <li> end
    # by themselves, <ref …/> closes itself
    assert got == ["<small", "<div c", "<span>"]
    assert D._failing_tags("<SMALL>x</small>") == []  # names compare lowercased
    assert D._failing_tags("<ref>x</ref >") == []  # a closing tag may end in spaces
    assert D._failing_tags("<ref name='a>b'>x") == []  # quoted ">": the opener may end elsewhere
    assert D._failing_tags("<ref name={{a}}>x") == []  # nested: idem
    assert D._failing_tags("<ref name=a />x") == []
    assert D._failing_tags("a < b <2.5) c") == [6]  # a name the tokenizer reads: tried, fails
    assert D._failing_tags("no tags at all") == []


# Where a "<" is more than a failed tag (it ends a URL, fails a link title or a template name),
# the masked tree differs from the page's: the Document must notice and tokenize the page as it is.
MATTERS = {
    "template name": "{{foo<b|x}} y",
    "link title": "[[a<b|c]] y",
    "bracketed URL": "[http://x.org/<b> t] y",
    "free URL": "see http://x.org/<b> y",
    "argument name": "{{{a<b|c}}} y",
}


@pytest.mark.parametrize("name", sorted(MATTERS))
def test_mask_that_matters_falls_back_to_the_page(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MATTERS[name]
    offsets = D._failing_tags(text)
    assert offsets, "the case must have a failing tag to mask"
    masked_text = D._masked_at(text, offsets)
    _, _, index = D._parse(masked_text, text)
    assert D._mask_matters(index, offsets)
    masked, plain = _masked_and_plain(text, monkeypatch)
    assert masked == plain


CASES = {
    "unclosed in prose": "a <small>b [[c]] {{d|e}}\n== h ==\nf <ref>g</ref>\n",
    "unclosed among closed": "<small>a</small> <small>b [[c]] <small>d</small>\n" * 3,
    "in a template value": "{{t|a=<span>b|c}} d",
    "in a link text": "[[a|b <span>c]] d",
    "in a bracketed link title": "[http://x.org a <span>b] c",
    "in a heading": "== a <span>b ==\nc",
    "in a table": "{|\n|-\n| a <span>b || c\n|}\n",
    "in table cell attributes": '{|\n| style="x" <span> | a\n|}\n',
    "in a tag's attributes": "<div title=a <span> b>c</div>",
    "in a comment": "a <!-- <span> --> b",
    "in nowiki": "a <nowiki><span></nowiki> b",
    "in a closing tag": "<ref>a</ref <span>> b",
    "after a tag name": "<ref<span>a</ref> b",
    "before a free link": "<http://x.org> and <mailto:a@b.c>",
    "entity-like": "&<span>amp; b",
    "numbers": "1 <2.5) and 3 <4 x>",
    "non-ASCII names": "<ΑΣ>a <ΑΣ'Β> b <İx> c",
    "nested unclosed": "<div>a <div>b </div> c",
    "blacklisted body": "<nowiki>a <b> c",
    "many": "<b>x " * 50 + "<i>y</i>",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_masked_tree_equals_page_tree(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = CASES[name]
    masked, plain = _masked_and_plain(text, monkeypatch)
    assert masked == plain


_PIECES = [
    "<small>",
    "</small>",
    "<ref>",
    "</ref>",
    "<ref name=x/>",
    "<br>",
    "<b>",
    "</b>",
    '<div class="a">',
    "</div>",
    "<2.5)",
    "<span",
    "{{t|",
    "}}",
    "{{",
    "{{{",
    "}}}",
    "[[",
    "]]",
    "|",
    "[http://x.org ",
    "]",
    "http://y.org/",
    " ",
    "\n",
    "text",
    "=",
    "== ",
    "{|",
    "|-",
    "|}",
    "<!--",
    "-->",
    "<nowiki>",
    "</nowiki>",
    "&amp;",
    "'",
    '"',
    ">",
    "<",
    "</",
    ":",
    "*",
    "#",
    ";",
    "/>",
    "&",
    "<pre>",
    "</pre>",
]


def test_masked_tree_equals_page_tree_on_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261201)
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(3, 40)))
        if not D._failing_tags(text):
            continue
        checked += 1
        masked, plain = _masked_and_plain(text, monkeypatch)
        assert masked == plain, text
    assert checked > 1000


def test_masked_tree_equals_page_tree_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    files = corpus_files()
    if not files:
        pytest.skip("the shared corpus is not available")
    checked = 0
    for path in files:
        text = read_page(path)
        if len(text) > 2 * D.CHUNK_CHARS or not D._failing_tags(text):
            continue
        checked += 1
        masked, plain = _masked_and_plain(text, monkeypatch)
        assert masked == plain, path.name
    assert checked >= 20
