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
from typing import Annotated, Optional

import typer

from . import __version__
from .config import OUTPUT_FORMATS, Config, ConfigCache, ConfigError
from .files import InputError, Source, discover, read_source, read_stdin, write_atomic
from .model import Severity
from .registry import RegistryError, UnknownSelector, get_registry
from .reporters import ReportContext, get_reporter
from .runner import RunOptions, available_cpus, count, run, settings_for
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


def _gather(
    paths: list[str],
    stdin_filename: Optional[str],
    configs: ConfigCache,
    force_exclude: bool,
) -> list[tuple[Source, Config, Optional[Path]]]:
    """Read every input first (so a bad file stops the run before anything is written)."""
    out: list[tuple[Source, Config, Optional[Path]]] = []
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
    files = list(discover(explicit, excluded))
    for f in files:
        src = read_source(f)
        out.append((src, configs.for_path(f), f))
    if use_stdin:
        name = stdin_filename or "-"
        src = read_stdin(name)
        virtual = Path(stdin_filename) if stdin_filename else None
        cfg = configs.for_path(virtual if virtual is not None else Path.cwd() / "stdin.wiki")
        if not (virtual is not None and force_exclude and cfg.is_excluded(virtual)):
            out.append((src, cfg, virtual))
    return out


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
) -> None:
    if not paths:
        _fail("no files given (use '-' to read stdin)")
    try:
        configs = ConfigCache(config, isolated)
        registry = get_registry()
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
        inputs = _gather(paths, stdin_filename, configs, force_exclude)
        jobs_list = []
        fmt_from_cfg: Optional[str] = None
        max_warn_cfg: Optional[int] = None
        validated: set[int] = set()
        linters: set[str] = set()
        for src, cfg, real in inputs:
            if id(cfg) not in validated:
                # Validate each configuration once: selectors, rule options, site.
                cfg.validate(registry)
                validated.add(id(cfg))
            settings, unsafe = settings_for(opts, cfg, real)
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
            jobs_list.append((src, settings, unsafe))
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

    fmt = (output_format.value if output_format else None) or fmt_from_cfg or "text"
    if fmt not in OUTPUT_FORMATS:
        _fail(f"unknown output format {fmt!r}")
    workers = jobs if jobs is not None else available_cpus()
    if workers < 1:
        _fail("--jobs must be at least 1")
    progress = _progress_bar(len(jobs_list), output_file is None and fmt in ("text", "concise", "full"))
    try:
        results = run(jobs_list, fix=opts.fix, workers=workers, progress=progress.advance if progress else None)
    finally:
        if progress:
            progress.close()

    internal = [r.error for r in results if r.error]
    stdin_only = len(inputs) == 1 and inputs[0][0].real_path is None
    fixed_total = sum(r.fixed_count for r in results)

    # Apply or print fixes.
    diff_text = ""
    if diff:
        diff_text = "".join(r.diff() for r in results)
    elif fix:
        for r in results:
            if r.changed:
                if r.source is not None and r.source.real_path is not None:
                    write_atomic(r.source.real_path, r.fixed or "")
        if stdin_only:
            r = results[0]
            sys.stdout.write(r.fixed if r.changed else r.original)

    ctx = ReportContext(
        registry=registry,
        color=_use_color(output_file),
        fixing=fix or diff,
        unsafe_fixes=bool(opts.unsafe_fixes),
        fixed_total=fixed_total,
    )
    if statistics:
        report = _statistics(results, fmt)
    else:
        report = get_reporter(fmt)(results, ctx)
    if diff:
        sys.stdout.write(diff_text)
        # The report goes to stderr so that stdout is a clean patch.
        if report.strip() and fmt in ("text", "concise", "full") and not output_file:
            sys.stderr.write(report)
        elif output_file:
            output_file.write_text(report, encoding="utf-8")
    elif fix and stdin_only:
        if output_file:
            output_file.write_text(report, encoding="utf-8")
        else:
            sys.stderr.write(report)
    else:
        if output_file:
            output_file.write_text(report, encoding="utf-8")
        else:
            sys.stdout.write(report)

    for message in internal:
        typer.echo(f"wikilint: error: {message}", err=True)
    if any(d.code == "WL002" for r in results for d in r.diagnostics):
        internal.append("rule crashed")
    if internal:
        raise typer.Exit(2)
    if exit_zero:
        raise typer.Exit(0)
    errors, warnings = count(results)
    limit = max_warnings if max_warnings is not None else max_warn_cfg
    failed = errors > 0 or (limit is not None and warnings > limit)
    if diff and diff_text:
        failed = True
    if fix and exit_non_zero_on_fix and any(r.changed for r in results):
        failed = True
    raise typer.Exit(1 if failed else 0)


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


def _statistics(results, fmt: str) -> str:  # type: ignore[no-untyped-def]
    from collections import Counter

    counts: Counter[tuple[str, str]] = Counter()
    fixable: Counter[str] = Counter()
    for r in results:
        for d in r.diagnostics:
            counts[(d.code, d.name)] += 1
            if d.fixable:
                fixable[d.code] += 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    if fmt in ("json", "json-lines"):
        return (
            json.dumps(
                [
                    {"code": c, "name": n, "count": k, "fixable": fixable[c] > 0, "fixable_count": fixable[c]}
                    for (c, n), k in rows
                ],
                indent=2,
            )
            + "\n"
        )
    width = max((len(str(k)) for _, k in rows), default=1)
    return "".join(
        f"{k:>{width}}\t{c}\t{'[*]' if fixable[c] else '[ ]'} {n}\n" for (c, n), k in rows
    )


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
    registry = get_registry()
    items = registry.sorted_rules()
    if output_format is RulesFmt.json:
        typer.echo(json.dumps([c.metadata() for c in items], ensure_ascii=False, indent=2))
        return
    width = max((len(c.name) for c in items), default=0)
    for cls in items:
        fix = {"always": "[*]", "sometimes": "[*]", "none": "   "}[cls.fix_availability.value]
        sev = "E" if cls.severity is Severity.ERROR else "W"
        typer.echo(f"{cls.code}  {fix} {sev}  {cls.name:<{width}}  {cls.get_summary()}")


# The other faces live in their own packages and add their commands here. Each registration
# imports only its own light command module; heavy dependencies load inside the command.
# face: site (wikilint.wiki)

# face: scan (wikilint.scan)

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
