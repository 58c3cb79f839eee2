"""The optional compiled build: Cython compiles the modules listed in ``wikilint/_compiled.py``
(``COMPILED``) from their plain-Python source and its ``.pxd`` declarations, and the C compiler
builds ``wikilint._lighttok`` (mwparserfromhell's tokenizer making lighter tokens,
csrc/lighttok/README.md). Everything else is in pyproject.toml.

The extensions are optional: without Cython or a C compiler, or with ``WIKILINT_PURE_PYTHON``
set, the package installs as pure Python and runs the same. The build records the hash of each
source it compiled in ``wikilint/_compiled.json``; a source edited after the build runs as pure
Python (with a warning) until it is rebuilt, e.g. by ``pip install -e .`` again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
COMPILED = ("tree", "markup")  # keep in step with wikilint/_compiled.py
LIGHTTOK_NAME = "_lighttok"  # wikilint/_compiled.py: LIGHTTOK
LIGHTTOK = ROOT / "csrc" / "lighttok"


def _source_hash(path: Path) -> str:
    """The ``.py`` and, when there is one, its ``.pxd`` (as wikilint/_compiled.py checks)."""
    data = path.read_bytes()
    pxd = path.with_suffix(".pxd")
    if pxd.is_file():
        data += b"\0" + pxd.read_bytes()
    return hashlib.sha256(data).hexdigest()


def _lighttok_hash(directory: Path) -> str:
    """The light tokenizer's C sources, by name (as wikilint/_compiled.py checks)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.[ch]")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _wanted() -> bool:
    return os.environ.get("WIKILINT_PURE_PYTHON", "") in ("", "0")


class OptionalBuildExt(build_ext):
    """Build what can be built; a failure leaves the pure-Python module (with a warning). Then
    record, beside each built extension (in the build directory and, for an editable install,
    in the source tree), the hash of the source it was compiled from."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - no compiler, broken toolchain...
            self.warn(f"wikilint: compiled modules not built ({exc}); installing pure Python")
            return
        records: dict[Path, dict[str, str]] = {}
        for ext in self.extensions:
            built = Path(self.build_lib) / self.get_ext_filename(self.get_ext_fullname(ext.name))
            if not built.is_file():
                continue  # optional and not built
            short = ext.name.rpartition(".")[2]
            if short == LIGHTTOK_NAME:
                digest = _lighttok_hash(LIGHTTOK)
            else:
                digest = _source_hash(ROOT / "wikilint" / f"{short}.py")
            places = [built.parent]
            if self.inplace:
                places.append(ROOT / "wikilint")
            for place in places:
                records.setdefault(place, {})[short] = digest
        for place, built_hashes in records.items():
            (place / "_compiled.json").write_text(json.dumps(built_hashes, sort_keys=True) + "\n", encoding="utf-8")


def extensions() -> list[Extension]:
    if not _wanted():
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        return [_lighttok()]
    exts = [Extension(f"wikilint.{name}", [f"wikilint/{name}.py"], optional=True) for name in COMPILED]
    return [
        *cythonize(
            exts,
            build_dir="build/cython",
            quiet=True,
            compiler_directives={"language_level": 3, "annotation_typing": False},
        ),
        _lighttok(),
    ]


def _lighttok() -> Extension:
    """mwparserfromhell's C tokenizer making lighter tokens (csrc/lighttok/README.md); plain C,
    it needs no Cython."""
    sources = sorted(str(p.relative_to(ROOT)) for p in LIGHTTOK.glob("*.c"))
    return Extension(f"wikilint.{LIGHTTOK_NAME}", sources, depends=[str(p.relative_to(ROOT)) for p in LIGHTTOK.glob("*.h")], optional=True)


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
