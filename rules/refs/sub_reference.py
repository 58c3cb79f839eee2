"""A sub-reference (`details=`) has no parent.

## What it does
Checks sub-reference syntax as MediaWiki does once sub-referencing is enabled
(`$wgCiteSubReferencing`: `[cite] sub_referencing = true` in the site profile, or the document
option `cite_sub_referencing`). Reports `<ref details="…">` tags without a name and without
content (`cite_error_details_missing_parent`) and unnamed ones with content
(`cite_error_ref_with_details_no_name`).

## Why is this bad?
A sub-reference must point at its main reference by name. MediaWiki shows an error instead
of the footnote, or drops the details. (Where sub-referencing is off, `details=` is an unknown
attribute and `unknown-ref-attribute` reports it too.)

## Example
```wikitext
Claim.<ref details="p. 5" />
```

Use instead:
```wikitext
Claim.<ref name="book" details="p. 5" />

<references>
<ref name="book">The Book.</ref>
</references>
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError

from ._base import CiteKeyRule


class SubReferenceWithoutParent(CiteKeyRule):
    code = "WL514"
    name = "sub-reference-without-parent"
    summary = "Reference with details= has no name"
    mw_keys = ("cite_error_details_missing_parent", "cite_error_ref_with_details_no_name")
    # Follow the wiki's setting (off by default, as in Cite); the docs example turns it on.
    sub_referencing = None
    example_doc_options = {"cite_sub_referencing": True}

    def message(self, doc: Document, err: CiteError) -> str:
        if err.key == "cite_error_details_missing_parent":
            return "Reference with details= has neither a name nor content"
        return "Reference with details= needs a name= pointing at its main reference"
