"""An inline element with `white-space:nowrap` wrapping lines that become paragraphs.

## What it does
Reports an inline element (`<span>`, `<small>` …) with `nowrap` in its style or class, placed
directly in a block (`<div>`, a cell) and holding lines of its own, where Parsoid reports
`pwrap-bug-workaround`.

## Why is this bad?
The lines become paragraphs inside the inline element: Tidy used to hide this, HTML5 keeps
it, and the nowrap no longer applies the way the author saw. Parsoid rates it high priority.

## Example
```wikitext
<div><span style="white-space:nowrap">
text
</span>
</div>
```

Use instead:
```wikitext
<div style="white-space:nowrap">
text
</div>
```

## Fix safety
No automatic fix: the style belongs on the block, which a person should move.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule, opening


class PwrapBugWorkaround(MarkupLintRule):
    code = "WL110"
    name = "pwrap-bug-workaround"
    summary = "Nowrap inline element around paragraphs"
    lint_types = ("pwrap-bug-workaround",)
    severity = Severity.ERROR
    default_enabled = True

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"{opening(doc, lint)!r} sets nowrap on content MediaWiki wraps in paragraphs"
