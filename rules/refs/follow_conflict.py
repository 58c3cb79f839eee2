"""A `follow=` reference also has a name (or details).

## What it does
Reports `<ref follow="…">` tags that also carry a `name=` (or, with sub-referencing, a
`details=`): Cite's `cite_error_ref_follow_conflicts`.

## Why is this bad?
A `follow=` ref continues an earlier footnote and cannot be named itself. MediaWiki replaces
the whole ref with a red error, so its text is lost.

## Example
```wikitext
A.<ref name="p1">Text of the note</ref> B.<ref name="p2" follow="p1">continued.</ref>
```

Use instead:
```wikitext
A.<ref name="p1">Text of the note</ref> B.<ref follow="p1">continued.</ref>
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError

from ._base import CiteKeyRule


class RefFollowConflict(CiteKeyRule):
    code = "WL509"
    name = "ref-follow-conflict"
    summary = "Reference with follow= also has a name or details"
    mw_keys = ("cite_error_ref_follow_conflicts",)

    def message(self, doc: Document, err: CiteError) -> str:
        ref = err.ref
        follow = ref.args.get("follow", "") if ref else ""
        other = f'name="{ref.args["name"]}"' if ref and ref.args.get("name") else "details="
        return f'Reference follow="{follow}" cannot also have {other}'
