"""A `<span>` with a style or class whose first content is a `<div>` (the div-span flip).

## What it does
Reports `<span …><div …>` where the span or the div carries a `style` or `class`, where Parsoid
reports `misc-tidy-replacement-issues` (subtype `div-span-flip`).

## Why is this bad?
Tidy turned the pair inside out; HTML5 keeps a block inside an inline element, so the styles
apply differently than the author saw. Parsoid rates it high priority.

## Example
```wikitext
<span class="plainlinks"><div>text</div></span>
```

Use instead:
```wikitext
<div class="plainlinks">text</div>
```

## Fix safety
No automatic fix: merging the two elements is a person's choice.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule, opening


class MiscTidyReplacementIssues(MarkupLintRule):
    code = "WL111"
    name = "misc-tidy-replacement-issues"
    summary = "Styled span around a div"
    lint_types = ("misc-tidy-replacement-issues",)
    severity = Severity.ERROR
    default_enabled = True

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"{opening(doc, lint)!r} wraps a <div>: HTML5 keeps the block inside the inline element, Tidy flipped them"
