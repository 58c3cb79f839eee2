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
The fix closes the ref before the next `<ref`, blank line, section heading, table row or cell,
list item, or the end of an enclosing element such as `</gallery>`: a repair never swallows a
table or a gallery into one footnote. When a malformed closer (`/ref>`, `</ref`, `</ ref>`) is
nearby, no fix is offered here: that closer is the one to repair. Where the author meant the ref
to end cannot be known for sure, so the fix is unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability
from wikilint.refs import included_ref_offset, may_include_ref
from wikilint.rule import Rule

# Where a repair must stop: never across a blank line, a heading, a table row or cell, a list
# item, the end of a gallery or another enclosing element, or the next ref.
_BOUNDARY = re.compile(
    r"\n[\t ]*\n|\n=|\n[\t ]*(?:[|!*#:;]|\{\|)|<ref(?=[\s/>])|</?references\b|\{\{\s*reflist"
    r"|</(?:gallery|poem|center|div|span|small|big|td|th|tr|table|li|ul|ol|dl|blockquote|includeonly|noinclude|onlyinclude)\s*>",
    re.I,
)
# A malformed closer nearby ("</ ref>", "/ref>", "</ref"): broken-ref-tag (WL502) repairs it.
_BROKEN_CLOSE = re.compile(
    r"<[\t ]*/[\t ]+ref[\t ]*>|<[\t ]+/[\t ]*ref[\t ]*>|(?<!<)/[\t ]*ref[\t ]*>|<[\t ]*/[\t ]*ref(?![\w\t >])",
    re.I,
)


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
        # The legacy simulation gives cite_error_included_ref only for a ref whose content holds
        # a "<ref…>" (included_ref_offset, may_include_ref): without one, it need not run for this rule.
        candidates = any(
            not r.via_tag_function and (c := r.content(text)) is not None and may_include_ref(c)
            for r in model.refs
        )
        for err in model.cite_errors("legacy") if candidates else ():
            if err.key != "cite_error_included_ref" or err.ref is None:
                continue
            ref = err.ref
            content = ref.content(text) or ""
            off = included_ref_offset(content)
            limit = ref.content_start + (off if off is not None else len(content))  # type: ignore[operator]
            at = self._close_at(doc, ref.content_start, limit)  # type: ignore[arg-type]
            line = doc.line_col(ref.content_end)[0]  # type: ignore[arg-type]
            fix = None
            broken = _BROKEN_CLOSE.search(text, ref.content_start, at)  # type: ignore[arg-type]
            if broken is not None:
                fix = _repair_closer(broken)
            elif at > ref.content_start:  # type: ignore[operator]
                fix = Fix.unsafe("Close the reference", Edit(at, at, "</ref>"))
            yield self.report(
                doc, ref.open_start, ref.open_end,
                f"Reference {text[ref.open_start:ref.open_end]!r} is not closed: it swallows the text "
                f"up to the </ref> on line {line}",
                fix=fix,
                mw_key="cite_error_included_ref",
                related=[(ref.content_end, ref.end, "the </ref> it pairs with")],
            )
        for s, e in model.unclosed:
            opener = text[s:e]
            if opener[:-1].rstrip().endswith("/"):
                continue  # "<ref …/ >": broken-ref-tag
            nxt = _BOUNDARY.search(text, e)
            limit = nxt.start() if nxt else len(text)
            broken = _BROKEN_CLOSE.search(text, e, limit)
            if broken is not None:
                fix = _repair_closer(broken)
                if fix is None:
                    continue  # "</ ref>": broken-ref-tag repairs it
            else:
                at = self._close_at(doc, e, limit)
                fix = Fix.unsafe("Close the reference", Edit(at, at, "</ref>"))
            yield self.report(
                doc, s, e, f"Reference {opener!r} has no closing </ref>; MediaWiki shows it as text",
                fix=fix,
            )


def _repair_closer(m: re.Match[str]) -> Fix | None:
    """Repair a malformed closer: "/ref>" gets its "<", "</ref" its ">"; spaced forms
    ("</ ref>") are broken-ref-tag's (None)."""
    found = m.group(0)
    if found.startswith("/"):
        return Fix.unsafe('Add the missing "<" to "/ref>"', Edit(m.start(), m.start(), "<"))
    if not found.endswith(">") and "ref" in found.lower() and " " not in found and "\t" not in found:
        return Fix.unsafe('Add the missing ">" to "</ref"', Edit(m.end(), m.end(), ">"))
    return None
