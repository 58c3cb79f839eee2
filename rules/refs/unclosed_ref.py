"""A `<ref>` is never closed.

## What it does
Reports `<ref …>` openers without their `</ref>`, at the opener:

* when a later `</ref>` exists, MediaWiki pairs the opener with it and the ref swallows all
  the text in between, including the next refs: Cite's `cite_error_included_ref`;
* when no `</ref>` follows at all, the preprocessor leaves the opener as literal text.

## Why is this bad?
In the first case a whole stretch of the article disappears into one footnote and a red
"Closing `</ref>` missing" error replaces it; in the second the reader sees raw
`<ref name=…>` markup and the citation is lost.

## Example
```wikitext
First claim.<ref>Smith 2001, p. 4.

Second claim.<ref>Jones 2003.</ref>
```

Use instead:
```wikitext
First claim.<ref>Smith 2001, p. 4.</ref>

Second claim.<ref>Jones 2003.</ref>
```

## Fix safety
The fix closes the ref before the next `<ref`, blank line or section heading. Where the
author meant it to end cannot be known for sure, so the fix is unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability
from wikilint.refs import included_ref_offset
from wikilint.rule import Rule

_BOUNDARY = re.compile(r"\n[\t ]*\n|\n=|<ref(?=[\s/>])|</?references\b|\{\{\s*reflist", re.I)
_BROKEN_CLOSE = re.compile(r"<[\t ]*/[\t ]+ref[\t ]*>|<[\t ]+/[\t ]*ref[\t ]*>", re.I)


class UnclosedRef(Rule):
    code = "WL513"
    name = "unclosed-ref"
    summary = "Reference tag is never closed"
    mw_keys = ("cite_error_included_ref",)
    fix_availability = FixAvailability.SOMETIMES

    def _close_at(self, doc: Document, start: int, limit: int) -> int:
        text = doc.text
        m = _BOUNDARY.search(text, start, limit)
        end = m.start() if m else limit
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        model = doc.refs
        text = doc.text
        for err in model.cite_errors("legacy"):
            if err.key != "cite_error_included_ref" or err.ref is None:
                continue
            ref = err.ref
            content = ref.content(text) or ""
            off = included_ref_offset(content)
            limit = ref.content_start + (off if off is not None else len(content))  # type: ignore[operator]
            at = self._close_at(doc, ref.content_start, limit)  # type: ignore[arg-type]
            line = doc.line_col(ref.content_end)[0]  # type: ignore[arg-type]
            yield self.report(
                doc, ref.open_start, ref.open_end,
                f"Reference {text[ref.open_start:ref.open_end]!r} is not closed: it swallows the text "
                f"up to the </ref> on line {line}",
                fix=Fix.unsafe("Close the reference", Edit(at, at, "</ref>")),
                mw_key="cite_error_included_ref",
                related=[(ref.content_end, ref.end, "the </ref> it pairs with")],
            )
        for s, e in model.unclosed:
            opener = text[s:e]
            if opener[:-1].rstrip().endswith("/"):
                continue  # "<ref …/ >": broken-ref-tag
            nxt = _BOUNDARY.search(text, e)
            limit = nxt.start() if nxt else len(text)
            if _BROKEN_CLOSE.search(text, e, limit):
                continue  # "</ ref>": broken-ref-tag repairs it
            at = self._close_at(doc, e, limit)
            yield self.report(
                doc, s, e, f"Reference {opener!r} has no closing </ref>; MediaWiki shows it as text",
                fix=Fix.unsafe("Close the reference", Edit(at, at, "</ref>")),
            )
