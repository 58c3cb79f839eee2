"""An obsolete HTML tag (`<center>`, `<font>`, `<tt>`, `<strike>`).

## What it does
Reports tags HTML5 made obsolete, where Parsoid reports `obsolete-tag`. `<big>` is not
reported: MediaWiki's editing toolbars still insert it (Parsoid makes the same exception).

## Why is this bad?
The tags still work in browsers today, so readers see nothing wrong: the rule is a warning,
and Parsoid rates the category low priority. Style belongs in CSS (`<span style=…>`,
`<div style="text-align:center">`), which the site's skins and dark mode can respect.

## Example
```wikitext
<tt>x = 1</tt> and <strike>old</strike>
```

Use instead:
```wikitext
<code>x = 1</code> and <s>old</s>
```

## Fix safety
`<tt>` → `<code>` and `<strike>` → `<s>` keep the meaning and are safe (only closed pairs are
renamed, end tag with start tag). `<center>` → `<div style="text-align:center">` and `<font>`
→ `<span style=…>` are unsafe: a `<div>` is a block and `<font size>` has no exact CSS
equivalent, so a person should look.
"""

from __future__ import annotations

import re

from wikilint.document import Document
from wikilint.markup import Element, MarkupLint
from wikilint.model import Edit, Fix, FixAvailability, Severity

from ._base import MarkupLintRule

_SAFE = {"tt": "code", "strike": "s"}
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>]+))""")
_COLOR = re.compile(r"#?[0-9A-Za-z]+$")
_FONTS = re.compile(r"[\w ,'-]+$")


def _font_style(attrs: str) -> str | None:
    """A CSS style for a <font>'s attributes, or None when they do not map exactly."""
    parts = []
    pos = 0
    for m in _ATTR.finditer(attrs):
        if attrs[pos : m.start()].strip():
            return None
        pos = m.end()
        name = m.group(1).lower()
        value = next(g for g in m.groups()[1:] if g is not None).strip()
        if name == "color" and _COLOR.match(value):
            parts.append(f"color:{value}")
        elif name == "face" and _FONTS.match(value):
            parts.append(f"font-family:{value}")
        else:
            return None
    if attrs[pos:].strip() or not parts:
        return None
    return ";".join(parts)


class ObsoleteTag(MarkupLintRule):
    code = "WL108"
    name = "obsolete-tag"
    summary = "Obsolete HTML tag"
    lint_types = ("obsolete-tag",)
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def message(self, doc: Document, lint: MarkupLint) -> str:
        return f"<{lint.name}> is obsolete in HTML5"

    def fix(self, doc: Document, lint: MarkupLint):  # type: ignore[override]
        el = lint.element
        if (
            not isinstance(el, Element)
            or el.kind != "html"
            or el.close_start is None
            or el.open_end <= el.start
        ):
            return None
        text = doc.text
        name = el.name
        close = Edit(el.close_start, el.end, "")
        if name in _SAFE:
            new = _SAFE[name]
            if el.attrs.strip():
                return None
            return Fix.safe(
                f"Replace <{name}> with <{new}>",
                Edit(el.start, el.open_end, f"<{new}>"),
                Edit(close.start, close.end, f"</{new}>"),
            )
        if name == "center" and not el.attrs.strip():
            return Fix.unsafe(
                'Replace <center> with <div style="text-align:center">',
                Edit(el.start, el.open_end, '<div style="text-align:center">'),
                Edit(close.start, close.end, "</div>"),
            )
        if name == "font":
            style = _font_style(el.attrs)
            if style is None or "\n" in text[el.open_end : el.close_start]:
                return None
            return Fix.unsafe(
                "Replace <font> with <span style>",
                Edit(el.start, el.open_end, f'<span style="{style}">'),
                Edit(close.start, close.end, "</span>"),
            )
        return None
