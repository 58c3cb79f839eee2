"""``wikilint server``: the language server over stdio (pygls 2 + lsprotocol).

A thin face: each open page is linted with the configuration the CLI would use for that file
(nearest ``wikilint.toml`` / ``pyproject.toml``, merged with the client's settings the way
command-line options are merged), by the same Linter, fixer and suppression directives.
Everything heavy runs in one worker thread, so the server keeps reading messages while a big
page is linted, and results for an outdated version of a page are never published.
"""

from __future__ import annotations

import asyncio
import logging
import re
import os
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as t
from pygls.capabilities import ServerCapabilitiesBuilder, get_capability
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..config import Config, ConfigCache, ConfigError
from ..document import Document, normalize_title
from ..fixer import fix_text
from ..linter import Linter
from ..model import Applicability, Diagnostic, Edit, Severity
from ..registry import get_registry
from ..runner import RunOptions, settings_for
from ..runner import _linter_for as linter_for
from . import features as F
from .positions import LineIndex

__all__ = ["WikilintServer", "Settings", "create_server", "main"]

log = logging.getLogger("wikilint.server")

FIX_ALL_KIND = "source.fixAll.wikilint"
REQUEST_FAILED = -32803

#: LSP tags by rule name: what an editor greys out (unnecessary) or strikes through (deprecated).
TAGS = {
    "unused-suppression": t.DiagnosticTag.Unnecessary,
    "redundant-link-text": t.DiagnosticTag.Unnecessary,
    "redundant-ref-definition": t.DiagnosticTag.Unnecessary,
    "redundant-dead-link-tag": t.DiagnosticTag.Unnecessary,
    "category-sort-key-repeats-name": t.DiagnosticTag.Unnecessary,
    "removed-citation-parameter": t.DiagnosticTag.Deprecated,
    "deprecated-template-parameter": t.DiagnosticTag.Deprecated,
}


# --------------------------------------------------------------------------------------------
# Settings


def _key(name: str) -> str:
    return re.sub(r"[-_]", "", name).lower()


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s]+", value) if v]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    raise ValueError(f"expected a list of strings, got {type(value).__name__}")


@dataclass
class Settings:
    """Client settings (initializationOptions or workspace/didChangeConfiguration, either
    directly or under a ``wikilint`` key). Keys in camelCase, kebab-case or snake_case; the
    rule keys mean what the command-line options of the same name mean."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    site: str | None = None
    unsafe_fixes: bool | None = None
    ref_sources: list[str] = field(default_factory=list)
    templatedata: list[str] = field(default_factory=list)
    config: str | None = None
    isolated: bool = False
    disable_inline_config: bool = False
    debounce: float = 0.15  # seconds ("debounceMs" in milliseconds)
    rule_docs_url: str | None = None  # "https://…/{code}" ({code}, {name}, {anchor})

    @classmethod
    def parse(cls, raw: Any, base: Settings | None = None) -> Settings:
        out = Settings(**{k: getattr(base, k) for k in cls.__dataclass_fields__}) if base else Settings()
        if raw is None:
            return out
        if not isinstance(raw, dict):
            raise ValueError("settings must be an object")
        if isinstance(raw.get("wikilint"), dict):
            raw = raw["wikilint"]
        for name, value in raw.items():
            k = _key(name)
            if k == "select":
                out.select = _list(value) if value is not None else None
            elif k == "ignore":
                out.ignore = _list(value)
            elif k == "extendselect":
                out.extend_select = _list(value)
            elif k == "site":
                out.site = str(value) if value else None
            elif k == "unsafefixes":
                out.unsafe_fixes = None if value is None else bool(value)
            elif k in ("refsources", "refsource"):
                out.ref_sources = _list(value)
            elif k == "templatedata":
                out.templatedata = _list(value)
            elif k == "config":
                out.config = str(value) if value else None
            elif k == "isolated":
                out.isolated = bool(value)
            elif k == "disableinlineconfig":
                out.disable_inline_config = bool(value)
            elif k == "debouncems":
                out.debounce = max(0.0, float(value) / 1000.0)
            elif k == "ruledocsurl":
                out.rule_docs_url = str(value) if value else None
            else:
                log.warning("unknown setting %r ignored", name)
        return out


# --------------------------------------------------------------------------------------------
# Per-document state


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if re.match(r"^/[A-Za-z]:", path):  # file:///C:/…
        path = path[1:]
    return Path(path)


@dataclass
class Analysis:
    """One version of one page, linted."""

    uri: str
    version: int | None
    text: str  # as the editor holds it (a BOM, if any, included)
    shift: int  # 1 when the text starts with a BOM (engine offsets skip it)
    lines: LineIndex
    doc: Document
    linter: Linter
    unsafe: bool
    diagnostics: list[Diagnostic]
    lsp: list[t.Diagnostic] = field(default_factory=list)

    def range(self, start: int, end: int) -> t.Range:
        s = self.lines.position(start + self.shift)
        e = self.lines.position(end + self.shift)
        return t.Range(t.Position(*s), t.Position(*e))

    def offset(self, pos: t.Position) -> int:
        return max(0, self.lines.offset(pos.line, pos.character) - self.shift)

    def text_edit(self, e: Edit) -> t.TextEdit:
        return t.TextEdit(range=self.range(e.start, e.end), new_text=e.replacement)


@dataclass
class OpenDoc:
    uri: str
    text: str
    version: int | None
    analysis: Analysis | None = None
    pending: asyncio.Task | None = None


# --------------------------------------------------------------------------------------------
# The server


class WikilintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("wikilint", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.settings = Settings()
        self.docs: dict[str, OpenDoc] = {}
        self.encoding = "utf-16"
        self.root: Path | None = None
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wikilint-lint")
        self._shown: set[str] = set()
        self._docs_dir: Path | None = None
        self._docs_urls: dict[str, str | None] = {}
        self.document_changes = False
        self.markdown_hover = False
        self.markdown_completion = False
        self.completion_tags = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.loop_thread: int | None = None

    # ------------------------------------------------------------------ messages
    def _in_loop(self, fn: Any, *args: Any) -> bool:
        """From the worker thread, hand a message to the event loop's thread; True if so."""
        loop = self.loop
        if loop is not None and threading.get_ident() != self.loop_thread:
            loop.call_soon_threadsafe(fn, *args)
            return True
        return False

    def log(self, message: str, level: t.MessageType = t.MessageType.Log) -> None:
        if self._in_loop(self.log, message, level):
            return
        try:
            self.window_log_message(t.LogMessageParams(type=level, message=message))
        except Exception:  # noqa: BLE001 - logging must never take the server down
            log.exception("cannot send a log message")

    def problem(self, message: str) -> None:
        """A configuration problem: logged, and shown once."""
        if self._in_loop(self.problem, message):
            return
        self.log(message, t.MessageType.Error)
        if message not in self._shown:
            self._shown.add(message)
            try:
                self.window_show_message(t.ShowMessageParams(type=t.MessageType.Error, message=message))
            except Exception:  # noqa: BLE001
                pass

    # ------------------------------------------------------------------ configuration
    def linter_for(self, path: Path | None, text: str | None = None) -> tuple[Linter, bool, bool]:
        """(linter, unsafe, excluded) for a file, as the CLI would configure it."""
        s = self.settings
        registry = get_registry()
        opts = RunOptions(
            select=s.select,
            ignore=list(s.ignore),
            extend_select=list(s.extend_select),
            site=s.site,
            unsafe_fixes=s.unsafe_fixes,
            ref_sources=[self._resolve(v) for v in s.ref_sources],
            templatedata=[self._resolve(v) for v in s.templatedata],
            suppressions=not s.disable_inline_config,
        )
        where = path if path is not None else (self.root or Path.cwd()) / "untitled.wiki"
        cfg: Config = Config()
        excluded = False
        # First the client's settings over the file's configuration (as command-line options
        # over the configuration); if they are bad, the configuration alone; then defaults.
        attempts = ((opts, s.config, s.isolated, "the client's settings"), (RunOptions(), None, False, "the configuration file"))
        for run_opts, explicit, isolated, what in attempts:
            try:
                configs = ConfigCache(Path(self._resolve(explicit)) if explicit else None, isolated)
                cfg = configs.for_path(where)
                cfg.validate(registry)
                excluded = path is not None and cfg.is_excluded(path)
                for key, values in (("select", run_opts.select or []), ("ignore", run_opts.ignore), ("extendSelect", run_opts.extend_select)):
                    for v in values:
                        registry.resolve(v, f"'{key}' of {what}")
                settings, unsafe = settings_for(run_opts, cfg, path, text=text)
                return linter_for(settings), unsafe, excluded
            except Exception as exc:  # noqa: BLE001 - a bad setting must not stop the server
                self.problem(f"wikilint: {_describe(exc, cfg)}; ignoring {what}")
        settings, unsafe = settings_for(RunOptions(), Config(), path, text=text)
        return linter_for(settings), unsafe, excluded

    def _resolve(self, value: str) -> str:
        if value == "git" or self.root is None or Path(value).is_absolute():
            return value
        return str(self.root / value)

    # ------------------------------------------------------------------ analysis
    def analyze(self, uri: str, text: str, version: int | None) -> Analysis:
        """Lint one version of a page (in the worker thread). Never raises."""
        path = uri_to_path(uri)
        linter, unsafe, excluded = self.linter_for(path, text)
        shift = 1 if text.startswith("\ufeff") else 0
        doc = linter.document(text, str(path) if path else uri)
        try:
            diags = [] if excluded else linter.lint_document(doc)
        except Exception as exc:  # noqa: BLE001 - a crash is a log line, not a dead server
            self.log(f"wikilint: linting {uri} failed: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", t.MessageType.Error)
            diags = []
        for d in diags:
            if d.code == "WL002":  # a rule crashed: the other rules ran; say so in the log too
                self.log(f"wikilint: {uri}: {d.message}", t.MessageType.Error)
        a = Analysis(uri, version, text, shift, LineIndex(text, self.encoding), doc, linter, unsafe, diags)
        a.lsp = [self.to_lsp(a, d) for d in diags]
        return a

    async def current(self, uri: str) -> Analysis | None:
        """The analysis of the page as the editor holds it now."""
        od = self.docs.get(uri)
        if od is None:
            return None
        if od.analysis is not None and od.analysis.version == od.version and od.analysis.text is od.text:
            return od.analysis
        text, version = od.text, od.version
        loop = asyncio.get_running_loop()
        a = await loop.run_in_executor(self.worker, self.analyze, uri, text, version)
        if uri in self.docs and self.docs[uri].text is text:
            self.docs[uri].analysis = a
            self.publish(a)
        return a

    def schedule(self, uri: str, delay: float) -> None:
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            self.loop_thread = threading.get_ident()
        od = self.docs.get(uri)
        if od is None:
            return
        if od.pending is not None and not od.pending.done():
            od.pending.cancel()
        od.pending = asyncio.ensure_future(self._lint_later(uri, od.text, delay))

    async def _lint_later(self, uri: str, text: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            od = self.docs.get(uri)
            if od is None or od.text is not text:
                return
            await self.current(uri)
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # noqa: BLE001
            self.log(f"wikilint: {uri}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", t.MessageType.Error)

    def publish(self, a: Analysis) -> None:
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=a.uri, version=a.version, diagnostics=a.lsp)
        )

    # ------------------------------------------------------------------ conversion
    def to_lsp(self, a: Analysis, d: Diagnostic) -> t.Diagnostic:
        related = [
            t.DiagnosticRelatedInformation(location=t.Location(uri=a.uri, range=a.range(r.start, r.end)), message=r.message)
            for r in d.related
        ]
        tag = TAGS.get(d.name)
        href = self.docs_url(d.code, d.name)
        data: dict[str, Any] = {"name": d.name}
        if d.fix is not None:
            data["fix"] = d.fix.applicability.label
        return t.Diagnostic(
            range=a.range(d.start, d.end),
            message=d.message,
            severity=t.DiagnosticSeverity.Error if d.severity is Severity.ERROR else t.DiagnosticSeverity.Warning,
            code=d.code,
            code_description=t.CodeDescription(href=href) if href else None,
            source="wikilint",
            related_information=related or None,
            tags=[tag] if tag is not None else None,
            data=data,
        )

    def docs_url(self, code: str, name: str) -> str | None:
        """The rule's documentation: the ``ruleDocsUrl`` setting, else a Markdown file written
        from the rule's own docs into the user's cache directory (works offline, and for
        third-party rules too)."""
        template = self.settings.rule_docs_url
        if template:
            try:
                return template.format(code=code, name=name, anchor=f"{code.lower()}-{name}")
            except (KeyError, IndexError, ValueError):
                return None
        cached = self._docs_urls.get(code)
        if cached is None:
            cached = self._docs_urls[code] = self._write_docs(code)
        return cached

    def _write_docs(self, code: str) -> str | None:
        try:
            cls = get_registry().get(code)
            if cls is None:
                return None
            if self._docs_dir is None:
                cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
                self._docs_dir = Path(cache) / "wikilint" / f"rules-{__version__}"
                self._docs_dir.mkdir(parents=True, exist_ok=True)
            target = self._docs_dir / f"{code}.md"
            from ..docs import render_rule
            from ..files import write_atomic

            write_atomic(target, render_rule(cls))  # fresh per server: the rule may have changed
            return target.as_uri()
        except Exception:  # noqa: BLE001 - no docs link is better than no diagnostic
            return None

    def workspace_edit(self, a: Analysis, edits: list[Edit]) -> t.WorkspaceEdit:
        text_edits = [a.text_edit(e) for e in sorted(edits)]
        if self.document_changes:
            return t.WorkspaceEdit(
                document_changes=[
                    t.TextDocumentEdit(
                        text_document=t.OptionalVersionedTextDocumentIdentifier(uri=a.uri, version=a.version),
                        edits=text_edits,
                    )
                ]
            )
        return t.WorkspaceEdit(changes={a.uri: text_edits})


def _describe(exc: Exception, cfg: Config) -> str:
    from ..registry import UnknownSelector

    if isinstance(exc, UnknownSelector):
        return f"unknown rule selector '{exc.selector}' in {exc.where or cfg.where}"
    if isinstance(exc, ConfigError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------------------------
# Features


def create_server() -> WikilintServer:  # noqa: C901 - one registration per feature
    server = WikilintServer()

    def guard(fn):  # noqa: ANN001, ANN202
        """Request handlers: an internal error is logged and answered with an empty result."""
        import functools

        @functools.wraps(fn)
        async def run(ls: WikilintServer, params: Any) -> Any:
            try:
                return await fn(ls, params)
            except JsonRpcException:
                raise
            except Exception as exc:  # noqa: BLE001
                ls.log(f"wikilint: {fn.__name__} failed: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", t.MessageType.Error)
                return None

        return run

    @server.feature(t.INITIALIZE)
    def initialize(ls: WikilintServer, params: t.InitializeParams) -> None:
        ls.encoding = str(ServerCapabilitiesBuilder.choose_position_encoding(params.capabilities))
        root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        if root:
            ls.root = uri_to_path(root)
        elif params.root_path:
            ls.root = Path(params.root_path)
        caps = params.capabilities
        ws = caps.workspace
        ls.document_changes = bool(ws and ws.workspace_edit and ws.workspace_edit.document_changes)
        ls.markdown_hover = t.MarkupKind.Markdown in (get_capability(caps, "text_document.hover.content_format", None) or [])
        ls.markdown_completion = t.MarkupKind.Markdown in (
            get_capability(caps, "text_document.completion.completion_item.documentation_format", None) or []
        )
        tag_support = get_capability(caps, "text_document.completion.completion_item.tag_support", None)
        ls.completion_tags = bool(tag_support and t.CompletionItemTag.Deprecated in (tag_support.value_set or []))
        try:
            ls.settings = Settings.parse(params.initialization_options)
        except (ValueError, TypeError) as exc:
            ls.problem(f"wikilint: bad initializationOptions: {exc}")

    @server.feature(t.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: WikilintServer, params: t.DidChangeConfigurationParams) -> None:
        try:
            ls.settings = Settings.parse(params.settings, ls.settings)
        except (ValueError, TypeError) as exc:
            ls.problem(f"wikilint: bad settings: {exc}")
            return
        for uri in list(ls.docs):
            ls.docs[uri].analysis = None
            ls.schedule(uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WikilintServer, params: t.DidOpenTextDocumentParams) -> None:
        td = params.text_document
        ls.docs[td.uri] = OpenDoc(td.uri, td.text, td.version)
        ls.schedule(td.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WikilintServer, params: t.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        od = ls.docs.get(uri)
        if od is None:
            return
        text = od.text
        for change in params.content_changes:
            if isinstance(change, t.TextDocumentContentChangePartial):
                idx = LineIndex(text, ls.encoding)
                s = idx.offset(change.range.start.line, change.range.start.character)
                e = idx.offset(change.range.end.line, change.range.end.character)
                text = text[:s] + change.text + text[max(s, e) :]
            else:
                text = change.text
        od.text = text
        od.version = params.text_document.version
        ls.schedule(uri, ls.settings.debounce)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: WikilintServer, params: t.DidSaveTextDocumentParams) -> None:
        # the configuration or a --ref-source file may have changed on disk
        od = ls.docs.get(params.text_document.uri)
        if od is not None:
            od.analysis = None
            ls.schedule(od.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WikilintServer, params: t.DidCloseTextDocumentParams) -> None:
        od = ls.docs.pop(params.text_document.uri, None)
        if od is not None and od.pending is not None:
            od.pending.cancel()
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    # ------------------------------------------------------------------ code actions
    @server.feature(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionOptions(
            code_action_kinds=[t.CodeActionKind.QuickFix, t.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    @guard
    async def code_action(ls: WikilintServer, params: t.CodeActionParams) -> list[t.CodeAction] | None:
        a = await ls.current(params.text_document.uri)
        if a is None:
            return None
        only = params.context.only

        def wanted(kind: str) -> bool:
            return not only or any(kind == k or kind.startswith(k + ".") for k in only)

        lo = a.offset(params.range.start)
        hi = a.offset(params.range.end)
        actions: list[t.CodeAction] = []
        if wanted(t.CodeActionKind.QuickFix):
            from ..suppress import parse_directives

            directives = parse_directives(a.doc, a.linter.registry) if a.linter.settings.suppressions else None
            for d, ld in zip(a.diagnostics, a.lsp):
                if not (d.start <= hi and lo <= d.end):
                    continue
                if d.fix is not None and d.fix.edits and d.fix.applicability >= Applicability.UNSAFE:
                    safe = d.fix.applicability is Applicability.SAFE
                    actions.append(
                        t.CodeAction(
                            title=f"{d.fix.title} ({d.code})" + ("" if safe else " [unsafe: review the result]"),
                            kind=t.CodeActionKind.QuickFix,
                            diagnostics=[ld],
                            is_preferred=safe,
                            edit=ls.workspace_edit(a, list(d.fix.edits)),
                        )
                    )
                if directives is None or d.code == "WL002":
                    continue
                line_edit = F.disable_line_edit(a.doc, d.code, d.line, directives)
                if line_edit is not None:
                    actions.append(
                        t.CodeAction(
                            title=f"Disable {d.code} for this line",
                            kind=t.CodeActionKind.QuickFix,
                            diagnostics=[ld],
                            edit=ls.workspace_edit(a, [line_edit]),
                        )
                    )
                file_edit = F.disable_file_edit(a.doc, d.code, directives)
                if file_edit is not None:
                    actions.append(
                        t.CodeAction(
                            title=f"Disable {d.code} for this file",
                            kind=t.CodeActionKind.QuickFix,
                            diagnostics=[ld],
                            edit=ls.workspace_edit(a, [file_edit]),
                        )
                    )
        want_fix_all = wanted(FIX_ALL_KIND)
        want_quick_all = wanted(t.CodeActionKind.QuickFix) and sum(
            1 for d in a.diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE
        ) > 1
        if want_fix_all or want_quick_all:
            edits = await asyncio.get_running_loop().run_in_executor(ls.worker, _fix_all_edits, a)
            if edits:
                what = "fixable" if a.unsafe else "safely fixable"
                if want_quick_all:
                    actions.append(
                        t.CodeAction(
                            title=f"Fix all {what} wikilint problems",
                            kind=t.CodeActionKind.QuickFix,
                            edit=ls.workspace_edit(a, edits),
                        )
                    )
                if want_fix_all:
                    actions.append(
                        t.CodeAction(
                            title=f"Fix all {what} wikilint problems",
                            kind=FIX_ALL_KIND,
                            edit=ls.workspace_edit(a, edits),
                        )
                    )
        return actions

    # ------------------------------------------------------------------ references
    async def target(ls: WikilintServer, params: Any) -> tuple[Analysis, F.RefTarget] | None:
        a = await ls.current(params.text_document.uri)
        if a is None:
            return None
        if a.doc.parse_error:
            return None
        tg = F.target_at(a.doc, a.offset(params.position))
        return (a, tg) if tg is not None else None

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @guard
    async def definition(ls: WikilintServer, params: t.DefinitionParams) -> list[t.Location] | None:
        hit = await target(ls, params)
        if hit is None:
            return None
        a, tg = hit
        defs = F.definitions(a.doc, tg.group, tg.name)
        return [t.Location(uri=a.uri, range=a.range(r.open_start, r.end)) for r in defs] or None

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @guard
    async def references(ls: WikilintServer, params: t.ReferenceParams) -> list[t.Location] | None:
        hit = await target(ls, params)
        if hit is None:
            return None
        a, tg = hit
        text = a.doc.text
        out = []
        for use in F.uses(a.doc, tg.group, tg.name):
            r = use.ref
            if not params.context.include_declaration and r.name == tg.name and r.has_text(text):
                continue
            out.append(t.Location(uri=a.uri, range=a.range(use.start, use.end)))
        return out

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    @guard
    async def prepare_rename(ls: WikilintServer, params: t.PrepareRenameParams) -> Any:
        hit = await target(ls, params)
        if hit is None:
            return None
        a, tg = hit
        if not tg.exact:
            raise JsonRpcException(f'The name "{tg.name}" is made by a template, not written out', code=REQUEST_FAILED)
        return t.PrepareRenamePlaceholder(range=a.range(tg.start, tg.end), placeholder=tg.name)

    @server.feature(t.TEXT_DOCUMENT_RENAME, t.RenameOptions(prepare_provider=True))
    @guard
    async def rename(ls: WikilintServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
        hit = await target(ls, params)
        if hit is None:
            raise JsonRpcException("No named reference here to rename", code=REQUEST_FAILED)
        a, tg = hit
        try:
            edits = F.rename_edits(a.doc, tg, params.new_name)
        except F.RenameError as exc:
            raise JsonRpcException(str(exc), code=REQUEST_FAILED) from None
        return ls.workspace_edit(a, edits)

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @guard
    async def hover(ls: WikilintServer, params: t.HoverParams) -> t.Hover | None:
        hit = await target(ls, params)
        if hit is None:
            return None
        a, tg = hit
        value = F.hover_text(a.doc, tg)
        if not ls.markdown_hover:
            value = F.plain(value)
        return t.Hover(
            contents=t.MarkupContent(kind=t.MarkupKind.Markdown if ls.markdown_hover else t.MarkupKind.PlainText, value=value),
            range=a.range(tg.start, tg.end),
        )

    # ------------------------------------------------------------------ completion
    @server.feature(
        t.TEXT_DOCUMENT_COMPLETION,
        t.CompletionOptions(trigger_characters=['"', "'", "=", "|"]),
    )
    @guard
    async def completion(ls: WikilintServer, params: t.CompletionParams) -> t.CompletionList | None:
        od = ls.docs.get(params.text_document.uri)
        if od is None:
            return None
        # The context comes from the text as typed; names come from the last analysis (the
        # page being typed into is usually not well-formed yet).
        idx = LineIndex(od.text, ls.encoding)
        offset = idx.offset(params.position.line, params.position.character)
        text = od.text
        a = od.analysis or await ls.current(od.uri)
        if a is None:
            return None

        def rng(s: int) -> t.Range:
            return t.Range(t.Position(*idx.position(s)), t.Position(*idx.position(offset)))

        ctx = F.ref_name_context(text, offset)
        if ctx is not None:
            items = []
            for i, (name, content) in enumerate(F.ref_name_items(a.doc, ctx.group)):
                insert = name if ctx.quote else f'"{name}"'
                items.append(
                    t.CompletionItem(
                        label=name,
                        kind=t.CompletionItemKind.Reference,
                        detail=(content[:80] + "…") if len(content) > 80 else (content or "(never defined)"),
                        documentation=(
                            t.MarkupContent(kind=t.MarkupKind.Markdown, value=f"```wikitext\n{content}\n```")
                            if ls.markdown_completion
                            else t.MarkupContent(kind=t.MarkupKind.PlainText, value=content)
                        )
                        if content
                        else None,
                        sort_text=f"{i:05d}",
                        text_edit=t.TextEdit(range=rng(ctx.start), new_text=insert),
                    )
                )
            return t.CompletionList(is_incomplete=False, items=items)
        tctx = F.template_context(text, offset)
        if tctx is None:
            return None
        from ..templatedata import TemplateDataError, templatedata_for

        probe = SimpleNamespace(options=a.linter.settings.doc_options, site=a.linter.site)
        try:
            tds = templatedata_for(probe)  # type: ignore[arg-type]
        except (TemplateDataError, OSError) as exc:
            ls.problem(f"wikilint: TemplateData: {exc}")
            return None
        name = tctx.name
        if ":" in name:
            name = name.split(":", 1)[1]
        info = tds.get(normalize_title(name), a.linter.site)
        if info is None:
            return None
        items = []
        for i, (pname, spec) in enumerate(F.template_param_items(info, tctx.used)):
            flags = [w for w, on in (("required", spec.required), ("suggested", spec.suggested)) if on]
            if spec.deprecated:
                flags.append("deprecated" + (f": {spec.deprecated}" if isinstance(spec.deprecated, str) else ""))
            detail = " · ".join(x for x in (spec.label, spec.type if spec.type != "unknown" else "", ", ".join(flags)) if x)
            items.append(
                t.CompletionItem(
                    label=pname,
                    kind=t.CompletionItemKind.Property,
                    detail=detail or None,
                    tags=[t.CompletionItemTag.Deprecated] if spec.deprecated and ls.completion_tags else None,
                    sort_text=f"{i:05d}",
                    filter_text=pname,
                    text_edit=t.TextEdit(range=rng(tctx.start), new_text=f"{pname}="),
                )
            )
        return t.CompletionList(is_incomplete=False, items=items)

    # ------------------------------------------------------------------ structure
    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guard
    async def document_symbol(ls: WikilintServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol] | None:
        a = await ls.current(params.text_document.uri)
        if a is None:
            return None

        def conv(s: F.Section) -> t.DocumentSymbol:
            return t.DocumentSymbol(
                name=s.title,
                detail="=" * s.level,
                kind=t.SymbolKind.Namespace if s.level <= 2 else t.SymbolKind.Module,
                range=a.range(s.start, s.end),
                selection_range=a.range(s.start, s.heading_end),
                children=[conv(c) for c in s.children],
            )

        return [conv(s) for s in F.outline(a.doc)]

    @server.feature(t.TEXT_DOCUMENT_FOLDING_RANGE)
    @guard
    async def folding_range(ls: WikilintServer, params: t.FoldingRangeParams) -> list[t.FoldingRange] | None:
        a = await ls.current(params.text_document.uri)
        if a is None:
            return None
        out = []
        seen = set()
        for s, e, kind in F.folding(a.doc):
            sl = a.lines.position(s + a.shift)[0]
            el = a.lines.position(e + a.shift)[0]
            if kind == "region" and el > sl:
                last = a.lines.text[a.lines.starts[el] : a.lines.line_end(el)].lstrip()
                if last.startswith(("}}", "|}")):
                    el -= 1  # keep the closing braces visible
            if el <= sl or (sl, el) in seen:
                continue
            seen.add((sl, el))
            out.append(
                t.FoldingRange(
                    start_line=sl,
                    end_line=el,
                    kind=t.FoldingRangeKind.Comment if kind == "comment" else t.FoldingRangeKind.Region,
                )
            )
        return out

    @server.feature(t.SHUTDOWN)
    def shutdown(ls: WikilintServer, params: Any) -> None:
        for od in ls.docs.values():
            if od.pending is not None:
                od.pending.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def _fix_all_edits(a: Analysis) -> list[Edit]:
    """The fixer's fixed point for the page, as small edits on the page (worker thread)."""
    result = fix_text(a.linter, a.doc.text, a.doc.path, unsafe=a.unsafe)
    return F.text_edits(a.doc.text, result.text)


def main() -> None:
    """Serve over stdio until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="wikilint server: %(message)s")
    create_server().start_io()
