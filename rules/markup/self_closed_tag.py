"""A tag that cannot be empty is written self-closed (`<span/>`, `<div />`).

## What it does
Reports a non-void HTML tag written with `/>`, where Parsoid reports `self-closed-tag`.
`<br/>`, `<br />`, `<hr/>` and other void elements are fine.

## Why is this bad?
HTML ignores the slash: `<span/>` opens a `<span>` that runs on to the end of its parent and
wraps whatever follows. Parsoid rates it high priority.

## Example
```wikitext
Name<sup/>1
```

Use instead:
```wikitext
Name<sup>1</sup>
```

## Fix safety
The fix writes an empty pair (`<sup></sup>`), which is what an empty self-closed tag means to
its author; the text that follows is no longer wrapped, so the rendering changes: unsafe.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Edit, Fix, FixAvailability, Severity

from ._base import MarkupLintRule, opening


class SelfClosedTag(MarkupLintRule):
    code = "WL104"
    name = "self-closed-tag"
    summary = "Non-void tag written self-closed"
    lint_types = ("self-closed-tag",)
    severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"Tag {opening(doc, lint)!r} cannot be self-closed; HTML reads it as an opening <{lint.name}>"

    def fix(self, doc: Document, lint: MarkupLint):  # type: ignore[override]
        tag = doc.text[lint.start : lint.end]
        body = tag[:-2].rstrip() + ">"
        return Fix.unsafe(
            f"Write an empty <{lint.name}></{lint.name}> pair",
            Edit(lint.start, lint.end, body + f"</{lint.name}>"),
        )
