"""A pipe typed between an external link's URL and its text.

## What it does
Reports `[http://example.org|Example]`: a `|` after the URL where a space belongs (CheckWiki
error #93-like). Pipes that are part of the address (`…#panel:a|b:/c`) are left alone: only a
pipe followed by a word with no URL punctuation is reported.

## Why is this bad?
External links take a space, not a pipe, before their text. MediaWiki makes the whole thing a
URL: the reader sees a bare number `[1]` instead of the text, and the link goes to a wrong
address.

## Example
```wikitext
<ref>[http://www.unpo.org/members/7859|Assyria]</ref>
```

Use instead:
```wikitext
<ref>[http://www.unpo.org/members/7859 Assyria]</ref>
```

## Fix safety
Replacing the pipe with a space is what the author meant in nearly every case, but it changes
the link target and what is shown: unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

_URLISH = re.compile(r"[/:=&?%.#+~@]")


class PipeInExtlinkUrl(Rule):
    code = "WL415"
    name = "pipe-in-extlink-url"
    summary = "Pipe instead of a space after an external link's URL"
    severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for link in doc.external_links:
            if not link.brackets:
                continue
            url = text[link.url_start : link.url_end]
            bar = url.find("|")
            if bar <= 0:
                continue
            after = url[bar + 1 :]
            if not after or _URLISH.search(after) or doc.in_raw(link.start):
                continue
            pos = link.url_start + bar
            yield self.report(
                doc,
                link.start,
                link.end,
                f"External link has a pipe where a space belongs: {url[: bar + 1 + 30]}",
                fix=Fix.unsafe("Replace the pipe with a space", Edit(pos, pos + 1, " ")),
            )
