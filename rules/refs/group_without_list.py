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


def _listed_groups(doc: Document, specs: dict) -> tuple[bool, set[str]]:
    """Per page, built once: whether some template may list any group (it gives no group and
    is not a default-group list), and the groups templates name explicitly. Templates the site
    profile knows as lists are left out: the model has counted them. One look-up per group
    error instead of a walk over every template."""
    cached = doc.__dict__.get("_wl511_groups")
    if cached is None:
        any_group = False
        groups: set[str] = set()
        for tpl, tgroup in possible_list_templates(doc):
            norm = doc.template_name(tpl)
            spec = specs.get(norm) or specs.get(doc.site.canonical(norm))
            if spec is not None and spec["emits"] == "list":
                continue  # the site says which group it lists: the model has counted it
            if tgroup is None:
                if norm not in ("Reflist", "References", "Refs"):
                    any_group = True  # these three list the default group
            else:
                groups.add(tgroup)
        cached = (any_group, groups)
        doc.__dict__["_wl511_groups"] = cached
    return cached


class GroupWithoutReferenceList(CiteKeyRule):
    code = "WL511"
    name = "group-without-reference-list"
    summary = "Reference group has no reference list"
    mw_keys = ("cite_error_group_refs_without_references",)

    def message(self, doc: Document, err: CiteError) -> str | None:
        group = err.params[0]
        specs = ref_templates(doc.site)
        any_group, groups = _listed_groups(doc, specs)
        if any_group or group in groups:
            return None
        msg = f'References in group "{group}" have no <references group="{group}" /> list'
        own = sorted({spec["template"] for spec in specs.values()
                      if spec["emits"] == "list" and spec["group"] == group})
        if own:
            msg += f" (the site's {{{{{own[0]}}}}} lists them)"
        return msg
