"""A link that starts with two or more colons.

## What it does
Reports `[[::Page]]` and `[[:::Page]]`, as Parsoid's `multi-colon-escape` lint does. One
leading colon (`[[:Category:X]]`, `[[:File:Y]]`) makes a plain link to a page that would
otherwise categorise or embed; more colons are a typing slip, often from a template.

## Why is this bad?
The two parsers disagree about the extra colons: the legacy parser drops them, Parsoid keeps
them in the link target. The link may show or lead somewhere other than intended.

## Example
```wikitext
See [[::Category:Physics]].
```

Use instead:
```wikitext
See [[:Category:Physics]].
```

## Fix safety
The fix removes the extra colons and keeps one, which is what the legacy parser (the renderer
readers see) already does: safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

_DOUBLE_COLON = re.compile(r":(?=:)")


class MultiColonEscape(Rule):
    code = "WL412"
    name = "multi-colon-escape"
    summary = "Link target starts with more than one colon"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    lint_types = ("multi-colon-escape",)

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if _DOUBLE_COLON.search(text) is None:  # "::" not in text (found faster)
            return  # no title can start with "::"
        for link in doc.wikilinks:
            title = text[link.title_start : link.title_end]
            stripped = title.lstrip(" ")
            if not stripped.startswith("::"):
                continue
            if doc.in_raw_context(link):
                continue
            first = link.title_start + (len(title) - len(stripped))
            n = len(stripped) - len(stripped.lstrip(":"))
            if n == len(stripped):
                continue  # nothing but colons: not a link MediaWiki makes
            yield self.report(
                doc,
                link.start,
                link.end,
                f"Link target starts with {n} colons: {title.strip()[:60]}",
                fix=Fix.safe("Keep a single colon", Edit(first, first + n - 1, "")),
            )
