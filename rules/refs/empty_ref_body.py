"""A named reference has an empty body instead of being self-closed.

## What it does
Reports `<ref name="x"></ref>` (and bodies of only spaces) outside reference lists. Cite reads
them as reuses of `x`, exactly like `<ref name="x" />`.

## Why is this bad?
It looks like a definition whose text went missing and invites editors to "fix" the wrong
thing; the self-closed form says what it is.

## Example
```wikitext
A.<ref name="x">Source.</ref> B.<ref name="x"></ref>
```

Use instead:
```wikitext
A.<ref name="x">Source.</ref> B.<ref name="x" />
```

## Fix safety
Safe: Cite treats both forms the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._base import self_closing_opener


class EmptyRefBody(Rule):
    code = "WL517"
    cosmetic = True  # its fixes change nothing readers see
    name = "empty-ref-body"
    summary = "Named reference with an empty body instead of a self-closed tag"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for r in doc.refs.refs:
            if r.via_tag_function or r.nested or r.self_closing or r.in_references is not None:
                continue
            if r.name is None or "follow" in r.args:
                continue
            body = text[r.content_start : r.content_end]
            if body.strip(" \t") != "":
                continue
            yield self.report(
                doc, r.start, r.end, f'Reference "{r.name}" has an empty body; write it as a self-closed tag',
                fix=Fix.safe("Self-close the reference", Edit(r.start, r.end, self_closing_opener(doc, r))),
            )
