"""A heading written entirely in bold.

## What it does
Reports headings whose whole title is wrapped in `'''…'''` (CheckWiki error #44), such as
`=== '''History''' ===`. Headings with a bold word among others are fine.

## Why is this bad?
Headings already have their own style; extra bold makes one heading look unlike the others,
and the quotes end up in the table of contents entry's source and in section links.

## Example
```wikitext
=== '''History''' ===
```

Use instead:
```wikitext
=== History ===
```

## Fix safety
Removing the quotes changes the heading's look (it then looks like every other heading), so
the fix is unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule
from wikilint.tree import Text

_WHOLE = re.compile(r"(\s*)'''(?!')([^'\n]+)(?<!')'''(\s*)")


class BoldHeading(Rule):
    code = "WL304"
    name = "bold-heading"
    summary = "Heading written entirely in bold"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    # skip a heading without "'''" in its title before the other tests (tests turn it off)
    quick_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        find = text.find
        quick = self.quick_test
        for h in doc.headings:
            if quick and find("'''", h.title_start, h.title_end) < 0:
                continue  # _WHOLE needs bold quotes
            if len(h.nodes) != 1 or type(h.nodes[0]) is not Text:
                continue
            title = text[h.title_start : h.title_end]
            m = _WHOLE.fullmatch(title)
            if not m or doc.in_raw_context(h):
                continue
            q1 = h.title_start + len(m.group(1))
            q2 = h.title_start + m.end(2)
            yield self.report(
                doc,
                h.start,
                h.end,
                f"Heading is entirely bold: {m.group(2).strip()[:60]}",
                fix=Fix.unsafe("Remove the bold quotes", Edit(q1, q1 + 3, ""), Edit(q2, q2 + 3, "")),
            )
