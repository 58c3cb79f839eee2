"""An HTML tag or a `''`/`'''` quote is never closed.

## What it does
Reports elements that MediaWiki's HTML5 tree builder has to close itself, where Parsoid's
linter reports `missing-end-tag`: a `<div>`, `<center>`, `<small>`, `<span>` … without its end
tag, and an italic or bold quote left open at the end of its line or table cell. End tags
HTML makes optional (`</li>`, `</td>`, `</tr>`, `</th>`) are not required.

## Why is this bad?
The browser closes the element wherever the tree builder decides: the rest of the line, the
cell, the section or the page can turn bold, centred or small. Parsoid rates it medium
priority: readers often see it.

## Example
```wikitext
'''Paris''' is the capital of ''France.
```

Use instead:
```wikitext
'''Paris''' is the capital of ''France''.
```

## Fix safety
The fix closes the element where MediaWiki closes it now (the end of its line or cell), so the
page renders as before; whether that is where the author meant it to end cannot be known, so
the fix is unsafe.
"""

from __future__ import annotations

from wikilint.document import Document
from wikilint.markup import Element, MarkupLint
from wikilint.model import Edit, Fix, FixAvailability, Severity

from ._base import MarkupLintRule, markup_of, opening


def close_fix(doc: Document, lint: MarkupLint) -> Fix | None:
    el = lint.element
    if not isinstance(el, Element) or el.end < el.open_end:
        return None
    end = el.end
    while end > el.open_end and doc.text[end - 1] in " \t":
        end -= 1
    # only where the element ends inside its own line (or cell): never across blocks
    if "\n" in doc.text[el.open_end : end]:
        return None
    if end <= el.open_end:  # nothing to wrap: the markup is stray, not unclosed
        return None
    if el.kind == "quote" and "'" in (doc.text[end : end + 1] + doc.text[end - 1 : end]):
        return None  # a closing quote next to an apostrophe would merge with it
    return Fix.unsafe(
        f"Close the {el.name} element at the end of its line", Edit(end, end, markup_of(el))
    )


class MissingEndTag(MarkupLintRule):
    code = "WL101"
    name = "missing-end-tag"
    summary = "HTML tag or quote never closed"
    lint_types = ("missing-end-tag",)
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def message(self, doc: Document, lint: MarkupLint) -> str:
        el = lint.element
        if isinstance(el, Element) and el.kind == "quote":
            kind = "Italic" if el.name == "i" else "Bold"
            return f"{kind} markup {opening(doc, lint)!r} is not closed on its line"
        return f"Tag {opening(doc, lint)!r} is never closed"

    def fix(self, doc: Document, lint: MarkupLint):  # type: ignore[override]
        return close_fix(doc, lint)
