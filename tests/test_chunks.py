"""Huge pages are tokenized in pieces (bounded memory); the tree must be exactly the tree of the
whole page: same nodes, same spans, same parents, same indexes."""

from __future__ import annotations

import pytest
from mwparserfromhell.parser import CTokenizer

from wikilint import document as D
from wikilint import tree
from wikilint.document import Document

from corpus import corpus_files, read_page


def _tokenize(piece: str) -> list:
    return CTokenizer().tokenize(piece, 0, True)


def _shape(result) -> tuple:
    top, everything, index = result
    return (
        [(type(n).__name__, n.start, n.end) for n in top],
        [
            (type(n).__name__, n.start, n.end, None if n.parent is None else (n.parent.start, n.parent.end))
            for n in everything
        ],
        {kind: [(n.start, n.end) for n in nodes] for kind, nodes in index.items()},
    )


def _both(text: str, size: int) -> tuple[tuple, tuple, int]:
    whole = _shape(tree.build(_tokenize(text), text))
    pieces = list(D._chunks(text, _tokenize, size))
    chunked = _shape(tree.build_chunks(iter(pieces), text))
    return whole, chunked, len(pieces)


CASES = {
    "plain lines": "Claim.<ref>Source.</ref>\n" * 200,
    "ref spanning lines": ("a\n" * 30 + "<ref>x\n" + "y\n" * 40 + "</ref>\n") * 6,
    "template spanning lines": ("{{Infobox\n" + "| a = b\n" * 40 + "}}\n") * 5,
    "comment spanning lines": ("text\n" * 20 + "<!-- a\n" + "b\n" * 50 + "-->\n") * 5,
    "unclosed comment": "text\n" * 100 + "<!-- never closed\n" + "more\n" * 200,
    "stray tag opener": "x\n" * 50 + "<ref name=a>\n" + "y\n" * 100 + "</ref>\n" + "z\n" * 100,
    "pre with markup": ("<pre>\n<div>{{x}}\n[[y]]\n</pre>\n" + "t\n" * 30) * 8,
    "table": ("{|\n" + "|-\n| a || b\n" * 30 + "|}\n") * 5,
    "less-than in prose": "a < b and c <d\n" * 200,
    # pages on one long line are cut inside the line, right after a tag
    "refs on one line": "<ref name=a>x</ref>" + "<ref name=a/>" * 300 + "<references/>\n",
    "bracketed links on one line": "x<br>[http://a.org b<br>c] d<br>" * 60 + "\n",
    "heading on one line": "== h " + "<br>" * 200 + " ==\n" + "<br>" * 100,
    "definition on one line": ";term" + "<br>x" * 150 + ": def" + "<br>" * 50 + "\n",
    "templates on one line": "{{a|b>c}}<br>[[l|m>n]]<br>" * 60 + "\n",
    "line-start characters after tags": "<br>=x<br>*y<br>{|z<br>|w<br>-v<br>!u" * 40 + "\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_chunked_tree_equals_whole_tree(name):
    text = CASES[name]
    whole, chunked, n = _both(text, 64)
    assert chunked == whole
    if name in ("plain lines", "pre with markup", "comment spanning lines", "ref spanning lines", "refs on one line"):
        assert n > 1  # these pages do get cut


def test_unfinished_piece_is_retried_longer():
    # A <ref> opened before the first cut and closed far after it: the first piece would end
    # inside it, so it must be retried (the tree then has one whole ref tag).
    text = "intro\n" * 20 + "<ref>\n" + "body line\n" * 200 + "</ref>\n" + "tail\n" * 50
    assert text.find("\n", 150) < text.index("</ref>")  # the first cut would fall inside the ref
    pieces = list(D._chunks(text, _tokenize, 150))
    assert pieces[0][2] > text.index("</ref>")
    whole, chunked, _ = _both(text, 150)
    assert chunked == whole
    refs = [t for t in chunked[2]["tag"]]
    assert len(refs) == 1 and text[refs[0][0] : refs[0][1]].startswith("<ref>")


def test_document_uses_pieces_for_huge_pages(monkeypatch):
    text = "Claim.<ref>Source {{cite web|url=http://x.org|title=t}}.</ref> [[Link|text]]\n" * 400
    monkeypatch.setattr(D, "CHUNK_CHARS", 1000)
    calls = []
    real = D._chunks

    def spy(*args):
        for piece in real(*args):
            calls.append(piece[1:])
            yield piece

    monkeypatch.setattr(D, "_chunks", spy)
    doc = Document(text)
    assert doc.parse_error is None
    assert len(calls) > 10
    assert _shape((doc.nodes, doc.all_nodes, {k: getattr(doc, a) for k, a in _INDEX.items()})) == _shape(
        tree.build(_tokenize(text), text)
    )


_INDEX = {
    "template": "templates",
    "tag": "tags",
    "wikilink": "wikilinks",
    "external_link": "external_links",
    "heading": "headings",
    "comment": "comments",
    "text": "texts",
    "entity": "entities",
    "argument": "arguments",
}


def test_chunked_tree_equals_whole_tree_on_corpus():
    """Every 8th corpus page cut into ~1,500-character pieces gives the whole page's tree."""
    pages = corpus_files()[::8]
    if not pages:
        pytest.skip("corpus not available")
    checked = 0
    for path in pages:
        text = read_page(path)
        try:
            whole = _shape(tree.build(_tokenize(text), text))
        except tree.TreeError:
            continue
        chunked = _shape(tree.build_chunks(D._chunks(text, _tokenize, 1500), text))
        assert chunked == whole, path
        checked += 1
    assert checked > 200
