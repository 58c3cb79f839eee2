"""An inline style sets a background colour without a text colour.

## What it does
Reports elements and table cells whose `style` sets `background` or `background-color` but
no `color`, where Parsoid reports `night-mode-unaware-background-color`.

## Why is this bad?
In dark mode the text turns light while the background stays light: the text becomes hard or
impossible to read. Parsoid rates it low priority, and it is very common on older pages, so
the rule is a warning and off by default; select it (`WL113`) to clean a page up.

## Example
```wikitext
<div style="background:#ffd">Note</div>
```

Use instead:
```wikitext
<div style="background:#ffd; color:#202122">Note</div>
```

## Fix safety
No automatic fix: the right text colour depends on the background.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule, opening


class NightModeUnawareBackgroundColor(MarkupLintRule):
    code = "WL113"
    name = "night-mode-unaware-background-color"
    summary = "Background colour without a text colour"
    lint_types = ("night-mode-unaware-background-color",)
    severity = Severity.WARNING
    default_enabled = False

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"{opening(doc, lint)[:60]!r} sets a background colour but no text colour"
