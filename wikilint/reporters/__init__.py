"""Output formats. Each reporter is ``render(results, ctx) -> str``.

``results`` is the list of :class:`wikilint.runner.FileResult` in a stable order; ``ctx`` is a
:class:`ReportContext` with the registry and flags. Register a format in ``REPORTERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ReportContext", "REPORTERS", "get_reporter"]


@dataclass
class ReportContext:
    registry: Any
    color: bool = False
    fixing: bool = False  # results come from a fix run (diagnostics are what remains)
    unsafe_fixes: bool = False
    fixed_total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _load() -> dict[str, Callable[[Sequence[Any], ReportContext], str]]:
    from . import json_ as json_mod
    from . import text as text_mod

    table = {
        "text": text_mod.render,
        "concise": text_mod.render,
        "json": json_mod.render,
        "json-lines": json_mod.render_lines,
    }
    try:
        from . import full as full_mod

        table["full"] = full_mod.render
    except ImportError:
        pass
    try:
        from . import sarif as sarif_mod

        table["sarif"] = sarif_mod.render
    except ImportError:
        pass
    try:
        from . import github as github_mod

        table["github"] = github_mod.render
    except ImportError:
        pass
    return table


REPORTERS: dict[str, Callable[[Sequence[Any], ReportContext], str]] = {}


def get_reporter(name: str) -> Callable[[Sequence[Any], ReportContext], str]:
    if not REPORTERS:
        REPORTERS.update(_load())
    return REPORTERS[name]
