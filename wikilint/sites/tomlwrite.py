"""A small TOML writer for generated site profiles (strings, numbers, booleans, lists, tables).

The standard library reads TOML but does not write it; profiles are simple enough that a few
lines do, and the output is checked by reading it back with :mod:`tomllib`.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

__all__ = ["dumps"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        # a JSON string is a valid TOML basic string (same escapes)
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _wrap_list(prefix: str, items: list[Any], width: int = 100) -> str:
    parts = [_value(x) for x in items]
    line = prefix + "[" + ", ".join(parts) + "]"
    if len(line) <= width:
        return line
    out, cur = [prefix + "["], "  "
    for p in parts:
        if len(cur) + len(p) + 2 > width and cur.strip():
            out.append(cur.rstrip())
            cur = "  "
        cur += p + ", "
    if cur.strip():
        out.append(cur.rstrip())
    out.append("]")
    return "\n".join(out)


def _table(path: list[str], data: dict[str, Any], lines: list[str]) -> None:
    scalars = [(k, v) for k, v in data.items() if not isinstance(v, dict)]
    tables = [(k, v) for k, v in data.items() if isinstance(v, dict)]
    if path and (scalars or not tables):
        lines.append("")
        lines.append("[" + ".".join(_key(p) for p in path) + "]")
    for k, v in scalars:
        if isinstance(v, (list, tuple)):
            lines.append(_wrap_list(f"{_key(k)} = ", list(v)))
        else:
            lines.append(f"{_key(k)} = {_value(v)}")
    for k, v in tables:
        _table([*path, k], v, lines)


def dumps(data: dict[str, Any], header: str = "") -> str:
    """TOML text for *data*; *header* lines are written first as comments."""
    lines = [f"# {h}" if h else "#" for h in header.splitlines()]
    _table([], data, lines)
    text = "\n".join(lines).lstrip("\n") + "\n"
    tomllib.loads(text)  # what we write must read back
    return text
