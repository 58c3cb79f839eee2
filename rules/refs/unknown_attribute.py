"""A reference has an attribute Cite does not know.

## What it does
Reports `<ref>` attributes other than `name`, `group`, `follow` and `dir` (plus `details`
where sub-referencing is enabled): Cite's `cite_error_ref_too_many_keys`, or
`cite_error_ref_parameter_suggestion` when Cite suggests the attribute that was probably meant
(`nmae` → `name`, `gruop` → `group`), computed as Cite does (Levenshtein distance).

## Why is this bad?
MediaWiki ignores the attribute and shows an error. A misspelled `name` means the ref is not
named, so every reuse of that name is undefined.

## Example
```wikitext
Claim.<ref nmae="smith">Smith 2001.</ref> Again.<ref name="smith" />
```

Use instead:
```wikitext
Claim.<ref name="smith">Smith 2001.</ref> Again.<ref name="smith" />
```

## Fix safety
Renaming the attribute to Cite's suggestion is safe when the name is one edit away and, for
`name`, the resulting name is used elsewhere on the page; otherwise the fix is unsafe. No fix
when the tag already has the suggested attribute.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.model import Edit, Fix, FixAvailability
from wikilint.refs import CiteError, Ref, levenshtein

from ._base import CiteKeyRule, split_unquoted_name


def _refs_by_name(doc: Document) -> dict[str, list[Ref]]:
    """Per page, built once: for each ref name, the first two refs carrying it (enough to know
    whether a ref other than a given one has the name), so each suggestion is one look-up."""
    cached = doc.__dict__.get("_wl506_by_name")
    if cached is None:
        cached = {}
        for r in doc.refs.refs:
            if r.name is not None:
                same = cached.setdefault(r.name, [])
                if len(same) < 2:
                    same.append(r)
        doc.__dict__["_wl506_by_name"] = cached
    return cached


class UnknownRefAttribute(CiteKeyRule):
    code = "WL506"
    name = "unknown-ref-attribute"
    summary = "Reference has an attribute Cite does not support"
    mw_keys = ("cite_error_ref_too_many_keys", "cite_error_ref_parameter_suggestion")
    fix_availability = FixAvailability.SOMETIMES

    def message(self, doc: Document, err: CiteError) -> str | None:
        ref = err.ref
        if ref is not None and not ref.via_tag_function and split_unquoted_name(doc, ref):
            return None  # malformed-ref-name reports `name=foo bar`
        if err.key == "cite_error_ref_parameter_suggestion":
            return f'Unknown reference attribute "{err.params[0]}"; did you mean "{err.params[1]}"?'
        return f'Unknown reference attribute "{err.params[0]}"; supported: {err.params[1]}'

    def fix(self, doc: Document, err: CiteError) -> Fix | None:
        ref = err.ref
        if err.key != "cite_error_ref_parameter_suggestion" or ref is None or ref.via_tag_function:
            return None
        bad, good = err.params
        if good in ref.args:
            return None
        attr = next((a for a in ref.attrs if a.name == bad), None)
        if attr is None:
            return None
        if not attr.value.strip() or (good == "dir" and attr.value.strip().lower() not in ("ltr", "rtl")):
            return None  # `<ref di>`: "dir" without a valid value would be a new problem
        edit = Edit(attr.start, attr.start + len(bad), good)
        title = f'Rename attribute "{bad}" to "{good}"'
        safe = levenshtein(bad.lower(), good) <= 1 or sorted(bad.lower()) == sorted(good)
        if good == "name":
            same = _refs_by_name(doc).get(attr.value, ())
            safe = safe and any(r is not ref for r in same)
        return Fix.safe(title, edit) if safe else Fix.unsafe(title, edit)
