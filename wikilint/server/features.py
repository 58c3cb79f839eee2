"""What the language server knows about a page, without any protocol: reference navigation on
the reference model, the section outline, folding, completion contexts, suppression edits and
fix-all edits. Offsets are code points into ``doc.text`` (the page without a BOM).

The server (``wikilint.server.lsp``) turns these results into LSP messages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Edit
from ..refs import Ref, cite_value, php_trim

if TYPE_CHECKING:
    from ..document import Document

__all__ = [
    "RefTarget",
    "target_at",
    "definitions",
    "uses",
    "name_spans",
    "rename_edits",
    "RenameError",
    "hover_text",
    "ref_name_context",
    "ref_name_items",
    "template_context",
    "template_param_items",
    "outline",
    "folding",
    "disable_line_edit",
    "disable_file_edit",
    "text_edits",
]


# --------------------------------------------------------------------------------------------
# References


@dataclass(frozen=True)
class RefTarget:
    """The (group, name) a position points at, and where that name is written there."""

    group: str
    name: str
    ref: Ref
    start: int  # the name as written (value of name= or follow=); the opener when not found
    end: int
    exact: bool = True  # False: the name is not written as such (a template computes it)


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _value_span(doc: Document, s: int, e: int) -> tuple[int, int]:
    """A parameter value without surrounding whitespace and quotes."""
    raw = doc.text[s:e]
    lead = len(raw) - len(raw.lstrip())
    s, e = s + lead, s + len(raw.rstrip())
    if e - s >= 2 and doc.text[s] in "\"'" and doc.text[e - 1] == doc.text[s]:
        s, e = s + 1, e - 1
    return s, e


def name_spans(doc: Document, ref: Ref, attr: str = "name") -> list[tuple[int, int]]:
    """Where the value of the ref's *attr* (``name`` or ``follow``) is written: the attribute
    of a ``<ref>``; the ``name=`` of ``{{#tag:ref}}``; for a ref-making template of the site
    (``{{r|a|b}}``, ``{{efn|name=a}}``) every argument whose value is the name."""
    value = ref.name if attr == "name" else ref.follow
    if not value:
        return []
    for a in ref.attrs:
        if a.name == attr and a.value_start is not None:
            return [(a.value_start, a.value_end)]  # type: ignore[list-item]
    tpl = ref.template
    if tpl is None:
        return []
    from_template = getattr(ref, "via_template", None) is not None
    out = []
    for p in tpl.params:
        if p.showkey:
            key = doc.param_key(p)
            if key != attr and not (attr == "name" and key == "refname") and not (from_template and key.isdigit()):
                continue
        elif not from_template or attr != "name":
            continue  # {{#tag:ref|content}}: a positional argument is the content
        s, e = _value_span(doc, p.value_start, p.value_end)
        if cite_value(_COMMENT.sub("", doc.text[s:e])) == value:
            out.append((s, e))
    return out


def _live(model: Any) -> list[Ref]:
    return [r for r in model.refs if not r.nested]


def target_at(doc: Document, offset: int) -> RefTarget | None:
    """The named reference at *offset*: in a ref's opener (a reuse is all opener), in a
    ref-making template, or on the name of a ``follow=``. The innermost ref wins
    ({{#tag:ref}} can hold refs); of several refs one template makes ({{r|a|b}}), the one
    whose name is under the cursor."""
    model = doc.refs
    hits: list[Ref] = []
    for r in model.refs:
        if r.open_start <= offset <= r.open_end or (r.template is not None and r.start <= offset <= r.end):
            hits.append(r)
    if not hits:
        return None
    size = min(r.end - r.start for r in hits)
    hits = [r for r in hits if r.end - r.start == size]
    for r in hits:
        for s, e in name_spans(doc, r, "follow"):
            if s <= offset <= e:
                return RefTarget(r.group, r.follow or "", r, s, e)
        for s, e in name_spans(doc, r):
            if s <= offset <= e:
                return RefTarget(r.group, r.name or "", r, s, e)
    best = next((r for r in hits if r.name is not None), None)
    if best is None:
        return None
    spans = name_spans(doc, best)
    if spans:
        return RefTarget(best.group, best.name or "", best, *spans[0])
    return RefTarget(best.group, best.name or "", best, best.open_start, best.open_end, exact=False)


def definitions(doc: Document, group: str, name: str) -> list[Ref]:
    """The refs that give (group, name) its text, in document order (usually one)."""
    text = doc.text
    return [r for r in _live(doc.refs) if r.group == group and r.name == name and r.has_text(text)]


def uses(doc: Document, group: str, name: str) -> list[RefTarget]:
    """Every place the name is written: refs with that name and refs that ``follow=`` it."""
    out: list[RefTarget] = []
    taken: set[tuple[int, int]] = set()  # {{r|a|a}}: two refs, two places
    for r in _live(doc.refs):
        if r.group != group:
            continue
        for attr, value in (("name", r.name), ("follow", r.follow)):
            if value != name:
                continue
            spans = [sp for sp in name_spans(doc, r, attr) if sp not in taken]
            if spans:
                taken.add(spans[0])
                out.append(RefTarget(group, name, r, *spans[0]))
            elif attr == "name":
                out.append(RefTarget(group, name, r, r.open_start, r.open_end, exact=False))
    return out


class RenameError(Exception):
    """A rename that must not happen; the message says why."""


_NOT_IN_NAMES = re.compile(r"[<>\n\r]")
_NOT_IN_TEMPLATE_NAMES = re.compile(r"[|{}\[\]<>\n\r]")


def rename_edits(doc: Document, target: RefTarget, new_raw: str) -> list[Edit]:
    """Edits renaming (group, name) everywhere on the page. Refuses a rename that would make
    the name invalid, collide with another reference (two refs merged into one) or touch a
    use wikilint cannot edit exactly."""
    new = cite_value(new_raw)
    group, old = target.group, target.name
    if not new:
        raise RenameError("A reference name cannot be empty")
    if new.isascii() and new.isdigit():
        raise RenameError(f'"{new}" is not a valid reference name: Cite rejects digits-only names')
    if _NOT_IN_NAMES.search(new_raw):
        raise RenameError(f'"{new_raw}" cannot be a reference name ("<", ">" and line breaks end the tag)')
    if new == old:
        return []
    model = doc.refs
    taken = [r for r in _live(model) if r.group == group and r.name == new]
    if taken:
        line = doc.line_col(taken[0].start)[0]
        where = f' in group "{group}"' if group else ""
        raise RenameError(
            f'A different reference named "{new}" already exists{where} (line {line}): renaming '
            f'"{old}" to it would merge two references into one'
        )
    if old in getattr(model, "template_names", ()):
        raise RenameError(
            f'"{old}" is also the name= of a template that makes references; rename it there by hand'
        )
    edits: list[Edit] = []
    for use in uses(doc, group, old):
        s, e, ref = use.start, use.end, use.ref
        line = doc.line_col(s)[0]
        if not use.exact:
            raise RenameError(f'The name "{old}" at line {line} is made by a template, not written out')
        if ref.template is not None and not ref.attrs:  # {{#tag:ref|…|name=…}}, {{r|…}}, {{efn|name=…}}
            positional = getattr(ref, "via_template", None) is not None
            if _NOT_IN_TEMPLATE_NAMES.search(new_raw) or (positional and "=" in new_raw):
                raise RenameError(f'"{new_raw}" cannot be written into the template at line {line}')
            edits.append(Edit(s, e, new_raw))
            continue
        text = doc.text
        quote = text[s - 1] if s > 0 and e < len(text) and text[s - 1] in "\"'" and text[e] == text[s - 1] else ""
        if quote == '"':
            value = new_raw.replace('"', "&quot;")
        elif quote == "'":
            value = new_raw.replace("'", "&#39;")
        elif re.search(r"[\s\"'/>=`]", new_raw):
            value = '"' + new_raw.replace('"', "&quot;") + '"'
        else:
            value = new_raw
        edits.append(Edit(s, e, value))
    edits.sort()
    _check_rename(doc, group, old, new, edits)
    return edits


def _check_rename(doc: Document, group: str, old: str, new: str, edits: list[Edit]) -> None:
    """Re-read the renamed page: the new name must have exactly the old name's refs, and
    every other name keeps its refs."""
    from ..document import Document as Doc
    from ..fixer import apply_edits

    before = doc.refs.by_key()
    renamed = Doc(apply_edits(doc.text, edits), path=doc.path, site=doc.site, options=doc.options)
    after = renamed.refs.by_key()
    if len(after.get((group, new), ())) != len(before.get((group, old), ())) or (group, old) in after:
        raise RenameError(f'Renaming "{old}" to "{new}" would change which references share a name')
    others_before = sorted((k, len(v)) for k, v in before.items() if k != (group, old))
    others_after = sorted((k, len(v)) for k, v in after.items() if k != (group, new))
    if others_before != others_after:
        raise RenameError(f'Renaming "{old}" to "{new}" would change other references')


def hover_text(doc: Document, target: RefTarget, limit: int = 1500) -> str:
    """Markdown for a hover on a named ref: the definition's content and how often it is used."""
    defs = definitions(doc, target.group, target.name)
    n_uses = sum(1 for r in _live(doc.refs) if r.group == target.group and r.name == target.name)
    group = f' (group "{target.group}")' if target.group else ""
    head = f'**Reference "{target.name}"**{group}: used {n_uses} time{"s" if n_uses != 1 else ""}'
    if not defs:
        return head + "\n\nNever defined: MediaWiki shows a Cite error for it."
    first = defs[0]
    content = php_trim(first.content(doc.text) or "")
    if len(content) > limit:
        content = content[:limit] + " …"
    line = doc.line_col(first.start)[0]
    where = "defined here" if first is target.ref else f"defined on line {line}"
    more = f"; {len(defs)} definitions" if len(defs) > 1 else ""
    fence = "```"
    while fence in content:
        fence += "`"
    return f"{head}, {where}{more}\n\n{fence}wikitext\n{content}\n{fence}"


def plain(markdown: str) -> str:
    """The hover text for a client without Markdown: no emphasis, no code fences."""
    out = []
    for line in markdown.split("\n"):
        if line.startswith("```"):
            continue
        out.append(line.replace("**", ""))
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Completion

_REF_ATTR = re.compile(r"<ref\b([^<>]*?)\b(name|follow)\s*=\s*([\"']?)([^\"'<>]*)\Z", re.I | re.S)
_GROUP_ATTR = re.compile(r"\bgroup\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>/]+))", re.I)


@dataclass(frozen=True)
class RefNameContext:
    group: str
    start: int  # where the typed part of the name starts
    quote: str  # the quote the user opened ("" when none)


def ref_name_context(text: str, offset: int) -> RefNameContext | None:
    """Is the cursor in the value of ``name=``/``follow=`` of a ``<ref`` opener?"""
    window = text[max(0, offset - 400) : offset]
    m = _REF_ATTR.search(window)
    if m is None:
        return None
    g = _GROUP_ATTR.search(m.group(1))
    group = cite_value(next(x for x in g.groups() if x is not None)) if g else ""
    start = offset - len(m.group(4))
    return RefNameContext(group, start, m.group(3))


def ref_name_items(doc: Document, group: str) -> list[tuple[str, str]]:
    """(name, first words of its definition) for every named ref of *group*, by first use."""
    seen: dict[str, str] = {}
    text = doc.text
    for r in _live(doc.refs):
        if r.group != group or r.name is None:
            continue
        if r.name not in seen or (not seen[r.name] and r.has_text(text)):
            content = php_trim(r.content(text) or "") if r.has_text(text) else ""
            seen[r.name] = content
    return list(seen.items())


@dataclass(frozen=True)
class TemplateContext:
    name: str  # the template's name as written (trimmed)
    start: int  # where the typed part of the parameter name starts
    used: tuple[str, ...]  # parameter names already in the call


_SCAN_LIMIT = 20000


_BRACKETS = re.compile(r"\{\{|\}\}|\[\[|\]\]|\|")


def _top_level_segments(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``|``-separated segments of ``text[lo:hi]`` at nesting depth 0 ({{ }}, [[ ]])."""
    segs = []
    depth = 0
    start = lo
    for m in _BRACKETS.finditer(text, lo, hi):
        tok = m.group()
        if tok in ("{{", "[["):
            depth += 1
        elif tok in ("}}", "]]"):
            if depth > 0:
                depth -= 1
        elif depth == 0:
            segs.append((start, m.start()))
            start = m.end()
    segs.append((start, hi))
    return segs


def template_context(text: str, offset: int) -> TemplateContext | None:
    """Is the cursor where a parameter name goes in a template call (``{{Name|…|par``)?"""
    lo = max(0, offset - _SCAN_LIMIT)
    depth = 0
    open_at = -1
    tokens = [m for m in _BRACKETS.finditer(text, lo, offset) if m.group() != "|"]
    for m in reversed(tokens):
        tok = m.group()
        if tok in ("}}", "]]"):
            depth += 1
        elif depth > 0:
            depth -= 1
        elif tok == "[[":
            return None  # inside a link
        else:
            if (m.start() > 0 and text[m.start() - 1] == "{") or text[m.end() : m.end() + 1] == "{":
                return None  # {{{argument
            open_at = m.end()
            break
    if open_at < 0:
        return None
    segs = _top_level_segments(text, open_at, offset)
    if len(segs) < 2:
        return None  # still in the template's name
    name = re.sub(r"<!--.*?-->", "", text[segs[0][0] : segs[0][1]], flags=re.S).strip()
    if not name or name.startswith("#") or "\n" in name.strip() or ":" in name and name.split(":", 1)[0].strip().lower() not in ("template", "模板"):
        return None
    cur_s, cur_e = segs[-1]
    current = text[cur_s:cur_e]
    if "=" in current:
        return None  # in a value
    stripped = current.lstrip()
    start = cur_e - len(stripped)
    # parameters already given: before the cursor, and after it up to the closing braces
    used = [text[s:e].split("=", 1)[0].strip() for s, e in segs[1:-1] if "=" in text[s:e]]
    end = _closing(text, offset)
    if end is not None:
        for s, e in _top_level_segments(text, offset, end)[1:]:
            if "=" in text[s:e]:
                used.append(text[s:e].split("=", 1)[0].strip())
    return TemplateContext(name, start, tuple(used))


def _closing(text: str, offset: int) -> int | None:
    """Where the template call the cursor is in ends (its ``}}``), if within reach."""
    depth = 0
    for m in _BRACKETS.finditer(text, offset, min(len(text), offset + _SCAN_LIMIT)):
        tok = m.group()
        if tok in ("{{", "[["):
            depth += 1
        elif tok in ("}}", "]]"):
            if depth == 0:
                return m.start() if tok == "}}" else None
            depth -= 1
    return None


def template_param_items(info: Any, used: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(parameter name to insert, ParamSpec) for the parameters not used yet, required first,
    then suggested, then the rest, deprecated last."""
    used_ids = set()
    for key in used:
        hit = info.resolve(key)
        if hit is not None:
            used_ids.add(hit[1])
    out = []
    for main, spec in info.params.items():
        name = main.replace("#", "1")
        hit = info.resolve(name)
        if hit is not None and hit[1] in used_ids:
            continue
        out.append((name, spec))

    def rank(item: tuple[str, Any]) -> tuple[int, str]:
        spec = item[1]
        if spec.deprecated:
            return (3, item[0])
        return (0 if spec.required else 1 if spec.suggested else 2, item[0])

    out.sort(key=rank)
    return out


# --------------------------------------------------------------------------------------------
# Structure


def _real_heading(doc: Document, h: Any) -> bool:
    for anc in h.ancestors():
        if anc.kind in ("template", "comment", "argument", "wikilink"):
            return False
        if anc.kind == "tag" and getattr(anc, "name", "") in ("ref", "nowiki", "pre", "gallery"):
            return False
    return True


@dataclass
class Section:
    title: str
    level: int
    start: int  # the heading
    heading_end: int
    end: int  # up to the next heading of the same or a higher level
    children: list[Section]


def outline(doc: Document) -> list[Section]:
    """The section tree from the page's headings."""
    heads = [h for h in doc.headings if _real_heading(doc, h)]
    flat: list[Section] = []
    for h in heads:
        title = re.sub(r"<!--.*?(?:-->|\Z)", "", doc.text[h.title_start : h.title_end], flags=re.S).strip()
        flat.append(Section(title or "(empty heading)", h.level, h.start, h.end, len(doc.text), []))
    for i, s in enumerate(flat):
        for t in flat[i + 1 :]:
            if t.level <= s.level:
                s.end = t.start
                break
    roots: list[Section] = []
    stack: list[Section] = []
    for s in flat:
        while stack and stack[-1].level >= s.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(s)
        stack.append(s)
    return roots


def folding(doc: Document) -> list[tuple[int, int, str]]:
    """(start offset, end offset, kind) for sections, multi-line templates, tables and
    comments; kind is "region" or "comment". The end offset is the last character folded."""
    out: list[tuple[int, int, str]] = []
    text = doc.text

    def walk(sections: list[Section]) -> None:
        for s in sections:
            end = s.end
            while end > s.start and text[end - 1] in "\r\n":
                end -= 1
            out.append((s.start, max(s.start, end - 1), "region"))
            walk(s.children)

    walk(outline(doc))
    for tpl in doc.templates:
        if "\n" in text[tpl.start : tpl.end]:
            out.append((tpl.start, tpl.end - 1, "region"))
    for tag in doc.tags:
        if tag.name == "table" and "\n" in text[tag.start : tag.end]:
            out.append((tag.start, tag.end - 1, "region"))
    for c in doc.comments:
        if "\n" in text[c.start : c.end]:
            out.append((c.start, c.end - 1, "comment"))
    return out


# --------------------------------------------------------------------------------------------
# Suppression directives


def _in_markup(doc: Document, pos: int) -> bool:
    """Would a comment inserted at *pos* be text (raw tags) or break a tag?"""
    if doc.in_raw(pos):
        return True
    if pos == len(doc.text) and any(
        c.end == pos and not doc.text.endswith("-->", c.start + 4, pos) for c in doc.comments[-1:]
    ):
        return True  # an unclosed comment runs to the end of the page
    model = doc.refs
    if model.in_opaque(pos):
        return True
    for r in model.refs:
        if r.open_start < pos < r.open_end and not r.via_tag_function:
            return True
    return False


def disable_line_edit(doc: Document, code: str, line: int, directives: list[Any]) -> Edit | None:
    """An edit that adds *code* to a ``wikilint-disable-line`` directive on *line* (1-based):
    an existing one on that line, else a new comment at the line's end. ``None`` when a
    comment there would not be a directive (inside ``<pre>``, ``<nowiki>``, a tag)."""
    for d in directives:
        if d.kind == "disable-line" and d.line <= line <= d.end_line:
            if d.blanket:
                return None
            return Edit(d.entries[-1].end, d.entries[-1].end, f", {code}")
    starts = doc.line_starts
    if line - 1 >= len(starts):
        return None
    end = starts[line] - 1 if line < len(starts) else len(doc.text)
    if end > starts[line - 1] and doc.text[end - 1] == "\r":
        end -= 1
    if _in_markup(doc, end):
        return None
    # A space before the comment reads better, but inside a template call it would become
    # part of a (positional) parameter's value; there the comment goes right after the text.
    in_template = any(tpl.start < end < tpl.end for tpl in doc.templates)
    sep = "" if in_template or end == starts[line - 1] or doc.text[end - 1] in " \t" else " "
    return Edit(end, end, f"{sep}<!-- wikilint-disable-line {code} -->")


_REDIRECT = re.compile(r"\s*#\S")


def disable_file_edit(doc: Document, code: str, directives: list[Any]) -> Edit | None:
    """An edit that adds *code* to the page's ``wikilint-disable-file`` directive: an existing
    one, else a new comment line at the top (at the end for a redirect, which must come
    first)."""
    for d in directives:
        if d.kind == "disable-file":
            if d.blanket:
                return None
            return Edit(d.entries[-1].end, d.entries[-1].end, f", {code}")
    comment = f"<!-- wikilint-disable-file {code} -->"
    text = doc.text
    if _REDIRECT.match(text):
        nl = "\r\n" if "\r\n" in text else "\n"
        if text and not text.endswith("\n"):
            return Edit(len(text), len(text), nl + comment)
        return Edit(len(text), len(text), comment + nl)
    nl = "\r\n" if text.find("\n") > 0 and text[text.find("\n") - 1] == "\r" else "\n"
    return Edit(0, 0, comment + nl)


# --------------------------------------------------------------------------------------------
# Fix all


def text_edits(old: str, new: str) -> list[Edit]:
    """Small edits turning *old* into *new*: changed runs of lines, trimmed to the characters
    that differ (so nothing outside the fixer's own changes is touched)."""
    if old == new:
        return []
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    out: list[Edit] = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        s, e = starts[i1], starts[i2]
        old_part, new_part = old[s:e], "".join(b[j1:j2])
        p = 0
        limit = min(len(old_part), len(new_part))
        while p < limit and old_part[p] == new_part[p]:
            p += 1
        q = 0
        while q < limit - p and old_part[len(old_part) - 1 - q] == new_part[len(new_part) - 1 - q]:
            q += 1
        out.append(Edit(s + p, e - q, new_part[p : len(new_part) - q]))
    return out
