"""Shared part of the link rules (no rules here)."""

from __future__ import annotations

from wikilint.document import Document, normalize_title
from wikilint.tree import Text, Wikilink


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
