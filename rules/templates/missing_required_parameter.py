"""A template call lacks a parameter that its TemplateData marks as required.

## What it does
For every call of a template that has TemplateData, reports each parameter marked
`"required": true` that the call does not give (under its name or an alias) or gives empty.

## Why is this bad?
The template cannot do its job without it: `{{cite web}}` without `url` shows the error
"Missing or empty |url=" instead of a link.

## Example
```wikitext
<ref>{{cite web |title=A |website=Example}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |website=Example}}</ref>
```
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule

from wikilint.rules.citations._common import is_dynamic

from ._td import described_templates


class MissingRequiredTemplateParameter(Rule):
    code = "WL204"
    name = "missing-required-template-parameter"
    summary = "Template call lacks a required parameter"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for tpl, name, info in described_templates(doc):
            required = info.required
            if not required:
                continue
            have: set[str] = set()
            for p in tpl.params:
                hit = info.resolve(doc.param_key(p))
                if hit is None:
                    continue
                if text[p.value_start : p.value_end].strip() or is_dynamic(p):
                    have.add(hit[0].name)
            for n in required:
                if n in have:
                    continue
                yield self.report(
                    doc, tpl.name_start, tpl.name_end,
                    f"{{{{{name}}}}} is missing the required parameter |{n}= (or it is empty)",
                    data={"parameter": n, "template": name},
                )
