"""Helpers shared by the citation, template and link rules (no rules here).

Everything is computed once per Document and cached on it, so several rules that look at the
same templates do not normalise names or index parameters again.
"""

from __future__ import annotations

import re

from wikilint.document import Document
from wikilint.model import Edit
from wikilint.tree import Argument, Comment, Parameter, Tag, Template

_CACHE = "_wl_citation_cache"


def template_names(doc: Document) -> dict[int, str]:
    """``id(template) -> normalised name`` for every template of the page."""
    cache = doc.__dict__.setdefault(_CACHE, {})
    names = cache.get("names")
    if names is None:
        name_of = doc.template_name  # computed once per template and shared (interned) with the engine
        names = {id(t): name_of(t) for t in doc.templates}
        cache["names"] = names
    return names


def role_templates(doc: Document, role: str) -> list[Template]:
    """Templates of the page playing *role* in the site profile, outside comments and raw tags."""
    cache = doc.__dict__.setdefault(_CACHE, {})
    key = ("role", role)
    found = cache.get(key)
    if found is None:
        wanted = doc.site.template_names(role)
        names = template_names(doc)
        found = [t for t in doc.templates if names[id(t)] in wanted and not doc.in_raw_context(t)] if wanted else []
        cache[key] = found
    return found


def named_params(doc: Document, tpl: Template) -> list[tuple[str, Parameter]]:
    """``(key, param)`` for the named parameters of *tpl*, in order."""
    return [(doc.param_key(p), p) for p in tpl.params if p.showkey]


def last_param(doc: Document, tpl: Template, *keys: str) -> Parameter | None:
    """The last parameter named one of *keys* (MediaWiki keeps the last)."""
    last = _last_named(doc, tpl)
    if len(keys) == 1:
        hit = last.get(keys[0])
        return None if hit is None else hit[1]
    found = None
    for key in keys:
        hit = last.get(key)
        if hit is not None and (found is None or hit[0] > found[0]):
            found = hit
    return None if found is None else found[1]


def _last_named(doc: Document, tpl: Template) -> dict[str, tuple[int, Parameter]]:
    """``key -> (position, parameter)`` of the last parameter of *tpl* named *key*: one walk over
    the parameters per template, shared by the several rules that ask for a parameter of the
    same citation template."""
    cache = doc.__dict__.setdefault(_CACHE, {})
    by_tpl = cache.get("last_named")
    if by_tpl is None:
        by_tpl = cache["last_named"] = {}
    last = by_tpl.get(id(tpl))
    if last is None:
        last = by_tpl[id(tpl)] = {}
        param_key = doc.param_key
        for i, p in enumerate(tpl.params):
            if p.showkey:
                last[param_key(p)] = (i, p)
    return last


def value(doc: Document, p: Parameter) -> str:
    return doc.text[p.value_start : p.value_end].strip()


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


def is_blank(doc: Document, p: Parameter) -> bool:
    """The value is empty once comments and whitespace are gone: CS1 treats the parameter as
    absent (shows nothing, reports nothing), so an empty parameter is not an error."""
    raw = doc.text[p.value_start : p.value_end]
    if "<!--" in raw:
        raw = _COMMENT.sub("", raw)
    return raw.strip() == ""


def param_end(doc: Document, p: Parameter) -> int:
    """End of the parameter without the whitespace after its value (for report spans)."""
    raw = doc.text[p.start : p.end]
    return p.start + len(raw.rstrip())


def is_dynamic(p: Parameter) -> bool:
    """The parameter's key or value holds a template, an argument or a comment: its effective
    value is not what the text says."""
    for n in (*p.key_nodes, *p.value_nodes):
        if isinstance(n, (Template, Argument, Comment)):
            return True
    return False


def has_dynamic_key(tpl: Template, text: str | None = None) -> bool:
    """Some key is computed (``|{{{x}}}=``): the set of parameters is not knowable. With the
    page's *text*, a template without "{{" after its name (no template or argument inside it,
    most templates) is answered without visiting its parameters."""
    if text is not None and text.find("{{", tpl.name_end, tpl.end) < 0:
        return False
    for p in tpl.params:
        for n in p.key_nodes:
            if isinstance(n, (Template, Argument)):
                return True
    return False


def remove_param(p: Parameter) -> Edit:
    """Delete ``|key=value`` (the ``|`` before the parameter and the parameter)."""
    return Edit(p.start - 1, p.end, "")


def rename_key(doc: Document, p: Parameter, new: str) -> Edit | None:
    """Replace the key's text (keeping the spaces around it); ``None`` if the key holds
    comments or markup."""
    if p.key_start is None:
        return None
    raw = doc.text[p.key_start : p.key_end]
    stripped = raw.strip()
    if not stripped or "<" in raw or "{" in raw:
        return None
    i = raw.index(stripped)
    return Edit(p.key_start + i, p.key_start + i + len(stripped), new)


def replace_value(doc: Document, p: Parameter, new: str) -> Edit:
    """Replace the value's text, keeping the spaces and newlines around it."""
    raw = doc.text[p.value_start : p.value_end]
    stripped = raw.strip()
    if not stripped:
        # keep trailing whitespace (newline before the next parameter)
        lead = len(raw) - len(raw.lstrip())
        return Edit(p.value_start + lead, p.value_start + lead, new)
    i = raw.index(stripped)
    return Edit(p.value_start + i, p.value_start + i + len(stripped), new)


def insert_param(doc: Document, tpl: Template, key: str, val: str) -> Edit:
    """Add ``|key=val`` as the template's last parameter, in the style of the last one
    (`` |key=val`` inline, ``\\n|key=val`` when parameters are one per line)."""
    end = tpl.end - 2
    text = doc.text
    if tpl.params:
        last = tpl.params[-1]
        raw = text[last.value_start : last.value_end]
        trail = raw[len(raw.rstrip()) :]
        pos = last.value_end - len(trail)
        before = text[last.start - 2 : last.start - 1] if last.start >= 2 else ""
        lead = " " if before == " " else ""
        if "\n" in trail:
            return Edit(pos, pos, "\n|" + f"{key}={val}")
        return Edit(pos, pos, f"{lead}|{key}={val}")
    return Edit(end, end, f"|{key}={val}")


def enclosing_ref(node) -> Tag | None:
    for anc in node.ancestors():
        if isinstance(anc, Tag) and anc.name == "ref":
            return anc
    return None
