"""Shared part of the table attribute rules (no rules here)."""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import RAW_TAGS, Document
from wikilint.tree import Tag

CELL_MARKUP = {"|", "||", "!", "!!"}


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


def attribute_regions(doc: Document) -> Iterator[tuple[Tag, int, int]]:
    """``(tag, start, end)`` of the attribute text of every wiki-markup table row and cell that
    has one (``|- style="…"``, ``| align=center | text``), outside templates and raw text."""
    text = doc.text
    for tag in doc.tags:
        wm = tag.wiki_markup
        if not wm or not tag.attrs or (wm not in CELL_MARKUP and wm != "|-"):
            continue
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
