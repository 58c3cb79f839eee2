"""Bold or italic quotes left open inside an HTML element of a heading.

## What it does
Reports `''` or `'''` opened inside an HTML element in a heading (`==a <span>''b</span>==`) and
not closed before the element ends, as Parsoid's `unclosed-quotes-in-heading` lint does.
Quotes are paired per element as MediaWiki's quote pass pairs them on a line (`''` italic,
`'''` bold, `'''''` both).

## Why is this bad?
The element's end closes the formatting early, and the browser's repair differs between the
legacy parser and Parsoid: the rest of the heading (and its table-of-contents entry) may come
out italic or bold, or not, depending on which renderer the reader gets.

## Example
```wikitext
== Works of <span class="x">''Shakespeare</span> ==
```

Use instead:
```wikitext
== Works of <span class="x">''Shakespeare''</span> ==
```

## Fix safety
No fix: whether the formatting should end at the element's end or cover more is the
author's choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Tag

_QUOTES = re.compile(r"'{2,}")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_VOID = {"br", "hr", "img", "wbr", "meta", "link", "input", "col", "area", "source", "track", "embed", "param"}


def _open_quotes(body: str) -> list[tuple[str, int]]:
    """Formatting left open at the end of *body*: ``[("i"|"b", offset of its quotes)]``."""
    open_i: int | None = None
    open_b: int | None = None
    for m in _QUOTES.finditer(body):
        n = len(m.group())
        pos = m.start()
        if n == 4:
            n, pos = 3, pos + 1
        elif n > 5:
            n, pos = 5, pos + len(m.group()) - 5
        if n in (2, 5):
            open_i = None if open_i is not None else pos
        if n in (3, 5):
            open_b = None if open_b is not None else pos
    out = []
    if open_i is not None:
        out.append(("i", open_i))
    if open_b is not None:
        out.append(("b", open_b))
    return sorted(out, key=lambda x: x[1])


class UnclosedQuotesInHeading(Rule):
    code = "WL302"
    name = "unclosed-quotes-in-heading"
    summary = "Bold or italic left open inside an element of a heading"
    severity = Severity.WARNING
    lint_types = ("unclosed-quotes-in-heading",)
    # the early return when no heading holds a "<" (tests turn it off to compare)
    quick_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if not doc.headings or "''" not in doc.text:
            return
        text = doc.text
        if self.quick_test:
            find = text.find
            if all(find("<", h.start, h.end) < 0 for h in doc.headings):
                return  # an HTML or extension tag starts with "<": none in any heading
        for tag in doc.tags:
            if tag.wiki_markup or tag.name in _VOID or tag.contents_start is None or tag.close_start is None:
                continue
            heading = doc.enclosing(tag, "heading")
            if heading is None or doc.in_raw_context(tag):
                continue
            if any(isinstance(a, Tag) and a.name in ("nowiki", "pre", "math") for a in tag.ancestors()):
                continue
            body = text[tag.contents_start : tag.close_start]
            if "''" not in body or "\n" in body:
                continue
            if "<!--" in body:
                body = _COMMENT.sub(lambda m: " " * len(m.group()), body)  # keep offsets
            for name, off in _open_quotes(body):
                start = tag.contents_start + off
                yield self.report(
                    doc,
                    start,
                    tag.close_start,
                    f"{'Italic' if name == 'i' else 'Bold'} quotes opened inside <{tag.name}> in a heading are not closed",
                    data={"name": name, "ancestorName": f"h{heading.level}"},
                )
