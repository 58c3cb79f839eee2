"""A span-carrying node tree built straight from mwparserfromhell's token stream.

mwparserfromhell's C tokenizer is fast; its pure-Python tree builder is not, and its nodes
carry no positions. This module walks the token list once, mirrors the builder's structure
(``mwparserfromhell/parser/builder.py``) and records the exact ``[start, end)`` offsets of every
node and of every part of it, by adding up each token's width in the source text exactly as the
node types' ``__str__`` lay it out.

The walk is iterative (an explicit stack), so deep nesting cannot raise ``RecursionError`` here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from operator import attrgetter
from sys import intern
from typing import Any

from mwparserfromhell.parser import tokens as T

__all__ = [
    "Node",
    "Text",
    "Template",
    "Parameter",
    "Argument",
    "Wikilink",
    "ExternalLink",
    "Entity",
    "Heading",
    "Comment",
    "Tag",
    "Attribute",
    "build",
    "build_chunks",
    "TreeError",
]


class TreeError(Exception):
    """The token stream did not have the shape the builder expects."""


def _pack(items: Any) -> Any:
    """What a finished child sequence is stored as: ``()`` when empty, the item itself when it
    is the only one (no one-element tuple: a page of 200,000 refs would hold a million of them),
    else a tuple."""
    n = len(items)
    if n == 0:
        return ()
    if n == 1:
        return items[0]
    return items if type(items) is tuple else tuple(items)


def _children(slot: str, doc: str) -> property:
    """A read-only child sequence kept in *slot* (see :func:`_pack`); reading it always gives
    a sequence (a tuple once the node is built)."""
    get = attrgetter(slot)

    def fget(self: Any) -> Any:
        v = get(self)
        return v if type(v) is tuple or type(v) is list else (v,)

    def fset(self: Any, value: Any) -> None:
        setattr(self, slot, value if type(value) is list else _pack(value))

    return property(fget, fset, doc=doc)


class Node:
    """Base class. ``start``/``end`` are offsets into the document text; ``parent`` is the
    enclosing node (``None`` at top level)."""

    __slots__ = ("start", "end", "parent")
    kind = "node"

    def __init__(self, start: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent: Node | None = parent

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def children(self) -> Iterator[Node]:  # pragma: no cover - overridden
        return iter(())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.start}:{self.end}>"


class Text(Node):
    __slots__ = ()
    kind = "text"

    def __init__(self, start: int, end: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = end
        self.parent = parent


class Entity(Node):
    """``&amp;``, ``&#123;``, ``&#x7B;``."""

    __slots__ = ("value", "named", "hexadecimal")
    kind = "entity"

    def __init__(self, start: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.value = ""
        self.named = True
        self.hexadecimal = False


class Comment(Node):
    """``<!-- ... -->``; ``content`` is the span between the delimiters."""

    __slots__ = ("content_start", "content_end", "_nodes")
    kind = "comment"

    def __init__(self, start: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.content_start = start + 4
        self.content_end = start + 4
        self._nodes: Any = []

    nodes = _children("_nodes", "The child nodes, in order.")

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class Heading(Node):
    __slots__ = ("level", "title_start", "title_end", "_nodes")
    kind = "heading"

    def __init__(self, start: int, level: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.level = level
        self.title_start = start + level
        self.title_end = start + level
        self._nodes: Any = []

    nodes = _children("_nodes", "The child nodes, in order.")

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class Parameter:
    """One ``|key=value`` or ``|value`` of a template.

    ``start`` is the offset just after the ``|``; ``end`` the end of the value.
    ``key_start``/``key_end`` is ``None`` for positional parameters, whose ``name`` is their
    1-based index as a string.
    """

    __slots__ = (
        "start",
        "end",
        "key_start",
        "key_end",
        "value_start",
        "value_end",
        "showkey",
        "name",
        "_key_nodes",
        "_value_nodes",
        "template",
        "_key",
    )

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start
        self.key_start: int | None = None
        self.key_end: int | None = None
        self.value_start = start
        self.value_end = start
        self.showkey = False
        self.name = ""
        self._key_nodes: Any = []
        self._value_nodes: Any = []
        self.template: Template | None = None
        self._key: str | None = None  # Document.param_key's cache

    key_nodes = _children("_key_nodes", "The nodes of the key (empty for a positional parameter).")
    value_nodes = _children("_value_nodes", "The nodes of the value.")

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def __repr__(self) -> str:
        return f"<Parameter {self.name!r} {self.start}:{self.end}>"


class Template(Node):
    """``{{name|params}}``, including parser functions such as ``{{#tag:ref|…}}``."""

    __slots__ = ("name_start", "name_end", "_name_nodes", "_params", "_name")
    kind = "template"

    def __init__(self, start: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.name_start = start + 2
        self.name_end = start + 2
        self._name_nodes: Any = []
        self._params: Any = []
        self._name: str | None = None  # Document.template_name's cache

    name_nodes = _children("_name_nodes", "The nodes of the name.")
    params = _children("_params", "The parameters (:class:`Parameter`), in order.")

    def children(self) -> Iterator[Node]:
        yield from self.name_nodes
        for p in self.params:
            yield from p.key_nodes
            yield from p.value_nodes


class Argument(Node):
    """``{{{name|default}}}``."""

    __slots__ = ("name_start", "name_end", "default_start", "default_end", "_nodes")
    kind = "argument"

    def __init__(self, start: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.name_start = start + 3
        self.name_end = start + 3
        self.default_start: int | None = None
        self.default_end: int | None = None
        self._nodes: Any = []

    nodes = _children("_nodes", "The child nodes, in order.")

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class Wikilink(Node):
    """``[[title|text]]``; ``text_start`` is ``None`` when there is no ``|``."""

    __slots__ = ("title_start", "title_end", "text_start", "text_end", "_nodes")
    kind = "wikilink"

    def __init__(self, start: int, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.title_start = start + 2
        self.title_end = start + 2
        self.text_start: int | None = None
        self.text_end: int | None = None
        self._nodes: Any = []

    nodes = _children("_nodes", "The child nodes, in order.")

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class ExternalLink(Node):
    """``[url title]`` or a bare ``http://…`` URL (``brackets`` False)."""

    __slots__ = ("brackets", "url_start", "url_end", "title_start", "title_end", "_nodes")
    kind = "external_link"

    def __init__(self, start: int, brackets: bool, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.brackets = brackets
        self.url_start = start + (1 if brackets else 0)
        self.url_end = self.url_start
        self.title_start: int | None = None
        self.title_end: int | None = None
        self._nodes: Any = []

    nodes = _children("_nodes", "The child nodes, in order.")

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class Attribute:
    """A tag attribute. ``value_start`` is ``None`` for a value-less attribute; for a quoted
    value the span excludes the quotes (``quote`` holds the quote character)."""

    __slots__ = (
        "start",
        "end",
        "name_start",
        "name_end",
        "value_start",
        "value_end",
        "quote",
        "_name_nodes",
        "_value_nodes",
        "pad_eq",
        "pad_before",
    )

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start
        self.name_start = start
        self.name_end = start
        self.value_start: int | None = None
        self.value_end: int | None = None
        self.quote: str | None = None
        self._name_nodes: Any = []
        self._value_nodes: Any = []
        self.pad_eq = 1  # width of ``pad_before_eq + "=" + pad_after_eq``
        self.pad_before = 0  # width of ``pad_before_eq`` (present even without a value)

    name_nodes = _children("_name_nodes", "The nodes of the name.")
    value_nodes = _children("_value_nodes", "The nodes of the value (empty without a value).")

    def __repr__(self) -> str:
        return f"<Attribute {self.start}:{self.end}>"


class Tag(Node):
    """An HTML or extension tag (``<ref …>…</ref>``) or wiki-markup tag (tables, lists, hr).

    ``name`` is the lowercased, stripped tag name as text (``""`` for wiki markup whose name is
    synthesised). ``contents_start`` is ``None`` for self-closing tags.

    Once built, ``attrs``, ``nodes``, ``tag_nodes`` and each attribute's ``name_nodes`` and
    ``value_nodes`` are tuples (read-only sequences). The same holds for every node's child
    lists (``nodes``; a template's ``name_nodes`` and ``params``, a parameter's ``key_nodes``
    and ``value_nodes``). A node stores a sequence of one item as the item itself and makes the
    tuple when it is read: a page of 200,000 refs would otherwise hold a million one-item
    tuples.
    """

    __slots__ = (
        "name",
        "tag_start",
        "tag_end",
        "_attrs",
        "self_closing",
        "implicit",
        "invalid",
        "wiki_markup",
        "contents_start",
        "contents_end",
        "close_start",
        "_nodes",
        "_tag_nodes",
    )
    kind = "tag"

    def __init__(self, start: int, wiki_markup: str | None, invalid: bool, parent: Node | None = None) -> None:
        self.start = start
        self.end = start
        self.parent = parent
        self.name = ""
        self.wiki_markup = wiki_markup
        self.invalid = invalid
        self.tag_start = start + (len(wiki_markup) if wiki_markup else (2 if invalid else 1))
        self.tag_end = self.tag_start
        self._attrs: Any = []
        self.self_closing = False
        self.implicit = False
        self.contents_start: int | None = None
        self.contents_end: int | None = None
        self.close_start: int | None = None
        self._nodes: Any = []  # contents
        self._tag_nodes: Any = []  # nodes in the tag name and attributes

    attrs = _children("_attrs", "The attributes (:class:`Attribute`), in order.")
    nodes = _children("_nodes", "The contents' nodes.")
    tag_nodes = _children("_tag_nodes", "The nodes of the tag name (the attributes' are in each attribute).")

    def children(self) -> Iterator[Node]:
        yield from self.tag_nodes
        for a in self.attrs:
            yield from a.name_nodes
            yield from a.value_nodes
        yield from self.nodes

    @property
    def opener_end(self) -> int:
        """End of the opening tag (``<ref name=x>``), or of the whole tag if self-closing."""
        return self.end if self.contents_start is None else self.contents_start


# ---------------------------------------------------------------------------------------------
# Builder


# Token type -> small integer, for a fast dispatch in the hot loop.
(
    _TEXT, _TPL_OPEN, _TPL_SEP, _TPL_EQ, _TPL_CLOSE, _ARG_OPEN, _ARG_SEP, _ARG_CLOSE,
    _WL_OPEN, _WL_SEP, _WL_CLOSE, _EL_OPEN, _EL_SEP, _EL_CLOSE, _ENT_START, _HEAD_START,
    _HEAD_END, _COM_START, _COM_END, _TAG_OPEN, _ATTR_START, _ATTR_EQ, _ATTR_QUOTE,
    _TAG_CLOSE_OPEN, _TAG_SELFCLOSE, _TAG_OPEN_CLOSE, _TAG_CLOSE_CLOSE,
) = range(27)
_DISPATCH = {
    T.Text: _TEXT,
    T.TemplateOpen: _TPL_OPEN,
    T.TemplateParamSeparator: _TPL_SEP,
    T.TemplateParamEquals: _TPL_EQ,
    T.TemplateClose: _TPL_CLOSE,
    T.ArgumentOpen: _ARG_OPEN,
    T.ArgumentSeparator: _ARG_SEP,
    T.ArgumentClose: _ARG_CLOSE,
    T.WikilinkOpen: _WL_OPEN,
    T.WikilinkSeparator: _WL_SEP,
    T.WikilinkClose: _WL_CLOSE,
    T.ExternalLinkOpen: _EL_OPEN,
    T.ExternalLinkSeparator: _EL_SEP,
    T.ExternalLinkClose: _EL_CLOSE,
    T.HTMLEntityStart: _ENT_START,
    T.HeadingStart: _HEAD_START,
    T.HeadingEnd: _HEAD_END,
    T.CommentStart: _COM_START,
    T.CommentEnd: _COM_END,
    T.TagOpenOpen: _TAG_OPEN,
    T.TagAttrStart: _ATTR_START,
    T.TagAttrEquals: _ATTR_EQ,
    T.TagAttrQuote: _ATTR_QUOTE,
    T.TagCloseOpen: _TAG_CLOSE_OPEN,
    T.TagCloseSelfclose: _TAG_SELFCLOSE,
    T.TagOpenClose: _TAG_OPEN_CLOSE,
    T.TagCloseClose: _TAG_CLOSE_CLOSE,
}


# What a token without fields reads as (the light tokenizer gives such a token as its class).
_NO_FIELDS: dict = {}

KINDS = ("template", "tag", "wikilink", "external_link", "heading", "comment", "text", "entity", "argument")


def build(toks: list, text: str, consume: bool = False) -> tuple[list[Node], list[Node], dict[str, list[Node]]]:
    """Build the tree (see :func:`_build`), with the cyclic garbage collector paused: the
    builder allocates many small objects and none of them is garbage while it runs.

    Returns ``(top_level_nodes, all_nodes_in_document_order, index)`` where *index* maps each
    of :data:`KINDS` to the nodes of that kind, in document order (filled as nodes are made).

    With *consume*, the builder frees the tokens as it reads them (each right after use, while
    it is still in the CPU's cache, instead of in one later pass over cold memory) and leaves
    *toks* empty: for a caller that drops the list afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        index: dict[str, list[Node]] = {k: [] for k in KINDS}
        top, everything = _build(toks, text, index, 0, None, consume)
        return top, everything, index
    finally:
        if enabled:
            gc.enable()


def build_chunks(
    chunks: Iterable[tuple[list, int, int]], text: str, consume: bool = False
) -> tuple[list[Node], list[Node], dict[str, list[Node]]]:
    """Build one tree from the token lists of consecutive pieces of *text*.

    Each chunk is ``(tokens, start, end)``: the tokens of ``text[start:end]`` tokenized on its
    own, where the piece boundaries are places at which tokenizing the whole text would have had
    nothing open (see ``Document``). Chunks are consumed one at a time, so only one chunk's
    tokens need to exist at once. Two top-level Text nodes that meet at a boundary are merged,
    as the tokenizer would have emitted a single Text token there. *consume*: as for
    :func:`build`, each chunk's token list is emptied as it is read.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        top: list[Node] = []
        everything: list[Node] = []
        index: dict[str, list[Node]] = {k: [] for k in KINDS}
        for toks, start, end in chunks:
            part_index: dict[str, list[Node]] = {k: [] for k in KINDS}
            part_top, part_all = _build(toks, text, part_index, start, end, consume)
            del toks
            if (
                top
                and part_top
                and type(top[-1]) is Text
                and type(part_top[0]) is Text
                and top[-1].end == part_top[0].start
            ):
                top[-1].end = part_top[0].end
                part_top = part_top[1:]
                part_all = part_all[1:]
                part_index["text"] = part_index["text"][1:]
            top.extend(part_top)
            everything.extend(part_all)
            for kind, nodes in part_index.items():
                index[kind].extend(nodes)
        return top, everything, index
    finally:
        if enabled:
            gc.enable()


def _build(
    toks: list,
    text: str,
    index: dict[str, list[Node]],
    start: int = 0,
    stop: int | None = None,
    consume: bool = False,
) -> tuple[list[Node], list[Node]]:
    """Build the tree. Returns ``(top_level_nodes, all_nodes_in_document_order)`` and fills
    *index* (kind -> nodes of that kind, in document order).

    ``text`` is the source the tokens came from (used to read tag names). Raises
    :class:`TreeError` if the tokens do not have the builder's shape or do not add up to the
    text. The tokens come from mwparserfromhell's tokenizer (every token an instance of its
    class, text in ``Text(text=...)``) or from wikilint's light tokenizer (csrc/lighttok: a text
    run is the ``str``, a token without fields is its class); both are read. Fields are read with
    ``tok["key"]`` and ``"key" in tok`` (tokens are dicts; attribute access and ``tok.get`` go
    through the token class's ``__getattr__`` hook and are slow).
    """
    pos = start
    top: list[Node] = []
    everything: list[Node] = []
    append_all = everything.append
    # Each frame: [owner, list that receives child nodes]. Frame 0 is the page.
    stack: list[list] = [[None, top]]
    cur_list = top
    owner: object = None
    parent: Node | None = None  # the Node new children hang from (a Parameter's template)
    tag_attr: list[Attribute | None] = []  # current attribute of each open tag
    tag_phase: list[int] = []  # 0 = name/attributes, 1 = contents, 2 = closing tag
    skip_text = False  # inside a wiki-markup tag's (synthesised) name
    dispatch = _DISPATCH
    n_tokens = len(toks)
    text_token = T.Text
    no_fields = _NO_FIELDS
    add_text = index["text"].append
    add_template = index["template"].append
    add_tag = index["tag"].append
    add_wikilink = index["wikilink"].append
    add_other = index  # rarer kinds: index[node.kind].append(node)
    i = 0
    try:
        while i < n_tokens:
            tok = toks[i]
            if consume:
                toks[i] = None  # the token goes when ``tok`` moves on (see build)
            i += 1
            kind = type(tok)
            if kind is str or kind is text_token:  # about half of all tokens
                s = tok if kind is str else tok["text"]
                if skip_text:
                    if tag_phase[-1] == 0:
                        owner.name = s.strip().lower()  # type: ignore[union-attr]
                    continue
                # (Text.__new__ and three stores: faster than Text(...) in CPython and compiled)
                txt = Text.__new__(Text)
                txt.start = pos
                pos += len(s)
                txt.end = pos
                txt.parent = parent
                cur_list.append(txt)
                append_all(txt)
                add_text(txt)
                continue
            if kind is type:  # the light tokenizer's token without fields: its class
                op = dispatch[tok]
                tok = no_fields
            else:
                op = dispatch[kind]
            if op == _WL_OPEN:
                wl = Wikilink(pos, parent)
                cur_list.append(wl)
                append_all(wl)
                add_wikilink(wl)
                pos += 2
                owner = parent = wl
                cur_list = wl._nodes
                stack.append([owner, cur_list])
                continue
            if op == _WL_CLOSE:
                wl = owner
                if wl.text_start is None:
                    wl.title_end = pos
                else:
                    wl.text_end = pos
                pos += 2
                wl.end = pos
                n = wl._nodes
                wl._nodes = n[0] if len(n) == 1 else tuple(n)
                stack.pop()
                owner, cur_list = stack[-1]
                parent = owner.template if type(owner) is Parameter else owner
                if tag_phase:
                    skip_text = _skip(owner, tag_phase, tag_attr)
                continue
            if op == _WL_SEP:
                wl = owner
                wl.title_end = pos
                pos += 1
                wl.text_start = pos
                continue
            if op == _TPL_SEP:
                if type(owner) is Parameter:
                    param = owner
                    _end_param(param, pos)
                    stack.pop()
                    tpl = param.template
                elif type(owner) is Template:
                    tpl = owner
                    tpl.name_end = pos
                else:
                    raise TreeError("parameter separator outside a template")
                pos += 1
                param = Parameter(pos)
                param.template = tpl
                tpl._params.append(param)
                owner = param
                cur_list = param._value_nodes
                stack.append([owner, cur_list])
                continue
            if op == _TPL_EQ:
                if type(owner) is not Parameter:
                    raise TreeError("unexpected '=' token")
                param = owner
                if param.showkey:
                    raise TreeError("unexpected '=' token")
                param.showkey = True
                param.key_start = param.start
                param.key_end = pos
                param._key_nodes = param._value_nodes
                cur_list = param._value_nodes = []
                pos += 1
                param.value_start = pos
                stack[-1][1] = cur_list
                continue
            if op == _TPL_OPEN:
                tpl = Template(pos, parent)
                cur_list.append(tpl)
                append_all(tpl)
                add_template(tpl)
                pos += 2
                owner = parent = tpl
                cur_list = tpl._name_nodes
                stack.append([owner, cur_list])
                continue
            if op == _TPL_CLOSE:
                if type(owner) is Parameter:
                    _end_param(owner, pos)
                    stack.pop()
                    owner = stack[-1][0]
                if type(owner) is not Template:
                    raise TreeError("unexpected '}}' token")
                tpl = owner
                if not tpl._params:
                    tpl.name_end = pos
                _number_params(tpl)
                _freeze_template(tpl)
                pos += 2
                tpl.end = pos
                stack.pop()
                owner, cur_list = stack[-1]
                parent = owner.template if type(owner) is Parameter else owner
                if tag_phase:
                    skip_text = _skip(owner, tag_phase, tag_attr)
                continue
            if op == _TAG_OPEN:
                wiki_markup = tok["wiki_markup"] if "wiki_markup" in tok else None  # noqa: SIM401 - tok.get is slow
                tag = Tag(pos, wiki_markup, "invalid" in tok and bool(tok["invalid"]), parent)
                cur_list.append(tag)
                append_all(tag)
                add_tag(tag)
                pos = tag.tag_start
                owner = parent = tag
                cur_list = tag._tag_nodes
                tag_attr.append(None)
                tag_phase.append(0)
                stack.append([owner, cur_list])
                skip_text = bool(tag.wiki_markup)
                continue
            if op == _ATTR_START:
                if type(owner) is not Tag:
                    raise TreeError("attribute outside a tag")
                tag = owner
                if tag_attr[-1] is None and not tag._attrs:
                    tag.tag_end = pos
                pos = _end_attr(tag_attr, pos)
                attr = Attribute(pos)
                pos += len(tok["pad_first"])
                attr.name_start = pos
                attr.pad_before = len(tok["pad_before_eq"])
                attr.pad_eq = attr.pad_before + 1 + len(tok["pad_after_eq"])
                tag._attrs.append(attr)
                tag_attr[-1] = attr
                cur_list = attr._name_nodes
                stack[-1][1] = cur_list
                skip_text = False
                continue
            if op == _ATTR_EQ:
                attr = tag_attr[-1]
                attr.name_end = pos
                pos += attr.pad_eq
                attr.value_start = pos
                cur_list = attr._value_nodes
                stack[-1][1] = cur_list
                continue
            if op == _ATTR_QUOTE:
                attr = tag_attr[-1]
                attr.quote = tok["char"]
                pos += 1
                attr.value_start = pos
                continue
            if op == _TAG_CLOSE_OPEN:
                tag = owner
                if tag_attr[-1] is None and not tag._attrs:
                    tag.tag_end = pos
                pos = _end_attr(tag_attr, pos)
                padding = tok["padding"] if "padding" in tok else None  # noqa: SIM401 - tok.get is slow (see _build)
                if padding:
                    pos += len(padding)
                if tag.wiki_markup:
                    pos += len(tok["wiki_markup"] or "" if "wiki_markup" in tok else "")
                else:
                    pos += 1
                tag.contents_start = pos
                tag_phase[-1] = 1
                cur_list = tag._nodes
                stack[-1][1] = cur_list
                skip_text = False
                continue
            if op == _TAG_OPEN_CLOSE:
                tag = owner
                tag.contents_end = pos
                tag.close_start = pos
                tag_phase[-1] = 2
                cur_list = []  # the closing tag's name is not kept as nodes
                stack[-1][1] = cur_list
                if tag.wiki_markup:
                    pos += len(tok["wiki_markup"] or "" if "wiki_markup" in tok else "")
                    skip_text = True
                else:
                    pos += 2
                    # The closing tag name arrives as Text tokens: count their width.
                    while i < n_tokens:
                        nxt = toks[i]
                        if type(nxt) is str:
                            pos += len(nxt)
                        elif type(nxt) is text_token:
                            pos += len(nxt["text"])
                        else:
                            break
                        i += 1
                continue
            if op == _TAG_CLOSE_CLOSE or op == _TAG_SELFCLOSE:
                tag = owner
                if op == _TAG_SELFCLOSE:
                    if tag_attr[-1] is None and not tag._attrs:
                        tag.tag_end = pos
                    pos = _end_attr(tag_attr, pos)
                    padding = tok["padding"] if "padding" in tok else None  # noqa: SIM401 - tok.get is slow (see _build)
                    if padding:
                        pos += len(padding)
                    tag.self_closing = True
                    tag.implicit = ("implicit" in tok and bool(tok["implicit"]))
                    if not tag.wiki_markup:
                        pos += 1 if tag.implicit else 2
                elif not tag.wiki_markup:
                    pos += 1
                tag.end = pos
                if not tag.wiki_markup:
                    tag.name = intern(text[tag.tag_start : tag.tag_end].strip().lower())
                # The tag is complete: its child lists become tuples (no spare capacity; an
                # empty one is the shared empty tuple).
                # (stored as _pack() would: no one-item tuples, inlined for speed)
                n = tag._nodes
                tag._nodes = n[0] if len(n) == 1 else tuple(n)
                n = tag._tag_nodes
                tag._tag_nodes = n[0] if len(n) == 1 else tuple(n)
                attrs = tag._attrs
                if attrs:
                    for attr in attrs:
                        n = attr._name_nodes
                        attr._name_nodes = n[0] if len(n) == 1 else tuple(n)
                        n = attr._value_nodes
                        attr._value_nodes = n[0] if len(n) == 1 else tuple(n)
                    tag._attrs = attrs[0] if len(attrs) == 1 else tuple(attrs)
                else:
                    tag._attrs = ()
                tag_attr.pop()
                tag_phase.pop()
                stack.pop()
                owner, cur_list = stack[-1]
                parent = owner.template if type(owner) is Parameter else owner
                skip_text = _skip(owner, tag_phase, tag_attr) if tag_phase else False
                continue
            if op == _EL_OPEN:
                el = ExternalLink(pos, ("brackets" in tok and bool(tok["brackets"])), parent)
                cur_list.append(el)
                append_all(el)
                add_other["external_link"].append(el)
                pos = el.url_start
                owner = parent = el
                cur_list = el._nodes
                stack.append([owner, cur_list])
                continue
            if op == _EL_SEP:
                el = owner
                el.url_end = pos
                pos += 0 if "suppress_space" in tok and tok["suppress_space"] else 1  # noqa: RUF019 - tok.get is slow
                el.title_start = pos
                continue
            if op == _EL_CLOSE:
                el = owner
                if el.title_start is None:
                    el.url_end = pos
                else:
                    el.title_end = pos
                pos += 1 if el.brackets else 0
                el.end = pos
                n = el._nodes
                el._nodes = n[0] if len(n) == 1 else tuple(n)
                stack.pop()
                owner, cur_list = stack[-1]
                parent = owner.template if type(owner) is Parameter else owner
                if tag_phase:
                    skip_text = _skip(owner, tag_phase, tag_attr)
                continue
            if op == _ENT_START:
                node = Entity(pos, parent)
                pos += 1
                nxt = toks[i]
                i += 1
                if nxt is T.HTMLEntityNumeric or type(nxt) is T.HTMLEntityNumeric:
                    node.named = False
                    pos += 1
                    nxt = toks[i]
                    i += 1
                    if type(nxt) is T.HTMLEntityHex:
                        node.hexadecimal = True
                        pos += len(nxt["char"])
                        nxt = toks[i]
                        i += 1
                node.value = nxt if type(nxt) is str else nxt["text"]
                pos += len(node.value)
                i += 1  # HTMLEntityEnd
                pos += 1
                node.end = pos
                cur_list.append(node)
                append_all(node)
                add_other["entity"].append(node)
                continue
            if op == _COM_START or op == _HEAD_START or op == _ARG_OPEN:
                if op == _COM_START:
                    node = Comment(pos, parent)
                    pos += 4
                elif op == _HEAD_START:
                    node = Heading(pos, tok["level"], parent)
                    pos += tok["level"]
                else:
                    node = Argument(pos, parent)
                    pos += 3
                cur_list.append(node)
                append_all(node)
                add_other[node.kind].append(node)
                owner = parent = node
                cur_list = node._nodes
                stack.append([owner, cur_list])
                continue
            if op == _COM_END or op == _HEAD_END or op == _ARG_CLOSE:
                if op == _COM_END:
                    owner.content_end = pos
                    pos += 3
                elif op == _HEAD_END:
                    owner.title_end = pos
                    pos += owner.level
                else:
                    if owner.default_start is None:
                        owner.name_end = pos
                    else:
                        owner.default_end = pos
                    pos += 3
                owner.end = pos
                n = owner._nodes
                owner._nodes = n[0] if len(n) == 1 else tuple(n)
                stack.pop()
                owner, cur_list = stack[-1]
                parent = owner.template if type(owner) is Parameter else owner
                if tag_phase:
                    skip_text = _skip(owner, tag_phase, tag_attr)
                continue
            if op == _ARG_SEP:
                owner.name_end = pos
                pos += 1
                owner.default_start = pos
                continue
            raise TreeError(f"unexpected token {type(tok).__name__}")  # pragma: no cover
    except (AttributeError, IndexError, KeyError, TypeError) as exc:
        raise TreeError(f"malformed token stream near token {i}: {type(exc).__name__}: {exc}") from None
    if consume:
        del toks[:]  # the few tokens the inner loops (entities, closing tag names) stepped over

    if len(stack) != 1:
        raise TreeError("unbalanced token stream")
    stop = len(text) if stop is None else stop
    if pos != stop:
        raise TreeError(f"token widths add up to {pos - start}, text has {stop - start} characters")
    return top, everything


def unlink(
    wikilinks: list,
    templates: list,
    tags: list,
    external_links: list,
    headings: list,
    comments: list,
    arguments: list,
) -> None:
    """Break a tree's reference cycles from above (see ``Document.release``): every node that
    holds others lets go of its child lists, parameters and attributes, so that only upward
    links (``parent``, ``template``) remain and reference counting frees the tree. Text and
    Entity nodes, most of the tree, hold no others. Compiled, each store is a C field write."""
    for wl in wikilinks:
        wl._nodes = None
    for tpl in templates:
        tpl._params = None  # a parameter's nodes and its ``template`` go with it
        tpl._name_nodes = None
    for tag in tags:
        tag._nodes = None
        tag._attrs = None  # an attribute's nodes go with it
        tag._tag_nodes = None
    for el in external_links:
        el._nodes = None
    for heading in headings:
        heading._nodes = None
    for comment in comments:
        comment._nodes = None
    for arg in arguments:
        arg._nodes = None


def _skip(owner: object, tag_phase: list[int], tag_attr: list) -> bool:
    """Whether Text tokens now belong to a wiki-markup tag's synthesised name."""
    return (
        type(owner) is Tag
        and bool(owner.wiki_markup)
        and tag_phase[-1] != 1
        and tag_attr[-1] is None
    )




def _end_param(param: Parameter, pos: int) -> None:
    param.end = pos
    param.value_end = pos
    if not param.showkey:
        param.value_start = param.start


def _freeze_template(tpl: Template) -> None:
    """A complete template keeps its parameters and child lists as tuples (see ``Tag``)."""
    n = tpl._name_nodes
    tpl._name_nodes = n[0] if len(n) == 1 else tuple(n)
    params = tpl._params
    if params:
        for p in params:
            n = p._key_nodes
            p._key_nodes = n[0] if len(n) == 1 else tuple(n)
            n = p._value_nodes
            p._value_nodes = n[0] if len(n) == 1 else tuple(n)
        tpl._params = params[0] if len(params) == 1 else tuple(params)
    else:
        tpl._params = ()


def _number_params(tpl: Template) -> None:
    index = 1
    for p in tpl._params:
        if p.showkey:
            continue
        p.name = str(index)
        index += 1


def _end_attr(tag_attr: list, pos: int) -> int:
    """Close the tag's current attribute (if any) at *pos*; return the position after it."""
    attr = tag_attr[-1]
    if attr is None:
        return pos
    if attr.value_start is None:
        attr.name_end = pos
        pos += attr.pad_before
    else:
        attr.value_end = pos
        if attr.quote:
            pos += 1
    attr.end = pos
    tag_attr[-1] = None
    return pos

