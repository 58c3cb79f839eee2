"""A tag MediaWiki drops: an end tag with nothing to close, or a table tag out of place.

## What it does
Reports tags the HTML5 tree builder ignores, where Parsoid reports `stripped-tag`: an end tag
such as `</div>` or `</span>` with no matching open element, and `<td>`/`<tr>` outside a table.

## Why is this bad?
The tag has no effect: something the author meant (a box, a cell) is not there, or the tag is
left-over noise that misleads the next editor. Parsoid rates it medium priority.

## Example
```wikitext
Some text.</span>
```

Use instead:
```wikitext
Some text.
```

## Fix safety
Removing a stray end tag is safe: MediaWiki drops it already, so the page renders the same.
A dropped start tag (`<td>` outside a table) is reported without a fix: a person should decide
whether a table was meant.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint, Stripped
from wikilint.model import Edit, Fix, FixAvailability, Severity

from ._base import MarkupLintRule


class StrippedTag(MarkupLintRule):
    code = "WL103"
    name = "stripped-tag"
    summary = "Tag dropped by MediaWiki"
    lint_types = ("stripped-tag",)
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def message(self, doc: Document, lint: MarkupLint) -> str:
        tag = doc.text[lint.start : lint.end]
        el = lint.element
        if isinstance(el, Stripped) and el.closing:
            return f"End tag {tag!r} has no open <{lint.name}> to close; MediaWiki drops it"
        return f"Tag {tag!r} is not allowed here; MediaWiki drops it"

    def fix(self, doc: Document, lint: MarkupLint):  # type: ignore[override]
        el = lint.element
        if isinstance(el, Stripped) and el.closing and el.name != "table":
            return Fix.safe(f"Remove the stray </{el.name}>", Edit(lint.start, lint.end, ""))
        return None
