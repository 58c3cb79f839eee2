"""Run selected rules over a Document; apply suppressions; isolate rule crashes."""

from __future__ import annotations

import gc
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .model import Diagnostic, Severity
from .registry import Registry, get_registry
from .rule import Rule

__all__ = ["Linter", "LintSettings", "PARSE_FAILURE", "RULE_ERROR"]

PARSE_FAILURE = ("WL001", "parse-failure")
RULE_ERROR = ("WL002", "rule-error")


@dataclass
class LintSettings:
    """Everything that decides what a lint run does, independent of where it came from
    (CLI flags, config files or library callers)."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    site: str = "enwiki"
    severities: dict[str, Severity] = field(default_factory=dict)  # selector -> severity
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # selector -> options
    doc_options: dict[str, Any] = field(default_factory=dict)  # passed to Document.options
    suppressions: bool = True


class Linter:
    """A configured set of rule instances. Reusable across many documents."""

    def __init__(self, settings: LintSettings | None = None, registry: Registry | None = None) -> None:
        from .sites import load_site

        self.settings = settings or LintSettings()
        self.registry = registry or get_registry()
        classes = self.registry.select(
            self.settings.select, self.settings.ignore, self.settings.extend_select
        )
        sev: dict[str, Severity] = {}
        for selector, level in self.settings.severities.items():
            for code in self.registry.resolve(selector, "severity settings"):
                sev[code] = level
        opts: dict[str, dict[str, Any]] = {}
        for selector, values in self.settings.rule_options.items():
            for code in self.registry.resolve(selector, "rule options"):
                opts.setdefault(code, {}).update(values)
        self.rules: list[Rule] = []
        for cls in classes:
            own = {k: v for k, v in opts.get(cls.code, {}).items() if k in cls.options}
            self.rules.append(cls(own, sev.get(cls.code)))
        self._codes = {r.code for r in self.rules}
        # Engine pseudo-rules have no check() of their own.
        self.rules = [r for r in self.rules if not getattr(r, "engine", False)]
        self.site = load_site(self.settings.site)

    @property
    def codes(self) -> set[str]:
        return self._codes

    def document(self, text: str, path: str | None = None) -> Document:
        return Document(text, path=path, site=self.site, options=self.settings.doc_options)

    def lint_document(self, doc: Document, only: Callable[[Rule], bool] | None = None) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        if doc.parse_error and PARSE_FAILURE[0] in self.codes:
            diags.append(
                Diagnostic.at(
                    doc,
                    0,
                    len(doc.text),
                    code=PARSE_FAILURE[0],
                    name=PARSE_FAILURE[1],
                    message=f"Could not parse the page ({doc.parse_error}); only text checks ran",
                )
            )
        for rule in self.rules:
            if only is not None and not only(rule):
                continue
            if doc.parse_error and not getattr(rule, "text_only", False):
                continue
            doc.rule_started()
            try:
                diags.extend(rule.check(doc))
            except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the others
                tb = traceback.extract_tb(exc.__traceback__)
                where = f"{tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else "?"
                diags.append(
                    Diagnostic.at(
                        doc,
                        0,
                        0,
                        code=RULE_ERROR[0],
                        name=RULE_ERROR[1],
                        message=(
                            f"Rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc} "
                            f"[{where}]"
                        ),
                    )
                )
        if self.settings.suppressions:
            from .suppress import apply_suppressions

            diags = apply_suppressions(doc, diags, self)
        diags.sort(key=Diagnostic.sort_key)
        return diags

    def lint(self, text: str, path: str | None = None) -> list[Diagnostic]:
        # The Document and what rules derive from it are many small objects with reference
        # cycles (parent links): pausing the cyclic garbage collector while they live and
        # breaking the cycles afterwards frees them by reference counting, instead of having
        # the collector traverse (and promote) the whole tree several times per page.
        enabled = gc.isenabled()
        gc.disable()
        try:
            doc = self.document(text, path)
            try:
                return self.lint_document(doc)
            finally:
                doc.release()
        finally:
            if enabled:
                gc.enable()


def lint_text(
    text: str,
    select: Sequence[str] | None = None,
    ignore: Iterable[str] = (),
    site: str = "enwiki",
    path: str | None = None,
    **doc_options: Any,
) -> list[Diagnostic]:
    """Library entry point: lint *text* with the given rule selection."""
    settings = LintSettings(
        select=list(select) if select is not None else None,
        ignore=list(ignore),
        site=site,
        doc_options=doc_options,
    )
    return Linter(settings).lint(text, path)
