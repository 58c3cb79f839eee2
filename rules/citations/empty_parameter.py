"""A citation template has an empty source-identifying parameter.

## What it does
Reports empty parameters of citation templates that name the source for the reader: by
default `publisher` and `work` with its aliases (`website`, `newspaper`, `journal`,
`magazine`, `periodical`) (the list is `citations.empty_reportable` in the site profile, and the
rule option `parameters` replaces it). Other empty parameters (`last=`, `date=`, left by
citation forms) are harmless and not reported; an empty `title` is reported by
`placeholder-citation-title`, an empty `url` where it is required by
`missing-required-template-parameter`. An empty parameter whose alias is also given
(`|work=|newspaper=X`) is left to `template-parameter-alias-conflict`.

## Why is this bad?
CS1 treats an empty parameter as absent, so `publisher=` shows nothing, but it usually marks
information that a tool or an editor meant to fill in and never did (bots write
`|publisher=|` when they cannot read the page).

## Example
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |publisher= |access-date=2014-10-25}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |publisher=Al Jazeera |access-date=2014-10-25}}</ref>
```

## Fix safety
The fix deletes the empty parameter. That changes nothing in the rendered citation (CS1
ignores empty parameters), but it removes what may be a to-do marker for the next editor, and
it would change text copied from elsewhere on purpose (a reference rescued byte for byte from
another page), so it is unsafe: applied with `--unsafe-fixes`. A parameter holding only a
comment is not empty and not reported.

## Options
- `parameters` (list of names): the parameters to report when empty; default: the site
  profile's `citations.empty_reportable`.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._common import param_end, remove_param, role_templates


class EmptyCitationParameter(Rule):
    code = "WL604"
    cosmetic = True  # its fixes change nothing readers see
    name = "empty-citation-parameter"
    summary = "Citation template has an empty source-identifying parameter"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    options = {"parameters": None}

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        wanted = self.opts.get("parameters")
        if wanted is None:
            wanted = doc.site.get("citations.empty_reportable", []) or []
        wanted = frozenset(wanted)
        if not wanted:
            return
        text = doc.text
        canonical = doc.site.cs1.canonical
        for tpl in role_templates(doc, "citation"):
            keys = [doc.param_key(p) for p in tpl.params]
            filled = {canonical(k) for k, p in zip(keys, tpl.params) if p.showkey and text[p.value_start : p.value_end].strip()}
            for key, p in zip(keys, tpl.params):
                if not p.showkey or key not in wanted:
                    continue
                if text[p.value_start : p.value_end].strip():
                    continue
                if keys.count(key) > 1 or canonical(key) in filled:
                    continue  # a duplicate or a given alias: other rules handle it
                yield self.report(
                    doc,
                    p.start,
                    param_end(doc, p),
                    f"Empty citation parameter |{key}=",
                    fix=Fix.unsafe(f"Remove the empty |{key}=", remove_param(p)),
                    data={"parameter": key},
                )
