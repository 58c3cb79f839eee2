"""Unified diffs are accepted by `git apply` and `patch -p1`, with and without final newlines,
with CRLF line endings and non-ASCII text."""

import shutil
import subprocess

import pytest

from wikilint.diff import unified_diff

CASES = {
    "final_newline": ("a\nb\nc\n", "a\nB\nc\n"),
    "no_final_newline_both": ("a\nb\nc", "a\nb\nC"),
    "newline_added": ("a\nb", "a\nb\n"),
    "newline_removed": ("a\nb\n", "a\nb"),
    "crlf": ("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"),
    "unicode": ("第二次古賽爾戰鬥\n[[敘利亞內戰|敘利亞內戰]]\n", "第二次古賽爾戰鬥\n[[敘利亞內戰]]\n"),
    "insert_at_start": ("x\n", "new\nx\n"),
    "many_hunks": ("".join(f"l{i}\n" for i in range(50)), "".join(f"l{i}{'!' if i % 10 == 0 else ''}\n" for i in range(50))),
}


def test_equal_texts_give_empty_diff():
    assert unified_diff("a\n", "a\n", "p.wiki") == ""


def test_header_and_marker():
    d = unified_diff("a\nb", "a\nc", "dir/p.wiki")
    assert d.startswith("diff --git a/dir/p.wiki b/dir/p.wiki\n--- a/dir/p.wiki\n+++ b/dir/p.wiki\n")
    assert d.count("\\ No newline at end of file\n") == 2


def _write(path, text):
    path.write_bytes(text.encode("utf-8"))


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.parametrize("name", sorted(CASES))
def test_git_apply_accepts(tmp_path, name):
    old, new = CASES[name]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "pages").mkdir()
    _write(tmp_path / "pages" / "p.wiki", old)
    patch = unified_diff(old, new, "pages/p.wiki")
    (tmp_path / "fix.patch").write_bytes(patch.encode("utf-8"))
    subprocess.run(["git", "apply", "--check", "fix.patch"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True)
    assert (tmp_path / "pages" / "p.wiki").read_bytes().decode("utf-8") == new


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch not installed")
@pytest.mark.parametrize("name", sorted(CASES))
def test_patch_p1_accepts(tmp_path, name):
    old, new = CASES[name]
    _write(tmp_path / "p.wiki", old)
    patch = unified_diff(old, new, "p.wiki")
    subprocess.run(["patch", "-p1", "--quiet", "--binary"], cwd=tmp_path, input=patch.encode("utf-8"), check=True)
    assert (tmp_path / "p.wiki").read_bytes().decode("utf-8") == new
