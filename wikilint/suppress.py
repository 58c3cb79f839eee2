"""Inline suppression directives in HTML comments (invisible on rendered pages).

Forms (markdownlint's vocabulary)::

    <!-- wikilint-disable WL601, undefined-named-ref -->   from this line on ...
    <!-- wikilint-enable WL601 -->                         ... until this line
    text <!-- wikilint-disable-line WL601 -->              this line only
    <!-- wikilint-disable-next-line WL6 -->               the line after the comment
    <!-- wikilint-disable-file WL601 -->                   the whole file, from anywhere

* No list means every rule. Entries are codes, names or code prefixes (``WL6``), separated by
  commas and/or spaces; ``ALL`` also means every rule. Text after `` -- `` is a free-form
  reason and is ignored (``<!-- wikilint-disable-line WL601 -- archived copy requested -->``).
* A directive takes effect from the line it is on (markdownlint): a ``disable`` also covers
  diagnostics earlier on its own line, an ``enable`` re-enables its own line. A diagnostic is
  matched by the line it starts on.
* Only real comments are directives: a comment inside ``<nowiki>``, ``<pre>`` and other raw
  tags is text, and so is an unclosed ``<!--``.
* WL002 (rule-error) cannot be suppressed; WL003 and WL004 only by naming them (a blanket
  directive does not hide the report that it is itself unused).
* WL003 (``unused-suppression``) reports a directive, or a directive's entry, that suppressed
  nothing, when the rules it names ran; WL004 (``invalid-suppression``) reports a directive
  with an unknown rule or an unknown keyword. Both are reported only when selected, and can
  themselves be suppressed (``<!-- wikilint-disable-file WL003 -->``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from .model import Diagnostic, Edit, Fix, Severity

__all__ = ["Directive", "parse_directives", "apply_suppressions", "UNUSED", "INVALID"]

UNUSED = ("WL003", "unused-suppression")
INVALID = ("WL004", "invalid-suppression")
META = {UNUSED[0], INVALID[0]}
UNSUPPRESSIBLE = {"WL002"}

KINDS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")
# "wikilint-<keyword> <list>" (leading/trailing space allowed); anything else starting with
# "wikilint-" or "wikilint:" is a malformed directive.
_DIRECTIVE = re.compile(r"^\s*wikilint-([A-Za-z-]+)(?:\s+(.*?))?\s*$", re.S)
_LOOKS_LIKE = re.compile(r"^\s*wikilint\s*[-:]\s*[A-Za-z]", re.S)
_SPLIT = re.compile(r"[\s,]+")


@dataclass
class Entry:
    text: str  # as written
    start: int  # offset of the entry in the document
    end: int
    codes: frozenset[str] = frozenset()
    used: bool = False


@dataclass
class Directive:
    kind: str
    start: int  # the whole comment
    end: int
    line: int  # first line of the comment
    end_line: int
    entries: list[Entry] = field(default_factory=list)  # empty: every rule
    used: bool = False  # blanket directives (and enables)
    closes: list[Directive] = field(default_factory=list)  # enables: the disables they closed
    invalid: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, message)

    @property
    def blanket(self) -> bool:
        return not self.entries

    def matches(self, code: str) -> Entry | bool | None:
        """The entry naming *code*, ``True`` for a blanket directive, else ``None``.

        Reports about directives (WL003, WL004) are only suppressed by naming them: a blanket
        directive would otherwise hide the report that it is unused."""
        if self.blanket:
            return None if code in META else True
        for entry in self.entries:
            if code in entry.codes:
                return entry
        return None

    def credit(self, code: str) -> None:
        hit = self.matches(code)
        if hit is True:
            self.used = True
        elif hit is not None:
            hit.used = True  # type: ignore[union-attr]


def parse_directives(doc: Any, registry: Any) -> list[Directive]:
    """Every suppression directive of the document, in document order."""
    out: list[Directive] = []
    text = doc.text
    for comment in doc.comments:
        if comment.end - comment.start < 7 or doc.in_raw_context(comment):
            continue
        body = text[comment.content_start : comment.content_end]
        if "wikilint" not in body:
            continue
        m = _DIRECTIVE.match(body)
        line = doc.line_col(comment.start)[0]
        end_line = doc.line_col(max(comment.start, comment.end - 1))[0]
        if m is None:
            if _LOOKS_LIKE.match(body):
                d = Directive("invalid", comment.start, comment.end, line, end_line)
                d.invalid.append((comment.start, comment.end, f"Malformed wikilint directive '{body.strip()}'"))
                out.append(d)
            continue
        kind = m.group(1).lower()
        rest = m.group(2) or ""
        d = Directive(kind, comment.start, comment.end, line, end_line)
        if kind not in KINDS:
            d.invalid.append(
                (
                    comment.start,
                    comment.end,
                    f"Unknown wikilint directive 'wikilint-{m.group(1)}' (expected one of "
                    + ", ".join(f"wikilint-{k}" for k in KINDS)
                    + ")",
                )
            )
            d.kind = "invalid"
            out.append(d)
            continue
        base = comment.content_start + (m.start(2) if m.group(2) is not None else len(body))
        # A free-form reason after " -- " is not part of the list.
        reason = re.search(r"(?:^|\s)--(?:\s|$)", rest)
        listed = rest[: reason.start()] if reason else rest
        pos = 0
        for piece in _SPLIT.split(listed):
            if not piece:
                continue
            at = listed.index(piece, pos)
            pos = at + len(piece)
            start = base + at
            if piece.upper() == "ALL":
                d.entries = []
                break
            try:
                codes = frozenset(registry.resolve(piece))
            except Exception:  # noqa: BLE001 - UnknownSelector
                d.invalid.append((start, start + len(piece), f"Unknown rule '{piece}' in wikilint-{kind} directive"))
                continue
            d.entries.append(Entry(piece, start, start + len(piece), codes))
        if d.invalid and not d.entries:
            # Nothing valid was named: do not let a typo turn into "disable everything".
            d.kind = "invalid"
        out.append(d)
    return out


class _RangeState:
    """Which disable directive (if any) covers each code at the current point."""

    def __init__(self) -> None:
        self.explicit: dict[str, Directive] = {}
        self.blanket: Directive | None = None
        self.exceptions: set[str] = set()

    def apply(self, d: Directive, all_codes: set[str]) -> None:
        if d.kind == "disable":
            if d.blanket:
                self.blanket = d
                self.exceptions = set()
            else:
                for e in d.entries:
                    for c in e.codes:
                        self.explicit[c] = d
                        self.exceptions.discard(c)
        elif d.kind == "enable":
            closed = False
            if d.blanket:
                closed = bool(self.explicit) or self.blanket is not None
                d.closes = list({id(x): x for x in [*self.explicit.values(), self.blanket] if x is not None}.values())
                self.explicit.clear()
                self.blanket = None
                self.exceptions = set()
                d.used = closed
            else:
                for e in d.entries:
                    hit = False
                    for c in e.codes:
                        opened = self.explicit.pop(c, None)
                        if opened is not None:
                            hit = True
                            if all(opened is not x for x in d.closes):
                                d.closes.append(opened)
                        if self.blanket is not None and c not in self.exceptions:
                            self.exceptions.add(c)
                            hit = True
                    e.used = e.used or hit

    def covering(self, code: str) -> Directive | None:
        d = self.explicit.get(code)
        if d is not None:
            return d
        if self.blanket is not None and code not in self.exceptions and code not in META:
            return self.blanket
        return None


def _severity(linter: Any, code: str, default: Severity) -> Severity:
    sev = default
    registry = linter.registry
    for selector, level in linter.settings.severities.items():
        try:
            if code in registry.resolve(selector):
                sev = level
        except Exception:  # noqa: BLE001
            continue
    return sev


def _make(doc: Any, linter: Any, ident: tuple[str, str], start: int, end: int, message: str, fix: Fix | None) -> Diagnostic:
    cls = linter.registry.get(ident[0])
    default = cls.severity if cls is not None else Severity.WARNING
    return Diagnostic.at(
        doc,
        start,
        end,
        code=ident[0],
        name=ident[1],
        message=message,
        severity=_severity(linter, ident[0], default),
        fix=fix,
    )


_JOINS_SAFELY = re.compile(r"\w", re.U)
_NON_SPACE = re.compile(r"\S")


def _remove_comment(doc: Any, d: Directive) -> Edit | None:
    """Delete the directive; when it is alone on its line(s), delete the line(s) too. ``None``
    when deleting it would join the text around it into new markup (``{<!-- -->{``,
    ``<<!-- -->ref>``): a comment separates tokens for the parser, so that is no safe edit."""
    text = doc.text
    starts = doc.line_starts
    ls = starts[bisect.bisect_right(starts, d.start) - 1]
    after_line = bisect.bisect_right(starts, d.end)  # index of the first line starting after d.end
    le_full = starts[after_line] if after_line < len(starts) else len(text)
    # (searches that stop at the first non-space: no copy of a long line per directive)
    if _NON_SPACE.search(text, ls, d.start) is None and _NON_SPACE.search(text, d.end, le_full) is None:
        return Edit(ls, le_full, "")
    left = text[d.start - 1] if d.start > ls else " "
    right = text[d.end] if d.end < len(text) else " "
    if not left.isspace() and not right.isspace():
        if not (_JOINS_SAFELY.match(left) and _JOINS_SAFELY.match(right)):
            return None
    # Keep one separating space at most: eat the spaces before the comment.
    s = d.start
    while s > ls and text[s - 1] in " \t":
        s -= 1
    return Edit(s, d.end, "")


def _enables_closing_only(directives: list[Directive]) -> dict[int, list[Directive]]:
    """id of a ``disable`` -> the ``enable`` directives that closed only it, in order."""
    out: dict[int, list[Directive]] = {}
    for other in directives:
        if other.kind == "enable" and other.closes:
            first = other.closes[0]
            if all(x is first for x in other.closes):
                out.setdefault(id(first), []).append(other)
    return out


def _removal_fix(doc: Any, d: Directive, closing_only: dict[int, list[Directive]]) -> Fix | None:
    """Remove an unused directive, and with a ``disable`` the ``enable`` directives that closed
    only it (they would be unused the moment it is gone). *closing_only*: from
    :func:`_enables_closing_only`."""
    edits = [_remove_comment(doc, d)]
    if d.kind == "disable":
        for other in closing_only.get(id(d), ()):
            if other.blanket or all(e.used for e in other.entries):
                edits.append(_remove_comment(doc, other))
    if any(e is None for e in edits):
        return None
    ok = [e for e in edits if e is not None]
    return Fix.safe("Remove the unused directive", *ok)


def _rewrite(doc: Any, d: Directive, keep: list[Entry]) -> Edit:
    """Rewrite the directive's list to *keep* (a non-empty subset of its entries)."""
    first = d.entries[0].start
    last = d.entries[-1].end
    return Edit(first, last, ", ".join(e.text for e in keep))


def _describe(d: Directive) -> str:
    return f"wikilint-{d.kind}" + ("" if d.blanket else " " + ", ".join(e.text for e in d.entries))


def apply_suppressions(doc: Any, diags: list[Diagnostic], linter: Any) -> list[Diagnostic]:
    """Drop suppressed diagnostics; add WL003/WL004 diagnostics about the directives."""
    if not doc.comments:
        return diags
    registry = linter.registry
    directives = parse_directives(doc, registry)
    if not directives:
        return diags
    selected: set[str] = set(linter.codes)
    want_unused = UNUSED[0] in selected
    want_invalid = INVALID[0] in selected

    kept, _ = _filter(directives, diags, registry, count=True)

    extra: list[Diagnostic] = []
    closing_only = _enables_closing_only(directives) if want_unused else {}
    if want_invalid:
        for d in directives:
            for start, end, message in d.invalid:
                extra.append(_make(doc, linter, INVALID, start, end, message, None))
    if want_unused:
        for d in directives:
            if d.kind == "invalid":
                continue
            if d.blanket:
                if not d.used:
                    what = "enable directive closes no disabled rule" if d.kind == "enable" else "directive suppresses nothing"
                    extra.append(
                        _make(
                            doc,
                            linter,
                            UNUSED,
                            d.start,
                            d.end,
                            f"Unused suppression: '{_describe(d)}' {what}",
                            _removal_fix(doc, d, closing_only),
                        )
                    )
                continue
            # Entries that name only rules that did not run cannot be judged; entries that
            # name the directive rules themselves are never reported (no paradoxes).
            unused = [
                e
                for e in d.entries
                if not e.used and (e.codes & selected) and not (e.codes & META)
            ]
            if not unused:
                continue
            unused_ids = {id(e) for e in unused}
            judged_used = [e for e in d.entries if id(e) not in unused_ids]
            names = ", ".join(f"'{e.text}'" for e in unused)
            if d.kind == "enable":
                message = f"Unused suppression: 'wikilint-enable' of {names} closes no disabled rule"
            else:
                message = f"Unused suppression: {names} in 'wikilint-{d.kind}' suppresses nothing"
            if judged_used:
                fix = Fix.safe(
                    f"Remove {names} from the directive", _rewrite(doc, d, judged_used)
                )
                start, end = unused[0].start, unused[-1].end
            else:
                fix = _removal_fix(doc, d, closing_only)
                start, end = d.start, d.end
            extra.append(_make(doc, linter, UNUSED, start, end, message, fix))
    if extra:
        extra_kept, _ = _filter(directives, extra, registry, count=False)
        kept.extend(extra_kept)
    return kept


def _filter(
    directives: list[Directive], diags: list[Diagnostic], registry: Any, count: bool
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Split *diags* into (kept, suppressed); with *count*, credit the directives used."""
    file_level = [d for d in directives if d.kind == "disable-file"]
    by_line: dict[int, list[Directive]] = {}
    for d in directives:
        if d.kind == "disable-line":
            for ln in range(d.line, d.end_line + 1):
                by_line.setdefault(ln, []).append(d)
        elif d.kind == "disable-next-line":
            by_line.setdefault(d.end_line + 1, []).append(d)
    ranges = [d for d in directives if d.kind in ("disable", "enable")]
    if not count:
        # Evaluate without touching the usage marks of the first pass.
        ranges = [_copy(d) for d in ranges]
        file_level = [_copy(d) for d in file_level]
        by_line = {k: [_copy(d) for d in v] for k, v in by_line.items()}
    line_index = {ln: _index_by_code(ds) for ln, ds in by_line.items()}
    file_index = _index_by_code(file_level)
    state = _RangeState()
    all_codes = set(registry.rules)
    kept: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    i = 0
    for diag in sorted(diags, key=lambda x: (x.line, x.start)):
        while i < len(ranges) and ranges[i].line <= diag.line:
            state.apply(ranges[i], all_codes)
            i += 1
        if diag.code in UNSUPPRESSIBLE:
            kept.append(diag)
            continue
        owner: Directive | None = None
        on_line = line_index.get(diag.line)
        if on_line is not None:
            owner = _first_matching(on_line, diag.code)
        if owner is None:
            owner = state.covering(diag.code)
        if owner is None:
            owner = _first_matching(file_index, diag.code)
        if owner is None:
            kept.append(diag)
        else:
            suppressed.append(diag)
            if count:
                owner.credit(diag.code)
    if count:
        # Apply the remaining range directives so that every enable is judged.
        while i < len(ranges):
            state.apply(ranges[i], all_codes)
            i += 1
    return kept, suppressed


_ByCode = tuple[dict[str, tuple[int, Directive]], "tuple[int, Directive] | None"]


def _index_by_code(directives: list[Directive]) -> _ByCode:
    """For *directives* (in order): each code -> the first that names it, with its position,
    and the first blanket one. :func:`_first_matching` then answers what a walk asking each
    directive ``matches(code)`` in turn would, without the walk."""
    named: dict[str, tuple[int, Directive]] = {}
    blanket: tuple[int, Directive] | None = None
    for i, d in enumerate(directives):
        if d.blanket:
            if blanket is None:
                blanket = (i, d)
        else:
            for e in d.entries:
                for c in e.codes:
                    named.setdefault(c, (i, d))
    return named, blanket


def _first_matching(index: _ByCode, code: str) -> Directive | None:
    named, blanket = index
    hit = named.get(code)
    if blanket is not None and code not in META and (hit is None or blanket[0] < hit[0]):
        return blanket[1]
    return hit[1] if hit is not None else None


def _copy(d: Directive) -> Directive:
    return Directive(
        d.kind,
        d.start,
        d.end,
        d.line,
        d.end_line,
        [Entry(e.text, e.start, e.end, e.codes) for e in d.entries],
        invalid=list(d.invalid),
    )
