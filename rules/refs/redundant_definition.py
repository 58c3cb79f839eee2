"""A named reference is defined again with the same content.

## What it does
Reports later definitions of a (group, name) whose content is exactly the content of the first
definition. Cite accepts them, but they are redundant copies.

## Why is this bad?
When one copy is later edited, the copies differ and MediaWiki reports a conflicting
definition; a reuse (`<ref name="x" />`) cannot drift.

## Example
```wikitext
A.<ref name="smith">Smith 2001.</ref> B.<ref name="smith">Smith 2001.</ref>
```

Use instead:
```wikitext
A.<ref name="smith">Smith 2001.</ref> B.<ref name="smith" />
```

## Fix safety
Safe: the later copies become self-closed reuses; the footnote and its text do not change.
Copies inside template parameters are left alone, and so is every copy when the first
definition sits inside a template parameter (the template might not show it).
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._base import group_suffix, line_of, self_closing_opener


class RedundantRefDefinition(Rule):
    code = "WL516"
    cosmetic = True  # its fixes change nothing readers see
    name = "redundant-ref-definition"
    summary = "Named reference defined again with identical content"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for (group, name), refs in doc.refs.by_key().items():
            defs = [r for r in refs if r.has_text(text) and "follow" not in r.args]
            if len(defs) < 2:
                continue
            first = defs[0]
            content = first.content(text)
            for r in defs[1:]:
                if r.content(text) != content:
                    continue
                fix = None
                if (
                    not r.via_tag_function and r.in_references is None and r.inside_template is None
                    and first.inside_template is None and "details" not in r.args
                ):
                    fix = Fix.safe("Replace the copy with a reuse", Edit(r.start, r.end, self_closing_opener(doc, r)))
                yield self.report(
                    doc, r.open_start, r.open_end,
                    f'Reference "{name}"{group_suffix(group)} is defined again with the same content '
                    f"as on line {line_of(doc, first.open_start)}",
                    fix=fix,
                    related=[(first.open_start, first.open_end, "first definition")],
                )
