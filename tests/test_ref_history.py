"""Rescue of lost reference definitions from the file's own git history (WL501)."""

import shutil
import subprocess

import pytest

from wikilint import Linter, LintSettings
from wikilint.fixer import fix_text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

DEF_OLD = "{{cite book |last=Senior |title=Old title |year=1999}}"
DEF_NEW = "{{cite book |last=Senior |title=Revised title |year=2001}}"


def _git(repo, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo, check=True, capture_output=True,
    )


def _commit(repo, path, text, msg):
    path.write_text(text, encoding="utf-8")
    _git(repo, "add", path.name)
    _git(repo, "commit", "-q", "-m", msg)


@pytest.fixture
def repo(tmp_path):
    _git(tmp_path, "init", "-q")
    page = tmp_path / "Page.wiki"
    _commit(tmp_path, page, f"Intro.<ref name=\"senior\">{DEF_OLD}</ref>\n\nMore.<ref name=\"senior\" />\n", "v1")
    _commit(tmp_path, page, f"Intro.<ref name=\"senior\">{DEF_NEW}</ref>\n\nMore.<ref name=\"senior\" />\n", "v2")
    # the paragraph with the definition is deleted; its reuse remains
    _commit(tmp_path, page, "Intro.\n\nMore.<ref name=\"senior\" />\n", "v3: drop intro source")
    return tmp_path, page


def _linter(git=True):
    return Linter(LintSettings(select=["WL501"], doc_options={"ref_source_git": git}))


def test_newest_defining_revision_wins(repo):
    _root, page = repo
    text = page.read_text(encoding="utf-8")
    diags = _linter().lint(text, str(page))
    assert len(diags) == 1
    assert "a definition was found in git revision" in diags[0].message
    fixed = fix_text(_linter(), text, str(page)).text
    assert fixed == f"Intro.\n\nMore.<ref name=\"senior\">{DEF_NEW}</ref>\n"
    assert _linter().lint(fixed, str(page)) == []


def test_uncommitted_deletion_rescued_from_head(repo):
    root, page = repo
    _commit(root, page, f"Intro.<ref name=\"senior\">{DEF_NEW}</ref>\n\nMore.<ref name=\"senior\" />\n", "v4: restore")
    edited = "Intro.\n\nMore.<ref name=\"senior\" />\n"  # working copy, not committed
    fixed = fix_text(_linter(), edited, str(page)).text
    assert DEF_NEW in fixed and fixed.count("</ref>") == 1


def test_conflicting_definitions_in_one_revision_no_fix(tmp_path):
    _git(tmp_path, "init", "-q")
    page = tmp_path / "P.wiki"
    _commit(tmp_path, page, "A.<ref name=\"s\">One.</ref> B.<ref name=\"s\">Two.</ref>\n", "v1")
    _commit(tmp_path, page, "B.<ref name=\"s\" />\n", "v2")
    diags = _linter().lint(page.read_text(), str(page))
    assert "2 different definitions" in diags[0].message and diags[0].fix is None


def test_off_by_default_and_outside_repositories(repo, tmp_path_factory):
    _root, page = repo
    text = page.read_text(encoding="utf-8")
    assert _linter(git=False).lint(text, str(page))[0].fix is None
    outside = tmp_path_factory.mktemp("nogit") / "P.wiki"
    outside.write_text(text, encoding="utf-8")
    assert _linter().lint(text, str(outside))[0].fix is None


def test_never_defined_in_history_no_fix(repo):
    _root, page = repo
    text = "More.<ref name=\"never\" />\n"
    diags = _linter().lint(text, str(page))
    assert diags[0].fix is None and "found" not in diags[0].message
