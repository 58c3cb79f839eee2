"""The span tree: every node's span slices back to the text mwparserfromhell gives it."""

import collections

import mwparserfromhell
import pytest
from mwparserfromhell import nodes as N

from wikilint.document import Document, normalize_title

from corpus import corpus_files, read_page

KIND = {
    N.Template: "template",
    N.Wikilink: "wikilink",
    N.ExternalLink: "external_link",
    N.Tag: "tag",
    N.Heading: "heading",
    N.Comment: "comment",
    N.HTMLEntity: "entity",
    N.Argument: "argument",
}

SAMPLES = [
    "plain text",
    "{{a|b|c=d|e = f }}",
    "{{a|b==}}",
    "{{{1|{{{2|x}}}}}}",
    "[[A|b]] [[C]] [http://x.org t] http://bare.example/ [http://x.org]",
    "== H ==\ntext\n=== H3 ===",
    "<!-- c --> &amp; &#123; &#x7B;",
    '<ref name="a b">x</ref><ref name=c/><ref name = "sp" >Body</ref >',
    "{|\n|+ style=\"x\"| Cap\n|-style=\"b\"\n! 1962\n|}",
    "* a\n# b\n; c : d\n----\n",
    "<ref name='x' name=\"y\"/><br><br/></br>",
    "{{flagicon image<!-- x -->|Foo.svg}}",
    "<nowiki><ref>not</ref></nowiki><pre>{{x}}</pre>",
    "{{#tag:ref|body|name=n}}",
    "text\r\nmore {{t|a\r\n=b}}\r\n",
    "{{Infobox|x=1<ref name=a>{{cite|t=|u=}}</ref>|y=2}}",
]


def node_multiset(text):
    doc = Document(text)
    assert doc.parse_error is None, doc.parse_error
    mine = collections.Counter((n.kind, text[n.start : n.end]) for n in doc.all_nodes if n.kind != "text")
    theirs = collections.Counter()
    for n in mwparserfromhell.parse(text, skip_style_tags=True).filter(recursive=True):
        kind = KIND.get(type(n))
        if kind:
            theirs[(kind, str(n))] += 1
    return doc, mine, theirs


@pytest.mark.parametrize("text", SAMPLES)
def test_spans_match_mwparserfromhell(text):
    doc, mine, theirs = node_multiset(text)
    assert mine == theirs
    # Text nodes and top-level nodes tile the page exactly.
    pos = 0
    for node in doc.nodes:
        assert node.start == pos
        pos = node.end
    assert pos == len(text)


def test_template_parts():
    text = "{{ cite web |url=http://x |title= T |2}}"
    doc = Document(text)
    (tpl,) = doc.templates
    assert text[tpl.name_start : tpl.name_end] == " cite web "
    assert doc.template_name(tpl) == "Cite web"
    keys = [doc.param_key(p) for p in tpl.params]
    assert keys == ["url", "title", "1"]
    assert [doc.param_value(p) for p in tpl.params] == ["http://x ", " T ", "2"]
    assert text[tpl.params[0].key_start : tpl.params[0].key_end] == "url"


def test_tag_parts_and_attributes():
    text = 'x<ref name = "a b" group=g>Body</ref>'
    doc = Document(text)
    (tag,) = doc.tags
    assert tag.name == "ref"
    assert doc.contents(tag) == "Body"
    assert [doc.attr_name(a) for a in tag.attrs] == ["name", "group"]
    assert [doc.attr_value(a) for a in tag.attrs] == ["a b", "g"]
    assert tag.attrs[0].quote == '"'
    assert text[tag.opener_end - 1] == ">"


def test_link_parts():
    text = "[[Target|shown]] [http://e.org label]"
    doc = Document(text)
    (wl,) = doc.wikilinks
    assert text[wl.title_start : wl.title_end] == "Target"
    assert text[wl.text_start : wl.text_end] == "shown"
    (el,) = doc.external_links
    assert text[el.url_start : el.url_end] == "http://e.org"
    assert text[el.title_start : el.title_end] == "label"


def test_parents():
    doc = Document("{{a|x=<ref>[[L]]</ref>}}")
    (link,) = doc.wikilinks
    kinds = [a.kind for a in link.ancestors()]
    assert kinds == ["tag", "template"]
    assert doc.inside_tag(link, "ref") is doc.tags[0]


def test_line_col_counts_code_points():
    doc = Document("ab\n𝒳y{{t}}\r\nz")
    tpl = doc.templates[0]
    assert doc.line_col(tpl.start) == (2, 3)
    assert doc.line_col(len(doc.text) - 1) == (3, 1)
    assert doc.line_text(2) == "𝒳y{{t}}"


def test_bom_is_removed():
    doc = Document("\ufeff== H ==\n")
    assert doc.headings and doc.headings[0].start == 0


def test_deep_nesting_is_a_parse_failure_not_a_crash():
    text = "{{a|" * 3000 + "x" + "}}" * 3000
    doc = Document(text)  # must not raise
    assert doc.parse_error is None or "Error" in doc.parse_error


def test_normalize_title():
    assert normalize_title(" dead_link ") == "Dead link"
    assert normalize_title("dead<!-- c -->  link") == "Dead link"
    assert normalize_title("死链") == "死链"


FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason="corpus ../shared/corpora/pages not present")
def test_corpus_spans_match_mwparserfromhell():
    bad = []
    for path in FILES:
        text = read_page(path)
        doc, mine, theirs = node_multiset(text)
        if mine != theirs:
            bad.append(str(path))
    assert not bad, f"{len(bad)} pages with span mismatches, e.g. {bad[:3]}"


@pytest.mark.parametrize("text", ["<ref>" * 20000, "<span x=1>" * 9000])
def test_unclosed_tags_are_masked_for_the_tokenizer_and_parsed(text):
    """Tokenizing these would take 10-30 s (quadratic retries): their unclosed openers are
    masked for the tokenizer, which then takes them as text at once (linear)."""
    doc = Document(text)
    assert doc.parse_error is None
    assert [type(n).__name__ for n in doc.nodes] == ["Text"]
    assert doc.nodes[0].span == (0, len(text))


@pytest.mark.parametrize("text", ["<!--" * 12000, "[http://x " * 10000])
def test_quadratic_tokenizer_input_is_refused_quickly(text):
    """Tokenizing these would take 10-30 s (quadratic retries); the page is refused instead."""
    from wikilint import Linter, LintSettings

    doc = Document(text)
    assert doc.parse_error and "quadratic" in doc.parse_error
    assert doc.all_nodes == []
    diags = Linter(LintSettings(select=["WL001"])).lint(text)
    assert [d.code for d in diags] == ["WL001"]


def test_many_closed_tags_are_still_parsed():
    text = "x<ref>a</ref>" * 20000
    doc = Document(text)
    assert doc.parse_error is None
    assert len(doc.tags) == 20000


def test_consuming_build_gives_the_same_tree_and_empties_the_token_list():
    # Document lets the builder free each token as it reads it (consume=True); the tree must be
    # the one a non-consuming build gives, and no token may be left alive in the list.
    from mwparserfromhell.parser._tokenizer import CTokenizer

    from wikilint import tree

    def shape(built):
        top, everything, index = built
        return (
            [(type(n).__name__, n.start, n.end, everything.index(n.parent) if n.parent is not None else -1)
             for n in everything],
            [everything.index(n) for n in top],
            {kind: [everything.index(n) for n in nodes] for kind, nodes in index.items()},
        )

    for path in corpus_files()[::97]:
        text = read_page(path)
        keep = CTokenizer().tokenize(text, 0, True)
        eaten = CTokenizer().tokenize(text, 0, True)
        assert shape(tree.build(eaten, text, consume=True)) == shape(tree.build(keep, text)), path.name
        assert keep and all(t is not None for t in keep)
        assert eaten == [], path.name
