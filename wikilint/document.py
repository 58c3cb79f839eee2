"""The Document: source text, span-carrying node tree, line index, per-kind node indexes.

A Document is built once per text (tokenize once, one walk) and shared by every rule.
Offsets are code-point indexes into ``doc.text`` (BOM removed; line endings kept).
"""

from __future__ import annotations

import bisect
import gc
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cached_property
from sys import intern
from typing import TYPE_CHECKING, Any

from mwparserfromhell import definitions as _mwp_definitions
from mwparserfromhell import parser as _mwp_parser
from mwparserfromhell.definitions import is_parsable
from mwparserfromhell.parser import ParserError
from mwparserfromhell.parser import tokens as _mwp_tokens
from mwparserfromhell.parser.tokenizer import Tokenizer as _PyTokenizer

from . import tree
from ._compiled import light_tokenizer
from .tree import (
    Argument,
    Comment,
    Entity,
    ExternalLink,
    Heading,
    Node,
    Parameter,
    Tag,
    Template,
    Text,
    Wikilink,
)

if TYPE_CHECKING:
    from .sites import Site

__all__ = ["Document", "ParseFailure", "normalize_title"]

BOM = "\ufeff"

# Extension tags whose bodies MediaWiki does not parse as wikitext (mwparserfromhell's
# PARSER_BLACKLIST plus a few common extension tags). Text inside them is never markup.
RAW_TAGS = frozenset(
    {
        "nowiki",
        "pre",
        "math",
        "chem",
        "ce",
        "syntaxhighlight",
        "source",
        "score",
        "timeline",
        "graph",
        "hiero",
        "imagemap",
        "inputbox",
        "categorytree",
        "templatedata",
        "templatestyles",
        "mapframe",
        "maplink",
        "charinsert",
        "section",
        "gallery",
    }
)


def _tokenizer() -> Any:
    """The tokenizer: wikilint's light tokenizer (mwparserfromhell's C tokenizer making lighter
    tokens, ``wikilint._compiled.light_tokenizer``) when it can be used, else mwparserfromhell's
    C tokenizer, or its Python one when that C extension is absent or switched off
    (``mwparserfromhell.parser.use_c = False``: then the light one is not used either)."""
    if _mwp_parser.use_c and _mwp_parser.CTokenizer is not None:
        light = light_tokenizer()[0]
        return light() if light is not None else _mwp_parser.CTokenizer()
    return _PyTokenizer()


# Decided at import, once: worker processes forked later inherit the decision (and a stale
# build is reported once, not once per worker).
light_tokenizer()


class ParseFailure(Exception):
    """The text could not be turned into a tree (tokenizer or builder failure)."""


# mwparserfromhell's tokenizer retries from every unclosed tag or comment to the end of the
# page, so its time grows with (unclosed openers) x (page length): 20,000 unclosed <ref> in
# 100 kB take about 20 s. Real pages stay far below this bound (the largest product on the
# 2,041-page corpus is 6e6); above it the page is reported as unparsable instead of hanging.
_COST_LIMIT = 300_000_000
_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
_CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9]*)\s*>")
_EXT_LINK = re.compile(r"\[(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
# "<!--" and "-->" (neither overlaps itself: their counts are str.count's), counted by the regex
# engine, which looks at the first character's occurrences faster than str.count does here
_COMMENT_OPEN = re.compile(r"<(?=!--)")
_COMMENT_CLOSE = re.compile(r"-(?=->)")
_VOID = frozenset({"br", "hr", "img", "wbr", "meta", "link", "input", "col", "area", "base", "source", "track", "param", "embed"})


# Above this cost (≈0.2 s of tokenizer retries) unclosed tags are masked for the tokenizer.
_MASK_LIMIT = 20_000_000


def _quadratic_risk(text: str, limit: int = _COST_LIMIT) -> str | None:
    """A reason to refuse tokenizing *text*, when it would take quadratic time; else None."""
    _COST_LIMIT = limit  # noqa: N806 - the bound this call checks against
    n = len(text)
    if n * n // 3 <= _COST_LIMIT:  # not even all-unclosed tags could reach the limit
        return None
    # An unclosed [http://… link is retried to the end of its line.
    link_cost = 0
    if "[" in text:
        for line in _long_lines(text, _COST_LIMIT):
            openers = len(_EXT_LINK.findall(line))
            link_cost += max(0, openers - line.count("]")) * len(line)
    # Every unclosed tag or comment counted below starts at its own "<", not one of a "</":
    # when even that many could not reach the limit, the names need not be counted.
    if (text.count("<") - text.count("</")) * n + link_cost <= _COST_LIMIT:
        return None
    # Openers and closers counted per spelling by the regex engine, then summed per name (the
    # order of the tags does not matter: each closer takes one opener of its name, if any).
    opened: dict[str, int] = {}
    for (name, self_closing), count in Counter(_OPEN_TAG.findall(text)).items():
        if not self_closing:
            name = name.lower()
            if name not in _IMPLICIT_END:
                opened[name] = opened.get(name, 0) + count
    if opened:
        for name, count in Counter(_CLOSE_TAG.findall(text)).items():
            name = name.lower()
            if name in opened:
                opened[name] -= count
    unclosed = sum(v for v in opened.values() if v > 0)
    comments = len(_COMMENT_OPEN.findall(text))  # text.count("<!--"), found faster
    if comments:
        unclosed += max(0, comments - len(_COMMENT_CLOSE.findall(text)))  # - text.count("-->")
    cost = unclosed * n + link_cost
    if cost > _COST_LIMIT:
        return (
            f"{unclosed} unclosed tags or comments (or unclosed links on a very long line) in {n} "
            "characters; parsing would take quadratic time, so the page was not parsed"
        )
    return None


def _long_lines(text: str, limit: int) -> Iterator[str]:
    """The lines of *text* (split at "\\n") whose length l has l * l // 10 > *limit*, in order,
    found by looking for a line end in each window of the longest length that does not qualify
    (a few steps per window: the last line end in it is near its end), not line by line."""
    width = math.isqrt(10 * limit + 9)  # the longest l with l * l // 10 <= limit
    n = len(text)
    pos = 0  # a line start
    while n - pos > width:
        nl = text.rfind("\n", pos, pos + width + 1)
        if nl >= 0:  # every line that starts before nl + 1 ends by nl: none is longer than width
            pos = nl + 1
            continue
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if len(line) * len(line) // 10 > limit:
            yield line
        if nl < 0:
            return
        pos = nl + 1


# Tags mwparserfromhell's tokenizer closes implicitly (no retry to the end of the page).
_IMPLICIT_END = frozenset({"li", "dt", "dd", "th", "td", "tr"}) | _VOID
_MASK = "\ue000"  # one code point in place of "<": the tokenizer sees text, offsets stay


def _mask_unclosed(text: str) -> str | None:
    """A copy of *text* for the tokenizer in which the "<" of every tag opener that is never
    closed is masked. The tokenizer would try each of them to the end of the page and then
    take it as text; masked, it takes it as text at once, in linear time. Only for pages that
    would otherwise take quadratic time: the pairing by name is a guess (a closing tag it gives
    to a later opener, say one inside a comment, may close an earlier one in the tokenizer) and
    a masked "<" in a link title, template name or URL does not end it as a "<" does, so the
    tree can differ there; :func:`_failing_tags` is the exact masking used for other pages.
    None when nothing is to mask."""
    events: list[tuple[int, int, str]] = []  # (offset, +1 open / -1 close, name)
    for m in _OPEN_TAG.finditer(text):
        name = m.group(1).lower()
        if not m.group(2) and name not in _IMPLICIT_END:
            events.append((m.start(), 1, name))
    for m in _CLOSE_TAG.finditer(text):
        events.append((m.start(), -1, m.group(1).lower()))
    events.sort()
    stacks: dict[str, list[int]] = {}
    for pos, kind, name in events:
        if kind > 0:
            stacks.setdefault(name, []).append(pos)
        elif stacks.get(name):
            stacks[name].pop()
    unclosed = sorted(p for st in stacks.values() for p in st)
    if not unclosed:
        return None
    return _masked_at(text, unclosed)


# An HTML tag opener or closer as the tokenizer reads its name: "<", then "/" for a closing tag
# and a run of characters that are neither whitespace nor one of its markers (a marker in a name
# fails the tag).
_TAG_NAME = re.compile(r"<(/?[^\s{}\[\]<>|=&'#*;:/\-!\x00]+)")
# What can make a tag opener end somewhere other than at its first ">": a nested template, link
# or tag, or a quoted attribute value.
_NESTED_IN_OPENER = re.compile(r"[{\[<\"']")
# Tags that end without a closing tag (mwparserfromhell's SINGLE, lowercased).
_SINGLE_TAGS = frozenset(name.lower() for name in _mwp_definitions.SINGLE)
# Switch for tests: with it off, the tokenizer is always given the page as it is.
MASK_FAILING_TAGS = True


def _failing_tags(text: str) -> list[int]:
    """The offsets of the tag openers in *text* that mwparserfromhell's tokenizer certainly
    fails on: ``<name …>`` whose name has no closing tag (``</name``, any case) anywhere after
    it, that is not a tag that ends by itself (``<br>``, ``<li>``…) and that ends, unclosed,
    at its first ``>`` (no ``/>``, nothing nested or quoted before it) or never ends. The
    tokenizer tries each of them to the end of the page before it takes the "<" as text.

    A tag can only succeed by a closing tag of its name after it, by ending itself (``/>``, a
    name from SINGLE) or at the end of the text for SINGLE names; none of these can happen here.
    Names compare as the tokenizer compares them: each lowercased on its own (str.lower).
    Most pages have no such opener: a first pass over the names (lowercased together, joined by
    line ends, which no name holds) finds whether some name is opened after its last closing tag."""
    if "<" not in text:
        return []
    found = _TAG_NAME.findall(text)
    if not found:
        return []
    names = "\n".join(found).lower().split("\n")
    last = dict(zip(names, range(len(names))))  # name ("/name" when closing) -> its last index
    if not any(
        name[0] != "/" and name not in _SINGLE_TAGS and last.get("/" + name, -1) < i for name, i in last.items()
    ):
        return []
    out: list[int] = []
    closed: set[str] = set()  # names with a closing tag further on
    for m in reversed(list(_TAG_NAME.finditer(text))):
        name = m.group(1).lower()
        if name[0] == "/":
            closed.add(name[1:])
            continue
        if name in closed or name in _SINGLE_TAGS:
            continue
        p = m.start()
        q = text.find(">", p)
        if q >= 0 and (text[q - 1] == "/" or _NESTED_IN_OPENER.search(text, p + 1, q)):
            continue  # it may end itself, or end elsewhere
        out.append(p)
    out.reverse()
    return out


def _masked_at(text: str, offsets: list[int]) -> str:
    """*text* with the character at each of *offsets* replaced by ``_MASK``."""
    parts = []
    last = 0
    for p in offsets:
        parts.append(text[last:p])
        parts.append(_MASK)
        last = p + 1
    parts.append(text[last:])
    return "".join(parts)


def _mask_matters(index: dict[str, list[Any]], offsets: list[int]) -> bool:
    """Whether a masked "<" (see :func:`_failing_tags`) landed where a "<" is more than a
    failed tag in the masked tree: in a link's title, a template's or argument's name, an
    external link's URL, or a tag's name or closing tag. There a "<" ends or fails the
    construct and the masked character does not, so the tree could differ; everywhere else the
    tokenizer takes the "<" as text after failing the tag, exactly as the masked character."""
    spans: list[tuple[int, int]] = []
    spans.extend((wl.title_start, wl.title_end) for wl in index["wikilink"])
    spans.extend((t.name_start, t.name_end) for t in index["template"])
    spans.extend((a.name_start, a.name_end) for a in index["argument"])
    spans.extend((e.url_start, e.url_end) for e in index["external_link"])
    for tag in index["tag"]:
        spans.append((tag.start, tag.tag_end))
        if tag.close_start is not None:
            spans.append((tag.close_start, tag.end))
    for start, end in spans:
        i = bisect.bisect_left(offsets, start)
        if i < len(offsets) and offsets[i] < end:
            return True
    return False


# A page of more nodes than this (a real article has at most some tens of thousands; 200,000
# refs make a million) keeps at most one of its big derived models, the reference model and the
# markup model, at a time: when a rule asks for one of them, the other is released first unless
# that rule has used it too (so one rule that uses both never rebuilds either). With the rules
# in their usual order (markup rules, then reference rules, then table rules) the markup model
# is built twice on such a page, for a lower peak of memory.
BIG_PAGE_NODES = 250_000

# Pages longer than this are tokenized in pieces (see _chunks), so that the tokenizer's token
# list (about 200 bytes per token, several tokens per ten characters) never exists for the whole
# of a huge page at once: peak memory then follows the tree, not the token list.
CHUNK_CHARS = 256 * 1024
# Text that an unclosed construct leaves behind: a piece whose Text tokens contain one of these
# may have ended inside something that the rest of the page would have closed.
_OPENER = re.compile(r"<[A-Za-z/!]|\{\{|\[\[|\{\|")
# A piece cut inside a line may also end inside a bracketed external link (``[http://x a<br>b]``).
_OPENER_IN_LINE = re.compile(r"<[A-Za-z/!]|\{\{|\[|\{\|")


def _piece_is_closed(toks: list, in_line: bool = False) -> bool:
    """Whether a piece's tokens show nothing left open at its end: no Text token holds an opener
    that failed (possibly for want of the text after the piece). Text that the tokenizer never
    parses (comment bodies, ``<nowiki>``, ``<pre>``... bodies) does not count."""
    T = _mwp_tokens
    text_type = T.Text
    search = (_OPENER_IN_LINE if in_line else _OPENER).search
    raw_body = False  # inside a comment or an unparsed tag's body
    after_open = False  # the next Text is a tag name
    raw_tag = False
    for tok in toks:
        kind = type(tok)
        if kind is str or kind is text_type:
            text = tok if kind is str else tok["text"]
            if after_open:
                after_open = False
                raw_tag = not is_parsable(text.strip().lower())
            elif not raw_body and search(text):
                return False
            continue
        if kind is type:  # the light tokenizer's token without fields: its class
            kind = tok
        if kind is T.TagOpenOpen:
            after_open = True
        elif kind is T.TagCloseOpen:
            raw_body = raw_tag
        elif kind is T.TagOpenClose or kind is T.CommentEnd:
            raw_body = raw_tag = after_open = False
        elif kind is T.CommentStart:
            raw_body = True
        else:
            after_open = False
    return True


# A piece that starts inside a line starts where the tokenizer does not look back: right after
# a ">" (the end of a tag or comment: no free link, no entity runs across it) and not before a
# character that means something else at the start of a line (headings, lists, rules, tables).
_LINE_START_SPECIAL = frozenset("=*#:;-{|!\n")


def _cut_after(text: str, at: int, size: int) -> int:
    """Where a piece that should be about *at* long may end: after the first line end from *at*,
    or, when that line runs on for more than *size* characters (a page on one line), after a
    ">" from *at* that the next piece can start after (see above). 0 when there is no such place."""
    nl = text.find("\n", at, at + size)
    if nl >= 0:
        return nl + 1
    if text[text.rfind("\n", 0, at) + 1] in "=;":
        # a heading or a definition term: the whole line is one construct (";a: b" too)
        return text.find("\n", at) + 1
    gt = text.find(">", at, at + size)
    while gt >= 0:
        if text[gt + 1 : gt + 2] not in _LINE_START_SPECIAL:
            return gt + 1
        gt = text.find(">", gt + 1, at + size)
    return text.find("\n", at) + 1


def _chunks(text: str, tokenize: Any, size: int) -> Iterator[tuple[list, int, int]]:
    """Token lists of consecutive pieces of *text*, each ending where the tokenizer had nothing
    open (at a line end, or inside a very long line right after a tag: see :func:`_cut_after`),
    so that the pieces' tokens are exactly the whole text's tokens (save for a Text token split
    at a boundary, which the tree builder merges back). A piece that might end inside an
    unfinished construct is retried twice as long."""
    n = len(text)
    start = 0
    while start < n:
        want = size
        while True:
            cut = _cut_after(text, start + want, size) if start + want < n else 0
            if cut <= 0 or n - cut < size // 4:
                cut = n
            toks = tokenize(text[start:cut])
            if cut == n or _piece_is_closed(toks, text[cut - 1] != "\n"):
                break
            del toks
            want *= 2
        yield toks, start, cut
        del toks
        start = cut


def normalize_title(raw: str) -> str:
    """Normalise a template or page name the way MediaWiki compares them.

    Comments are removed, ``_`` equals a space, runs of whitespace collapse, surrounding
    space is trimmed and the first letter is upper-cased (first-letter case-insensitivity).
    """
    if "<!--" in raw:
        raw = _strip_comments(raw)
    name = " ".join(raw.replace("_", " ").split())
    if name[:1].islower():
        name = name[0].upper() + name[1:]
    return name


# Template names normalised (and interned) per raw name of at most 255 characters: a page calls
# {{cite web}} hundreds of times, and the pages of a wiki the same templates. Emptied when it
# reaches the bound.
_TEMPLATE_NAMES: dict[str, str] = {}
_TEMPLATE_NAMES_SIZE = 8192


def _template_name(raw: str) -> str:
    """``intern(normalize_title(raw))``, remembered per *raw* (see ``_TEMPLATE_NAMES``)."""
    name = _TEMPLATE_NAMES.get(raw)
    if name is None:
        name = intern(normalize_title(raw))
        if len(raw) <= 255:  # a long name is not kept (the memo's size stays bounded)
            if len(_TEMPLATE_NAMES) >= _TEMPLATE_NAMES_SIZE:
                _TEMPLATE_NAMES.clear()
            _TEMPLATE_NAMES[raw] = name
    return name


def _strip_comments(raw: str) -> str:
    out = []
    i = 0
    while True:
        j = raw.find("<!--", i)
        if j < 0:
            out.append(raw[i:])
            break
        out.append(raw[i:j])
        k = raw.find("-->", j + 4)
        if k < 0:
            break
        i = k + 3
    return "".join(out)


def tokenizer_input(text: str) -> tuple[str, list[int]]:
    """What the tokenizer is given for *text*: ``(text or a masked copy, the offsets masked
    by :func:`_failing_tags`)``. Raises :class:`ParseFailure` for a page that would take the
    tokenizer quadratic time."""
    if _quadratic_risk(text, _MASK_LIMIT):
        # Unclosed tags: mask them for the tokenizer (linear time; the tree can differ in
        # corners, see _mask_unclosed); refuse only when the page would still be quadratic
        # (unclosed comments, unclosed links on huge lines). Under _MASK_LIMIT the page is under the higher _COST_LIMIT too: no
        # second check.
        tok_text = _mask_unclosed(text) or text
        too_costly = _quadratic_risk(tok_text)
        if too_costly:
            raise ParseFailure(too_costly)
        return tok_text, []
    if MASK_FAILING_TAGS:
        # Tags the tokenizer would try to the end of the page and then take as text: masked,
        # it takes them as text at once (Document checks that the tree is the same).
        masked = _failing_tags(text)
        if masked:
            return _masked_at(text, masked), masked
    return text, []


def _parse(tok_text: str, text: str) -> tuple[list[Node], list[Node], dict[str, list[Any]]]:
    """The tree of *text* from the tokens of *tok_text* (*text*, or a copy with characters
    masked that the tokenizer takes as text either way)."""
    if len(text) <= 2 * CHUNK_CHARS:
        # the builder frees each token as it reads it (consume): the list ends empty
        toks = _tokenizer().tokenize(tok_text, 0, True)
        return tree.build(toks, text, consume=True)
    return tree.build_chunks(
        _chunks(tok_text, lambda piece: _tokenizer().tokenize(piece, 0, True), CHUNK_CHARS),
        text,
        consume=True,
    )


class Document:
    """A parsed wikitext page.

    Attributes:
        text: the page text without a leading BOM, line endings as in the source.
        path: the display path ("-" for stdin), or ``None``.
        site: the site profile the rules should assume (``wikilint.sites.Site``).
        nodes: top-level nodes; ``all_nodes``: every node in document order.
        templates, tags, wikilinks, external_links, headings, comments, texts, entities,
        arguments: per-kind indexes in document order.
        parse_error: a message when the text could not be parsed (then the tree is empty and
            only text-based checks can run).
    """

    def __init__(
        self,
        text: str,
        path: str | None = None,
        site: Site | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        if text.startswith(BOM):
            text = text[1:]
        self.text = text
        self.path = path
        self._site = site
        self.options: dict[str, Any] = options or {}
        self.parse_error: str | None = None
        self.nodes: list[Node] = []
        self.all_nodes: list[Node] = []
        index: dict[str, list[Any]] = {}
        gc_was_enabled = gc.isenabled()
        gc.disable()  # tokens and nodes are many small objects, none garbage yet
        try:
            tok_text, masked = tokenizer_input(text)
            self.nodes, self.all_nodes, index = _parse(tok_text, text)
            if masked and _mask_matters(index, masked):
                self.nodes, self.all_nodes, index = _parse(text, text)
        except (ParseFailure, RecursionError, MemoryError, ParserError, tree.TreeError, IndexError, AttributeError) as exc:
            self.parse_error = f"{type(exc).__name__}: {exc}".rstrip(": ")
            self.nodes, self.all_nodes = [], []
            index = {kind: [] for kind in tree.KINDS}
        finally:
            if gc_was_enabled:
                gc.enable()
        # Per-kind indexes, filled by the builder as it creates the nodes (no second walk).
        self.templates: list[Template] = index["template"]
        self.tags: list[Tag] = index["tag"]
        self.wikilinks: list[Wikilink] = index["wikilink"]
        self.external_links: list[ExternalLink] = index["external_link"]
        self.headings: list[Heading] = index["heading"]
        self.comments: list[Comment] = index["comment"]
        self.texts: list[Text] = index["text"]
        self.entities: list[Entity] = index["entity"]
        self.arguments: list[Argument] = index["argument"]
        self._line_starts: Sequence[int] | None = None
        # The derived models (``refs``, ``markup``), built on first use; which rule last used
        # each (see rule_started and _make_room).
        self._models: dict[str, Any] = {}
        self._used: dict[str, int] = {}
        self._rule_serial = 0

    # ------------------------------------------------------------------ positions
    @property
    def line_starts(self) -> Sequence[int]:
        """The offset of each line's start (an ``array``: 8 bytes a line, not an int object
        and a list slot; a page of 200,000 lines saves 6 MB)."""
        if self._line_starts is None:
            starts = array("q", (0,))
            text = self.text
            find = text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset; columns count code points."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    # ------------------------------------------------------------------ text helpers
    def slice(self, start: int, end: int) -> str:
        return self.text[start:end]

    def node_text(self, node: Node | Parameter) -> str:
        return self.text[node.start : node.end]

    def template_name(self, tpl: Template) -> str:
        """The template's name normalised as MediaWiki compares names."""
        name = tpl._name  # rules ask for the same names many times: computed once per template
        if name is None:
            # interned: a page of 200,000 {{cite web}} then holds one "Cite web", not 200,000
            name = tpl._name = _template_name(self.text[tpl.name_start : tpl.name_end])
        return name

    def param_key(self, param: Parameter) -> str:
        """A parameter's name: stripped key text (comments removed), or its positional index."""
        key = param._key  # rules ask for the same keys many times: computed once per parameter
        if key is None:
            if param.key_start is None:
                key = param._key = param.name
            else:
                raw = self.text[param.key_start : param.key_end]
                if "<!--" in raw:
                    raw = _strip_comments(raw)
                key = param._key = intern(raw.strip())  # shared, as template names are
        return key

    def param_value(self, param: Parameter) -> str:
        return self.text[param.value_start : param.value_end]

    def attr_name(self, attr: tree.Attribute) -> str:
        return self.text[attr.name_start : attr.name_end].strip().lower()

    def attr_value(self, attr: tree.Attribute) -> str | None:
        if attr.value_start is None:
            return None
        return self.text[attr.value_start : attr.value_end]

    def tag_attr(self, tag: Tag, name: str) -> str | None:
        """The raw value of the last attribute called *name* (as MediaWiki reads it)."""
        value = None
        for attr in tag.attrs:
            if self.attr_name(attr) == name:
                value = self.attr_value(attr) or ""
        return value

    def contents(self, tag: Tag) -> str | None:
        if tag.contents_start is None:
            return None
        return self.text[tag.contents_start : tag.contents_end]

    def find_templates(self, *names: str) -> Iterator[Template]:
        """Templates whose normalised name is one of *names* (given in any case/spacing)."""
        wanted = {normalize_title(n) for n in names}
        for tpl in self.templates:
            if self.template_name(tpl) in wanted:
                yield tpl

    def enclosing(self, node: Node, kind: str) -> Node | None:
        """The nearest ancestor of the given kind, or ``None``."""
        for anc in node.ancestors():
            if anc.kind == kind:
                return anc
        return None

    def inside_tag(self, node: Node, *names: str) -> Tag | None:
        for anc in node.ancestors():
            if isinstance(anc, Tag) and anc.name in names:
                return anc
        return None

    def in_raw_context(self, node: Node) -> bool:
        """True when the node sits in a comment or in the body of a raw tag (``<nowiki>``…)."""
        for anc in node.ancestors():
            if isinstance(anc, Comment):
                return True
            if isinstance(anc, Tag) and anc.name in RAW_TAGS:
                return True
        return False

    # ------------------------------------------------------------------ masks
    @cached_property
    def raw_spans(self) -> list[tuple[int, int]]:
        """Sorted, non-overlapping spans of comments and raw-tag bodies (``<nowiki>`` etc.).

        Text in these spans is never wiki markup; text-scanning rules skip it.
        """
        # the per-kind indexes hold every comment and tag of the page, nested ones included
        spans = [(node.start, node.end) for node in self.comments]
        spans += [(tag.start, tag.end) for tag in self.tags if tag.name in RAW_TAGS]
        # Unclosed comments run to the end of the page in MediaWiki.
        spans.sort()
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                if e > merged[-1][1]:
                    merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        return merged

    @cached_property
    def text_node_chars(self) -> str:
        """The contents of every Text node joined by NUL: a quick test of whether any plain
        text holds a character (``"[" in doc.text_node_chars``) before a rule walks the
        text nodes one by one. Two characters in a row here may come from different nodes."""
        text = self.text
        return "\0".join([text[n.start : n.end] for n in self.texts])

    def texts_matching(self, pattern: re.Pattern[str]) -> Iterator[Text]:
        """The Text nodes in which *pattern* (which must not match NUL) finds a match, in
        document order, found in :attr:`text_node_chars` without visiting the other nodes."""
        chars = self.text_node_chars
        texts = self.texts
        count = chars.count
        index = 0  # index of the node that holds chars[pos]
        pos = 0
        m = pattern.search(chars)
        while m is not None:
            i = m.start()
            index += count("\0", pos, i)
            yield texts[index]
            nxt = chars.find("\0", i)
            if nxt < 0:
                return
            index += 1
            pos = nxt + 1
            m = pattern.search(chars, pos)

    def in_raw(self, offset: int) -> bool:
        spans = self.raw_spans
        i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    # ------------------------------------------------------------------ lazy extras
    @property
    def site(self) -> Site:
        if self._site is None:
            from .sites import load_site

            self._site = load_site("enwiki")
        return self._site

    @property
    def refs(self) -> Any:
        """The reference model (``wikilint.refs.RefModel``), built on first use."""
        model = self._models.get("refs")
        if model is None:
            from .refs import build_ref_model

            self._make_room("refs")
            model = self._models["refs"] = build_ref_model(self)
        self._used["refs"] = self._rule_serial
        return model

    def rule_started(self) -> None:
        """Tell the document that the next rule starts (the Linter calls it before each rule):
        see :data:`BIG_PAGE_NODES`."""
        self._rule_serial += 1

    def _make_room(self, wanted: str) -> None:
        """On a page of more than :data:`BIG_PAGE_NODES` nodes, release the other derived
        models before *wanted* is built, unless the rule now running has used them."""
        if len(self.all_nodes) <= BIG_PAGE_NODES:
            return
        for name in list(self._models):
            if name != wanted and self._used.get(name) != self._rule_serial:
                self._models.pop(name).release()

    def release(self) -> None:
        """Free the tree now: break its reference cycles (a node's ``parent`` and the child
        lists that lead back to it, a parameter's ``template``, cached models that point back
        at the document) so that reference counting reclaims it without a pass of the cyclic
        garbage collector over millions of nodes. Call it only on a Document nobody will use
        again (the Linter does, for the documents it builds itself); afterwards the Document is
        empty.

        The cycles are broken from above: every node that holds others (found in the per-kind
        indexes) lets go of its child lists, parameters and attributes, so that only upward
        links (``parent``, ``template``) remain. Text and Entity nodes, most of the tree, are
        not visited."""
        if "all_nodes" in self.__dict__:
            tree.unlink(
                self.wikilinks, self.templates, self.tags, self.external_links, self.headings, self.comments, self.arguments
            )
        for model in self.__dict__.get("_models", {}).values():
            model.release()
        self.__dict__.clear()

    @property
    def markup(self) -> Any:
        """The markup model (``wikilint.markup.MarkupModel``), built on first use."""
        model = self._models.get("markup")
        if model is None:
            from .markup import build_markup_model

            self._make_room("markup")
            model = self._models["markup"] = build_markup_model(self)
        self._used["markup"] = self._rule_serial
        return model

    @cached_property
    def wikicode(self) -> Any:
        """mwparserfromhell's ``Wikicode`` for the page, on demand (slow: avoid in rules)."""
        import mwparserfromhell

        return mwparserfromhell.parse(self.text, skip_style_tags=True)
