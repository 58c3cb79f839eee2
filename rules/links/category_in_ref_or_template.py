"""A category link inside a reference or a template argument.

## What it does
Reports `[[Category:…]]` links placed inside a `<ref>` or in an argument of a template
call. Parser functions (`{{#if:}}`, `{{#switch:}}`…) and the templates that exist to add
categories conditionally (`{{Main other}}`, `{{Namespace detect}}`…, the site profile's
`category-wrapper` role) are not reported.

## Why is this bad?
A category belongs at the end of the page. Inside a reference it is easy to lose when the
reference is edited or removed, and it categorises the page only while the reference is
rendered; inside a template argument it categorises the page only if the template happens to
output that argument, which is usually not what the editor wanted.

## Example
```wikitext
Claim.<ref>[http://example.com/a A] [[Category:Battles]]</ref>
```

Use instead:
```wikitext
Claim.<ref>[http://example.com/a A]</ref>

[[Category:Battles]]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Tag, Template

from wikilint.rules.citations._common import template_names

from ._linkutil import namespace_sets, split_ns


class CategoryInRefOrTemplate(Rule):
    code = "WL403"
    name = "category-in-ref-or-template"
    summary = "Category link inside a reference or a template argument"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        cats, _ = namespace_sets(doc)
        text = doc.text
        wrappers = doc.site.template_names("category-wrapper")
        names = None
        for link in doc.wikilinks:
            if link.parent is None:
                continue
            t = text[link.title_start : link.title_end].strip()
            if ":" not in t or t.startswith(":"):
                continue
            ns, _ = split_ns(t)
            if ns not in cats:
                continue
            where = None
            for anc in link.ancestors():
                if isinstance(anc, Tag):
                    if anc.name == "ref":
                        where = "inside a reference"
                        break
                    if anc.name in ("includeonly", "noinclude", "onlyinclude"):
                        where = None
                        break
                elif isinstance(anc, Template):
                    if names is None:
                        names = template_names(doc)
                    name = names[id(anc)]
                    if name.startswith("#") or ":" in name or name in wrappers or "{" in name:
                        where = None
                        break
                    if link.start >= anc.name_end:
                        where = f"in an argument of {{{{{name}}}}}"
                        break
            if where is None or doc.in_raw_context(link):
                continue
            yield self.report(doc, link.start, link.end, f"Category link {where}: {text[link.start:link.end]}")
