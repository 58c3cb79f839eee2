"""Reading and writing user files without damaging them.

* Text is decoded as strict UTF-8; a file that is not valid UTF-8 is an :class:`InputError`.
* A leading BOM is remembered and restored; line endings are kept byte for byte (no newline
  translation on read or write).
* Writes are atomic: a temporary file in the same directory, flushed and fsynced, then renamed
  over the original, keeping its permission bits, owner and group. A symlink is followed (its
  target is fixed, the link stays). Before the rename the file is compared with what was read:
  an edit saved meanwhile is never overwritten (:class:`ChangedMeanwhile`).
* Refused, with a one-line :class:`WriteError`: read-only files (as an editor would), files
  with several hard links (a rename would split them), unwritable directories, full disks.
* Temporary files are named ``.<name>.wikilint-<pid>-<random>.tmp``; one left behind by a
  killed run (its process is gone) is removed by :func:`clean_stale_temps` on the next run.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Source",
    "InputError",
    "WriteError",
    "ChangedMeanwhile",
    "read_source",
    "read_stdin",
    "write_atomic",
    "write_fixed",
    "clean_stale_temps",
    "discover",
    "git_ignored",
    "WIKI_SUFFIXES",
]

WIKI_SUFFIXES = (".wiki", ".wikitext", ".mediawiki")
BOM = "\ufeff"


class InputError(Exception):
    """A file that cannot be read as wikitext; the message is one line naming the file."""


class WriteError(Exception):
    """A fixed file that could not be written; the message is one line naming the file."""


class ChangedMeanwhile(WriteError):
    """The file changed on disk after it was read: it is left as it is now."""


@dataclass
class Source:
    path: str  # display path ("-" or the --stdin-filename for stdin)
    text: str  # without BOM
    bom: bool = False
    real_path: Path | None = None  # None for stdin
    digest: bytes | None = None  # hash of the bytes as read (for compare-and-swap); see read_digest

    def with_text(self, text: str) -> str:
        return (BOM if self.bom else "") + text

    def read_digest(self) -> bytes:
        """The SHA-256 of the bytes as read. Computed when a fix is written, not for every file
        read: strict UTF-8 decoding is reversible, so the BOM and text encode back to exactly
        those bytes."""
        if self.digest is None:
            self.digest = hashlib.sha256(self.with_text(self.text).encode("utf-8")).digest()
        return self.digest


def _decode(data: bytes, where: str) -> tuple[str, bool]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "wikilint reads UTF-8 wikitext only"
        ) from None
    if b"\x00" in data:  # in UTF-8 a zero byte is U+0000 and nothing else (memchr, not a scan of code points)
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


_TMP_RE = re.compile(r"^\..+\.wikilint-(\d+)-[A-Za-z0-9_]+\.tmp$")


def _tmp_prefix(name: str) -> str:
    return f".{name}.wikilint-{os.getpid()}-"


def write_atomic(path: Path, text: str, expect: bytes | None = None) -> None:
    """Write *text* (already including any BOM) to *path* atomically.

    *expect*: the SHA-256 of the content that was read; when the file no longer has it, nothing
    is written and :class:`ChangedMeanwhile` is raised. Other failures raise
    :class:`WriteError` with a one-line message; the original file is then untouched."""
    data = text.encode("utf-8")
    where = str(path)
    target = Path(os.path.realpath(path))  # a symlink: fix its target, keep the link
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
        if expect is not None:
            raise ChangedMeanwhile(f"{where}: was deleted during the run; not written") from None
    except OSError as exc:
        raise WriteError(f"{where}: cannot write: {exc.strerror or exc}") from None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise WriteError(f"{where}: not a regular file; not written")
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise WriteError(f"{where}: file is read-only; not written")
        if st.st_nlink > 1:
            raise WriteError(
                f"{where}: has {st.st_nlink} hard links; not written (replacing it would separate them)"
            )
    try:
        fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(target.name), suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"{where}: cannot write in {target.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except PermissionError:
                    # Not allowed to give the file away: keep at least its group when we may.
                    try:
                        os.chown(tmp, -1, st.st_gid)
                    except PermissionError:
                        pass
        if expect is not None:
            try:
                now = hashlib.sha256(target.read_bytes()).digest()
            except FileNotFoundError:
                raise ChangedMeanwhile(f"{where}: was deleted during the run; not written") from None
            if now != expect:
                raise ChangedMeanwhile(f"{where}: changed on disk during the run; left as it is now, not fixed")
        os.replace(tmp, target)
    except WriteError:
        _unlink(tmp)
        raise
    except OSError as exc:
        _unlink(tmp)
        what = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise WriteError(f"{where}: cannot write: {what}; left unchanged") from None
    except BaseException:
        _unlink(tmp)
        raise


def write_fixed(source: Source, text: str) -> None:
    """Write a fixed source back, compare-and-swap against what was read."""
    if source.real_path is None:
        raise WriteError(f"{source.path}: not a file")
    write_atomic(source.real_path, text, expect=source.read_digest())


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def clean_stale_temps(directories: Iterable[Path]) -> list[Path]:
    """Remove temporary files of wikilint's naming whose process is gone (a killed run);
    returns what was removed. Files of running processes and any other file are left alone."""
    removed: list[Path] = []
    for d in dict.fromkeys(directories):
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for name in names:
            m = _TMP_RE.match(name)
            if m is None or _alive(int(m.group(1))):
                continue
            p = Path(d) / name
            try:
                if p.is_file() and not p.is_symlink():
                    p.unlink()
                    removed.append(p)
            except OSError:
                pass
    return removed


@functools.lru_cache(maxsize=4096)
def _real_directory(cwd: str, directory: str) -> str:
    return os.path.realpath(os.path.join(cwd, directory))


def resolved_directory(directory: Path) -> Path:
    """``directory.resolve()``, cached like :func:`resolved`."""
    return Path(_real_directory(os.getcwd(), str(directory)))


def resolved(path: Path) -> Path:
    """``path.resolve()``, with each directory resolved once (resolving is a system call per
    path component, and a run asks it of every file several times). A file that is itself a
    symbolic link is resolved in full. A directory replaced by a link while the process runs
    keeps its first resolution."""
    name = path.name
    if name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    return Path(_real_directory(os.getcwd(), str(path.parent)), name)


def _is_wiki_name(name: str) -> bool:
    return name.lower().endswith(WIKI_SUFFIXES)


def _maybe_in_git(directory: Path) -> bool:
    """False when git would find no repository for *directory*: no ``.git`` (a directory, or
    the file of a linked work tree) in it or any directory above it, and no ``GIT_DIR`` in the
    environment. Spares a run outside any repository a git process and a resolved path per file."""
    if os.environ.get("GIT_DIR"):
        return True
    here = resolved_directory(directory)
    for d in (here, *here.parents):
        if os.path.lexists(os.path.join(d, ".git")):
            return True
    return False


def git_ignored(files: list[Path], cwd: Path) -> set[Path]:
    """The files git ignores (``.gitignore`` files, ``.git/info/exclude``, the global
    excludes), asked from git itself in one call; empty when *cwd* is not in a git work tree
    or git is not installed."""
    import shutil
    import subprocess

    if not files or not _maybe_in_git(cwd) or shutil.which("git") is None:
        return set()
    data = b"\0".join(os.fsencode(str(resolved(f))) for f in files) + b"\0"
    try:
        proc = subprocess.run(
            ["git", "-C", str(cwd), "check-ignore", "-z", "--stdin"],
            input=data,
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):  # 128: not a git repository
        return set()
    ignored = {Path(os.fsdecode(p)) for p in proc.stdout.split(b"\0") if p}
    return {f for f in files if resolved(f) in ignored}


def discover(
    paths: Iterable[Path],
    is_excluded,  # callable(Path, explicit: bool) -> bool
    respect_gitignore: bool = False,
) -> Iterator[Path]:
    """Files to check: explicit files as given (unless excluded with force), and wikitext
    files found by recursing into directories (skipping excluded ones, and with
    *respect_gitignore* the files git ignores), in sorted order. Suffixes match in any case
    (``.WIKI`` too)."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            if is_excluded(path, False):
                continue
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                rootp = Path(root)
                dirs[:] = sorted(d for d in dirs if not is_excluded(rootp / d, False))
                for name in sorted(files):
                    if _is_wiki_name(name):
                        f = rootp / name
                        if f not in seen and not is_excluded(f, False):
                            seen.add(f)
                            found.append(f)
            if respect_gitignore:
                skip = git_ignored(found, path)
                found = [f for f in found if f not in skip]
            yield from found
        else:
            if path in seen or is_excluded(path, True):
                continue
            seen.add(path)
            yield path
