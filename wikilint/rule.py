"""The Rule base class: explicit metadata, a Markdown docstring in fixed sections, one
``check(doc)`` generator.

A third-party rule is written exactly like a built-in one::

    class MyRule(Rule):
        \"\"\"One-line summary.

        ## What it does
        ...
        ## Why is this bad?
        ...
        ## Example
        ```wikitext
        bad
        ```

        Use instead:
        ```wikitext
        good
        ```
        \"\"\"

        code = "XYZ100"
        name = "my-rule"
        summary = "One-line summary"

        def check(self, doc):
            yield self.report(doc, start, end, "Message with the concrete value")
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from .model import Applicability, Diagnostic, Fix, FixAvailability, Related, Severity
from .textscript import _LIMIT as _SCRIPT_LIMIT
from .textscript import translates, translates_away

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Rule"]

CODE_RE = re.compile(r"^[A-Z]{1,5}[0-9]{2,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def _may_translate(old: str, new: str) -> bool:
    """:func:`wikilint.textscript.translates`, without its look at the scripts of the letters
    when *new* only writes characters that *old* (read whole) holds: then *new*'s scripts are
    among *old*'s and nothing is translated (``[[Ａ|Ａｓ]]`` -> ``[[Ａ]]ｓ``, most fixes)."""
    if old.isascii() and new.isascii():
        return False  # translates' own first answer, without building sets
    # translates reads the first _SCRIPT_LIMIT characters of each text: all of old, here
    if len(old) <= _SCRIPT_LIMIT and set(new[:_SCRIPT_LIMIT]).issubset(old):
        return False
    return translates(old, new)


class Rule:
    """Base class of every rule.

    Class attributes (metadata, all explicit):
        code: ``WL`` + 3 digits for built-ins; third-party rules use their own prefix.
        name: kebab-case name of the flagged pattern.
        summary: one line; defaults to the docstring's first line.
        severity: default severity.
        fix_availability: ``FixAvailability.NONE`` / ``SOMETIMES`` / ``ALWAYS``.
        mw_keys: MediaWiki message keys this rule predicts (e.g. Cite error keys).
        lint_types: Parsoid lint categories this rule predicts (e.g. ``missing-end-tag``).
        default_enabled: whether the rule runs without being selected explicitly.
        cosmetic: whether the rule's fixes change nothing readers see (markup tidying such as
            ``[[A|A]]`` -> ``[[A]]``). A bot never saves an edit made only of cosmetic fixes.
        options: default option values; users override them in config.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    mw_keys: ClassVar[tuple[str, ...]] = ()
    lint_types: ClassVar[tuple[str, ...]] = ()
    default_enabled: ClassVar[bool] = True
    cosmetic: ClassVar[bool] = False
    options: ClassVar[dict[str, Any]] = {}

    def __init__(self, options: dict[str, Any] | None = None, severity: Severity | None = None) -> None:
        merged = dict(type(self).options)
        if options:
            unknown = set(options) - set(merged)
            if unknown:
                raise ValueError(
                    f"rule {self.code} ({self.name}) has no option(s) {', '.join(sorted(unknown))}"
                )
            merged.update(options)
        self.opts = merged
        self.effective_severity = severity or type(self).severity

    # ------------------------------------------------------------------ to override
    def check(self, doc: Document) -> Iterator[Diagnostic]:  # pragma: no cover - abstract
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers
    def report(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        mw_key: str | None = None,
        lint_type: str | None = None,
        related: tuple[tuple[int, int, str], ...] | list[tuple[int, int, str]] = (),
        data: dict | None = None,
    ) -> Diagnostic:
        """Build a Diagnostic at ``doc.text[start:end]``. A safe fix that would translate the
        page's own script away (:func:`wikilint.textscript.translates_away`) is made unsafe."""
        if fix is not None and fix.applicability is Applicability.SAFE and any(
            _may_translate(doc.text[e.start : e.end], e.replacement) for e in fix.edits
        ) and any(translates_away(doc.text, doc.text[e.start : e.end], e.replacement) for e in fix.edits):
            fix = Fix(fix.title, fix.edits, Applicability.UNSAFE)
        line_col = doc.line_col
        rel = tuple(Related(s, e, m, *line_col(s)) for s, e, m in related) if related else ()
        if lint_type is None:
            lint_types = self.lint_types
            lint_type = lint_types[0] if len(lint_types) == 1 else None
        # Diagnostic.at's fields, passed in order (one call, no keyword dictionary)
        line, column = line_col(start)
        end_line, end_column = (line, column) if end == start else line_col(end)
        return Diagnostic(
            self.code, self.name, message, start, end, line, column, end_line, end_column,
            self.effective_severity, fix, mw_key, lint_type, rel, data, doc.path,
        )

    # ------------------------------------------------------------------ documentation
    @classmethod
    def doc(cls) -> str:
        """The class docstring, or else the rule module's docstring (one rule per module)."""
        text = cls.__doc__
        if not text:
            import sys

            module = sys.modules.get(cls.__module__)
            text = getattr(module, "__doc__", None)
        return inspect.cleandoc(text or "")

    @classmethod
    def get_summary(cls) -> str:
        if cls.summary:
            return cls.summary
        first = cls.doc().split("\n", 1)[0].strip()
        return first.rstrip(".")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring's ``## Section`` blocks, by heading."""
        sections: dict[str, str] = {}
        current = None
        buf: list[str] = []
        for line in cls.doc().splitlines():
            if line.startswith("## "):
                if current is not None:
                    sections[current] = "\n".join(buf).strip()
                current = line[3:].strip()
                buf = []
            elif current is not None:
                buf.append(line)
        if current is not None:
            sections[current] = "\n".join(buf).strip()
        return sections

    @classmethod
    def examples(cls) -> tuple[str | None, str | None]:
        """``(example, use_instead)`` wikitext blocks from the Example section."""
        body = cls.doc_sections().get("Example", "")
        blocks = re.findall(r"```wikitext\n(.*?)```", body, re.S)
        example = blocks[0] if blocks else None
        use_instead = None
        if "Use instead:" in body:
            after = body.split("Use instead:", 1)[1]
            m = re.search(r"```wikitext\n(.*?)```", after, re.S)
            use_instead = m.group(1) if m else None
        return example, use_instead

    @classmethod
    def metadata(cls) -> dict[str, Any]:
        return {
            "code": cls.code,
            "name": cls.name,
            "summary": cls.get_summary(),
            "severity": cls.severity.value,
            "fix": cls.fix_availability.value,
            "mw_keys": list(cls.mw_keys),
            "lint_types": list(cls.lint_types),
            "default_enabled": cls.default_enabled,
            "options": dict(cls.options),
            "explanation": cls.doc(),
            "origin": getattr(cls, "_origin", "builtin"),
        }

    @classmethod
    def validate_metadata(cls) -> None:
        if not CODE_RE.match(cls.code or ""):
            raise ValueError(f"{cls.__module__}.{cls.__name__}: bad rule code {cls.code!r}")
        if not NAME_RE.match(cls.name or ""):
            raise ValueError(f"{cls.__module__}.{cls.__name__}: bad rule name {cls.name!r}")
        if cls.check is Rule.check:
            raise ValueError(f"rule {cls.code} does not implement check()")
