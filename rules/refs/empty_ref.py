"""A reference without a name has no content.

## What it does
Reports `<ref></ref>`, `<ref> </ref>` (no name, no content) and self-closed refs without a
name such as `<ref />` or `<ref name="" />`: Cite's `cite_error_ref_no_input` and
`cite_error_ref_no_key`.

## Why is this bad?
MediaWiki replaces the footnote marker with a red "Cite error" in the running text. Such a tag
carries no citation; it is usually left over from an edit.

## Example
```wikitext
A claim.<ref></ref> Another one.<ref />
```

Use instead:
```wikitext
A claim. Another one.
```

## Fix safety
Removing the tag is safe: it cites nothing and only produces an error message. Tags made by
`{{#tag:ref}}` and tags with `details=` are left alone.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.model import Edit, Fix, FixAvailability
from wikilint.refs import CiteError

from ._base import CiteKeyRule


class EmptyRef(CiteKeyRule):
    code = "WL504"
    name = "empty-ref"
    summary = "Reference without a name and without content"
    mw_keys = ("cite_error_ref_no_input", "cite_error_ref_no_key")
    fix_availability = FixAvailability.SOMETIMES

    def message(self, doc: Document, err: CiteError) -> str:
        if err.key == "cite_error_ref_no_key":
            return "Self-closed reference has no name, so it cites nothing"
        return "Reference without a name has no content"

    def fix(self, doc: Document, err: CiteError) -> Fix | None:
        ref = err.ref
        if ref is None or ref.via_tag_function or "details" in ref.args or "follow" in ref.args:
            return None
        return Fix.safe("Remove the empty reference", Edit(ref.start, ref.end, ""))
