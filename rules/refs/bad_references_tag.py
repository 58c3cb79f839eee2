"""A `<references>` tag has unknown attributes or lacks its closing tag.

## What it does
Reports `<references>` tags with attributes other than `group` and `responsive`
(`cite_error_references_invalid_parameters`) and reference lists whose body holds another
`<references>` tag, i.e. a `<references>` … `<references />` without `</references>`
(`cite_error_included_references`).

## Why is this bad?
The legacy parser replaces the whole reference list with an error: none of its references are
shown there.

## Example
```wikitext
Claim.<ref>Source.</ref>

<references colwidth="30em" />
```

Use instead:
```wikitext
Claim.<ref>Source.</ref>

<references responsive />
```
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic
from wikilint.refs import LIST_ATTRS, CiteError

from ._base import CiteKeyRule

_LIST_ATTRS = frozenset(LIST_ATTRS)


class BadReferencesTag(CiteKeyRule):
    code = "WL512"
    name = "bad-references-tag"
    summary = "<references> has invalid attributes or is missing its closing tag"
    mw_keys = ("cite_error_references_invalid_parameters", "cite_error_included_references")
    mode = "legacy"

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        # Both messages come from a list: one that holds another list, or a <references> with
        # an attribute Cite does not know. Without such a list the simulation need not run.
        for rl in doc.refs.lists:
            if rl.included_references or (rl.kind != "template" and not rl.args.keys() <= _LIST_ATTRS):
                yield from super().check(doc)
                return

    def message(self, doc: Document, err: CiteError) -> str:
        if err.key == "cite_error_included_references":
            return "Reference list contains another <references> tag; its closing </references> is missing"
        return f'Invalid attribute "{err.params[0]}" in <references>; supported: {err.params[1]}'
