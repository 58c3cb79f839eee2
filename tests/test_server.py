"""The language server through a real LSP client: pytest-lsp starts ``wikilint server`` as a
subprocess and speaks LSP over its stdin/stdout. One server for this module (each test opens
its own page), on the seed example pages; tests that need other settings are in
test_server_settings.py."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_helpers import (
    EN_TEXT, EN_URI, SERVER, ZH_TEXT, ZH_URI, Page, actions_at, codes, make_client, position_of,
    slice_range, start,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def en_page(client: LanguageClient) -> Page:
    return await Page.open(client, EN_URI, EN_TEXT)


# ------------------------------------------------------------------------------ diagnostics


async def test_diagnostics_on_open_match_the_cli(client: LanguageClient):
    page = await en_page(client)
    diags = await page.diagnostics()
    assert codes(diags) == ["WL501"] * 4 + ["WL502", "WL601"]
    senior = next(d for d in diags if '"senior"' in d.message)
    # the CLI says 10:38 (1-based); LSP positions are 0-based
    assert (senior.range.start.line, senior.range.start.character) == (9, 37)
    assert slice_range(page.text, senior.range) == '<ref name="senior" />'
    assert senior.severity == t.DiagnosticSeverity.Error and senior.source == "wikilint"
    dead = next(d for d in diags if d.code == "WL601")
    assert dead.severity == t.DiagnosticSeverity.Warning
    # the code description links to the rule's own documentation
    href = senior.code_description.href
    doc = Path(urlparse(href).path).read_text(encoding="utf-8")
    assert "WL501" in doc and "undefined-named-ref" in doc and "Why is this bad?" in doc


async def test_related_locations_and_tags(client: LanguageClient):
    text = (
        'A.<ref name="a">First source.</ref> B.<ref name="a">Second source.</ref>\n'
        "C. <!-- wikilint-disable-line WL601 -->\n"
        "{{cite web |url=http://example.org |title=T |deadurl=yes}}\n"
        "== References ==\n{{Reflist}}\n"
    )
    page = await Page.open(client, "untitled:related.wiki", text)
    diags = await page.diagnostics()
    conflict = next(d for d in diags if d.code == "WL503")
    assert conflict.related_information, conflict
    rel = conflict.related_information[0]
    assert slice_range(text, rel.location.range) == '<ref name="a">'
    assert rel.location.range.start.character == 2  # the first definition, not the second
    unused = next(d for d in diags if d.code == "WL003")
    assert list(unused.tags) == [t.DiagnosticTag.Unnecessary]
    removed = [d for d in diags if d.code == "WL602"]
    assert removed and list(removed[0].tags) == [t.DiagnosticTag.Deprecated]


async def test_astral_characters_use_utf16_positions(client: LanguageClient):
    text = "\U0001f600\U0001f600 x<ref name=\"gone\" />\n"
    page = await Page.open(client, "untitled:emoji.wiki", text)
    d = next(d for d in await page.diagnostics() if d.code == "WL501")
    assert d.range.start.character == 6  # two emoji are four UTF-16 units
    assert slice_range(text, d.range) == '<ref name="gone" />'
    # only \n (and \r\n) end lines in LSP: U+2028 and form feeds are text on their line
    text = "a\u2028b\x0cc\r\nd<ref name=\"x\" />\n"
    page = await Page.open(client, "untitled:separators.wiki", text)
    at = position_of(text, "d<ref")
    assert at.line == 1
    page.change([t.TextEdit(range=t.Range(start=at, end=t.Position(line=1, character=1)), new_text="\U0001f600")])
    d = next(d for d in await page.diagnostics() if d.code == "WL501")
    assert page.text == "a\u2028b\x0cc\r\n\U0001f600<ref name=\"x\" />\n"
    assert (d.range.start.line, d.range.start.character) == (1, 2)
    assert slice_range(page.text, d.range) == '<ref name="x" />'


async def test_bad_input_never_kills_the_server(client: LanguageClient):
    nasty = "<ref name=\"\ud800x\" />" + ("{{" * 1000) + "<ref name=\"a\">" * 300 + "[[" * 1000 + "\ud800" + "<!--"
    page = await Page.open(client, "untitled:nasty.wiki", nasty)
    diags = await page.diagnostics()
    assert all(d.source == "wikilint" for d in diags)
    assert any(d.code == "WL501" and '"\ud800x"' in d.message for d in diags)  # a lone surrogate survives JSON
    # every feature still answers on the broken page
    pos = t.Position(line=0, character=10)
    await client.text_document_hover_async(t.HoverParams(text_document=page.ident(), position=pos))
    await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=page.ident()))
    await client.text_document_folding_range_async(t.FoldingRangeParams(text_document=page.ident()))
    await client.text_document_completion_async(t.CompletionParams(text_document=page.ident(), position=pos))
    await client.text_document_code_action_async(
        t.CodeActionParams(text_document=page.ident(), range=t.Range(start=pos, end=pos), context=t.CodeActionContext(diagnostics=[]))
    )
    # an edit on a position past the end, then the page becomes good again
    page.change([t.TextEdit(range=t.Range(start=t.Position(line=0, character=0), end=t.Position(line=99, character=0)), new_text="Fine.<ref name=\"x\" />\n")])
    assert "WL501" in codes(await page.diagnostics())
    assert page.text == "Fine.<ref name=\"x\" />\n"


# ------------------------------------------------------------------------------ code actions


async def test_quick_fix_repairs_the_broken_ref_tag(client: LanguageClient):
    page = await en_page(client)
    broken = next(d for d in await page.diagnostics() if d.code == "WL502")
    actions = await actions_at(client, page, broken.range)
    fixes = [a for a in actions if a.kind == t.CodeActionKind.QuickFix and a.is_preferred]
    assert len(fixes) == 1 and "WL502" in fixes[0].title
    assert fixes[0].diagnostics and fixes[0].diagnostics[0].code == "WL502"
    before = page.text
    page.apply_edit(fixes[0].edit)
    assert page.text == before.replace('430>ref name="unofficial">', '430<ref name="unofficial">', 1)
    assert "WL502" not in codes(await page.diagnostics())


async def test_disable_for_this_line(client: LanguageClient):
    page = await en_page(client)
    dead = next(d for d in await page.diagnostics() if d.code == "WL601")
    action = next(a for a in await actions_at(client, page, dead.range) if a.title == "Disable WL601 for this line")
    page.apply_edit(action.edit)
    line = page.text.split("\n")[dead.range.start.line]
    assert line.endswith("</ref><!-- wikilint-disable-line WL601 -->")  # in the infobox: no space
    diags = await page.diagnostics()
    assert codes(diags) == ["WL501"] * 4 + ["WL502"]  # gone, and the directive is not unused


async def test_disable_for_this_file_extends_an_existing_directive(client: LanguageClient):
    page = await en_page(client)
    first = next(d for d in await page.diagnostics() if d.code == "WL501")
    action = next(a for a in await actions_at(client, page, first.range) if a.title == "Disable WL501 for this file")
    page.apply_edit(action.edit)
    assert page.text.startswith("<!-- wikilint-disable-file WL501 -->\n{{Infobox")
    assert codes(await page.diagnostics()) == ["WL502", "WL601"]
    dead = next(d for d in await page.diagnostics() if d.code == "WL601")
    action = next(a for a in await actions_at(client, page, dead.range) if a.title == "Disable WL601 for this file")
    page.apply_edit(action.edit)
    assert page.text.startswith("<!-- wikilint-disable-file WL501, WL601 -->\n{{Infobox")
    assert codes(await page.diagnostics()) == ["WL502"]


# ------------------------------------------------------------------------------ references


async def test_go_to_definition_from_a_reuse(client: LanguageClient):
    page = await en_page(client)
    pos = position_of(page.text, '<ref name="lose" />', delta=12)
    got = await client.text_document_definition_async(t.DefinitionParams(text_document=page.ident(), position=pos))
    assert len(got) == 1
    target = slice_range(page.text, got[0].range)
    assert target.startswith('<ref name="lose">{{cite') and target.endswith("</ref>")
    # an undefined name has no definition
    pos = position_of(page.text, '<ref name="senior" />', delta=3)
    assert not await client.text_document_definition_async(t.DefinitionParams(text_document=page.ident(), position=pos))


async def test_find_all_references(client: LanguageClient):
    page = await en_page(client)
    pos = position_of(page.text, '<ref name="lose" />', delta=1)
    got = await client.text_document_references_async(
        t.ReferenceParams(text_document=page.ident(), position=pos, context=t.ReferenceContext(include_declaration=True))
    )
    assert [slice_range(page.text, loc.range) for loc in got] == ["lose"] * 4
    assert [loc.range.start.line for loc in got] == [11, 13, 13, 21]
    without = await client.text_document_references_async(
        t.ReferenceParams(text_document=page.ident(), position=pos, context=t.ReferenceContext(include_declaration=False))
    )
    assert len(without) == 3


async def test_rename_across_every_use(client: LanguageClient):
    page = await en_page(client)
    pos = position_of(page.text, '<ref name="lose" />', delta=12)
    prep = await client.text_document_prepare_rename_async(t.PrepareRenameParams(text_document=page.ident(), position=pos))
    assert prep.placeholder == "lose" and slice_range(page.text, prep.range) == "lose"
    edit = await client.text_document_rename_async(t.RenameParams(text_document=page.ident(), position=pos, new_name="lost battle"))
    before = page.text
    page.apply_edit(edit)
    assert page.text.count('name="lost battle"') == 4 and 'name="lose"' not in page.text
    assert page.text.replace('name="lost battle"', 'name="lose"') == before
    assert codes(await page.diagnostics()) == ["WL501"] * 4 + ["WL502", "WL601"]


async def test_rename_refuses_to_merge_two_refs(client: LanguageClient):
    page = await en_page(client)
    pos = position_of(page.text, '<ref name="lose" />', delta=12)
    for new, why in (("rules", "merge"), (" rules ", "merge"), ("123", "digits"), ("", "empty")):
        with pytest.raises(Exception, match=why):
            await client.text_document_rename_async(t.RenameParams(text_document=page.ident(), position=pos, new_name=new))


async def test_hover_on_a_reuse_shows_the_definition(client: LanguageClient):
    page = await en_page(client)
    pos = position_of(page.text, '<ref name="rules" />', delta=12)
    hover = await client.text_document_hover_async(t.HoverParams(text_document=page.ident(), position=pos))
    assert hover.contents.kind == t.MarkupKind.Markdown
    assert "used 2 times" in hover.contents.value and "defined on line 13" in hover.contents.value
    assert "The Qusayr Rules" in hover.contents.value
    pos = position_of(page.text, '<ref name="senior" />', delta=12)
    hover = await client.text_document_hover_async(t.HoverParams(text_document=page.ident(), position=pos))
    assert "Never defined" in hover.contents.value
    # outside any ref: nothing
    assert await client.text_document_hover_async(t.HoverParams(text_document=page.ident(), position=t.Position(line=0, character=3))) is None


async def test_completion_of_ref_names(client: LanguageClient):
    page = await en_page(client)
    end = position_of(page.text, "== References ==")
    page.change([t.TextEdit(range=t.Range(start=end, end=end), new_text='More.<ref name="')])
    cursor = t.Position(line=end.line, character=end.character + len('More.<ref name="'))
    got = await client.text_document_completion_async(t.CompletionParams(text_document=page.ident(), position=cursor))
    labels = [i.label for i in got.items]
    assert labels[:3] == ["bbc", "booby-trap", "senior"]
    assert {"lose", "rules", "qoussair"} <= set(labels)
    assert "unofficial" not in labels  # the broken "430>ref" is text to MediaWiki, not a ref
    bbc = got.items[0]
    assert bbc.detail.startswith("{{cite news |url=http://www.bbc.co.uk/")
    assert "Syrian army retakes key town" in bbc.documentation.value
    page.change([bbc.text_edit])
    assert 'More.<ref name="bbc== References ==' in page.text


# ------------------------------------------------------------------------------ structure


async def test_document_symbols_outline(client: LanguageClient):
    text = "Lead.\n== History ==\nx\n=== Early ===\ny\n=== Late <!-- c --> ===\nz\n== References ==\n{{Reflist}}\n"
    page = await Page.open(client, "untitled:outline.wiki", text)
    got = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=page.ident()))
    assert [s.name for s in got] == ["History", "References"]
    assert [c.name for c in got[0].children] == ["Early", "Late"]
    assert slice_range(text, got[0].range).startswith("== History ==") and slice_range(text, got[0].range).endswith("z\n")
    assert slice_range(text, got[0].selection_range) == "== History =="
    zh = await Page.open(client, ZH_URI, ZH_TEXT)
    got = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=zh.ident()))
    assert [s.name for s in got] == ["國際反應", "參考資料"]


async def test_folding_ranges(client: LanguageClient):
    page = await en_page(client)
    got = await client.text_document_folding_range_async(t.FoldingRangeParams(text_document=page.ident()))
    spans = {(r.start_line, r.end_line, r.kind) for r in got}
    # the infobox (lines 1-17; its closing braces on line 17 stay visible) and the last section
    assert (0, 15, t.FoldingRangeKind.Region) in spans
    last = len(page.text.rstrip("\n").split("\n")) - 1
    assert (23, last, t.FoldingRangeKind.Region) in spans
    text = "{|\n|a\n|}\n<!--\nnote\n-->\n== S ==\nx\n"
    other = await Page.open(client, "untitled:fold.wiki", text)
    got = await client.text_document_folding_range_async(t.FoldingRangeParams(text_document=other.ident()))
    spans = {(r.start_line, r.end_line, r.kind) for r in got}
    assert spans == {(0, 1, t.FoldingRangeKind.Region), (3, 5, t.FoldingRangeKind.Comment), (6, 7, t.FoldingRangeKind.Region)}
