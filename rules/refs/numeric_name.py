"""A reference name (or `follow=` target) is a plain number.

## What it does
Reports `name=` or `follow=` values made only of the digits 0–9 (`name="1"`, `name="007"`),
which Cite rejects with `cite_error_ref_numeric_key`. Names such as `1a` or `-1` are fine.

## Why is this bad?
MediaWiki drops the name (the ref becomes anonymous, so every reuse of it breaks) or, for a
self-closed reuse or a `follow=`, replaces the footnote with a red error.

## Example
```wikitext
Claim.<ref name="1">Smith 2001.</ref> Again.<ref name="1" />
```

Use instead:
```wikitext
Claim.<ref name="smith">Smith 2001.</ref> Again.<ref name="smith" />
```
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.refs import CiteError

from ._base import CiteKeyRule


class NumericRefName(CiteKeyRule):
    code = "WL505"
    name = "numeric-ref-name"
    summary = "Reference name is a plain number"
    mw_keys = ("cite_error_ref_numeric_key",)

    def message(self, doc: Document, err: CiteError) -> str:
        ref = err.ref
        if ref is not None and ref.raw_name and ref.raw_name.isascii() and ref.raw_name.isdigit():
            return f'Reference name "{ref.raw_name}" is a plain number; use a descriptive name'
        follow = ref.args.get("follow", "") if ref is not None else ""
        return f'Reference follow="{follow}" is a plain number; use a descriptive name'
