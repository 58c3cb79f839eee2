"""Two HTML elements on the page with the same `id`.

## What it does
Reports the second and later elements whose `id` attribute repeats an earlier one, where
Parsoid reports `duplicate-ids`.

## Why is this bad?
Links to `#id` jump to the first element only, and scripts and styles that address the id
pick one of them. Parsoid rates it high priority.

## Example
```wikitext
<div id="notes">A</div>
<div id="notes">B</div>
```

Use instead:
```wikitext
<div id="notes">A</div>
<div id="notes-2">B</div>
```

## Fix safety
No automatic fix: other pages may link to either id.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule


class DuplicateIds(MarkupLintRule):
    code = "WL112"
    name = "duplicate-ids"
    summary = "Same id on two elements"
    lint_types = ("duplicate-ids",)
    severity = Severity.ERROR
    default_enabled = True

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"id {lint.params.get('id')!r} is already used by an earlier element on the page"
