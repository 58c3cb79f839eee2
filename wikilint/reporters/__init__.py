"""Output formats. Each reporter is ``render(results, ctx) -> str``.

``results`` is the list of :class:`wikilint.runner.FileResult` in a stable order; ``ctx`` is a
:class:`ReportContext` with the registry and flags. Register a format in ``REPORTERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ReportContext", "REPORTERS", "get_reporter", "source_text", "LineIndex"]


@dataclass
class ReportContext:
    registry: Any
    color: bool = False
    fixing: bool = False  # results come from a fix run (diagnostics are what remains)
    unsafe_fixes: bool = False
    fixed_total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def source_text(result: Any) -> str:
    """The text a result's diagnostics point into (the fixed text after a fix run), no BOM."""
    text = result.fixed if getattr(result, "fixed", None) is not None else getattr(result, "original", "")
    return text[1:] if text.startswith("\ufeff") else text


class LineIndex:
    """1-based line/column lookups over one text (columns count code points)."""

    def __init__(self, text: str) -> None:
        import bisect

        self._bisect = bisect.bisect_right
        self.text = text
        starts = [0]
        i = text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self.starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        line = self._bisect(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line(self, number: int) -> str:
        if number < 1 or number > len(self.starts):
            return ""
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


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


def get_stream(name: str, ctx: ReportContext) -> Any:
    """A writer of format *name* that takes the results one at a time, in order (``add(result)``
    returns the text for that file, ``end()`` the rest), giving exactly what the format's
    reporter gives for all of them; ``None`` for formats that need every result at once
    (``full``, ``sarif``). A run that streams its report need not keep every diagnostic."""
    from . import json_ as json_mod
    from . import text as text_mod

    if name in ("text", "concise"):
        return text_mod.Stream(ctx)
    if name == "json":
        return json_mod.Stream(ctx)
    if name == "json-lines":
        return json_mod.LinesStream(ctx)
    if name == "github":
        from . import github as github_mod

        return github_mod.Stream(ctx)
    return None
