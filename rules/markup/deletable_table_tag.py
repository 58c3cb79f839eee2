"""A table opened where a cell was expected, ending the outer table.

## What it does
Reports `{|` or `<table>` written between rows of a table (not inside a cell), where Parsoid
reports `deletable-table-tag`: the HTML5 tree builder closes the outer table there and starts
a new one.

## Why is this bad?
Tidy used to drop the stray tag and keep one table; now the table is split in two and its
last rows lose their layout. Parsoid rates it high priority: usually the tag should be
deleted.

## Example
```wikitext
{|
| a
|-
{|
| b
|}
```

Use instead:
```wikitext
{|
| a
|-
| b
|}
```

## Fix safety
No automatic fix: deleting a table start also needs its `|}` removed, which a person should
check.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule


class DeletableTableTag(MarkupLintRule):
    code = "WL702"
    name = "deletable-table-tag"
    summary = "Stray table start inside a table"
    lint_types = ("deletable-table-tag",)
    severity = Severity.ERROR
    default_enabled = True

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return (
            "A table starts where a row or cell was expected; MediaWiki ends the outer table here"
        )
