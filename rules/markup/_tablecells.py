"""Shared part of the table attribute rules (no rules here)."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator

from wikilint.document import RAW_TAGS, Document
from wikilint.markup import row_cell_tags
from wikilint.tree import Tag

CELL_MARKUP = {"|", "||", "!", "!!"}
# "{|": the tokenizer makes table rows and cells only inside a table it opened at one (a regex
# with a lookahead finds it faster than ``in`` on most pages' text)
_TABLE_OPEN = re.compile(r"\{(?=\|)")
QUICK_TEST = True  # skip pages without "{|" (tests turn it off to compare)
# the row and cell tags with attributes found by markup.row_cell_tags, a C loop when compiled
# (tests turn it off to compare)
QUICK_TAGS = True


def _in_template_or_raw(tag: Tag) -> bool:
    """Whether the tag sits in a template call, a comment or the body of a raw tag (one walk
    up for what ``any(a.kind == "template" ...)`` and ``doc.in_raw_context`` ask)."""
    anc = tag.parent
    while anc is not None:
        kind = anc.kind
        if kind == "template" or kind == "comment" or (kind == "tag" and anc.name in RAW_TAGS):
            return True
        anc = anc.parent
    return False


# The regions of the document last asked about: the two table attribute rules ask in turn.
_last: tuple[weakref.ref[Document], list[tuple[Tag, int, int]]] | None = None


def attribute_regions(doc: Document) -> Iterator[tuple[Tag, int, int]]:
    """``(tag, start, end)`` of the attribute text of every wiki-markup table row and cell that
    has one (``|- style="…"``, ``| align=center | text``), outside templates and raw text."""
    global _last
    if _last is not None and _last[0]() is doc:
        return iter(_last[1])
    regions = list(_regions(doc))
    _last = (weakref.ref(doc, _forget), regions)
    return iter(regions)


def _forget(ref: weakref.ref[Document]) -> None:
    """The document is gone: its regions (and their tags) go too."""
    global _last
    if _last is not None and _last[0] is ref:
        _last = None


def _regions(doc: Document) -> Iterator[tuple[Tag, int, int]]:
    text = doc.text
    if QUICK_TEST and _TABLE_OPEN.search(text) is None:
        return  # no wiki table: no row or cell tags (most pages)
    if QUICK_TAGS:
        tags = row_cell_tags(doc.tags)
    else:
        tags = [
            tag
            for tag in doc.tags
            if tag.wiki_markup
            and (tag.wiki_markup in CELL_MARKUP or tag.wiki_markup == "|-")
            and tag.attrs
        ]
    for tag in tags:
        wm = tag.wiki_markup
        if _in_template_or_raw(tag):
            continue
        start = tag.start + len(wm)
        if wm == "|-":
            while start < len(text) and text[start] == "-":
                start += 1
            end = tag.attrs[-1].end
        else:
            end = tag.attrs[-1].end
        if end <= start:
            continue
        yield tag, start, end
