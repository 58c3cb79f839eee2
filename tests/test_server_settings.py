"""Language-server tests that need their own server: settings (initializationOptions,
workspace/didChangeConfiguration, configuration files), the debounce, the zhwiki profile and
TemplateData directories. Through pytest-lsp, like test_server.py."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_helpers import (
    EN_TEXT, EN_URI, SERVER, ZH_TEXT, ZH_URI, Page, actions_at, codes, make_client, position_of,
    start,
)

pytestmark = pytest.mark.asyncio(loop_scope="function")


@pytest_lsp.fixture(scope="function", config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def en_page(client: LanguageClient, options: dict | None = None) -> Page:
    await start(client, options)
    return await Page.open(client, EN_URI, EN_TEXT)


async def test_incremental_edits_are_debounced_and_versioned(client: LanguageClient):
    page = await en_page(client, {"debounceMs": 300})
    before = client.publications
    # type a definition for "senior" one character at a time, as an editor sends it
    at = position_of(page.text, '<ref name="senior" />', delta=len('<ref name="senior"'))
    page.change([t.TextEdit(range=t.Range(start=at, end=t.Position(line=at.line, character=at.character + 3)), new_text=">")])
    typed = "Senior source.</ref>"
    col = at.character + 1
    for ch in typed:
        page.change([t.TextEdit(range=t.Range(start=t.Position(line=at.line, character=col), end=t.Position(line=at.line, character=col)), new_text=ch)])
        col += 1
    diags = await page.diagnostics()
    assert '<ref name="senior">Senior source.</ref><br />' in page.text
    assert codes(diags) == ["WL501"] * 3 + ["WL502", "WL601"]
    assert not any('"senior"' in d.message for d in diags)
    # 22 changes within the debounce delay: published once for them, not 22 times
    assert client.publications - before <= 2


async def test_fix_all_equals_the_cli_fixer(client: LanguageClient):
    from wikilint.fixer import fix_text
    from wikilint.linter import Linter, LintSettings

    await start(client, {"site": "zhwiki", "debounceMs": 0})
    page = await Page.open(client, ZH_URI, ZH_TEXT)
    before = await page.diagnostics()
    whole = t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=0))
    actions = await actions_at(client, page, whole, only=["source.fixAll"])
    assert [a.kind for a in actions] == ["source.fixAll.wikilint"]
    # the quick-fix list on one problem also offers to fix them all, and to disable the rule
    link = next(d for d in before if d.code == "WL401")
    titles = [a.title for a in await actions_at(client, page, link.range)]
    assert any(x.startswith("Fix all safely fixable") for x in titles)
    assert "Disable WL401 for this line" in titles and "Disable WL401 for this file" in titles
    page.apply_edit(actions[0].edit)
    expected = fix_text(Linter(LintSettings(site="zhwiki")), ZH_TEXT).text
    assert page.text == expected != ZH_TEXT
    after = await page.diagnostics()
    assert len(after) < len(before)
    assert not any(d.data and d.data.get("fix") == "safe" for d in after)
    # fixing again offers nothing to do
    again = await actions_at(client, page, whole, only=["source.fixAll.wikilint"])
    assert again == []


async def test_completion_of_template_parameters(client: LanguageClient, tmp_path: Path):
    td = tmp_path / "td"
    td.mkdir()
    (td / "Infobox battle.json").write_text(
        json.dumps({"params": {"conflict": {"required": True}, "date": {"suggested": True}, "place": {}, "old": {"deprecated": "use place"}}}),
        encoding="utf-8",
    )
    await start(client, {"templatedata": [str(td)]})
    text = "{{Infobox battle\n| conflict = X\n| \n}}\n{{cite web |url=http://example.org |title=T | }}\n"
    page = await Page.open(client, "untitled:td.wiki", text)
    got = await client.text_document_completion_async(t.CompletionParams(text_document=page.ident(), position=t.Position(line=2, character=2)))
    assert [i.label for i in got.items] == ["date", "place", "old"]  # conflict is used; deprecated last
    assert list(got.items[2].tags) == [t.CompletionItemTag.Deprecated]
    assert got.items[0].text_edit.new_text == "date="
    # the CS1 TemplateData shipped with wikilint
    pos = position_of(text, "| }}", delta=2)
    got = await client.text_document_completion_async(t.CompletionParams(text_document=page.ident(), position=pos))
    labels = [i.label for i in got.items]
    assert "access-date" in labels and "work" in labels
    assert "url" not in labels and "title" not in labels
    # in a value: nothing
    pos = position_of(text, "X\n")
    assert await client.text_document_completion_async(t.CompletionParams(text_document=page.ident(), position=pos)) is None


async def test_settings_from_initialization_and_configuration(client: LanguageClient):
    page = await en_page(client, {"ignore": ["WL601"], "debounceMs": 0})
    assert codes(await page.diagnostics()) == ["WL501"] * 4 + ["WL502"]
    client.workspace_did_change_configuration(t.DidChangeConfigurationParams(settings={"wikilint": {"select": ["WL502"], "ignore": []}}))
    for _ in range(3000):  # up to a minute on a busy machine; usually a few hundred ms
        if codes(client.diagnostics[page.uri]) == ["WL502"]:
            break
        await asyncio.sleep(0.02)
    assert codes(client.diagnostics[page.uri]) == ["WL502"]


async def test_configuration_file_discovery_and_bad_settings(client: LanguageClient, tmp_path: Path):
    (tmp_path / "wikilint.toml").write_text('ignore = ["WL501"]\nextend-exclude = ["archive"]\n', encoding="utf-8")
    sub = tmp_path / "drafts"
    sub.mkdir()
    f = sub / "Page.wiki"
    f.write_text(EN_TEXT, encoding="utf-8")
    # a bare client: no Markdown, no document changes in edits
    await start(client, {"select": ["WL5", "WL6", "nonsense"]}, root=tmp_path, caps=t.ClientCapabilities())
    page = await Page.open(client, f.as_uri(), EN_TEXT)
    # the unknown selector is reported to the user, and the defaults (with the file's
    # nearest configuration) are used instead of a dead server
    assert any("nonsense" in m.message for m in client.messages)
    diags = await page.diagnostics()
    assert "WL501" not in codes(diags) and "WL502" in codes(diags)
    hover = await client.text_document_hover_async(
        t.HoverParams(text_document=page.ident(), position=position_of(EN_TEXT, '<ref name="rules" />', delta=12))
    )
    assert hover.contents.kind == t.MarkupKind.PlainText
    assert "**" not in hover.contents.value and "```" not in hover.contents.value
    assert 'Reference "rules": used 2 times' in hover.contents.value
    broken = next(d for d in diags if d.code == "WL502")
    fix = next(a for a in await actions_at(client, page, broken.range) if a.is_preferred)
    assert fix.edit.document_changes is None and list(fix.edit.changes) == [page.uri]
    # a file the configuration excludes gets no diagnostics
    (tmp_path / "archive").mkdir()
    old = tmp_path / "archive" / "Old.wiki"
    old.write_text(EN_TEXT, encoding="utf-8")
    archived = await Page.open(client, old.as_uri(), EN_TEXT)
    assert await archived.diagnostics() == []
