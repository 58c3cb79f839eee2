"""Never lose a user's work, and no silent mistakes (#14 items 1, 4-7; #8 items 13-17, 19-23).

Real files, real processes: CliRunner in-process where a hook is needed to make a race
deterministic, subprocesses (and kill -9) where the operating system is the component."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wikilint.registry as registry_mod
import wikilint.runner as runner_mod
from wikilint.cli import app
from wikilint.files import clean_stale_temps

FIXABLE = "A sentence. <!-- wikilint-disable-line -->\n"  # WL003, safe fix
FIXED = "A sentence.\n"
WARN = "[http://x.example/ x]{{dead link|date=May 2020}}\n"  # WL601 warning, no fix


@pytest.fixture(autouse=True)
def _cwd(monkeypatch, tmp_path):
    for var in ("NO_COLOR", "FORCE_COLOR", "WIKILINT_OUTPUT_FORMAT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


# ------------------------------------------------------------------ #14 item 1: lost edits
def test_edit_saved_during_the_run_survives_and_is_reported(tmp_path, monkeypatch):
    a = write(tmp_path / "d" / "a.wiki", FIXABLE)
    b = write(tmp_path / "d" / "b.wiki", FIXABLE)
    real = runner_mod.process

    def process(source, *args):
        if source.path.endswith("b.wiki"):
            # The user saves b.wiki while wikilint works on it (wikilint has read it: each file
            # is read when its turn comes).
            b.write_text("The user's new text. <!-- wikilint-disable-line -->\n", encoding="utf-8")
        return real(source, *args)

    monkeypatch.setattr(runner_mod, "process", process)
    r = invoke("fix", "--jobs", "1", str(tmp_path / "d"))
    assert r.exit_code == 2
    assert a.read_text(encoding="utf-8") == FIXED
    assert b.read_text(encoding="utf-8") == "The user's new text. <!-- wikilint-disable-line -->\n"
    assert f"wikilint: error: {b}: changed on disk during the run; left as it is now, not fixed" in r.stderr


def test_each_file_is_written_when_fixed_not_at_the_end(tmp_path, monkeypatch):
    # #8 item 14: when the second file is processed, the first is already on disk.
    a = write(tmp_path / "a.wiki", FIXABLE)
    b = write(tmp_path / "b.wiki", FIXABLE)
    seen = []
    real = runner_mod.process

    def process(source, *args):
        if source.path.endswith("b.wiki"):
            seen.append(a.read_text(encoding="utf-8"))
        return real(source, *args)

    monkeypatch.setattr(runner_mod, "process", process)
    assert invoke("fix", "--jobs", "1", str(a), str(b)).exit_code == 0
    assert seen == [FIXED]


# ------------------------------------------------------------- #14 item 5, #8 item 15: files
def test_symlink_target_is_fixed_and_the_link_kept(tmp_path):
    target = write(tmp_path / "real.wiki", FIXABLE)
    link = tmp_path / "link.wiki"
    link.symlink_to(target)
    assert invoke("fix", str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == FIXED


def test_read_only_file_is_refused_untouched_and_the_rest_fixed(tmp_path):
    ro = write(tmp_path / "ro.wiki", FIXABLE)
    ok = write(tmp_path / "ok.wiki", FIXABLE)
    ro.chmod(0o444)
    r = invoke("fix", str(ro), str(ok))
    assert r.exit_code == 2
    assert f"wikilint: error: {ro}: file is read-only; not written" in r.stderr
    assert ro.read_text(encoding="utf-8") == FIXABLE and ok.read_text(encoding="utf-8") == FIXED
    assert "Traceback" not in r.output


def test_hard_linked_file_is_refused(tmp_path):
    a = write(tmp_path / "a.wiki", FIXABLE)
    os.link(a, tmp_path / "b.txt")
    r = invoke("fix", str(a))
    assert r.exit_code == 2 and "has 2 hard links; not written" in r.stderr
    assert a.read_text(encoding="utf-8") == FIXABLE and os.stat(a).st_nlink == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_owner_group_and_mode_are_kept(tmp_path):
    a = write(tmp_path / "a.wiki", FIXABLE)
    os.chown(a, 4321, 4322)
    a.chmod(0o640)
    assert invoke("fix", str(a)).exit_code == 0
    st = os.stat(a)
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (4321, 4322, 0o640)
    assert a.read_text(encoding="utf-8") == FIXED


def test_failed_write_is_a_per_file_error_and_the_run_goes_on(tmp_path, monkeypatch):
    # A full disk (or a read-only directory) for one directory among several.
    import errno
    import tempfile

    bad = write(tmp_path / "full" / "a.wiki", FIXABLE)
    good = write(tmp_path / "fine" / "b.wiki", FIXABLE)
    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kw):
        if dir is not None and Path(dir).name == "full":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, dir=dir, **kw)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    r = invoke("fix", "--jobs", "1", str(tmp_path / "full"), str(tmp_path / "fine"))
    assert r.exit_code == 2
    assert f"wikilint: error: {bad}: cannot write in {bad.parent.resolve()}: No space left on device" in r.stderr
    assert bad.read_text(encoding="utf-8") == FIXABLE and good.read_text(encoding="utf-8") == FIXED
    assert "Traceback" not in r.output
    # The report shows what is in the unwritten file, not what would have been written.
    assert f"{bad}:1:13: WL003" in r.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_directory(tmp_path):
    d = tmp_path / "ro"
    a = write(d / "a.wiki", FIXABLE)
    d.chmod(0o555)
    try:
        r = invoke("fix", str(a))
    finally:
        d.chmod(0o755)
    assert r.exit_code == 2 and "cannot write in" in r.stderr and "Traceback" not in r.output


def test_stale_temp_files_of_dead_runs_are_cleaned(tmp_path):
    a = write(tmp_path / "a.wiki", FIXABLE)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = write(tmp_path / f".a.wiki.wikilint-{dead.pid}-abc123.tmp", "half")
    mine = write(tmp_path / f".a.wiki.wikilint-{os.getpid()}-def456.tmp", "in use")
    other = write(tmp_path / ".a.wiki.swp", "editor")
    assert invoke("fix", str(a)).exit_code == 0
    assert not stale.exists() and mine.exists() and other.exists()
    assert clean_stale_temps([tmp_path]) == []


# ------------------------------------------------------- kill -9 (#14 done-when, #8 item 14)
def _pids_with(marker: str) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmd and int(d.name) != os.getpid():
                out.append(int(d.name))
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find orphaned workers")
def test_kill_9_leaves_every_file_original_or_fully_fixed(tmp_path):
    page = (FIXABLE + "Claim.<ref>Source.</ref>\n" + "Words and more words. " * 400 + "\n") * 6
    ref = write(tmp_path / "ref" / "x.wiki", page)
    assert invoke("fix", str(ref)).exit_code in (0, 1)
    fixed = ref.read_text(encoding="utf-8")
    assert fixed != page
    rng = random.Random(3)
    for run in range(3):
        d = tmp_path / f"run{run}"
        files = [write(d / f"p{i:03}.wiki", page) for i in range(60)]
        proc = subprocess.Popen(
            [sys.executable, "-m", "wikilint", "fix", "--jobs", "2", str(d)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 3.0))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for f in files:
            assert f.read_text(encoding="utf-8") in (page, fixed), f
        # No worker outlives the killed parent.
        deadline = time.time() + 10
        while _pids_with(str(d)) and time.time() < deadline:
            time.sleep(0.2)
        assert _pids_with(str(d)) == []
        # The next run finishes the work and leaves no temporary file behind.
        done = subprocess.run([sys.executable, "-m", "wikilint", "fix", "--jobs", "2", str(d)], capture_output=True)
        assert done.returncode in (0, 1), done.stderr
        assert all(f.read_text(encoding="utf-8") == fixed for f in files)
        assert sorted(p.name for p in d.iterdir()) == [f.name for f in files]


# ------------------------------------------------------------ #8 item 17: no tracebacks
def test_unwritable_output_file_is_one_line_and_nothing_is_changed(tmp_path):
    a = write(tmp_path / "a.wiki", FIXABLE)
    r = invoke("fix", "-o", str(tmp_path / "no" / "such" / "dir" / "r.txt"), str(a))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"wikilint: error: {tmp_path / 'no' / 'such' / 'dir' / 'r.txt'}: cannot write the report")
    assert len(r.stderr.splitlines()) == 1
    assert a.read_text(encoding="utf-8") == FIXABLE


def test_broken_plugin_is_reported_once_and_the_other_rules_run(tmp_path, monkeypatch):
    broken = EntryPoint(name="broken", value="wikilint_no_such_plugin_xyz", group="wikilint.rules")
    real = registry_mod.entry_points

    def eps(group):
        return [*real(group=group), broken]

    monkeypatch.setattr(registry_mod, "entry_points", eps)
    monkeypatch.setattr(registry_mod, "_REGISTRY", None)
    try:
        a = write(tmp_path / "a.wiki", WARN)
        r = invoke("check", str(a))
        assert r.exit_code == 0
        assert r.stderr.count("plugin 'broken'") == 1
        assert "could not be loaded and is skipped: ModuleNotFoundError" in r.stderr
        assert "WL601" in r.stdout
    finally:
        registry_mod._REGISTRY = None


def test_bad_templatedata_folder_is_one_line(tmp_path):
    a = write(tmp_path / "a.wiki", "{{Cite web|url=http://x.example/|title=T}}\n")
    r = invoke("check", "--templatedata", str(tmp_path / "missing"), str(a))
    assert r.exit_code == 2
    assert r.stderr == f"wikilint: error: --templatedata: TemplateData directory not found: {tmp_path / 'missing'}\n"
    write(tmp_path / "td" / "Broken.json", "{not json")
    r = invoke("check", "--templatedata", str(tmp_path / "td"), str(a))
    assert r.exit_code == 2 and "invalid JSON" in r.stderr and len(r.stderr.splitlines()) == 1


# ------------------------------------------------------------ #8 item 21: silent mistakes
def test_silent_mistakes_are_now_errors_or_warnings(tmp_path):
    a = write(tmp_path / "a.wiki", WARN + WARN)
    r = invoke("check", "--max-warnings", "-1", str(a))
    assert r.exit_code == 2 and "--max-warnings must be 0 or more, not -1" in r.stderr
    r = invoke("check", "--select", "", str(a))
    assert r.exit_code == 2 and "--select: empty rule selector" in r.stderr
    r = invoke("check", "--max-warnings", "1", str(a))
    assert r.exit_code == 1 and "wikilint: 2 warnings, more than the 1 allowed (--max-warnings)" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / "notes.txt", "not wikitext")
    r = invoke("check", str(empty))
    assert r.exit_code == 0 and "All checks passed!" not in r.stdout
    assert f"wikilint: warning: no wikitext files found in {empty}" in r.stderr


def test_upper_case_suffixes_are_found(tmp_path):
    write(tmp_path / "d" / "PAGE.WIKI", WARN)
    r = invoke("check", "--show-files", str(tmp_path / "d"))
    assert r.stdout.splitlines() == [str(tmp_path / "d" / "PAGE.WIKI")]


# ---------------------------------------------------------- #8 item 22: what ruff users miss
@pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="git not installed")
def test_gitignore_is_respected_with_a_way_out(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    write(tmp_path / "repo" / ".gitignore", "out/\n*.tmp.wiki\n")
    write(tmp_path / "repo" / "a.wiki", WARN)
    write(tmp_path / "repo" / "out" / "b.wiki", WARN)
    write(tmp_path / "repo" / "c.tmp.wiki", WARN)
    r = invoke("check", "--show-files", str(tmp_path / "repo"))
    assert r.stdout.splitlines() == [str(tmp_path / "repo" / "a.wiki")]
    r = invoke("check", "--show-files", "--no-respect-gitignore", str(tmp_path / "repo"))
    assert len(r.stdout.splitlines()) == 3
    # a subdirectory of the work tree asks git too (the .git is found above it)
    r = invoke("check", "--show-files", str(tmp_path / "repo" / "out"))
    assert r.stdout.splitlines() == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_gitignore_outside_a_repository_and_with_git_dir(tmp_path, monkeypatch):
    from wikilint.files import _maybe_in_git

    write(tmp_path / "plain" / "a.wiki", WARN)
    if any((d / ".git").exists() for d in tmp_path.resolve().parents):
        pytest.skip("the temporary directory is itself inside a git work tree")
    monkeypatch.delenv("GIT_DIR", raising=False)
    assert not _maybe_in_git(tmp_path / "plain")  # no git process is started for it
    r = invoke("check", "--show-files", str(tmp_path / "plain"))
    assert r.stdout.splitlines() == [str(tmp_path / "plain" / "a.wiki")]
    # GIT_DIR names a repository from anywhere: git is asked, and its ignore rules apply
    subprocess.run(["git", "init", "-q", str(tmp_path / "elsewhere")], check=True)
    (tmp_path / "elsewhere" / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / "elsewhere" / ".git" / "info" / "exclude").write_text("a.wiki\n", encoding="utf-8")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere" / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path / "plain"))
    assert _maybe_in_git(tmp_path / "plain")
    r = invoke("check", "--show-files", str(tmp_path / "plain"))
    assert r.stdout.splitlines() == []


def test_show_settings_names_config_site_and_rules(tmp_path):
    write(tmp_path / "wikilint.toml", 'site = "zhwiki"\nignore = ["WL601"]\n')
    a = write(tmp_path / "a.wiki", WARN)
    r = invoke("check", "--show-settings", str(a))
    assert r.exit_code == 0
    out = r.stdout
    assert f"file: {a}" in out and "configuration: wikilint.toml" in out
    assert "site: zhwiki ('site' in wikilint.toml)" in out
    assert "ignore: WL601" in out and "WL601" not in out.split("rules (")[1]
    r = invoke("check", "--show-settings", "--isolated", str(a))
    assert "site: enwiki (too little text to recognise" in r.stdout  # no site configured: auto


def test_extend_builds_on_the_parent_configuration(tmp_path):
    write(tmp_path / "wikilint.toml", 'select = ["WL6"]\nexclude = ["drafts"]\n')
    write(tmp_path / "sub" / "wikilint.toml", 'extend = "../wikilint.toml"\nignore = ["WL601"]\n')
    write(tmp_path / "sub" / "a.wiki", WARN)
    write(tmp_path / "drafts" / "x.wiki", WARN)
    r = invoke("check", "--show-settings", str(tmp_path / "sub" / "a.wiki"))
    assert "select: WL6" in r.stdout and "ignore: WL601" in r.stdout
    r = invoke("check", "--show-files", str(tmp_path))
    assert r.stdout.splitlines() == [str(tmp_path / "sub" / "a.wiki")]  # the base's exclude applies
    write(tmp_path / "loop" / "wikilint.toml", 'extend = "wikilint.toml"\n')
    write(tmp_path / "loop" / "b.wiki", WARN)
    r = invoke("check", str(tmp_path / "loop" / "b.wiki"))
    assert r.exit_code == 2 and "'extend' makes a cycle" in r.stderr


def test_diff_summary_says_would_be_fixed(tmp_path):
    a = write(tmp_path / "a.wiki", FIXABLE)
    r = invoke("fix", "--diff", str(a))
    assert "Found 1 problem (1 would be fixed, 0 remaining)." in r.stderr
    assert a.read_text(encoding="utf-8") == FIXABLE


def test_cr_only_file_diff_applies_with_git(tmp_path):
    # #14 item 6: a CR-only file's patch is accepted by git apply.
    text = "Claim.<ref>S.</ref>\rMore.\r"
    a = tmp_path / "cr.wiki"
    a.write_bytes(text.encode())
    # A real process: the patch bytes exactly as a user's shell would get them.
    r = subprocess.run([sys.executable, "-m", "wikilint", "fix", "--diff", "--unsafe-fixes", "cr.wiki"], capture_output=True)
    patch = r.stdout
    assert patch.startswith(b"diff --git a/cr.wiki b/cr.wiki"), r.stderr
    subprocess.run(["git", "init", "-q", "."], check=True)
    done = subprocess.run(["git", "apply", "-"], input=patch, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert a.read_bytes() == b"Claim.<ref>S.</ref>\rMore.\r\r== References ==\r{{Reflist}}\r"


def test_docs_help_prints_help_and_writes_nothing(tmp_path):
    r = subprocess.run([sys.executable, "-m", "wikilint.docs", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("usage: python -m wikilint.docs")
    assert not (tmp_path / "--help").exists()


# ------------------------------------------------------------ #8 item 23: plugin authors
def test_plugin_rule_without_doc_sections_is_warned_about():
    from wikilint.registry import Registry
    from wikilint.rule import Rule

    class Bare(Rule):
        """Something."""

        code = "XYZ100"
        name = "bare"

        def check(self, doc):
            return iter(())

    reg = Registry()
    reg.add(Bare, "myplugin")
    (warning,) = reg.doc_warnings()
    assert "XYZ100 (myplugin) lacks the docstring sections '## What it does', '## Why is this bad?', '## Example'" in warning


def test_plugins_md_is_generated_from_the_code():
    from wikilint.docs import render_plugin_api

    root = Path(__file__).resolve().parent.parent
    text = render_plugin_api()
    assert (root / "docs" / "plugins.md").read_text(encoding="utf-8") == text, (
        "docs/plugins.md is out of date: python -m wikilint.docs --plugins docs/plugins.md"
    )
    for attr in ("contents_start", "content_start", "attrs"):
        assert f"`{attr}`" in text


def test_non_utf8_json_output_of_unreadable_file(tmp_path):
    bad = tmp_path / "bad.wiki"
    bad.write_bytes(b"\xff\xfe")
    r = invoke("check", "--output-format", "json", str(bad))
    assert r.exit_code == 2
    assert json.loads(r.stdout)[0]["code"] == "WL001"


def test_read_digest_is_the_hash_of_the_bytes_as_read(tmp_path):
    # The compare-and-swap hash is computed only when a fix is written, from the decoded text:
    # it must equal the hash of the file's bytes exactly (BOM, CRLF, non-ASCII and all).
    import hashlib

    from wikilint.files import read_source

    for raw in ("\ufeffÀ la carte\r\nline two\r\n", "no BOM, 中文 text\n", "", "\ufeff"):
        path = tmp_path / "p.wiki"
        path.write_bytes(raw.encode("utf-8"))
        src = read_source(path)
        assert src.read_digest() == hashlib.sha256(raw.encode("utf-8")).digest()
