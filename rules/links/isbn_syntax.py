"""An ISBN written so that MediaWiki does not recognise it.

## What it does
Reports `ISBN:`, `ISBN-10:` and `ISBN-13:` followed by a number in running text (CheckWiki
error #69). MediaWiki turns only `ISBN` + space + number into a book-sources link.

## Why is this bad?
The number stays plain text: readers lose the link to book sources, and bots that check or
convert ISBNs skip it.

## Example
```wikitext
Riga, 1997. ISBN: 9984-9256-0-9
```

Use instead:
```wikitext
Riga, 1997. ISBN 9984-9256-0-9
```

## Fix safety
The fix writes `ISBN ` followed by the number. It changes what the reader sees (the colon goes,
a link appears), so it is offered as unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule
from wikilint.rules.links._linkutil import has_isbn

_BAD = re.compile(r"ISBN(?:-1[03])?(\s*:\s*|-1[03]\s+)(?=[0-9])")


class IsbnSyntax(Rule):
    code = "WL413"
    name = "isbn-syntax"
    summary = "ISBN written with a colon"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if not has_isbn(doc):
            return
        for m in _BAD.finditer(text):
            if (m.start() and text[m.start() - 1].isalnum()) or doc.in_raw(m.start()):
                continue
            yield self.report(
                doc,
                m.start(),
                m.end(),
                f"'{m.group().strip()}' is not read as an ISBN: write 'ISBN ' and the number",
                fix=Fix.unsafe("Write 'ISBN ' before the number", Edit(m.start(), m.end(), "ISBN ")),
            )
