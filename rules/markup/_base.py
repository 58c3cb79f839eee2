"""Shared base of the rules that report the markup model's Parsoid lint predictions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from wikilint.document import Document
from wikilint.markup import Element, MarkupLint
from wikilint.model import Diagnostic, Fix
from wikilint.rule import Rule


class MarkupLintRule(Rule):
    """Reports every lint of ``lint_types[0]`` that ``doc.markup`` predicts."""

    code: ClassVar[str] = ""
    what: ClassVar[str] = "markup problem"

    def message(self, doc: Document, lint: MarkupLint) -> str:  # pragma: no cover - overridden
        return self.what

    def fix(self, doc: Document, lint: MarkupLint) -> Fix | None:
        return None

    def span(self, doc: Document, lint: MarkupLint) -> tuple[int, int]:
        """The opening tag of the element, or the lint's span."""
        el = lint.element
        if isinstance(el, Element) and el.open_end > el.start:
            return el.start, el.open_end
        return lint.start, max(lint.end, lint.start)

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for lint in doc.markup._by_type().get(self.lint_types[0], ()):
            start, end = self.span(doc, lint)
            yield self.report(
                doc,
                start,
                end,
                self.message(doc, lint),
                fix=self.fix(doc, lint),
                data=dict(lint.params) or None,
            )


def opening(doc: Document, lint: MarkupLint) -> str:
    el = lint.element
    if isinstance(el, Element) and el.open_end > el.start:
        return doc.text[el.start : el.open_end]
    return lint.name or ""


def markup_of(el: Element) -> str:
    """How the element's end is written: ``</span>``, or ``''``/``'''`` for a quote."""
    if el.kind == "quote":
        return "''" if el.name == "i" else "'''"
    return f"</{el.name}>"
