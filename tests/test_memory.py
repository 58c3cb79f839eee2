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
