"""The markup model: how MediaWiki balances a page's HTML tags, quotes and tables.

MediaWiki (Parsoid and the legacy parser with Remex) builds the page with an HTML5 tree
builder. An unclosed ``<div>`` is closed where its parent ends, a stray ``</span>`` is dropped,
``<b><i>x</b>y</i>`` reopens the ``<i>`` after the ``</b>``, a ``<td>`` outside a table is
dropped, text between table rows is moved ("fostered") in front of the table. Parsoid's linter
reports these repairs in categories (``missing-end-tag``, ``stripped-tag``, ``misnested-tag`` …).

This module predicts those repairs from the wikitext alone, in one linear pass per page:

1. **Masking.** Templates, template arguments, extension tags (``<ref>``, ``<gallery>`` …), raw
   tags (``<nowiki>``, ``<pre>``, ``<math>`` …), comments, category links, link targets and URLs
   are masked: their text is not markup of the page. Template output is unknown, so it is
   treated as plain inline content. The body of ``<ref>`` and other wikitext-bodied extension
   tags is balanced on its own, as MediaWiki parses it as a separate document.
2. **Tokens.** Each line becomes wiki block tokens (headings, list items, paragraphs, table
   ``{|``, ``|-``, ``|``/``||``, ``!``/``!!``, ``|+``, ``|}``) and inline tokens: literal HTML
   tags (only the tags MediaWiki's sanitizer lets through) and the ``''``/``'''`` quotes,
   balanced per line (per table cell) exactly as MediaWiki's quote pass does, with the quotes
   left open closed at the end of the line by zero-width end tags.
3. **Tree building.** A small HTML5 tree builder (insertion modes body / table / row / cell,
   the stack of open elements with its scopes, the list of active formatting elements with
   markers and reconstruction, the adoption agency for formatting end tags, implied end tags,
   foster parenting) turns the tokens into a DOM of :class:`Element` nodes that records, as
   Parsoid's ``data-parsoid`` does, whether an element's start or end was inserted by the tree
   builder (``auto_start``/``auto_end``) and which tags were dropped (:class:`Stripped`).
4. **Lints.** The same questions Parsoid's linter asks of its DOM are asked of this one, and
   the answers are :class:`MarkupLint` records with the Parsoid category in ``type``.

Every loop is bounded: walks of the stack, of the formatting list and of ancestor chains stop
after a fixed number of steps, so 10,000 unclosed tags cost linear time.

Public API (``doc.markup`` is a :class:`MarkupModel`):

* ``lints``: :class:`MarkupLint` list in document order (``type``, ``start``, ``end``,
  ``name``, ``params``, ``element``);
* ``elements``: every :class:`Element` built from the page's own source tags, in document order
  (HTML tags, quote tags, wiki tables/rows/cells, headings); ``tables``: the table elements;
  ``headings``: the heading elements;
* ``source_tags``: every recognised HTML tag token (:class:`SourceTag`) in document order;
* ``by_name(name)``: elements of one tag name.
"""

from __future__ import annotations

import bisect
import operator
import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .document import RAW_TAGS
from .tree import Argument, Comment, ExternalLink, Tag, Template, Wikilink

if TYPE_CHECKING:
    from .document import Document

__all__ = [
    "EXTENSION_TAGS",
    "FORMATTING_TAGS",
    "HTML_TAGS",
    "OBSOLETE_TAGS",
    "VOID_TAGS",
    "Element",
    "MarkupLint",
    "MarkupModel",
    "SourceTag",
    "Stripped",
    "build_markup_model",
]

# Tags MediaWiki's sanitizer passes through as HTML (anything else is shown as text).
HTML_TAGS = frozenset(
    [
        "b",
        "bdi",
        "del",
        "i",
        "ins",
        "u",
        "font",
        "big",
        "small",
        "sub",
        "sup",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "cite",
        "code",
        "em",
        "s",
        "strike",
        "strong",
        "tt",
        "var",
        "div",
        "center",
        "blockquote",
        "ol",
        "ul",
        "dl",
        "table",
        "caption",
        "pre",
        "ruby",
        "rb",
        "rp",
        "rt",
        "rtc",
        "p",
        "span",
        "abbr",
        "dfn",
        "kbd",
        "samp",
        "data",
        "time",
        "mark",
        "br",
        "wbr",
        "hr",
        "li",
        "dt",
        "dd",
        "meta",
        "link",
        "td",
        "th",
        "tr",
        "q",
        "bdo",
    ]
)
VOID_TAGS = frozenset(
    {
        "br",
        "wbr",
        "hr",
        "meta",
        "link",
        "img",
        "col",
        "area",
        "embed",
        "input",
        "param",
        "source",
        "track",
    }
)
FORMATTING_TAGS = frozenset(
    {
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    }
)
# Parsoid's older HTML tags, without <big> (editors' toolbars still insert it).
OBSOLETE_TAGS = frozenset({"center", "font", "strike", "tt"})
_SPECIAL = frozenset(
    [
        "address",
        "applet",
        "area",
        "article",
        "aside",
        "base",
        "basefont",
        "bgsound",
        "blockquote",
        "body",
        "br",
        "button",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "img",
        "input",
        "keygen",
        "li",
        "link",
        "listing",
        "main",
        "marquee",
        "menu",
        "meta",
        "nav",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "ol",
        "p",
        "param",
        "plaintext",
        "pre",
        "script",
        "section",
        "select",
        "source",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
        "wbr",
        "xmp",
        "#root",
    ]
)
_SCOPE = frozenset(
    {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "#root"}
)
_BUTTON_SCOPE = _SCOPE | {"button"}
_LIST_SCOPE = _SCOPE | {"ol", "ul"}
_TABLE_SCOPE = frozenset({"html", "table", "template", "#root"})
_IMPLIED_END = frozenset({"dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"})
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "header",
        "hgroup",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "ul",
        "pre",
        "listing",
        "table",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dd",
        "dt",
    ]
)
_TABLE_PARTS = frozenset(
    {"td", "th", "tr", "caption", "col", "colgroup", "tbody", "thead", "tfoot"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# HTML5 tags Tidy treated like formatting tags and HTML5 does not (Parsoid's list).
CHANGED_MISNESTING = frozenset(
    [
        "abbr",
        "bdi",
        "bdo",
        "cite",
        "data",
        "del",
        "dfn",
        "ins",
        "kbd",
        "mark",
        "q",
        "rb",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "samp",
        "span",
        "sub",
        "sup",
        "time",
        "var",
    ]
)
_OPTIONAL_END = frozenset({"tr", "td", "th", "li"})

# Extension tags known without site data (the union of common Wikimedia extensions).
# Every raw tag (bodies never parsed as wikitext) is an extension tag; these are the others.
EXTENSION_TAGS = RAW_TAGS | frozenset(
    {
        "ref", "references", "poem", "indicator", "langconvert", "includeonly", "noinclude",
        "onlyinclude", "rss", "dynamicpagelist", "quiz", "tabs", "tab", "talkpage", "phonos",
    }
)
# Extension tags whose body is wikitext of its own (balanced separately).
_WIKITEXT_BODY = frozenset({"ref", "indicator", "poem"})

_BOUND = 100  # steps of any walk over the stack or the formatting list
_WALK = 40  # steps of the linter's walks over siblings, ancestors and descendants

# Inline HTML tags a block of plain lines may hold, closed where they open: none is obsolete,
# a block or special element, or has optional or implied end tags.
_BLOCK_SAFE_TAGS = frozenset(
    {
        "b", "i", "u", "s", "small", "big", "sup", "sub", "span", "abbr", "code", "em",
        "strong", "var", "kbd", "samp", "cite", "q", "bdi", "dfn", "mark", "del", "ins",
        "br", "wbr",
    }
)

# Mask characters (same length as what they hide, so offsets stay exact).
_TRANSPARENT = "\x02"  # comments, category links: render nothing
_OPAQUE = "\x01"  # template or extension output: unknown inline content
_INERT = "\x03"  # visible text that is never markup (link targets, URLs)
_EXT = "\x04"  # extension tag output (a footnote marker, a gallery): inline content
_OPAQUE_CHARS = "\x01\x04 \t\r\x02\n"
_BLANK_CHARS = " \t\r" + _TRANSPARENT
_BLANK_NL = _BLANK_CHARS + "\n"

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])([^<>]*?)(/?)>")
_QUOTE_RE = re.compile(r"''+")
_TD_SEP = re.compile(r"\|\|")
_TH_SEP = re.compile(r"\|\||!!")
_HEADING_RE = re.compile(r"(={1,6})(.+?)(={1,6})[ \t\r\x02]*$")
_STYLE_OR_CLASS = re.compile(r"(?:^|\s)(?:style|class)\s*=", re.IGNORECASE)
_COLOR_ATTR = re.compile(r"(?:^|\s)color\s*=", re.IGNORECASE)
_SWITCH_RE = re.compile(r"__[^\W\d_]{3,30}__")


@dataclass
class SourceTag:
    """An HTML tag as written in the page: ``<div class=x>``, ``</div>``, ``<br/>``."""

    name: str
    start: int
    end: int
    closing: bool
    self_closing: bool
    attrs: str  # raw attribute text


class Element:
    """An element of the predicted DOM.

    ``kind``: ``html`` (a literal HTML tag of the page), ``quote`` (``''``/``'''``), ``wiki``
    (table, row, cell, heading, list item, paragraph made by wiki syntax), ``clone`` (a
    formatting element the tree builder reopened).
    ``start``/``open_end``: the opening markup (``open_end == start`` for a clone);
    ``end``: where the element ends; ``close_start``: start of its explicit end tag, or ``None``.

    (A plain class with slots, not a dataclass: ``wikilint/markup.pxd`` makes it an extension
    type when the module is compiled. Equality is identity.)
    """

    __slots__ = (
        "aaa_clone",
        "attrs",
        "auto_end",
        "auto_start",
        "children",
        "clone_of",
        "close_start",
        "end",
        "fostered",
        "fostered_before",
        "heading",
        "idx",
        "in_list_item",
        "in_table",
        "kind",
        "linted",
        "name",
        "open",
        "open_end",
        "parent",
        "self_closing",
        "split_by_p",
        "start",
        "uncertain",
    )

    def __init__(
        self,
        name: str,
        kind: str,
        start: int,
        open_end: int,
        attrs: str = "",
        parent: Element | None = None,
        children: list[Any] | None = None,
        idx: int = 0,
        end: int = -1,
        close_start: int | None = None,
        auto_start: bool = False,
        auto_end: bool = False,
        self_closing: bool = False,
        open: bool = True,
        linted: bool = False,
        clone_of: Element | None = None,
        aaa_clone: Element | None = None,
        fostered: bool = False,
        fostered_before: list[Any] | None = None,
        in_list_item: bool = False,
        uncertain: bool = False,
        split_by_p: bool = False,
        heading: Element | None = None,
        in_table: bool = False,
    ) -> None:
        self.name = name
        self.kind = kind
        self.start = start
        self.open_end = open_end
        self.attrs = attrs
        self.parent = parent
        self.children = [] if children is None else children
        self.idx = idx
        self.end = end
        self.close_start = close_start
        self.auto_start = auto_start
        self.auto_end = auto_end
        self.self_closing = self_closing
        self.open = open
        self.linted = linted
        self.clone_of = clone_of
        self.aaa_clone = aaa_clone
        self.fostered = fostered
        self.fostered_before = fostered_before  # made when content is fostered before it
        self.in_list_item = in_list_item
        self.uncertain = uncertain  # template output on its line may close it: no lint
        # a wiki paragraph started inside it (Parsoid's p-wrapping split it)
        self.split_by_p = split_by_p
        self.heading = heading  # the heading it sits in
        self.in_table = in_table  # it is a table or sits in one

    @property
    def literal(self) -> bool:
        return self.kind == "html"

    @property
    def stx(self) -> str:
        k = self.clone_of.stx if self.clone_of is not None else self.kind
        return "html" if k == "html" else k

    def __repr__(self) -> str:
        return f"<{self.name} {self.kind} {self.start}:{self.end}{' auto-end' if self.auto_end else ''}>"


class Stripped:
    """A tag the tree builder dropped (an end tag with nothing to close, a stray ``<td>``)."""

    __slots__ = ("closing", "end", "idx", "linted", "name", "parent", "start")

    def __init__(
        self,
        name: str,
        start: int,
        end: int,
        closing: bool,
        parent: Element | None = None,
        idx: int = 0,
        linted: bool = False,
    ) -> None:
        self.name = name
        self.start = start
        self.end = end
        self.closing = closing
        self.parent = parent
        self.idx = idx
        self.linted = linted

    def __repr__(self) -> str:
        return (
            f"Stripped(name={self.name!r}, start={self.start!r}, end={self.end!r}, "
            f"closing={self.closing!r}, parent={self.parent!r}, idx={self.idx!r}, "
            f"linted={self.linted!r})"
        )


class _Text:
    __slots__ = ("end", "idx", "opaque", "parent", "start", "trail_ws", "ws")

    def __init__(
        self,
        start: int,
        end: int,
        ws: bool,  # only whitespace (a separator)
        opaque: bool,  # only template or extension output
        trail_ws: bool = False,  # ends in whitespace
        parent: Element | None = None,
        idx: int = 0,
    ) -> None:
        self.start = start
        self.end = end
        self.ws = ws
        self.opaque = opaque
        self.trail_ws = trail_ws
        self.parent = parent
        self.idx = idx

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.start}:{self.end}>"


class _Block(_Text):
    """Stands for a block of plain lines at the top of the page (see ``_Scanner._plain_block``)
    until ``MarkupModel.elements`` asks for their elements; ``all_index`` is where they go in
    their builder's element list."""

    __slots__ = ("all_index",)

    def __init__(self, start: int, end: int, all_index: int = 0) -> None:
        self.start = start
        self.end = end
        self.ws = False
        self.opaque = False
        self.trail_ws = False
        self.parent = None
        self.idx = 0
        self.all_index = all_index


@dataclass
class MarkupLint:
    """A predicted Parsoid lint: ``type`` is the category, ``start``/``end`` its span."""

    type: str
    start: int
    end: int
    name: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    element: Any = None


class _Tok:
    __slots__ = ("attrs", "end", "end_tag", "kind", "name", "reopen", "self_closing", "start", "uncertain")

    def __init__(
        self,
        name: str,
        end_tag: bool,
        start: int,
        end: int,
        kind: str,  # html / quote / wiki
        attrs: str = "",
        self_closing: bool = False,
        uncertain: bool = False,  # a quote closed at the end of a line that template output may close
        reopen: bool = False,  # the quote pass reopens a quote it had to close
    ) -> None:
        self.name = name
        self.end_tag = end_tag
        self.start = start
        self.end = end
        self.kind = kind
        self.attrs = attrs
        self.self_closing = self_closing
        self.uncertain = uncertain
        self.reopen = reopen

    def __repr__(self) -> str:
        return f"<_Tok {'/' if self.end_tag else ''}{self.name} {self.kind} {self.start}:{self.end}>"



class MarkupModel:
    def __init__(self) -> None:
        self.lints: list[MarkupLint] = []
        self._elements: list[Element] = []
        self.stripped: list[Stripped] = []
        self._source_tags: list[SourceTag] = []
        self.masked: str = ""
        self.link_spans: list[tuple[int, int]] = []
        self.seen_ids: set[str] = set()
        self._roots: list[Element] = []  # each scope's root element (see release)
        self._lints_by_type: dict[str, list[MarkupLint]] | None = None
        # Blocks of plain lines not built yet: the top builder's element list, the blocks, the
        # other scopes' elements, and the links the top scanner used (see _expand_blocks).
        self._pending: tuple[list[Any], list[_Block], list[Element], Any, Any] | None = None

    @property
    def elements(self) -> list[Element]:
        if self._pending is not None:
            self._expand_blocks()
        return self._elements

    @property
    def source_tags(self) -> list[SourceTag]:
        if self._pending is not None:
            self._expand_blocks()
        return self._source_tags

    def _expand_blocks(self) -> None:
        """Build the blocks of plain lines that the lints did not need, in place: each block's
        nodes replace its placeholder among the top root's children, and its elements join the
        element list where the whole page's tree builder would have made them. A block starts
        and ends with nothing open, so a tree builder started afresh on it makes the same
        nodes."""
        assert self._pending is not None
        top_all, blocks, other, links, link_starts = self._pending
        self._pending = None
        made: dict[int, list[Any]] = {}
        all_: list[Any] = []
        prev = 0
        root = self._roots[0]
        for blk in blocks:
            b = _Scanner(self, self.masked, blk.start, blk.end, True, links, link_starts).run()
            all_.extend(top_all[prev : blk.all_index])
            prev = blk.all_index
            table = blk.parent
            if table is root:
                made[id(blk)] = b.root.children
                all_.extend(b.all)
                continue
            # the rows of a table: the scan made the table again; they go in the one built
            assert table is not None
            (again,) = b.root.children
            for node in again.children:
                node.parent = table
            table.children = again.children
            again.children = []
            all_.extend(b.all[1:])
        all_.extend(top_all[prev:])
        children: list[Any] = []
        for node in root.children:
            kids = made.get(id(node)) if type(node) is _Block else None
            if kids is None:
                children.append(node)
            else:
                node.parent = None
                children.extend(kids)
        for k, node in enumerate(children):
            node.parent = root
            node.idx = k
        root.children = children
        elements = [e for e in all_ if type(e) is Element and e.kind != "clone"]
        elements.extend(other)
        elements.sort(key=_start_key)
        self._elements = elements
        self._source_tags.sort(key=_start_key)

    def release(self) -> None:
        """Break the model's reference cycles (an element and its children point at each
        other) so that reference counting frees it at once, without the cyclic garbage
        collector. The model is empty afterwards."""
        stack: list[Any] = list(self._roots)
        while stack:
            node = stack.pop()
            node.parent = None
            if type(node) is Element:
                stack.extend(node.children)
                if node.fostered_before:
                    stack.extend(node.fostered_before)
                node.children = []
                node.fostered_before = None
                node.heading = node.clone_of = node.aaa_clone = None
        self._roots = []
        self._lints_by_type = None
        self._pending = None
        self.lints = []
        self._elements = []
        self.stripped = []

    @property
    def tables(self) -> list[Element]:
        return [e for e in self.elements if e.name == "table"]

    @property
    def headings(self) -> list[Element]:
        return [e for e in self.elements if e.name in _HEADINGS]

    def by_name(self, name: str) -> list[Element]:
        return [e for e in self.elements if e.name == name]

    def lints_of(self, *types: str) -> list[MarkupLint]:
        if len(types) == 1:
            return list(self._by_type().get(types[0], ()))
        return [x for x in self.lints if x.type in types]

    def _by_type(self) -> dict[str, list[MarkupLint]]:
        """The lints grouped by type, in document order (made once: each markup rule asks for
        one type)."""
        if self._lints_by_type is None:
            groups: dict[str, list[MarkupLint]] = {}
            for x in self.lints:
                groups.setdefault(x.type, []).append(x)
            self._lints_by_type = groups
        return self._lints_by_type


# --------------------------------------------------------------------------------------------
# Quotes: MediaWiki's per-line quote pass


def _quote_runs(line: str) -> list[list[int]]:
    """The apostrophe runs of MediaWiki's quote pass, ``[start, length]`` with a length of 2,
    3 or 5: a run of four is an apostrophe then bold, a longer run apostrophes then both, and
    when bold and italic are both odd one bold becomes an apostrophe and italic."""
    runs = []
    for m in _QUOTE_RE.finditer(line):
        s, e = m.start(), m.end()
        n = e - s
        if n == 4:  # one apostrophe of text, then bold
            s += 1
            n = 3
        elif n > 5:  # the extra apostrophes are text
            s += n - 5
            n = 5
        runs.append([s, n])
    if not runs:
        return runs
    n_i = n_b = 0
    for r in runs:
        n = r[1]
        if n != 3:  # 2 or 5
            n_i += 1
        if n != 2:  # 3 or 5
            n_b += 1
    if n_i % 2 == 1 and n_b % 2 == 1:
        single = multi = space = None
        for r in runs:
            if r[1] != 3:
                continue
            x1 = line[r[0] - 1] if r[0] >= 1 else " "
            x2 = line[r[0] - 2] if r[0] >= 2 else " "
            if x1 == " ":
                if space is None:
                    space = r
            elif x2 == " ":
                single = r
                break
            elif multi is None:
                multi = r
        pick = single or multi or space
        if pick is not None:
            pick[0] += 1
            pick[1] = 2
    return runs


_AFTER_ITALIC = {"i": "", "bi": "b", "both": "b"}
_AFTER_BOLD = {"b": "", "ib": "i", "both": "i"}
_AFTER_BOTH = {"b": "i", "i": "b", "bi": "", "ib": "", "both": ""}


def _quotes_balanced(line: str) -> bool:
    """Whether ``quote_tokens`` closes every quote of *line* where it opened it: no zero-width
    token (a quote left open at the end of the line, or closed and reopened around another).
    The same walk over the runs, without the tokens."""
    runs = _QUOTE_RE.findall(line)
    widths = set(map(len, runs))
    if len(widths) == 1 and (2 in widths or 3 in widths):
        # only italics or only bolds (most lines): each quote closes the one before it
        return len(runs) % 2 == 0
    state = ""
    for _, n in _quote_runs(line):
        if n == 2:
            if state == "ib":
                return False
            state = _AFTER_ITALIC.get(state, state + "i")
        elif n == 3:
            if state == "bi":
                return False
            state = _AFTER_BOLD.get(state, state + "b")
        else:
            state = _AFTER_BOTH.get(state, "both")
    return state == ""


def quote_tokens(line: str, base: int) -> list[_Tok]:
    """The ``<i>``/``<b>`` tokens MediaWiki's quote pass makes of one line.

    *line* is the (masked) line text, *base* its offset in the page. Quotes still open at the
    end of the line are closed there by zero-width end tokens.
    """
    runs = _quote_runs(line)
    if not runs:
        return []
    toks: list[_Tok] = []
    state = ""
    both_at = 0

    def o(name: str, s: int, w: int, reopen: bool = False) -> None:
        toks.append(_Tok(name, False, base + s, base + s + w, "quote", reopen=reopen))

    def c(name: str, s: int, w: int) -> None:
        toks.append(_Tok(name, True, base + s, base + s + w, "quote"))

    for s, n in runs:
        if n == 2:
            if state == "i":
                c("i", s, 2)
                state = ""
            elif state == "bi":
                c("i", s, 2)
                state = "b"
            elif state == "ib":
                c("b", s, 0)
                c("i", s, 2)
                o("b", s + 2, 0, True)
                state = "b"
            elif state == "both":
                o("b", both_at, 3)
                o("i", both_at + 3, 2)
                c("i", s, 2)
                state = "b"
            else:
                o("i", s, 2)
                state += "i"
        elif n == 3:
            if state == "b":
                c("b", s, 3)
                state = ""
            elif state == "bi":
                c("i", s, 0)
                c("b", s, 3)
                o("i", s + 3, 0, True)
                state = "i"
            elif state == "ib":
                c("b", s, 3)
                state = "i"
            elif state == "both":
                o("i", both_at, 2)
                o("b", both_at + 2, 3)
                c("b", s, 3)
                state = "i"
            else:
                o("b", s, 3)
                state += "b"
        else:
            if state == "b":
                c("b", s, 3)
                o("i", s + 3, 2)
                state = "i"
            elif state == "i":
                c("i", s, 2)
                o("b", s + 2, 3)
                state = "b"
            elif state == "bi":
                c("i", s, 2)
                c("b", s + 2, 3)
                state = ""
            elif state == "ib":
                c("b", s, 3)
                c("i", s + 3, 2)
                state = ""
            elif state == "both":
                o("i", both_at, 2)
                o("b", both_at + 2, 3)
                c("b", s, 3)
                c("i", s + 3, 2)
                state = ""
            else:
                both_at = s
                state = "both"
    end = len(line.rstrip(_BLANK_CHARS))
    if state == "both":
        o("b", both_at, 3)
        o("i", both_at + 3, 2)
        c("i", end, 0)
        c("b", end, 0)
    elif state in ("b", "ib"):
        c("b", end, 0)
        if state == "ib":
            c("i", end, 0)
    elif state in ("i", "bi"):
        c("i", end, 0)
        if state == "bi":
            c("b", end, 0)
    toks.sort(key=lambda t: t.start)  # stable: same-offset tokens keep their order
    return toks


# --------------------------------------------------------------------------------------------
# The tree builder

_BODY, _TABLE, _ROW, _CELL = range(4)
_FOSTER_PARENTS = frozenset({"table", "tbody", "tr"})  # content here is fostered out


class _Builder:
    def __init__(self, model: MarkupModel, masked: str, scope_start: int) -> None:
        self.model = model
        self.masked = masked
        self.root = Element("#root", "wiki", scope_start, scope_start)
        self.stack: list[Element] = [self.root]
        self.afl: list[Element | None] = []  # None = marker
        self.mode = _BODY
        self.all: list[Any] = []
        self.list_depth = 0
        self.last_quote: dict[str, Element] = {}
        self.table_columns: dict[int, int] = {}  # tables whose rows are not built yet

    # ------------------------------------------------------------------ helpers
    @property
    def cur(self) -> Element:
        return self.stack[-1]

    def _foster(self) -> bool:
        return (self.mode == _TABLE or self.mode == _ROW) and self.stack[-1].name in _FOSTER_PARENTS

    def _append(self, node: Any, foster: bool = False) -> None:
        stack = self.stack
        if foster:
            table = None
            for k in range(len(stack) - 1, max(0, len(stack) - _BOUND) - 1, -1):
                cand = stack[k]
                if cand.name == "table":
                    table = cand
                    break
            if table is not None:
                node.parent = table.parent
                node.idx = -1
                if table.fostered_before is None:
                    table.fostered_before = []
                table.fostered_before.append(node)
                if type(node) is Element:
                    el = node
                    if table.parent is not None:
                        el.heading = table.parent.heading
                        el.in_table = table.parent.in_table
                    el.fostered = True
                return
        parent = stack[-1]
        children = parent.children
        if type(node) is Element:
            el = node
            el.parent = parent
            el.idx = len(children)
            children.append(el)
            el.heading = parent if parent.name in _HEADINGS else parent.heading
            el.in_table = parent.in_table or el.name == "table"
            return
        node.parent = parent
        node.idx = len(children)
        children.append(node)

    def _in_scope(self, name: str, scope: frozenset[str]) -> int:
        """Index of the topmost element *name* in the given scope, or -1."""
        stack = self.stack
        k = len(stack) - 1
        lo = k - _BOUND
        while k > lo and k >= 0:
            el = stack[k]
            el_name = el.name
            if el_name == name:
                return k
            if el_name in scope:
                return -1
            k -= 1
        return -1

    def _close(self, el: Element, pos: int, tok: _Tok | None) -> None:
        el.open = False
        if tok is not None and tok.uncertain:
            el.uncertain = True
        if tok is not None and tok.end > tok.start:
            el.close_start = tok.start
            el.end = tok.end
        else:
            el.auto_end = True
            end = el.open_end
            if el.children:
                last_end = el.children[-1].end
                end = max(end, last_end)
            el.end = end

    def _pop_to(self, k: int, pos: int, tok: _Tok | None) -> None:
        """Pop the stack down to index *k* (inclusive); *tok* closes element *k*."""
        stack = self.stack
        while len(stack) > k + 1:
            self._close(stack.pop(), pos, None)
        if k > 0:
            self._close(stack.pop(), pos, tok)

    def _implied_end(self, pos: int, exclude: str = "") -> None:
        stack = self.stack
        while True:
            top = stack[-1]
            if top.name not in _IMPLIED_END or top.name == exclude:
                return
            self._close(stack.pop(), pos, None)

    def _close_p(self, pos: int) -> None:
        k = self._in_scope("p", _BUTTON_SCOPE)
        if k > 0:
            self._implied_end(pos, "p")
            k = self._in_scope("p", _BUTTON_SCOPE)
            if k > 0:
                self._pop_to(k, pos, None)

    def _reconstruct(self, pos: int) -> None:
        afl = self.afl
        if not afl:
            return
        last = afl[-1]
        if last is None or last.open:
            return
        k = len(afl) - 1
        lo = max(0, len(afl) - _BOUND)
        while k > lo:
            last = afl[k - 1]
            if last is None or last.open:
                break
            k -= 1
        foster = self._foster()
        for j in range(k, len(afl)):
            old = afl[j]
            assert old is not None
            clone = Element(old.name, "clone", pos, pos, old.attrs, auto_start=True)
            clone.clone_of = old.clone_of or old
            self._append(clone, foster)
            self.stack.append(clone)
            afl[j] = clone
            self.all.append(clone)

    def _insert(self, tok: _Tok) -> Element:
        el = Element(tok.name, tok.kind, tok.start, tok.end, tok.attrs)
        el.self_closing = tok.self_closing
        el.in_list_item = self.list_depth > 0
        self._append(el, self._foster() and tok.name not in _TABLE_PARTS and tok.name != "table")
        self.all.append(el)
        if tok.name in VOID_TAGS or (tok.self_closing and tok.kind == "html"):
            el.open = False
            el.end = tok.end
        else:
            self.stack.append(el)
        return el

    def _strip(self, tok: _Tok) -> None:
        if tok.end <= tok.start:
            return
        s = Stripped(tok.name, tok.start, tok.end, tok.end_tag)
        if self._foster():  # dropped between table rows: Parsoid does not report these
            s.linted = True
        self._append(s, self._foster())
        self.all.append(s)

    def _reset_mode(self) -> None:
        stack = self.stack
        for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _BOUND), -1):
            el = stack[k]
            name = el.name
            if name in ("td", "th", "caption"):
                self.mode = _CELL
                return
            if name == "tr":
                self.mode = _ROW
                return
            if name in ("table", "tbody"):
                self.mode = _TABLE
                return
        self.mode = _BODY

    # ------------------------------------------------------------------ text
    def text(self, start: int, end: int) -> None:
        if end <= start:
            return
        chunk = self.masked[start:end]
        stripped = chunk.strip(_BLANK_NL)
        if not stripped:  # separators: the linter skips them and they reconstruct nothing
            return
        opaque = not stripped.strip(_OPAQUE_CHARS)
        node = _Text(start, end, False, opaque, chunk[-1:].isspace())
        parent = self.stack[-1]
        if (self.mode == _TABLE or self.mode == _ROW) and parent.name in ("table", "tbody", "tr"):
            if opaque:
                self._append(node)  # template output between rows: assume it makes rows
                return
            self._reconstruct(start)
            self._append(node, self._foster())
            return
        afl = self.afl
        if afl:
            last = afl[-1]
            if last is not None and not last.open:
                self._reconstruct(start)
                parent = self.stack[-1]
        # self._append(node), for a text node
        node.parent = parent
        children = parent.children
        node.idx = len(children)
        children.append(node)

    def placeholder(self, start: int, end: int) -> None:
        """One text node for a line of plain text and links, appended to the current node
        (a paragraph) where nothing else is open: the linter only ever asks such content
        whether it is there and is not a tag, which one node answers as well as many."""
        self._append(_Text(start, end, False, False))

    def link(self, start: int, end: int) -> None:
        """A link holding only text, in body or cell mode: what ``start_tag(a)``, ``text`` and
        a zero-width ``end_tag(a)`` do there, without the tokens (most links are this)."""
        afl = self.afl
        if not afl or (afl[-1] is None and len(afl) <= _BOUND):
            # Nothing to reconstruct and no formatting element for Noah's Ark to count (the
            # common case): the same element and text node, built directly.
            parent = self.stack[-1]
            el = Element("a", "wiki", start, start)
            el.in_list_item = self.list_depth > 0
            el.parent = parent
            children = parent.children
            el.idx = len(children)
            children.append(el)
            el.heading = parent if parent.name in _HEADINGS else parent.heading
            el.in_table = parent.in_table
            self.all.append(el)
            el.open = False
            el.auto_end = True
            chunk = self.masked[start:end]
            stripped = chunk.strip(_BLANK_NL)
            if stripped and end > start:
                opaque = not stripped.strip(_OPAQUE_CHARS)
                node = _Text(start, end, False, opaque, chunk[-1:].isspace())
                node.parent = el
                el.children.append(node)
                el.end = end
            else:
                el.end = start
            return
        self._reconstruct(start)
        el = self._insert(_Tok("a", False, start, start, "wiki"))
        self._noahs_ark(el)
        self.afl.append(el)
        self.text(start, end)
        self.afl.pop()
        self.stack.pop()
        self._close(el, end, None)

    # ------------------------------------------------------------------ common cases, directly
    # Each does exactly what the general method named in its docstring does in the state it
    # checks for (the same elements, fields and stacks), without the general walks.

    def _simple_cell(self) -> bool:
        """In a cell (``td``/``th``) of a row of a table, nothing else open, the stack short."""
        stack = self.stack
        if self.mode != _CELL or len(stack) < 4 or len(stack) > _BOUND // 2:
            return False
        name = stack[-1].name
        return (
            (name == "td" or name == "th")
            and stack[-2].name == "tr"
            and stack[-3].name == "table"
        )

    def _end_simple_cell(self, pos: int) -> None:
        self._close(self.stack.pop(), pos, None)
        afl = self.afl
        while afl and afl[-1] is not None:
            afl.pop()
        if afl:
            afl.pop()
        self.mode = _ROW

    def cell(self, tok: _Tok) -> None:
        """``start_tag(tok)`` for a wiki cell."""
        if tok.name != "caption" and self._simple_cell():
            self._end_simple_cell(tok.start)
            self._insert(tok)
            self.afl.append(None)
            self.mode = _CELL
            return
        self.start_tag(tok)

    def row(self, tok: _Tok) -> None:
        """``start_tag(tok)`` for a wiki row (``|-``)."""
        if self._simple_cell():
            self._end_simple_cell(tok.start)
            self._close(self.stack.pop(), tok.start, None)  # the row
            self._insert(tok)
            return
        self.start_tag(tok)

    def next_item(self, pos: int, prefix_end: int) -> bool:
        """``end_tag(li)`` and ``start_tag(li)`` for the next item of a wiki list whose item
        holds nothing open; False (nothing done) in any other state."""
        stack = self.stack
        if len(stack) < 3 or len(stack) > _BOUND // 2:
            return False
        if not (self.mode == _BODY or self.mode == _CELL):
            return False
        li = stack[-1]
        ul = stack[-2]
        if li.name != "li" or li.kind != "wiki" or ul.name != "ul" or ul.kind != "wiki":
            return False
        stack.pop()
        self._close(li, pos, None)
        self._insert(_Tok("li", False, pos, prefix_end, "wiki"))
        return True

    def heading_start(self, tok: _Tok) -> None:
        """``start_tag(tok)`` for a wiki heading."""
        if self.mode == _BODY and len(self.stack) == 1:
            self._insert(tok)
            return
        self.start_tag(tok)

    def heading_end(self, tok: _Tok) -> None:
        """``end_tag(tok)`` for a wiki heading."""
        stack = self.stack
        top = stack[-1]
        if top.name == tok.name and top.kind == "wiki" and len(stack) < _BOUND // 2:
            stack.pop()
            self._close(top, tok.start, tok)
            return
        self.end_tag(tok)

    # ------------------------------------------------------------------ tags
    def start_tag(self, tok: _Tok) -> None:
        name = tok.name
        mode = self.mode
        if mode == _CELL and name in _TABLE_PARTS:
            if not self._close_cell(tok.start):
                self._strip(tok)
                return
            mode = self.mode
        if mode in (_TABLE, _ROW):
            if name in ("td", "th"):
                if mode == _TABLE:
                    k = self._in_scope("table", _TABLE_SCOPE)
                    self._pop_to_table_context(k, tok.start)
                    self._insert(_Tok("tr", False, tok.start, tok.start, "wiki")).auto_start = True
                else:
                    self._clear_to_row(tok.start)
                self._insert(tok)
                self.afl.append(None)
                self.mode = _CELL
                return
            if name == "tr":
                if mode == _ROW:
                    self._clear_to_row(tok.start)
                    self._pop_to(len(self.stack) - 1, tok.start, None)
                else:
                    k = self._in_scope("table", _TABLE_SCOPE)
                    self._pop_to_table_context(k, tok.start)
                self._insert(tok)
                self.mode = _ROW
                return
            if name == "caption":
                k = self._in_scope("table", _TABLE_SCOPE)
                self._pop_to_table_context(k, tok.start)
                self._insert(tok)
                self.afl.append(None)
                self.mode = _CELL
                return
            if name == "table":
                k = self._in_scope("table", _TABLE_SCOPE)
                if k <= 0:
                    self._strip(tok)
                    return
                self._pop_to(k, tok.start, None)
                self._reset_mode()
                self.start_tag(tok)
                return
            if name in _TABLE_PARTS:
                return  # col, tbody …: no lint interest
            # anything else: in-body rules with foster parenting
        elif name in _TABLE_PARTS:
            self._strip(tok)
            return
        if name in FORMATTING_TAGS:
            self._reconstruct(tok.start)
            el = self._insert(tok)
            if tok.kind == "quote":
                if tok.reopen and name in self.last_quote:
                    el.auto_start = True
                    el.clone_of = self.last_quote[name]
                else:
                    self.last_quote[name] = el
            if tok.self_closing and tok.kind == "html":
                return
            self._noahs_ark(el)
            self.afl.append(el)
            return
        if name == "table":
            self._close_p(tok.start)
            self._insert(tok)
            self.mode = _TABLE
            return
        if name in ("li", "dd", "dt"):
            stop = ("li",) if name == "li" else ("dd", "dt")
            for k in range(len(self.stack) - 1, max(0, len(self.stack) - 1 - _BOUND), -1):
                el = self.stack[k]
                if el.name in stop:
                    self._implied_end(tok.start, el.name)
                    k2 = self._in_scope(el.name, _SCOPE | {"ol", "ul", "dl"})
                    if k2 > 0:
                        self._pop_to(k2, tok.start, None)
                    break
                if el.name in _SPECIAL and el.name not in ("address", "div", "p"):
                    break
            self._close_p(tok.start)
            self._insert(tok)
            return
        if name in _CLOSES_P:
            self._close_p(tok.start)
            if name in _HEADINGS and self.stack[-1].name in _HEADINGS:
                self._close(self.stack.pop(), tok.start, None)
            self._insert(tok)
            return
        self._reconstruct(tok.start)
        self._insert(tok)

    def open_paragraph(self, pos: int) -> Element:
        """Open a wiki paragraph. Inline elements still open around it (a ``<font>`` opened
        on a cell's first line) are split as Parsoid's paragraph wrapping splits them: the
        part before ends here, a copy continues inside the paragraph."""
        stack = self.stack
        k = len(stack)
        while k > 1 and stack[k - 1].name not in _SPECIAL and len(stack) - k < _BOUND:
            k -= 1
        inline = stack[k:]
        for _ in inline:
            el = stack.pop()
            self._close(el, pos, None)
            el.split_by_p = True
        p = self._insert(_Tok("p", False, pos, pos, "wiki"))
        for old in inline:
            clone = Element(old.name, "clone", pos, pos, old.attrs, auto_start=True)
            clone.clone_of = old.clone_of or old
            self._append(clone)
            stack.append(clone)
            self.all.append(clone)
            for j in range(len(self.afl) - 1, max(-1, len(self.afl) - 1 - _BOUND), -1):
                if self.afl[j] is old:
                    self.afl[j] = clone
                    break
        return p

    def _noahs_ark(self, el: Element) -> None:
        same = []
        for k in range(len(self.afl) - 1, max(-1, len(self.afl) - 1 - _BOUND), -1):
            e = self.afl[k]
            if e is None:
                break
            if e.name == el.name and e.attrs.strip() == el.attrs.strip():
                same.append(k)
        if len(same) >= 3:
            del self.afl[same[-1]]
        if len(self.afl) > _BOUND:  # keep reconstruction bounded
            del self.afl[0]

    def _pop_to_table_context(self, k: int, pos: int) -> None:
        if k > 0:
            while len(self.stack) - 1 > k:
                self._close(self.stack.pop(), pos, None)

    def _clear_to_row(self, pos: int) -> None:
        stack = self.stack
        while True:
            top = stack[-1]
            if top.name == "tr" or top.name == "table" or top.name == "#root":
                return
            self._close(stack.pop(), pos, None)

    def _close_cell(self, pos: int) -> bool:
        for name in ("td", "th", "caption"):
            k = self._in_scope(name, _TABLE_SCOPE)
            if k > 0:
                self._implied_end(pos)
                k = self._in_scope(name, _TABLE_SCOPE)
                self._pop_to(k, pos, None)
                while self.afl and self.afl[-1] is not None:
                    self.afl.pop()
                if self.afl:
                    self.afl.pop()
                self._reset_mode()
                return True
        return False

    def end_tag(self, tok: _Tok) -> None:
        name = tok.name
        if self.mode == _CELL and name in ("td", "th", "caption"):
            k = self._in_scope(name, _TABLE_SCOPE)
            if k <= 0:
                self._strip(tok)
                return
            self._implied_end(tok.start)
            while self.afl and self.afl[-1] is not None:
                self.afl.pop()
            if self.afl:
                self.afl.pop()
            self._pop_to(k, tok.start, tok)
            self._reset_mode()
            return
        if name in ("table", "tr") and self.mode in (_CELL, _ROW, _TABLE):
            k = self._in_scope(name, _TABLE_SCOPE)
            if k <= 0:
                self._strip(tok)
                return
            if self.mode == _CELL:
                self._close_cell(tok.start)
                k = self._in_scope(name, _TABLE_SCOPE)
            self._pop_to(k, tok.start, tok)
            self._reset_mode()
            return
        if name in _TABLE_PARTS or name == "table":
            if self.mode == _BODY or name != "table":
                self._strip(tok)
                return
        if name in FORMATTING_TAGS:
            self._adoption(tok)
            return
        if name in _SPECIAL:
            scope = _LIST_SCOPE if name == "li" else (_BUTTON_SCOPE if name == "p" else _SCOPE)
            if name in _HEADINGS:
                k = -1
                for h in _HEADINGS:
                    k = max(k, self._in_scope(h, scope))
            else:
                k = self._in_scope(name, scope)
            if k <= 0:
                if name != "p":
                    self._strip(tok)
                return
            self._implied_end(tok.start, name)
            self._pop_to(k, tok.start, tok if self.stack[k].name == name else None)
            return
        self._any_other_end(tok)

    def _any_other_end(self, tok: _Tok) -> None:
        stack = self.stack
        for k in range(len(stack) - 1, max(0, len(stack) - 1 - _BOUND), -1):
            el = stack[k]
            if el.name == tok.name:
                self._implied_end(tok.start, tok.name)
                self._pop_to(k, tok.start, tok)
                return
            if el.name in _SPECIAL:
                break
        self._strip(tok)

    def _adoption(self, tok: _Tok) -> None:
        afl = self.afl
        fe = None
        fk = -1
        for k in range(len(afl) - 1, max(-1, len(afl) - 1 - _BOUND), -1):
            e = afl[k]
            if e is None:
                break
            if e.name == tok.name:
                fe, fk = e, k
                break
        if fe is None:
            self._any_other_end(tok)
            return
        if not fe.open:
            del afl[fk]
            self._strip(tok)
            return
        stack = self.stack
        sk = -1
        for k in range(len(stack) - 1, max(0, len(stack) - 1 - _BOUND), -1):
            if stack[k] is fe:
                sk = k
                break
            if stack[k].name in _SCOPE:
                break
        if sk < 0:
            self._strip(tok)
            return
        fb = -1
        for k in range(sk + 1, len(stack)):
            if stack[k].name in _SPECIAL:
                fb = k
                break
        if fb < 0:
            del afl[fk]
            self._pop_to(sk, tok.start, tok)
            return
        # A block inside the formatting element: the element ends before the block and a
        # copy of it, closed by this end tag, wraps the block's content.
        del afl[fk]
        del stack[sk]
        fe.open = False
        fe.auto_end = True
        block = stack[fb - 1]
        fe.end = max(fe.open_end, block.start)
        clone = Element(fe.name, "clone", block.open_end, block.open_end, fe.attrs, auto_start=True)
        clone.clone_of = fe.clone_of or fe
        clone.open = False
        clone.close_start = tok.start
        clone.end = tok.end
        fe.aaa_clone = clone
        self.all.append(clone)

    def finish(self, pos: int) -> None:
        while len(self.stack) > 1:
            self._close(self.stack.pop(), pos, None)


# --------------------------------------------------------------------------------------------
# Masking and scanning


def _mask(
    doc: Document, stream: bool = True
) -> tuple[str, str, list[tuple[int, int]], list[tuple[int, int]]]:
    """The page text with non-markup spans masked, as the page sees it and as the bodies of
    ``<ref>`` and the like see it, and those bodies (balanced separately: MediaWiki parses them
    as documents of their own). *stream*: the nodes merged and the pieces streamed (see
    ``_Pieces``) rather than sorted; the same result."""
    text = doc.text
    ext_tags, masked_tags, file_ns, cat_ns = _site_names(doc)
    scopes: list[tuple[int, int]] = []
    links: list[tuple[int, int, int, int]] = []  # links with a text: they make <a> elements
    all_links: list[tuple[int, int]] = []
    cover_end = -1
    # Only these kinds are masked; the per-kind indexes are much shorter than all_nodes (text
    # nodes are most of it). Merged by start, they come in document order, as in all_nodes:
    tags = [tag for tag in doc.tags if tag.name in masked_tags and not tag.wiki_markup]
    # each index is in document order, so merged they are the stable sort by start of their
    # concatenation (which is what is done if one is not)
    nodes: list[Any] | None = None
    if stream:
        nodes = _merge_by_start(
            _merge_by_start(
                _merge_by_start(doc.templates, doc.arguments), _merge_by_start(doc.comments, tags)
            ),
            _merge_by_start(doc.wikilinks, doc.external_links),
        )
    if nodes is None:
        nodes = [*doc.templates, *doc.arguments, *doc.comments, *tags]
        nodes += doc.wikilinks
        nodes += doc.external_links
        nodes.sort(key=_start_key)
    pc = _Pieces(text, stream)
    add_link = all_links.append
    for node in nodes:
        nd = node
        start = nd.start
        if start < cover_end:
            continue
        t = type(node)
        if t is Wikilink:
            wl = node
            end = wl.end
            if text.find(":", wl.title_start, wl.title_end) < 0:  # most links: no prefix
                add_link((start, end))
                ts = wl.text_start
                if ts is None:
                    pc.add(start, end, _INERT)
                else:
                    pc.add(start, ts, _INERT)
                    pc.close(end - 2, end, _INERT)
                    links.append((start, end, ts, end - 2))
                continue
            raw = text[wl.title_start : wl.title_end].strip()
            target = raw.lstrip(":")
            prefix = target.split(":", 1)[0].strip().lower() if ":" in target else ""
            if prefix and prefix in cat_ns and not raw.startswith(":"):
                pc.add(start, end, _TRANSPARENT)
                cover_end = end
            elif prefix and prefix in file_ns:
                add_link((start, end))
                cap = _caption_start(text, node)
                if cap is None:
                    pc.add(start, end, _INERT)
                    cover_end = end
                else:  # the caption is wikitext of its own
                    pc.add(start, cap, _INERT)
                    pc.close(end - 2, end, _INERT)
                    scopes.append((cap, end - 2))
            else:
                add_link((start, end))
                ts = wl.text_start
                te = ts if ts is not None else end - 2
                pc.add(start, te, _INERT)
                pc.close(end - 2, end, _INERT)
                if ts is not None:
                    links.append((start, end, ts, end - 2))
        elif t is Template or t is Argument:
            end = nd.end
            pc.add(start, end, _OPAQUE)
            cover_end = end
        elif t is Comment:
            end = nd.end
            pc.add(start, end, _TRANSPARENT)
            cover_end = end
        elif t is Tag:
            tg = node
            name = tg.name
            if name == "includeonly":  # not shown on the page
                pc.add(start, tg.end, _TRANSPARENT)
                cover_end = tg.end
                continue
            if name == "noinclude" or name == "onlyinclude":
                if tg.contents_start is not None and tg.close_start is not None:
                    pc.add(start, tg.contents_start, _TRANSPARENT)
                    pc.close(tg.close_start, tg.end, _TRANSPARENT)
                continue
            if name not in ext_tags:
                continue
            if (
                name == "gallery"
                and tg.contents_start is not None
                and tg.close_start is not None
            ):
                pc.add(start, tg.contents_start, _EXT)
                pc.close(tg.close_start, tg.end, _EXT)
                pos = tg.contents_start
                for line in text[tg.contents_start : tg.close_start].split("\n"):
                    bar = line.find("|")
                    if bar < 0:
                        pc.add(pos, pos + len(line), _EXT)
                    else:
                        pc.add(pos, pos + bar + 1, _EXT)
                        scopes.append((pos + bar + 1, pos + len(line)))
                    pos += len(line) + 1
                continue
            if (
                name in _WIKITEXT_BODY
                and tg.contents_start is not None
                and tg.close_start is not None
            ):
                pc.add(start, tg.contents_start, _EXT)
                pc.close(tg.close_start, tg.end, _EXT)
                scopes.append((tg.contents_start, tg.close_start))
                continue  # the body's own nodes are masked as they come
            pc.add(start, tg.end, _EXT)
            cover_end = tg.end
        elif t is ExternalLink:
            xl = node
            pc.add(start, xl.url_end, _INERT)
            if xl.brackets:
                end = xl.end
                add_link((start, end))
                if xl.title_start is not None:
                    pc.close(end - 1, end, _INERT)
                    links.append((start, end, xl.title_start, end - 1))
    inner = pc.finish()
    if inner is None:  # the pieces did not come in order: sort them
        return _mask(doc, False)
    if "__" in inner:  # behaviour switches (__NOTOC__) render nothing
        inner = _SWITCH_RE.sub(_blank_switch, inner)
    links.sort()
    all_links.sort()
    doc_links = (links, all_links)
    if not scopes:
        return inner, inner, scopes, doc_links
    top = _apply(inner, [(s, e, _EXT) for s, e in scopes])
    return top, inner, scopes, doc_links


def _blank_switch(mm: re.Match[str]) -> str:
    return _TRANSPARENT * len(mm.group(0))


_start_key = operator.attrgetter("start")
_INCLUSION_TAGS = frozenset({"includeonly", "noinclude", "onlyinclude"})
_first = operator.itemgetter(0)


_CAPTION_MARKS = re.compile(r"\[\[|\{\{|\]\]|\}\}|\|")


def _caption_start(text: str, link: Any) -> int | None:
    """Start of a file link's caption (after its last top-level ``|``), or None."""
    if link.text_start is None:
        return None
    end = link.end - 2
    if _COMPILED:
        last = _caption_bar(text, link.text_start, end)
    else:
        last = _caption_bar_re(text, link.text_start, end)
    start = link.text_start if last < 0 else last + 1
    return start if text.find("<", start, end) >= 0 or text.find("''", start, end) >= 0 else None


def _caption_bar_re(text: str, s: int, end: int) -> int:
    """The last ``|`` of ``text[s:end]`` outside ``[[ ]]`` and ``{{ }}``, or -1."""
    depth = 0
    last = -1
    # read left to right as pairs of brackets and single pipes ("[[[" is "[[" then "[")
    for mm in _CAPTION_MARKS.finditer(text, s, end):
        mark = mm.group()
        if mark == "|":
            if depth == 0:
                last = mm.start()
        elif mark == "[[" or mark == "{{":
            depth += 1
        elif depth > 0:
            depth -= 1
    return last


def _caption_bar(text: str, s: int, end: int) -> int:
    """``_caption_bar_re`` as a loop over the characters (a C loop when compiled)."""
    depth = 0
    last = -1
    i = s
    while i < end:
        c = text[i]
        if c == "|":
            if depth == 0:
                last = i
        elif (c == "[" or c == "{") and i + 1 < end and text[i + 1] == c:
            depth += 1
            i += 1
        elif (c == "]" or c == "}") and i + 1 < end and text[i + 1] == c:
            if depth > 0:
                depth -= 1
            i += 1
        i += 1
    return last


def _apply(text: str, pieces: list[tuple[int, int, str]]) -> str:
    if not pieces:
        return text
    out: list[str] = []
    add = out.append
    pos = 0
    for s, e, ch in pieces:  # sorted by start; a piece may overlap the one before
        if e > pos and e > s:
            if s < pos:
                s = pos
            else:
                add(text[pos:s])
            add(ch * (e - s))
            pos = e
    add(text[pos:])
    return "".join(out)


_BIG = 1 << 62  # past any position
_NRUNS = 64
# the short runs of each mask character, made once (most masked pieces are short)
_RUNS = {ch: [ch * n for n in range(_NRUNS)] for ch in (_OPAQUE, _TRANSPARENT, _INERT, _EXT)}


class _Pieces:
    """The masked pieces of a text and the masked text they make (as ``_apply`` makes it from
    them sorted by start, in the order they were added on a tie).

    Streamed (*stream*), a piece is written as it comes and a closing piece (a node's closing
    delimiters, added with its opening ones) waits until no piece before it can come; pieces
    that do not come in that order (a node inside a gallery line: not in the corpus) make
    ``finish`` return None, and the caller starts over unstreamed. Unstreamed, the pieces are
    kept, sorted and applied."""

    def __init__(self, text: str, stream: bool) -> None:
        self.text = text
        self.stream = stream
        self.pieces: list[tuple[int, int, str]] = []
        self.out: list[str] = []
        self.pending: list[tuple[int, int, str]] = []  # closing pieces, the first last
        self.pos = 0  # the end of the pieces written
        self.last = 0  # the start of the last piece written
        self.top = _BIG  # the start of the first closing piece waiting
        self.ok = True

    def add(self, s: int, e: int, ch: str) -> None:
        if not self.stream:
            self.pieces.append((s, e, ch))
            return
        if s >= self.top:
            self._flush(s)
        if s < self.last:
            self.ok = False
            return
        self.last = s
        self._put(s, e, ch)

    def close(self, s: int, e: int, ch: str) -> None:
        if not self.stream:
            self.pieces.append((s, e, ch))
            return
        if s >= self.top:  # after a closing piece that waits: not nested
            self.ok = False
            return
        self.pending.append((s, e, ch))
        self.top = s

    def _flush(self, upto: int) -> None:
        pending = self.pending
        while pending and self.top <= upto:
            s, e, ch = pending.pop()
            self.top = pending[-1][0] if pending else _BIG
            if s < self.last:
                self.ok = False
                return
            self.last = s
            self._put(s, e, ch)

    def _put(self, s: int, e: int, ch: str) -> None:
        pos = self.pos
        if e > pos and e > s:
            if s < pos:
                s = pos
            else:
                self.out.append(self.text[pos:s])
            n = e - s
            self.out.append(_RUNS[ch][n] if n < _NRUNS else ch * n)
            self.pos = e

    def finish(self) -> str | None:
        """The masked text, or None (streamed, if the pieces did not come in order)."""
        if not self.stream:
            self.pieces.sort(key=_first)
            return _apply(self.text, self.pieces)
        self._flush(_BIG)
        if not self.ok:
            return None
        if not self.out:
            return self.text
        self.out.append(self.text[self.pos :])
        return "".join(self.out)


def _merge_by_start(a: list[Any], b: list[Any]) -> list[Any] | None:
    """The nodes of *a* and *b* by start, *a*'s first on a tie (the stable sort of ``a + b``
    when each is in order), or None if one of them is not in order (or is None)."""
    if a is None or b is None:
        return None
    out: list[Any] = []
    na = len(a)
    nb = len(b)
    i = 0
    j = 0
    last = -1
    while i < na or j < nb:
        if j >= nb:
            x = a[i]
            i += 1
        elif i >= na:
            x = b[j]
            j += 1
        else:
            x = a[i]
            y = b[j]
            if y.start < x.start:
                x = y
                j += 1
            else:
                i += 1
        if x.start < last:
            return None
        last = x.start
        out.append(x)
    return out


def _siteinfo(doc: Document) -> Any:
    """The site's siteinfo (extension tags, namespace names), or None for a bare site."""
    return getattr(doc.site, "siteinfo", None)


# The names _mask looks up, per siteinfo (a site's siteinfo is made once and never changes).
_NAMES_BY_SITEINFO: weakref.WeakKeyDictionary[Any, tuple[frozenset[str], ...]] = (
    weakref.WeakKeyDictionary()
)


def _site_names(doc: Document) -> tuple[frozenset[str], ...]:
    """The extension tags, the tags _mask masks (those and the inclusion tags), the file and
    the category namespace prefixes of the document's site."""
    si = _siteinfo(doc)
    try:
        names = _NAMES_BY_SITEINFO.get(si) if si is not None else None
    except TypeError:  # a siteinfo that cannot be weakly referenced or hashed
        si, names = None, None
    if names is None:
        ext_tags = frozenset(si.extension_tags) if si is not None else EXTENSION_TAGS
        ext_tags |= {"ref", "references", "nowiki", "pre", "gallery", "poem", "math", "section"}
        names = (
            ext_tags,
            ext_tags | _INCLUSION_TAGS,
            frozenset(_file_prefixes(doc)),
            frozenset(_category_prefixes(doc)),
        )
        if si is not None:
            _NAMES_BY_SITEINFO[si] = names
    return names


def _file_prefixes(doc: Document) -> set[str]:
    names = {
        "file",
        "image",
        "datei",
        "bild",
        "fichier",
        "archivo",
        "imagen",
        "immagine",
        "ficheiro",
        "plik",
        "bestand",
        "файл",
        "изображение",
        "ファイル",
        "画像",
        "文件",
        "檔案",
        "图像",
        "圖像",
        "tập tin",
        "hình",
        "αρχείο",
        "εικόνα",
        "պատկեր",
        "চিত্র",
        "ফাইল",
        "चित्र",
        "संचिका",
        "fails",
        "attēls",
        "dosiero",
        "fitxer",
        "dosya",
        "soubor",
        "kuva",
        "fil",
        "ficher",
        "restr",
        "skeudenn",
        "ಚಿತ್ರ",
        "media",
    }
    si = _siteinfo(doc)
    if si is not None:
        names |= {n.lower() for n in si.namespace_names(6)}
        names |= {n.lower() for n in si.namespace_names(-2)}
    return names


def _category_prefixes(doc: Document) -> set[str]:
    names = {
        "category",
        "kategorie",
        "catégorie",
        "categoría",
        "categoria",
        "kategoria",
        "categorie",
        "категория",
        "категорія",
        "カテゴリ",
        "分类",
        "分類",
        "thể loại",
        "κατηγορία",
        "կատեգորիա",
        "বিষয়শ্রেণী",
        "वर्ग",
        "kategoreja",
        "kategorio",
        "kategori",
        "rummad",
        "ವರ್ಗ",
    }
    si = _siteinfo(doc)
    if si is not None:
        names |= {n.lower() for n in si.namespace_names(14)}
    return names


class _Scanner:
    """Turns a scope of the masked text into tokens fed to a builder."""

    def __init__(
        self,
        model: MarkupModel,
        masked: str,
        start: int,
        end: int,
        top: bool,
        links: list[tuple[int, int]],
        link_starts: list[int] | None = None,
        blocks: list[_Block] | None = None,
    ) -> None:
        self.blocks = blocks  # where blocks of plain lines are allowed, the list of them
        self.scanned = -1  # where the last look for a block of plain lines stopped
        self.columns = 0  # set by _plain_table
        self.table_close = 0
        self.links = links
        self.link_starts = [lk[0] for lk in links] if link_starts is None else link_starts
        self.model = model
        self.m = masked
        self.start = start
        self.end = end
        self.top = top
        self.b = _Builder(model, masked, start)
        self.tags = [
            mm for mm in _TAG_RE.finditer(masked, start, end) if mm.group(2).lower() in HTML_TAGS
        ]
        self.tag_starts = [mm.start() for mm in self.tags]
        self.consumed = start
        # _plain_block's next "<", "''" and "{|" and where it looked from
        self.find_from = start
        self.next_lt = self.next_q = self.next_tb = -1

    def run(self) -> _Builder:
        m = self.m
        b = self.b
        pos = self.start
        end = self.end
        in_list = False
        wiki_tables = 0
        p_open: Element | None = None
        while pos <= end:
            nl = m.find("\n", pos, end)
            le = end if nl < 0 else nl
            if pos < self.consumed:  # inside a tag that began on an earlier line
                self._inline(pos, le)
                if nl < 0:
                    break
                pos = nl + 1
                continue
            if (
                self.blocks is not None
                and len(b.stack) == 1
                and not in_list
                and not wiki_tables
                and not b.afl
                and b.mode == _BODY
                and b.list_depth == 0
            ):
                cut = self._plain_block(pos)
                if cut > pos:
                    # Lines of plain text, links and lists up to a point where the tree
                    # builder is back at the top with nothing open: one node stands for them.
                    blk = _Block(pos, cut, len(b.all))
                    b._append(blk)
                    self.blocks.append(blk)
                    p_open = None
                    if cut >= end:
                        break
                    pos = cut
                    continue
            line = m[pos:le]
            body = line.lstrip(" \t\x02")
            ind = pos + len(line) - len(body)
            prefix_len = len(line) - len(line.lstrip("*#:;"))
            is_list = prefix_len > 0
            after_prefix = line[prefix_len:].lstrip(" \t\x02")
            tstart = pos + len(line) - len(after_prefix)
            if in_list and not is_list:
                self._wiki_end("li", pos)
                self._wiki_end("ul", pos)
                in_list = False
            if p_open is not None and not p_open.open:
                p_open = None
            if after_prefix.startswith("{|"):
                if is_list:
                    if not in_list:
                        b.start_tag(_Tok("ul", False, pos, pos, "wiki"))
                        in_list = True
                    else:
                        self._wiki_end("li", pos)
                    b.start_tag(_Tok("li", False, pos, pos + prefix_len, "wiki"))
                    b.list_depth = 1
                elif p_open is not None:
                    self._wiki_end("p", pos)
                    p_open = None
                b.start_tag(_Tok("table", False, tstart, le, "wiki", after_prefix[2:]))
                if (
                    not is_list
                    and self.blocks is not None
                    and not wiki_tables
                    and len(b.stack) == 2
                    and not b.afl
                    and b.list_depth == 0
                    and pos >= self.consumed
                ):
                    after = self._plain_table(pos, True, lazy=True)
                    if after >= 0:
                        # Rows and cells that can give no lint: the table element is built
                        # (it answers for itself), its rows when the elements are asked for.
                        table = b.stack.pop()
                        close = self.table_close
                        blk = _Block(pos, close + 2, len(b.all))
                        blk.parent = table
                        table.children.append(blk)
                        self.blocks.append(blk)
                        b.table_columns[id(table)] = self.columns
                        b._close(table, close, _Tok("table", True, close, close + 2, "wiki"))
                        b.mode = _BODY
                        nl = m.find("\n", close, end)
                        self._inline(close + 2, end if nl < 0 else nl)  # after the |}
                        if nl < 0:
                            break
                        pos = nl + 1
                        continue
                wiki_tables += 1
            elif wiki_tables and body.startswith("|}"):
                b.end_tag(_Tok("table", True, ind, ind + 2, "wiki"))
                wiki_tables -= 1
                self._inline(ind + 2, le)
            elif wiki_tables and body.startswith("|-"):
                b.row(_Tok("tr", False, ind, le, "wiki", body[2:]))
            elif wiki_tables and body.startswith("|+"):
                self._cells(ind, le, "caption", 2)
            elif wiki_tables and body[:1] in ("|", "!"):
                self._cells(ind, le, "td" if body[0] == "|" else "th", 1)
            elif not line.strip(_BLANK_CHARS):
                if p_open is not None and b.mode in (_BODY, _CELL):
                    self._wiki_end("p", pos)
                    p_open = None
            else:
                hm = _HEADING_RE.match(line) if line.startswith("=") else None
                if hm is not None and len(hm.group(2).strip(_BLANK_CHARS)) > 0:
                    n = min(len(hm.group(1)), len(hm.group(3)))
                    close = pos + hm.end(3) - n
                    if p_open is not None:
                        self._wiki_end("p", pos)
                        p_open = None
                    b.heading_start(_Tok(f"h{n}", False, pos, pos + n, "wiki"))
                    self._inline(pos + n, close)
                    b.heading_end(_Tok(f"h{n}", True, close, close + n, "wiki"))
                    self._inline(close + n, le)
                elif is_list:
                    if not in_list:
                        if p_open is not None:
                            self._wiki_end("p", pos)
                            p_open = None
                        b.start_tag(_Tok("ul", False, pos, pos, "wiki"))
                        in_list = True
                        b.start_tag(_Tok("li", False, pos, pos + prefix_len, "wiki"))
                    elif not b.next_item(pos, pos + prefix_len):
                        self._wiki_end("li", pos)
                        b.start_tag(_Tok("li", False, pos, pos + prefix_len, "wiki"))
                    b.list_depth = 1
                    self._inline(pos + prefix_len, le)
                elif (
                    b.mode == _BODY
                    and not b.afl
                    and len(b.stack) == (1 if p_open is None else 2)
                    and not wiki_tables
                    and "<" not in line
                    and "''" not in line
                ):
                    # Nothing is open but a paragraph, and the line has no tag and no quote:
                    # its text and links can take part in no lint. One node stands for them.
                    if p_open is None:
                        p_open = b.open_paragraph(pos)
                    b.placeholder(pos, le)
                else:
                    block_line = _has_block(line)
                    if block_line and p_open is not None:
                        self._wiki_end("p", pos)
                        p_open = None
                    if p_open is None and b.mode in (_BODY, _CELL) and not block_line:
                        p_open = b.open_paragraph(pos)
                    self._inline(pos, le)
            if nl < 0:
                break
            pos = nl + 1
        if in_list:
            self._wiki_end("li", end)
            self._wiki_end("ul", end)
        b.finish(end)
        return b

    def _plain_block(self, pos: int) -> int:
        """Where a block of plain lines starting at *pos* (the top of the scope, nothing open)
        ends, or *pos* if there is none.

        A plain line has no ``{|`` (but a whole wiki table, see ``_plain_table``), and its
        quotes and HTML tags (if any, not in a heading) are inline ones closed where they were
        opened, nested with the links (``_balanced_line``): from the top, such lines make only
        wiki paragraphs, lists, list items, headings, links, text and inline elements closed
        by their own end tags, which the linter never reports and only ever asks whether they
        are there and are not a table or a reopened element (the next or previous sibling of
        an element it reports, the first child of a paragraph); none of them has anything to
        do with what comes before or after the block. The block ends before a blank line,
        after a plain heading or a table, before any other heading (at each the tree builder
        has closed any paragraph or list and is back at the top) or at the end of the scope,
        and holds one non-blank line at least. It stops at the first line that is not plain,
        and ends at the last such point before it, or there is none."""
        m = self.m
        end = self.end
        cut = pos
        filled = False
        if pos < self.consumed or pos <= self.scanned:
            # A scan from before here found no block end after content before self.scanned,
            # so none starting here can (each line is scanned once: no quadratic corner).
            return pos
        # Where the next "<", "''" and "{|" at or after pos are (end: none), kept from call to
        # call (pos only grows): a line holds one if it starts before the line's end, so most
        # lines are judged by comparing offsets, and each is searched for once per scope.
        if pos < self.find_from:
            self.next_lt = self.next_q = self.next_tb = -1
        self.find_from = pos
        lt = self.next_lt
        q = self.next_q
        tb = self.next_tb
        try:
            while True:
                nl = m.find("\n", pos, end)
                le = end if nl < 0 else nl
                if lt < pos:
                    lt = m.find("<", pos, end)
                    if lt < 0:
                        lt = end
                if q < pos:
                    q = m.find("''", pos, end)
                    if q < 0:
                        q = end
                if tb < pos:
                    tb = m.find("{|", pos, end)
                    if tb < 0:
                        tb = end
                tag_or_quote = lt < le or q + 2 <= le
                # most lines start with a character that is not blank: no copy of them is made
                c = m[pos] if pos < le else "\n"
                if c == " " or c == "\t" or c == "\r" or c == "\x02" or c == "\n":  # _BLANK_NL
                    blank = not m[pos:le].strip(_BLANK_CHARS)
                else:
                    blank = False
                if blank:
                    if filled:
                        cut = pos
                elif c == "=" and _is_heading_at(m, pos, le):
                    if tag_or_quote:
                        self.scanned = pos
                        return pos if filled else cut
                    # a plain heading: the tree builder is back at the top after it
                    filled = True
                    cut = end if nl < 0 else nl + 1
                elif tb + 2 <= le:  # "{|" in line
                    if not m[pos:le].lstrip(" \t\x02").startswith("{|"):
                        self.scanned = pos
                        return cut
                    after = self._plain_table(pos, filled)
                    if after < 0:
                        self.scanned = pos
                        return cut
                    filled = True
                    cut = after  # after the table the tree builder is back at the top
                    if after >= end:
                        return cut
                    pos = after
                    continue
                elif tag_or_quote:
                    # tags and quotes closed where they were opened, nested: elements with
                    # their end tags, which no lint reports either
                    line = m[pos:le]
                    plen = len(line) - len(line.lstrip("*#:;"))
                    if _has_block(line) or not self._balanced_line(pos + plen, le):
                        self.scanned = pos
                        return cut
                    filled = True
                else:
                    filled = True
                if nl < 0:
                    self.scanned = end
                    return end if filled else cut
                pos = nl + 1
        finally:
            self.next_lt = lt
            self.next_q = q
            self.next_tb = tb

    def _plain_table(self, pos: int, filled: bool, lazy: bool = False) -> int:
        """Where the wiki table whose ``{|`` line starts at *pos* ends (the start of the line
        after its ``|}``) if it can join a block of plain lines, else -1.

        It can when none of its lines has another ``{|``, the ``{|`` and ``|-`` lines have no
        ``<``, the tags and quotes of each cell and line are balanced (``_balanced_line``) and
        hold no block tag, no style of the table, its rows and
        cells sets a background without a colour (a night-mode lint), no text or wiki markup
        stands between its rows (content fostered in front of it), none of its first ten rows
        has more than five cells (a large-tables lint), its ``|}`` closes it and it does not
        follow a table the tree builder had to close (a deletable-table-tag lint; *filled*
        tells whether the block already holds something before it). Its table, caption, rows,
        cells and their content (paragraphs, lists, headings, links, text, closed quotes) are
        then reported by no lint and only ever asked whether they are there and are not a
        reopened element.

        With *lazy*, for a table whose element is built but not its rows, what the element
        answers itself is allowed: any ``{|`` line, wide rows (``self.columns`` is then the
        widest of the first ten rows), a table before it; ``self.table_close`` is where its
        ``|}`` is."""
        m = self.m
        end = self.end
        if not filled and not lazy:
            prev = self.b.root.children[-1] if self.b.root.children else None
            if type(prev) is Element and prev.name == "table" and prev.auto_end:
                return -1
        nl = m.find("\n", pos, end)
        le = end if nl < 0 else nl
        line = m[pos:le]
        if not lazy and ("<" in line or _night_unaware(line.lstrip(" \t\x02")[2:])):
            return -1
        columns = 0
        in_cell = False  # in a cell or caption (else between rows: content is fostered)
        row_open = False
        rows = 0
        cells = 0
        while nl >= 0:
            pos = nl + 1
            nl = m.find("\n", pos, end)
            le = end if nl < 0 else nl
            line = m[pos:le]
            if "{|" in line:
                return -1
            body = line.lstrip(" \t\x02")
            ind = le - len(body)
            if body.startswith("|}"):
                if ("<" in body or "''" in body) and (
                    _has_block(body) or not self._balanced_line(ind + 2, le)
                ):
                    return -1
                self.columns = columns
                self.table_close = ind
                return end if nl < 0 else nl + 1
            if body.startswith("|-"):
                if "<" in body or _night_unaware(body[2:]):
                    return -1
                rows += 1
                cells = 0
                row_open = True
                in_cell = False
            elif body[:1] in ("|", "!"):
                caption = body.startswith("|+")
                if caption:
                    row_open = False  # the caption closes the row; cells after it open one
                    seps: list[tuple[int, int]] = [(0, 2)]
                else:
                    if not row_open:
                        rows += 1
                        cells = 0
                        row_open = True
                    sep = _TH_SEP if body[0] == "!" else _TD_SEP
                    seps = [(0, 1)] + [(mm.start(), mm.end()) for mm in sep.finditer(body, 1)]
                    cells += len(seps)
                    if rows <= MAX_TABLE_ROWS_TO_CHECK and cells > columns:
                        columns = cells
                        if cells > MAX_TABLE_COLUMNS and not lazy:
                            return -1
                for j, (_, cs) in enumerate(seps):  # as _cells reads them
                    ce = seps[j + 1][0] if j + 1 < len(seps) else len(body)
                    content = body[cs:ce]
                    bar = _attr_bar(content)
                    if bar >= 0:
                        if _night_unaware(content[:bar]):
                            return -1
                        cs += bar + 1
                    if ("<" in content or "''" in content) and (
                        _has_block(content) or not self._balanced_line(ind + cs, ind + ce)
                    ):
                        return -1
                in_cell = True
            elif not line.strip(_BLANK_CHARS):
                pass
            elif not in_cell:
                if line.strip(_OPAQUE_CHARS):
                    return -1  # between rows: fostered in front of the table
            elif "<" in line or "''" in line:
                if line.startswith("=") and _is_heading(line):
                    return -1
                plen = len(line) - len(line.lstrip("*#:;"))
                if _has_block(line) or not self._balanced_line(pos + plen, le):
                    return -1
        return -1  # the tree builder closes the table at the end of the scope

    def _balanced_line(self, a: int, e: int) -> bool:
        """Whether ``_inline(a, e)`` would make only elements that no lint reports and that are
        all closed by their own end tags, nested: links (none inside another or running past
        the segment), quotes that the quote pass closes where it opened them (no zero-width
        quote token) and inline HTML tags (``_BLOCK_SAFE_TAGS``: no block, obsolete or
        self-closed tag, no ``id``, no night-mode style, no tag running past the segment),
        no name nested in itself."""
        m = self.m
        toks: list[tuple[int, int, bool, str, str]] = []  # start, end, end tag, name, kind
        blanks: list[tuple[int, int, str]] = []  # the tags, as the quote pass does not see them
        tags = self.tags
        k = bisect.bisect_left(self.tag_starts, a)
        while k < len(tags) and tags[k].start() < e:
            mm = tags[k]
            k += 1
            if mm.end() > e:
                return False
            name = mm.group(2).lower()
            attrs = mm.group(3)
            if name not in _BLOCK_SAFE_TAGS or (
                attrs and (_ID_RE.search(attrs) is not None or _night_unaware(attrs))
            ):
                return False
            blanks.append((mm.start() - a, mm.end() - a, _INERT))
            if name == "br" or name == "wbr":
                continue  # void (and </br> is a <br>)
            if mm.group(4):
                return False
            toks.append((mm.start(), mm.end(), bool(mm.group(1)), name, "html"))
        links = self.links
        k = bisect.bisect_left(self.link_starts, a)
        texts = []
        last_end = -1
        while k < len(links) and links[k][0] < e:
            ls, lend, ts, te = links[k]
            if lend > e or ls < last_end:
                return False
            last_end = lend
            toks.append((ls, ls, False, "a", "wiki"))
            toks.append((lend, lend, True, "a", "wiki"))
            if te > ts:
                texts.append((ts, te))
            k += 1
        seg = m[a:e]
        if not blanks:
            # Links and quotes alone are nested: the quote pass nests its elements when it
            # opens and closes them in place (no zero-width token), the quotes of a link's
            # text are balanced inside it, and the page's own quotes lie outside every link.
            if "''" not in seg:
                return True
            parts = [seg[ts - a : te - a] for ts, te in texts]
            parts.append(_apply(seg, [(ts - a, te - a, _INERT) for ts, te in texts]))
            for piece in parts:
                if "''" in piece and not _quotes_balanced(piece):
                    return False
            return True
        if "''" in seg:
            qbase = _apply(seg, blanks)
            parts = [(qbase[ts - a : te - a], ts) for ts, te in texts]
            if texts:
                parts.append((_apply(qbase, [(ts - a, te - a, _INERT) for ts, te in texts]), a))
            else:
                parts.append((qbase, a))
            for piece, ps in parts:
                if "''" in piece:
                    for t in quote_tokens(piece, ps):
                        if t.end <= t.start:
                            return False
                        toks.append((t.start, t.end, t.end_tag, t.name, "quote"))
        # the order _inline feeds them in: by offset, a zero-width end first
        toks.sort(key=_balanced_order)
        open_: list[tuple[str, str]] = []
        for _, _, closing, name, kind in toks:
            if closing:
                if not open_ or open_[-1] != (name, kind):
                    return False
                open_.pop()
            else:
                for n, _ in open_:
                    if n == name:
                        return False
                open_.append((name, kind))
        return not open_

    def _wiki_end(self, name: str, pos: int, end: int | None = None) -> None:
        if name == "ul":
            self.b.list_depth = 0
        self.b.end_tag(_Tok(name, True, pos, pos if end is None else end, "wiki"))

    def _cells(self, start: int, le: int, name: str, width: int) -> None:
        m = self.m
        line = m[start:le]
        cells = [(0, width)]  # (marker start, content start)
        if name != "caption":
            pat = _TH_SEP if name == "th" else _TD_SEP
            for mm in pat.finditer(line, width):
                cells.append((mm.start(), mm.end()))
        for j, (ms, cs) in enumerate(cells):
            ce = cells[j + 1][0] if j + 1 < len(cells) else len(line)
            content = line[cs:ce]
            attrs = ""
            bar = _attr_bar(content)
            if bar >= 0:
                attrs = content[:bar]
                cs = cs + bar + 1
            self.b.cell(_Tok(name, False, start + ms, start + cs, "wiki", attrs))
            self._inline(start + cs, start + ce)

    def _inline(self, a: int, e: int) -> None:
        a = max(a, self.consumed)
        if e <= a:
            return
        m = self.m
        b = self.b
        k = bisect.bisect_left(self.tag_starts, a)
        tags = self.tags
        if (k == len(tags) or tags[k].start() >= e) and "''" not in m[a:e]:
            links = self.links
            j = bisect.bisect_left(self.link_starts, a)
            if j == len(links) or links[j][0] >= e:  # plain text: the fast way
                b.text(a, e)
                return
            if b.mode == _BODY or b.mode == _CELL:  # text and links, nothing fostered
                pos = a
                spans = []
                while j < len(links) and links[j][0] < e:
                    ls, lend = links[j][0], links[j][1]
                    j += 1
                    if lend > e:
                        continue  # a link running past the segment makes no element
                    if ls < pos:
                        spans = None  # links inside links: the tree builder decides
                        break
                    spans.append((ls, lend))
                    pos = lend
                if spans is not None:
                    pos = a
                    for ls, lend in spans:
                        b.text(pos, ls)
                        b.link(ls, lend)
                        pos = lend
                    b.text(pos, e)
                    return
        toks: list[_Tok] = []
        while k < len(tags) and tags[k].start() < e:
            mm = tags[k]
            k += 1
            name = mm.group(2).lower()
            closing = bool(mm.group(1))
            st = SourceTag(name, mm.start(), mm.end(), closing, bool(mm.group(4)), mm.group(3))
            self.model._source_tags.append(st)
            if closing and name == "br":  # </br> is read as <br>
                closing = False
            toks.append(_Tok(name, closing, st.start, st.end, "html", st.attrs, st.self_closing))
            if mm.end() > e:  # a tag running over the line end: the next line starts after it
                self.consumed = mm.end()
                e = mm.end()
        seg = m[a:e]
        k = bisect.bisect_left(self.link_starts, a)
        links = self.links
        texts = []
        while k < len(links) and links[k][0] < e:
            ls, lend, ts, te = links[k]
            if lend <= e:
                toks.append(_Tok("a", False, ls, ls, "wiki"))
                toks.append(_Tok("a", True, lend, lend, "wiki"))
                if te > ts:
                    texts.append((ts, te))
            k += 1
        if len(toks) > 1:
            toks.sort(key=_tok_order)
        # quotes: MediaWiki balances them over the line's text, tags excluded
        if "''" in seg:
            # MediaWiki balances quotes per line; a link's text is balanced on its own
            blank = [(t.start - a, t.end - a, _INERT) for t in toks if t.kind == "html"]
            qbase = _apply(seg, blank)
            parts = []
            if texts:
                for ts, te in texts:
                    parts.append((qbase[ts - a : te - a], ts, te))
                parts.append((_apply(qbase, [(ts - a, te - a, _INERT) for ts, te in texts]), a, e))
            else:
                parts.append((qbase, a, e))
            for piece, ps, pe in parts:
                if "''" not in piece:
                    continue
                qt = quote_tokens(piece, ps)
                if _OPAQUE in piece:
                    first = next((t.start for t in qt if not t.end_tag), pe)
                    if _OPAQUE in m[first:pe]:
                        for t in qt:
                            if t.end_tag and t.end == t.start:
                                t.uncertain = True
                toks.extend(qt)
            toks.sort(key=_tok_order)
        pos = a
        for t in toks:
            if t.start > pos:
                b.text(pos, t.start)
            if t.end_tag:
                b.end_tag(t)
            else:
                b.start_tag(t)
            pos = max(pos, t.end)
        if pos < e:
            b.text(pos, e)


def _is_heading(line: str) -> bool:
    """Whether ``_Scanner.run`` takes the line for a heading."""
    return _is_heading_at(line, 0, len(line))


def _is_heading_at(m: str, a: int, e: int) -> bool:
    """Whether ``_Scanner.run`` takes the line ``m[a:e]`` (no newline in it) for a heading: whether
    ``_HEADING_RE`` matches it with a group 2 that is not blank. Worked out from the lengths of
    its runs of ``=`` instead (the regex's lazy middle tries the end at every character; a test
    holds the two to each other): the regex's ``$`` is the end of the line without its trailing
    blanks (at *k*), group 3 ends there and is the shortest run of ``=`` that lets group 2 be
    shortest (at most 6 and at most the trailing run), group 1 the longest leading run (at most
    6) that leaves two characters for groups 2 and 3."""
    if e - a < 3 or m[a] != "=":
        return False
    k = e
    ch = m[k - 1]
    while ch == " " or ch == "\t" or ch == "\r" or ch == "\x02":  # _BLANK_CHARS; m[a] is "="
        k -= 1
        ch = m[k - 1]
    j = k
    while j > a and m[j - 1] == "=":
        j -= 1
    trailing = k - j
    if trailing == 0:
        return False
    r = a
    while r < k and m[r] == "=":
        r += 1
    g1 = min(r - a, 6, k - a - 2)
    if g1 < 1:
        return False
    b = max(a + g1 + 1, k - min(trailing, 6))
    for i in range(a + g1, b):  # group 2 is not all blank
        ch = m[i]
        if ch != " " and ch != "\t" and ch != "\r" and ch != "\x02":
            return True
    return False


def _balanced_order(t: tuple[int, int, bool, str, str]) -> tuple[int, int]:
    # _tok_order for the tuples of _balanced_line
    return (t[0], 0 if t[2] and t[1] == t[0] else 1)


def _tok_order(t: _Tok) -> tuple[int, int]:
    # at one offset, zero-width end tokens (a link or a quote ending) come first
    return (t.start, 0 if t.end_tag and t.end == t.start else 1)


def _attr_bar(content: str) -> int:
    """Index of the ``|`` that ends a table cell's attributes, or -1."""
    k = content.find("|")
    if k < 0:
        return -1
    head = content[:k]
    if "[[" in head or _INERT in head or _OPAQUE in head or _EXT in head or "<" in head:
        return -1
    return k


_BLOCK_TAG = re.compile(
    r"<(?:table|h[1-6]|pre|tr|td|th|div|p|blockquote|center|li|ul|ol|dl|dt|dd|hr|caption)(?=[\s/>])"
    r"|</(?:table|h[1-6]|pre|tr|td|th|div|p|blockquote|center|li|ul|ol|dl|dt|dd|caption)\s*>",
    re.IGNORECASE,
)


def _has_block(line: str) -> bool:
    """Whether MediaWiki leaves this line out of paragraphs (it opens or closes a block)."""
    return "<" in line and _BLOCK_TAG.search(line) is not None


# --------------------------------------------------------------------------------------------
# The linter over the predicted DOM


def _is_sep(node: Any) -> bool:
    return isinstance(node, _Text) and node.ws


def _siblings(node: Any) -> list[Any] | None:
    p = node.parent
    if p is None or node.idx < 0:
        return None
    return p.children


def _next_non_sep(node: Any) -> Any:
    sib = _siblings(node)
    if sib is None:
        return None
    for k in range(node.idx + 1, min(len(sib), node.idx + 1 + _WALK)):
        if not _is_sep(sib[k]):
            return sib[k]
    return None


def _prev_non_sep(node: Any) -> Any:
    sib = _siblings(node)
    if sib is None:
        return None
    for k in range(node.idx - 1, max(-1, node.idx - 1 - _WALK), -1):
        if not _is_sep(sib[k]):
            return sib[k]
    return None


def _first_non_sep_child(el: Element) -> Any:
    for c in el.children[:_WALK]:
        if not _is_sep(c):
            return c
    return None


def _matching_misnested(node: Any, match: Element) -> Any:
    steps = 0
    while steps < _WALK:
        steps += 1
        if node is None or node.parent is None:
            return None
        nxt = _next_non_sep(node)
        if nxt is None:
            node = node.parent
            continue
        # left-most descendant chain of nxt
        cur = nxt
        while cur is not None and steps < _WALK:
            steps += 1
            if isinstance(cur, Stripped):
                return cur if cur.name == match.name and cur.closing else None
            if not isinstance(cur, Element):
                return None
            if cur.name == match.name and cur.auto_start and cur.stx == match.stx:
                if cur.auto_end:
                    node = cur
                    break
                return cur
            cur = cur.children[0] if cur.children else None
        else:
            return None
        if cur is None:
            return None
    return None


def _misnestable_content(node: Any, name: str) -> bool:
    steps = 0
    while steps < _WALK:
        steps += 1
        if node is None or node.parent is None:
            return False
        if isinstance(node, Element) and (node.name in ("a", "td", "th") or node.name in _HEADINGS):
            return False
        nxt = _next_non_sep(node)
        if nxt is None:
            node = node.parent
            continue
        if isinstance(nxt, Element) and nxt.name == "p" and nxt.kind == "wiki":
            content = _first_non_sep_child(nxt)
        else:
            content = nxt
        return content is not None and not (isinstance(content, Stripped) and content.name == name)
    return False


def _identical_nested(el: Element, name: str) -> bool:
    steps = 0
    node = el
    while steps < _WALK:
        steps += 1
        child = next((c for c in node.children if isinstance(c, Element)), None)
        if child is None:
            return False
        if child.name == name and not child.auto_end:
            return True
        node = child
    return False


def _matched_open_pair(el: Element) -> bool:
    if not el.children:
        return False
    lc = el.children[-1]
    if not isinstance(lc, Element) or lc.name != el.name or not lc.auto_end or lc.stx != el.stx:
        return False
    if lc.idx <= 0:
        return False
    prev = el.children[lc.idx - 1]
    if isinstance(prev, _Text):
        return not prev.ws and not prev.trail_ws
    return False


def _single_link(model: MarkupModel, a: int, e: int) -> bool:
    """Whether the text between *a* and *e* is one link (with its link trail), give or take
    content that renders nothing (comments, categories, behaviour switches)."""
    m = model.masked
    while a < e and m[a] == _TRANSPARENT:
        a += 1
    while e > a and m[e - 1] == _TRANSPARENT:
        e -= 1
    spans = model.link_spans
    k = bisect.bisect_left(spans, (a, -1))
    if k >= len(spans) or spans[k][0] != a:
        return False
    end = spans[k][1]
    if end > e:
        return False
    rest = m[end:e]
    return rest == "" or (rest.isalpha() and rest.islower())  # a link trail stays in the link


def _lint(model: MarkupModel, builder: _Builder, text: str) -> None:
    lints = model.lints
    for node in builder.all:
        if isinstance(node, Stripped):
            model.stripped.append(node)
            continue
        el: Element = node
        if el.kind != "clone":
            model._elements.append(el)
    for node in builder.all:
        if isinstance(node, Stripped):
            if not node.linted:
                lints.append(
                    MarkupLint(
                        "stripped-tag", node.start, node.end, node.name, {"name": node.name}, node
                    )
                )
            continue
        el = node
        name = el.name
        opened = el.open_end > el.start
        if (
            name in OBSOLETE_TAGS
            and el.kind in ("html", "clone")
            and not (el.auto_start and el.auto_end)
        ):
            if opened or el.close_start is not None:
                lints.append(
                    MarkupLint(
                        "obsolete-tag", el.start, max(el.end, el.open_end), name, {"name": name}, el
                    )
                )
        if el.linted or el.uncertain or name in VOID_TAGS or name == "tbody":
            continue
        if not (el.kind == "html" or el.stx == "quote" or name == "table"):
            continue
        if el.self_closing and el.kind == "html":
            lints.append(
                MarkupLint("self-closed-tag", el.start, el.open_end, name, {"name": name}, el)
            )
            continue
        if el.auto_end and opened:
            params: dict[str, Any] = {"name": name}
            heading = el.heading
            if (
                el.kind == "html"
                and name in CHANGED_MISNESTING
                and _misnestable_content(el, name)
                and not _identical_nested(el, name)
            ):
                lints.append(MarkupLint("html5-misnesting", el.start, el.end, name, params, el))
            elif el.kind == "quote" and heading is not None:
                params["ancestorName"] = heading.name
                lints.append(
                    MarkupLint("unclosed-quotes-in-heading", el.start, el.end, name, params, el)
                )
            else:
                adj = el.aaa_clone or _matching_misnested(el, el)
                if adj is not None:
                    adj.linted = True
                    lints.append(MarkupLint("misnested-tag", el.start, el.end, name, params, el))
                elif name not in _OPTIONAL_END and not el.auto_start:
                    params["inTable"] = el.in_table
                    cat = (
                        "missing-end-tag-in-heading"
                        if el.heading is not None
                        else "missing-end-tag"
                    )
                    if not (name == "table" and _next_non_sep(el) is not None):
                        lints.append(MarkupLint(cat, el.start, el.end, name, params, el))
                    if name in FORMATTING_TAGS and _matched_open_pair(el):
                        lints.append(
                            MarkupLint(
                                "multiple-unclosed-formatting-tags",
                                el.start,
                                el.end,
                                name,
                                params,
                                el,
                            )
                        )
        if (
            name == "font"
            and el.kind == "html"
            and el.close_start is not None
            and _COLOR_ATTR.search(el.attrs)
        ):
            if _single_link(model, el.open_end, el.close_start):
                lints.append(
                    MarkupLint("tidy-font-bug", el.start, el.end, name, {"name": "font"}, el)
                )
        if name == "span" and el.kind == "html":
            fc = _first_non_sep_child(el)
            if (
                isinstance(fc, Element)
                and fc.name == "div"
                and fc.kind == "html"
                and (_STYLE_OR_CLASS.search(el.attrs) or _STYLE_OR_CLASS.search(fc.attrs))
            ):
                lints.append(
                    MarkupLint(
                        "misc-tidy-replacement-issues",
                        el.start,
                        el.end,
                        name,
                        {"subtype": "div-span-flip"},
                        el,
                    )
                )
        if name == "table":
            prev = _prev_non_sep(el)
            if isinstance(prev, Element) and prev.name == "table" and prev.auto_end:
                lints.append(
                    MarkupLint(
                        "deletable-table-tag", el.start, el.open_end, "table", {"name": "table"}, el
                    )
                )
            fost = [
                f
                for f in el.fostered_before or ()
                if not isinstance(f, Stripped) and not (isinstance(f, _Text) and (f.ws or f.opaque))
            ]
            if fost:
                lints.append(MarkupLint("fostered", el.start, el.end, None, {}, el))
    _lint_attrs_and_tables(model, builder)


_ID_RE = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_STYLE_RE = re.compile(
    r"""(?:^|\s)style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_CLASS_NOWRAP = re.compile(r"""(?:^|\s)class\s*=\s*["']?[^"'>]*\bnowrap\b""", re.IGNORECASE)
_BG_RE = re.compile(r"(?:^|[;\s])background(?:-color)?\s*:", re.IGNORECASE)
_FG_RE = re.compile(r"(?:^|[;\s])color\s*:", re.IGNORECASE)
_BLOCKS = frozenset({"div", "blockquote", "center", "td", "th", "li", "dd", "dt", "caption", "p"})
MAX_TABLE_COLUMNS = 5
MAX_TABLE_ROWS_TO_CHECK = 10


def _attr(rx: re.Pattern[str], attrs: str) -> str | None:
    m = rx.search(attrs)
    if m is None:
        return None
    for g in m.groups():  # one of the value's three spellings matched (each is a group)
        if g is not None:
            return g
    return None


def _night_unaware(attrs: str) -> bool:
    """Whether a style in *attrs* sets a background and no text colour."""
    if "style" not in attrs.lower():
        return False
    style = _attr(_STYLE_RE, attrs)
    # _BG_RE matches "background" in any case, which lower() turns into "background" (the
    # case-insensitive match of a letter of it is a capital or the Kelvin sign for "k")
    if not style or "background" not in style.lower():
        return False
    return _BG_RE.search(style) is not None and _FG_RE.search(style) is None


def _lint_attrs_and_tables(model: MarkupModel, builder: _Builder) -> None:
    lints = model.lints
    text = builder.masked
    seen_ids = model.seen_ids
    for node in builder.all:
        if not isinstance(node, Element):
            continue
        el = node
        if el.kind == "clone":
            continue
        attrs = el.attrs
        if attrs and el.kind == "html":
            ident = _attr(_ID_RE, attrs)
            if ident is not None and ident.strip():
                key = " ".join(ident.split())
                if key in seen_ids:
                    lints.append(
                        MarkupLint("duplicate-ids", el.start, el.open_end, el.name, {"id": key}, el)
                    )
                else:
                    seen_ids.add(key)
        if attrs and _night_unaware(attrs):
            lints.append(
                MarkupLint(
                    "night-mode-unaware-background-color", el.start, el.open_end, el.name, {}, el
                )
            )
        if (
            el.kind == "html"
            and el.split_by_p
            and el.name not in _BLOCKS
            and el.name not in FORMATTING_TAGS
        ):
            parent = el.parent
            nowrap = "nowrap" in (_attr(_STYLE_RE, attrs) or "").lower() or _CLASS_NOWRAP.search(
                attrs
            )
            if (
                nowrap
                and isinstance(parent, Element)
                and parent.kind == "html"
                and parent.name in _BLOCKS
            ):
                lints.append(
                    MarkupLint(
                        "pwrap-bug-workaround",
                        el.start,
                        el.end,
                        el.name,
                        {"root": parent.name, "child": el.name},
                        el,
                    )
                )
        if el.name == "table":
            if el.kind == "html" and el.in_list_item and el.close_start is not None:
                if "\n" in text[el.start : el.close_start]:
                    lints.append(
                        MarkupLint(
                            "multiline-html-table-in-list",
                            el.start,
                            el.end,
                            "table",
                            {"name": "table"},
                            el,
                        )
                    )
            columns = builder.table_columns.get(id(el), 0)
            rows = 0
            for row in el.children:
                if not isinstance(row, Element) or row.name != "tr":
                    continue
                rows += 1
                if rows > MAX_TABLE_ROWS_TO_CHECK:
                    break
                cells = 0
                for c in row.children:
                    if isinstance(c, Element) and c.name in ("td", "th"):
                        cells += 1
                columns = max(columns, cells)
            if columns > MAX_TABLE_COLUMNS:
                lints.append(
                    MarkupLint(
                        "large-tables",
                        el.start,
                        el.end,
                        "table",
                        {"columns": columns, "columnsMax": MAX_TABLE_COLUMNS},
                        el,
                    )
                )


def _may_lint(m: str, s: int, e: int) -> bool:
    """Whether the scope ``m[s:e]`` can give a lint: only HTML tags, quotes and tables do. A
    scope with none of them (most reference bodies: a masked citation template) is skipped; it
    would only make paragraphs, list items, headings and links."""
    return m.find("<", s, e) >= 0 or m.find("''", s, e) >= 0 or m.find("{|", s, e) >= 0


def build_markup_model_from_text(text: str) -> MarkupModel:
    """The model of a bare text, nothing masked (for pages the tokenizer cannot parse, and tests)."""
    model = MarkupModel()
    model.masked = text
    blocks: list[_Block] = []
    builder = _Scanner(model, text, 0, len(text), True, [], [], blocks).run()
    _lint(model, builder, text)
    model._roots = [builder.root]
    if blocks:
        model._pending = (builder.all, blocks, [], [], [])
    model.lints.sort(key=lambda x: (x.start, x.end))
    model._elements.sort(key=_start_key)
    return model


def build_markup_model(doc: Document) -> MarkupModel:
    """Build the markup model of *doc* (see the module docstring)."""
    model = MarkupModel()
    if doc.parse_error:
        return model
    # streamed when compiled (in pure Python, the sorts in C are the faster)
    masked, inner, scopes, (links, all_links) = _mask(doc, _COMPILED)
    model.masked = masked
    model.link_spans = all_links
    text = doc.text
    link_starts = [lk[0] for lk in links]
    blocks: list[_Block] = []
    builders = [_Scanner(model, masked, 0, len(text), True, links, link_starts, blocks).run()]
    for s, e in scopes:
        if not _may_lint(inner, s, e):
            continue
        builders.append(_Scanner(model, inner, s, e, False, links, link_starts).run())
    n_top = 0
    for k, b in enumerate(builders):
        _lint(model, b, text)
        if k == 0:
            n_top = len(model._elements)
    model._roots = [b.root for b in builders]
    if blocks:
        other = model._elements[n_top:]
        model._pending = (builders[0].all, blocks, other, links, link_starts)
    model.lints.sort(key=lambda x: (x.start, x.end))
    model._elements.sort(key=_start_key)
    model._source_tags.sort(key=_start_key)
    return model


# --------------------------------------------------------------------------------------------
# A character scan for the rules (InvisibleCharacter, WL131), here because this module is
# compiled: a C loop over the text's characters is several times as fast as the regex engine's
# character-class search (on the texts of most wikis, which are not Latin-1).

# C0 and C1 controls but tab, newline and carriage return; the zero-width space; the direction
# marks and embeddings; the line and paragraph separators; the byte order mark
INVISIBLE_CHARS = (
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]"
)
_INVISIBLE_RE = re.compile(INVISIBLE_CHARS)
_COMPILED = not __file__.endswith(".py")  # this module runs as an extension module


def first_invisible(text: str) -> int:
    """Where the first character of ``INVISIBLE_CHARS`` in *text* is, or -1."""
    if _COMPILED:
        return _scan_invisible(text)
    m = _INVISIBLE_RE.search(text)
    return -1 if m is None else m.start()


def _scan_invisible(text: str) -> int:
    """``first_invisible`` one character at a time (a C loop when compiled; tested to agree
    with the pattern on every code point)."""
    i = 0
    for ch in text:
        c = ord(ch)
        if c < 0x7F:
            if c < 0x20 and c != 0x09 and c != 0x0A and c != 0x0D:
                return i
        elif c <= 0x9F:
            return i
        elif 0x200B <= c <= 0x2069:
            if c <= 0x200F:
                if c == 0x200B or c >= 0x200E:
                    return i
            elif c <= 0x202E:
                if c >= 0x2028:
                    return i
            elif c >= 0x2066:
                return i
        elif c == 0xFEFF:
            return i
        i += 1
    return -1


# --------------------------------------------------------------------------------------------
# File link candidates for BogusImageOptions (WL410), here because this module is compiled: the
# rule looked at every wikilink of the page in Python to find the few with options and a
# namespace prefix.


def prefixed_links(text: str, links: list[Any]) -> list[Any]:
    """The wikilinks of *links* (in their order) that have a text (``[[a|b]]``) and a ``:`` in
    their target (a C loop over the links and the targets' characters when compiled)."""
    if _COMPILED:
        return _prefixed_links_scan(text, links)
    return [
        wl
        for wl in links
        if wl.text_start is not None and text.find(":", wl.title_start, wl.title_end) >= 0
    ]


def _prefixed_links_scan(text: str, links: list[Any]) -> list[Any]:
    """``prefixed_links`` one character at a time (tested to agree with the ``find``)."""
    out = []
    for wl in links:
        if wl.text_start is None:
            continue
        i = wl.title_start
        e = wl.title_end
        while i < e:
            if text[i] == ":":
                out.append(wl)
                break
            i += 1
    return out


_ROW_CELL_MARKUP = frozenset({"|", "||", "!", "!!", "|-"})


def row_cell_tags(tags: list[Any]) -> list[Any]:
    """The tags of *tags* (in their order) that are wiki-markup table rows and cells (``|-``,
    ``|``, ``||``, ``!``, ``!!``) with attributes (a C loop when compiled, without the
    ``attrs`` property's Python call per tag)."""
    out = []
    for tg in tags:
        wm = tg.wiki_markup
        if not wm or wm not in _ROW_CELL_MARKUP:
            continue
        attrs = tg._attrs
        if (type(attrs) is tuple or type(attrs) is list) and not attrs:
            continue
        out.append(tg)
    return out
