"""Text in a table row's or cell's attributes that is no attribute.

## What it does
Reports attribute text of wiki tables (`|- …`, `| … |`, `! … |`) that MediaWiki cannot read as
`name="value"` pairs and drops although it meant something: an unclosed quote
(`style="background:pink|`), CSS typed without `style=` (`|- background:#efefef;"`), words
written after `|-` (`|-Abdullah Gül`). Stray punctuation that is dropped harmlessly
(`|- style="…"|`) is not reported, nor attributes produced by templates.

## Why is this bad?
MediaWiki silently drops what it cannot read: the colour, alignment or width the author
wrote never shows, and the broken quote may swallow further attributes.

## Example
```wikitext
{|
|- background:#efefef;"
| style="background:pink| text
|}
```

Use instead:
```wikitext
{|
|- style="background:#efefef;"
| style="background:pink" | text
|}
```

## Fix safety
No fix: what the attribute was meant to be is a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule

from ._tablecells import attribute_regions

# one attribute as MediaWiki's sanitizer reads it: a name, optionally = and a value
_ATTR = re.compile(r"""\s*([^\s/>="'\x00]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?\s*""")
_NAME = re.compile(r"[a-zA-Z_][-a-zA-Z0-9_:.]*")


_BARE_OK = {"nowrap", "hidden", "itemscope", "open", "reversed", "selected", "checked", "disabled"}


def junk(region: str) -> str | None:
    """What MediaWiki will drop from *region* that the author meant as something, or ``None``.

    Stray punctuation (``|- style="…"|``, ``! ! width=…``) is dropped harmlessly and ignored;
    an unclosed quote, CSS without ``style=`` and plain words are reported."""
    if region.count('"') % 2:
        return "an unclosed quote in " + region.strip()
    pos = 0
    n = len(region)
    while pos < n:
        m = _ATTR.match(region, pos)
        if not m or m.end() == pos:
            pos += 1  # a stray quote or '=': MediaWiki skips it
            continue
        name = m.group(1)
        has_value = "=" in m.group()
        if (":" in name or ";" in name or "#" in name) and not name.startswith("xml"):
            return f"CSS without style=: {m.group().strip()}"
        if not has_value and name.isalpha() and len(name) > 1 and name.lower() not in _BARE_OK:
            return f"text that is no attribute: {name}"
        pos = m.end()
    return None


class TableAttributeJunk(Rule):
    code = "WL721"
    name = "table-attribute-junk"
    summary = "Unreadable text in table row or cell attributes"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for tag, start, end in attribute_regions(doc):
            region = text[start:end]
            if doc.text.startswith("|+", tag.start):
                region = region.lstrip()[1:]  # a caption: |+ attributes | text
            if (
                not region.strip()
                or "{{" in region
                or "}}" in region
                or "<" in region
                or "[[" in region
                or "&" in region
            ):
                continue
            bad = junk(region)
            if bad is None:
                continue
            kind = "row" if tag.wiki_markup == "|-" else "cell"
            yield self.report(
                doc,
                start,
                end,
                f"Table {kind} attributes MediaWiki cannot read: {bad[:50]}",
            )
