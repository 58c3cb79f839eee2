"""A reference name has broken quoting.

## What it does
Reports `name=` values whose quotes are broken: a missing closing quote (`name="x>`), a stray
quote on an unquoted value (`name=x"`), typographic quotes (`name=“x”`) and unquoted names
with spaces (`name=foo bar`, which MediaWiki reads as the name `foo` plus an unknown
attribute `bar`).

Doubled, typographic or stray quotes are reported only where another ref of the same group
uses the name the author meant: `name="'x'"` used everywhere the same way works and is not
reported.

## Why is this bad?
MediaWiki reads the name differently from what the author meant (`x"` and `“x”` are other
names than `x`), so reuses do not find their definition. It is a warning: where a reuse
breaks, the reader sees the "never defined" error of `undefined-named-ref`.

## Example
```wikitext
A.<ref name=“smith”>Smith 2001.</ref> B.<ref name="smith" />
```

Use instead:
```wikitext
A.<ref name="smith">Smith 2001.</ref> B.<ref name="smith" />
```

## Fix safety
Adding a missing closing quote is safe (MediaWiki already reads the name that way). Other
repairs change the name MediaWiki sees: they are safe when the repaired name is used by
another ref of the same group and the current one is not, otherwise unsafe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.refs import Ref
from wikilint.rule import Rule

from ._base import quote_attr, split_unquoted_name

_OPEN_Q = "\"'“”„‘’«»「」"
# An opener's attribute text that is one well-formed name and nothing else (`name="x"`,
# `name=x`), whose value holds no quote mark of _OPEN_Q, no space and no "<", ">" or "=": the
# Sanitizer decodes it to one terminated name attribute that no branch below reports.
_PLAIN_NAME = re.compile(
    r"[\t\n\x0c\r ]+[nN][aA][mM][eE][\t\n\x0c\r ]*=[\t\n\x0c\r ]*"
    r"(?:\"[^\s\"'“”„‘’«»「」<>=]+\"|[^\s\"'“”„‘’«»「」<>=]+)[\t\n\x0c\r ]*"
)


class MalformedRefName(Rule):
    code = "WL518"
    name = "malformed-ref-name"
    summary = "Reference name with broken quoting"
    # Odd quoting that MediaWiki reads consistently works; where it breaks a reuse, the reader
    # sees "invoked but never defined" (WL501, an error). This rule is the repair hint.
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    #: skip attribute texts that are one plain name (the tests turn it off to compare)
    plain_name_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        model = doc.refs
        plain = _PLAIN_NAME.fullmatch
        names: dict[tuple[str, str], int] = {}
        for r in model.refs:
            if r.name is not None:
                names[(r.group, r.name)] = names.get((r.group, r.name), 0) + 1
        for r in model.refs:
            if r.via_tag_function or r.nested or "name" not in r.args:
                continue  # (a tag's args hold what its attributes decode to: no name, no attribute)
            if self.plain_name_test and plain(text, r.attr_start, r.attr_end):
                continue  # nothing to report (most named refs), without decoding the attributes
            attrs = r.attrs
            attr = next((a for a in attrs if a.name == "name"), None)
            if attr is None or attr.value_start is None:
                continue
            raw = text[attr.value_start : attr.value_end]
            if attr.quote and not attr.terminated:
                if r.self_closing and raw.endswith("/"):
                    continue
                at = attr.value_start + len(raw.rstrip())
                pad = "" if at == attr.value_end or not r.self_closing else ""
                yield self.report(
                    doc, attr.start, attr.end, f"Reference name {attr.quote}{raw} is missing its closing quote",
                    fix=Fix.safe("Add the closing quote", Edit(at, at, attr.quote + pad)),
                )
                continue
            split = split_unquoted_name(doc, r, attrs)
            if split is not None:
                s, e, meant = split
                yield self._report(doc, r, names, s, e, meant, f"Reference name {text[s:e]!r} has spaces but no quotes")
                continue
            if attr.quote:
                if raw and (raw[0] in "“”„«" and raw[-1] in "“”»" or raw[0] in "'\"" and raw[-1] in "'\""):
                    meant = raw[1:-1].strip()
                    if meant and self._breaks(r, names, meant):
                        yield self._report(doc, r, names, attr.start, attr.end, meant,
                                           f"Reference name {text[attr.start:attr.end]!r} has doubled quotes")
                continue
            if raw and (raw[0] in _OPEN_Q or raw[-1] in _OPEN_Q):
                meant = raw.strip(_OPEN_Q).strip()
                if meant and self._breaks(r, names, meant):
                    yield self._report(doc, r, names, attr.start, attr.end, meant,
                                       f"Reference name {text[attr.start:attr.end]!r} has stray quote marks")

    @staticmethod
    def _breaks(ref: Ref, names, meant: str) -> bool:  # noqa: ANN001
        """Odd quotes matter only when another ref of the group uses the name the author meant
        (``name="'x'"`` beside ``name="x"``): a name read the same way everywhere works."""
        return names.get((ref.group, meant), 0) > 0

    def _report(self, doc: Document, ref: Ref, names, s: int, e: int, meant: str, msg: str) -> Diagnostic:  # noqa: ANN001
        edit = Edit(s, e, "name=" + quote_attr(meant))
        title = f'Write the name as "{meant}"'
        current = ref.name
        used_meant = names.get((ref.group, meant), 0) > 0
        used_current = current is not None and names.get((ref.group, current), 0) > 1
        fix = Fix.safe(title, edit) if used_meant and not used_current else Fix.unsafe(title, edit)
        return self.report(doc, s, e, msg, fix=fix)
