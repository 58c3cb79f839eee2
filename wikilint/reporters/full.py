"""Full text (ruff style): the message, the location, the source line with a caret under the
span, and the fix title::

    WL601 warning Dead link marks http://x.example/
     --> page.wiki:3:22
      |
    3 | [http://x.example/ x]{{dead link}}
      |                      ^^^^^^^^^^^^^
      |
    help: Replace the tag with an archived copy

Long lines are cut to a window around the span; wide (East Asian) characters take two
columns and tabs four, so the carets line up on a terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from ..model import Applicability, Severity
from . import LineIndex, ReportContext, source_text
from .text import marker, style, summary

MAX_WIDTH = 100  # display columns of source shown per line
CONTEXT = 30  # display columns kept before the span when a line is cut
TAB = 4


def char_width(ch: str) -> int:
    if ch == "\t":
        return TAB
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    if ord(ch) < 32 or ch == "\x7f":
        return 1
    return 1


def width(s: str) -> int:
    return sum(char_width(c) for c in s)


def _render_char(ch: str) -> str:
    if ch == "\t":
        return " " * TAB
    if ord(ch) < 32 or ch == "\x7f":
        return " "
    return ch


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut *line* to about MAX_WIDTH columns around ``[start, end)`` (code-point indexes).

    Returns the shown text and the display columns of the span's start and end in it."""
    lo = 0
    if width(line) > MAX_WIDTH and width(line[:start]) > CONTEXT:
        # move lo forward until CONTEXT columns remain before the span
        w = width(line[:start])
        while lo < start and w > CONTEXT:
            w -= char_width(line[lo])
            lo += 1
    shown: list[str] = []
    col = 0
    prefix = ""
    if lo > 0:
        prefix = "…"
        col = 1
    span_start = span_end = None
    i = lo
    cut = False
    while i < len(line):
        if i == start:
            span_start = col
        if i == end:
            span_end = col
        cw = char_width(line[i])
        if col + cw > MAX_WIDTH and i >= end:
            cut = True
            break
        if col + cw > MAX_WIDTH + 40:  # a very long span: cut it too
            cut = True
            break
        shown.append(_render_char(line[i]))
        col += cw
        i += 1
    if span_start is None:
        span_start = col
    if span_end is None:
        span_end = col
    text = prefix + "".join(shown) + ("…" if cut else "")
    return text, span_start, span_end


def _snippet(index: LineIndex, d: Any, color: bool) -> list[str]:
    first = index.line(d.line)
    start = max(0, d.column - 1)
    if d.end_line == d.line:
        end = max(start, d.end_column - 1)
    else:
        end = len(first)
    shown, c0, c1 = _window(first, start, end)
    gutter = len(str(d.end_line if d.end_line != d.line else d.line))
    pad = " " * gutter
    bar = style("|", "1;34", color)
    carets = "^" * max(1, c1 - c0)
    caret_color = "1;31" if d.severity is Severity.ERROR else "1;33"
    out = [
        f"{pad} {bar}",
        f"{style(str(d.line).rjust(gutter), '1;34', color)} {bar} {shown}".rstrip(),
        f"{pad} {bar} {' ' * c0}{style(carets, caret_color, color)}",
    ]
    if d.end_line != d.line:
        if d.end_line > d.line + 1:
            out.append(f"{style('...'.rjust(gutter), '1;34', color)}")
        last = index.line(d.end_line)
        e = max(0, d.end_column - 1)
        shown2, _, c1b = _window(last, 0, e)
        out.append(f"{style(str(d.end_line).rjust(gutter), '1;34', color)} {bar} {shown2}".rstrip())
        out.append(f"{pad} {bar} {style('^' * max(1, c1b), caret_color, color)}")
    out.append(f"{pad} {bar}")
    return out


def render_one(d: Any, index: LineIndex | None, color: bool) -> str:
    sev = "" if d.severity is Severity.ERROR else style("warning ", "33", color)
    code = style(d.code, "1;31" if d.severity is Severity.ERROR else "1;33", color)
    lines = [f"{code} {sev}{marker(d)}{style(d.message, '1', color)}"]
    lines.append(f" {style('-->', '1;34', color)} {d.path}:{d.line}:{d.column}")
    if index is not None and d.line >= 1:
        lines.extend(_snippet(index, d, color))
    for rel in d.related:
        if rel.line:
            lines.append(f"{style('note', '1', color)}: {rel.message} ({d.path}:{rel.line}:{rel.column})")
        else:
            lines.append(f"{style('note', '1', color)}: {rel.message}")
    if d.fix is not None:
        lines.append(f"{style('help', '1;36', color)}: {d.fix.title}")
        if d.fix.applicability is Applicability.UNSAFE:
            lines.append(
                f"{style('note', '1', color)}: This is an unsafe fix and may change the meaning of the page "
                "(apply it with `--unsafe-fixes`)"
            )
        elif d.fix.applicability is Applicability.DISPLAY_ONLY:
            lines.append(f"{style('note', '1', color)}: This fix is only a suggestion; wikilint does not apply it")
    return "\n".join(lines)


def render(results: Sequence[Any], ctx: ReportContext) -> str:
    blocks: list[str] = []
    for r in results:
        if not r.diagnostics:
            continue
        text = source_text(r)
        index = LineIndex(text) if text else None
        for d in r.diagnostics:
            blocks.append(render_one(d, index, ctx.color))
    blocks.append(summary(results, ctx))
    return "\n\n".join(blocks) + "\n"
