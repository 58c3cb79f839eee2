"""Site profiles: what a wiki calls its templates, as data.

A profile is a TOML file (``enwiki.toml``, ``zhwiki.toml`` …) shipped in this package, or a
user file given by path (``site = "path/to/mywiki.toml"``). A profile may ``extends`` another
one; lists are merged (the extending profile's entries added), tables are merged key by key.

Template names are stored as written and compared after :func:`wikilint.document.normalize_title`
(first letter case-insensitive, ``_`` = space, whitespace collapsed, comments removed).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .siteinfo import SiteInfo

__all__ = [
    "Site", "SiteError", "SiteInfo", "CS1Tables", "load_site", "available_sites", "default_siteinfo",
]


class SiteError(Exception):
    pass


@dataclass
class Site:
    name: str
    lang: str
    data: dict[str, Any] = field(default_factory=dict)
    # role -> normalised template names (redirects of listed names included)
    templates: dict[str, frozenset[str]] = field(default_factory=dict)
    # normalised redirect name -> normalised canonical name
    redirects: dict[str, str] = field(default_factory=dict)

    def template_names(self, role: str) -> frozenset[str]:
        """Normalised names of the templates playing *role* (e.g. ``"dead-link"``)."""
        return self.templates.get(role, frozenset())

    def is_template(self, normalized_name: str, role: str) -> bool:
        return normalized_name in self.templates.get(role, ())

    def canonical(self, normalized_name: str) -> str:
        """The canonical name of a template given by a normalised (possibly redirect) name."""
        return self.redirects.get(normalized_name, normalized_name)

    def get(self, key: str, default: Any = None) -> Any:
        """A dotted key of the profile data, e.g. ``get("references.heading")``."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    @cached_property
    def siteinfo(self) -> SiteInfo:
        """What MediaWiki knows about the wiki (``[siteinfo]``; MediaWiki's English defaults
        when the profile has none). See :mod:`wikilint.sites.siteinfo`."""
        table = self.data.get("siteinfo")
        if not isinstance(table, dict) or not table:
            return default_siteinfo()
        return SiteInfo(table)

    @cached_property
    def cs1(self) -> CS1Tables:
        """The CS1 parameter tables (``[cs1]`` in the profile), compiled for lookups."""
        return CS1Tables(self.get("cs1", {}) or {})


_NUM_RE = re.compile(r"[0-9]+")
_MEMO_SIZE = 4096  # keys remembered by a CS1Tables


class CS1Tables:
    """Lookups in the ``[cs1]`` tables. In table keys ``#`` stands for any positive number:
    ``author#-link`` matches ``author2-link``; the number is carried into the replacement."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.aliases: dict[str, str] = dict(data.get("aliases", {}))
        self.deprecated: dict[str, str] = dict(data.get("deprecated", {}))
        self.removed: dict[str, dict[str, Any]] = {}
        for key, spec in data.get("removed", {}).items():
            if isinstance(spec, str):
                spec = {"use": spec}
            self.removed[key] = dict(spec)
        # Answers per key (rules ask about the same few parameter names on every citation),
        # bounded: a scan of a whole wiki meets endless one-off keys.
        self._memo: tuple[dict[str, Any], ...] = ({}, {}, {})

    def _remember(self, which: int, key: str, answer: Any) -> Any:
        memo = self._memo[which]
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = answer
        return answer

    @staticmethod
    def pattern(key: str) -> tuple[str, str]:
        """``("author#-link", "2")`` for ``author2-link``; ``(key, "")`` without digits.
        Only the first run of digits is a number (``s2cid`` keeps its 2 when unlisted)."""
        m = _NUM_RE.search(key)
        if not m:
            return key, ""
        return key[: m.start()] + "#" + key[m.end() :], m.group()

    def _find(self, table: dict[str, Any], key: str) -> tuple[str, Any, str] | None:
        if key in table:
            return key, table[key], ""
        pat, num = self.pattern(key)
        if num and num != "0" and not num.startswith("0") and pat in table:
            return pat, table[pat], num
        return None

    def removed_spec(self, key: str) -> tuple[dict[str, Any], str] | None:
        """``(spec, replacement_name)`` when *key* is a removed parameter, else ``None``."""
        try:
            return self._memo[0][key]
        except KeyError:
            return self._remember(0, key, self._removed_spec(key))

    def _removed_spec(self, key: str) -> tuple[dict[str, Any], str] | None:
        hit = self._find(self.removed, key)
        if hit is None:
            return None
        _, spec, num = hit
        use = str(spec.get("use", ""))
        return spec, use.replace("#", num or "N") if "#" in use else use

    def deprecated_replacement(self, key: str) -> str | None:
        try:
            return self._memo[1][key]
        except KeyError:
            return self._remember(1, key, self._deprecated_replacement(key))

    def _deprecated_replacement(self, key: str) -> str | None:
        hit = self._find(self.deprecated, key)
        if hit is None:
            return None
        return str(hit[1]).replace("#", hit[2]) if hit[2] else str(hit[1])

    def canonical(self, key: str) -> str:
        """The canonical name of an accepted alias (``accessdate`` -> ``access-date``)."""
        try:
            return self._memo[2][key]
        except KeyError:
            return self._remember(2, key, self._canonical(key))

    def _canonical(self, key: str) -> str:
        hit = self._find(self.aliases, key)
        if hit is None:
            return key
        _, target, num = hit
        return target.replace("#", num or "1") if "#" in target else target


@lru_cache(maxsize=1)
def default_siteinfo() -> SiteInfo:
    """MediaWiki's English defaults (``_mediawiki.toml``, generated from MediaWiki 1.39)."""
    raw = (resources.files(__package__) / "_mediawiki.toml").read_text(encoding="utf-8")
    return SiteInfo(tomllib.loads(raw).get("siteinfo", {}))


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
        if key == "siteinfo":
            # what MediaWiki reports for one wiki: replaced whole, never merged with the parent's
            out[key] = value
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = list(dict.fromkeys([*out[key], *value]))
        else:
            out[key] = value
    return out


# The tables and keys a profile may hold. Engineers adding a table add its name here; anything
# else is reported (one line naming the file and the key) instead of silently ignored.
KNOWN_KEYS: set[str] = {
    "name", "lang", "extends", "templates", "redirects", "namespaces", "links", "references",
    "maintenance", "citations", "cs1", "cite", "templatedata", "siteinfo", "ref-templates",
}
SITEINFO_KEYS = {
    "lang", "dbname", "case", "linktrail", "article_path", "server", "generator", "namespaces",
    "magicwords", "case_sensitive", "extension_tags", "function_hooks", "interwiki", "languages",
}
_WARNED: set[tuple[str, str]] = set()


def profile_problems(data: dict[str, Any], where: str) -> list[str]:
    """One line per unknown table/key or wrongly typed value in one profile file's own data."""
    problems: list[str] = []
    for key, value in data.items():
        if key not in KNOWN_KEYS:
            kind = "table" if isinstance(value, dict) else "key"
            problems.append(f"{where}: unknown {kind} '{key}' in site profile (ignored)")
    for key in ("name", "lang", "extends"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{where}: '{key}' must be a string")
    info = data.get("siteinfo")
    if info is not None:
        if not isinstance(info, dict):
            problems.append(f"{where}: 'siteinfo' must be a table")
        else:
            for key in info:
                if key not in SITEINFO_KEYS:
                    problems.append(f"{where}: unknown key 'siteinfo.{key}' in site profile (ignored)")
            for key in ("namespaces", "magicwords"):
                if key in info and not isinstance(info[key], dict):
                    problems.append(f"{where}: 'siteinfo.{key}' must be a table")
            for key in ("extension_tags", "function_hooks", "interwiki", "languages", "case_sensitive"):
                if key in info and not isinstance(info[key], list):
                    problems.append(f"{where}: 'siteinfo.{key}' must be a list")
    for key in ("templates", "redirects", "namespaces"):
        table = data.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            problems.append(f"{where}: '{key}' must be a table")
            continue
        for sub, value in table.items():
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"{where}: '{key}.{sub}' must be a list of strings")
    return problems


def _warn(problems: list[str]) -> None:
    import sys

    for p in problems:
        if ("", p) not in _WARNED:
            _WARNED.add(("", p))
            sys.stderr.write(f"wikilint: warning: {p}\n")


# The bundled profiles, parsed: tomllib is pure Python and a run that meets pages of many wikis
# parsed each profile's siteinfo (about 5 ms a profile). ``python -m wikilint.sites`` writes it;
# each entry holds the SHA-256 of the TOML it was parsed from, and a profile whose TOML no longer
# has that hash (edited since) is parsed from the TOML. A test checks the shipped file is current.
PARSED_FILE = "_profiles.json"


def _toml_hash(raw: str) -> str:
    import hashlib

    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _parsed_index() -> dict[str, Any]:
    import json

    res = resources.files(__package__) / PARSED_FILE
    try:
        index = json.loads(res.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _parsed_bundled(name: str, raw: str) -> dict[str, Any] | None:
    """The parsed bundled profile *name* whose TOML text is *raw*, from the shipped index (a
    fresh copy), or None when the index does not hold this text."""
    entry = _parsed_index().get(name)
    if not isinstance(entry, dict) or entry.get("sha256") != _toml_hash(raw):
        return None
    return _copy(entry["data"])


def _copy(value: Any) -> Any:
    """A copy of parsed TOML (tables and arrays), so that no caller shares the index's objects."""
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    if type(value) is list:
        return [_copy(v) for v in value]
    return value


def build_parsed_index() -> dict[str, Any]:
    """Every bundled profile (``*.toml`` beside this module), parsed, with the hash of its text."""
    out: dict[str, Any] = {}
    for res in sorted(resources.files(__package__).iterdir(), key=lambda r: r.name):
        if res.name.endswith(".toml"):
            raw = res.read_text(encoding="utf-8")
            out[res.name[: -len(".toml")]] = {"sha256": _toml_hash(raw), "data": tomllib.loads(raw)}
    return out


def _read(name_or_path: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name_or_path in seen:
        raise SiteError(f"site profile {name_or_path!r} extends itself")
    bundled = not (name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path)
    if not bundled:
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
    data = _parsed_bundled(name_or_path, raw) if bundled else None
    if data is None:
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise SiteError(f"{where}: invalid TOML: {exc}") from None
    problems = profile_problems(data, where)
    wrong_type = [p for p in problems if "must be" in p]
    if wrong_type:
        raise SiteError(wrong_type[0])
    _warn(problems)
    parent = data.get("extends")
    if parent:
        data = _merge(_read(parent, (*seen, name_or_path)), data)
    return data


@lru_cache(maxsize=32)
def load_site(name_or_path: str) -> Site:
    from ..document import normalize_title

    data = _read(name_or_path)
    redirects: dict[str, str] = {}
    groups: dict[str, set[str]] = {}
    for canonical, names in (data.get("redirects") or {}).items():
        canon = normalize_title(canonical)
        group = groups.setdefault(canon, {canon})
        for n in names:
            norm = normalize_title(n)
            redirects[norm] = canon
            group.add(norm)
    templates: dict[str, frozenset[str]] = {}
    for role, names in (data.get("templates") or {}).items():
        found: set[str] = set()
        for n in names:
            norm = normalize_title(n)
            found.add(norm)
            found |= groups.get(redirects.get(norm, norm), set())
        templates[role] = frozenset(found)
    return Site(
        name=data.get("name", name_or_path),
        lang=data.get("lang", "en"),
        data=data,
        templates=templates,
        redirects=redirects,
    )
