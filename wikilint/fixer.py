"""Apply fixes to a fixed point.

Each pass: lint, take the fixes at or above the wanted applicability, sort them by position,
apply every fix that does not overlap one already taken (all edits of a fix or none), re-parse,
repeat. Stops when a pass applies nothing, after ``MAX_PASSES``, or when a text repeats (a
cycle, which is a rule bug and names the rules involved).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .linter import Linter
from .model import Applicability, Diagnostic, Edit, Fix

__all__ = ["FixResult", "FixCycleError", "apply_edits", "fix_text", "MAX_PASSES"]

MAX_PASSES = 25


class FixCycleError(Exception):
    def __init__(self, codes: set[str], path: str | None) -> None:
        self.codes = codes
        super().__init__(
            f"{path or '<text>'}: fixes did not converge (rules {', '.join(sorted(codes))}); "
            "this is a bug in those rules"
        )


@dataclass
class FixResult:
    text: str
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    passes: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (offsets into *text*)."""
    out = []
    pos = 0
    for e in sorted(edits):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _overlaps(fix: Fix, taken: list[tuple[int, int]]) -> bool:
    """True when an edit of *fix* overlaps a taken range, or starts where one starts (two
    insertions at one point would have no defined order)."""
    for e in fix.edits:
        for s, t in taken:
            if (e.start < t and s < e.end) or e.start == s:
                return True
    return False


def select_fixes(diags: list[Diagnostic], threshold: Applicability) -> list[tuple[Diagnostic, Fix]]:
    candidates = [
        (d, d.fix) for d in diags if d.fix is not None and d.fix.applicability >= threshold and d.fix.edits
    ]
    candidates.sort(key=lambda df: (df[1].start, df[1].end, df[0].code))
    chosen: list[tuple[Diagnostic, Fix]] = []
    taken: list[tuple[int, int]] = []
    for d, fix in candidates:
        if _overlaps(fix, taken):
            continue
        chosen.append((d, fix))
        taken.extend((e.start, e.end) for e in fix.edits)
    return chosen


def fix_text(
    linter: Linter,
    text: str,
    path: str | None = None,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FixResult:
    """Fix *text* with the linter's rules. The returned text never differs from the input
    outside the applied edits. A page that cannot be parsed is never fixed."""
    threshold = Applicability.UNSAFE if unsafe else Applicability.SAFE
    result = FixResult(text=text)
    seen = {hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()}
    current = text
    last_codes: set[str] = set()
    for n in range(max_passes):
        doc = linter.document(current, path)
        diags = linter.lint_document(doc)
        result.passes = n + 1
        if doc.parse_error:
            result.remaining = diags
            break
        chosen = select_fixes(diags, threshold)
        if not chosen:
            result.remaining = diags
            break
        edits = [e for _, fix in chosen for e in fix.edits]
        new = apply_edits(doc.text, edits)
        if current.startswith("\ufeff"):
            new = "\ufeff" + new
        last_codes = {d.code for d, _ in chosen}
        digest = hashlib.sha1(new.encode("utf-8", "surrogatepass")).digest()
        if new == current:
            result.remaining = diags
            break
        if digest in seen:
            raise FixCycleError(last_codes, path)
        seen.add(digest)
        result.applied.extend(d for d, _ in chosen)
        current = new
    else:
        raise FixCycleError(last_codes, path)
    result.text = current
    return result
