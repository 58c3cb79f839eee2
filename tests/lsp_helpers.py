"""Helpers for the language-server tests: a client side that applies edits the way an editor
does (UTF-16 positions, lines split at "\\n"), written independently of the server's code."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pygls.protocol import default_converter
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, LanguageClient, register_lsp_features

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "examples" / "en" / "Second_Battle_of_al-Qusayr.wiki"
ZH = ROOT / "examples" / "zh" / "第二次古賽爾戰鬥.wiki"
SERVER = [sys.executable, "-m", "wikilint", "server"]


def offset_at(text: str, pos: t.Position) -> int:
    """Code-point offset of a UTF-16 LSP position."""
    lines = text.split("\n")
    off = sum(len(line) + 1 for line in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, c in enumerate(line):
        if units >= pos.character:
            return off + i
        units += 2 if ord(c) > 0xFFFF else 1
    return off + len(line)


def slice_range(text: str, rng: t.Range) -> str:
    return text[offset_at(text, rng.start) : offset_at(text, rng.end)]


def apply(text: str, edits: list[t.TextEdit]) -> str:
    spans = sorted(
        ((offset_at(text, e.range.start), offset_at(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for s, e, new in spans:
        text = text[:s] + new + text[e:]
    return text


def edits_for(edit: t.WorkspaceEdit | None, uri: str) -> list[t.TextEdit]:
    assert edit is not None
    if edit.changes is not None:
        return list(edit.changes.get(uri, []))
    out: list[t.TextEdit] = []
    for change in edit.document_changes or []:
        if isinstance(change, t.TextDocumentEdit) and change.text_document.uri == uri:
            out.extend(change.edits)  # type: ignore[arg-type]
    return out


def position_of(text: str, needle: str, nth: int = 0, delta: int = 0) -> t.Position:
    """The UTF-16 position of the *nth* occurrence of *needle* (plus *delta* code points)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    prefix = text[start:at]
    return t.Position(line=line, character=len(prefix) + sum(1 for c in prefix if ord(c) > 0xFFFF))


class Page:
    """One open document in the test client, kept in sync like an editor buffer."""

    def __init__(self, client: Any, uri: str, text: str) -> None:
        self.client = client
        self.uri = uri
        self.text = text
        self.version = 1

    @classmethod
    async def open(cls, client: Any, uri: str, text: str) -> Page:
        page = cls(client, uri, text)
        if uri in client.open_uris:
            client.text_document_did_close(t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=uri)))
        client.open_uris.add(uri)
        client.diagnostics.pop(uri, None)
        client.published_version.pop(uri, None)
        client.text_document_did_open(
            t.DidOpenTextDocumentParams(
                text_document=t.TextDocumentItem(uri=uri, language_id="wikitext", version=1, text=text)
            )
        )
        await page.diagnostics()
        return page

    async def diagnostics(self, timeout: float = 60.0) -> list[t.Diagnostic]:
        """Wait until diagnostics for the current version have arrived."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            got = self.client.diagnostics.get(self.uri)
            if got is not None and self.client.published_version.get(self.uri) == self.version:
                return list(got)
            if loop.time() > deadline:
                raise AssertionError(f"no diagnostics for version {self.version} of {self.uri}")
            await asyncio.sleep(0.02)

    def change(self, edits: list[t.TextEdit]) -> None:
        """Send edits as incremental changes (in order, each against the text before it)."""
        self.version += 1
        changes = []
        for e in edits:
            changes.append(t.TextDocumentContentChangePartial(range=e.range, text=e.new_text))
            self.text = apply(self.text, [e])
        self.client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
                content_changes=changes,
            )
        )

    def apply_edit(self, edit: t.WorkspaceEdit | None) -> None:
        """Apply a workspace edit from the server the way an editor does (all at once)."""
        edits = edits_for(edit, self.uri)
        self.version += 1
        self.text = apply(self.text, edits)
        self.client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
                content_changes=[t.TextDocumentContentChangeWholeDocument(text=self.text)],
            )
        )

    def ident(self) -> t.TextDocumentIdentifier:
        return t.TextDocumentIdentifier(uri=self.uri)


def codes(diags: list[t.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diags)


def make_client() -> Any:
    """pytest-lsp's test client, also recording which version each publication was for."""
    client = LanguageClient(converter_factory=default_converter)
    client.published_version = {}  # type: ignore[attr-defined]
    client.open_uris = set()  # type: ignore[attr-defined]

    def publish(client: LanguageClient, params: t.PublishDiagnosticsParams) -> None:
        client.published_version[params.uri] = params.version
        client.diagnostics[params.uri] = params.diagnostics
        client.publications = getattr(client, "publications", 0) + 1

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    register_lsp_features(client, features)
    return client


EN_TEXT = EN.read_text(encoding="utf-8")
ZH_TEXT = ZH.read_text(encoding="utf-8")
EN_URI = EN.as_uri()
ZH_URI = ZH.as_uri()

CAPS = t.ClientCapabilities(
    workspace=t.WorkspaceClientCapabilities(
        workspace_edit=t.WorkspaceEditClientCapabilities(document_changes=True),
        configuration=False,
    ),
    text_document=t.TextDocumentClientCapabilities(
        publish_diagnostics=t.PublishDiagnosticsClientCapabilities(
            related_information=True, code_description_support=True, version_support=True,
            tag_support=t.ClientDiagnosticsTagOptions(value_set=[t.DiagnosticTag.Unnecessary, t.DiagnosticTag.Deprecated]),
        ),
        rename=t.RenameClientCapabilities(prepare_support=True),
        hover=t.HoverClientCapabilities(content_format=[t.MarkupKind.Markdown, t.MarkupKind.PlainText]),
        completion=t.CompletionClientCapabilities(
            completion_item=t.ClientCompletionItemOptions(
                documentation_format=[t.MarkupKind.Markdown, t.MarkupKind.PlainText],
                tag_support=t.CompletionItemTagOptions(value_set=[t.CompletionItemTag.Deprecated]),
            )
        ),
    ),
)


async def start(
    client: LanguageClient, options: dict | None = None, root: Path | None = None, caps: t.ClientCapabilities | None = None
) -> None:
    """initialize + initialized, with *options* as initializationOptions."""
    await client.initialize_session(
        t.InitializeParams(
            capabilities=caps or CAPS,
            root_uri=(root or ROOT).as_uri(),
            initialization_options=options if options is not None else {"debounceMs": 20},
        )
    )


async def actions_at(client: LanguageClient, page: Page, rng: t.Range, only: list[str] | None = None) -> list[t.CodeAction]:
    diags = await page.diagnostics()
    got = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=page.ident(),
            range=rng,
            context=t.CodeActionContext(
                diagnostics=[d for d in diags if d.range.start.line <= rng.end.line and rng.start.line <= d.range.end.line],
                only=only,
            ),
        )
    )
    return [a for a in got or [] if isinstance(a, t.CodeAction)]
