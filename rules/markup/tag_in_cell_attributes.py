"""An HTML tag where a table cell's attributes go.

## What it does
Reports a table cell whose part before the single `|` holds an HTML tag:
`| <span id="G"></span>| text` or `| 1,904<br>{{refn|…}} | text`. MediaWiki reads everything
before that pipe as the cell's attributes and drops what is not an attribute, so the tag (and
the text around it) never reaches the page.

## Why is this bad?
Content disappears without a trace: an anchor that links point to, a line of text, a
reference. The author usually meant the pipe as part of the content, or forgot a second pipe.

## Example
```wikitext
{|
| <span id="G"></span>|The Grand Budapest Hotel
|}
```

Use instead:
```wikitext
{|
| <span id="G"></span>The Grand Budapest Hotel
|}
```

## Fix safety
No fix: whether the pipe should go, or a cell is missing, is for a person to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule

from ._tablecells import attribute_regions

_TAG = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*)")


class TagInCellAttributes(Rule):
    code = "WL720"
    name = "tag-in-cell-attributes"
    summary = "HTML tag in a table cell's attribute part"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for tag, start, end in attribute_regions(doc):
            if tag.wiki_markup == "|-":
                continue
            region = text[start:end]
            if "<" not in region or "{{" in region or "<!--" in region:
                continue
            m = _TAG.search(region)
            if not m:
                continue
            yield self.report(
                doc,
                start + m.start(),
                end,
                f"Table cell attributes hold <{m.group(1)}…>: MediaWiki drops everything before the '|': "
                f"{region.strip()[:60]}",
            )
