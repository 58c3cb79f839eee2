"""Configuration files: ``[tool.wikilint]`` in ``pyproject.toml``, or ``wikilint.toml`` /
``.wikilint.toml`` with the same keys at top level. The nearest configuration to each file wins
(in one directory: ``.wikilint.toml`` > ``wikilint.toml`` > ``pyproject.toml``; a
``pyproject.toml`` without ``[tool.wikilint]`` is skipped).

Keys::

    select = ["WL"]              # codes, names or prefixes; "ALL"
    ignore = []
    extend-select = []
    per-file-ignores = { "drafts/*.wiki" = ["WL601"] }
    exclude = []                 # globs, relative to the config file's directory
    extend-exclude = []
    site = "enwiki"              # or a path to a site profile TOML
    unsafe-fixes = false
    ref-sources = ["../zh/Page.wiki", "git"]
    templatedata = ["templatedata/"]
    output-format = "text"
    extend = "../pyproject.toml" # build on another configuration (keys given here win;
                                 # extend-select / extend-exclude add to the base's lists)
    [rules.WL602]                # or [tool.wikilint.rules.WL602] in pyproject.toml
    severity = "warning"
    some-option = 3
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .files import resolved, resolved_directory
from .model import Severity

__all__ = ["Config", "ConfigError", "find_config", "load_config", "DEFAULT_EXCLUDE"]

CONFIG_NAMES = (".wikilint.toml", "wikilint.toml", "pyproject.toml")
DEFAULT_EXCLUDE = [".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", "build", "dist"]
KNOWN_KEYS = {
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "site",
    "unsafe-fixes",
    "ref-sources",
    "templatedata",
    "output-format",
    "rules",
    "max-warnings",
    "extend",
    "scan",
}
SCAN_KEYS = {"dask": str, "jobs": int}
OUTPUT_FORMATS = ("text", "concise", "full", "json", "json-lines", "sarif", "github")


class ConfigError(Exception):
    """A configuration problem: the message names the file and the key."""


@dataclass
class Config:
    path: Path | None = None  # the file it came from (None: defaults)
    where: str = "configuration"  # how messages name it: "<file>" or "<file> [tool.wikilint]"
    root: Path = field(default_factory=Path.cwd)  # directory relative paths resolve against
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    site: str | None = None
    unsafe_fixes: bool | None = None
    ref_sources: list[str] = field(default_factory=list)
    templatedata: list[str] = field(default_factory=list)
    output_format: str | None = None
    max_warnings: int | None = None
    severities: dict[str, Severity] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Excludes inherited through `extend`: (the base's directory, its patterns).
    inherited_exclude: list[tuple[Path, list[str]]] = field(default_factory=list)
    scan: dict[str, Any] = field(default_factory=dict)  # [scan] table: dask, jobs

    # -------------------------------------------------------------- path matching
    def _relative(self, path: Path) -> str:
        rel = _relative_to(path, self.root)
        return rel if rel is not None else _posix(str(path))

    def is_excluded(self, path: Path) -> bool:
        if self._matches(path, self.exclude):
            return True
        return any((rel := _relative_to(path, root)) is not None and _match_patterns(rel, pats)
                   for root, pats in self.inherited_exclude)

    def _matches(self, path: Path, patterns: list[str]) -> bool:
        return _match_patterns(self._relative(path), patterns)

    def ignores_for(self, path: Path) -> list[str]:
        if not self.per_file_ignores:
            return []  # the usual case: no path to resolve
        rel = self._relative(path)
        out: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(path.name, pattern):
                out.extend(codes)
        return out

    def validate(self, registry: Any) -> None:
        """Check every rule selector and rule option against the registry; raise
        :class:`ConfigError` naming the file and the key."""
        from .registry import UnknownSelector

        def check(selector: str, key: str) -> set[str]:
            try:
                return registry.resolve(selector)
            except UnknownSelector:
                raise ConfigError(f"{self.where}: unknown rule selector '{selector}' in '{key}'") from None

        for key, values in (("select", self.select or []), ("ignore", self.ignore), ("extend-select", self.extend_select)):
            for v in values:
                check(v, key)
        for pattern, values in self.per_file_ignores.items():
            for v in values:
                check(v, f"per-file-ignores.{pattern}")
        for selector in self.severities:
            check(selector, f"rules.{selector}")
        for selector, options in self.rule_options.items():
            for code in sorted(check(selector, f"rules.{selector}")):
                cls = registry.rules[code]
                for name, value in options.items():
                    if name not in cls.options:
                        if len(registry.resolve(selector)) > 1:
                            continue  # a prefix: options apply to the rules that have them
                        known = ", ".join(k.replace("_", "-") for k in cls.options) or "none"
                        raise ConfigError(
                            f"{self.where}: unknown option 'rules.{selector}.{name.replace('_', '-')}' "
                            f"(rule {cls.code} {cls.name} has options: {known})"
                        )
                    default = cls.options[name]
                    if default is None:
                        # No default to compare with: the rule may declare the type.
                        kind = getattr(cls, "option_types", {}).get(name)
                        default = kind() if kind is not None else None
                    if default is not None and not _same_type(default, value):
                        raise ConfigError(
                            f"{self.where}: 'rules.{selector}.{name.replace('_', '-')}' must be "
                            f"{_type_name(default)}, not {_type_name(value)}"
                        )

    def resolve_path(self, value: str) -> str:
        if value == "git":
            return value
        p = Path(value)
        return str(p if p.is_absolute() else self.root / p)


def _resolved_root(root: Path) -> str:
    """``root.resolve()``, asked for every file: resolved once per directory and working
    directory (:func:`files.resolved_directory`)."""
    return str(resolved_directory(root))


def _relative_to(path: Path, root: Path) -> str | None:
    """*path* relative to *root*, both resolved, with ``/`` separators; None when there is no
    such path (another drive)."""
    name = path.name
    try:
        if name not in ("", ".", "..") and not path.is_symlink():
            # a plain file: its directory's relative path (resolved once per directory) and its
            # name, unless the directory is an ancestor of the root (the path may lead back to it)
            rel_dir = _relative_directory(str(path.parent), str(root), os.getcwd())
            if set(rel_dir.split(os.sep)) != {".."}:
                return _posix(os.path.join(rel_dir, name) if rel_dir != "." else name)
        rel = os.path.relpath(resolved(path), _resolved_root(root))
    except ValueError:
        return None
    return _posix(rel)


@functools.lru_cache(maxsize=4096)
def _relative_directory(directory: str, root: str, cwd: str) -> str:
    """``os.path.relpath`` of the resolved *directory* from the resolved *root* (*cwd* is part
    of the key: both may be relative to it)."""
    return os.path.relpath(resolved_directory(Path(directory)), _resolved_root(Path(root)))


def _posix(rel: str) -> str:
    """*rel* (from ``os.path.relpath``, already normal) with ``/`` separators."""
    if os.sep == "/" and os.altsep is None:
        return rel  # what PurePosixPath(Path(rel).as_posix()).as_posix() gives here
    return PurePosixPath(Path(rel).as_posix()).as_posix()


def _match_patterns(rel: str, patterns: list[str]) -> bool:
    """Whether the relative path *rel* matches one of *patterns* (``fnmatch`` patterns): the
    whole path, a directory it is under, or (for a pattern without ``/``) any one component."""
    whole, component = _compiled_patterns(tuple(patterns))
    if whole is not None and whole.match(rel):
        return True
    return component is not None and any(component.match(part) for part in rel.split("/"))


@functools.lru_cache(maxsize=64)
def _compiled_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One regex for the whole-path tests of all patterns and one for the component tests
    (fnmatch's own translation of each pattern, joined)."""
    whole: list[str] = []
    component: list[str] = []
    for pattern in patterns:
        pat = pattern.rstrip("/")
        whole += [fnmatch.translate(pat), fnmatch.translate(pat + "/*")]
        if "/" not in pat:
            component.append(fnmatch.translate(pat))
    join = lambda parts: re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None  # noqa: E731
    return join(whole), join(component)


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)) and isinstance(value, (int, float)):
        return isinstance(default, float) or isinstance(value, int)
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    return isinstance(value, type(default))


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _str_list(value: Any, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return list(value)


def parse_table(
    table: dict[str, Any], where: str, root: Path, path: Path | None, base: Config | None = None
) -> Config:
    """A configuration from one table; with *base* (``extend``), keys not given here come from
    the base, and ``extend-select`` / ``extend-exclude`` add to the base's lists."""
    cfg = Config(path=path, root=root, where=where)
    if base is not None:
        cfg.select = list(base.select) if base.select is not None else None
        cfg.ignore = list(base.ignore)
        cfg.extend_select = list(base.extend_select)
        cfg.per_file_ignores = dict(base.per_file_ignores)
        cfg.site = base.site
        cfg.unsafe_fixes = base.unsafe_fixes
        cfg.ref_sources = list(base.ref_sources)
        cfg.templatedata = list(base.templatedata)
        cfg.output_format = base.output_format
        cfg.max_warnings = base.max_warnings
        cfg.severities = dict(base.severities)
        cfg.rule_options = {k: dict(v) for k, v in base.rule_options.items()}
        cfg.scan = dict(base.scan)
        cfg.exclude = []
        cfg.inherited_exclude = list(base.inherited_exclude) + [(base.root, list(base.exclude))]
    for key in table:
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{where}: unknown key '{key}'")
    if "select" in table:
        cfg.select = _str_list(table["select"], where, "select")
    if "ignore" in table:
        cfg.ignore = _str_list(table["ignore"], where, "ignore")
    cfg.extend_select = cfg.extend_select + _str_list(table.get("extend-select", []), where, "extend-select")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [codes]")
    cfg.per_file_ignores.update({k: _str_list(v, where, f"per-file-ignores.{k}") for k, v in pfi.items()})
    if "exclude" in table:
        cfg.exclude = _str_list(table["exclude"], where, "exclude")
        cfg.inherited_exclude = []
    elif base is None:
        cfg.exclude = list(DEFAULT_EXCLUDE)
    cfg.exclude = cfg.exclude + _str_list(table.get("extend-exclude", []), where, "extend-exclude")
    if "site" in table:
        if not isinstance(table["site"], str):
            raise ConfigError(f"{where}: 'site' must be a string")
        site = table["site"]
        cfg.site = str(root / site) if site.endswith(".toml") and not Path(site).is_absolute() else site
    if "unsafe-fixes" in table:
        if not isinstance(table["unsafe-fixes"], bool):
            raise ConfigError(f"{where}: 'unsafe-fixes' must be true or false")
        cfg.unsafe_fixes = table["unsafe-fixes"]
    if "ref-sources" in table:
        cfg.ref_sources = [cfg.resolve_path(v) for v in _str_list(table["ref-sources"], where, "ref-sources")]
    if "templatedata" in table:
        cfg.templatedata = [cfg.resolve_path(v) for v in _str_list(table["templatedata"], where, "templatedata")]
    if "output-format" in table:
        fmt = table["output-format"]
        if fmt not in OUTPUT_FORMATS:
            raise ConfigError(f"{where}: 'output-format' must be one of {', '.join(OUTPUT_FORMATS)}")
        cfg.output_format = fmt
    if "max-warnings" in table:
        if not isinstance(table["max-warnings"], int) or table["max-warnings"] < 0:
            raise ConfigError(f"{where}: 'max-warnings' must be a non-negative integer")
        cfg.max_warnings = table["max-warnings"]
    scan = table.get("scan", {})
    if not isinstance(scan, dict):
        raise ConfigError(f"{where}: 'scan' must be a table")
    for key, value in scan.items():
        if key not in SCAN_KEYS:
            raise ConfigError(f"{where}: unknown key 'scan.{key}'")
        if not isinstance(value, SCAN_KEYS[key]) or isinstance(value, bool):
            raise ConfigError(f"{where}: 'scan.{key}' must be a {SCAN_KEYS[key].__name__}")
    cfg.scan = dict(scan)
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{where}: 'rules' must be a table")
    for selector, spec in rules.items():
        if isinstance(spec, str):  # rules.WL602 = "warning"
            spec = {"severity": spec}
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: 'rules.{selector}' must be a table or a severity string")
        spec = dict(spec)
        if "severity" in spec:
            try:
                cfg.severities[selector] = Severity.parse(str(spec.pop("severity")))
            except ValueError as exc:
                raise ConfigError(f"{where}: 'rules.{selector}.severity': {exc}") from None
        if spec:
            cfg.rule_options[selector] = {k.replace("-", "_"): v for k, v in spec.items()}
    return cfg


def _display(path: Path) -> str:
    """A configuration file's name for messages: relative to the working directory when it
    is below it, else as found."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def load_config(path: Path, _chain: tuple[Path, ...] = ()) -> Config:
    """Read one configuration file; raise :class:`ConfigError` naming file and key."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{_display(path)}: cannot read configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{_display(path)}: configuration is not valid UTF-8") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_display(path)}: invalid TOML: {exc}") from None
    shown = _display(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("wikilint")
        if table is None:
            raise ConfigError(f"{shown}: no [tool.wikilint] table")
        where = f"{shown} [tool.wikilint]"
    else:
        table = data
        where = shown
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    base = None
    if "extend" in table:
        target = table["extend"]
        if not isinstance(target, str) or not target:
            raise ConfigError(f"{where}: 'extend' must be the path of another configuration file")
        other = Path(target).expanduser()
        other = other if other.is_absolute() else path.parent / other
        chain = _chain + (path.resolve(),)
        if other.resolve() in chain:
            raise ConfigError(f"{where}: 'extend' makes a cycle through {_display(other)}")
        if not other.is_file():
            raise ConfigError(f"{where}: 'extend': {_display(other)}: no such file")
        base = load_config(other, chain)
    return parse_table(table, where, path.parent, path, base)


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject.toml is somebody else's problem unless it has our table; we
        # cannot tell, so report it only when it mentions us.
        try:
            if "tool.wikilint" in path.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            pass
        return False
    return isinstance(data.get("tool", {}).get("wikilint"), dict)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file for a file or directory at *start*."""
    directory = start if start.is_dir() else start.parent
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_table(candidate):
                    continue
                return candidate
    return None


class ConfigCache:
    """Resolve the configuration of each file once per directory."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self.explicit = load_config(explicit) if explicit is not None else None
        self.isolated = isolated
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}
        self.default = Config()

    def for_path(self, path: Path) -> Config:
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return self.default
        directory = resolved_directory(path if path.is_dir() else path.parent)
        cfg = self._by_dir.get(directory)
        if cfg is None:
            found = find_config(directory)
            if found is None:
                cfg = self.default
            else:
                cfg = self._by_file.get(found)
                if cfg is None:
                    cfg = load_config(found)
                    self._by_file[found] = cfg
            self._by_dir[directory] = cfg
        return cfg
