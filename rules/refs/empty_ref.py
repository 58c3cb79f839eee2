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
Removing the tag is safe: it cites nothing and only produces an error message. There is no
fix when the tag holds other text that was probably meant as a name (`<ref "foo" />`,
`<ref name "foo" />`), when a self-closed `<ref/>` follows an unclosed `<ref>` (it was meant as
its `</ref>`), and for `{{#tag:ref}}` and tags with `details=` or `follow=`.
"""

from __future__ import annotations

import bisect
import re

from wikilint.document import Document
from wikilint.model import Edit, Fix, FixAvailability
from wikilint.refs import CiteError

from ._base import CiteKeyRule

_PLAIN_ATTRS = re.compile(r"""^(?:\s+(?:name\s*=\s*(?:"\s*"|'\s*')?|group\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'/>]+)))*\s*$""", re.I)


def _index(doc: Document) -> tuple[list[int], list[int], list[int]]:
    """Per page, built once: the starts of the unclosed literal ref openers (sorted), the
    largest opener end up to each of them, and the sorted starts of all refs. Each empty
    self-closed ref then costs two binary searches, not a walk over every ref."""
    cached = doc.__dict__.get("_wl504_index")
    if cached is None:
        u_starts: list[int] = []
        u_max_end: list[int] = []
        for s, e in doc.refs.unclosed:  # sorted by start
            u_starts.append(s)
            u_max_end.append(max(e, u_max_end[-1]) if u_max_end else e)
        cached = (u_starts, u_max_end, sorted(r.start for r in doc.refs.refs))
        doc.__dict__["_wl504_index"] = cached
    return cached


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
        attr_text = doc.text[ref.attr_start : ref.attr_end]
        if not _PLAIN_ATTRS.match(attr_text):
            return None  # something was meant as a name (`<ref "foo" />`, `<ref name "x" />`)
        if ref.self_closing and doc.refs.unclosed and doc.refs.unclosed[0][0] < ref.start:
            # `<ref>text<ref/>`: the self-closed tag was probably meant as </ref>
            u_starts, u_max_end, ref_starts = _index(doc)
            prev = u_max_end[bisect.bisect_left(u_starts, ref.start) - 1]  # of the openers before it
            j = bisect.bisect_left(ref_starts, prev)
            if not (j < len(ref_starts) and ref_starts[j] < ref.start):
                return None  # no ref starts between that opener's end and this tag
        return Fix.safe("Remove the empty reference", Edit(ref.start, ref.end, ""))
