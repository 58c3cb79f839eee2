"""A citation template uses a parameter that CS1 no longer supports.

## What it does
Reports parameters of the CS1/CS2 citation templates (`{{cite web}}`, `{{cite news}}`,
`{{cite book}}`, … and their redirects in the site profile) that Module:Citation/CS1 has
removed, with the parameter to use instead: `deadurl`/`dead-url` (now `url-status`),
`chapterurl` (now `chapter-url`), `coauthors`, `month` and the rest of the table in the site
profile (`[cs1.removed]`).

## Why is this bad?
A removed parameter is ignored: the citation loses the information and shows the red error
"Unknown parameter |deadurl= ignored". `deadurl=yes` in particular no longer makes the
archived copy the main link.

## Example
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |deadurl=yes |archiveurl=https://web.archive.org/web/2016/http://example.com/a |archivedate=2016-03-03}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |url-status=dead |archiveurl=https://web.archive.org/web/2016/http://example.com/a |archivedate=2016-03-03}}</ref>
```

## Fix safety
Safe where the replacement is one to one: a renamed parameter (`chapterurl` → `chapter-url`),
or a value with a fixed translation (`deadurl=yes` → `url-status=dead`, `no` → `live`,
`unfit` → `unfit`, `usurped` → `usurped`; `registration=yes` → `url-access=registration`). An
empty removed parameter (`|deadurl=`, or one holding only a comment) is not reported: CS1
ignores it and shows nothing, so deleting it would be an edit no reader notices. When the replacement is already given with a different
value, or the value has no translation (`deadurl=maybe`), or the parameter has no one-to-one
replacement (`coauthors`, `month`), there is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._common import is_blank, named_params, param_end, remove_param, rename_key, replace_value, role_templates, value


class RemovedCitationParameter(Rule):
    code = "WL602"
    name = "removed-citation-parameter"
    summary = "Citation template uses a removed CS1 parameter"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        cs1 = doc.site.cs1
        if not cs1.removed:
            return
        for tpl in role_templates(doc, "citation"):
            params = named_params(doc, tpl)
            hits = [cs1.removed_spec(key) for key, _ in params]
            if not any(hits):
                continue  # the common case: nothing removed, nothing to index
            present: dict[str, list] = {}
            for key, p in params:
                present.setdefault(cs1.canonical(key), []).append(p)
            # Two removed parameters that map to one replacement (|deadurl=yes|dead-url=no):
            # renaming either would duplicate it, so neither gets a rename.
            targets: dict[str, int] = {}
            for hit in hits:
                if hit is not None and hit[1] and "=" not in hit[1]:
                    targets[cs1.canonical(hit[1])] = targets.get(cs1.canonical(hit[1]), 0) + 1
            for (key, p), hit in zip(params, hits):
                if hit is None or is_blank(doc, p):
                    continue  # an empty removed parameter is ignored by CS1: nothing shows
                spec, use = hit
                val = value(doc, p)
                shown = f"|{key}={val}" if val else f"|{key}="
                fix = None
                target_val = val
                values = spec.get("values")
                if values is not None:
                    target_val = values.get(val.lower()) if val else None
                # the replacement's current value, if given
                existing = [q for q in present.get(cs1.canonical(use), []) if q is not p] if use else []
                existing_val = value(doc, existing[-1]) if existing else None
                if "<" in doc.text[p.value_start : p.value_end] or "{" in val:
                    hint = f"use |{use}=" if use else "remove it"
                elif not val:
                    fix = Fix.safe(f"Remove the empty |{key}=", remove_param(p))
                    hint = "remove it"
                elif not use:
                    hint = "it has no replacement; remove it"
                elif "=" in use:
                    hint = f"use |{use}"
                elif spec.get("fix", True) is False:
                    hint = f"use |{use}= (not a one-to-one replacement)"
                elif values is not None and target_val is None:
                    hint = f"use |{use}= (no translation for the value {val!r})"
                elif existing_val is not None:
                    if existing_val == target_val:
                        fix = Fix.safe(f"Remove |{key}= (|{use}={existing_val} is already set)", remove_param(p))
                        hint = f"|{use}={existing_val} is already given"
                    else:
                        hint = f"use |{use}= (already given as |{use}={existing_val})"
                elif targets.get(cs1.canonical(use), 0) > 1:
                    hint = f"use |{use}= (another removed parameter here also maps to it)"
                else:
                    edit = rename_key(doc, p, use)
                    hint = f"use |{use}={target_val}"
                    if edit is not None:
                        edits = [edit]
                        if target_val != val:
                            edits.append(replace_value(doc, p, target_val))
                        fix = Fix.safe(f"Replace {shown} with |{use}={target_val}", *edits)
                yield self.report(
                    doc,
                    p.start,
                    param_end(doc, p),
                    f"Removed citation parameter {shown}: {hint}",
                    fix=fix,
                    data={"parameter": key, "value": val, "replacement": use},
                )
