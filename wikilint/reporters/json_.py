"""JSON: one object per diagnostic (``json``: an array; ``json-lines``: one per line)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import Applicability
from . import ReportContext


def diagnostic_dict(d: Any, doc_text: str | None = None, *, lazy_edits: bool = False) -> dict[str, Any]:
    """*lazy_edits*: the fix's edits as an :class:`_Edits` (for the writer below) instead of a
    list of dicts."""
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.label,
            "message": d.fix.title,
            "edits": _Edits(d.fix.edits)
            if lazy_edits
            else [{"start": e.start, "end": e.end, "content": e.replacement} for e in d.fix.edits],
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
    out: list[str] = []
    try:
        _indented(items, out, "\n")
    except _Unsupported:  # a value the fast writer does not know: the library decides
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    out.append("\n")
    return "".join(out)


class _Unsupported(Exception):
    pass


class _Edits:
    """A fix's edits for :func:`_indented`, which writes each as the dict
    ``{"start": …, "end": …, "content": …}`` would be written, without making the dict: a fix
    of 200,000 edits (one per duplicated ref) would otherwise be 200,000 dicts at once."""

    __slots__ = ("edits",)

    def __init__(self, edits: Any) -> None:
        self.edits = edits


def _write_edits(edits: Any, out: list[str], nl: str) -> None:
    if not edits:
        out.append("[]")
        return
    inner = nl + "  "
    inner2 = inner + "  "
    head = "{" + inner2 + '"start": '
    mid1 = "," + inner2 + '"end": '
    mid2 = "," + inner2 + '"content": '
    tail = inner + "}"
    sep = "[" + inner
    for e in edits:
        start, end, content = e.start, e.end, e.replacement
        if type(start) is not int or type(end) is not int or type(content) is not str:
            raise _Unsupported
        out.append(f"{sep}{head}{int.__repr__(start)}{mid1}{int.__repr__(end)}{mid2}{_string(content)}{tail}")
        sep = "," + inner
    out.append(nl + "]")


_string = json.encoder.encode_basestring  # the C function json.dumps(ensure_ascii=False) uses


def _indented(value: Any, out: list[str], nl: str) -> None:
    """Write *value* exactly as ``json.dumps(value, ensure_ascii=False, indent=2)`` does (that
    path of the json module is pure Python, and slow for a whole corpus's diagnostics). *nl* is
    the newline plus the current indentation."""
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = nl + "  "
        sep = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            out.append(sep)
            out.append(_string(key))
            out.append(": ")
            _indented(item, out, inner)
            sep = "," + inner
        out.append(nl + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _indented(item, out, inner)
            sep = "," + inner
        out.append(nl + "]")
    elif kind is _Edits:
        _write_edits(value.edits, out, nl)
    else:  # floats (nan, inf), subclasses, other types: leave them to the json module
        raise _Unsupported


def render_lines(results: Sequence[Any], ctx: ReportContext) -> str:
    return "".join(
        json.dumps(diagnostic_dict(d), ensure_ascii=False) + "\n" for r in results for d in r.diagnostics
    )


_N4 = ",\n    "


def _diagnostic_text(d: Any, out: list[str]) -> None:
    """What ``_indented(diagnostic_dict(d, lazy_edits=True), out, "\n  ")`` writes, without
    making the dict: the keys in diagnostic_dict's order, each value as _indented writes it."""
    for v in (d.line, d.column, d.end_line, d.end_column):
        if type(v) is not int:
            raise _Unsupported
    for v in (d.code, d.name, d.message):
        if type(v) is not str:
            raise _Unsupported
    out.append('{\n    "file": ')
    _indented(d.path, out, "\n    ")
    out.append(
        f'{_N4}"line": {int.__repr__(d.line)}{_N4}"column": {int.__repr__(d.column)}'
        f'{_N4}"end_line": {int.__repr__(d.end_line)}{_N4}"end_column": {int.__repr__(d.end_column)}'
        f'{_N4}"code": {_string(d.code)}{_N4}"name": {_string(d.name)}'
    )
    out.append(_N4 + '"severity": ')
    _indented(d.severity.value, out, "\n    ")
    out.append(_N4 + '"message": ' + _string(d.message))
    fix = d.fix
    if fix is None:
        out.append(_N4 + '"fix_available": false' + _N4 + '"fix": null')
    else:
        out.append(_N4 + '"fix_available": ' + ("true" if fix.applicability >= Applicability.UNSAFE else "false"))
        out.append(_N4 + '"fix": {\n      "applicability": ')
        _indented(fix.applicability.label, out, "\n      ")
        out.append(',\n      "message": ')
        _indented(fix.title, out, "\n      ")
        out.append(',\n      "edits": ')
        _write_edits(fix.edits, out, "\n      ")
        out.append("\n    }")
    out.append(_N4 + '"mw_key": ')
    _indented(d.mw_key, out, "\n    ")
    out.append(_N4 + '"lint_type": ')
    _indented(d.lint_type, out, "\n    ")
    out.append(_N4 + '"related": ')
    if d.related:
        _indented([{"line": r.line, "column": r.column, "message": r.message} for r in d.related], out, "\n    ")
    else:
        out.append("[]")
    out.append(_N4 + '"data": ')
    _indented(d.data, out, "\n    ")
    out.append("\n  }")


def _item_text(d: Any) -> str:
    """One diagnostic as :func:`render` writes it inside the array (indented by two spaces)."""
    out: list[str] = []
    try:
        _diagnostic_text(d, out)
    except _Unsupported:
        return json.dumps(diagnostic_dict(d), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return "".join(out)


class Stream:
    """The same bytes as :func:`render`, a file's diagnostics at a time."""

    def __init__(self, ctx: ReportContext) -> None:
        self.first = True

    def add(self, result: Any) -> str:
        out = []
        for d in result.diagnostics:
            out.append("[\n  " if self.first else ",\n  ")
            self.first = False
            out.append(_item_text(d))
        return "".join(out)

    def end(self) -> str:
        return "[]\n" if self.first else "\n]\n"


class LinesStream:
    """The same bytes as :func:`render_lines`, a file's diagnostics at a time."""

    def __init__(self, ctx: ReportContext) -> None:
        pass

    def add(self, result: Any) -> str:
        return "".join(json.dumps(diagnostic_dict(d), ensure_ascii=False) + "\n" for d in result.diagnostics)

    def end(self) -> str:
        return ""
