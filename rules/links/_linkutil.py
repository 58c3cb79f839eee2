"""Shared part of the link rules (no rules here)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
import re
from itertools import repeat
from operator import add, attrgetter, sub

from wikilint.document import Document, normalize_title
from wikilint.tree import Text, Wikilink


# Presence tests by the regex engine, which finds these in the page two to three times as fast
# as ``in`` does (its scan for the first character, then a look at the next ones).
_ISBN = re.compile(r"I(?=SBN)")
_TABLE_OPEN = re.compile(r"\{(?=\|)")


def has_isbn(doc: Document) -> bool:
    """``"ISBN" in doc.text``, looked for once per page (two rules ask)."""
    cache = doc.__dict__
    answer = cache.get("_wl_has_isbn")
    if answer is None:
        answer = cache["_wl_has_isbn"] = _ISBN.search(doc.text) is not None
    return answer


def namespace_sets(doc: Document) -> tuple[frozenset[str], frozenset[str]]:
    """Normalised local names of the Category and File namespaces (cached on the site)."""
    site = doc.site
    cached = site.__dict__.get("_wl_ns")
    if cached is None:
        cat = frozenset(normalize_title(n) for n in (site.get("namespaces.category") or ["Category"]))
        files = frozenset(normalize_title(n) for n in (site.get("namespaces.file") or ["File", "Image"]))
        cached = (cat, files)
        site.__dict__["_wl_ns"] = cached
    return cached


def split_ns(target: str) -> tuple[str, str]:
    """``("Category", "X")`` for ``Category:X`` (namespace normalised); ``("", target)``."""
    if ":" not in target:
        return "", target
    ns, rest = target.split(":", 1)
    return normalize_title(ns), rest


def plain_parts(doc: Document, link: Wikilink) -> tuple[str, str] | None:
    """``(target, text)`` when the link is ``[[target|text]]`` made of plain text only."""
    if link.text_start is None:
        return None
    for n in link.nodes:
        if type(n) is not Text:
            return None
    text = doc.text
    return text[link.title_start : link.title_end], text[link.text_start : link.text_end]


def _delimiters(text: str, nodes: list, opener: str, closer: str) -> int:
    """How many of *nodes* start with *opener* plus how many end with *closer* (C-level loops)."""
    if not nodes:
        return 0
    sw = text.startswith
    starts = map(attrgetter("start"), nodes)
    ends = map(sub, map(attrgetter("end"), nodes), repeat(len(closer)))
    return sum(map(sw, repeat(opener), starts)) + sum(map(sw, repeat(closer), ends))


def _outside_raw(nodes: list, raw: list[tuple[int, int]]) -> Iterator:
    """The nodes (in document order) whose start lies outside every raw span (sorted, disjoint)."""
    if not raw:
        yield from nodes
        return
    i = 0
    n = len(raw)
    for node in nodes:
        s = node.start
        while i < n and raw[i][1] <= s:
            i += 1
        if i < n and raw[i][0] <= s:
            continue
        yield node


def only_markup_delimiters(doc: Document, braces: bool, brackets: bool) -> bool:
    """True when no Text node outside comments and raw tags can hold a ``{``/``}`` (with
    *braces*) or a ``[[``/``]]`` (with *brackets*): every such character or pair outside the
    raw spans is a delimiter of a template, argument, wiki table or link. Counted with
    ``str.count`` and one pass over those nodes (not over the page's many Text nodes), so that
    a rule can skip its scan of the text nodes. ``False`` means "maybe": scan as before.

    Sound because delimiters lie outside Text nodes, sit at distinct offsets and are checked to
    hold the characters counted: equal counts then mean every character counted is one.
    Each answer is kept on the document (two rules ask)."""
    return (not brackets or _aspect_clean(doc, False, True)) and (not braces or _aspect_clean(doc, True, False))


def _aspect_clean(doc: Document, braces: bool, brackets: bool) -> bool:
    key = "_wl_clean_braces" if braces else "_wl_clean_brackets"
    cache = doc.__dict__
    answer = cache.get(key)
    if answer is None:
        answer = cache[key] = _only_markup_delimiters(doc, braces, brackets)
    return answer


def _only_markup_delimiters(doc: Document, braces: bool, brackets: bool, verify: bool = False) -> bool:
    """See :func:`only_markup_delimiters`. A link's span starts with "[[" and ends with "]]", a
    template's with "{{" and "}}", an argument's with "{{{" and "}}}" (the spans are those of
    mwparserfromhell's nodes, whose text holds them: tests/test_tree.py), so each node counts
    its delimiters without looking at the text; wiki tables are checked one by one. With
    *verify*, every node's delimiters are checked in the text (the first way, for the tests)."""
    text = doc.text
    count = text.count
    if verify:
        def delims(nodes: list, opener: str, closer: str) -> int:
            return _delimiters(text, nodes, opener, closer)
    else:
        def delims(nodes: list, opener: str, closer: str) -> int:
            return 2 * len(nodes)
    # First without the raw spans: every character counted is some node's delimiter.
    # (Nodes inside raw spans, if any, hold their characters there too.)
    #
    # Runs of brackets ("[[[", "]]]]" after an image caption's link) need no special case:
    # str.count finds k // 2 pairs in a run of k "[" (or "]"), and at most that many links
    # can start (end) in it, their delimiters being disjoint pairs. So when the count of "[["
    # (of "]]") equals the number of links, every run holds k // 2 delimiters and one "[" at
    # most besides, which no Text node can hold twice; since each count is at least the
    # number of links, a sum of zero below means both are equal. Runs never cross the edge
    # of a comment or raw tag (which starts with "<" and ends with ">"), so the same holds
    # for the counts outside them in the second pass.
    left = 0
    n_brackets = n_braces = -1  # the counts over the whole page, kept for the second pass
    if brackets:
        n_brackets = count("[[") + count("]]")
        left += n_brackets - delims(doc.wikilinks, "[[", "]]")
    tables = None
    if braces and not left:
        n_braces = count("{") + count("}")
        left += n_braces
        left -= 2 * delims(doc.templates, "{{", "}}")
        if left:
            left -= 3 * delims(doc.arguments, "{{{", "}}}")
        if left and (verify or _TABLE_OPEN.search(text)):  # a wiki table's span starts with "{|"
            tables = [t for t in doc.tags if t.wiki_markup == "{|"]
            left -= _delimiters(text, tables, "{|", "|}")
    if not left:
        return True
    raw = doc.raw_spans

    if verify:
        def outside(nodes: list, opener: str, closer: str) -> int:
            return _delimiters(text, list(_outside_raw(nodes, raw)), opener, closer)
    else:
        def outside(nodes: list, opener: str, closer: str) -> int:
            return 2 * (len(nodes) - _starting_in(nodes, raw))

    if brackets:
        left = n_brackets
        for s, e in raw:
            left -= count("[[", s, e) + count("]]", s, e)
        if left:
            left -= outside(doc.wikilinks, "[[", "]]")
        if left:
            return False
    if braces:
        # (not counted above when the brackets' count already left something over)
        left = n_braces if n_braces >= 0 else count("{") + count("}")
        for s, e in raw:
            left -= count("{", s, e) + count("}", s, e)
        if left:
            left -= 2 * outside(doc.templates, "{{", "}}")
        if left:
            left -= 3 * outside(doc.arguments, "{{{", "}}}")
        if left and (verify or _TABLE_OPEN.search(text)):
            if tables is None:
                tables = [t for t in doc.tags if t.wiki_markup == "{|"]
            left -= _delimiters(text, list(_outside_raw(tables, raw)), "{|", "|}")
        if left:
            return False
    return True


_START = attrgetter("start")


def _starting_in(nodes: list, raw: list[tuple[int, int]]) -> int:
    """How many of *nodes* (sorted by start) start inside one of the spans *raw* (sorted,
    disjoint): a bisection per span, not a look at every node."""
    inside = 0
    lo = 0
    for s, e in raw:
        lo = bisect_left(nodes, s, lo, key=_START)
        hi = bisect_left(nodes, e, lo, key=_START)
        inside += hi - lo
        lo = hi
    return inside


def _delimiter_offsets(doc: Document, braces: bool, brackets: bool) -> set[int]:
    """Offsets where a delimiter of a template, argument or wiki table (brace characters, with
    *braces*) or of a wikilink (the first of its ``[[`` and of its ``]]``, with *brackets*)
    stands: never inside a Text node."""
    out: set[int] = set()
    if brackets:
        links = doc.wikilinks
        out.update(map(attrgetter("start"), links))
        out.update(map(sub, map(attrgetter("end"), links), repeat(2)))
    if braces:
        for nodes, width in ((doc.templates, 2), (doc.arguments, 3)):
            for k in range(width):
                out.update(map(add, map(attrgetter("start"), nodes), repeat(k)))
                out.update(map(sub, map(attrgetter("end"), nodes), repeat(k + 1)))
        tables = [t for t in doc.tags if t.wiki_markup == "{|"]
        out.update(map(attrgetter("start"), tables))
        out.update(map(sub, map(attrgetter("end"), tables), repeat(1)))
    return out


def text_nodes_holding(doc: Document, needles: tuple[str, ...]) -> list[Text]:
    """The Text nodes that hold one of *needles* (``{``, ``}``, ``[[``, ``]]``), in document
    order: what ``doc.texts_matching`` yields for the alternation of the needles, found from
    the needles' occurrences in the page (less the offsets of delimiters, which no Text node
    holds) and a bisection over the Text nodes' starts, instead of a scan of every Text node's
    contents. Nodes that start in a comment or raw tag (``doc.in_raw``) may be left out: the
    callers skip them. Each needle's answer is kept on the document (two rules ask)."""
    cache = doc.__dict__
    found: set[int] = set()
    for needle in needles:
        key = "_wl_holding_" + needle
        held = cache.get(key)
        if held is None:
            held = cache[key] = _holding(doc, needle)
        found.update(held)
    texts = doc.texts
    return [texts[j] for j in sorted(found)]


def _holding(doc: Document, needle: str) -> list[int]:
    """Indexes (in ``doc.texts``) of the Text nodes that hold *needle*."""
    braces = needle in ("{", "}")
    if _aspect_clean(doc, braces, not braces):
        return []
    key = "_wl_delims_braces" if braces else "_wl_delims_brackets"
    delims = doc.__dict__.get(key)
    if delims is None:
        delims = doc.__dict__[key] = _delimiter_offsets(doc, braces, not braces)
    rest = {m.start() for m in _NEEDLES[needle].finditer(doc.text)}
    rest.difference_update(delims)
    if not rest:
        return []
    texts = doc.texts
    starts = doc.__dict__.get("_wl_text_starts")
    if starts is None and len(rest) * 32 > len(texts):
        starts = doc.__dict__["_wl_text_starts"] = list(map(_START, texts))
    size = len(needle)
    found = set()
    for i in rest:
        # the last Text node starting at or before i (bisected on the nodes themselves when
        # there are few offsets to place: no list of all their starts)
        j = (bisect_right(starts, i) if starts is not None else bisect_right(texts, i, key=_START)) - 1
        if j >= 0 and i + size <= texts[j].end:
            found.add(j)
    return list(found)


# Overlapping occurrences: "[[[" holds "[[" at two offsets.
_NEEDLES = {"{": re.compile(r"\{"), "}": re.compile(r"\}"), "[[": re.compile(r"\[(?=\[)"), "]]": re.compile(r"\](?=\])")}
