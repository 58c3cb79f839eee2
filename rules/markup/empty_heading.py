"""A heading with no text.

## What it does
Reports headings such as `== ==`, `==<!-- x -->==` or `== [[Category:X]] ==`, whose title is
empty once comments, category links, behaviour switches (`__NOTOC__`) and white space are left
out, as Parsoid's `empty-heading` lint does. Headings whose title comes from a template or
holds any other markup are not reported.

## Why is this bad?
An empty heading still makes a section: it shows as an empty line with a rule under it, an
empty entry in the table of contents and an edit link with nothing to say what it edits.

## Example
```wikitext
== ==
Text.
```

Use instead:
```wikitext
== History ==
Text.
```

## Fix safety
No fix: only a person knows the heading's title, or whether the section should go.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Comment, Text, Wikilink

from ._util import strip_comments

_SWITCH = re.compile(r"__[A-Z\u00C0-\uFFFF]+__|_+")
_CATEGORY = 14


class EmptyHeading(Rule):
    code = "WL301"
    name = "empty-heading"
    summary = "Heading without text"
    severity = Severity.WARNING
    lint_types = ("empty-heading",)
    # headings with plain text are not empty: told from their text (tests turn it off to compare)
    quick_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        si = doc.site.siteinfo
        quick = self.quick_test
        for h in doc.headings:
            # (whether the heading is in raw text is asked only of an empty one, below)
            if quick:
                # Without "<" (comments), "[" (links) and "_" (behaviour switches), any
                # character that is not blank is in a node that makes the heading not empty:
                # a text node with it, or a template, an entity, a free external link.
                title = text[h.title_start : h.title_end]
                if "<" not in title and "[" not in title and "_" not in title and title.strip():
                    continue
            empty = True
            for n in h.nodes:
                if isinstance(n, Comment):
                    continue
                if type(n) is Text:
                    rest = strip_comments(text[n.start : n.end])
                    if "_" in rest:  # without one, _SWITCH finds nothing to remove
                        rest = _SWITCH.sub("", rest)
                    if rest.strip():
                        empty = False
                        break
                    continue
                if isinstance(n, Wikilink):
                    title = text[n.title_start : n.title_end].strip()
                    if ":" in title and not title.startswith(":") and si.namespace_id(title.split(":", 1)[0]) == _CATEGORY:
                        continue
                empty = False
                break
            if empty and not doc.in_raw_context(h):
                yield self.report(doc, h.start, h.end, "Heading has no text")
