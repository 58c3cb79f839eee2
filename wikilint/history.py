"""A file's committed git history as a source of lost reference definitions.

AnomieBOT rescues orphaned references by walking the page's history backwards until it finds a
revision that still defines the name. :func:`history_definitions` does the same for a file in a
git repository: newest commit first (``git log`` of the file's path), stopping, for each name,
at the first revision that defines it. Results are cached per (repository, path, HEAD), so the
fixer's repeated passes do not walk the history again.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = ["history_definitions", "file_revisions", "MAX_REVISIONS"]

MAX_REVISIONS = 500
_TIMEOUT = 30


def _git(args: list[str], cwd: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.decode("utf-8", errors="replace")


def _locate(path: str) -> tuple[str, str, str] | None:
    """(repository top level, path relative to it, HEAD sha) or None outside a repository."""
    if not path or path == "-":
        return None
    apath = os.path.abspath(path)
    folder = os.path.dirname(apath) or "."
    if not os.path.isdir(folder):
        return None
    top = _git(["rev-parse", "--show-toplevel"], folder)
    head = _git(["rev-parse", "HEAD"], folder)
    if not top or not head:
        return None
    top = top.strip()
    rel = os.path.relpath(os.path.realpath(apath), os.path.realpath(top))
    if rel.startswith(".."):
        return None
    return top, rel.replace(os.sep, "/"), head.strip()


@lru_cache(maxsize=64)
def _revisions(top: str, rel: str, head: str) -> tuple[str, ...]:
    out = _git(["log", "--format=%H", f"-n{MAX_REVISIONS}", "HEAD", "--", rel], top)
    return tuple(out.split()) if out else ()


@lru_cache(maxsize=512)
def _show(top: str, sha: str, rel: str) -> str | None:
    return _git(["show", f"{sha}:{rel}"], top)


def file_revisions(path: str) -> Iterable[tuple[str, str]]:
    """``(sha, text)`` of each committed revision of *path*, newest first."""
    loc = _locate(path)
    if loc is None:
        return
    top, rel, head = loc
    for sha in _revisions(top, rel, head):
        text = _show(top, sha, rel)
        if text is not None:
            yield sha, text


def history_definitions(
    path: str,
    wanted: set[tuple[str, str]],
    definitions_in: Callable[[str], dict[tuple[str, str], list[str]]],
) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """For each wanted (group, name): ``(sha, [distinct contents])`` from the newest committed
    revision of *path* that defines it. *definitions_in(text)* maps keys to their contents."""
    found: dict[tuple[str, str], tuple[str, list[str]]] = {}
    left = set(wanted)
    if not left:
        return found
    for sha, text in file_revisions(path):
        defs = definitions_in(text)
        for key in list(left):
            contents = defs.get(key)
            if contents:
                found[key] = (sha, contents)
                left.discard(key)
        if not left:
            break
    return found
