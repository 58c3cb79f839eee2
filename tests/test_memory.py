"""Memory measures that must not change results: big pages keep one derived model at a time;
models release their reference cycles. (Peak memory itself is measured by
benchmarks/memory.py, not here.)"""

from __future__ import annotations

import gc

import pytest

from wikilint import Linter, LintSettings
from wikilint import document as document_module
from wikilint.document import Document

PAGE = (
    "Intro<ref name=a>A</ref> and <ref name=a/> and <ref name=b/>.\n"
    "{|\n| <b>cell\n|-\n| <ref>x</ref><div>open\n|}\n"
    "<references>\n<ref name=b>B</ref>\n<ref name=c>unused</ref>\n</references>\n"
    "<span>unclosed ''italic\n== H <small>s ==\n<ref>x</ref><ref>x</ref>\n"
    "{{Reflist|group=g}} <ref group=g name=d>D</ref> <font color=red>[[k]]</font>\n"
)


def _lint(page: str) -> list:
    return Linter(LintSettings()).lint(page, "p.wiki")


def test_big_page_releases_models_with_the_same_results(monkeypatch):
    normal = _lint(PAGE)
    assert {d.code[:3] for d in normal} >= {"WL1", "WL5"}  # both models have findings
    built: list[str] = []
    import wikilint.markup as markup_module
    import wikilint.refs as refs_module

    real_markup, real_refs = markup_module.build_markup_model, refs_module.build_ref_model

    def markup(doc):  # noqa: ANN001, ANN202
        built.append("markup")
        return real_markup(doc)

    def refs(doc):  # noqa: ANN001, ANN202
        built.append("refs")
        return real_refs(doc)

    monkeypatch.setattr(markup_module, "build_markup_model", markup)
    monkeypatch.setattr(refs_module, "build_ref_model", refs)
    monkeypatch.setattr(document_module, "BIG_PAGE_NODES", 5)
    assert _lint(PAGE) == normal
    # markup rules, then ref rules, then table rules: the markup model is built again
    assert built[:3] == ["markup", "refs", "markup"]
    built.clear()
    monkeypatch.setattr(document_module, "BIG_PAGE_NODES", 10**9)
    assert _lint(PAGE) == normal
    assert built == ["markup", "refs"]


def test_a_rule_that_uses_both_models_keeps_both(monkeypatch):
    monkeypatch.setattr(document_module, "BIG_PAGE_NODES", 5)
    doc = Document(PAGE)
    doc.rule_started()
    markup = doc.markup
    refs = doc.refs  # the same rule: the markup model stays
    assert doc.markup is markup and doc.refs is refs
    doc.rule_started()
    assert doc.refs is refs  # kept: only building a model releases the others
    doc.rule_started()
    assert doc.markup is markup
    doc.rule_started()
    refs.refs  # noqa: B018
    doc.rule_started()
    # a later rule asks for the reference model, which is built: nothing to release
    assert doc.refs is refs and doc.markup is markup


def test_building_one_model_releases_the_other_on_a_big_page(monkeypatch):
    monkeypatch.setattr(document_module, "BIG_PAGE_NODES", 5)
    doc = Document(PAGE)
    doc.rule_started()
    markup = doc.markup
    assert markup.elements
    doc.rule_started()
    refs = doc.refs
    assert refs.refs
    assert markup.elements == []  # released: emptied, its cycles broken
    doc.rule_started()
    again = doc.markup
    assert again is not markup and again.elements
    assert refs.refs == []  # released in turn


def test_small_page_keeps_both_models(monkeypatch):
    doc = Document(PAGE)
    assert len(doc.all_nodes) < document_module.BIG_PAGE_NODES
    doc.rule_started()
    markup = doc.markup
    doc.rule_started()
    doc.refs  # noqa: B018
    assert doc.markup is markup and markup.elements


@pytest.mark.parametrize("big", [False, True])
def test_released_models_leave_no_cycles(monkeypatch, big):
    """List-defined refs and their list point at each other: RefModel.release() breaks that, as
    MarkupModel.release() does for elements, whether a model is released early or with the
    document."""
    if big:
        monkeypatch.setattr(document_module, "BIG_PAGE_NODES", 5)
    linter = Linter(LintSettings())
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        diags = linter.lint(PAGE)
        assert diags
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_plain_refs_store_less_and_read_the_same():
    """A plain <ref> tag keeps no opener start, attribute span or template fields: they are
    computed, and equal what the preprocessor scan found; other refs keep them."""
    from wikilint.refs import scan

    text = (
        "<ref name=a>x</ref><REF name = 'b' />< ref>no</ref><ref\tgroup=g\n>y</ref>"
        "<ref/><ref>z</ref >{{#tag:ref|c|name=t}}{{sfn|Smith|2000|p=4}}{{r|a}}\n"
        "<references>\n<ref name=b>B</ref>\n</references>"
    )
    doc = Document(text, site=None)
    top = scan(text).tags
    (lst,) = [t for t in top if t.name == "references"]
    raw = {t.start: t for t in top + scan(text, lst.content_start, lst.content_end).tags if t.name == "ref"}
    refs = doc.refs.refs
    plain = [r for r in refs if not r.via_tag_function]
    assert len(plain) == len(raw) == 6
    for r in plain:
        t = raw[r.start]
        assert (r.open_start, r.open_end, r.attr_start, r.attr_end) == (t.start, t.open_end, t.attr_start, t.attr_end)
        assert r.template is None and r.via_template is None and r.text_override is None
        assert type(r._x) is str  # nothing else stored
    made = [r for r in refs if r.via_tag_function]
    assert {r.via_template for r in made} == {None, "Sfn", "R"}
    for r in made:
        assert r.template is not None and (r.attr_start, r.attr_end) == (r.template.name_end, r.template.end)
        assert r.attrs == []
    (sfn,) = [r for r in made if r.via_template == "Sfn"]
    assert sfn.text_override is not None and sfn.content(text) == sfn.text_override
    # a plain ref that gets a template field later keeps every other value
    r = plain[0]
    before = (r.open_start, r.attr_start, r.attr_end, [a.name for a in r.attrs])
    r.text_override = "T"
    assert type(r._x) is not str and r.content(text) == "T"
    assert (r.open_start, r.attr_start, r.attr_end, [a.name for a in r.attrs]) == before


def test_big_page_mode_gives_the_same_findings_on_corpus_pages(monkeypatch):
    """Releasing and rebuilding the models between rules changes no finding (every 60th page)."""
    from corpus import corpus_files, read_page

    files = corpus_files()[::60]
    if not files:
        pytest.skip("corpus not available")
    linter = Linter(LintSettings())
    normal = [linter.lint(read_page(f), str(f)) for f in files]
    assert sum(len(d) for d in normal) > 100
    monkeypatch.setattr(document_module, "BIG_PAGE_NODES", 0)
    assert [linter.lint(read_page(f), str(f)) for f in files] == normal


def test_one_item_child_sequences_read_as_tuples_of_the_same_nodes():
    doc = Document("<ref name=a>x</ref>{{t|k=v}}<ref name=b group=c/>[[l|t]]")
    ref = doc.tags[0]
    assert type(ref._attrs) is not tuple  # stored without a one-item tuple
    assert type(ref.attrs) is tuple and len(ref.attrs) == 1
    assert ref.attrs[0] is ref.attrs[0]  # the same Attribute each time
    (attr,) = ref.attrs
    assert [doc.text[n.start : n.end] for n in attr.name_nodes + attr.value_nodes] == ["name", "a"]
    assert [doc.text[n.start : n.end] for n in ref.nodes] == ["x"]
    assert len(doc.tags[1].attrs) == 2 and type(doc.tags[1]._attrs) is tuple
    assert doc.tags[1].nodes == ()
    (tpl,) = doc.templates
    (param,) = tpl.params
    assert param.template is tpl and [doc.text[n.start : n.end] for n in param.value_nodes] == ["v"]
    # children() yields the nodes in order, as before
    assert [type(n).__name__ for n in ref.children()] == ["Text", "Text", "Text", "Text"]
    # a node's child sequence can still be replaced (one item is stored as itself again)
    link = doc.wikilinks[0]
    link.nodes = (ref,)
    assert link.nodes == (ref,) and link._nodes is ref
    link.nodes = []
    assert link.nodes == []
