"""A line break tag written in a spelling MediaWiki does not expect.

## What it does
Reports `</br>`, `<br/ >`, `<\\br>`, `<br\\>`, `<br.>`, `<br/br>` and similar misspellings of
`<br>` (CheckWiki error #2). The valid spellings `<br>`, `<br/>`, `<br />`, `<BR>` and `<br>`
with attributes (`<br clear="all">`) are not reported, nor anything in comments, `<nowiki>`,
`<pre>`, `<math>` or `<syntaxhighlight>`.

## Why is this bad?
Some misspellings print literally (`<br.>` shows as text), others only work because the
browser repairs them (`</br>` is an end tag without a start tag), and they confuse tools and
later editors. CheckWiki lists them for cleanup on every wiki.

## Example
```wikitext
Length: 70 cm</br>
Tail: 30 cm
```

Use instead:
```wikitext
Length: 70 cm<br />
Tail: 30 cm
```

## Fix safety
The intended line break is beyond doubt, and `<br />` is how MediaWiki itself writes it: the
fix is safe. Misspellings with attributes (`</br clear=all>`) are reported without a fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

# anything that looks like a br tag: optional / or \ before the name, junk after it
_BR = re.compile(r"<\s*[/\\]?\s*br(?![a-z0-9])[^<>\n]{0,40}>", re.IGNORECASE)
# the spellings MediaWiki and every tool read as a line break
_VALID_BR = r"br\s*/?>|br\s+[a-z][^<>]*?/?>"  # after the "<"
_VALID = re.compile(f"<(?:{_VALID_BR})", re.IGNORECASE)
# _BR where _VALID does not match: the regex engine passes over the valid tags (most of them)
# without a match object and a fullmatch each. The same tags: a valid tag and a _BR match at
# a "<" both end at the first ">" after it, so _VALID matches there exactly when it fullmatches
# what _BR matched.
_MISSPELT = re.compile(rf"<(?!{_VALID_BR})\s*[/\\]?\s*br(?![a-z0-9])[^<>\n]{{0,40}}>", re.IGNORECASE)
# a misspelling that carries attributes: no fix
_HAS_ATTR = re.compile(r"[a-z]+\s*=", re.IGNORECASE)


class InvalidBr(Rule):
    code = "WL130"
    name = "invalid-br"
    summary = "Misspelt line break tag"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    # find only the misspelt tags (tests turn it off: every br-like tag, the valid ones skipped)
    misspelt_only = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if "br" not in text and "BR" not in text and "Br" not in text:
            return
        misspelt_only = self.misspelt_only
        for m in (_MISSPELT if misspelt_only else _BR).finditer(text):
            tag = m.group()
            if (not misspelt_only and _VALID.fullmatch(tag)) or doc.in_raw(m.start()):
                continue
            fix = None
            if not _HAS_ATTR.search(tag):
                fix = Fix.safe("Write the line break as <br />", Edit(m.start(), m.end(), "<br />"))
            yield self.report(doc, m.start(), m.end(), f"Misspelt line break tag {tag}", fix=fix)
