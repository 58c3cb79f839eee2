"""A comment that is never closed.

## What it does
Reports `<!--` without a matching `-->`: MediaWiki hides everything from there to the end of
the page.

## Why is this bad?
The rest of the page disappears for readers, often after an edit that deleted the closing
`-->` by accident, and nothing on the rendered page says why.

## Example
```wikitext
Text. <!-- note to editors
== Section ==
More text.
```

Use instead:
```wikitext
Text. <!-- note to editors -->
== Section ==
More text.
```

## Fix safety
No fix: only a person can tell where the comment was meant to end.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Tag


class UnclosedComment(Rule):
    code = "WL132"
    name = "unclosed-comment"
    summary = "Comment without -->"
    severity = Severity.ERROR
    text_only = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        start = text.rfind("<!--")
        if start < 0 or text.find("-->", start + 4) >= 0:
            return
        if not doc.parse_error:
            # the last <!-- may sit in <nowiki> or <pre>, where it is literal text
            for tag in doc.tags:
                if isinstance(tag, Tag) and tag.name in ("nowiki", "pre", "math", "syntaxhighlight", "source") and tag.start < start < tag.end:
                    return
        # find the first <!-- that starts the unclosed run (comments close at the first -->)
        pos = 0
        while True:
            open_at = text.find("<!--", pos)
            if open_at < 0:
                return
            close = text.find("-->", open_at + 4)
            if close < 0:
                break
            pos = close + 3
        yield self.report(
            doc,
            open_at,
            min(len(text), open_at + 4),
            "Comment is never closed: everything after <!-- is hidden",
        )
