"""Site profiles: what a wiki calls its templates, as data.

A profile is a TOML file (``enwiki.toml``, ``zhwiki.toml`` …) shipped in this package, or a
user file given by path (``site = "path/to/mywiki.toml"``). A profile may ``extends`` another
one; lists are merged (the extending profile's entries added), tables are merged key by key.

Template names are stored as written and compared after :func:`wikilint.document.normalize_title`
(first letter case-insensitive, ``_`` = space, whitespace collapsed, comments removed).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["Site", "SiteError", "load_site", "available_sites"]


class SiteError(Exception):
    pass


@dataclass
class Site:
    name: str
    lang: str
    data: dict[str, Any] = field(default_factory=dict)
    # role -> normalised template names
    templates: dict[str, frozenset[str]] = field(default_factory=dict)

    def template_names(self, role: str) -> frozenset[str]:
        """Normalised names of the templates playing *role* (e.g. ``"dead-link"``)."""
        return self.templates.get(role, frozenset())

    def is_template(self, normalized_name: str, role: str) -> bool:
        return normalized_name in self.templates.get(role, ())

    def get(self, key: str, default: Any = None) -> Any:
        """A dotted key of the profile data, e.g. ``get("references.heading")``."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node


def available_sites() -> list[str]:
    return sorted(
        p.name[: -len(".toml")]
        for p in resources.files(__package__).iterdir()
        if p.name.endswith(".toml") and not p.name.startswith("_")
    )


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key == "extends":
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = list(dict.fromkeys([*out[key], *value]))
        else:
            out[key] = value
    return out


def _read(name_or_path: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name_or_path in seen:
        raise SiteError(f"site profile {name_or_path!r} extends itself")
    if name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path:
        path = Path(name_or_path)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SiteError(f"cannot read site profile {name_or_path}: {exc.strerror or exc}") from None
        where = str(path)
    else:
        res = resources.files(__package__) / f"{name_or_path}.toml"
        if not res.is_file():
            raise SiteError(
                f"unknown site {name_or_path!r} (available: {', '.join(available_sites())})"
            )
        raw = res.read_text(encoding="utf-8")
        where = f"{name_or_path}.toml"
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise SiteError(f"{where}: invalid TOML: {exc}") from None
    parent = data.get("extends")
    if parent:
        data = _merge(_read(parent, (*seen, name_or_path)), data)
    return data


@lru_cache(maxsize=32)
def load_site(name_or_path: str) -> Site:
    from ..document import normalize_title

    data = _read(name_or_path)
    templates = {
        role: frozenset(normalize_title(n) for n in names)
        for role, names in data.get("templates", {}).items()
    }
    return Site(
        name=data.get("name", name_or_path),
        lang=data.get("lang", "en"),
        data=data,
        templates=templates,
    )
