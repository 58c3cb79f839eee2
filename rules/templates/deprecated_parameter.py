"""A template call uses a parameter that its TemplateData marks as deprecated.

## What it does
For every call of a template that has TemplateData, reports parameters marked `deprecated`,
with the advice the TemplateData gives (`"deprecated": "Use |x= instead"`). For the CS1
citation templates this covers `lay-url`, `lay-source`, `lay-date`, `lay-format` and
`authors` (the site profile's `[cs1.deprecated]`).

## Why is this bad?
Deprecated parameters still work but are on their way out: CS1 puts the page in "CS1 errors:
deprecated parameters", and the parameter will stop working when it is removed.

## Example
```wikitext
<ref>{{cite journal |title=A |journal=J |lay-url=http://example.com/summary}}</ref>
```

Use instead:
```wikitext
<ref>{{cite journal |title=A |journal=J}}</ref>
```
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule

from wikilint.rules.citations._common import param_end

from ._td import described_templates


class DeprecatedTemplateParameter(Rule):
    code = "WL205"
    name = "deprecated-template-parameter"
    summary = "Template call uses a deprecated parameter"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for tpl, name, info in described_templates(doc):
            for p in tpl.params:
                if not p.showkey:
                    continue
                key = doc.param_key(p)
                hit = info.resolve(key)
                if hit is None or not hit[0].deprecated:
                    continue
                advice = hit[0].deprecated
                extra = f": {advice}" if isinstance(advice, str) and advice.strip() else ""
                yield self.report(
                    doc, p.start, param_end(doc, p),
                    f"Deprecated parameter |{key}= in {{{{{name}}}}}{extra}",
                    data={"parameter": key, "template": name},
                )
