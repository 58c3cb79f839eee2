"""Value types shared by the engine, the rules and the reporters.

Offsets are code-point indexes into the document text (a Python ``str``), half-open
``[start, end)``. Lines and columns are 1-based; columns count code points.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Applicability(enum.IntEnum):
    """How far a fix can be trusted. Ordered: a higher value is safer."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return {0: "display-only", 1: "unsafe", 2: "safe"}[int(self)]


class FixAvailability(enum.Enum):
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected 'error' or 'warning')") from None


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad edit range {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Fix:
    """One or more edits applied together, all or nothing."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @classmethod
    def safe(cls, title: str, *edits: Edit) -> Fix:
        return cls(title, tuple(sorted(edits)), Applicability.SAFE)

    @classmethod
    def unsafe(cls, title: str, *edits: Edit) -> Fix:
        return cls(title, tuple(sorted(edits)), Applicability.UNSAFE)

    @classmethod
    def display_only(cls, title: str, *edits: Edit) -> Fix:
        return cls(title, tuple(sorted(edits)), Applicability.DISPLAY_ONLY)

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True, slots=True)
class Related:
    """A secondary location a diagnostic points at (e.g. the other definition)."""

    start: int
    end: int
    message: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule in one document."""

    code: str
    name: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    severity: Severity = Severity.ERROR
    fix: Fix | None = None
    # The MediaWiki message key this diagnostic predicts (e.g. a Cite error key), if any.
    mw_key: str | None = None
    # The Parsoid lint category this diagnostic predicts (e.g. "missing-end-tag"), if any.
    lint_type: str | None = None
    related: tuple[Related, ...] = ()
    # Structured extra data for machine output (e.g. the URL a dead-link tag marks).
    data: dict | None = field(default=None, compare=False, hash=False)
    path: str | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability >= Applicability.UNSAFE

    def sort_key(self) -> tuple:
        return (self.path or "", self.start, self.end, self.code, self.message)

    @classmethod
    def at(cls, doc: Any, start: int, end: int, *, code: str, name: str, message: str, **fields: Any) -> Diagnostic:
        """A diagnostic at ``doc.text[start:end]``, with line and column computed from *doc*
        (anything with ``line_col(offset)`` and ``path``)."""
        line, column = doc.line_col(start)
        end_line, end_column = doc.line_col(end)
        return cls(
            code=code,
            name=name,
            message=message,
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            path=doc.path,
            **fields,
        )
