"""Shared helpers of the markup rules (no rules here)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from wikilint.document import Document
from wikilint.tree import Argument, Comment, Entity, Node, Template, Text, Wikilink

__all__ = [
    "FILE_NS",
    "Segment",
    "file_namespace",
    "link_segments",
    "is_file_link",
    "strip_comments",
    "in_spans",
]

FILE_NS = 6
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def strip_comments(text: str) -> str:
    return _COMMENT_RE.sub("", text) if "<!--" in text else text


def siteinfo(doc: Document):  # type: ignore[no-untyped-def]
    return doc.site.siteinfo


def file_namespace(doc: Document, title: str) -> int | None:
    """The namespace id of a link target's prefix (``None`` without a known prefix)."""
    if ":" not in title:
        return None
    prefix = title.split(":", 1)[0]
    si = siteinfo(doc)
    # the same few prefixes ("File", "Image", "Category"...) on every page: remembered per site
    # (short prefixes only, at most _NS_MEMO of them)
    memo = si.__dict__.get("_wl_namespace_ids")
    if memo is None:
        memo = si.__dict__["_wl_namespace_ids"] = {}
    ns = memo.get(prefix, _MISSING)
    if ns is _MISSING:
        ns = si.namespace_id(prefix)
        if len(prefix) <= 64:
            if len(memo) >= _NS_MEMO:
                memo.clear()
            memo[prefix] = ns
    return ns


_MISSING = object()
_NS_MEMO = 4096


def is_file_link(doc: Document, link: Wikilink) -> bool:
    """``[[File:…]]`` in any local spelling, not ``[[:File:…]]``."""
    title = doc.text[link.title_start : link.title_end]
    if "<!--" in title:
        title = strip_comments(title)
    title = title.strip()
    if not title or title.startswith(":"):
        return False
    return file_namespace(doc, title) == FILE_NS


@dataclass
class Segment:
    """One ``|``-separated part of a link's text: ``text[start:end]``."""

    start: int
    end: int
    nodes: list[Node]

    @property
    def has_template(self) -> bool:
        return any(isinstance(n, (Template, Argument)) for n in self.nodes)

    @property
    def has_markup(self) -> bool:
        """Links, tags (nowiki, spans…) or anything that is not plain text, entities and comments."""
        return any(not isinstance(n, (Text, Entity, Comment)) for n in self.nodes)


def link_segments(doc: Document, link: Wikilink) -> list[Segment]:
    """The parts of ``[[title|a|b|c]]`` after the title, split at top-level pipes."""
    if link.text_start is None:
        return []
    text = doc.text
    segs: list[Segment] = []
    cur = Segment(link.text_start, link.text_start, [])
    for node in link.nodes:
        if node.start < link.text_start:
            continue
        if type(node) is Text:
            s = node.start
            chunk = text[node.start : node.end]
            pos = chunk.find("|")
            while pos >= 0:
                cur.end = s + pos
                segs.append(cur)
                cur = Segment(s + pos + 1, s + pos + 1, [])
                pos = chunk.find("|", pos + 1)
            cur.nodes.append(node)
        else:
            cur.nodes.append(node)
    cur.end = link.text_end if link.text_end is not None else link.end - 2
    segs.append(cur)
    # the first segment starts at text_start; each later one right after its pipe
    return segs


def in_spans(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]
