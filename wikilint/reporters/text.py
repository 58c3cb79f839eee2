"""Concise text: ``path:line:col: CODE [*] message`` and a summary (like ruff's concise)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Applicability, Severity
from . import ReportContext


def style(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def marker(d: Any) -> str:
    if d.fix is None:
        return ""
    if d.fix.applicability is Applicability.SAFE:
        return "[*] "
    if d.fix.applicability is Applicability.UNSAFE:
        return "[-] "
    return ""


def line_for(d: Any, color: bool) -> str:
    loc = f"{d.path}:{d.line}:{d.column}:"
    sev = "" if d.severity is Severity.ERROR else style("warning ", "33", color)
    code = style(d.code, "1;31" if d.severity is Severity.ERROR else "1;33", color)
    return f"{style(loc, '1', color)} {code} {sev}{marker(d)}{d.message}"


class Counts:
    """What the summary line needs to know of the diagnostics, counted as they go by."""

    def __init__(self) -> None:
        self.total = self.errors = self.safe = self.unsafe = 0

    def add(self, diagnostics: Sequence[Any]) -> None:
        for d in diagnostics:
            self.total += 1
            if d.severity is Severity.ERROR:
                self.errors += 1
            if d.fix is not None:
                if d.fix.applicability is Applicability.SAFE:
                    self.safe += 1
                elif d.fix.applicability is Applicability.UNSAFE:
                    self.unsafe += 1


def summary(results: Sequence[Any], ctx: ReportContext) -> str:
    counts = Counts()
    for r in results:
        counts.add(r.diagnostics)
    return summary_of(counts, ctx)


def summary_of(counts: Counts, ctx: ReportContext) -> str:
    n = counts.total
    errors = counts.errors
    warnings = n - errors
    safe = counts.safe
    unsafe = counts.unsafe
    lines = []
    if ctx.fixing and ctx.fixed_total:
        # With --diff nothing is written: say what `fix` would do.
        done = "would be fixed" if ctx.extra.get("dry_run") else "fixed"
        lines.append(
            f"Found {n + ctx.fixed_total} problem{'s' if n + ctx.fixed_total != 1 else ''} "
            f"({ctx.fixed_total} {done}, {n} remaining)."
        )
    elif n:
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        lines.append(f"Found {n} problem{'s' if n != 1 else ''} ({', '.join(parts)}).")
    else:
        lines.append("All checks passed!")
    if not ctx.fixing and (safe or unsafe):
        extra = ""
        if unsafe and not ctx.unsafe_fixes:
            extra = f" ({unsafe} more with `wikilint fix --unsafe-fixes`)"
        elif unsafe:
            safe += unsafe
        if safe:
            lines.append(f"[*] {safe} fixable with `wikilint fix`{extra}.")
        elif extra:
            lines.append(f"[-] {unsafe} fixable with `wikilint fix --unsafe-fixes`.")
    return "\n".join(lines)


def render(results: Sequence[Any], ctx: ReportContext) -> str:
    out = [line_for(d, ctx.color) for r in results for d in r.diagnostics]
    out.append(summary(results, ctx))
    return "\n".join(out) + "\n"


class Stream:
    """The same output as :func:`render`, a file's lines at a time (see ``reporters.Stream``)."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx
        self.counts = Counts()

    def add(self, result: Any) -> str:
        self.counts.add(result.diagnostics)
        return "".join(line_for(d, self.ctx.color) + "\n" for d in result.diagnostics)

    def end(self) -> str:
        return summary_of(self.counts, self.ctx) + "\n"
