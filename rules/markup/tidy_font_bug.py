"""A `<font color=…>` around a link, meant to colour the link.

## What it does
Reports `<font color=…>` whose only content is one link (plus comments or categories), where
Parsoid reports `tidy-font-bug`.

## Why is this bad?
Tidy used to move such a `<font>` inside the link, so the link took the colour. HTML5 does
not: the link is blue or red again, often unreadable on the coloured background the author
chose. Parsoid rates it high priority.

## Example
```wikitext
<font color="white">[[Triassic]]</font>
```

Use instead:
```wikitext
[[Triassic|<span style="color:white">Triassic</span>]]
```

## Fix safety
No automatic fix: the link text has to be written out inside the link.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule, opening


class TidyFontBug(MarkupLintRule):
    code = "WL109"
    name = "tidy-font-bug"
    summary = "Font colour around a link no longer colours the link"
    lint_types = ("tidy-font-bug",)
    severity = Severity.ERROR
    default_enabled = True

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return (
            f"{opening(doc, lint)!r} wraps only a link: its colour no longer reaches the link text"
        )
