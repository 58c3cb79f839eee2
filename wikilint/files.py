"""Reading and writing user files without damaging them.

* Text is decoded as strict UTF-8; a file that is not valid UTF-8 is an :class:`InputError`.
* A leading BOM is remembered and restored; line endings are kept byte for byte (no newline
  translation on read or write).
* Writes are atomic: a temporary file in the same directory, flushed and fsynced, then renamed
  over the original, keeping its permission bits.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Source", "InputError", "read_source", "read_stdin", "write_atomic", "discover", "WIKI_SUFFIXES"]

WIKI_SUFFIXES = (".wiki", ".wikitext", ".mediawiki")
BOM = "\ufeff"


class InputError(Exception):
    """A file that cannot be read as wikitext; the message is one line naming the file."""


@dataclass
class Source:
    path: str  # display path ("-" or the --stdin-filename for stdin)
    text: str  # without BOM
    bom: bool = False
    real_path: Path | None = None  # None for stdin

    def with_text(self, text: str) -> str:
        return (BOM if self.bom else "") + text


def _decode(data: bytes, where: str) -> tuple[str, bool]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "wikilint reads UTF-8 wikitext only"
        ) from None
    if "\x00" in text:
        raise InputError(f"{where}: contains NUL bytes; not a text file")
    bom = text.startswith(BOM)
    return (text[1:] if bom else text), bom


def read_source(path: Path) -> Source:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, bom = _decode(data, str(path))
    return Source(str(path), text, bom, path)


def read_stdin(display: str = "-") -> Source:
    data = sys.stdin.buffer.read()
    text, bom = _decode(data, display if display != "-" else "<stdin>")
    return Source(display, text, bom, None)


def write_atomic(path: Path, text: str) -> None:
    """Write *text* (already including any BOM) to *path* atomically."""
    data = text.encode("utf-8")
    directory = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".wikilint-tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def discover(
    paths: Iterable[Path],
    is_excluded,  # callable(Path, explicit: bool) -> bool
) -> Iterator[Path]:
    """Files to check: explicit files as given (unless excluded with force), and wikitext
    files found by recursing into directories (skipping excluded ones), in sorted order."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            if is_excluded(path, False):
                continue
            for root, dirs, files in os.walk(path):
                rootp = Path(root)
                dirs[:] = sorted(d for d in dirs if not is_excluded(rootp / d, False))
                for name in sorted(files):
                    if name.endswith(WIKI_SUFFIXES):
                        f = rootp / name
                        if f not in seen and not is_excluded(f, False):
                            seen.add(f)
                            yield f
        else:
            if path in seen or is_excluded(path, True):
                continue
            seen.add(path)
            yield path
