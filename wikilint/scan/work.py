"""What a worker does with one task: read its pages, lint each one with the same pipeline as
``wikilint check`` (:func:`wikilint.runner.process`), and return the output lines.

A task is either a multistream block (the worker reads the byte range from the dump path it
shares with the client) or a batch of pages shipped with the task. The result is plain data
(strings and numbers), in page order, so that any engine gives byte-identical output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diff import unified_diff
from ..files import Source
from ..linter import LintSettings
from ..model import Applicability
from ..reporters.json_ import diagnostic_dict
from .dump import Block, DumpError, PageRecord, read_block

__all__ = ["Filters", "Task", "TaskResult", "PageOut", "run_task", "page_filter"]


@dataclass(frozen=True)
class Filters:
    namespaces: frozenset[int] | None = frozenset({0})  # None: every namespace
    skip_redirects: bool = True
    titles: frozenset[str] | None = None


@dataclass
class Task:
    index: int
    block: Block | None = None  # multistream: read this range of ``path``
    path: str | None = None
    header: bytes = b""
    pages: list[PageRecord] | None = None  # or: these pages
    raw_pages: int = 0  # pages the reader saw for this task (before filtering), for resume


@dataclass
class PageOut:
    title: str
    line: str | None  # the JSON line (with newline) when the page has problems
    worklist: str | None = None  # the fix-worklist line, if any
    error: str | None = None


@dataclass
class TaskResult:
    index: int
    pages: list[PageOut] = field(default_factory=list)
    seen: int = 0  # pages read (before filtering)
    text_bytes: int = 0  # UTF-8 bytes of wikitext linted
    error: str | None = None  # the whole task failed (unreadable block)


def page_filter(page: PageRecord, filters: Filters) -> bool:
    if filters.namespaces is not None and page.ns not in filters.namespaces:
        return False
    if filters.skip_redirects and page.redirect is not None:
        return False
    if filters.titles is not None and page.title not in filters.titles:
        return False
    if page.text_deleted:
        return False
    return True


def page_dict(page: PageRecord, diagnostics: list[Any], error: str | None = None) -> dict[str, Any]:
    diags = []
    for d in diagnostics:
        item = diagnostic_dict(d)
        item.pop("file", None)
        diags.append(item)
    out: dict[str, Any] = {
        "title": page.title,
        "namespace": page.ns,
        "page_id": page.page_id,
        "revision_id": page.rev_id,
        "timestamp": page.timestamp,
        "diagnostics": diags,
    }
    if error:
        out["error"] = error
    return out


def lint_page(page: PageRecord, settings: LintSettings, worklist: bool) -> PageOut:
    from ..fixer import fix_text
    from ..runner import _linter_for, process

    text = page.text or ""
    source = Source(page.title, text, False, None)
    result = process(source, settings, False, False)
    line = None
    if result.diagnostics or result.error:
        line = json.dumps(page_dict(page, result.diagnostics, result.error), ensure_ascii=False) + "\n"
    wl = None
    if worklist and any(
        d.fix is not None and d.fix.applicability is Applicability.SAFE for d in result.diagnostics
    ):
        try:
            fixed = fix_text(_linter_for(settings), text, page.title, unsafe=False)
        except Exception as exc:  # noqa: BLE001 - a fix cycle is reported, the scan goes on
            fixed = None
            result.error = result.error or f"{page.title}: fix failed: {type(exc).__name__}: {exc}"
        if fixed is not None and fixed.text != text:
            wl = (
                json.dumps(
                    {
                        "title": page.title,
                        "namespace": page.ns,
                        "page_id": page.page_id,
                        "base_revision_id": page.rev_id,
                        "timestamp": page.timestamp,
                        "fixes": len(fixed.applied),
                        "diff": unified_diff(text, fixed.text, page.title),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return PageOut(page.title, line, wl, result.error)


def run_task(task: Task, settings: LintSettings, filters: Filters, worklist: bool = False) -> TaskResult:
    """Lint the pages of one task. Never raises for bad content: an unreadable block comes
    back as ``TaskResult.error``; a rule that crashes is a WL002 diagnostic of its page."""
    res = TaskResult(task.index)
    try:
        if task.block is not None:
            assert task.path is not None
            _info, pages = read_block(Path(task.path), task.block, task.header)
            records = list(pages)
        else:
            records = list(task.pages or [])
    except DumpError as exc:
        res.error = str(exc)
        return res
    res.seen = len(records) if task.block is not None else task.raw_pages
    for page in records:
        if not page_filter(page, filters):
            continue
        res.text_bytes += len((page.text or "").encode("utf-8"))
        try:
            res.pages.append(lint_page(page, settings, worklist))
        except Exception as exc:  # noqa: BLE001 - one page must not stop the scan
            msg = f"{page.title}: internal error: {type(exc).__name__}: {exc}"
            line = json.dumps(page_dict(page, [], msg), ensure_ascii=False) + "\n"
            res.pages.append(PageOut(page.title, line, None, msg))
    return res
