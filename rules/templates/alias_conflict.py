"""A template call gives one parameter under two of its names.

## What it does
For every call of a template that has TemplateData, reports parameters given under more than
one of their names (the main name and an alias, or two aliases): `accessdate` together with
`access-date`, `author` with `last`, `website` with `work` in the CS1 templates.

An empty name beside a filled one (`|accessdate= |access-date=2014-10-25`) is not reported:
CS1 takes the one that is set and shows no error.

## Why is this bad?
Only one of the values is used (for CS1, the first name in the parameter's alias list, which
is the main name): the other is silently lost, and CS1 shows "More than one of
|access-date= and |accessdate= specified".

## Example
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |accessdate=2014-10-25 |access-date=2014-10-25}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |access-date=2014-10-25}}</ref>
```

## Fix safety
Safe when the values are equal (the alias is deleted, the main name kept). Otherwise someone has to choose; no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from wikilint.rules.citations._common import is_blank, is_dynamic, param_end, remove_param

from ._td import described_templates


class TemplateParameterAliasConflict(Rule):
    code = "WL206"
    name = "template-parameter-alias-conflict"
    summary = "Parameter given under two of its names"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for tpl, name, info in described_templates(doc):
            groups: dict[str, dict[str, object]] = {}
            for p in tpl.params:
                if not p.showkey:
                    continue
                key = doc.param_key(p)
                hit = info.resolve(key)
                if hit is None:
                    continue
                groups.setdefault(hit[1], {})[key] = p  # last occurrence of each spelling
            for ident, by_key in groups.items():
                if len(by_key) < 2:
                    continue
                if sum(not is_blank(doc, q) for q in by_key.values()) < 2:
                    continue  # one side is empty: the template uses the other, nothing is lost
                ps = sorted(by_key.values(), key=lambda q: q.start)
                keys = [doc.param_key(q) for q in ps]
                vals = [text[q.value_start : q.value_end].strip() for q in ps]
                main = ps[keys.index(ident)] if ident in keys else ps[0]
                others = [q for q in ps if q is not main]
                edits = []
                ok = not any(is_dynamic(q) for q in ps)
                main_val = text[main.value_start : main.value_end].strip()
                for q in others:
                    qv = text[q.value_start : q.value_end].strip()
                    if not qv or qv == main_val:
                        edits.append(remove_param(q))
                    elif not main_val and len(others) == 1:
                        edits.append(remove_param(main))
                    else:
                        ok = False
                fix = None
                if ok and edits:
                    fix = Fix.safe("Keep one of " + ", ".join(f"|{k}=" for k in keys), *edits)
                target = ps[1]
                listed = " and ".join(f"|{k}=" for k in keys)
                yield self.report(
                    doc, target.start, param_end(doc, target),
                    f"{listed} are the same parameter of {{{{{name}}}}}; only one is used",
                    fix=fix,
                    data={"parameters": keys, "template": name, "values": vals},
                )
