"""Discovery of rules (built-ins in ``wikilint.rules`` and the ``wikilint.rules`` entry-point
group) and selection by code, name or prefix."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from importlib.metadata import entry_points
from types import ModuleType

from .rule import Rule

__all__ = ["Registry", "RegistryError", "UnknownSelector", "get_registry"]

ENTRY_POINT_GROUP = "wikilint.rules"


class RegistryError(Exception):
    pass


class UnknownSelector(RegistryError):
    def __init__(self, selector: str, where: str = "") -> None:
        self.selector = selector
        self.where = where
        super().__init__(f"unknown rule selector {selector!r}" + (f" in {where}" if where else ""))


def _rules_in_module(module: ModuleType) -> list[type[Rule]]:
    explicit = getattr(module, "RULES", None)
    if explicit is not None:
        return list(explicit)
    found = []
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, Rule)
            and value is not Rule
            and value.__module__ == module.__name__
            and value.code
        ):
            found.append(value)
    return found


def _walk_package(package: ModuleType) -> Iterable[ModuleType]:
    yield package
    path = getattr(package, "__path__", None)
    if path is None:
        return
    for info in sorted(pkgutil.walk_packages(path, package.__name__ + "."), key=lambda i: i.name):
        yield importlib.import_module(info.name)


class Registry:
    def __init__(self) -> None:
        self.rules: dict[str, type[Rule]] = {}
        self.by_name: dict[str, type[Rule]] = {}
        # One line per plugin that could not be loaded (reported once; the rest still runs).
        self.plugin_errors: list[str] = []

    def add(self, rule: type[Rule], origin: str = "builtin") -> None:
        rule.validate_metadata()
        existing = self.rules.get(rule.code)
        if existing is not None:
            if existing is rule:
                return
            raise RegistryError(
                f"duplicate rule code {rule.code}: {existing.__module__}.{existing.__name__} "
                f"and {rule.__module__}.{rule.__name__}"
            )
        if rule.name in self.by_name:
            other = self.by_name[rule.name]
            raise RegistryError(f"duplicate rule name {rule.name!r}: {other.code} and {rule.code}")
        if origin != "builtin" and rule.code.startswith("WL"):
            raise RegistryError(f"plugin rule {rule.code} from {origin} uses the reserved WL prefix")
        rule._origin = origin  # type: ignore[attr-defined]
        self.rules[rule.code] = rule
        self.by_name[rule.name] = rule

    def load_builtins(self) -> None:
        package = importlib.import_module("wikilint.rules")
        for module in _walk_package(package):
            for rule in _rules_in_module(module):
                self.add(rule, "builtin")

    def load_plugins(self) -> None:
        """Load the rules of every installed plugin. A plugin that fails to import or whose
        rules are invalid is skipped and recorded in :attr:`plugin_errors` (one line each), so
        that one broken package cannot stop every command, the pre-commit hook included."""
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.value == "wikilint.rules":
                continue  # our own built-ins
            origin = ep.dist.name if ep.dist is not None else ep.name
            try:
                obj = ep.load()
                if isinstance(obj, ModuleType):
                    rules = []
                    for module in _walk_package(obj):
                        rules.extend(_rules_in_module(module))
                elif isinstance(obj, type) and issubclass(obj, Rule):
                    rules = [obj]
                else:
                    rules = list(obj)
            except Exception as exc:  # noqa: BLE001 - any import-time error of a plugin
                self.plugin_errors.append(
                    f"plugin '{ep.name}' ({origin}) could not be loaded and is skipped: "
                    f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
                )
                continue
            for rule in rules:
                try:
                    self.add(rule, origin)
                except (RegistryError, ValueError) as exc:
                    self.plugin_errors.append(f"plugin '{ep.name}' ({origin}): rule skipped: {exc}")

    def doc_warnings(self) -> list[str]:
        """Plugin rules whose docstring lacks a required section (``wikilint rules`` shows them)."""
        from .docs import missing_doc_sections

        out = []
        for code in sorted(self.rules):
            cls = self.rules[code]
            if getattr(cls, "_origin", "builtin") == "builtin":
                continue
            missing = missing_doc_sections(cls)
            if missing:
                out.append(
                    f"plugin rule {code} ({cls._origin}) lacks the docstring section"  # type: ignore[attr-defined]
                    f"{'s' if len(missing) > 1 else ''} " + ", ".join(f"'## {m}'" for m in missing)
                )
        return out

    # ------------------------------------------------------------------ lookup
    def sorted_rules(self) -> list[type[Rule]]:
        return [self.rules[c] for c in sorted(self.rules)]

    def get(self, code_or_name: str) -> type[Rule] | None:
        key = code_or_name.strip()
        return self.rules.get(key.upper()) or self.by_name.get(key.lower())

    def resolve(self, selector: str, where: str = "") -> set[str]:
        """Codes matched by a selector: ``ALL``, a code, a name, or a code prefix (``WL5``)."""
        sel = selector.strip()
        if not sel:
            raise UnknownSelector(selector, where)
        if sel.upper() == "ALL":
            return set(self.rules)
        rule = self.get(sel)
        if rule is not None:
            return {rule.code}
        up = sel.upper()
        matched = {code for code in self.rules if code.startswith(up)}
        if matched:
            return matched
        raise UnknownSelector(selector, where)

    def select(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        extend_select: Iterable[str] | None = None,
        where: str = "",
    ) -> list[type[Rule]]:
        if select is None:
            chosen = {code for code, r in self.rules.items() if getattr(r, "default_enabled", True)}
        else:
            chosen = set()
            for sel in select:
                chosen |= self.resolve(sel, where)
        for sel in extend_select or ():
            chosen |= self.resolve(sel, where)
        for sel in ignore or ():
            chosen -= self.resolve(sel, where)
        return [self.rules[c] for c in sorted(chosen)]


_REGISTRY: Registry | None = None


def get_registry() -> Registry:
    global _REGISTRY
    if _REGISTRY is None:
        reg = Registry()
        reg.load_builtins()
        reg.load_plugins()
        _REGISTRY = reg
    return _REGISTRY
