"""An inline tag left open across a paragraph break, which HTML5 does not carry over.

## What it does
Reports a `<span>`, `<sub>`, `<sup>`, `<del>`, `<ins>`, `<abbr>`, `<cite>` … (tags Tidy used to
carry into the next paragraph and HTML5 does not) that is still open at a paragraph break or
block, where Parsoid reports `html5-misnesting`.

## Why is this bad?
Since MediaWiki replaced Tidy, the tag stops at the paragraph break: the styling the author
saw no longer reaches the text after it. Parsoid rates it high priority.

## Example
```wikitext
<span style="color:green">First paragraph.

Second paragraph.</span>
```

Use instead:
```wikitext
<span style="color:green">First paragraph.</span>

<span style="color:green">Second paragraph.</span>
```

## Fix safety
No automatic fix: the styling has to be repeated or moved to a block element by a person.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule, opening


class Html5Misnesting(MarkupLintRule):
    code = "WL106"
    name = "html5-misnesting"
    summary = "Inline tag left open across a paragraph break"
    lint_types = ("html5-misnesting",)
    severity = Severity.ERROR

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"{opening(doc, lint)!r} is still open at a paragraph break; HTML5 does not carry it over"
