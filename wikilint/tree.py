"""A span-carrying node tree built straight from mwparserfromhell's token stream.

mwparserfromhell's C tokenizer is fast; its pure-Python tree builder is not, and its nodes
carry no positions. This module walks the token list once, mirrors the builder's structure
(``mwparserfromhell/parser/builder.py``) and records the exact ``[start, end)`` offsets of every
node and of every part of it, by adding up each token's width in the source text exactly as the
node types' ``__str__`` lay it out.

The walk is iterative (an explicit stack), so deep nesting cannot raise ``RecursionError`` here.
"""

from __future__ import annotations

from collections.abc import Iterator

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
    "TreeError",
]


class TreeError(Exception):
    """The token stream did not have the shape the builder expects."""


class Node:
    """Base class. ``start``/``end`` are offsets into the document text; ``parent`` is the
    enclosing node (``None`` at top level)."""

    __slots__ = ("start", "end", "parent")
    kind = "node"

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start
        self.parent: Node | None = None

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


class Entity(Node):
    """``&amp;``, ``&#123;``, ``&#x7B;``."""

    __slots__ = ("value", "named", "hexadecimal")
    kind = "entity"

    def __init__(self, start: int) -> None:
        super().__init__(start)
        self.value = ""
        self.named = True
        self.hexadecimal = False


class Comment(Node):
    """``<!-- ... -->``; ``content`` is the span between the delimiters."""

    __slots__ = ("content_start", "content_end", "nodes")
    kind = "comment"

    def __init__(self, start: int) -> None:
        super().__init__(start)
        self.content_start = start + 4
        self.content_end = start + 4
        self.nodes: list[Node] = []

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class Heading(Node):
    __slots__ = ("level", "title_start", "title_end", "nodes")
    kind = "heading"

    def __init__(self, start: int, level: int) -> None:
        super().__init__(start)
        self.level = level
        self.title_start = start + level
        self.title_end = start + level
        self.nodes: list[Node] = []

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
        "key_nodes",
        "value_nodes",
        "template",
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
        self.key_nodes: list[Node] = []
        self.value_nodes: list[Node] = []
        self.template: Template | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def __repr__(self) -> str:
        return f"<Parameter {self.name!r} {self.start}:{self.end}>"


class Template(Node):
    """``{{name|params}}``, including parser functions such as ``{{#tag:ref|…}}``."""

    __slots__ = ("name_start", "name_end", "name_nodes", "params")
    kind = "template"

    def __init__(self, start: int) -> None:
        super().__init__(start)
        self.name_start = start + 2
        self.name_end = start + 2
        self.name_nodes: list[Node] = []
        self.params: list[Parameter] = []

    def children(self) -> Iterator[Node]:
        yield from self.name_nodes
        for p in self.params:
            yield from p.key_nodes
            yield from p.value_nodes


class Argument(Node):
    """``{{{name|default}}}``."""

    __slots__ = ("name_start", "name_end", "default_start", "default_end", "nodes")
    kind = "argument"

    def __init__(self, start: int) -> None:
        super().__init__(start)
        self.name_start = start + 3
        self.name_end = start + 3
        self.default_start: int | None = None
        self.default_end: int | None = None
        self.nodes: list[Node] = []

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class Wikilink(Node):
    """``[[title|text]]``; ``text_start`` is ``None`` when there is no ``|``."""

    __slots__ = ("title_start", "title_end", "text_start", "text_end", "nodes")
    kind = "wikilink"

    def __init__(self, start: int) -> None:
        super().__init__(start)
        self.title_start = start + 2
        self.title_end = start + 2
        self.text_start: int | None = None
        self.text_end: int | None = None
        self.nodes: list[Node] = []

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)


class ExternalLink(Node):
    """``[url title]`` or a bare ``http://…`` URL (``brackets`` False)."""

    __slots__ = ("brackets", "url_start", "url_end", "title_start", "title_end", "nodes")
    kind = "external_link"

    def __init__(self, start: int, brackets: bool) -> None:
        super().__init__(start)
        self.brackets = brackets
        self.url_start = start + (1 if brackets else 0)
        self.url_end = self.url_start
        self.title_start: int | None = None
        self.title_end: int | None = None
        self.nodes: list[Node] = []

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
        "name_nodes",
        "value_nodes",
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
        self.name_nodes: list[Node] = []
        self.value_nodes: list[Node] = []
        self.pad_eq = 1  # width of ``pad_before_eq + "=" + pad_after_eq``
        self.pad_before = 0  # width of ``pad_before_eq`` (present even without a value)

    def __repr__(self) -> str:
        return f"<Attribute {self.start}:{self.end}>"


class Tag(Node):
    """An HTML or extension tag (``<ref …>…</ref>``) or wiki-markup tag (tables, lists, hr).

    ``name`` is the lowercased, stripped tag name as text (``""`` for wiki markup whose name is
    synthesised). ``contents_start`` is ``None`` for self-closing tags.
    """

    __slots__ = (
        "name",
        "tag_start",
        "tag_end",
        "attrs",
        "self_closing",
        "implicit",
        "invalid",
        "wiki_markup",
        "contents_start",
        "contents_end",
        "close_start",
        "nodes",
        "tag_nodes",
    )
    kind = "tag"

    def __init__(self, start: int, wiki_markup: str | None, invalid: bool) -> None:
        super().__init__(start)
        self.name = ""
        self.wiki_markup = wiki_markup
        self.invalid = invalid
        self.tag_start = start + (len(wiki_markup) if wiki_markup else (2 if invalid else 1))
        self.tag_end = self.tag_start
        self.attrs: list[Attribute] = []
        self.self_closing = False
        self.implicit = False
        self.contents_start: int | None = None
        self.contents_end: int | None = None
        self.close_start: int | None = None
        self.nodes: list[Node] = []  # contents
        self.tag_nodes: list[Node] = []  # nodes in the tag name and attributes

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


def build(toks: list, text: str) -> tuple[list[Node], list[Node]]:
    """Build the tree. Returns ``(top_level_nodes, all_nodes_in_document_order)``.

    ``text`` is the source the tokens came from; it is used to read tag names and attribute
    names/values' exact text. Raises :class:`TreeError` if the tokens do not add up to the text.
    """
    pos = 0
    top: list[Node] = []
    everything: list[Node] = []
    # Stack frames: (node_or_part, target_list_setter). We keep a stack of "containers":
    # each frame is [owner, list_to_append_children_to].
    stack: list[list] = [[None, top]]
    cur_list = top
    owner: object = None
    # Extra per-frame state for tags and external links is kept on the objects themselves.
    tag_attr: list[Attribute | None] = []  # parallel stack of current attribute per open tag
    tag_phase: list[int] = []  # 0 = in tag name/attrs, 1 = in contents, 2 = in closing tag

    Text_, TO, TPS, TPE, TC = T.Text, T.TemplateOpen, T.TemplateParamSeparator, T.TemplateParamEquals, T.TemplateClose
    n_tokens = len(toks)
    i = 0
    while i < n_tokens:
        tok = toks[i]
        i += 1
        tt = type(tok)
        if tt is Text_:
            width = len(tok.text)
            if isinstance(owner, Tag) and owner.wiki_markup and tag_phase[-1] != 1 and tag_attr[-1] is None:
                # Tag name (or closing tag name) of wiki-markup tags is not in the source.
                if tag_phase[-1] == 0:
                    owner.name = tok.text.strip().lower()
                continue
            node = Text(pos)
            pos += width
            node.end = pos
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            continue

        if tt is TO:
            node = Template(pos)
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            pos += 2
            node.name_start = pos
            owner = node
            cur_list = node.name_nodes
            stack.append([owner, cur_list])
            continue
        if tt is TPS:
            tpl = owner if isinstance(owner, Template) else (owner.template if isinstance(owner, Parameter) else None)
            if tpl is None:
                raise TreeError("parameter separator outside a template")
            if isinstance(owner, Parameter):
                _end_param(owner, pos)
                stack.pop()
            else:
                tpl.name_end = pos
            pos += 1
            param = Parameter(pos)
            param.template = tpl
            tpl.params.append(param)
            owner = param
            cur_list = param.value_nodes
            stack.append([owner, cur_list])
            continue
        if tt is TPE:
            if not isinstance(owner, Parameter) or owner.showkey:
                raise TreeError("unexpected '=' token")
            owner.showkey = True
            owner.key_start = owner.start
            owner.key_end = pos
            owner.key_nodes = owner.value_nodes
            owner.value_nodes = []
            pos += 1
            owner.value_start = pos
            cur_list = owner.value_nodes
            stack[-1][1] = cur_list
            continue
        if tt is TC:
            if isinstance(owner, Parameter):
                _end_param(owner, pos)
                stack.pop()
                owner = stack[-1][0]
            if not isinstance(owner, Template):
                raise TreeError("unexpected '}}' token")
            if not owner.params:
                owner.name_end = pos
            _number_params(owner)
            pos += 2
            owner.end = pos
            stack.pop()
            owner, cur_list = stack[-1]
            continue

        if tt is T.WikilinkOpen:
            node = Wikilink(pos)
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            pos += 2
            owner = node
            cur_list = node.nodes
            stack.append([owner, cur_list])
            continue
        if tt is T.WikilinkSeparator:
            owner.title_end = pos
            pos += 1
            owner.text_start = pos
            continue
        if tt is T.WikilinkClose:
            if owner.text_start is None:
                owner.title_end = pos
            else:
                owner.text_end = pos
            pos += 2
            owner.end = pos
            stack.pop()
            owner, cur_list = stack[-1]
            continue

        if tt is T.ExternalLinkOpen:
            node = ExternalLink(pos, bool(tok.brackets))
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            pos = node.url_start
            owner = node
            cur_list = node.nodes
            stack.append([owner, cur_list])
            continue
        if tt is T.ExternalLinkSeparator:
            owner.url_end = pos
            pos += 0 if tok.suppress_space else 1
            owner.title_start = pos
            continue
        if tt is T.ExternalLinkClose:
            if owner.title_start is None:
                owner.url_end = pos
            else:
                owner.title_end = pos
            pos += 1 if owner.brackets else 0
            owner.end = pos
            stack.pop()
            owner, cur_list = stack[-1]
            continue

        if tt is T.ArgumentOpen:
            node = Argument(pos)
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            pos += 3
            owner = node
            cur_list = node.nodes
            stack.append([owner, cur_list])
            continue
        if tt is T.ArgumentSeparator:
            owner.name_end = pos
            pos += 1
            owner.default_start = pos
            continue
        if tt is T.ArgumentClose:
            if owner.default_start is None:
                owner.name_end = pos
            else:
                owner.default_end = pos
            pos += 3
            owner.end = pos
            stack.pop()
            owner, cur_list = stack[-1]
            continue

        if tt is T.HTMLEntityStart:
            node = Entity(pos)
            node.parent = _parent_of(owner)
            pos += 1
            nxt = toks[i]
            i += 1
            if type(nxt) is T.HTMLEntityNumeric:
                node.named = False
                pos += 1
                nxt = toks[i]
                i += 1
                if type(nxt) is T.HTMLEntityHex:
                    node.hexadecimal = True
                    pos += len(nxt.char)
                    nxt = toks[i]
                    i += 1
            node.value = nxt.text
            pos += len(nxt.text)
            i += 1  # HTMLEntityEnd
            pos += 1
            node.end = pos
            cur_list.append(node)
            everything.append(node)
            continue

        if tt is T.HeadingStart:
            node = Heading(pos, tok.level)
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            pos += tok.level
            owner = node
            cur_list = node.nodes
            stack.append([owner, cur_list])
            continue
        if tt is T.HeadingEnd:
            owner.title_end = pos
            pos += owner.level
            owner.end = pos
            stack.pop()
            owner, cur_list = stack[-1]
            continue

        if tt is T.CommentStart:
            node = Comment(pos)
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            pos += 4
            owner = node
            cur_list = node.nodes
            stack.append([owner, cur_list])
            continue
        if tt is T.CommentEnd:
            owner.content_end = pos
            pos += 3
            owner.end = pos
            stack.pop()
            owner, cur_list = stack[-1]
            continue

        if tt is T.TagOpenOpen:
            node = Tag(pos, tok.wiki_markup, bool(tok.invalid))
            node.parent = _parent_of(owner)
            cur_list.append(node)
            everything.append(node)
            pos = node.tag_start
            owner = node
            cur_list = node.tag_nodes
            tag_attr.append(None)
            tag_phase.append(0)
            stack.append([owner, cur_list])
            continue
        if tt is T.TagAttrStart:
            tag = owner if isinstance(owner, Tag) else None
            if tag is None:
                raise TreeError("attribute outside a tag")
            if tag_attr[-1] is None and not tag.attrs:
                tag.tag_end = pos
            pos = _end_attr(tag_attr, pos)
            attr = Attribute(pos)
            pos += len(tok.pad_first)
            attr.name_start = pos
            attr.pad_before = len(tok.pad_before_eq)
            attr.pad_eq = attr.pad_before + 1 + len(tok.pad_after_eq)
            tag.attrs.append(attr)
            tag_attr[-1] = attr
            cur_list = attr.name_nodes
            stack[-1][1] = cur_list
            continue
        if tt is T.TagAttrEquals:
            attr = tag_attr[-1]
            attr.name_end = pos
            pos += attr.pad_eq
            attr.value_start = pos
            cur_list = attr.value_nodes
            stack[-1][1] = cur_list
            continue
        if tt is T.TagAttrQuote:
            attr = tag_attr[-1]
            attr.quote = tok.char
            pos += 1
            attr.value_start = pos
            continue
        if tt is T.TagCloseOpen:
            tag = owner
            if tag_attr[-1] is None and not tag.attrs:
                tag.tag_end = pos
            pos = _end_attr(tag_attr, pos)
            pos += len(tok.padding or "")
            if tag.wiki_markup:
                pos += len(tok.wiki_markup or "")
            else:
                pos += 1
            tag.contents_start = pos
            tag_phase[-1] = 1
            cur_list = tag.nodes
            stack[-1][1] = cur_list
            continue
        if tt is T.TagCloseSelfclose:
            tag = owner
            if tag_attr[-1] is None and not tag.attrs:
                tag.tag_end = pos
            pos = _end_attr(tag_attr, pos)
            pos += len(tok.padding or "")
            tag.self_closing = True
            tag.implicit = bool(tok.implicit)
            if not tag.wiki_markup:
                pos += 1 if tag.implicit else 2
            tag.end = pos
            _finish_tag_name(tag, text)
            tag_attr.pop()
            tag_phase.pop()
            stack.pop()
            owner, cur_list = stack[-1]
            continue
        if tt is T.TagOpenClose:
            tag = owner
            tag.contents_end = pos
            tag.close_start = pos
            if tag.wiki_markup:
                pos += len(tok.wiki_markup or "")
            else:
                pos += 2
            tag_phase[-1] = 2
            cur_list = []  # closing tag name: not kept as nodes
            stack[-1][1] = cur_list
            # In HTML mode the closing tag name arrives as Text tokens; count their width.
            if not tag.wiki_markup:
                while i < n_tokens and type(toks[i]) is Text_:
                    pos += len(toks[i].text)
                    i += 1
            continue
        if tt is T.TagCloseClose:
            tag = owner
            if not tag.wiki_markup:
                pos += 1
            tag.end = pos
            _finish_tag_name(tag, text)
            tag_attr.pop()
            tag_phase.pop()
            stack.pop()
            owner, cur_list = stack[-1]
            continue
        raise TreeError(f"unexpected token {tt.__name__}")

    if len(stack) != 1:
        raise TreeError("unbalanced token stream")
    if pos != len(text):
        raise TreeError(f"token widths add up to {pos}, text has {len(text)} characters")
    return top, everything


def _parent_of(owner: object) -> Node | None:
    if owner is None:
        return None
    if isinstance(owner, Parameter):
        return owner.template
    return owner  # type: ignore[return-value]


def _end_param(param: Parameter, pos: int) -> None:
    param.end = pos
    param.value_end = pos
    if not param.showkey:
        param.value_start = param.start


def _number_params(tpl: Template) -> None:
    index = 1
    for p in tpl.params:
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


def _finish_tag_name(tag: Tag, text: str) -> None:
    if not tag.wiki_markup:
        tag.name = text[tag.tag_start : tag.tag_end].strip().lower()
