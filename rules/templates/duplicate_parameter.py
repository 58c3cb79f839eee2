"""A template call gives the same parameter twice.

## What it does
Reports every template call (infoboxes, citations, anything but parser functions) in which a
parameter name occurs more than once, including a positional parameter given again by number
(`{{x|a|1=b}}`). Each earlier occurrence is reported, with the value MediaWiki uses.

## Why is this bad?
MediaWiki keeps only the last value and silently drops the others; the page is put in
"Pages using duplicate arguments in template calls". Often the dropped value is the one the
editor meant.

## Example
```wikitext
{{Infobox person |name=Ada Lovelace |birth_date=1815 |name=Ada}}
```

Use instead:
```wikitext
{{Infobox person |name=Ada Lovelace |birth_date=1815}}
```

## Fix safety
When the earlier value is empty or equal to the last one, the fix deletes the earlier
occurrence, which changes nothing in the output: safe. When the values differ, someone has
to choose; there is no fix. Positional occurrences are never deleted (that would renumber the
parameters after them).
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from wikilint.rules.citations._common import has_dynamic_key, param_end, remove_param, template_names


class DuplicateTemplateParameter(Rule):
    code = "WL201"
    name = "duplicate-template-parameter"
    summary = "Template parameter given more than once"
    severity = Severity.WARNING  # the reader sees one of the values, nothing broken (docs/severity.md)
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        names = template_names(doc)
        text = doc.text
        param_key = doc.param_key
        for tpl in doc.templates:
            params = tpl.params
            if len(params) < 2:
                continue
            keys = list(map(param_key, params))
            if len(set(keys)) == len(keys):
                continue  # no key twice (most templates): nothing to index
            tname = names[id(tpl)]
            if tname.startswith("#") or ":" in tname[:12] and tname.split(":", 1)[0].isupper():
                continue  # parser functions ({{#switch:}}: first match wins) and magic words
            seen: dict[str, list] = {}
            for key, p in zip(keys, params):
                seen.setdefault(key, []).append(p)
            dups = [(k, ps) for k, ps in seen.items() if len(ps) > 1 and k]
            if not dups or has_dynamic_key(tpl, text) or doc.in_raw_context(tpl):
                continue
            for key, ps in dups:
                last = ps[-1]
                last_val = text[last.value_start : last.value_end].strip()
                for p in ps[:-1]:
                    val = text[p.value_start : p.value_end].strip()
                    fix = None
                    if p.showkey and (not val or val == last_val):
                        fix = Fix.safe(f"Remove the earlier |{key}=", remove_param(p))
                    shown = last_val if len(last_val) <= 60 else last_val[:57] + "…"
                    yield self.report(
                        doc,
                        p.start,
                        param_end(doc, p),
                        f"Parameter |{key}= is given {len(ps)} times in {{{{{tname}}}}}; "
                        f"MediaWiki uses the last one ({shown!r})",
                        fix=fix,
                        data={"parameter": key},
                    )
