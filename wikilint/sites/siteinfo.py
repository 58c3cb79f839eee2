"""What MediaWiki itself knows about a wiki: namespaces, magic words, tags, link trail.

The data comes from the API (``action=query&meta=siteinfo``) through :func:`siteinfo_from_api`
and is stored in a profile's ``[siteinfo]`` table (``wikilint site import`` writes it). A profile
without that table falls back to MediaWiki's English defaults (``_mediawiki.toml``, generated
from a real MediaWiki 1.39 set to English).

The ``[siteinfo]`` table::

    lang = "de"                 dbname = "dewiki"          case = "first-letter"
    linktrail = "^([a-zäöüß]+)(.*)$"     (a Python regex source; flags inline)
    article_path = "/wiki/$1"   server = "https://de.wikipedia.org"
    extension_tags = ["ref", …] function_hooks = ["if", …]
    interwiki = ["commons", …]  languages = ["en", …]     (lower-case prefixes)
    [siteinfo.namespaces]       "6" = ["File", "Datei", "Bild", "Image"]   (canonical, local, aliases)
    [siteinfo.magicwords]       img_thumbnail = ["mini", "miniatur", "thumb", …]
    case_sensitive = ["img_thumbnail", …]    (names of the case-sensitive magic words)
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

__all__ = ["SiteInfo", "siteinfo_from_api", "php_regex_to_python", "normalize_namespace"]

_WS_RE = re.compile(r"[\s_]+")


def normalize_namespace(prefix: str) -> str:
    """MediaWiki's comparison form of a namespace name: ``_`` = space, runs of white space
    collapsed, trimmed, lower-cased."""
    return _WS_RE.sub(" ", prefix).strip().lower()


def php_regex_to_python(src: str | None) -> str | None:
    """A PCRE pattern with delimiters and flags (``/^([a-z]+)(.*)$/sD``) as Python regex source
    (``(?s)^([a-z]+)(.*)$``). ``\\x{430}`` escapes become Python ``\\u0430`` escapes; the ``u``
    and ``D`` flags need no counterpart (Python strings are Unicode; ``$`` is used with ``(.*)``
    under ``s`` so a trailing newline is consumed either way). ``None`` for no or empty pattern."""
    if not src:
        return None
    delim = src[0]
    end = src.rfind(delim)
    if end <= 0:
        body, flags = src, ""
    else:
        body, flags = src[1:end], src[end + 1 :]

    def _hex(m: re.Match[str]) -> str:
        cp = int(m.group(1), 16)
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"

    body = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", _hex, body)
    inline = "".join(f for f in flags if f in "imsx")
    return f"(?{inline}){body}" if inline else body


def _strip_tag(tag: str) -> str:
    return tag.strip().strip("<>").strip().lower()


def siteinfo_from_api(json: dict) -> dict:
    """The ``[siteinfo]`` table of a profile from an API response of ``action=query&meta=siteinfo``
    with ``siprop=general|namespaces|namespacealiases|magicwords|extensiontags|functionhooks|
    interwikimap`` (formatversion 1 or 2; the ``query`` wrapper is optional)."""
    q = json.get("query", json)
    general = q.get("general") or {}
    out: dict[str, Any] = {}
    out["lang"] = str(general.get("lang") or "en")
    if general.get("wikiid"):
        out["dbname"] = str(general["wikiid"])
    out["case"] = str(general.get("case") or "first-letter")
    trail = php_regex_to_python(general.get("linktrail"))
    if trail:
        out["linktrail"] = trail
    out["article_path"] = str(general.get("articlepath") or "/wiki/$1")
    if general.get("server"):
        server = str(general["server"])
        if server.startswith("//"):
            server = "https:" + server
        out["server"] = server
    if general.get("generator"):
        out["generator"] = str(general["generator"])

    names: dict[int, list[str]] = {}
    raw_ns = q.get("namespaces") or {}
    for key, ns in (raw_ns.items() if isinstance(raw_ns, dict) else enumerate(raw_ns)):
        ns_id = int(ns.get("id", key))
        local = ns.get("name", ns.get("*", ""))
        lst = names.setdefault(ns_id, [])
        for n in (ns.get("canonical"), local):
            if n and n not in lst:
                lst.append(str(n))
    for alias in q.get("namespacealiases") or []:
        ns_id = int(alias["id"])
        name = alias.get("alias", alias.get("*", ""))
        lst = names.setdefault(ns_id, [])
        if name and name not in lst:
            lst.append(str(name))
    out["namespaces"] = {str(k): v for k, v in sorted(names.items()) if v}

    magic: dict[str, list[str]] = {}
    sensitive: list[str] = []
    for mw in q.get("magicwords") or []:
        name = str(mw["name"])
        magic[name] = [str(a) for a in mw.get("aliases", [])]
        cs = mw.get("case-sensitive", False)
        # formatversion=1 marks a true flag with an empty string
        if cs is True or cs == "":
            sensitive.append(name)
    out["magicwords"] = dict(sorted(magic.items()))
    out["case_sensitive"] = sorted(sensitive)

    out["extension_tags"] = sorted({_strip_tag(t) for t in q.get("extensiontags") or [] if _strip_tag(t)})
    out["function_hooks"] = sorted({str(h) for h in q.get("functionhooks") or []})
    interwiki: set[str] = set()
    languages: set[str] = set()
    for iw in q.get("interwikimap") or []:
        prefix = str(iw.get("prefix", "")).lower()
        if not prefix:
            continue
        interwiki.add(prefix)
        if iw.get("language"):
            languages.add(prefix)
    out["interwiki"] = sorted(interwiki)
    out["languages"] = sorted(languages)
    return out


# img_width takes a size: "200", "200x100", "x100", "200x" (MediaWiki's parseWidthParam)
_WIDTH_VALUE = r"(?:[0-9]+(?:x[0-9]*)?|x[0-9]+)"


class SiteInfo:
    """Lookups over a ``[siteinfo]`` table (see the module docstring)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.lang: str = str(data.get("lang") or "en")
        self.dbname: str | None = data.get("dbname") or None
        self.case: str = str(data.get("case") or "first-letter")
        self.linktrail: str | None = data.get("linktrail") or None
        self.article_path: str = str(data.get("article_path") or "/wiki/$1")
        self.server: str | None = data.get("server") or None
        self.extension_tags: frozenset[str] = frozenset(
            _strip_tag(t) for t in data.get("extension_tags") or []
        )
        self.function_hooks: frozenset[str] = frozenset(str(h) for h in data.get("function_hooks") or [])
        self.interwiki_prefixes: frozenset[str] = frozenset(
            str(p).lower() for p in data.get("interwiki") or []
        )
        self.language_prefixes: frozenset[str] = frozenset(
            str(p).lower() for p in data.get("languages") or []
        )
        self._namespaces: dict[int, list[str]] = {
            int(k): [str(n) for n in v] for k, v in (data.get("namespaces") or {}).items()
        }
        self._magic: dict[str, list[str]] = {
            str(k): [str(a) for a in v] for k, v in (data.get("magicwords") or {}).items()
        }
        self._case_sensitive: frozenset[str] = frozenset(data.get("case_sensitive") or [])

    def __repr__(self) -> str:
        return f"SiteInfo(lang={self.lang!r}, dbname={self.dbname!r})"

    # --- namespaces -------------------------------------------------------------------------
    @cached_property
    def _ns_index(self) -> dict[str, int]:
        index: dict[str, int] = {}
        for ns_id, names in self._namespaces.items():
            for n in names:
                index.setdefault(normalize_namespace(n), ns_id)
        return index

    def namespace_id(self, prefix: str) -> int | None:
        """The namespace number a prefix names (canonical, local or alias; case-insensitive,
        ``_`` = space, trimmed), or ``None``. The main namespace has no prefix: ``""`` -> 0."""
        return self._ns_index.get(normalize_namespace(prefix))

    def namespace_names(self, ns_id: int) -> list[str]:
        """Canonical name, local name and aliases of a namespace (no duplicates)."""
        return list(self._namespaces.get(int(ns_id), []))

    # --- magic words ------------------------------------------------------------------------
    def magic_word_aliases(self, name: str) -> list[str]:
        return list(self._magic.get(name, []))

    def magic_word_case_sensitive(self, name: str) -> bool:
        return name in self._case_sensitive

    @cached_property
    def _image_options(self) -> tuple[dict[str, str], dict[str, str], list[tuple[re.Pattern[str], str]]]:
        exact_cs: dict[str, str] = {}
        exact_ci: dict[str, str] = {}
        patterns: list[tuple[re.Pattern[str], str]] = []
        for name, aliases in self._magic.items():
            if not name.startswith("img_"):
                continue
            cs = name in self._case_sensitive
            for alias in aliases:
                if "$1" in alias:
                    before, _, after = alias.partition("$1")
                    value = _WIDTH_VALUE if name == "img_width" else r".*"
                    rx = re.escape(before) + f"({value})" + re.escape(after)
                    flags = re.S if cs else re.S | re.I
                    patterns.append((re.compile(rx, flags), name))
                elif cs:
                    exact_cs.setdefault(alias, name)
                else:
                    exact_ci.setdefault(alias.lower(), name)
        # longer fixed parts first, so "upright=$1" is tried before a bare "$1"-ish pattern
        patterns.sort(key=lambda p: -len(p[0].pattern))
        return exact_cs, exact_ci, patterns

    def image_option(self, text: str) -> str | None:
        """The ``img_*`` magic word that an image option means (``"mini"`` -> ``"img_thumbnail"``,
        ``"200px"`` -> ``"img_width"``, ``"link=Foo"`` -> ``"img_link"``), or ``None`` when the
        text is no option on this wiki (then MediaWiki takes it as the caption)."""
        option = text.strip()
        exact_cs, exact_ci, patterns = self._image_options
        hit = exact_cs.get(option) or exact_ci.get(option.lower())
        if hit:
            return hit
        for rx, name in patterns:
            if rx.fullmatch(option):
                return name
        return None

    def is_image_option(self, text: str) -> bool:
        return self.image_option(text) is not None

    @cached_property
    def file_namespace_names(self) -> frozenset[str]:
        """Comparison forms (:func:`normalize_namespace`) of every name of the File (6) and
        Media (-2) namespaces."""
        return frozenset(normalize_namespace(n) for i in (6, -2) for n in self.namespace_names(i))

    @cached_property
    def link_trail_re(self) -> re.Pattern[str] | None:
        """The compiled link trail (``regex`` module, which knows ``\\p{L}``), or ``None``."""
        if not self.linktrail:
            return None
        import regex

        try:
            return regex.compile(self.linktrail)  # type: ignore[return-value]
        except regex.error:
            return None
