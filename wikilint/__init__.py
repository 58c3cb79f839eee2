"""wikilint: a linter and repairer for MediaWiki wikitext.

Library use::

    from wikilint import Linter, LintSettings, fix_text
    linter = Linter(LintSettings(select=["WL5"], site="enwiki"))
    for d in linter.lint(text, path="Page.wiki"):
        print(d.line, d.column, d.code, d.message)
    fixed = fix_text(linter, text).text
"""

from . import _compiled  # noqa: F401  (first: it chooses compiled or pure-Python modules)
from .document import Document, normalize_title
from .fixer import FixResult, apply_edits, fix_text
from .linter import Linter, LintSettings, lint_text
from .model import Applicability, Diagnostic, Edit, Fix, FixAvailability, Related, Severity
from .rule import Rule

__version__ = "0.1.0"

__all__ = [
    "Applicability",
    "Diagnostic",
    "Document",
    "Edit",
    "Fix",
    "FixAvailability",
    "FixResult",
    "LintSettings",
    "Linter",
    "Related",
    "Rule",
    "Severity",
    "apply_edits",
    "fix_text",
    "lint_text",
    "normalize_title",
    "__version__",
]
