"""The real ``pre-commit try-repo`` against this repository's ``.pre-commit-hooks.yaml``.

pre-commit builds a fresh virtualenv with ``pip install <this repo>`` (HEAD plus a shadow copy
of uncommitted changes), so this test needs the package index; it takes ~30 s. It installs
pre-commit into the test environment when missing and skips only when that is impossible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BAD = "A sentence.\n<!-- wikilint-disabel WL601 -->\n"  # WL004 (error): a misspelt directive
FIXABLE = "A sentence. <!-- wikilint-disable-line -->\nMore.\n"  # WL003 (warning, safe fix)
FIXED = "A sentence.\nMore.\n"
CLEAN = "A clean sentence.\n"


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        try:
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "-q", "pre-commit"],
                check=True,
                capture_output=True,
                timeout=300,
                stdin=subprocess.DEVNULL,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            pytest.skip(f"pre-commit is not installed and could not be installed: {exc}")
    return [sys.executable, "-m", "pre_commit"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, stdin=subprocess.DEVNULL)


@pytest.fixture()
def target(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (try-repo needs the hook repository's HEAD)")
    repo = tmp_path / "pages"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.invalid")
    _git(repo, "config", "user.name", "test")
    (repo / "bad.wiki").write_text(BAD, encoding="utf-8")
    (repo / "fixable.wikitext").write_text(FIXABLE, encoding="utf-8")
    (repo / "clean.mediawiki").write_text(CLEAN, encoding="utf-8")
    (repo / "notes.txt").write_text("<!-- wikilint-disabel -->\n", encoding="utf-8")  # not selected
    _git(repo, "add", "-A")
    return repo


def _try_repo(repo: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("PRE_COMMIT_COLOR", None)
    env["NO_COLOR"] = "1"
    env["CI"] = "true"
    return subprocess.run(
        [*_pre_commit(), "try-repo", str(ROOT), *args, "--color", "never", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def _section(output: str, title: str) -> str:
    """The output block of one hook (from its status line to the next one)."""
    lines = output.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        if line.startswith(title + ".") or line.startswith(title + " ."):
            inside = True
            out.append(line)
            continue
        if inside and ("...Passed" in line or "...Failed" in line or "...Skipped" in line):
            break
        if inside:
            out.append(line)
    return "\n".join(out)


def test_hooks_with_real_pre_commit_try_repo(target: Path, tmp_path: Path) -> None:
    # All hooks on all three pages: the check fails on the bad page, the fix hook rewrites
    # the fixable one and fails because it changed a file.
    proc = _try_repo(target, tmp_path, "--all-files")
    output = proc.stdout + proc.stderr
    if "Could not find a version that satisfies" in output or "Failed to establish a new connection" in output:
        pytest.skip("the package index is unreachable, so pre-commit cannot build the hook environment")
    assert proc.returncode == 1, output
    check = _section(output, "wikilint")
    assert "Failed" in check.splitlines()[0], output
    assert "bad.wiki:2:1: WL004" in check, output
    assert "notes.txt" not in output  # selected by `files:` only
    fix = _section(output, "wikilint (fix)")
    assert fix and "Failed" in fix.splitlines()[0], output
    assert "files were modified by this hook" in fix, output
    assert (target / "fixable.wikitext").read_text(encoding="utf-8") == FIXED
    assert (target / "bad.wiki").read_text(encoding="utf-8") == BAD
    assert (target / "clean.mediawiki").read_text(encoding="utf-8") == CLEAN

    # The check hook alone on the clean page passes.
    proc = _try_repo(target, tmp_path, "wikilint", "--files", "clean.mediawiki")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Passed" in _section(output, "wikilint"), output


def test_documented_config_with_real_pre_commit_prints_each_problem_once(target: Path, tmp_path: Path) -> None:
    """#8 item 19: examples/pre-commit-config.yaml itself, as a user copies it, against a local
    clone of this repository (`repo:` set to it and `rev:` to its HEAD, as a release tag would
    be). The fix hook fixes and fails; the check hook reports each remaining problem once."""
    import re

    example = (ROOT / "examples" / "pre-commit-config.yaml").read_text(encoding="utf-8")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    config = re.sub(r"(?m)^(\s*- repo: ).*$", lambda m: m.group(1) + str(ROOT), example)
    config = re.sub(r"(?m)^(\s*rev: )\S+", lambda m: m.group(1) + head, config)
    assert config != example and head in config
    (target / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(target, "add", "-A")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1", CI="true")
    env.pop("PRE_COMMIT_COLOR", None)
    proc = subprocess.run(
        [*_pre_commit(), "run", "--all-files", "--color", "never", "--verbose"],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    output = proc.stdout + proc.stderr
    if "Could not find a version that satisfies" in output or "Failed to establish a new connection" in output:
        pytest.skip("the package index is unreachable, so pre-commit cannot build the hook environment")
    assert proc.returncode == 1, output
    assert output.count("WL004") == 1, output  # the remaining error, printed once
    assert "Fixed 1 problem in 1 file." in _section(output, "wikilint (fix)"), output
    assert (target / "fixable.wikitext").read_text(encoding="utf-8") == FIXED
