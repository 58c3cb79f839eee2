"""Shared part of the TemplateData rules (no rules here)."""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.templatedata import TemplateInfo, templatedata_for
from wikilint.tree import Template

from wikilint.rules.citations._common import has_dynamic_key, template_names


def described_templates(doc: Document) -> Iterator[tuple[Template, str, TemplateInfo]]:
    """``(template, normalised name, TemplateInfo)`` for every call of a template that has
    TemplateData, outside comments and raw tags, whose parameter names are all literal."""
    cache = doc.__dict__.setdefault("_wl_citation_cache", {})
    found = cache.get("described")
    if found is None:
        tds = templatedata_for(doc)
        found = []
        if len(tds):
            site = doc.site
            text = doc.text
            names = template_names(doc)
            info_of: dict[str, TemplateInfo | None] = {}  # one look-up per name, not per call
            for tpl in doc.templates:
                name = names[id(tpl)]
                try:
                    info = info_of[name]
                except KeyError:
                    info = info_of[name] = tds.get(name, site)
                if info is None or has_dynamic_key(tpl, text) or doc.in_raw_context(tpl):
                    continue
                found.append((tpl, name, info))
        cache["described"] = found
    return iter(found)
