"""Text or markup inside a table but outside its cells.

## What it does
Reports tables with content between `{|` and the first cell or between rows (text, a
tag, a heading), where Parsoid reports `fostered`: HTML moves ("fosters") that content out,
in front of the table. Content a template writes there is not reported (the template may
well write rows).

## Why is this bad?
The content shows up above the table, far from where the author put it. Parsoid rates it
medium priority.

## Example
```wikitext
{|
Caption text
|-
| cell
|}
```

Use instead:
```wikitext
{|
|+ Caption text
|-
| cell
|}
```

## Fix safety
No automatic fix: whether the content is a caption, a cell or belongs outside is a person's
choice.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule


class Fostered(MarkupLintRule):
    code = "WL701"
    name = "fostered"
    summary = "Content between table rows is moved out of the table"
    lint_types = ("fostered",)
    severity = Severity.WARNING
    default_enabled = True

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return "Content between the rows of this table is not in a cell; MediaWiki moves it in front of the table"
