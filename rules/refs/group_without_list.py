"""References of a group have no reference list for that group.

## What it does
Reports the first ref of each non-default group (`<ref group="note">`) when the page has no
`<references group="note" />` (or reference-list template with `group=note`) after it:
Cite's `cite_error_group_refs_without_references`. Stays silent when some template on the page
may output that group's list: one given `group=` that group, or a list-like template whose
default group is not known (e.g. a local `{{Notelist}}`).

## Why is this bad?
MediaWiki generates lists only for the default group; the notes of other groups are not shown
and the page gets a red error at the bottom.

## Example
```wikitext
Claim.<ref group="note">An explanatory note.</ref>

== References ==
<references />
```

Use instead:
```wikitext
Claim.<ref group="note">An explanatory note.</ref>

== Notes ==
<references group="note" />

== References ==
<references />
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError, ref_templates

from ._base import CiteKeyRule, possible_list_templates


class GroupWithoutReferenceList(CiteKeyRule):
    code = "WL511"
    name = "group-without-reference-list"
    summary = "Reference group has no reference list"
    mw_keys = ("cite_error_group_refs_without_references",)

    def message(self, doc: Document, err: CiteError) -> str | None:
        group = err.params[0]
        specs = ref_templates(doc.site)
        for tpl, tgroup in possible_list_templates(doc):
            norm = doc.template_name(tpl)
            spec = specs.get(norm) or specs.get(doc.site.canonical(norm))
            if spec is not None and spec["emits"] == "list":
                continue  # the site says which group it lists: the model has counted it
            if tgroup is None or tgroup == group:
                if tgroup is None and doc.template_name(tpl) in ("Reflist", "References", "Refs"):
                    continue  # these list the default group
                return None
        msg = f'References in group "{group}" have no <references group="{group}" /> list'
        own = sorted({spec["template"] for spec in specs.values()
                      if spec["emits"] == "list" and spec["group"] == group})
        if own:
            msg += f" (the site's {{{{{own[0]}}}}} lists them)"
        return msg
