"""An ISBN whose check digit or length is wrong.

## What it does
Checks every ISBN that MediaWiki links (`ISBN 978-3-16-148410-0` in running text): it must have
10 or 13 digits (the last of an ISBN-10 may be `X`) and a correct check digit (CheckWiki errors
#70–#73). ISBNs in template parameters are left to the citation templates, which check them
themselves.

## Why is this bad?
A wrong digit sends readers to the wrong book or to none; a checksum error is almost always a
typing or copying mistake that someone with the book can correct.

## Example
```wikitext
Pearson, 2013, ISBN 978-1-77578-243-9
```

Use instead:
```wikitext
Pearson, 2013, ISBN 978-1-77578-243-8
```

## Fix safety
No fix: which digit is wrong cannot be known from the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.rules.links._linkutil import has_isbn
from wikilint.rules.markup._util import in_spans

# MediaWiki's magic link: ISBN, spaces, then digits with spaces or hyphens, X at the end
# (starts with the literal, so the regex engine can skip ahead; the word boundary is checked after)
_ANY = re.compile(r"ISBN[ \t\u00a0]+([0-9][0-9 \-]{7,20}[0-9Xx])(?![0-9A-Za-z\-])")


def isbn_problem(raw: str) -> str | None:
    digits = re.sub(r"[ \-]", "", raw).upper()
    if len(digits) == 10:
        if not re.fullmatch(r"[0-9]{9}[0-9X]", digits):
            return "has an X that is not the check digit"
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return None if total % 11 == 0 else "has a wrong check digit"
    if len(digits) == 13:
        if not digits.isdigit():
            return "has an X in a 13-digit ISBN"
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
        return None if total % 10 == 0 else "has a wrong check digit"
    return f"has {len(digits)} digits, not 10 or 13"


class IsbnChecksum(Rule):
    code = "WL414"
    name = "isbn-checksum"
    summary = "ISBN with a wrong check digit or length"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if not has_isbn(doc):
            return
        # ISBNs inside templates are the templates' business (CS1 checks its own isbn=)
        # (found at the first ISBN that needs them: most pages' ISBNs are in citations' isbn=)
        outer: list[tuple[int, int]] | None = None
        for m in _ANY.finditer(text):
            if m.start() and text[m.start() - 1].isalnum():
                continue
            raw = m.group(1).rstrip(" -")
            if doc.in_raw(m.start()):
                continue
            if outer is None:
                outer = sorted(
                    (t.start, t.end) for t in doc.templates if not any(a.kind == "template" for a in t.ancestors())
                )
            if in_spans(outer, m.start()):
                continue
            problem = isbn_problem(raw)
            if problem:
                end = m.start(1) + len(raw)
                yield self.report(doc, m.start(), end, f"ISBN {raw} {problem}")
