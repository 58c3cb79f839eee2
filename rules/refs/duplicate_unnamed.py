"""The same citation is repeated in several unnamed references.

## What it does
Reports unnamed refs whose content is exactly the same as an earlier unnamed ref of the same
group. Refs inside template parameters, `{{#tag:ref}}`, list-defined refs, refs with other
attributes and "ibid."-style notes are left alone.

## Why is this bad?
Each copy becomes its own numbered footnote with the same text, cluttering the reference list;
one named ref reused with `<ref name="…" />` gives one entry with several backlinks.

## Example
```wikitext
A.<ref>{{cite book |last=Smith |title=History |year=2001}}</ref> B.<ref>{{cite book |last=Smith |title=History |year=2001}}</ref>
```

Use instead:
```wikitext
A.<ref name="Smith 2001">{{cite book |last=Smith |title=History |year=2001}}</ref> B.<ref name="Smith 2001" />
```

## Fix safety
Safe: the first copy gets a name derived from the citation (author, publisher or title plus
year, unique on the page) and the later copies become reuses of it. The rendered reference list
keeps the same citations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.refs import Ref, php_trim
from wikilint.rule import Rule

from ._base import all_names, derive_ref_name, quote_attr

_IBID = re.compile(r"^\W*(ibid|ibidem|id|op\.?\s*cit|loc\.?\s*cit|同上|同前)\b", re.I)


class DuplicateUnnamedRefs(Rule):
    code = "WL515"
    name = "duplicate-unnamed-refs"
    summary = "Identical citation repeated in unnamed references"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        sets: dict[tuple[str, str], list[Ref]] = {}
        for r in doc.refs.refs:
            if (
                r.via_tag_function or r.nested or r.self_closing or r.in_references is not None
                or r.inside_template is not None or r.raw_name
            ):
                continue
            if any(k != "group" for k in r.args):
                continue
            content = r.content(text) or ""
            if php_trim(content) == "" or _IBID.match(php_trim(content)) or "<ref" in content.lower():
                continue
            sets.setdefault((r.group, content), []).append(r)
        if not any(len(v) > 1 for v in sets.values()):
            return
        taken = all_names(doc)
        for (group, content), refs in sets.items():
            if len(refs) < 2:
                continue
            name = derive_ref_name(content, taken)
            taken.add(name)
            first = refs[0]
            attr = " name=" + quote_attr(name)
            edits = [Edit(first.attr_start, first.attr_start, attr)]
            reuse = "<ref" + (f" group={quote_attr(group)}" if group else "") + attr + " />"
            for r in refs[1:]:
                edits.append(Edit(r.start, r.end, reuse))
            n = len(refs)
            yield self.report(
                doc, refs[1].start, refs[1].open_end,
                f"The same citation appears in {n} unnamed references; name it once and reuse it",
                fix=Fix.safe(f'Name the first copy "{name}" and reuse it', *edits),
                related=[(first.open_start, first.open_end, "first copy")],
            )
