"""A reference has an invalid `dir=` value.

## What it does
Reports `dir=` values other than `ltr`, `rtl` or `auto` (case-insensitive), including an
empty `dir=""`: Cite's `cite_error_ref_invalid_dir`.

## Why is this bad?
MediaWiki ignores the attribute and adds a red error to the reference list entry.

## Example
```wikitext
Claim.<ref dir="right">مرجع</ref>
```

Use instead:
```wikitext
Claim.<ref dir="rtl">مرجع</ref>
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError

from ._base import CiteKeyRule


class InvalidRefDir(CiteKeyRule):
    code = "WL507"
    name = "invalid-ref-dir"
    summary = 'Reference dir= is not "ltr", "rtl" or "auto"'
    mw_keys = ("cite_error_ref_invalid_dir",)

    def message(self, doc: Document, err: CiteError) -> str:
        return f'Invalid dir="{err.params[0] if err.params else ""}" on a reference; use "ltr", "rtl" or "auto"'
