"""TemplateData: what parameters a template takes, read from JSON files.

The files use the format of MediaWiki's TemplateData extension (the JSON inside
``<templatedata>``, or what ``action=templatedata`` returns):

* a single object ``{"params": {"url": {"aliases": [...], "required": true, "suggested": true,
  "deprecated": false | true | "use |x= instead", "type": "url"}, ...}, ...}``; the template's
  name is the object's ``"title"`` if present, else the file name (``Cite web.json``,
  ``Template:Infobox_person.json``: the ``Template:`` prefix and ``_`` are handled);
* an API answer ``{"pages": {"123": {"title": "Template:Cite web", "params": {...}}, ...}}``,
  which may describe several templates.

wikilint extension: a ``#`` in a parameter name stands for any positive number (``last#``
matches ``last1``, ``last12``), so numbered families need not be spelled out; ``x1`` is the
same parameter as ``x`` when both ``x`` and ``x#`` are described (as CS1 treats them).

Sources, in order (a later definition of the same template replaces an earlier one):
the TemplateData shipped with wikilint (``wikilint/data/templatedata/*.json``: the CS1
citation templates) unless ``doc.options["templatedata_builtin"]`` or the site profile's
``templatedata.builtin`` is false, then every
``*.json`` file in each directory of ``doc.options["templatedata_dirs"]``.
Template names compare the MediaWiki way, and redirects listed in the site profile resolve to
their target's TemplateData.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import normalize_title

if TYPE_CHECKING:
    from .document import Document
    from .sites import Site

__all__ = [
    "ParamSpec",
    "TemplateInfo",
    "TemplateDataSet",
    "TemplateDataError",
    "parse_templatedata",
    "load_templatedata",
    "templatedata_for",
]


class TemplateDataError(Exception):
    pass


@dataclass
class ParamSpec:
    name: str
    aliases: list[str] = field(default_factory=list)
    required: bool = False
    suggested: bool = False
    deprecated: bool | str = False
    type: str = "unknown"
    label: str = ""


_NUM = re.compile(r"[1-9][0-9]*")
_RESOLVED_SIZE = 4096  # keys remembered by a TemplateInfo


class TemplateInfo:
    """The parameters of one template, with fast lookup by the name a call uses."""

    def __init__(self, name: str, params: dict[str, ParamSpec], source: str = "") -> None:
        self.name = name
        self.source = source
        self.params = params
        # exact name (main or alias) -> main name
        self._exact: dict[str, str] = {}
        # pattern with '#' (main or alias) -> main pattern
        self._patterns: dict[str, str] = {}
        for main, spec in params.items():
            for n in (main, *spec.aliases):
                (self._patterns if "#" in n else self._exact)[n] = main
        # resolve's answers per key (several rules ask about every parameter of every call),
        # bounded: a scan of a whole wiki meets endless one-off keys
        self._resolved: dict[str, tuple[ParamSpec, str] | None] = {}

    @cached_property
    def required(self) -> tuple[str, ...]:
        """The required parameters' main names (numbered patterns such as ``last#`` left out)."""
        return tuple(n for n, spec in self.params.items() if spec.required and "#" not in n)

    def resolve(self, key: str) -> tuple[ParamSpec, str] | None:
        """``(spec, identity)`` for the parameter a call names *key*, or ``None`` if unknown.

        ``identity`` names the parameter with aliases resolved (``accessdate`` ->
        ``access-date``, ``author2`` -> ``last2``, ``last1`` -> ``last``), so that two keys with
        the same identity set the same thing."""
        memo = self._resolved
        try:
            return memo[key]
        except KeyError:
            pass
        if len(memo) >= _RESOLVED_SIZE:
            memo.clear()
        hit = memo[key] = self._resolve(key)
        return hit

    def _resolve(self, key: str) -> tuple[ParamSpec, str] | None:
        main = self._exact.get(key)
        if main is not None:
            return self.params[main], main
        if not self._patterns:
            return None
        for m in _NUM.finditer(key):
            pat = key[: m.start()] + "#" + key[m.end() :]
            main = self._patterns.get(pat)
            if main is None:
                continue
            num = m.group()
            ident = main.replace("#", num)
            if num == "1":
                plain = main.replace("#", "")
                if plain in self.params or plain in self._exact:
                    ident = self._exact.get(plain, plain)
            return self.params[main], ident
        return None

    def known_names(self) -> list[str]:
        """Every spelled-out name (patterns shown with ``1``), for "did you mean"."""
        names = []
        for n in (*self._exact, *self._patterns):
            names.append(n.replace("#", "1"))
        return names


def _spec(name: str, raw: Any) -> ParamSpec:
    if not isinstance(raw, dict):
        raw = {}
    deprecated = raw.get("deprecated", False)
    if not isinstance(deprecated, (bool, str)):
        deprecated = bool(deprecated)
    label = raw.get("label") or ""
    if isinstance(label, dict):
        label = label.get("en") or next(iter(label.values()), "")
    return ParamSpec(
        name=name,
        aliases=[str(a) for a in raw.get("aliases") or [] if str(a).strip()],
        required=bool(raw.get("required", False)),
        suggested=bool(raw.get("suggested", False)),
        deprecated=deprecated,
        type=str(raw.get("type") or "unknown"),
        label=str(label),
    )


def _title_to_name(title: str) -> str:
    name = title.strip()
    if ":" in name:
        prefix, rest = name.split(":", 1)
        if normalize_title(prefix) in {"Template", "模板", "Plantilla", "Modèle", "Vorlage", "Шаблон", "テンプレート"}:
            name = rest
    return normalize_title(name)


def parse_templatedata(obj: Any, default_name: str = "", source: str = "") -> list[TemplateInfo]:
    """TemplateInfo objects from one parsed JSON document (single object or API answer)."""
    if not isinstance(obj, dict):
        raise TemplateDataError(f"{source}: TemplateData must be a JSON object")
    if "pages" in obj and isinstance(obj["pages"], dict) and "params" not in obj:
        out = []
        for page in obj["pages"].values():
            if isinstance(page, dict) and "params" in page:
                title = str(page.get("title") or default_name)
                out.extend(parse_templatedata({**page, "title": title}, title, source))
        return out
    params = obj.get("params")
    if not isinstance(params, dict):
        raise TemplateDataError(f"{source}: no 'params' object")
    name = _title_to_name(str(obj.get("title") or default_name))
    if not name:
        raise TemplateDataError(f"{source}: cannot tell which template this describes")
    specs = {str(k): _spec(str(k), v) for k, v in params.items()}
    return [TemplateInfo(name, specs, source)]


class TemplateDataSet:
    def __init__(self) -> None:
        self.by_name: dict[str, TemplateInfo] = {}

    def add(self, info: TemplateInfo) -> None:
        self.by_name[info.name] = info

    def get(self, normalized_name: str, site: Site | None = None) -> TemplateInfo | None:
        info = self.by_name.get(normalized_name)
        if info is None and site is not None:
            canon = site.canonical(normalized_name)
            if canon != normalized_name:
                info = self.by_name.get(canon)
        return info

    def __len__(self) -> int:
        return len(self.by_name)


def _read_file(path: Path, text: str) -> list[TemplateInfo]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateDataError(f"{path}: invalid JSON: {exc}") from None
    return parse_templatedata(obj, path.name[: -len(".json")], str(path))


@lru_cache(maxsize=1)
def _builtin() -> tuple[TemplateInfo, ...]:
    out: list[TemplateInfo] = []
    folder = resources.files("wikilint.data") / "templatedata"
    if not folder.is_dir():
        return ()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.extend(_read_file(Path(entry.name), entry.read_text(encoding="utf-8")))
    return tuple(out)


@lru_cache(maxsize=16)
def load_templatedata(dirs: tuple[str, ...] = (), builtin: bool = True) -> TemplateDataSet:
    """The shipped TemplateData (if *builtin*) plus every ``*.json`` file in *dirs*."""
    tds = TemplateDataSet()
    if builtin:
        for info in _builtin():
            tds.add(info)
    for d in dirs:
        folder = Path(d)
        if folder.is_file():
            files = [folder]
        elif folder.is_dir():
            files = sorted(folder.glob("*.json"))
        else:
            raise TemplateDataError(f"TemplateData directory not found: {d}")
        for path in files:
            for info in _read_file(path, path.read_text(encoding="utf-8")):
                tds.add(info)
    return tds


def templatedata_for(doc: Document) -> TemplateDataSet:
    """The TemplateData set a document's options select (cached across documents)."""
    dirs = doc.options.get("templatedata_dirs") or ()
    if isinstance(dirs, (str, Path)):
        dirs = (dirs,)
    builtin = doc.options.get("templatedata_builtin")
    if builtin is None:
        builtin = doc.site.get("templatedata.builtin", True)
    return load_templatedata(tuple(str(d) for d in dirs), bool(builtin))
