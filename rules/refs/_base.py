"""Shared helpers of the reference rules (not a rule module: nothing here has a code)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix
from wikilint.refs import Attr, CiteError, Ref
from wikilint.rule import Rule


def q(name: str) -> str:
    return f'"{name}"'


def group_suffix(group: str) -> str:
    return f' in group "{group}"' if group else ""


def line_of(doc: Document, offset: int) -> int:
    return doc.line_col(offset)[0]


def quote_attr(value: str) -> str:
    """An attribute value in double quotes (a literal ``"`` becomes ``&quot;``)."""
    return '"' + value.replace('"', "&quot;") + '"'


def self_closing_opener(doc: Document, ref: Ref) -> str:
    """The ref's opener turned into a self-closing tag: ``<ref name="x">`` -> ``<ref name="x" />``."""
    opener = doc.text[ref.open_start : ref.open_end]
    body = opener[:-1].rstrip()
    if body.endswith("/"):
        body = body[:-1].rstrip()
    return body + " />"


def open_opener(doc: Document, ref: Ref) -> str:
    """The ref's opener as an opening tag: ``<ref name="x" />`` -> ``<ref name="x">``."""
    opener = doc.text[ref.open_start : ref.open_end]
    body = opener[:-1]
    if ref.self_closing:
        body = body.rstrip()[:-1].rstrip()
    return body + ">"


class CiteKeyRule(Rule):
    """A rule that reports some of the Cite errors the reference model predicts."""

    #: "parsoid" (every message) or "legacy" (what the legacy parser shows)
    mode = "parsoid"
    #: evaluate with sub-referencing forced on/off (None: the document option)
    sub_referencing: bool | None = None

    def message(self, doc: Document, err: CiteError) -> str | None:  # pragma: no cover
        raise NotImplementedError

    def fix(self, doc: Document, err: CiteError) -> Fix | None:
        return None

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        keys = set(self.mw_keys)
        seen: set[tuple[str, int]] = set()
        for err in doc.refs.cite_errors(self.mode, self.sub_referencing):
            if err.key not in keys or (err.key, err.start) in seen:
                continue
            seen.add((err.key, err.start))
            msg = self.message(doc, err)
            if msg is None:
                continue
            related = [(s, e, f"{m} (line {line_of(doc, s)})") for s, e, m in err.related]
            yield self.report(
                doc, err.start, err.end, msg, fix=self.fix(doc, err), mw_key=err.key, related=related,
                data={"params": list(err.params)} if err.params else None,
            )


_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_FIELD = re.compile(
    r"\|\s*(last1?|author1?|surname1?|authors|editor1?-last|publisher|work|website|newspaper|"
    r"journal|magazine|title|agency)\s*=\s*([^|}\n]*)",
    re.I,
)
_DATE = re.compile(r"\|\s*(?:year|date|publication-date)\s*=\s*([^|}]*)", re.I)
_URL_HOST = re.compile(r"https?://(?:www\.)?([^/\s|\]}<]+)", re.I)
_BAD_CHARS = re.compile(r"[\"<>\[\]{}|=#&/\\'’`]+")


def derive_ref_name(content: str, taken: set[str], next_free: dict[str, int] | None = None) -> str:
    """A readable ref name for a citation: author/publisher/title + year, unique among *taken*.

    *next_free*, for a caller that asks many times while *taken* only grows: per base name, the
    number the last search ended at (all below it are taken), so that thousands of citations
    with the same base name do not each count up from 2 again."""
    fields: dict[str, str] = {}
    for m in _FIELD.finditer(content):
        key = m.group(1).lower()
        val = m.group(2).strip()
        if val and key not in fields:
            fields[key] = val
    base = ""
    for key in ("last", "last1", "surname", "surname1", "author", "author1", "authors",
                "editor-last", "editor1-last", "publisher", "work", "website", "newspaper",
                "journal", "magazine", "agency", "title"):
        if fields.get(key):
            base = fields[key]
            break
    if not base:
        m = _URL_HOST.search(content)
        if m:
            labels = [x for x in m.group(1).lower().split(".") if x]
            base = labels[-2] if len(labels) >= 2 else labels[0]
    if not base:
        plain = re.sub(r"\{\{|\}\}|\[\[|\]\]|<[^>]*>|''+|&[a-z]+;|&#\w+;", " ", content)
        plain = re.split(r"[:;,.(]", plain.strip(), maxsplit=1)[0]
        base = " ".join(plain.split()[:3])
    base = _BAD_CHARS.sub(" ", base)
    base = " ".join(base.split())[:30].strip()
    year = None
    dm = _DATE.search(content)
    if dm:
        ym = _YEAR.search(dm.group(1))
        year = ym.group(1) if ym else None
    if year is None and base and not _URL_HOST.search(base):
        ym = _YEAR.search(content)
        year = ym.group(1) if ym else None
    name = f"{base} {year}" if base and year and year not in base else (base or "ref")
    if name.isascii() and name.isdigit():
        name = "ref " + name
    candidate = name
    if candidate in taken:
        n = next_free.get(name, 2) if next_free is not None else 2
        candidate = f"{name} {n}"
        while candidate in taken:
            n += 1
            candidate = f"{name} {n}"
        if next_free is not None:
            next_free[name] = n
    return candidate


def split_unquoted_name(doc: Document, ref: Ref, attrs: list[Attr] | None = None) -> tuple[int, int, str] | None:
    """``<ref name=foo bar>``: an unquoted name followed by value-less words. Returns the span
    from the name attribute to the last word and the name the author meant (``foo bar``).
    *attrs*: ``ref.attrs`` when the caller has it (each access decodes them again)."""
    if attrs is None:
        attrs = ref.attrs
    for i, a in enumerate(attrs):
        if a.name != "name" or a.quote or a.value_start is None:
            continue
        rest = attrs[i + 1 :]
        if not rest or any(b.value_start is not None or b.name in ("group", "follow", "dir", "details") for b in rest):
            return None
        if a.value_start == a.value_end or any(b.start < a.end for b in rest):
            return None  # `<ref name=a b name=>`: the attributes are not "name=foo bar" in order
        end = rest[-1].end
        words = doc.text[a.value_start : end]
        if "=" in words or "<" in words:
            return None
        return a.start, end, " ".join(words.split())
    return None


def all_names(doc: Document) -> set[str]:
    """Every ref name used on the page (any group), plus names given to ref-making templates."""
    names = {r.name for r in doc.refs.refs if r.name}
    return names | doc.refs.template_names


def template_param_values(doc: Document) -> set[str]:
    """Stripped values of every template parameter ({{r|name}} reuses, {{sfn}} …)."""
    cache = getattr(doc, "_wl_param_values", None)
    if cache is None:
        cache = set()
        text = doc.text
        for tpl in doc.templates:
            for p in tpl.params:
                v = text[p.value_start : p.value_end].strip()
                if v and len(v) < 200:
                    cache.add(v)
                    cache.add(v.strip("\"'"))
        try:
            doc._wl_param_values = cache  # type: ignore[attr-defined]
        except AttributeError:  # pragma: no cover - slotted Document
            pass
    return cache


_LISTY_NAME = re.compile(
    r"ref|note|foot|source|biblio|примечани|сноск|référence|referenc|einzelnachweis|quelle|"
    r"przypis|fonti|bronnen|参考|參考|注|脚注|出典|각주|出处|出處|文献|文獻|hivatkoz|kaynak|"
    r"viitteet|källor|noter|odkazy|izvori|riferiment|nūruod|tham khảo|তথ্যসূত্র|সূত্র|"
    r"संदर्भ|ссылк|джерел|παραπομπ|αναφορ|ծանոթ|աղբյուր|مراجع|المراجع|הערות",
    re.I,
)
_NOT_LIST = re.compile(r"^(?:cite|citation|chú thích|r|rp|ref|refn|efn|sfn|harv|#tag:ref)\b", re.I)
_LIST_PARAMS = frozenset({"refs", "colwidth", "group", "liststyle", "responsive", "1"})


_NON_SPACE = re.compile(r"\S")  # \s is str.isspace(), as str.strip() uses


def _alone_after_heading(doc: Document, start: int, end: int) -> bool:
    """Whether text[start:end] stands alone on its line (only whitespace around it) and the
    last non-blank text before that line is a heading line ("=" at both ends).

    Bounded by the line: the line's start comes from the line index, and each search stops at
    the first non-space character, so thousands of templates on one line stay linear."""
    text = doc.text
    # the characters right beside it first: most templates stand in running text, and then
    # the line index (built on first use) is not needed
    if (start and not text[start - 1].isspace()) or (end < len(text) and not text[end].isspace()):
        return False
    starts = doc.line_starts
    ls = starts[bisect.bisect_right(starts, start) - 1]
    k = bisect.bisect_right(starts, end)  # the line after the one holding end (a template may span lines)
    le = starts[k] - 1 if k < len(starts) else len(text)
    if _NON_SPACE.search(text, ls, start) or _NON_SPACE.search(text, end, le):
        return False
    # text[:ls].rstrip(): walk back over whitespace (only blank lines and the previous line's
    # trailing spaces, each walked by one template at most)
    j = ls
    while j > 0 and text[j - 1].isspace():
        j -= 1
    prev_line = text[text.rfind("\n", 0, j) + 1 : j]
    return prev_line.startswith("=") and prev_line.endswith("=")


#: the two name tests of _possible_list_templates by template name, for every page: the names
#: recur across pages, and _LISTY_NAME (dozens of words, no common first letter) is slow to run
#: over a name. Bounded: a scan of a whole wiki meets endless names.
_NAME_TESTS: dict[str, tuple[bool, bool]] = {}
_NAME_TESTS_MAX = 8192


def _name_tests(name: str) -> tuple[bool, bool]:
    """(whether *name* is surely not a list template, whether it looks like one), kept in
    _NAME_TESTS."""
    not_list = _NOT_LIST.match(name) is not None
    tests = (not_list, not not_list and _LISTY_NAME.search(name) is not None)
    if len(_NAME_TESTS) >= _NAME_TESTS_MAX:
        _NAME_TESTS.clear()
    _NAME_TESTS[name] = tests
    return tests


def possible_list_templates(doc: Document) -> list[tuple[object, str | None]]:
    """Templates that may output a reference list, with their explicit ``group`` (None when
    the template gives none, so its default group is unknown on this wiki).

    Known list templates of the site profile; templates with ``refs=``/``colwidth=``/
    ``group=``; templates whose name looks like a reference or notes list in some language;
    and templates standing alone on the line right after a section heading.
    Found once per page (two rules ask); the list is shared, not to be changed."""
    cached = doc.__dict__.get("_wl_list_templates")
    if cached is None:
        cached = doc.__dict__["_wl_list_templates"] = _possible_list_templates(doc)
    return cached


def _possible_list_templates(doc: Document) -> list[tuple[object, str | None]]:
    text = doc.text
    reflist = doc.site.template_names("reflist")
    opaque = doc.refs.opaque  # sorted and disjoint
    n_op = len(opaque)
    o = 0  # the first opaque span that ends after the template's start (templates in order)
    template_name = doc.template_name
    param_key = doc.param_key
    out = []
    for tpl in doc.templates:
        t_start = tpl.start
        while o < n_op and opaque[o][1] <= t_start:
            o += 1
        if o < n_op and opaque[o][0] <= t_start:
            continue  # doc.refs.in_opaque(tpl.start)
        name = template_name(tpl)
        keys = {param_key(p) for p in tpl.params}
        listy = name in reflist or bool(keys & {"refs", "colwidth", "liststyle"})
        if not listy:
            tests = _NAME_TESTS.get(name)
            if tests is None:
                tests = _name_tests(name)
            if not tests[0]:
                if tests[1]:
                    listy = True
                elif keys <= _LIST_PARAMS and _alone_after_heading(doc, tpl.start, tpl.end):
                    listy = True
        if not listy:
            continue
        group = None
        for p in tpl.params:
            if p.showkey and doc.param_key(p) == "group":
                group = text[p.value_start : p.value_end].strip().strip("\"'")
        out.append((tpl, group))
    return out
