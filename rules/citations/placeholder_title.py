"""A citation's title is a bot placeholder, empty or missing.

## What it does
Reports citation templates whose `title` is a placeholder that bots and citation tools write
when they could not read the page (`Archived copy`, `存档副本`, `存檔副本`, `Wayback Machine`,
`Page not found`…, the list is `citations.placeholder_titles` in the site profile), and the
main CS1 templates (`{{cite web}}`, `{{cite news}}`, `{{cite book}}`, `{{cite journal}}`,
`{{cite magazine}}`, `{{cite report}}`, `{{cite press release}}`) whose `title` is empty or
missing (unless `script-title` or `trans-title` gives one).

## Why is this bad?
The reader sees "Archived copy" instead of what the source is called, and cannot judge or
find the source when the link dies. A missing title is a CS1 error ("Missing or empty
|title=").

## Example
```wikitext
<ref>{{cite web |url=http://example.com/a |title=Archived copy |archive-url=https://web.archive.org/web/2016/http://example.com/a |archive-date=2016-03-03}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=Al-Nusra Front commander killed |archive-url=https://web.archive.org/web/2016/http://example.com/a |archive-date=2016-03-03}}</ref>
```
There is no fix: only someone who reads the source can give its title.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule

from ._common import is_dynamic, last_param, param_end, role_templates, template_names, value

NEEDS_TITLE = frozenset(
    {"Cite web", "Cite news", "Cite book", "Cite journal", "Cite magazine", "Cite report", "Cite press release"}
)


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


class PlaceholderCitationTitle(Rule):
    code = "WL603"
    name = "placeholder-citation-title"
    summary = "Citation title is a bot placeholder, empty or missing"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        site = doc.site
        cache_key = "_wl_placeholders"
        placeholders = site.__dict__.get(cache_key)
        if placeholders is None:
            placeholders = frozenset(_norm(t) for t in site.get("citations.placeholder_titles", []) or [])
            site.__dict__[cache_key] = placeholders
        names = template_names(doc)
        for tpl in role_templates(doc, "citation"):
            title = last_param(doc, tpl, "title")
            if title is not None and is_dynamic(title):
                continue
            val = value(doc, title) if title is not None else ""
            if val:
                if _norm(val) in placeholders:
                    yield self.report(
                        doc,
                        title.start,
                        param_end(doc, title),
                        f"Placeholder citation title |title={val}: give the source's real title",
                        data={"title": val},
                    )
                continue
            if site.canonical(names[id(tpl)]) not in NEEDS_TITLE:
                continue
            other = last_param(doc, tpl, "script-title", "trans-title")
            if other is not None and (value(doc, other) or is_dynamic(other)):
                continue
            if any(p.showkey is False and doc.param_value(p).strip() for p in tpl.params):
                continue  # positional text: not a plain CS1 call (e.g. a local variant)
            if title is not None:
                yield self.report(doc, title.start, param_end(doc, title), "Citation has an empty |title=")
            else:
                yield self.report(doc, tpl.name_start, tpl.name_end, "Citation has no |title=")
