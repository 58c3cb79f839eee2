"""GitHub Actions workflow commands: one annotation per diagnostic::

    ::warning file=page.wiki,line=3,endLine=3,col=22,endColumn=35,title=wikilint (WL601 dead-link)::page.wiki:3:22: WL601 Dead link …

Escaping follows ``actions/toolkit`` (``escapeData`` / ``escapeProperty``): in the message
``%``, ``\\r`` and ``\\n`` are percent-encoded; in properties also ``:`` and ``,``. Annotations
do not fail a job; wikilint's exit code does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Severity
from . import ReportContext


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Any) -> str:
    kind = "error" if d.severity is Severity.ERROR else "warning"
    props = [
        ("file", d.path or "-"),
        ("line", str(d.line)),
        ("endLine", str(d.end_line)),
        ("col", str(d.column)),
        ("endColumn", str(d.end_column)),
        ("title", f"wikilint ({d.code} {d.name})"),
    ]
    message = f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"
    if d.fix is not None:
        message += f"\n  help: {d.fix.title}"
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{kind} {joined}::{escape_data(message)}"


def render(results: Sequence[Any], ctx: ReportContext) -> str:
    return "".join(annotation(d) + "\n" for r in results for d in r.diagnostics)


class Stream:
    """The same output as :func:`render`, a file's annotations at a time."""

    def __init__(self, ctx: ReportContext) -> None:
        pass

    def add(self, result: Any) -> str:
        return "".join(annotation(d) + "\n" for d in result.diagnostics)

    def end(self) -> str:
        return ""
