"""Tags closed in the wrong order (`<b><i>x</b>y</i>`).

## What it does
Reports an element that another end tag closes before its own, after which MediaWiki's tree
builder reopens it, where Parsoid reports `misnested-tag`: `<b><i>x</b>y</i>`, a `<small>`
opened in one list item and closed in the next, quotes crossing an HTML tag.

## Why is this bad?
The page renders only because the tree builder repairs it; the result often differs from the
author's intent, and every editor after them has to untangle the markup. Parsoid rates it
high priority (it is the category editors can fix mechanically).

## Example
```wikitext
<u>'''bold and underlined</u>'''
```

Use instead:
```wikitext
<u>'''bold and underlined'''</u>
```

## Fix safety
No automatic fix: which of the two tags should move is a person's choice.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import MarkupLint
from wikilint.model import Severity

from ._base import MarkupLintRule, opening


class MisnestedTag(MarkupLintRule):
    code = "WL105"
    name = "misnested-tag"
    summary = "Tags closed in the wrong order"
    lint_types = ("misnested-tag",)
    severity = Severity.ERROR

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"{opening(doc, lint)!r} is closed by another tag before its own end; MediaWiki reopens it"
