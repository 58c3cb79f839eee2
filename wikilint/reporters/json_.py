"""JSON: one object per diagnostic (``json``: an array; ``json-lines``: one per line)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import Applicability
from . import ReportContext


def diagnostic_dict(d: Any, doc_text: str | None = None) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.label,
            "message": d.fix.title,
            "edits": [{"start": e.start, "end": e.end, "content": e.replacement} for e in d.fix.edits],
        }
    return {
        "file": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "fix_available": d.fix is not None and d.fix.applicability >= Applicability.UNSAFE,
        "fix": fix,
        "mw_key": d.mw_key,
        "lint_type": d.lint_type,
        "related": [
            {"line": r.line, "column": r.column, "message": r.message} for r in d.related
        ],
        "data": d.data,
    }


def render(results: Sequence[Any], ctx: ReportContext) -> str:
    items = [diagnostic_dict(d) for r in results for d in r.diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_lines(results: Sequence[Any], ctx: ReportContext) -> str:
    return "".join(
        json.dumps(diagnostic_dict(d), ensure_ascii=False) + "\n" for r in results for d in r.diagnostics
    )
