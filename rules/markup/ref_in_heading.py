"""A reference inside a heading.

## What it does
Reports `<ref>` tags (and `{{#tag:ref|…}}`) written inside a section heading
(CheckWiki error #83-like "reference in heading").

## Why is this bad?
The footnote marker shows in the heading and in the table of contents, the section's anchor
and edit summary carry it, and links to the section break when the reference changes. Style
guides of every large Wikipedia ask for the reference in the section's text instead.

## Example
```wikitext
== Awards<ref>Source.</ref> ==
```

Use instead:
```wikitext
== Awards ==
The awards<ref>Source.</ref> …
```

## Fix safety
No fix: the reference has to move to the sentence it supports, which only a person can choose.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Tag, Template


class RefInHeading(Rule):
    code = "WL303"
    name = "ref-in-heading"
    summary = "Reference inside a heading"
    severity = Severity.WARNING
    # skip a heading without "<" or "{{" before walking it (tests turn it off)
    quick_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if not doc.headings:
            return
        text = doc.text
        find = text.find
        quick = self.quick_test
        for h in doc.headings:
            if quick and find("<", h.start, h.end) < 0 and find("{{", h.start, h.end) < 0:
                continue  # a <ref> tag starts with "<", a {{#tag:ref}} with "{{"
            if doc.in_raw_context(h):
                continue
            stack = list(h.nodes)
            found = None
            while stack and found is None:
                n = stack.pop()
                if isinstance(n, Tag) and n.name == "ref" and not n.wiki_markup:
                    found = n
                elif isinstance(n, Template) and text[n.name_start : n.name_end].strip().lower().startswith("#tag:ref"):
                    found = n
                else:
                    stack.extend(n.children())
            if found is not None:
                yield self.report(
                    doc, found.start, found.end, f"Reference inside a heading: {text[found.start : found.end][:60]}"
                )
