"""Uses of one named reference disagree on `dir=`.

## What it does
Reports a use of a named reference whose `dir=` differs from the `dir=` an earlier use or the
definition gave: Cite's `cite_error_ref_conflicting_dir`.

## Why is this bad?
Only one direction can apply; MediaWiki keeps the first one and shows an error in the list.

## Example
```wikitext
A.<ref name="a" dir="rtl">مرجع</ref> B.<ref name="a" dir="ltr" />
```

Use instead:
```wikitext
A.<ref name="a" dir="rtl">مرجع</ref> B.<ref name="a" />
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError

from ._base import CiteKeyRule, line_of


class ConflictingRefDir(CiteKeyRule):
    code = "WL508"
    name = "conflicting-ref-dir"
    summary = "Uses of a named reference have conflicting dir= values"
    mw_keys = ("cite_error_ref_conflicting_dir",)

    def message(self, doc: Document, err: CiteError) -> str:
        first = err.related[0][0] if err.related else err.start
        return (
            f'Reference "{err.params[0]}" has a dir= that conflicts with its use on line '
            f"{line_of(doc, first)}"
        )
