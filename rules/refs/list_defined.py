"""A list-defined reference (inside `<references>…</references>`) is broken.

## What it does
Reports the problems Cite finds with refs defined inside a reference list
(`<references>…</references>`, `{{#tag:references}}`, `{{Reflist|refs=…}}`):
never used in the text (`cite_error_references_missing_key`), no name
(`cite_error_references_no_key`), no content (`cite_error_empty_references_define`), a
`group=` that differs from the list's (`cite_error_references_group_mismatch`), or a
`details=` (`cite_error_details_unsupported_context`).

## Why is this bad?
MediaWiki shows an error below the reference list and, for a missing name or content, drops
the entry.

## Example
```wikitext
Text.

<references>
<ref name="unused">Never cited.</ref>
</references>
```

Use instead:
```wikitext
Text.<ref name="used" />

<references>
<ref name="used">Cited above.</ref>
</references>
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError

from ._base import CiteKeyRule, group_suffix, template_param_values


class ListDefinedRefProblem(CiteKeyRule):
    code = "WL510"
    name = "list-defined-ref-problem"
    summary = "List-defined reference is unused, unnamed, empty or in the wrong group"
    mw_keys = (
        "cite_error_references_missing_key",
        "cite_error_references_no_key",
        "cite_error_empty_references_define",
        "cite_error_references_group_mismatch",
        "cite_error_details_unsupported_context",
    )

    def message(self, doc: Document, err: CiteError) -> str | None:
        ref = err.ref
        group = ref.in_references.group if ref and ref.in_references else ""
        key = err.key
        if key == "cite_error_references_missing_key":
            name = err.params[0]
            if name in doc.refs.template_names or name in template_param_values(doc):
                return None  # reused through a template such as {{r|…}}
            return f'List-defined reference "{name}"{group_suffix(group)} is not used in the text'
        if key == "cite_error_references_no_key":
            return "Reference defined in a reference list has no name"
        if key == "cite_error_empty_references_define":
            return f'List-defined reference "{err.params[0]}"{group_suffix(group)} has no content'
        if key == "cite_error_references_group_mismatch":
            return (
                f'Reference in a list for group "{group}" has conflicting group="{err.params[0]}"'
            )
        return f'Reference "{err.params[0]}" cannot use details= inside a reference list'
