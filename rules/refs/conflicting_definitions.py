"""One reference name is defined with different content.

## What it does
Reports a named reference that is defined a second time (same group, same name) with content
that differs from the first definition, compared exactly as Cite compares it (the raw wikitext,
whitespace included). The diagnostic sits on the later definition and points at the first one.

## Why is this bad?
MediaWiki keeps the first definition, silently drops the other text and shows
"Cite error: Invalid `<ref>` tag; name "…" defined multiple times with different content" in
the reference list. One of the two citations is lost.

## Example
```wikitext
Claim.<ref name="smith">Smith 2001, p. 4.</ref> Other claim.<ref name="smith">Smith 2001, p. 9.</ref>
```

Use instead:
```wikitext
Claim.<ref name="smith p4">Smith 2001, p. 4.</ref> Other claim.<ref name="smith p9">Smith 2001, p. 9.</ref>
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError

from ._base import CiteKeyRule, group_suffix, line_of


class ConflictingRefDefinitions(CiteKeyRule):
    code = "WL503"
    name = "conflicting-ref-definitions"
    summary = "Named reference defined more than once with different content"
    mw_keys = ("cite_error_references_duplicate_key",)

    def message(self, doc: Document, err: CiteError) -> str:
        ref = err.ref
        first = err.related[0][0] if err.related else err.start
        return (
            f'Named reference "{err.params[0]}"{group_suffix(ref.group if ref else "")} is defined on '
            f"line {line_of(doc, first)} and again on line {line_of(doc, err.start)} with different content"
        )
