"""The ``wikilint`` command line (typer).

Exit codes: 0 clean (or everything fixed), 1 problems remain (or ``--diff`` printed a diff),
2 usage, configuration, input or internal error.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from . import __version__
from .config import OUTPUT_FORMATS, Config, ConfigCache, ConfigError
from .files import (
    WIKI_SUFFIXES,
    InputError,
    Source,
    WriteError,
    clean_stale_temps,
    discover,
    read_source,
    read_stdin,
    write_fixed,
)
from .model import Severity
from .registry import RegistryError, UnknownSelector, get_registry
from .reporters import ReportContext, get_reporter, get_stream
from .reporters.text import Counts
from .runner import FileJob, FileResult, RunOptions, available_cpus, count, run, settings_for, site_for, site_is_auto
from .runner import _linter_for as linter_for
from .sites import SiteError

app = typer.Typer(
    name="wikilint",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Lint and repair MediaWiki wikitext.",
)


class Fmt(str, Enum):
    text = "text"
    concise = "concise"
    full = "full"
    json = "json"
    json_lines = "json-lines"
    sarif = "sarif"
    github = "github"


class UsageError(Exception):
    """Exit 2 with a one-line message."""


def _fail(message: str) -> None:
    typer.echo(f"wikilint: error: {message}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wikilint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Lint and repair MediaWiki wikitext."""


def _split(values: Optional[list[str]]) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


PathsArg = Annotated[
    Optional[list[str]],
    typer.Argument(help="Files or directories (recursing into *.wiki, *.wikitext, *.mediawiki); '-' reads stdin."),
]
SelectOpt = Annotated[Optional[list[str]], typer.Option("--select", help="Rules to enable: codes, names or prefixes (comma-separated or repeated); ALL.")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option("--ignore", help="Rules to disable.")]
ExtendOpt = Annotated[Optional[list[str]], typer.Option("--extend-select", help="Rules to enable on top of the selection.")]
SiteOpt = Annotated[Optional[str], typer.Option("--site", help="Site profile (enwiki, zhwiki, …) or a profile TOML file.")]
FormatOpt = Annotated[
    Optional[Fmt], typer.Option("--output-format", envvar="WIKILINT_OUTPUT_FORMAT", case_sensitive=False, help="Output format.")
]
RefSourceOpt = Annotated[
    Optional[list[str]],
    typer.Option("--ref-source", help="A page to rescue undefined named refs from (repeatable); 'git' uses the file's git history."),
]
TemplateDataOpt = Annotated[Optional[list[str]], typer.Option("--templatedata", help="A directory of TemplateData JSON files (repeatable).")]
StdinNameOpt = Annotated[Optional[str], typer.Option("--stdin-filename", help="Name of the file read from stdin (for messages and config).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Use this configuration file for every file.")]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]
UnsafeOpt = Annotated[Optional[bool], typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Also apply (or offer) unsafe fixes.")]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", "-e", help="Exit 0 even when problems remain.")]
MaxWarnOpt = Annotated[Optional[int], typer.Option("--max-warnings", help="Fail (exit 1) when there are more than N warnings.")]
OutputFileOpt = Annotated[Optional[Path], typer.Option("--output-file", "-o", help="Write the report to this file.")]
ForceExcludeOpt = Annotated[bool, typer.Option("--force-exclude", help="Apply config excludes to files named explicitly too.")]
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: number of cores).")]
StatsOpt = Annotated[bool, typer.Option("--statistics", help="Show counts per rule instead of each problem.")]
NoInlineOpt = Annotated[bool, typer.Option("--disable-inline-config", help="Ignore wikilint-disable comments.")]
ShowSettingsOpt = Annotated[bool, typer.Option("--show-settings", help="Show the resolved settings (configuration, site, rules) for each file and exit.")]
ShowFilesOpt = Annotated[bool, typer.Option("--show-files", help="List the files that would be checked and exit.")]
GitignoreOpt = Annotated[
    bool,
    typer.Option("--respect-gitignore/--no-respect-gitignore", help="Skip files ignored by git (.gitignore) when walking directories."),
]
# --wiki: pages of a live wiki (wikilint.wiki.face); the arguments are then page titles
WikiOpt = Annotated[Optional[str], typer.Option("--wiki", help="Check pages of a live wiki (API URL or name such as enwiki); the arguments are page titles.", rich_help_panel="Live wiki")]
TitlesFromOpt = Annotated[Optional[Path], typer.Option("--titles-from", help="With --wiki: a file of page titles, one per line.", rich_help_panel="Live wiki")]
CategoryOpt = Annotated[Optional[list[str]], typer.Option("--category", help="With --wiki: the pages in this category (repeatable).", rich_help_panel="Live wiki")]
LinksToOpt = Annotated[Optional[list[str]], typer.Option("--links-to", help="With --wiki: the pages that link to this page (repeatable).", rich_help_panel="Live wiki")]
TranscludingOpt = Annotated[Optional[list[str]], typer.Option("--transcluding", help="With --wiki: the pages that transclude this page (repeatable).", rich_help_panel="Live wiki")]
SaveOpt = Annotated[bool, typer.Option("--save", help="With --wiki: save the fixed pages as a bot (bot password from WIKILINT_WIKI_USER/WIKILINT_WIKI_PASSWORD or the credentials file).", rich_help_panel="Live wiki")]
SummaryOpt = Annotated[Optional[str], typer.Option("--summary", help="With --save: the edit summary.", rich_help_panel="Live wiki")]
ThrottleOpt = Annotated[float, typer.Option("--throttle", help="With --save: seconds between two saves.", rich_help_panel="Live wiki")]


def _gather(
    paths: list[str],
    stdin_filename: Optional[str],
    configs: ConfigCache,
    force_exclude: bool,
    respect_gitignore: bool = True,
) -> list[tuple[Source | Path, Config, Optional[Path]]]:
    """Find every input. Files are not read here: each is read when its turn comes (a file
    that cannot be read is then reported for that file and the run goes on), so that a run
    over many files never holds all their texts. Only stdin is read at once (a Source)."""
    out: list[tuple[Source | Path, Config, Optional[Path]]] = []
    errors: list[str] = []
    use_stdin = False
    explicit: list[Path] = []
    for p in paths:
        if p == "-":
            use_stdin = True
        else:
            explicit.append(Path(p))

    def excluded(path: Path, is_explicit: bool) -> bool:
        if is_explicit and not force_exclude:
            return False
        cfg = configs.for_path(path)
        return cfg.is_excluded(path)

    for p in explicit:
        if not p.exists():
            errors.append(f"{p}: no such file or directory")
    if errors:
        raise InputError(errors[0] if len(errors) == 1 else "; ".join(errors))
    for f in discover(explicit, excluded, respect_gitignore=respect_gitignore):
        out.append((f, configs.for_path(f), f))
    if use_stdin:
        name = stdin_filename or "-"
        src = read_stdin(name)
        virtual = Path(stdin_filename) if stdin_filename else None
        cfg = configs.for_path(virtual if virtual is not None else Path.cwd() / "stdin.wiki")
        if not (virtual is not None and force_exclude and cfg.is_excluded(virtual)):
            out.append((src, cfg, virtual))
    return out


def _warn(message: str) -> None:
    typer.echo(f"wikilint: warning: {message}", err=True)


def _check_output_file(output_file: Optional[Path]) -> None:
    """An unwritable report file is a usage error found before anything is read or changed."""
    if output_file is None:
        return
    try:
        existed = output_file.exists()
        with open(output_file, "a", encoding="utf-8"):
            pass
        if not existed:
            output_file.unlink()
    except OSError as exc:
        _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}")


def _write_report(output_file: Path, report: str) -> None:
    try:
        output_file.write_text(report, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}")


def _execute(
    *,
    paths: Optional[list[str]],
    fix: bool,
    diff: bool,
    select: Optional[list[str]],
    ignore: Optional[list[str]],
    extend_select: Optional[list[str]],
    site: Optional[str],
    output_format: Optional[Fmt],
    ref_source: Optional[list[str]],
    templatedata: Optional[list[str]],
    stdin_filename: Optional[str],
    config: Optional[Path],
    isolated: bool,
    unsafe_fixes: Optional[bool],
    exit_zero: bool,
    max_warnings: Optional[int],
    output_file: Optional[Path],
    force_exclude: bool,
    jobs: Optional[int],
    statistics: bool,
    exit_non_zero_on_fix: bool = False,
    disable_inline_config: bool = False,
    show_settings: bool = False,
    show_files: bool = False,
    respect_gitignore: bool = True,
    fix_only: bool = False,
    **wiki_kw,  # --wiki and its options: see wikilint.wiki.face
) -> None:
    wiki_run = None
    if wiki_kw.get("wiki"):
        from .wiki.face import start_wiki_run

        wiki_run, site, ref_source = start_wiki_run(paths, site, ref_source, fix=fix or diff, **wiki_kw)
        if fix and not diff and not wiki_kw.get("save"):
            diff = True  # a wiki page is never written locally: show the diff
    elif wiki_kw.get("save"):
        _fail("--save needs --wiki")
    if not paths and wiki_run is None:
        _fail("no files given (use '-' to read stdin)")
    if max_warnings is not None and max_warnings < 0:
        _fail(f"--max-warnings must be 0 or more, not {max_warnings}")
    for flag, values in (("--select", select), ("--ignore", ignore), ("--extend-select", extend_select)):
        if values is not None and not _split(values):
            _fail(f"{flag}: empty rule selector (give codes, names or prefixes, or ALL)")
    _check_output_file(output_file)
    try:
        configs = ConfigCache(config, isolated)
        registry = get_registry()
        for problem in registry.plugin_errors:
            _warn(problem)
        opts = RunOptions(
            select=_split(select) if select else None,
            ignore=_split(ignore),
            extend_select=_split(extend_select),
            site=site,
            unsafe_fixes=unsafe_fixes,
            ref_sources=list(ref_source or []),
            templatedata=list(templatedata or []),
            fix=fix or diff,
            diff=diff,
            suppressions=not disable_inline_config,
        )
        # Validate command-line selectors up front, naming the bad one.
        for where, values in (("--select", opts.select or []), ("--ignore", opts.ignore), ("--extend-select", opts.extend_select)):
            for v in values:
                registry.resolve(v, where)
        _check_templatedata(opts.templatedata, "--templatedata")
        if wiki_run is not None:
            inputs = wiki_run.inputs(configs)
        else:
            inputs = _gather(paths, stdin_filename, configs, force_exclude, respect_gitignore)
        if show_files:
            for src, _cfg, real in inputs:
                typer.echo(str(real) if real is not None else (src.path if isinstance(src, Source) else "-"))
            raise typer.Exit(0)
        jobs_list = []
        fmt_from_cfg: Optional[str] = None
        max_warn_cfg: Optional[int] = None
        validated: set[int] = set()
        linters: set[str] = set()
        order: list[int | FileResult] = []  # per input: index into jobs_list, or a result
        shown = 0
        for src, cfg, real in inputs:
            if id(cfg) not in validated:
                # Validate each configuration once: selectors, rule options, site, TemplateData.
                cfg.validate(registry)
                _check_templatedata(cfg.templatedata, f"{cfg.where}: 'templatedata'")
                validated.add(id(cfg))
            if show_settings and isinstance(src, Path):
                try:  # the site may be recognised from the text: read it (one file at a time)
                    src = read_source(src)
                except InputError as exc:
                    src = exc
            auto_site = wiki_run is None and site_is_auto(opts, cfg)
            # Settings without the text: with site = auto, each file's site is recognised
            # when it is read (runner.FileJob); these settings validate the configuration.
            text = getattr(src, "text", None) if show_settings or not auto_site else None
            settings, unsafe = settings_for(opts, cfg, real, text=text)
            if wiki_run is not None:
                settings = wiki_run.settings_for(src, settings)
            key = repr(settings)
            if key not in linters:
                # Build the linter here once, so that a bad setting stops the run with a
                # message instead of failing in a worker process.
                try:
                    linter_for(settings)
                except UnknownSelector as exc:
                    raise ConfigError(f"{cfg.where}: unknown rule selector '{exc.selector}'") from None
                except SiteError as exc:
                    if opts.site:
                        raise ConfigError(f"--site: {exc}") from None
                    if cfg.path is not None and cfg.site:
                        raise ConfigError(f"{cfg.where}: 'site': {exc}") from None
                    raise
                except ValueError as exc:
                    raise ConfigError(f"{cfg.where}: {exc}") from None
                linters.add(key)
            if show_settings:
                if shown:
                    typer.echo("")
                typer.echo(_settings_text(src, cfg, real, opts, settings, unsafe, registry))
                shown += 1
                continue
            order.append(len(jobs_list))
            if isinstance(src, Path):
                jobs_list.append(FileJob(src, settings, unsafe, auto_site))
            else:
                jobs_list.append(FileJob(None, settings, unsafe, auto_site, source=src))
            fmt_from_cfg = fmt_from_cfg or cfg.output_format
            if cfg.max_warnings is not None:
                max_warn_cfg = cfg.max_warnings
    except UnknownSelector as exc:
        _fail(f"unknown rule selector '{exc.selector}'" + (f" in {exc.where}" if exc.where else ""))
    except (ConfigError, InputError, SiteError, RegistryError) as exc:
        _fail(str(exc))
        return
    except ValueError as exc:
        _fail(str(exc))
        return
    if show_settings:
        raise typer.Exit(0)
    if not inputs:
        _warn(
            f"no wikitext files found in {', '.join(paths)} (looked for "
            f"{', '.join('*' + s for s in WIKI_SUFFIXES)}; see --show-files)"
        )
        raise typer.Exit(0)

    fmt = (output_format.value if output_format else None) or fmt_from_cfg or "text"
    if fmt not in OUTPUT_FORMATS:
        _fail(f"unknown output format {fmt!r}")
    workers = jobs if jobs is not None else available_cpus()
    if workers < 1:
        _fail("--jobs must be at least 1")
    stdin_only = wiki_run is None and len(inputs) == 1 and isinstance(inputs[0][0], Source) and inputs[0][0].real_path is None
    write_files = fix and not diff
    keep_text = fmt in ("full", "sarif") or diff or stdin_only or wiki_run is not None
    if write_files:
        # Temporary files a killed run left behind (ours, their process gone).
        clean_stale_temps({j.path.resolve().parent for j in jobs_list if j.path is not None})

    def done(r: FileResult) -> None:
        """Write each fixed file as soon as it is fixed (compare-and-swap against what was read)."""
        if not (write_files and r.changed and r.source is not None and r.source.real_path is not None):
            return
        try:
            write_fixed(r.source, r.fixed or "")
        except WriteError as exc:
            r.write_error = str(exc)
            # Report what is in the file, not what would have been written.
            r.diagnostics = linter_for(r.settings).lint(r.source.text, r.source.path)
            r.fixed_count = 0
            r.fixed = None
            return
        r.written = True
        if not keep_text:
            r.fixed = None
            r.original = ""

    progress = _progress_bar(len(jobs_list), output_file is None and fmt in ("text", "concise", "full"))
    ctx = ReportContext(
        registry=registry,
        color=_use_color(output_file),
        fixing=fix or diff,
        unsafe_fixes=bool(opts.unsafe_fixes),
        extra={"dry_run": diff},
    )
    # Stream the report, a file at a time, when nothing needs every result at once: then a
    # run keeps no diagnostics, and memory does not grow with the number of files. (Not while a
    # progress bar is drawn on the terminal the report would go to.)
    stream = None
    if not (diff or fix_only or stdin_only or wiki_run is not None or progress is not None):
        stream = _StatisticsStream(fmt, ctx) if statistics else get_stream(fmt, ctx)
    streamed = Counts()
    crashed = False
    out_handle: Any = None
    if stream is not None:
        if output_file is not None:
            try:
                out_handle = open(output_file, "w", encoding="utf-8")  # noqa: SIM115 - closed below
            except OSError as exc:
                _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}")
        else:
            out_handle = sys.stdout

    def finished(r: FileResult) -> None:
        nonlocal crashed
        done(r)
        if stream is None:
            return
        chunk = stream.add(r)
        if chunk:
            try:
                out_handle.write(chunk)
            except OSError as exc:
                _fail(f"{output_file or 'stdout'}: cannot write the report: {exc.strerror or exc}")
        streamed.add(r.diagnostics)
        crashed = crashed or any(d.code == "WL002" for d in r.diagnostics)
        r.diagnostics = []  # written: the run keeps only the counts
        if not keep_text:  # nor what the rest of the run does not ask of a result
            r.settings = None
            r.source = None

    try:
        ran = run(
            jobs_list, fix=opts.fix, workers=workers, progress=progress.advance if progress else None,
            done=finished, keep_text=keep_text,
        )
    finally:
        if progress:
            progress.close()
    results: list[FileResult] = [ran[o] if isinstance(o, int) else o for o in order]

    internal = [r.error for r in results if r.error]
    write_errors = [r.write_error for r in results if r.write_error]
    fixed_total = sum(r.fixed_count for r in results)

    # Print fixes.
    diff_text = ""
    if diff:
        diff_text = "".join(r.diff() for r in results)
    elif fix and stdin_only:
        r = results[0]
        sys.stdout.write(r.fixed if r.changed else r.original)

    ctx.fixed_total = fixed_total
    if stream is not None:
        tail = stream.end()
        try:
            out_handle.write(tail)
            out_handle.flush()
            if out_handle is not sys.stdout:
                out_handle.close()
        except OSError as exc:
            _fail(f"{output_file or 'stdout'}: cannot write the report: {exc.strerror or exc}")
        report = ""
    elif fix_only:
        # Say what was fixed; leave the remaining problems to `wikilint check` (so that the
        # recommended pre-commit pair prints each problem once).
        changed = sum(1 for r in results if r.changed)
        report = (
            f"Fixed {fixed_total} problem{'s' if fixed_total != 1 else ''} in {changed} file{'s' if changed != 1 else ''}.\n"
            if fixed_total
            else ""
        )
    elif statistics:
        report = _statistics(results, fmt, ctx)
    else:
        report = get_reporter(fmt)(results, ctx)
    if stream is not None:
        pass  # written as the files were done
    elif diff:
        sys.stdout.write(diff_text)
        # The report goes to stderr so that stdout is a clean patch.
        if report.strip() and fmt in ("text", "concise", "full") and not output_file:
            sys.stderr.write(report)
        elif output_file:
            _write_report(output_file, report)
    elif fix and stdin_only:
        if output_file:
            _write_report(output_file, report)
        else:
            sys.stderr.write(report)
    else:
        if output_file:
            _write_report(output_file, report)
        else:
            sys.stdout.write(report)

    for r in results:
        for note in r.notes:
            _warn(note)
    if wiki_run is not None:
        internal += wiki_run.finish(results, registry)
    _say_assumed_sites(results, opts, fmt, wiki_run)
    for message in internal + write_errors:
        typer.echo(f"wikilint: error: {message}", err=True)
    if crashed or any(d.code == "WL002" for r in results for d in r.diagnostics):
        internal.append("rule crashed")
    if internal or write_errors:
        raise typer.Exit(2)
    if exit_zero:
        raise typer.Exit(0)
    if fix_only:
        raise typer.Exit(1 if exit_non_zero_on_fix and any(r.changed for r in results) else 0)
    errors, warnings = count(results)
    errors += streamed.errors
    warnings += streamed.total - streamed.errors
    limit = max_warnings if max_warnings is not None else max_warn_cfg
    failed = errors > 0
    if limit is not None and warnings > limit:
        failed = True
        source = "--max-warnings" if max_warnings is not None else "max-warnings in the configuration"
        typer.echo(f"wikilint: {warnings} warning{'s' if warnings != 1 else ''}, more than the {limit} allowed ({source})", err=True)
    if diff and diff_text:
        failed = True
    if fix and exit_non_zero_on_fix and any(r.changed for r in results):
        failed = True
    raise typer.Exit(1 if failed else 0)


def _check_templatedata(dirs: list[str], where: str) -> None:
    """Read the TemplateData folders once, so that a bad one is one line, not a crash per page."""
    if not dirs:
        return
    from .templatedata import TemplateDataError, load_templatedata

    for d in dirs:
        try:
            load_templatedata((str(d),), False)
        except TemplateDataError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{where}: {d}: a TemplateData file is not valid UTF-8 ({exc.reason})") from None
        except OSError as exc:
            raise ConfigError(f"{where}: {d}: cannot read: {exc.strerror or exc}") from None


def _settings_text(src, cfg, real, opts, settings, unsafe, registry) -> str:  # type: ignore[no-untyped-def]
    """--show-settings: what applies to one file, resolved."""
    name = str(real) if real is not None else (src.path if isinstance(src, Source) else "-")
    site, why = site_for(opts, cfg, real, getattr(src, "text", None))
    rules = registry.select(settings.select, settings.ignore, settings.extend_select)
    lines = [
        f"file: {name}",
        f"configuration: {cfg.where if cfg.path is not None else '(none: defaults)'}",
        f"site: {site} ({why})",
        f"select: {', '.join(settings.select) if settings.select is not None else '(default rules)'}",
        f"extend-select: {', '.join(settings.extend_select) or '-'}",
        f"ignore: {', '.join(settings.ignore) or '-'}",
        f"unsafe-fixes: {'true' if unsafe else 'false'}",
        f"inline suppressions: {'on' if settings.suppressions else 'off (--disable-inline-config)'}",
    ]
    if settings.severities:
        lines.append("severities: " + ", ".join(f"{k}={v.value}" for k, v in settings.severities.items()))
    if settings.rule_options:
        lines.append("rule options: " + json.dumps(settings.rule_options, ensure_ascii=False, sort_keys=True))
    if settings.doc_options.get("templatedata_dirs"):
        lines.append("templatedata: " + ", ".join(settings.doc_options["templatedata_dirs"]))
    lines.append(f"rules ({len(rules)}): " + " ".join(c.code for c in rules))
    return "\n".join(lines)
def _say_assumed_sites(results, opts: RunOptions, fmt: str, wiki_run) -> None:  # type: ignore[no-untyped-def]
    """With no site configured (site = "auto"), say on stderr which profile each file got and
    why when it is not enwiki, the historical default (at most 3 lines, then a count), so no
    other-language assumption is silent."""
    if fmt not in ("text", "concise", "full"):
        return
    if wiki_run is not None:
        if wiki_run.site_reason:
            typer.echo(f"wikilint: {wiki_run.wiki.host}: site {opts.site} ({wiki_run.site_reason})", err=True)
        return
    lines: list[str] = []
    for r in results:
        # site_reason is set for the files whose site was recognised from their text (no site
        # configured); an input that could not be read has none (it is reported on its own)
        if r.site_reason is None:
            continue
        if r.site != "enwiki":  # the historical default goes unsaid; anything else is told
            lines.append(f"{r.path}: site {r.site} ({r.site_reason})")
    for line in lines[:3]:
        typer.echo(f"wikilint: {line}", err=True)
    if len(lines) > 3:
        typer.echo(f"wikilint: … and {len(lines) - 3} more files with no site configured; set `site` in wikilint.toml to choose", err=True)


def _use_color(output_file: Optional[Path]) -> bool:
    if output_file is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


class _Progress:
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._p = Progress(
            TextColumn("wikilint"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
            console=Console(stderr=True),
        )
        self._task = self._p.add_task("lint", total=total)
        self._p.start()

    def advance(self, n: int) -> None:
        self._p.advance(self._task, n)

    def close(self) -> None:
        self._p.stop()


def _progress_bar(total: int, wanted: bool) -> Optional[_Progress]:
    """A progress bar on an interactive terminal for long runs; never in pipes or CI."""
    if not wanted or total < 50 or os.environ.get("CI") or not sys.stderr.isatty():
        return None
    return _Progress(total)


def _statistics(results, fmt: str, ctx: ReportContext) -> str:  # type: ignore[no-untyped-def]
    """Counts per rule, marked like the text output: ``[*]`` some have a safe fix, ``[-]`` only
    unsafe fixes (``wikilint fix --unsafe-fixes``), blank: no fix. Ends with the summary line."""
    stream = _StatisticsStream(fmt, ctx)
    for r in results:
        stream.add(r)
    return stream.end()


class _StatisticsStream:
    """``--statistics`` as a report stream: counts as the files are done, the table at the end."""

    def __init__(self, fmt: str, ctx: ReportContext) -> None:
        from collections import Counter

        self.fmt = fmt
        self.ctx = ctx
        self.counts: Counter[tuple[str, str]] = Counter()
        self.safe: Counter[str] = Counter()
        self.unsafe: Counter[str] = Counter()
        self.totals = Counts()

    def add(self, result: FileResult) -> str:
        from .model import Applicability

        self.totals.add(result.diagnostics)
        for d in result.diagnostics:
            self.counts[(d.code, d.name)] += 1
            if d.fix is not None and d.fix.applicability is Applicability.SAFE:
                self.safe[d.code] += 1
            elif d.fix is not None and d.fix.applicability is Applicability.UNSAFE:
                self.unsafe[d.code] += 1
        return ""

    def end(self) -> str:
        from .reporters.text import summary_of

        safe, unsafe = self.safe, self.unsafe
        rows = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
        if self.fmt in ("json", "json-lines"):
            return (
                json.dumps(
                    [
                        {
                            "code": c,
                            "name": n,
                            "count": k,
                            "fixable": safe[c] + unsafe[c] > 0,
                            "fixable_count": safe[c] + unsafe[c],
                            "safe_fixable_count": safe[c],
                            "unsafe_fixable_count": unsafe[c],
                        }
                        for (c, n), k in rows
                    ],
                    indent=2,
                )
                + "\n"
            )
        width = max((len(str(k)) for _, k in rows), default=1)
        out = "".join(
            f"{k:>{width}}\t{c}\t{'[*]' if safe[c] else '[-]' if unsafe[c] else '[ ]'} {n}\n" for (c, n), k in rows
        )
        return out + summary_of(self.totals, self.ctx) + "\n"


@app.command()
def check(
    paths: PathsArg = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place (same as `wikilint fix`).")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print fixes as a unified diff; write nothing.")] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_select: ExtendOpt = None,
    site: SiteOpt = None,
    output_format: FormatOpt = None,
    ref_source: RefSourceOpt = None,
    templatedata: TemplateDataOpt = None,
    stdin_filename: StdinNameOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    unsafe_fixes: UnsafeOpt = None,
    exit_zero: ExitZeroOpt = False,
    max_warnings: MaxWarnOpt = None,
    output_file: OutputFileOpt = None,
    force_exclude: ForceExcludeOpt = False,
    jobs: JobsOpt = None,
    statistics: StatsOpt = False,
    exit_non_zero_on_fix: Annotated[bool, typer.Option("--exit-non-zero-on-fix", help="With --fix: exit 1 when a file was changed.")] = False,
    disable_inline_config: NoInlineOpt = False,
    show_settings: ShowSettingsOpt = False,
    show_files: ShowFilesOpt = False,
    respect_gitignore: GitignoreOpt = True,
    wiki: WikiOpt = None,
    titles_from: TitlesFromOpt = None,
    category: CategoryOpt = None,
    links_to: LinksToOpt = None,
    transcluding: TranscludingOpt = None,
    save: SaveOpt = False,
    summary: SummaryOpt = None,
    throttle: ThrottleOpt = 10.0,
) -> None:
    """Check wikitext files and report problems."""
    _execute(**locals())


@app.command("fix")
def fix_cmd(
    paths: PathsArg = None,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff (for git apply / patch -p1); write nothing.")] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_select: ExtendOpt = None,
    site: SiteOpt = None,
    output_format: FormatOpt = None,
    ref_source: RefSourceOpt = None,
    templatedata: TemplateDataOpt = None,
    stdin_filename: StdinNameOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    unsafe_fixes: UnsafeOpt = None,
    exit_zero: ExitZeroOpt = False,
    max_warnings: MaxWarnOpt = None,
    output_file: OutputFileOpt = None,
    force_exclude: ForceExcludeOpt = False,
    jobs: JobsOpt = None,
    statistics: StatsOpt = False,
    exit_non_zero_on_fix: Annotated[bool, typer.Option("--exit-non-zero-on-fix", help="Exit 1 when a file was changed (for pre-commit).")] = False,
    disable_inline_config: NoInlineOpt = False,
    show_settings: ShowSettingsOpt = False,
    show_files: ShowFilesOpt = False,
    respect_gitignore: GitignoreOpt = True,
    fix_only: Annotated[
        bool, typer.Option("--fix-only", help="Only fix: do not report or fail on the problems that remain (for a fix hook before `check`).")
    ] = False,
    wiki: WikiOpt = None,
    titles_from: TitlesFromOpt = None,
    category: CategoryOpt = None,
    links_to: LinksToOpt = None,
    transcluding: TranscludingOpt = None,
    save: SaveOpt = False,
    summary: SummaryOpt = None,
    throttle: ThrottleOpt = 10.0,
) -> None:
    """Fix problems in place (safe fixes; --unsafe-fixes for more), or print them with --diff."""
    _execute(fix=True, **locals())


class RulesFmt(str, Enum):
    text = "text"
    json = "json"


@app.command()
def rule(
    selector: Annotated[str, typer.Argument(help="A rule code or name, e.g. WL501 or undefined-named-ref.")],
    output_format: Annotated[RulesFmt, typer.Option("--output-format", case_sensitive=False)] = RulesFmt.text,
) -> None:
    """Show a rule's documentation."""
    registry = get_registry()
    cls = registry.get(selector)
    if cls is None:
        _fail(f"unknown rule '{selector}'")
        return
    if output_format is RulesFmt.json:
        typer.echo(json.dumps(cls.metadata(), ensure_ascii=False, indent=2))
        return
    from .docs import render_rule

    typer.echo(render_rule(cls))


@app.command()
def rules(
    output_format: Annotated[RulesFmt, typer.Option("--output-format", case_sensitive=False)] = RulesFmt.text,
) -> None:
    """List all rules."""
    from .docs import fix_marker

    registry = get_registry()
    for problem in registry.plugin_errors + registry.doc_warnings():
        _warn(problem)
    items = registry.sorted_rules()
    if output_format is RulesFmt.json:
        typer.echo(json.dumps([c.metadata() for c in items], ensure_ascii=False, indent=2))
        return
    width = max((len(c.name) for c in items), default=0)
    for cls in items:
        fix = fix_marker(cls)
        sev = "E" if cls.severity is Severity.ERROR else "W"
        typer.echo(f"{cls.code}  {fix} {sev}  {cls.name:<{width}}  {cls.get_summary()}")


# The other faces live in their own packages and add their commands here. Each registration
# imports only its own light command module; heavy dependencies load inside the command.
# face: site (wikilint.wiki)
from .wiki.commands import site_app  # noqa: E402

app.add_typer(site_app, name="site")

# face: scan (wikilint.scan)
from .scan.command import scan_command as _scan_command  # noqa: E402

app.command("scan")(_scan_command)

# face: server (wikilint.server)
@app.command()
def server(
    stdio: Annotated[bool, typer.Option("--stdio", help="Talk LSP over stdin/stdout (the default and only transport).")] = True,
) -> None:
    """Run the language server (LSP over stdio) for editors; needs the 'lsp' extra."""
    try:
        from .server.lsp import main as serve
    except ImportError as exc:
        _fail(f"the language server needs the 'lsp' extra (pip install 'wikilint[lsp]'): {exc}")
        return
    serve()


def main() -> None:
    try:
        app(prog_name="wikilint")
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
