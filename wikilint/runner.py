"""Lint or fix many files: per-file settings from config + command line, optional parallel
worker processes, results in a stable (input) order."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import Config
from .diff import unified_diff
from .files import InputError, Source, read_source
from .fixer import fix_text
from .linter import Linter, LintSettings
from .model import Diagnostic, Severity

__all__ = ["RunOptions", "FileResult", "FileJob", "run", "settings_for", "site_for", "site_is_auto", "unreadable"]


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
    notes: list[str] = field(default_factory=list)  # fixes not applied, with rule and reason
    source: Source | None = None

    written: bool = False  # the fixed text was written to the file
    write_error: str | None = None  # the fixed text could not be written (exit 2)
    site: str | None = None  # the site profile the file was linted with
    site_reason: str | None = None  # why, when it was recognised from the text (site = auto)
    settings: LintSettings | None = None  # the settings it was linted with (main process only)

    @property
    def changed(self) -> bool:
        return self.written or (self.fixed is not None and self.fixed != self.original)

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


AUTO_SITE = "auto"


def site_is_auto(opts: RunOptions, cfg: Config) -> bool:
    """Whether :func:`site_for` recognises the site from each page's text (nothing chose one)."""
    if opts.site and opts.site != AUTO_SITE:
        return False
    return not (cfg.site and cfg.site != AUTO_SITE and not opts.site)


def site_for(opts: RunOptions, cfg: Config, path: Path | None = None, text: str | None = None) -> tuple[str, str]:
    """The site profile for one input and why: ``--site``, else the config's ``site``, else
    ``auto`` — recognised from the page itself (:mod:`wikilint.sites.detect`), falling back to
    the neutral ``default`` profile where no site-specific fix runs."""
    if opts.site and opts.site != AUTO_SITE:
        return opts.site, "--site"
    if cfg.site and cfg.site != AUTO_SITE and not opts.site:
        return cfg.site, f"'site' in {cfg.where}"
    from .sites.detect import NEUTRAL, detect_site

    if text is None:
        return NEUTRAL, "auto: no text to recognise; neutral profile"
    guess = detect_site(text)
    return guess.site, guess.reason


def settings_for(
    opts: RunOptions, cfg: Config, path: Path | None, text: str | None = None
) -> tuple[LintSettings, bool]:
    """Merge command line and configuration into LintSettings; returns (settings, unsafe).
    *text* is the input's text, for ``site = "auto"`` (the default)."""
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
        site=site_for(opts, cfg, path, text)[0],
        severities=dict(cfg.severities),
        rule_options=dict(cfg.rule_options),
        doc_options=doc_options,
        suppressions=opts.suppressions,
    )
    unsafe = opts.unsafe_fixes if opts.unsafe_fixes is not None else bool(cfg.unsafe_fixes)
    return settings, unsafe


@dataclass
class FileJob:
    """One input of a run, read only when its turn comes: a run over many files holds one
    file's text at a time (plus those a report needs), not every text at once.

    Either *path* (a file to read) or *source* (an input already read: stdin, a wiki page).
    *settings* apply as they are, except that with *auto_site* the site profile is recognised
    from the text (:func:`site_for`)."""

    path: Path | None
    settings: LintSettings
    unsafe: bool
    auto_site: bool = False
    source: Source | None = None

    def load(self) -> tuple[Source, LintSettings, str | None]:
        """Read the input; returns (source, settings, why the site was chosen or None).
        Raises :class:`InputError` for a file that cannot be read."""
        src = self.source if self.source is not None else read_source(self.path)  # type: ignore[arg-type]
        if not self.auto_site:
            return src, self.settings, None
        from .sites.detect import detect_site

        guess = detect_site(src.text)
        return src, replace(self.settings, site=guess.site), guess.reason


def unreadable(exc: InputError, path: Path) -> FileResult:
    """A file that cannot be read: one finding of that file (WL001), exit 2 at the end."""
    message = str(exc)
    prefix = f"{path}: "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    d = Diagnostic(
        code="WL001",
        name="parse-failure",
        message=f"Could not read the file: {message}",
        start=0,
        end=0,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        path=str(path),
    )
    return FileResult(path=str(path), diagnostics=[d], error=f"{path}: {message}")


_LINTERS: dict[Any, Linter] = {}


def _linter_for(settings: LintSettings) -> Linter:
    key = repr(settings)
    linter = _LINTERS.get(key)
    if linter is None:
        linter = Linter(settings)
        _LINTERS[key] = linter
    return linter


def process(source: Source, settings: LintSettings, unsafe: bool, fix: bool) -> FileResult:
    """Lint (and optionally fix) one source. Never raises for content problems.

    The cyclic garbage collector is paused while one file is processed: a page makes many
    small objects and no cycles worth collecting, and with it running, the collector's full
    passes over a growing heap made huge pages (200,000 refs) quadratic."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _process(source, settings, unsafe, fix)
    finally:
        if enabled:
            gc.enable()


def _process(source: Source, settings: LintSettings, unsafe: bool, fix: bool) -> FileResult:
    linter = _linter_for(settings)
    original = source.with_text(source.text)
    result = FileResult(path=source.path, original=original, source=source)
    try:
        if fix:
            fixed = fix_text(linter, source.text, source.path, unsafe=unsafe)
            result.diagnostics = fixed.remaining
            result.fixed_count = len(fixed.applied)
            result.notes = [f"{source.path}:{n}" if n[:1].isdigit() else f"{source.path}: {n}" for n in fixed.notes]
            result.applied_codes = [d.code for d in fixed.applied]
            if fixed.text != source.text:
                result.fixed = source.with_text(fixed.text)
        else:
            result.diagnostics = linter.lint(source.text, source.path)
    except RecursionError:
        result.error = f"{source.path}: internal error: recursion too deep"
    return result


Job = tuple[Source, LintSettings, bool] | FileJob


def process_job(job: Job, fix: bool) -> FileResult:
    """Read (for a :class:`FileJob`) and process one job."""
    if not isinstance(job, FileJob):
        result = process(job[0], job[1], job[2], fix)
        result.site = job[1].site
        result.settings = job[1]
        return result
    try:
        src, settings, why = job.load()
    except InputError as exc:
        return unreadable(exc, job.path or Path("-"))
    result = process(src, settings, job.unsafe, fix)
    result.site = settings.site
    result.site_reason = why
    result.settings = settings
    return result


def _drop_text(result: FileResult) -> None:
    """Forget a finished result's texts (the report needs only its diagnostics)."""
    if result.fixed is not None:
        return  # a fix not written: keep what ``changed`` and the diff compare
    result.original = ""
    if result.source is not None and result.source.text:
        result.source = replace(result.source, text="")


def _die_with_parent() -> None:
    """Worker initializer: a worker exits when the main process is gone (even after kill -9,
    when it would otherwise stay blocked on a pipe forever)."""
    import signal
    import threading
    import time

    parent = os.getppid()
    try:  # Linux: the kernel kills us when the parent dies
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:  # noqa: BLE001 - not Linux: the watcher thread below does it
        pass
    if os.getppid() != parent:  # pragma: no cover - parent died before prctl
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="wikilint-parent-watch", daemon=True).start()


def _work(args: tuple[Job, bool, bool]) -> FileResult:
    """Worker side: read and process one job; send the texts back only when the main process
    needs them (*keep_text*, or a changed file it has to write)."""
    job, fix, keep_text = args
    result = process_job(job, fix)
    result.settings = None  # the main process has them (and they may hold ref-source texts)
    if not isinstance(job, FileJob):  # the main process has this source's text already
        result.original = ""
        result.source = None
    elif not keep_text:
        _drop_text(result)
    return result


def run(
    jobs: Sequence[Job],
    fix: bool,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    done: Callable[[FileResult], None] | None = None,
    keep_text: bool = True,
) -> list[FileResult]:
    """Process jobs (:class:`FileJob`, or ``(source, settings, unsafe)`` tuples); results in the
    same order as *jobs*. A :class:`FileJob`'s file is read when its turn comes.

    *done* is called with each result as soon as it is ready (in input order), e.g. to write
    a fixed file at once rather than at the end of the run. Without *keep_text*, a result
    forgets its texts (``original``, ``source.text``) once *done* has seen it, so that memory
    does not grow with the number of files; reports that quote the source need *keep_text*."""

    def finish(res: FileResult) -> FileResult:
        if done is not None:
            done(res)
        if not keep_text:
            _drop_text(res)
        if progress:
            progress(1)
        return res

    if workers <= 1 or len(jobs) < 2:
        return [finish(process_job(job, fix)) for job in jobs]
    workers = min(workers, len(jobs), available_cpus()) or 1
    results: list[FileResult] = []
    # only a parallel run needs the pool (and multiprocessing): a --jobs 1 run does not import it
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
        chunk = max(1, min(16, len(jobs) // (workers * 8) or 1))
        for job, res in zip(jobs, pool.map(_work, [(j, fix, keep_text) for j in jobs], chunksize=chunk)):
            if isinstance(job, FileJob):
                if res.settings is None and res.site is not None:
                    res.settings = replace(job.settings, site=res.site) if job.auto_site else job.settings
            else:
                res.source = job[0]
                res.original = job[0].with_text(job[0].text)
                res.settings = job[1]
            results.append(finish(res))
    return results


def count(results: Sequence[FileResult]) -> tuple[int, int]:
    errors = sum(1 for r in results for d in r.diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for r in results for d in r.diagnostics if d.severity is Severity.WARNING)
    return errors, warnings


__all__ += ["InputError", "process", "count"]
