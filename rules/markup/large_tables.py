"""A table with more than 5 columns.

## What it does
Reports tables with more than 5 cells in one of their first 10 rows, where Parsoid reports
`large-tables`.

## Why is this bad?
Wide tables do not fit narrow (mobile) screens and make readers scroll sideways. It is not an
error and Parsoid gives it no priority, so the rule is a warning and off by default.

## Example
```wikitext
{|
| 1 || 2 || 3 || 4 || 5 || 6
|}
```

Use instead:
```wikitext
{|
| 1 || 2 || 3
|-
| 4 || 5 || 6
|}
```

## Fix safety
No automatic fix.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule


class LargeTables(MarkupLintRule):
    code = "WL704"
    name = "large-tables"
    summary = "Table wider than mobile screens"
    lint_types = ("large-tables",)
    severity = Severity.WARNING
    default_enabled = False

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"Table has {lint.params.get('columns')} columns in one of its first rows (more than {lint.params.get('columnsMax')})"
