"""An HTML tag inside a section heading is never closed.

## What it does
Reports elements opened in a heading (`== … ==`) and left open, where Parsoid reports
`missing-end-tag-in-heading`.

## Why is this bad?
The heading ends the element, but its formatting can leak into the table of contents and the
section link, and the heading looks different from what the author intended. Parsoid rates
it medium priority.

## Example
```wikitext
== History <small>(short) ==
```

Use instead:
```wikitext
== History <small>(short)</small> ==
```

## Fix safety
The fix closes the tag at the end of the heading text, which is where MediaWiki closes it;
the author may have meant another place, so the fix is unsafe.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import FixAvailability, Severity

from ._base import MarkupLintRule, opening
from .missing_end_tag import close_fix


class MissingEndTagInHeading(MarkupLintRule):
    code = "WL102"
    name = "missing-end-tag-in-heading"
    summary = "HTML tag in a heading never closed"
    lint_types = ("missing-end-tag-in-heading",)
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"Tag {opening(doc, lint)!r} in a heading is never closed"

    def fix(self, doc: Document, lint: MarkupLint):  # type: ignore[override]
        return close_fix(doc, lint)
