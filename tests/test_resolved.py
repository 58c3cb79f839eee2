"""``files.resolved`` caches directory resolution; it must give what ``Path.resolve`` gives,
links and ``..`` included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wikilint.files import resolved, resolved_directory


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "a.wiki").write_text("x", encoding="utf-8")
    (tmp_path / "real" / "b.wiki").write_text("y", encoding="utf-8")
    (tmp_path / "linkdir").symlink_to(tmp_path / "real" / "sub")
    (tmp_path / "real" / "sub" / "link.wiki").symlink_to(tmp_path / "real" / "b.wiki")
    return tmp_path


CASES = [
    "real/sub/a.wiki",
    "real/b.wiki",
    "linkdir/a.wiki",  # through a linked directory
    "linkdir/../b.wiki",  # ".." after a link: the link's target's parent
    "real/sub/link.wiki",  # the file itself is a link
    "real/./sub/a.wiki",
    "real/missing/none.wiki",  # does not exist
    "real/sub",
    "real/sub/..",
]


@pytest.mark.parametrize("rel", CASES)
def test_resolved_equals_path_resolve(tree: Path, rel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = tree / rel
    assert resolved(absolute) == absolute.resolve()
    monkeypatch.chdir(tree)
    relative = Path(rel)
    assert resolved(relative) == relative.resolve()
    assert resolved_directory(relative) == relative.resolve()


def test_relative_paths_follow_the_working_directory(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "real")
    first = resolved(Path("b.wiki"))
    monkeypatch.chdir(tree / "real" / "sub")
    second = resolved(Path("b.wiki"))
    assert first == tree.resolve() / "real" / "b.wiki"
    assert second == tree.resolve() / "real" / "sub" / "b.wiki"
    assert os.path.basename(second) == "b.wiki"
