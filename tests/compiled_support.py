"""What the compiled-vs-pure tests share: whether a compiled module is there to compare."""

from __future__ import annotations

import os

import pytest

from wikilint import _compiled


def need_compiled(name: str) -> None:
    """Skip unless ``wikilint.<name>`` runs compiled in this process; fail instead when
    ``WIKILINT_REQUIRE_COMPILED`` is set (CI), so that a build that silently fell back to pure
    Python is caught."""
    if name in _compiled.compiled_modules():
        return
    if os.environ.get("WIKILINT_REQUIRE_COMPILED", "") not in ("", "0") and not _compiled.pure_python_forced():
        pytest.fail(f"WIKILINT_REQUIRE_COMPILED is set but wikilint.{name} is not compiled")
    why = "WIKILINT_PURE_PYTHON is set" if _compiled.pure_python_forced() else "installed without its compiled extension"
    pytest.skip(f"no compiled wikilint.{name} in this process ({why})")
