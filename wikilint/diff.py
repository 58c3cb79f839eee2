"""Unified diffs that ``git apply`` and ``patch -p1`` accept.

``difflib.unified_diff`` writes a malformed hunk when the last line has no newline; we mark
such lines with ``\\ No newline at end of file`` as diff(1) and git do.
"""

from __future__ import annotations

import difflib

__all__ = ["unified_diff"]

NO_EOL = "\\ No newline at end of file\n"


def _split(text: str) -> list[str]:
    """Lines as diff(1), git and patch see them: ended by "\\n" only. (``str.splitlines``
    also splits at a lone "\\r", U+2028, form feeds …, which made patches for CR-only files
    that neither ``git apply`` nor ``patch`` accept; a CR-only file is one line to them.)"""
    if not text:
        return []
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def unified_diff(old: str, new: str, path: str, context: int = 3) -> str:
    """A git-style diff of one file (``a/<path>`` → ``b/<path>``); empty when equal.

    Line endings are kept exactly (a CRLF file yields CRLF lines in the patch, which is what
    ``git apply`` and ``patch`` expect).
    """
    if old == new:
        return ""
    a = _split(old)
    b = _split(new)
    path = path.replace("\\", "/").lstrip("/")
    if path.startswith("./"):
        path = path[2:]
    out = [f"diff --git a/{path} b/{path}\n"]
    lines = list(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}", n=context))
    # difflib's header lines end in "\n"; body lines keep their own ending.
    for i, line in enumerate(lines):
        if i < 2:
            out.append(line if line.endswith("\n") else line + "\n")
            continue
        if line.startswith("@@"):
            out.append(line)
            continue
        if not line.endswith("\n"):
            out.append(line + "\n")
            out.append(NO_EOL)
        else:
            out.append(line)
    return "".join(out)
