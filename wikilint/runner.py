"""Lint or fix many files: per-file settings from config + command line, optional parallel
worker processes, results in a stable (input) order."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config
from .diff import unified_diff
from .files import InputError, Source, read_source
from .fixer import FixCycleError, fix_text
from .linter import Linter, LintSettings
from .model import Diagnostic, Severity

__all__ = ["RunOptions", "FileResult", "run", "settings_for"]


@dataclass
class RunOptions:
    """Command-line choices; ``None`` means "take it from the config"."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    site: str | None = None
    unsafe_fixes: bool | None = None
    ref_sources: list[str] = field(default_factory=list)
    templatedata: list[str] = field(default_factory=list)
    fix: bool = False
    diff: bool = False
    jobs: int = 1
    suppressions: bool = True


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    original: str = ""  # with BOM, as read
    fixed: str | None = None  # with BOM; None when not fixing or unchanged
    fixed_count: int = 0
    applied_codes: list[str] = field(default_factory=list)  # codes of the applied fixes, in order
    error: str | None = None  # an internal error for this file (exit 2)
    source: Source | None = None

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.fixed != self.original

    def diff(self) -> str:
        if not self.changed:
            return ""
        return unified_diff(self.original, self.fixed or "", self.path)


def available_cpus() -> int:
    """Cores this process may run on (respects CPU affinity, e.g. in containers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _read_ref_source(value: str) -> tuple[str, str]:
    src = read_source(Path(value))
    return (value, src.text)


def settings_for(opts: RunOptions, cfg: Config, path: Path | None) -> tuple[LintSettings, bool]:
    """Merge command line and configuration into LintSettings; returns (settings, unsafe)."""
    ignore = list(cfg.ignore) + list(opts.ignore)
    if path is not None:
        ignore += cfg.ignores_for(path)
    select = opts.select if opts.select is not None else cfg.select
    ref_values = list(cfg.ref_sources) + list(opts.ref_sources)
    doc_options: dict[str, Any] = {}
    sources = []
    for value in dict.fromkeys(ref_values):
        if value == "git":
            doc_options["ref_source_git"] = True
        else:
            sources.append(_read_ref_source(value))
    if sources:
        doc_options["ref_sources"] = sources
    td = list(dict.fromkeys(list(cfg.templatedata) + list(opts.templatedata)))
    if td:
        doc_options["templatedata_dirs"] = td
    settings = LintSettings(
        select=select,
        ignore=ignore,
        extend_select=list(cfg.extend_select) + list(opts.extend_select),
        site=opts.site or cfg.site or "enwiki",
        severities=dict(cfg.severities),
        rule_options=dict(cfg.rule_options),
        doc_options=doc_options,
        suppressions=opts.suppressions,
    )
    unsafe = opts.unsafe_fixes if opts.unsafe_fixes is not None else bool(cfg.unsafe_fixes)
    return settings, unsafe


_LINTERS: dict[Any, Linter] = {}


def _linter_for(settings: LintSettings) -> Linter:
    key = repr(settings)
    linter = _LINTERS.get(key)
    if linter is None:
        linter = Linter(settings)
        _LINTERS[key] = linter
    return linter


def process(source: Source, settings: LintSettings, unsafe: bool, fix: bool) -> FileResult:
    """Lint (and optionally fix) one source. Never raises for content problems."""
    linter = _linter_for(settings)
    original = source.with_text(source.text)
    result = FileResult(path=source.path, original=original, source=source)
    try:
        if fix:
            fixed = fix_text(linter, source.text, source.path, unsafe=unsafe)
            result.diagnostics = fixed.remaining
            result.fixed_count = len(fixed.applied)
            result.applied_codes = [d.code for d in fixed.applied]
            if fixed.text != source.text:
                result.fixed = source.with_text(fixed.text)
        else:
            result.diagnostics = linter.lint(source.text, source.path)
    except FixCycleError as exc:
        result.error = str(exc)
        result.diagnostics = linter.lint(source.text, source.path)
    except RecursionError:
        result.error = f"{source.path}: internal error: recursion too deep"
    return result


def _work(args: tuple[Source, LintSettings, bool, bool]) -> FileResult:
    """Worker side: the parent already has the source text, so do not send it back."""
    result = process(*args)
    result.original = ""
    result.source = None
    return result


def run(
    jobs: list[tuple[Source, LintSettings, bool]],
    fix: bool,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Process (source, settings, unsafe) jobs; results in the same order as *jobs*."""
    if workers <= 1 or len(jobs) < 2:
        out = []
        for job in jobs:
            out.append(process(job[0], job[1], job[2], fix))
            if progress:
                progress(1)
        return out
    workers = min(workers, len(jobs), available_cpus()) or 1
    results: list[FileResult] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(16, len(jobs) // (workers * 8) or 1))
        for job, res in zip(jobs, pool.map(_work, [(s, st, u, fix) for s, st, u in jobs], chunksize=chunk)):
            res.source = job[0]
            res.original = job[0].with_text(job[0].text)
            results.append(res)
            if progress:
                progress(1)
    return results


def count(results: Sequence[FileResult]) -> tuple[int, int]:
    errors = sum(1 for r in results for d in r.diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for r in results for d in r.diagnostics if d.severity is Severity.WARNING)
    return errors, warnings


__all__ += ["InputError", "process", "count"]
