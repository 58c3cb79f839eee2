"""A URL in template or single braces where a link was meant.

## What it does
Reports `{{https://example.org …}}` (a template "named" by a URL, CheckWiki error #104-like)
and `{https://example.org …}` (single braces typed for the brackets of an external link).

## Why is this bad?
No template can be called `https://…`: MediaWiki shows a red link to a nonsense template page,
or the literal braces around a bare URL. The reader gets no proper link, and in a reference the
citation is broken.

## Example
```wikitext
<ref>{https://example.org/report Annual report}</ref>
```

Use instead:
```wikitext
<ref>[https://example.org/report Annual report]</ref>
```

## Fix safety
Replacing single braces with brackets makes exactly the external link the text spells out, but
changes what is shown: unsafe. Double braces get no fix (the author may have meant a citation
template).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

_SINGLE = re.compile(r"(?<!\{)\{((?:[hH][tT][tT][pP][sS]?:)?//[^\s{}|\[\]<>]+(?: [^{}\[\]\n|]*)?)\}(?!\})")
_SCHEME = re.compile(r"\s*(?:https?:)?//", re.I)
# "{http", "{//" or "{HTTP" somewhere: one search for "{" and what follows, not three scans
_MAYBE_SINGLE = re.compile(r"\{(?:http|//|HTTP)")


class UrlInBraces(Rule):
    code = "WL211"
    name = "url-in-braces"
    summary = "URL in braces instead of an external link"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        found = []
        for tpl in doc.templates:
            if "/" in text[tpl.name_start : tpl.name_start + 12] and _SCHEME.match(text, tpl.name_start) and not doc.in_raw_context(tpl):
                found.append(
                    self.report(doc, tpl.start, tpl.end, f"Template name is a URL: {text[tpl.start : tpl.end][:60]}")
                )
        if _MAYBE_SINGLE.search(text):
            for m in _SINGLE.finditer(text):
                if doc.in_raw(m.start()):
                    continue
                found.append(
                    self.report(
                        doc,
                        m.start(),
                        m.end(),
                        f"URL in single braces, where an external link's brackets belong: {m.group()[:60]}",
                        fix=Fix.unsafe(
                            "Use brackets", Edit(m.start(), m.start() + 1, "["), Edit(m.end() - 1, m.end(), "]")
                        ),
                    )
                )
        found.sort(key=lambda d: d.start)
        yield from found
