"""``wikilint scan DUMP``: the command-line face of the dump scanner.

This module is imported when the CLI starts, so it imports only typer; mwxml, the engine and
(with ``--dask``) distributed load inside the command.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

__all__ = ["scan_command", "pick_site"]


def _fail(message: str) -> None:
    typer.echo(f"wikilint: error: {message}", err=True)
    raise typer.Exit(2)


def _split(values: Optional[list[str]]) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def pick_site(dbname: Optional[str], lang: Optional[str]) -> str:
    """The shipped profile for a dump: its dbname (``enwiki``) when wikilint ships one, else
    the ``<lang>wiki`` profile, else the neutral ``default`` profile."""
    from ..sites import available_sites

    shipped = set(available_sites())
    if dbname and dbname in shipped:
        return dbname
    if lang and f"{lang}wiki" in shipped:
        return f"{lang}wiki"
    return "default"


class _Progress:
    """pages/s and ETA on an interactive terminal (never in pipes or CI)."""

    def __init__(self, total_bytes: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._p = Progress(
            TextColumn("wikilint scan"),
            BarColumn(),
            TextColumn("{task.fields[pages]} pages · {task.fields[rate]} pages/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            transient=True,
            console=Console(stderr=True),
        )
        import time

        self._time = time.monotonic
        self._t0 = time.monotonic()
        self._task = self._p.add_task("scan", total=max(1, total_bytes), pages=0, rate="-")
        self._p.start()

    def update(self, pages: int, position: int) -> None:
        elapsed = self._time() - self._t0
        rate = f"{pages / elapsed:.1f}" if elapsed > 0 else "-"
        self._p.update(self._task, completed=position, pages=pages, rate=rate)

    def close(self) -> None:
        self._p.stop()


def _want_progress(output: Optional[Path]) -> bool:
    if os.environ.get("CI") or not sys.stderr.isatty():
        return False
    return output is not None or not sys.stdout.isatty()


def scan_command(
    dump: Annotated[Path, typer.Argument(help="A MediaWiki XML dump: .xml, .xml.gz, .xml.bz2, or multistream .bz2 (index found beside it).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="JSON Lines output file (default: stdout). Needed for --resume.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report to this file.")] = None,
    fix_worklist: Annotated[Optional[Path], typer.Option("--fix-worklist", help="Write, per page with safe fixes, its base revision id and the unified diff (JSON Lines).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted scan from --output without redoing finished blocks.")] = False,
    namespace: Annotated[Optional[list[str]], typer.Option("--namespace", "-n", help="Namespace numbers to scan (comma-separated or repeated; default 0); 'all' for every namespace.")] = None,
    include_redirects: Annotated[bool, typer.Option("--include-redirects", help="Also lint redirect pages (skipped by default).")] = False,
    titles: Annotated[Optional[list[str]], typer.Option("--titles", help="Only these page titles (repeatable; or @FILE with one title a line).")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Stop after this many pages.")] = None,
    index: Annotated[Optional[Path], typer.Option("--index", help="The multistream index (default: found beside the dump).")] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Pages per task for dumps without a multistream index (multistream: one bz2 stream per task).")] = 100,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Local worker processes (default: number of cores).")] = None,
    dask: Annotated[Optional[str], typer.Option("--dask", envvar="WIKILINT_DASK_SCHEDULER", help="Run on a Dask distributed scheduler (tcp://host:port; config: [scan] dask). Workers need wikilint installed and the dump at the same path.")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Rules to enable (codes, names or prefixes).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Rules to disable.")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option("--extend-select", help="Rules to enable on top of the selection.")] = None,
    site: Annotated[Optional[str], typer.Option("--site", help="Site profile (default: from the dump's <siteinfo> dbname/language, unless configured).")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this configuration file.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
) -> None:
    """Lint every page of a MediaWiki XML dump (streaming; in parallel; on Dask with --dask)."""
    from ..config import ConfigCache, ConfigError
    from ..registry import RegistryError, UnknownSelector, get_registry
    from ..runner import RunOptions, _linter_for, available_cpus, settings_for
    from ..sites import SiteError
    from .engine import ScanError, ScanOptions, plan, scan
    from .report import render_html, render_summary
    from .work import Filters

    # Filters.
    ns_values = _split(namespace) or ["0"]
    namespaces: Optional[frozenset[int]]
    if any(v.lower() == "all" for v in ns_values):
        namespaces = None
    else:
        try:
            namespaces = frozenset(int(v) for v in ns_values)
        except ValueError:
            _fail(f"--namespace: expected numbers or 'all', got {','.join(ns_values)!r}")
            return
    title_set: Optional[frozenset[str]] = None
    if titles:
        names: list[str] = []
        for t in titles:
            if t.startswith("@"):
                p = Path(t[1:])
                try:
                    names += [x.strip() for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
                except (OSError, UnicodeDecodeError) as exc:
                    _fail(f"{p}: cannot read the titles ({exc})")
            else:
                names += [x.strip() for x in t.split(",") if x.strip()]
        title_set = frozenset(n.replace("_", " ") for n in names)
    if limit is not None and limit < 1:
        _fail("--limit must be at least 1")
    try:
        configs = ConfigCache(config, isolated)
        cfg = configs.for_path(Path.cwd() / "dump.wiki")
    except ConfigError as exc:
        _fail(str(exc))
        return
    dask = dask or cfg.scan.get("dask")
    if jobs is None:
        jobs = cfg.scan.get("jobs")
    workers = jobs if jobs is not None else available_cpus()
    if workers < 1:
        _fail("--jobs must be at least 1")
    if resume and output is None:
        _fail("--resume needs --output (the file to continue)")
    options = ScanOptions(
        filters=Filters(namespaces, not include_redirects, title_set),
        limit=limit,
        jobs=workers,
        dask=dask,
        output=output,
        worklist=fix_worklist,
        resume=resume,
        index=index,
        pages_per_task=batch,
    )
    try:
        the_plan = plan(dump, options)
    except ScanError as exc:
        _fail(str(exc))
        return

    # Settings: command line > configuration > the dump's <siteinfo>.
    try:
        registry = get_registry()
        cfg.validate(registry)
        chosen = site or cfg.site or pick_site(the_plan.info.dbname, the_plan.info.lang)
        opts = RunOptions(
            select=_split(select) if select else None,
            ignore=_split(ignore),
            extend_select=_split(extend_select),
            site=chosen,
        )
        for where, values in (("--select", opts.select or []), ("--ignore", opts.ignore), ("--extend-select", opts.extend_select)):
            for v in values:
                registry.resolve(v, where)
        settings, _unsafe = settings_for(opts, cfg, None)
        _linter_for(settings)  # a bad setting stops here, not in a worker
    except UnknownSelector as exc:
        _fail(f"unknown rule selector '{exc.selector}'" + (f" in {exc.where}" if exc.where else ""))
        return
    except SiteError as exc:
        _fail(f"site {chosen!r}: {exc}")
        return
    except (ConfigError, RegistryError, ValueError) as exc:
        _fail(str(exc))
        return

    progress = _Progress(the_plan.total_bytes) if _want_progress(output) else None
    try:
        summary = scan(dump, settings, chosen, options, the_plan, progress=progress)
    except ScanError as exc:
        if progress:
            progress.close()
        _fail(str(exc))
        return
    except KeyboardInterrupt:
        if progress:
            progress.close()
        typer.echo("wikilint: interrupted" + ("; continue with --resume" if output else ""), err=True)
        raise typer.Exit(130) from None
    if progress:
        progress.close()

    if html is not None:
        try:
            html.write_text(render_html(summary.aggregate, summary.seconds), encoding="utf-8")
        except OSError as exc:
            _fail(f"{html}: cannot write ({exc.strerror or exc})")
    if not quiet:
        typer.echo(render_summary(summary.aggregate, summary.seconds, options.jobs if not dask else 0), err=True, nl=False)
    if summary.task_errors or summary.page_errors:
        raise typer.Exit(2)
    raise typer.Exit(0)
