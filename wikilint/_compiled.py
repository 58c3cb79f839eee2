"""Which of wikilint's modules run compiled, and the switch back to pure Python.

Some modules (``COMPILED``) can be built by Cython into extension modules beside their ``.py``
source (``setup.py``; optional: without Cython or a C compiler the package installs as pure
Python). Python's import system prefers such an extension to the ``.py`` of the same name. The
build records a hash of each source it compiled in ``_compiled.json``; this module installs an
import hook that loads the ``.py`` instead of the extension when

* the environment variable ``WIKILINT_PURE_PYTHON`` is set to anything but ``""`` or ``0``
  (the test suite runs in both modes), or
* the ``.py`` (or its ``.pxd``) no longer matches the hash it was compiled from: a developer
  edited it after an editable install. The edited source runs (so editing is never silently ignored) and a
  one-line warning says how to rebuild (``pip install -e .`` again).

It must be imported before the modules it governs (``wikilint/__init__.py`` does).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

# Modules that setup.py compiles when it can (short names inside the wikilint package).
COMPILED = ("tree", "markup")
# Compiled modules that use another one's extension types at C level (``cimport`` in their
# ``.pxd``): they can run compiled only when that one does (its pure-Python classes have another
# layout), so they run as pure Python with it.
NEEDS = {"markup": ("tree",)}

_HERE = Path(__file__).resolve().parent
_RECORD = _HERE / "_compiled.json"


def pure_python_forced() -> bool:
    """Whether ``WIKILINT_PURE_PYTHON`` asks for the pure-Python modules."""
    return os.environ.get("WIKILINT_PURE_PYTHON", "") not in ("", "0")


def _source_hash(path: Path) -> str:
    """The hash a build records: the ``.py`` and, when there is one, its ``.pxd`` (setup.py
    computes the same)."""
    data = path.read_bytes()
    pxd = path.with_suffix(".pxd")
    if pxd.is_file():
        data += b"\0" + pxd.read_bytes()
    return hashlib.sha256(data).hexdigest()


def _built() -> dict[str, str]:
    """Short module name -> hash of the source it was compiled from (what the build wrote)."""
    try:
        data = json.loads(_RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}


def _has_extension(name: str) -> bool:
    return any((_HERE / (name + suffix)).is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def _decide() -> dict[str, str]:
    """Short name -> why the pure-Python source is used instead of an existing extension."""
    pure: dict[str, str] = {}
    built = None
    for name in COMPILED:
        if not _has_extension(name):
            continue
        if pure_python_forced():
            pure[name] = "WIKILINT_PURE_PYTHON"
            continue
        if built is None:
            built = _built()
        source = _HERE / (name + ".py")
        try:
            current = _source_hash(source)
        except OSError:
            continue  # no source beside it: the extension is all there is
        if built.get(name) != current:
            pure[name] = "stale"
    for name in COMPILED:
        if name not in pure and _has_extension(name):
            for other in NEEDS.get(name, ()):
                if other in pure or not _has_extension(other):
                    pure[name] = "needs " + other
                    break
    return pure


class _PureFinder:
    """A meta-path finder that answers only for the modules to be loaded from source."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = {f"{__package__}.{k}": k for k in names}

    def find_spec(self, fullname: str, path: object = None, target: object = None):
        short = self.names.get(fullname)
        if short is None:
            return None
        return importlib.util.spec_from_file_location(fullname, _HERE / (short + ".py"))


_PURE = _decide()
if _PURE:
    sys.meta_path.insert(0, _PureFinder(_PURE))
    stale = sorted(k for k, why in _PURE.items() if why == "stale")
    if stale:
        print(
            f"wikilint: {', '.join(s + '.py/.pxd' for s in stale)} changed since it was compiled; running "
            "the pure-Python source (rebuild: pip install --no-deps -e .)",
            file=sys.stderr,
        )


def source_module(name: str) -> ModuleType:
    """The pure-Python module *name* (short name), loaded from its ``.py`` under a private
    name when the package's own module is compiled; for introspection that must not depend on
    the build (the generated docs read properties and annotations, which a compiled class
    exposes differently)."""
    import importlib

    module = importlib.import_module(f"{__package__}.{name}")
    if name not in compiled_modules():
        return module
    private = f"{__package__}._source_{name}"
    if private not in sys.modules:
        spec = importlib.util.spec_from_file_location(private, _HERE / (name + ".py"))
        mod = importlib.util.module_from_spec(spec)
        sys.modules[private] = mod
        spec.loader.exec_module(mod)
    return sys.modules[private]


def compiled_modules() -> list[str]:
    """The short names of the modules running compiled in this process (imported or not yet)."""
    return [name for name in COMPILED if _has_extension(name) and name not in _PURE]


# ---------------------------------------------------------------------------------------------
# The light tokenizer: mwparserfromhell's C tokenizer built from csrc/lighttok (setup.py) as
# ``wikilint._lighttok``. It reads wikitext as mwparserfromhell's own C tokenizer does and
# returns lighter tokens (a text run is the ``str``, a token without fields is its class).

LIGHTTOK = "_lighttok"
_LIGHTTOK_SOURCES = _HERE.parent / "csrc" / "lighttok"


def lighttok_source_hash(directory: Path) -> str:
    """The hash a build records for the light tokenizer: its C sources, by name (setup.py
    computes the same)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.[ch]")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _lighttok_decision() -> tuple[Any, str]:
    """(the light tokenizer's class or None, why not)."""
    if pure_python_forced():
        return None, "WIKILINT_PURE_PYTHON is set"
    if not _has_extension(LIGHTTOK):
        return None, "not built"
    if _LIGHTTOK_SOURCES.is_dir() and _built().get(LIGHTTOK) != lighttok_source_hash(_LIGHTTOK_SOURCES):
        # a source checkout whose C sources changed since the build
        return None, "stale"
    try:
        from . import _lighttok  # type: ignore[attr-defined]
    except ImportError as exc:
        return None, f"cannot be loaded ({exc})"
    import mwparserfromhell

    if mwparserfromhell.__version__ != _lighttok.MWPARSERFROMHELL_VERSION:
        return None, (
            f"made from mwparserfromhell {_lighttok.MWPARSERFROMHELL_VERSION}, "
            f"{mwparserfromhell.__version__} is installed"
        )
    return _lighttok.CTokenizer, ""


_LIGHT: tuple[Any, str] | None = None


def light_tokenizer() -> tuple[Any, str]:
    """``(class, "")`` when the light tokenizer can be used in this process, else ``(None,
    why not)``: not built (no C compiler at install time), ``WIKILINT_PURE_PYTHON`` set, its C
    sources edited since the build (source checkout), or another mwparserfromhell release
    installed than the one it was taken from (it must read wikitext exactly as the installed
    one does). Decided once per process."""
    global _LIGHT
    if _LIGHT is None:
        _LIGHT = _lighttok_decision()
        if _LIGHT[1] == "stale":
            print(
                "wikilint: csrc/lighttok changed since it was compiled; using mwparserfromhell's "
                "tokenizer (rebuild: pip install --no-deps -e .)",
                file=sys.stderr,
            )
    return _LIGHT
