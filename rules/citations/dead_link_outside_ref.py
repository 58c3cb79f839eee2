"""A dead-link tag stands just after the reference it belongs to.

## What it does
Reports a dead-link template (`{{dead link}}` and its redirects in the site profile) written
right after a `</ref>` (only spaces between), instead of inside the reference.

## Why is this bad?
Outside the reference the "[dead link]" mark shows in the article text after the footnote
number, not in the reference list next to the link it is about; readers of the reference list
and tools that look for dead links in references miss it.

## Example
```wikitext
Claim.<ref>[http://example.com/gone Gone page]</ref>{{dead link|date=April 2018}}
```

Use instead:
```wikitext
Claim.<ref>[http://example.com/gone Gone page]{{dead link|date=April 2018}}</ref>
```

## Fix safety
The fix moves the tag, unchanged, to the end of the reference's content (as AutoWikiBrowser
does); it is safe. When the reference already carries a dead-link tag, or the reference is a
reuse (`<ref name="x"/>`) that has no content to hold the tag, there is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._common import enclosing_ref, role_templates


class DeadLinkOutsideRef(Rule):
    code = "WL608"
    name = "dead-link-outside-ref"
    summary = "Dead-link tag placed after the reference instead of inside it"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        tags = role_templates(doc, "dead-link")
        if not tags:
            return
        by_start = {t.start: t for t in tags}
        inner: set[int] = set()
        for t in tags:
            ref = enclosing_ref(t)
            if ref is not None:
                inner.add(id(ref))
        text = doc.text
        for ref in doc.tags:
            if ref.name != "ref":
                continue
            pos = ref.end
            while pos < len(text) and text[pos] in " \t":
                pos += 1
            tpl = by_start.get(pos)
            if tpl is None or tpl.parent is not ref.parent:
                continue
            if doc.in_raw_context(ref):
                continue
            fix = None
            if ref.contents_start is None or ref.close_start is None:
                note = " (a reused reference: move the tag to the reference's definition)"
            elif id(ref) in inner:
                note = " (the reference already has one)"
            else:
                note = ""
                fix = Fix.safe(
                    "Move the dead-link tag inside the reference",
                    Edit(ref.close_start, ref.close_start, text[tpl.start : tpl.end]),
                    Edit(ref.end, tpl.end, ""),
                )
            yield self.report(
                doc, tpl.start, tpl.end, f"Dead-link tag after </ref> instead of inside the reference{note}", fix=fix
            )
