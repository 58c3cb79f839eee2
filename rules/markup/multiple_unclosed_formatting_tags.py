"""A formatting tag opened twice where a closing tag was meant (`<small>a<small>`).

## What it does
Reports a formatting tag (`<small>`, `<b>`, `<code>` …) left open whose content ends in a
second, identical opening tag right after text, where Parsoid reports
`multiple-unclosed-formatting-tags`: the typical typo of a missing `/`.

## Why is this bad?
Tidy used to guess that the second tag was an end tag; HTML5 does not, so everything after it
on the page can turn small or bold. Parsoid rates it high priority.

## Example
```wikitext
<small>0,0117<small> million years
```

Use instead:
```wikitext
<small>0,0117</small> million years
```

## Fix safety
The fix turns the second opening tag into the end tag, as Tidy read it; the author may have
meant another place, so the fix is unsafe.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import Element, MarkupLint
from wikilint.model import Edit, Fix, FixAvailability, Severity

from ._base import MarkupLintRule, opening


class MultipleUnclosedFormattingTags(MarkupLintRule):
    code = "WL107"
    name = "multiple-unclosed-formatting-tags"
    summary = "Formatting tag opened twice instead of closed"
    lint_types = ("multiple-unclosed-formatting-tags",)
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"{opening(doc, lint)!r} is opened again instead of closed"

    def fix(self, doc: Document, lint: MarkupLint):  # type: ignore[override]
        el = lint.element
        if not isinstance(el, Element) or not el.children:
            return None
        inner = el.children[-1]
        if not isinstance(inner, Element) or inner.kind != "html" or inner.open_end <= inner.start:
            return None
        return Fix.unsafe(
            f"Make the second <{el.name}> the end tag",
            Edit(inner.start, inner.open_end, f"</{el.name}>"),
        )
