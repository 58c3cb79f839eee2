"""References as MediaWiki sees them.

mwparserfromhell is not the authority on what a ``<ref>`` is; MediaWiki's preprocessor and the
Cite extension are. This module re-derives every reference of a page from the raw text with the
preprocessor's rules and Cite's name semantics (see ``research/cite.md`` §1–2):

* comments (``<!-- … -->``, an unclosed one runs to the end of the page) and the bodies of
  extension tags (``<nowiki>``, ``<pre>``, ``<math>``, ``<syntaxhighlight>`` …) hide everything;
* a tag name matches case-insensitively when followed by whitespace, ``>`` or ``/>``; the
  attributes run to the first ``>``; the tag is self-closing only when ``/`` is right before that
  ``>``; otherwise the content runs to the first ``</name\\s*>``; an opener with no closer is
  literal text;
* attributes are parsed like ``Sanitizer::decodeTagAttributes`` (lower-cased names, last one
  wins, whitespace collapsed, character references decoded);
* ``{{#tag:ref|content|name=…}}`` refs, list-defined refs inside ``<references>…</references>``,
  ``{{#tag:references|…}}`` and reference-list templates with a ``refs=`` parameter.

:func:`build_ref_model` returns a :class:`RefModel`; ``RefModel.cite_errors()`` predicts the Cite
error keys a page shows, either as the legacy parser renders them (only the first message of a
fatal status) or Parsoid-style (every message).
"""

from __future__ import annotations

import bisect
import html.entities
import re
from dataclasses import dataclass, field
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import regex as _regex

if TYPE_CHECKING:
    from .document import Document
    from .tree import Template

__all__ = [
    "Attr",
    "Ref",
    "RefList",
    "CiteError",
    "RefModel",
    "build_ref_model",
    "scan",
    "decode_attrs",
    "cite_value",
    "closest_match",
    "levenshtein",
    "FATAL_KEYS",
]

# --------------------------------------------------------------------------------------------
# Preprocessor: which tags exist and which bodies are opaque

#: Extension tags whose bodies are not wikitext for our purposes (no refs inside).
OPAQUE_TAGS = frozenset(
    {
        "nowiki", "pre", "math", "chem", "ce", "syntaxhighlight", "source", "score", "timeline",
        "graph", "hiero", "templatedata", "templatestyles", "mapframe", "maplink", "charinsert",
        "categorytree", "inputbox", "imagemap", "section", "includeonly", "rss", "dynamicpagelist",
        "phonos", "langconvert", "tabs", "tab", "quiz", "chart", "listing",
    }
)
#: Extension tags whose bodies are parsed as wikitext (refs inside them work).
WIKITEXT_TAGS = frozenset({"poem", "gallery", "indicator", "references", "ref", "noinclude", "onlyinclude"})
EXT_TAGS = OPAQUE_TAGS | WIKITEXT_TAGS
#: Tags the preprocessor lets run to the end of the page when unclosed.
_RUN_TO_END = frozenset({"includeonly", "noinclude", "onlyinclude"})



def _alternation(words: list[str]) -> str:
    """A regex for exactly *words* (sorted), their shared prefixes factored out (``ref``,
    ``references`` -> ``ref(?:erences)?``), so that a "<" that starts none of them fails after
    a look at a letter or two instead of a trial of every name."""
    heads: dict[str, list[str]] = {}
    optional = False
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
        else:
            optional = True
    alts = [re.escape(c) + _alternation(rest) for c, rest in heads.items()]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return "(?:" + body + ")?" if optional else body


# The name is followed by white space, "/>" or ">", so at most one name matches at a "<": the
# factored alternation finds what the plain alternation of the names found (tests/test_refs.py).
_names = _alternation(sorted(EXT_TAGS))
_OPEN_RE = re.compile(r"<(?:(!--)|(/?)(" + _names + r")(?=[\t\n\x0b\x0c\r ]|/>|>))", re.I)
_CLOSE_RE_CACHE: dict[str, re.Pattern[str]] = {}
_WS_SET = "\t\n\x0b\x0c\r "


def _close_re(name: str) -> re.Pattern[str]:
    pat = _CLOSE_RE_CACHE.get(name)
    if pat is None:
        pat = _CLOSE_RE_CACHE[name] = re.compile(r"</" + re.escape(name) + r"\s*>", re.I)
    return pat


@dataclass(slots=True)
class RawTag:
    """An extension tag as the preprocessor found it (offsets into the scanned text)."""

    name: str  # lower-cased
    start: int
    end: int
    attr_start: int
    attr_end: int
    open_end: int  # end of the opener (``<ref …>``)
    content_start: int | None
    content_end: int | None


@dataclass(slots=True)
class ScanResult:
    tags: list[RawTag]
    opaque: list[tuple[int, int]]  # comments and opaque bodies, sorted
    unclosed: list[tuple[str, int, int]]  # (name, opener start, opener end): literal text


def scan(text: str, lo: int = 0, hi: int | None = None) -> ScanResult:
    """Find extension tags in ``text[lo:hi]`` with the preprocessor's rules (one level)."""
    opaque: list[tuple[int, int]] = []
    unclosed: list[tuple[str, int, int]] = []
    tags = list(iter_tags(text, lo, hi, opaque, unclosed))
    return ScanResult(tags, opaque, unclosed)


def iter_tags(
    text: str,
    lo: int,
    hi: int | None,
    opaque: list[tuple[int, int]],
    unclosed: list[tuple[str, int, int]],
) -> Iterator[RawTag]:
    """:func:`scan` one tag at a time (so that a caller need not hold them all): yields the
    tags in order and appends comments and opaque bodies to *opaque*, literal openers to
    *unclosed*."""
    if hi is None:
        hi = len(text)
    no_more_close: set[str] = set()
    pos = lo
    search = _OPEN_RE.search
    while True:
        m = search(text, pos, hi)
        if m is None:
            break
        start = m.start()
        if m.group(1):  # comment
            end = text.find("-->", m.end(), hi)
            end = hi if end < 0 else end + 3
            opaque.append((start, end))
            pos = end
            continue
        name = m.group(3).lower()
        gt = text.find(">", m.end(), hi)
        if gt < 0:
            pos = start + 1
            continue
        if m.group(2):  # a closing tag
            if name in ("noinclude", "onlyinclude", "includeonly"):
                pos = gt + 1
            else:
                pos = start + 1
            continue
        if name in ("noinclude", "onlyinclude"):
            # In page view these tags are ignored; their content is ordinary text.
            pos = gt + 1
            continue
        if text[gt - 1] == "/" and gt - 1 >= m.end():
            pos = gt + 1  # one int object for end, open_end and pos
            yield RawTag(name, start, pos, m.end(), gt - 1, pos, None, None)
            continue
        if name in no_more_close:
            unclosed.append((name, start, gt + 1))
            pos = gt + 1
            continue
        cm = _close_re(name).search(text, gt + 1, hi)
        if cm is None:
            if name in _RUN_TO_END:
                yield RawTag(name, start, hi, m.end(), gt, gt + 1, gt + 1, hi)
                if name == "includeonly":
                    opaque.append((start, hi))
                pos = hi
                continue
            no_more_close.add(name)
            unclosed.append((name, start, gt + 1))
            pos = gt + 1
            continue
        body = gt + 1
        yield RawTag(name, start, cm.end(), m.end(), gt, body, body, cm.start())
        if name in OPAQUE_TAGS:
            opaque.append((start, cm.end()))
        pos = cm.end()


# --------------------------------------------------------------------------------------------
# Attributes (Sanitizer::decodeTagAttributes)

_SP = "\t\n\x0c\r "
_ATTR_RE = re.compile(
    r"((?:[^" + _SP + r"/>=]|=)[^" + _SP + r"/>=]*)"
    r"([" + _SP + r"]*=[" + _SP + r"]*"
    r"(?:\"([^\"]*)(?:\"|$)|'([^']*)(?:'|$)|((?:(?![" + _SP + r"]|>).)*)))?",
    re.S,
)
_VALID_ATTR_NAME = _regex.compile(r"^[:_\p{L}\p{N}][:_.\-\p{L}\p{N}]*$")
_COLLAPSE = re.compile(r"[\t\r\n ]+")
_CHARREF = re.compile(r"&([A-Za-z0-9\x80-\U0010ffff]+);|&#([0-9]+);|&#[xX]([0-9A-Fa-f]+);")
_PHP_TRIM = " \t\n\r\0\x0b"


def _valid_cp(cp: int) -> bool:
    return cp in (9, 10, 13) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF


def _decode_ref(m: re.Match[str]) -> str:
    if m.group(1):
        return html.entities.html5.get(m.group(1) + ";", m.group(0))
    try:
        cp = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
    except ValueError:  # pragma: no cover - regex guarantees digits
        return m.group(0)
    return chr(cp) if _valid_cp(cp) else "\ufffd"


def cite_value(raw: str) -> str:
    """An attribute value as MediaWiki hands it to Cite: collapsed, trimmed, entity-decoded."""
    value = _COLLAPSE.sub(" ", raw).strip(" ")
    if "&" in value:
        value = _CHARREF.sub(_decode_ref, value)
    return value


def php_trim(s: str) -> str:
    return s.strip(_PHP_TRIM)


@dataclass(slots=True)
class Attr:
    """One attribute of a ref opener. Offsets are into the document text."""

    name: str  # lower-cased attribute name
    value: str  # normalised value ("" for a value-less attribute)
    start: int
    end: int
    value_start: int | None  # raw value span without quotes (None when value-less)
    value_end: int | None
    quote: str  # '"', "'" or ""
    terminated: bool  # a quoted value had its closing quote


def decode_attrs(text: str, start: int, end: int) -> list[Attr]:
    """Parse ``text[start:end]`` (the attribute text of a tag) the way the Sanitizer does.

    Returns the valid attributes in order; a repeated name keeps its first position but takes
    the last value (PHP array semantics)."""
    out: dict[str, Attr] = {}
    for m in _ATTR_RE.finditer(text, start, end):
        raw_name = m.group(1)
        name = raw_name.lower()
        if not _VALID_ATTR_NAME.match(name):
            continue
        if m.group(5) is not None:
            vs, ve, quote, term = m.start(5), m.end(5), "", True
        elif m.group(4) is not None:
            vs, ve, quote = m.start(4), m.end(4), "'"
            term = ve < m.end()
        elif m.group(3) is not None:
            vs, ve, quote = m.start(3), m.end(3), '"'
            term = ve < m.end()
        else:
            vs = ve = None
            quote, term = "", True
        value = cite_value(text[vs:ve]) if vs is not None else ""
        attr = Attr(name, value, m.start(), m.end(), vs, ve, quote, term)
        if name in out:
            # PHP keeps the key's first position; the value is the last one
            first = out[name]
            out[name] = attr
            # re-insert at the old position
            out = {k: (attr if k == name else v) for k, v in out.items()}
            del first
        else:
            out[name] = attr
    return list(out.values())


# One attribute, lower-case, with a value that decode_attrs() keeps as it is (no white space to
# collapse or trim, no character reference): most ref openers (`` name="x"``, `` name=x``). Its
# name and value are what decode_attrs() finds, its first match being the whole text: the name
# runs to the "=", a quoted value to its closing quote, an unquoted one to white space or ">"
# (it holds neither, nor any quote, so no other alternative of _ATTR_RE starts there).
_ONE_ATTR = re.compile(
    r"[" + _SP + r"]*([a-z]+)[" + _SP + r"]*=[" + _SP + r"]*"
    r"(?:\"([^\"&\t\n\r ]*)\"|([^\"'&" + _SP + r">]+))[" + _SP + r"]*"
)
#: let attr_args() take the _ONE_ATTR shortcut (the tests turn it off to compare)
_FAST_ATTR_ARGS = True


def attr_args(text: str, start: int, end: int) -> dict[str, str]:
    """``{a.name: a.value for a in decode_attrs(text, start, end)}``."""
    if _FAST_ATTR_ARGS:
        m = _ONE_ATTR.fullmatch(text, start, end)
        if m is not None:
            value = m.group(2)
            return {m.group(1): m.group(3) if value is None else value}
    return {a.name: a.value for a in decode_attrs(text, start, end)}


# --------------------------------------------------------------------------------------------
# Model objects


@dataclass(eq=False, slots=True)
class RefList:
    """A reference list: ``<references …/>``, ``<references>…</references>``,
    ``{{#tag:references|…}}`` or a reference-list template (``{{Reflist}}``)."""

    kind: str  # "tag", "tag_function" or "template"
    start: int
    end: int
    open_start: int
    open_end: int
    content_start: int | None
    content_end: int | None
    attrs: list[Attr]
    args: dict[str, str]
    group: str
    template: Template | None = None
    refs: list[Ref] = field(default_factory=list)  # list-defined refs, in order
    nested_in: RefList | None = None  # set when this list sits inside another list's content
    nested_lists: list[RefList] = field(default_factory=list)
    included_references: bool = False

    @property
    def self_closing(self) -> bool:
        return self.content_start is None


class _RefExtra:
    """What a :class:`Ref` keeps only when it is not a plain ``<ref>`` tag of the page (see
    ``Ref._x``)."""

    __slots__ = ("open_start", "attr_start", "attr_end", "attrs", "via_tag_function", "template",
                 "via_template", "text_override", "text")

    def __init__(self, open_start: int, attr_start: int, attr_end: int, attrs: list[Attr] | None,
                 via_tag_function: bool, template: Template | None, via_template: str | None,
                 text_override: str | None, text: str | None) -> None:
        self.open_start = open_start
        self.attr_start = attr_start
        self.attr_end = attr_end
        self.attrs = attrs
        self.via_tag_function = via_tag_function
        self.template = template
        self.via_template = via_template
        self.text_override = text_override
        self.text = text


@dataclass(eq=False, slots=True, init=False)
class Ref:
    """One ``<ref>`` (or ``{{#tag:ref}}``) as Cite sees it. Offsets are into ``doc.text``.

    ``open_start``, ``attr_start``, ``attr_end``, ``via_tag_function``, ``template``,
    ``via_template`` and ``text_override`` are properties: a plain ``<ref>`` tag of the page
    (most refs) does not store them (its opener starts the ref, its attributes run from after
    ``<ref`` to before ``>`` or ``/>``), which makes a page of 200,000 refs 25 MB smaller."""

    start: int
    end: int
    open_end: int
    content_start: int | None  # None when self-closing
    content_end: int | None
    #: attribute name -> normalised value (last one wins). Refs whose attribute text is the
    #: same share one dict: treat it as read-only.
    args: dict[str, str]
    group: str  # normalised group (explicit, else the enclosing list's, else "")
    name: str | None  # normalised name; None when absent, empty or digits-only
    raw_name: str | None  # the decoded name value before dropping (None when absent)
    in_references: RefList | None
    inside_template: Template | None  # innermost template whose parameter holds it
    nested: bool  # inside another ref's content: not a ref for the legacy parser
    index: int
    #: a plain ``<ref>`` tag: the page text (its attributes are decoded from it on demand);
    #: any other ref: a :class:`_RefExtra`
    _x: Any = field(repr=False)

    def __init__(
        self,
        start: int,
        end: int,
        open_start: int,
        open_end: int,
        content_start: int | None,
        content_end: int | None,
        attr_start: int,
        attr_end: int,
        _attrs: list[Attr] | None,
        args: dict[str, str],
        group: str,
        name: str | None,
        raw_name: str | None,
        via_tag_function: bool = False,
        template: Template | None = None,
        in_references: RefList | None = None,
        inside_template: Template | None = None,
        nested: bool = False,
        index: int = 0,
        via_template: str | None = None,
        text_override: str | None = None,
        _text: str | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.open_end = open_end
        self.content_start = content_start
        self.content_end = content_end
        self.args = args
        self.group = group
        self.name = name
        self.raw_name = raw_name
        self.in_references = in_references
        self.inside_template = inside_template
        self.nested = nested
        self.index = index
        if (
            _text is not None
            and _attrs is None
            and not via_tag_function
            and template is None
            and via_template is None
            and text_override is None
            and open_start == start
            and attr_start == start + 4
            and attr_end == open_end - (2 if content_start is None else 1)
        ):
            self._x = _text
        else:
            self._x = _RefExtra(open_start, attr_start, attr_end, _attrs, via_tag_function, template,
                                via_template, text_override, _text)

    def _extra(self) -> _RefExtra:
        x = self._x
        if type(x) is str:
            x = self._x = _RefExtra(self.start, self.attr_start, self.attr_end, None, False, None,
                                    None, None, x)
        return x

    @property
    def open_start(self) -> int:
        x = self._x
        return self.start if type(x) is str else x.open_start

    @property
    def attr_start(self) -> int:
        x = self._x
        return self.start + 4 if type(x) is str else x.attr_start  # after "<ref"

    @property
    def attr_end(self) -> int:
        x = self._x
        if type(x) is str:  # before "/>" or ">"
            return self.open_end - (2 if self.content_start is None else 1)
        return x.attr_end

    @property
    def via_tag_function(self) -> bool:
        """Made by ``{{#tag:ref}}`` or by a ref-making template."""
        x = self._x
        return type(x) is not str and x.via_tag_function

    @property
    def template(self) -> Template | None:
        """The ``{{#tag:ref}}`` node (or the ref-making template)."""
        x = self._x
        return None if type(x) is str else x.template

    @property
    def via_template(self) -> str | None:
        """The site's ref-making template that emits this ref (``{{efn}}``, ``{{r}}``,
        ``{{sfn}}``), normalised; such a ref is a ``{{#tag:ref}}`` of the template's expansion."""
        x = self._x
        return None if type(x) is str else x.via_template

    @via_template.setter
    def via_template(self, value: str | None) -> None:
        self._extra().via_template = value

    @property
    def text_override(self) -> str | None:
        """The content the template gives the ref when it is not a slice of the page
        (``{{sfn}}``)."""
        x = self._x
        return None if type(x) is str else x.text_override

    @text_override.setter
    def text_override(self, value: str | None) -> None:
        self._extra().text_override = value

    @property
    def _attrs(self) -> list[Attr] | None:
        x = self._x
        return None if type(x) is str else x.attrs

    @property
    def _text(self) -> str | None:
        x = self._x
        return x if type(x) is str else x.text

    @property
    def attrs(self) -> list[Attr]:
        """The opener's attributes as the Sanitizer decodes them, in order.

        Decoded anew from the page text on each access, not kept: a page of 200,000 refs
        would otherwise hold 200,000 lists of :class:`Attr` that only a few rules read, and
        only for some refs. Keep the list in a local variable when you need it twice."""
        x = self._x
        if type(x) is str:  # a plain <ref> tag: from after "<ref" to before "/>" or ">"
            return decode_attrs(x, self.start + 4, self.open_end - (2 if self.content_start is None else 1))
        if x.attrs is not None:
            return x.attrs
        return decode_attrs(x.text or "", x.attr_start, x.attr_end)

    @property
    def self_closing(self) -> bool:
        return self.content_start is None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.group, self.name)

    @property
    def follow(self) -> str | None:
        return self.args.get("follow")

    @property
    def dir(self) -> str | None:
        return self.args.get("dir")

    @property
    def details(self) -> str | None:
        return self.args.get("details")

    def content(self, text: str) -> str | None:
        if self.text_override is not None:
            return self.text_override
        if self.content_start is None:
            return None
        return text[self.content_start : self.content_end]

    def has_text(self, text: str) -> bool:
        """True when the content is not null and not whitespace-only (a definition)."""
        c = self.content(text)
        return c is not None and php_trim(c) != ""


_new_ref = Ref.__new__
#: build the refs of the page's <ref> tags with _plain_ref (the tests turn it off to compare)
_FAST_PLAIN_REFS = True


def _plain_ref(start: int, end: int, open_end: int, cs: int | None, ce: int | None,
               args: dict[str, str], text: str) -> Ref:
    """``RefModel._make_ref`` for a ``<ref>`` tag of the page as the scan found it (its opener
    starts the ref, its attributes run from after ``<ref`` to before ``>`` or ``/>``, which is
    what ``Ref.__init__`` tests before it keeps only the page text): the same Ref, its fields
    stored directly."""
    ref = _new_ref(Ref)
    ref.start = start
    ref.end = end
    ref.open_end = open_end
    ref.content_start = cs
    ref.content_end = ce
    ref.args = args
    ref.group = args.get("group", "")
    raw_name = args.get("name")
    ref.name = raw_name if raw_name and not _is_digits(raw_name) else None
    ref.raw_name = raw_name
    ref.in_references = None
    ref.inside_template = None
    ref.nested = False
    ref.index = 0
    ref._x = text
    return ref


@dataclass(frozen=True, slots=True)
class CiteError:
    """One predicted Cite message."""

    key: str
    start: int
    end: int
    params: tuple[str, ...] = ()
    ref: Ref | None = None
    ref_list: RefList | None = None
    related: tuple[tuple[int, int, str], ...] = ()


#: Messages that make a ref (or list-defined ref) unusable.
FATAL_KEYS = frozenset(
    {
        "cite_error_ref_follow_conflicts",
        "cite_error_details_missing_parent",
        "cite_error_ref_no_key",
        "cite_error_ref_no_input",
        "cite_error_included_ref",
        "cite_error_empty_references_define",
        "cite_error_references_missing_key",
        "cite_error_references_no_key",
    }
)

REF_ATTRS = ("group", "name", "follow", "dir")
LIST_ATTRS = ("group", "responsive")
VALID_DIRS = ("ltr", "rtl", "auto")

_SPEC_KINDS = ("ref", "reuse", "sfn", "list")


def ref_templates(site: Any) -> dict[str, dict[str, Any]]:
    """The site's ``[ref-templates]`` table by normalised template name (aliases included):
    what each template emits. ``emits`` is ``"ref"`` (one ref: ``group``, ``group-param``,
    ``groups``, ``name-param``, ``content-param``), ``"reuse"`` (a self-closing ref for each
    positional name, as ``{{r|a|b}}``), ``"sfn"`` (a ref named ``FOOTNOTE`` + its arguments) or
    ``"list"`` (a reference list of ``group``, with ``group-param`` and ``refs-param``)."""
    cached = getattr(site, "__dict__", {}).get("_wl_ref_templates")
    if cached is not None:
        return cached
    from .document import normalize_title

    out: dict[str, dict[str, Any]] = {}
    for name, spec in (site.get("ref-templates") or {}).items():
        if not isinstance(spec, dict) or spec.get("emits") not in _SPEC_KINDS:
            continue
        spec = dict(spec)
        for key in ("group-param", "name-param", "content-param", "refs-param", "aliases"):
            v = spec.get(key, [])
            spec[key] = [v] if isinstance(v, str) else list(v)
        if "groups" in spec and isinstance(spec["groups"], str):
            spec["groups"] = [spec["groups"]]
        spec.setdefault("group", "")
        spec["template"] = normalize_title(name)
        for alias in (name, *spec["aliases"]):
            out[normalize_title(alias)] = spec
    try:
        site.__dict__["_wl_ref_templates"] = out
    except (AttributeError, TypeError):  # pragma: no cover - a site object without __dict__
        pass
    return out


_TAG_FN = re.compile(r"^\s*#tag\s*:\s*(ref|references)\s*$", re.I)
_QUOTED = re.compile(r"""^(?:["'](.+)["']|""|'')$""", re.S)


# --------------------------------------------------------------------------------------------
# Helpers


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def closest_match(word: str, candidates: tuple[str, ...] | list[str]) -> str | None:
    """Cite's "did you mean" for an unknown ``<ref>`` attribute: the closest allowed name when
    the (lower-cased, at most 20 characters) input is one edit away from it, or at most half
    the candidate's length away."""
    w = word.lower()
    if len(w) > 20:
        return None
    best, best_d = None, 10**9
    for cand in candidates:
        d = levenshtein(w, cand)
        if d < best_d:
            best, best_d = cand, d
    if best is None:
        return None
    if best_d <= 1 or best_d <= len(best) / 2:
        return best
    return None


_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)


def _strip_comments(v: str) -> str:
    return _COMMENT_RE.sub("", v) if "<!--" in v else v


def _arg_value(v: str) -> str:
    """A template argument handed to ``{{#tag:ref}}`` as an attribute: comments removed,
    trimmed, one pair of surrounding quotes dropped (``CoreParserFunctions::tagObj``: no entity
    decoding, no whitespace collapsing)."""
    v = php_trim(_strip_comments(v))
    m = _QUOTED.match(v)
    if m:
        v = m.group(1) or ""
    return v


def _is_digits(s: str) -> bool:
    return s != "" and s.isascii() and s.isdigit()


def _in_content(refs: list[Ref], starts: list[int], pos: int) -> bool:
    """Whether *pos* is in the content of one of *refs* (sorted, their content starts in
    *starts*)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and refs[i].content_start <= pos < refs[i].content_end


_INCLUDED_STRIP = re.compile(r"<(\w+)[^>]*>.*?</\1\s*>|<!--.*?-->", re.S)
_INCLUDED_REF = re.compile(r"<ref(erences)?\b[^>]*>", re.I)
_INCLUDED_LIST = re.compile(r"<references\b", re.I)


def may_include_ref(content: str) -> bool:
    """False when :func:`included_ref_offset` of *content* is surely ``None``: no ``<ref…>``
    opener anywhere in it (that function looks for one in parts of the content)."""
    return "<" in content and _INCLUDED_REF.search(content) is not None


def included_ref_offset(content: str) -> int | None:
    """Offset in *content* of the ``<ref`` that makes Cite report ``cite_error_included_ref``
    (an opener swallowed because an earlier ``</ref>`` was missing), or ``None``."""
    if "<" not in content:
        return None
    # Mirror Cite: drop complete <x …>…</x> elements and comments, then look for <ref…>.
    kept = []
    pos = 0
    for m in _INCLUDED_STRIP.finditer(content):
        kept.append((pos, m.start()))
        pos = m.end()
    kept.append((pos, len(content)))
    for a, b in kept:
        m = _INCLUDED_REF.search(content, a, b)
        if m is not None:
            return m.start()
    return None


# --------------------------------------------------------------------------------------------
# The model


def _content_start(ref: Ref) -> int:
    return ref.content_start  # type: ignore[return-value]


def _set_inside_templates(refs: list[Ref], tpls: list[Template]) -> None:
    """Set each ref's ``inside_template``: the innermost template whose parameter holds it.

    *refs* and *tpls* are sorted by start (templates start at distinct offsets). The
    candidates are the 65 templates that start last at or before the ref, latest first
    (templates nest: a walk back further is not worth it); only those still open at the ref's
    start can hold it, so a sweep keeps them on a stack (each template pushed and popped once)
    and the ref looks at those alone."""
    n = len(tpls)
    k = 0  # tpls[:k] start before the ref
    stack: list[int] = []  # indexes of pushed templates not yet closed, ascending
    for r in refs:
        rs = r.start
        while k < n and tpls[k].start < rs:
            t_start = tpls[k].start
            while stack and tpls[stack[-1]].end <= t_start:
                stack.pop()
            stack.append(k)
            k += 1
        while stack and tpls[stack[-1]].end <= rs:
            stack.pop()
        i = k if k < n and tpls[k].start == rs else k - 1  # the last template starting <= rs
        best = None
        for j in reversed(stack):
            if i - j > 64:
                break
            tpl = tpls[j]
            if tpl.start < rs and r.end <= tpl.end and tpl is not r.template and rs >= tpl.name_end:
                best = tpl
                break
        r.inside_template = best


class RefModel:
    """Every ref and reference list of a page, with MediaWiki's semantics."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.refs: list[Ref] = []
        self.lists: list[RefList] = []
        self.opaque: list[tuple[int, int]] = []
        self.unclosed: list[tuple[int, int]] = []  # literal <ref …> openers with no </ref>
        self.template_names: set[str] = set()  # values of name= on ref-making templates
        # $wgCiteSubReferencing: the document option wins, else the site profile's setting.
        option = doc.options.get("cite_sub_referencing")
        if option is None:
            option = doc.site.get("cite.sub_referencing", False)
        self.sub_referencing = bool(option)
        self._errors: dict[tuple[str, bool], list[CiteError]] = {}
        self._build()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        doc = self.doc
        text = self.text
        rc_refs: list[Ref] = []  # refs with a content (no tuple of its span per ref)
        list_spans: list[tuple[tuple[int, int], RefList]] = []
        opaque: list[tuple[int, int]] = []

        # Breadth-first over wikitext bodies: the page, then bodies of <references>, <poem>…
        # Refs are made as the scan finds them (no list of every raw ref tag in between).
        # Refs with the same attribute text (``name=a`` used 200,000 times) share one args
        # dict; their attributes are decoded again only when a rule asks (``Ref.attrs``).
        queue: list[tuple[int, int]] = [(0, len(text))]
        raw_lists: list[RawTag] = []
        args_of: dict[str, dict[str, str]] = {}
        make_ref = self._make_ref
        add_ref = self.refs.append
        while queue:
            lo, hi = queue.pop()
            found_opaque: list[tuple[int, int]] = []
            found_unclosed: list[tuple[str, int, int]] = []
            for tag in iter_tags(text, lo, hi, found_opaque, found_unclosed):
                name = tag.name
                if name == "ref":
                    a_start, a_end = tag.attr_start, tag.attr_end
                    key = text[a_start:a_end]
                    args = args_of.get(key)
                    if args is None:
                        args = args_of[key] = attr_args(text, a_start, a_end)
                    if _FAST_PLAIN_REFS:
                        ref = _plain_ref(tag.start, tag.end, tag.open_end, tag.content_start,
                                         tag.content_end, args, text)
                    else:
                        ref = make_ref(tag.start, tag.end, tag.start, tag.open_end, tag.content_start,
                                       tag.content_end, a_start, a_end, None, args=args, text=text)
                    add_ref(ref)
                    if tag.content_start is not None:
                        rc_refs.append(ref)
                elif name == "references":
                    raw_lists.append(tag)
                    if tag.content_start is not None:
                        queue.append((tag.content_start, tag.content_end))
                elif name in WIKITEXT_TAGS and tag.content_start is not None:
                    queue.append((tag.content_start, tag.content_end))
            opaque.extend(found_opaque)
            for name, s, e in found_unclosed:
                if name == "ref":
                    self.unclosed.append((s, e))
        del args_of
        opaque.sort()
        self.opaque = opaque
        self.unclosed.sort()
        rc_refs.sort(key=_content_start)  # tags start at distinct offsets: no ties
        rc_starts = [r.content_start for r in rc_refs]

        for tag in raw_lists:
            attrs = decode_attrs(text, tag.attr_start, tag.attr_end)
            args = {a.name: a.value for a in attrs}
            rl = RefList(
                "tag", tag.start, tag.end, tag.start, tag.open_end, tag.content_start,
                tag.content_end, attrs, args, args.get("group", ""),
            )
            self.lists.append(rl)

        # Templates: {{#tag:ref}}, {{#tag:references}}, reference-list templates, ref templates.
        reflist_names = doc.site.template_names("reflist")
        specs = ref_templates(doc.site)
        # templates that may enclose refs, in document order (by start: templates start at
        # distinct offsets, an enclosing one before those inside it)
        tpls: list[Template] = []
        template_name = doc.template_name
        canonical = doc.site.canonical
        spec_of: dict[str, Any] = {}  # normalised name -> its spec (or None), once per name
        n_op = len(opaque)
        o = 0  # the first opaque span that ends after the template's start (templates in order)
        for tpl in doc.templates:
            t_start = tpl.start
            while o < n_op and opaque[o][1] <= t_start:
                o += 1
            if o < n_op and opaque[o][0] <= t_start:
                continue  # in a comment or an opaque tag's body
            norm = template_name(tpl)
            if "#" in norm:  # (a "#" of the raw name outside comments stays in the name)
                m = _TAG_FN.match(text[tpl.name_start : tpl.name_end])
                if m is not None:
                    self._tag_function(tpl, m.group(1).lower(), rc_refs, rc_starts)
                    continue
            tpls.append(tpl)
            if specs:
                if norm in spec_of:
                    spec = spec_of[norm]
                else:
                    spec = specs.get(norm)
                    if spec is None:
                        spec = specs.get(canonical(norm))
                    spec_of[norm] = spec
            else:
                spec = None
            # named parameters, in one pass: refs= (list-defined refs), name=/refname=
            refs_param = False
            names: list[str] = []
            for p in tpl.params:
                if p.showkey:
                    key = doc.param_key(p)
                    if key == "refs":
                        if not refs_param and "<ref" in doc.param_value(p).lower():
                            refs_param = True
                    elif key == "name" or key == "refname":
                        names.append(doc.param_value(p))
            if spec is not None and spec["emits"] != "list":
                if self._ref_template(tpl, spec, rc_refs, rc_starts):
                    continue
            elif spec is not None or norm in reflist_names or refs_param:
                # a known list template, or any template taking list-defined refs (refs=)
                self._list_template(tpl, norm, spec)
            for value in names:
                v = php_trim(value)
                if v:
                    self.template_names.add(v.strip("\"'"))

        self.refs.sort(key=lambda r: r.start)
        self.lists.sort(key=lambda rl: rl.start)
        for i, r in enumerate(self.refs):
            r.index = i

        # List membership: the innermost list whose content holds the ref.
        for rl in self.lists:
            if rl.content_start is not None:
                list_spans.append(((rl.content_start, rl.content_end), rl))
        if list_spans:
            list_spans.sort(key=lambda x: (x[0][0], -x[0][1]))
            tag_ref_spans = sorted(
                (r.content_start, r.content_end) for r in self.refs
                if r.via_tag_function and r.content_start is not None
            )
            for r in self.refs:
                inner = None
                for (s, e), rl in list_spans:
                    if s > r.start:
                        break
                    if r.start < e and r.end <= e:
                        inner = rl
                if inner is not None and tag_ref_spans:
                    # a ref inside a {{#tag:ref}} that itself sits in the list is expanded
                    # before the list runs: an ordinary ref, not a list-defined one
                    for s, e in tag_ref_spans:
                        if s > r.start:
                            break
                        if s <= r.start and r.end <= e and s > (inner.content_start or 0):
                            inner = None
                            break
                if inner is not None:
                    r.in_references = inner
                    inner.refs.append(r)
                    if "group" not in r.args:
                        r.group = inner.group
            for rl in self.lists:
                for (s, e), outer in list_spans:
                    if outer is not rl and s <= rl.start < e and rl.end <= e:
                        rl.nested_in = outer
                if rl.nested_in is not None:
                    rl.nested_in.nested_lists.append(rl)
            for rl in self.lists:
                if rl.content_start is not None and rl.kind != "template":
                    body = text[rl.content_start : rl.content_end]
                    if "<!--" in body:
                        body = re.sub(r"<!--.*?(?:-->|$)", "", body, flags=re.S)
                    if _INCLUDED_LIST.search(body):
                        rl.included_references = True

        # Enclosing templates (innermost whose parameter holds the ref).
        if tpls:
            _set_inside_templates(self.refs, tpls)

    def _make_ref(self, start, end, open_start, open_end, cs, ce, a_start, a_end, attrs,
                  via=False, tpl=None, args=None, via_template=None, text_override=None,
                  text=None) -> Ref:  # noqa: ANN001
        if args is None:
            args = {a.name: a.value for a in attrs or ()}
        raw_name = args.get("name")
        name = raw_name if raw_name and not _is_digits(raw_name) else None
        return Ref(start, end, open_start, open_end, cs, ce, a_start, a_end, attrs, args,
                   args.get("group", ""), name, raw_name, via, tpl,
                   via_template=via_template, text_override=text_override, _text=text)

    def _tag_function(self, tpl: Template, what: str, rc_refs, rc_starts) -> None:  # noqa: ANN001
        doc = self.doc
        content_span = None
        args: dict[str, str] = {}
        for i, p in enumerate(tpl.params):
            if i == 0:
                content_span = (p.start, p.end)
                continue
            if not p.showkey:
                continue
            args[doc.param_key(p)] = _arg_value(doc.param_value(p))
        cs, ce = content_span if content_span else (None, None)
        if what == "ref":
            ref = self._make_ref(tpl.start, tpl.end, tpl.start, tpl.end, cs, ce,
                                 tpl.name_end, tpl.end, [], True, tpl, args)
            if _in_content(rc_refs, rc_starts, tpl.start):
                ref.nested = True
            self.refs.append(ref)
        else:
            rl = RefList("tag_function", tpl.start, tpl.end, tpl.start, tpl.name_end, cs, ce, [],
                         args, args.get("group", ""), tpl)
            self.lists.append(rl)

    def _list_template(self, tpl: Template, norm: str, spec: dict[str, Any] | None = None) -> None:
        doc = self.doc
        group = spec["group"] if spec else ""
        group_params = spec["group-param"] if spec and spec["group-param"] else ["group"]
        refs_params = spec["refs-param"] if spec and spec["refs-param"] else ["refs", "notes"]
        allowed = spec.get("groups") if spec else None
        cs = ce = None
        given: dict[str, str] = {}
        for p in tpl.params:
            if not p.showkey:
                continue
            key = doc.param_key(p)
            if key in group_params:
                given[key] = _arg_value(doc.param_value(p))
            elif key in refs_params and cs is None:
                cs, ce = p.value_start, p.value_end
        for key in group_params:
            if key in given:
                value = given[key]
                if allowed is None or value in allowed:
                    group = value
                break
        self.lists.append(RefList("template", tpl.start, tpl.end, tpl.start, tpl.end, cs, ce, [],
                                  {"group": group}, group, tpl))

    def _ref_template(self, tpl: Template, spec: dict[str, Any], rc_refs, rc_starts) -> bool:  # noqa: ANN001
        """Refs emitted by a ref-making template (site data). False when its arguments are
        built by other templates or parser functions, so what it emits is unknown."""
        doc = self.doc
        text = self.text
        named: dict[str, Any] = {}
        positional: list[Any] = []
        for p in tpl.params:
            key = doc.param_key(p)
            named[key] = p  # the last one wins, as in MediaWiki
            if not p.showkey:
                positional.append(p)

        def raw(key: str) -> str | None:
            p = named.get(key)
            return None if p is None else text[p.value_start : p.value_end]

        def first(keys: list[str]) -> tuple[str, Any] | None:
            for k in keys:
                if k in named:
                    return k, named[k]
            return None

        def dynamic(v: str | None) -> bool:
            return v is not None and ("{{" in v or "{{{" in v)

        kind = spec["emits"]
        group = spec["group"]
        gp = first(spec["group-param"])
        if gp is not None:
            gv = raw(gp[0])
            if dynamic(gv):
                return False
            gv = _arg_value(gv or "")
            allowed = spec.get("groups")
            if allowed is None or gv in allowed:
                group = gv
        nested = _in_content(rc_refs, rc_starts, tpl.start)
        out: list[Ref] = []

        def make(name: str | None, cs: int | None, ce: int | None, override: str | None = None,
                 open_end: int | None = None) -> Ref:
            args: dict[str, str] = {}
            if group:
                args["group"] = group
            if name:
                args["name"] = name
            ref = self._make_ref(tpl.start, tpl.end, tpl.start, open_end or tpl.end, cs, ce,
                                 tpl.name_end, tpl.end, [], True, tpl, args,
                                 via_template=spec["template"], text_override=override)
            ref.nested = nested
            return ref

        if kind == "reuse":
            values = [text[p.value_start : p.value_end] for p in positional]
            if any(dynamic(v) for v in values):
                return False
            names = [_arg_value(v) for v in values]
            cp = first(spec["content-param"])
            for i, name in enumerate(names):
                if not name:
                    continue
                cs = ce = None
                if i == 0 and cp is not None:
                    cs, ce = cp[1].value_start, cp[1].value_end
                out.append(make(name, cs, ce))
        elif kind == "sfn":
            parts = [text[p.value_start : p.value_end] for p in positional[:5]]
            for keys in (("p", "page"), ("pp", "pages"), ("loc", "at")):
                hit = first(list(keys))
                parts.append(php_trim(raw(hit[0]) or "") if hit else "")
            if any(dynamic(v) for v in parts):
                return False
            stripped = [_strip_comments(v) for v in parts]
            name = php_trim("FOOTNOTE" + "".join(stripped))
            ps = raw("ps")
            body = "\x1f".join(stripped) + "\x1f" + (php_trim(ps) if ps is not None else ".")
            out.append(make(name, tpl.start, tpl.end, override=body))
        else:
            np_ = first(spec["name-param"])
            name = None
            if np_ is not None:
                nv = raw(np_[0])
                if dynamic(nv):
                    return False
                name = _arg_value(nv or "") or None
            cp = first(spec["content-param"])
            if cp is not None:
                p = cp[1]
                cs, ce = p.value_start, p.value_end
                if not p.showkey:
                    pass  # positional content keeps its whitespace
                else:
                    # a named argument is trimmed
                    while cs < ce and text[cs] in _WS_SET:
                        cs += 1
                    while ce > cs and text[ce - 1] in _WS_SET:
                        ce -= 1
                out.append(make(name, cs, ce, open_end=min(tpl.end, max(p.start, tpl.name_end))))
            else:
                # no content argument: the template passes an empty content (a reuse when named)
                out.append(make(name, tpl.end, tpl.end))
        self.refs.extend(out)
        return True

    def release(self) -> None:
        """Break the model's reference cycles (a list-defined ref and its list point at each
        other) so that reference counting frees it at once. The model is empty afterwards."""
        for rl in self.lists:
            rl.refs = []
            rl.nested_lists = []
            rl.nested_in = None
        for r in self.refs:
            r.in_references = None
        self.refs = []
        self.lists = []
        self._errors = {}

    # ------------------------------------------------------------------ queries
    def in_opaque(self, pos: int) -> bool:
        spans = self.opaque
        i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]

    def live_refs(self) -> list[Ref]:
        return [r for r in self.refs if not r.nested]

    def by_key(self) -> dict[tuple[str, str], list[Ref]]:
        """Named refs grouped by (group, name), in document order."""
        out: dict[tuple[str, str], list[Ref]] = {}
        for r in self.refs:
            if r.nested or r.name is None:
                continue
            out.setdefault((r.group, r.name), []).append(r)
        return out

    def content(self, ref: Ref) -> str | None:
        return ref.content(self.text)

    def has_list_for(self, group: str) -> bool:
        return any(rl.group == group for rl in self.lists)

    # ------------------------------------------------------------------ Cite simulation
    def cite_errors(self, mode: str = "parsoid", sub_referencing: bool | None = None) -> list[CiteError]:
        """Predicted Cite messages. ``mode="legacy"`` shows only the first message of a fatal
        status (as the legacy parser renders it); ``mode="parsoid"`` reports every message.
        *sub_referencing* overrides the document option ``cite_sub_referencing``."""
        sub = self.sub_referencing if sub_referencing is None else sub_referencing
        cached = self._errors.get((mode, sub))
        if cached is None:
            cached = self._errors[(mode, sub)] = _CiteSim(self, mode == "legacy", sub).run()
        return cached


# --------------------------------------------------------------------------------------------
# The simulation of Cite's reference stack


@dataclass(eq=False, slots=True)
class _Entry:
    name: str | None
    text: str | None
    dir: str | None
    first: Ref
    definer: Ref | None
    details_only: bool = True


def _event_key(obj: Ref | RefList) -> int:
    """Where Cite handles a ref or a list: a {{#tag:ref}} after its arguments (refs inside it
    come first), a list template or {{#tag:references}} at its end; a ref before a list that
    starts at the same place."""
    if type(obj) is RefList:
        return 2 * (obj.end if obj.kind != "tag" else obj.start) + 1
    return 2 * (obj.end if obj.via_tag_function else obj.start)


class _CiteSim:
    def __init__(self, model: RefModel, legacy: bool, sub: bool) -> None:
        self.m = model
        self.text = model.text
        self.legacy = legacy
        self.sub = sub
        self.errors: list[CiteError] = []
        self.stack: dict[str, dict[Any, _Entry]] = {}
        self._anon = 0
        self.allowed = REF_ATTRS + (("details",) if sub else ())
        self._content: tuple[Ref | None, str | None] = (None, None)  # the last ref's content

    def err(self, key: str, obj: Ref | RefList, params: tuple[str, ...] = (), related=()) -> CiteError:  # noqa: ANN001
        if isinstance(obj, Ref):
            return CiteError(key, obj.open_start, obj.open_end, params, ref=obj, related=tuple(related))
        return CiteError(key, obj.open_start, obj.open_end, params, ref_list=obj, related=tuple(related))

    def run(self) -> list[CiteError]:
        m = self.m
        events: list[Any] = []  # refs and lists
        for r in m.refs:
            if r.nested:
                continue
            rl = r.in_references
            if rl is not None and not (
                self.legacy and rl.kind == "tag_function" and rl.included_references
            ):
                continue
            # (legacy: refs in a {{#tag:references}} run once as ordinary refs while its
            # arguments expand, and again as list-defined refs when the list runs)
            # {{#tag:ref}} runs after its arguments (refs inside it come first)
            events.append(r)
        for rl in m.lists:
            outer = rl.nested_in
            if outer is not None and outer.kind == "tag":
                continue  # <references> inside <references>: literal
            if outer is not None and not self.legacy and self._included(outer):
                continue  # Parsoid drops the whole broken list
            events.append(rl)
        # In the order Cite sees them (a stable sort): usually that of the list already, and then
        # there is nothing to sort (no key per event to hold while sorting).
        prev = -1
        for obj in events:
            k = _event_key(obj)
            if k < prev:
                events.sort(key=_event_key)
                break
            prev = k
        for obj in events:
            if type(obj) is RefList:
                self.references(obj)
            else:
                self.ref(obj)
        self.end_of_page()
        return self.errors

    # one <ref> ---------------------------------------------------------
    def validate(self, ref: Ref, in_group: str | None) -> tuple[list[tuple[str, tuple[str, ...]]], dict]:
        msgs: list[tuple[str, tuple[str, ...]]] = []
        allowed = self.allowed
        args = dict(ref.args)
        bad = [k for k in args if k not in allowed]
        if bad:
            first = bad[0]
            suggestion = None if ref.via_tag_function and False else closest_match(first, allowed)
            if suggestion:
                msgs.append(("cite_error_ref_parameter_suggestion", (first, suggestion)))
            else:
                msgs.append(("cite_error_ref_too_many_keys", (first, ", ".join(sorted(allowed)))))
            for k in bad:
                del args[k]
        name = args.get("name") or ""
        follow = args.get("follow") or ""
        if _is_digits(name):
            msgs.append(("cite_error_ref_numeric_key", ()))
            name = ""
        elif _is_digits(follow):
            msgs.append(("cite_error_ref_numeric_key", ("follow",)))
        if follow and (name or "details" in args):
            msgs.append(("cite_error_ref_follow_conflicts", ()))
        if "dir" in args:
            if args["dir"].lower() not in VALID_DIRS:
                msgs.append(("cite_error_ref_invalid_dir", (args["dir"],)))
                args["dir"] = None
            else:
                args["dir"] = args["dir"].lower()
        group = args.get("group")
        if group is None:
            group = in_group if in_group is not None else ""
        content = ref.content(self.text)
        self._content = (ref, content)  # push() and ldr() ask again for the same ref
        if in_group is None:
            if not name:
                contains = content is not None and php_trim(content) != ""
                if "details" in args and not contains:
                    msgs.append(("cite_error_details_missing_parent", ()))
                elif args.get("details", "") != "":
                    msgs.append(("cite_error_ref_with_details_no_name", ()))
                    args.pop("details", None)
                elif content is None:
                    msgs.append(("cite_error_ref_no_key", ()))
                elif not contains:
                    msgs.append(("cite_error_ref_no_input", ()))
            if (
                self.legacy
                and content is not None
                and not ref.via_tag_function
                and included_ref_offset(content) is not None
            ):
                msgs.append(("cite_error_included_ref", ()))
        else:
            if "details" in args:
                msgs.append(("cite_error_details_unsupported_context", (name,)))
                args.pop("details", None)
            if group != in_group:
                msgs.append(("cite_error_references_group_mismatch", (group,)))
                group = in_group
            if not name:
                msgs.append(("cite_error_references_no_key", ()))
            if content is None or php_trim(content) == "":
                msgs.append(("cite_error_empty_references_define", (name, group)))
        args["name"] = name
        args["group"] = group
        return msgs, args

    def _fatal(self, msgs) -> bool:  # noqa: ANN001
        for key, params in msgs:
            if key in FATAL_KEYS or (key == "cite_error_ref_numeric_key" and params == ("follow",)):
                return True
        return False

    def _emit(self, msgs, obj, only_first: bool) -> None:  # noqa: ANN001
        if only_first:
            msgs = msgs[:1]
        for key, params in msgs:
            p = params if key != "cite_error_ref_numeric_key" else ()
            self.errors.append(self.err(key, obj, p))

    def ref(self, ref: Ref) -> None:
        msgs, args = self.validate(ref, None)
        if msgs:
            fatal = self._fatal(msgs)
            self._emit(msgs, ref, self.legacy and fatal)
            if fatal:
                return
        self.push(ref, args)

    def _content_of(self, ref: Ref) -> str | None:
        """``ref.content(text)``, which validate() has just read for the same ref."""
        last, content = self._content
        return content if last is ref else ref.content(self.text)

    def push(self, ref: Ref, args: dict) -> None:
        name = args["name"] or None
        group = args["group"]
        text = self._content_of(ref)
        if text is not None and php_trim(text) == "" and name:
            text = None
        grp = self.stack.setdefault(group, {})
        follow = args.get("follow")
        if follow and not name:
            entry = grp.get(follow)
            if entry is not None:
                entry.text = (entry.text or "") + " " + (text or "")
            else:
                self._push_anon(grp, _Entry(None, text, None, ref, ref))
            return
        if not name:
            self._push_anon(grp, _Entry(None, text, args.get("dir"), ref, ref))
            return
        entry = grp.get(name)
        rdir = args.get("dir")
        if entry is None:
            grp[name] = _Entry(name, text, rdir, ref, ref if text is not None else None,
                               details_only="details" in args)
            return
        if "details" not in args:
            entry.details_only = False
        if rdir and entry.dir and rdir != entry.dir:
            self.errors.append(self.err("cite_error_ref_conflicting_dir", ref, (name,),
                                        self._rel(entry.first, "first use")))
        if text is not None:
            if entry.text is None:
                entry.text = text
                entry.definer = ref
                if rdir and not entry.dir:
                    entry.dir = rdir
            elif entry.text != text:
                d = entry.definer or entry.first
                self.errors.append(self.err("cite_error_references_duplicate_key", ref, (name,),
                                            self._rel(d, "first definition")))
        elif rdir and not entry.dir:
            entry.dir = rdir

    def _push_anon(self, grp: dict[Any, _Entry], entry: _Entry) -> None:
        """Stack an unnamed ref. Its entry is never looked up again: all that matters of it is
        that the group is not empty and, when it is the group's first entry, where the group's
        first ref is (``end_of_page``). So it is kept only when the group is empty: a page of
        200,000 unnamed refs does not hold 200,000 entries."""
        self._anon += 1
        if not grp:
            grp[("anon", self._anon)] = entry

    def _rel(self, ref: Ref, what: str) -> tuple[tuple[int, int, str], ...]:
        return ((ref.open_start, ref.open_end, what),)

    # one list ---------------------------------------------------------
    def references(self, rl: RefList) -> None:
        allowed = LIST_ATTRS
        bad = [k for k in rl.args if k not in allowed] if rl.kind != "template" else []
        group = rl.group
        if self._included(rl):
            self.errors.append(self.err("cite_error_included_references", rl))
            if not self.legacy:
                return
        if not self._included(rl) or self.legacy:
            refs = list(rl.refs)
            if rl.kind == "tag":
                # lists nested in a <references> body are literal; their refs are ours
                for inner in rl.nested_lists:
                    refs.extend(inner.refs)
                refs.sort(key=lambda r: r.end if r.via_tag_function else r.start)
            for ref in refs:
                if not ref.nested:
                    self.ldr(ref, group)
        if self._included(rl):
            return
        if bad:
            self.errors.append(self.err("cite_error_references_invalid_parameters", rl,
                                        (bad[0], ", ".join(allowed))))
            if self.legacy:
                return
        self.output(group, rl)

    def _included(self, rl: RefList) -> bool:
        """``cite_error_included_references``: a list whose body holds another list. Parsoid
        only reports it when the inner list is self-closing (a real missing close tag)."""
        if not rl.included_references:
            return False
        if self.legacy or rl.kind == "tag":
            return True
        return any(inner.self_closing for inner in rl.nested_lists)

    def ldr(self, ref: Ref, group: str) -> None:
        msgs, args = self.validate(ref, group)
        name = args["name"]
        grp = self.stack.get(group, {})
        if name and name not in grp:
            msgs.append(("cite_error_references_missing_key", (name,)))
        fatal = self._fatal(msgs)
        self._emit(msgs, ref, self.legacy)
        if fatal:
            return
        entry = grp[name]
        text = ref.content(self.text)
        if entry.text is None:
            entry.text = text
            entry.definer = ref
        elif entry.text != text:
            d = entry.definer or entry.first
            self.errors.append(self.err("cite_error_references_duplicate_key", ref, (name,),
                                        self._rel(d, "first definition")))

    def output(self, group: str, rl: RefList | None) -> None:
        grp = self.stack.pop(group, None)
        if not grp:
            return
        for entry in grp.values():
            if entry.name is not None and entry.text is None:
                if not self.legacy and entry.details_only and self.sub:
                    continue
                self.errors.append(self.err("cite_error_references_no_text", entry.first, (entry.name,)))

    def end_of_page(self) -> None:
        for group in list(self.stack):
            grp = self.stack[group]
            if not grp:
                continue
            if group == "":
                self.output(group, None)
            else:
                first = next(iter(grp.values())).first
                self.errors.append(self.err("cite_error_group_refs_without_references", first, (group,)))
                if not self.legacy:
                    self.output(group, None)
                else:
                    self.stack.pop(group)


def build_ref_model(doc: Document) -> RefModel:
    return RefModel(doc)
