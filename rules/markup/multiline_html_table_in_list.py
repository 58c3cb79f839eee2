"""An HTML `<table>` in a list item (`*`, `#`, `:`, `;`) written over several lines.

## What it does
Reports `<table>` opened on a list line and closed on a later line, where Parsoid reports
`multiline-html-table-in-list`.

## Why is this bad?
A list item ends at its line break; the table is split from the item, and Tidy and HTML5
build different pages from it. Parsoid rates it high priority.

## Example
```wikitext
* <table><tr><td>x</td></tr>
</table>
```

Use instead:
```wikitext
* <table><tr><td>x</td></tr></table>
```

## Fix safety
No automatic fix.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule


class MultilineHtmlTableInList(MarkupLintRule):
    code = "WL703"
    name = "multiline-html-table-in-list"
    summary = "HTML table over several lines inside a list item"
    lint_types = ("multiline-html-table-in-list",)
    severity = Severity.ERROR
    default_enabled = True

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return "An HTML table inside a list item runs over several lines; the list item ends at the line break"
