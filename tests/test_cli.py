"""The command line: exit codes, fixing, --diff, stdin, formats, statistics, severity, colour,
suppression switches; through typer's CliRunner and through a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wikilint.cli import app

ROOT = Path(__file__).resolve().parent.parent

CLEAN = "A clean sentence.\n"
WARN = "[http://x.example/ x]{{dead link|date=May 2020}}\n"  # WL601 dead-link: a warning, no fix
ERROR = "A sentence.\n<!-- wikilint-disabel -->\n"  # WL004 invalid-suppression: an error, no fix
FIXABLE = "A sentence. <!-- wikilint-disable-line -->\n"  # WL003: a warning with a safe fix
FIXED = "A sentence.\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    for var in ("NO_COLOR", "FORCE_COLOR", "WIKILINT_OUTPUT_FORMAT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def invoke(runner: CliRunner, *args: str, input: str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env)


# ------------------------------------------------------------------------------ exit codes
def test_clean_file_exits_0(runner, tmp_path):
    f = write(tmp_path / "a.wiki", CLEAN)
    r = invoke(runner, "check", str(f))
    assert r.exit_code == 0, r.output
    assert r.stdout == "All checks passed!\n"


def test_error_exits_1_and_warning_alone_exits_0(runner, tmp_path):
    err = write(tmp_path / "e.wiki", ERROR)
    warn = write(tmp_path / "w.wiki", WARN)
    r = invoke(runner, "check", str(err))
    assert r.exit_code == 1
    assert f"{err}:2:1: WL004 Unknown wikilint directive 'wikilint-disabel'" in r.stdout
    r = invoke(runner, "check", str(warn))
    assert r.exit_code == 0
    assert f"{warn}:1:22: WL601 warning Dead link marks http://x.example/ (date=May 2020)" in r.stdout
    assert "Found 1 problem (1 warning)." in r.stdout


def test_max_warnings_and_exit_zero(runner, tmp_path):
    warn = write(tmp_path / "w.wiki", WARN + WARN)
    err = write(tmp_path / "e.wiki", ERROR)
    assert invoke(runner, "check", "--max-warnings", "2", str(warn)).exit_code == 0
    assert invoke(runner, "check", "--max-warnings", "1", str(warn)).exit_code == 1
    assert invoke(runner, "check", "--exit-zero", str(err)).exit_code == 0
    assert invoke(runner, "check", "-e", "--max-warnings", "0", str(warn)).exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--select", "WL9999", "{f}"], "wikilint: error: unknown rule selector 'WL9999' in --select"),
        (["check", "--ignore", "nope", "{f}"], "wikilint: error: unknown rule selector 'nope' in --ignore"),
        (["check", "{d}/missing.wiki"], "wikilint: error: {d}/missing.wiki: no such file or directory"),
        (["check", "--jobs", "0", "{f}"], "wikilint: error: --jobs must be at least 1"),
        (["check", "--site", "nowiki", "{f}"], "wikilint: error: --site: unknown site 'nowiki'"),
        (["check"], "wikilint: error: no files given"),
    ],
)
def test_usage_errors_exit_2_with_one_line(runner, tmp_path, args, message):
    f = write(tmp_path / "a.wiki", CLEAN)
    args = [a.format(f=f, d=tmp_path) for a in args]
    r = invoke(runner, *args)
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message.format(d=tmp_path)), r.stderr


def test_invalid_utf8_is_a_finding_of_that_file_and_the_rest_goes_on(runner, tmp_path):
    # #8 item 16: one non-UTF-8 file no longer aborts the run.
    bad = tmp_path / "bad.wiki"
    bad.write_bytes(b"caf\xe9 <!-- wikilint-disable-line -->\n")
    ok = write(tmp_path / "ok.wiki", FIXABLE)
    r = invoke(runner, "fix", str(ok), str(bad))
    assert r.exit_code == 2
    assert f"{bad}:1:1: WL001 Could not read the file: not valid UTF-8 (byte 0xe9 at offset 3)" in r.stdout
    assert f"wikilint: error: {bad}: not valid UTF-8" in r.stderr
    assert ok.read_text(encoding="utf-8") == FIXED  # the other file is fixed
    assert bad.read_bytes() == b"caf\xe9 <!-- wikilint-disable-line -->\n"
    r = invoke(runner, "check", "--output-format", "json", str(bad), str(ok))
    assert r.exit_code == 2
    assert [d["code"] for d in json.loads(r.stdout)] == ["WL001"]


def test_no_arguments_shows_help_and_exits_2(runner):
    r = invoke(runner)
    assert r.exit_code == 2
    assert "Usage" in r.output


# ------------------------------------------------------------------------------ selection
def test_select_and_ignore_accept_codes_names_and_prefixes(runner, tmp_path):
    f = write(tmp_path / "a.wiki", WARN + ERROR)
    for sel in ("WL601", "dead-link", "WL60", "wl6"):
        r = invoke(runner, "check", "--select", sel, "--output-format", "json", str(f))
        assert {d["code"] for d in json.loads(r.stdout)} == {"WL601"}, sel
    r = invoke(runner, "check", "--ignore", "invalid-suppression,WL6", "--output-format", "json", str(f))
    assert json.loads(r.stdout) == []
    r = invoke(runner, "check", "--select", "WL601", "--extend-select", "WL004", "--output-format", "json", str(f))
    assert {d["code"] for d in json.loads(r.stdout)} == {"WL601", "WL004"}


def test_disable_inline_config(runner, tmp_path):
    f = write(tmp_path / "a.wiki", WARN.rstrip("\n") + " <!-- wikilint-disable-line WL601 -->\n")
    assert "WL601" not in invoke(runner, "check", str(f)).stdout
    r = invoke(runner, "check", "--disable-inline-config", str(f))
    assert "WL601" in r.stdout and "WL003" not in r.stdout


# ------------------------------------------------------------------------------ fixing
def test_fix_rewrites_in_place(runner, tmp_path):
    f = write(tmp_path / "a.wiki", FIXABLE)
    r = invoke(runner, "fix", str(f))
    assert r.exit_code == 0, r.output
    assert f.read_text(encoding="utf-8") == FIXED
    assert "Found 1 problem (1 fixed, 0 remaining)." in r.stdout
    # check --fix is the same command
    write(f, FIXABLE)
    assert invoke(runner, "check", "--fix", str(f)).exit_code == 0
    assert f.read_text(encoding="utf-8") == FIXED


def test_fix_exit_non_zero_on_fix(runner, tmp_path):
    f = write(tmp_path / "a.wiki", FIXABLE)
    assert invoke(runner, "fix", "--exit-non-zero-on-fix", str(f)).exit_code == 1
    assert f.read_text(encoding="utf-8") == FIXED
    assert invoke(runner, "fix", "--exit-non-zero-on-fix", str(f)).exit_code == 0


def test_fix_keeps_bom_and_crlf(runner, tmp_path):
    f = tmp_path / "a.wiki"
    f.write_bytes("\ufeffA sentence. <!-- wikilint-disable-line -->\r\nMore.\r\n".encode("utf-8"))
    assert invoke(runner, "fix", str(f)).exit_code == 0
    assert f.read_bytes() == "\ufeffA sentence.\r\nMore.\r\n".encode("utf-8")


def test_diff_prints_patch_writes_nothing_exits_1(runner, tmp_path):
    f = write(tmp_path / "a.wiki", FIXABLE)
    r = invoke(runner, "fix", "--diff", str(f))
    assert r.exit_code == 1
    assert f.read_text(encoding="utf-8") == FIXABLE
    assert "-A sentence. <!-- wikilint-disable-line -->\n+A sentence.\n" in r.stdout
    assert r.stdout.startswith("diff --git a/")
    clean = write(tmp_path / "c.wiki", CLEAN)
    r = invoke(runner, "check", "--diff", str(clean))
    assert r.exit_code == 0 and r.stdout == ""


def test_stdin_check_and_fix(runner, tmp_path):
    r = invoke(runner, "check", "-", "--stdin-filename", "pages/P.wiki", input=ERROR)
    assert r.exit_code == 1
    assert r.stdout.startswith("pages/P.wiki:2:1: WL004")
    r = invoke(runner, "fix", "-", input=FIXABLE)
    assert r.exit_code == 0
    assert r.stdout == FIXED  # the fixed page on stdout, the report on stderr
    assert "1 fixed" in r.stderr


# ------------------------------------------------------------------------------ output
def test_output_file(runner, tmp_path):
    f = write(tmp_path / "a.wiki", WARN)
    out = tmp_path / "report.json"
    r = invoke(runner, "check", "--output-format", "json", "-o", str(out), str(f))
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))[0]["code"] == "WL601"


def test_output_format_from_env(runner, tmp_path):
    f = write(tmp_path / "a.wiki", WARN)
    r = invoke(runner, "check", str(f), env={"WIKILINT_OUTPUT_FORMAT": "github"})
    assert r.stdout.startswith("::warning file=")


@pytest.mark.parametrize("fmt", ["text", "concise", "full", "json", "json-lines", "sarif", "github"])
def test_every_format_runs(runner, tmp_path, fmt):
    f = write(tmp_path / "a.wiki", WARN + ERROR)
    r = invoke(runner, "check", "--output-format", fmt, str(f))
    assert r.exit_code == 1, r.output
    assert "WL601" in r.stdout and "WL004" in r.stdout


def test_statistics(runner, tmp_path):
    f = write(tmp_path / "a.wiki", WARN + WARN + FIXABLE)
    r = invoke(runner, "check", "--statistics", str(f))
    assert r.exit_code == 0
    # #8 item 20: marks as in the text output, then the summary line.
    assert r.stdout.splitlines() == [
        "2\tWL601\t[ ] dead-link",
        "1\tWL003\t[*] unused-suppression",
        "Found 3 problems (3 warnings).",
        "[*] 1 fixable with `wikilint fix`.",
    ]
    r = invoke(runner, "check", "--statistics", "--output-format", "json", str(f))
    assert json.loads(r.stdout) == [
        {"code": "WL601", "name": "dead-link", "count": 2, "fixable": False, "fixable_count": 0,
         "safe_fixable_count": 0, "unsafe_fixable_count": 0},
        {"code": "WL003", "name": "unused-suppression", "count": 1, "fixable": True, "fixable_count": 1,
         "safe_fixable_count": 1, "unsafe_fixable_count": 0},
    ]


def test_statistics_marks_unsafe_only_fixes_with_a_dash(runner, tmp_path):
    # WL519's fix (add a reference list) is unsafe: after `fix` it must not show [*].
    f = write(tmp_path / "a.wiki", "Claim.<ref>Source.</ref>\n")
    r = invoke(runner, "fix", "--statistics", str(f))
    assert "1\tWL519\t[-] missing-reference-list" in r.stdout.splitlines()
    r = invoke(runner, "rules")
    assert any(line.startswith("WL519  [-] ") for line in r.stdout.splitlines())


def test_colour_only_when_forced_and_never_with_no_color(runner, tmp_path):
    f = write(tmp_path / "a.wiki", WARN)
    assert "\x1b[" not in invoke(runner, "check", str(f)).stdout  # not a terminal
    assert "\x1b[" in invoke(runner, "check", str(f), env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in invoke(runner, "check", str(f), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_rules_and_rule_commands(runner):
    r = invoke(runner, "rules")
    assert r.exit_code == 0
    assert any(line.startswith("WL003  [*] W  unused-suppression") for line in r.stdout.splitlines())
    r = invoke(runner, "rules", "--output-format", "json")
    codes = [m["code"] for m in json.loads(r.stdout)]
    assert codes == sorted(codes) and {"WL001", "WL002", "WL003", "WL004"} <= set(codes)
    r = invoke(runner, "rule", "invalid-suppression", "--output-format", "json")
    assert json.loads(r.stdout)["code"] == "WL004"


# ------------------------------------------------------------------------------ subprocess
def run_cli(*args: str, cwd: Path, input: bytes | None = None, env: dict | None = None):
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "WIKILINT_OUTPUT_FORMAT")}
    full_env["CI"] = "true"
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "wikilint", *args],
        cwd=cwd,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        env=full_env,
        timeout=120,
    )


def test_subprocess_exit_codes_and_streams(tmp_path):
    write(tmp_path / "pages" / "clean.wiki", CLEAN)
    write(tmp_path / "pages" / "warn.wiki", WARN)
    p = run_cli("check", "pages", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode() == "pages/warn.wiki:1:22: WL601 warning Dead link marks http://x.example/ (date=May 2020)\nFound 1 problem (1 warning).\n"
    assert p.stderr == b""  # no progress bar, no colour in a pipe / CI
    write(tmp_path / "pages" / "err.wiki", ERROR)
    p = run_cli("check", "--jobs", "2", "pages", cwd=tmp_path)
    assert p.returncode == 1
    assert p.stdout.decode().splitlines()[0].startswith("pages/err.wiki:2:1: WL004")
    p = run_cli("check", "--select", "WL9999", "pages", cwd=tmp_path)
    assert p.returncode == 2
    assert p.stderr.decode() == "wikilint: error: unknown rule selector 'WL9999' in --select\n"


def test_subprocess_stdin_fix_and_diff(tmp_path):
    p = run_cli("fix", "-", cwd=tmp_path, input=FIXABLE.encode())
    assert p.returncode == 0 and p.stdout.decode() == FIXED
    f = write(tmp_path / "a.wiki", FIXABLE)
    p = run_cli("fix", "--diff", "a.wiki", cwd=tmp_path)
    assert p.returncode == 1
    assert p.stdout.decode().startswith("diff --git a/a.wiki b/a.wiki\n")
    assert f.read_text(encoding="utf-8") == FIXABLE
    # The patch applies with git apply.
    if subprocess.run(["git", "--version"], capture_output=True).returncode == 0:
        (tmp_path / "fix.patch").write_bytes(p.stdout)
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True)
        assert f.read_text(encoding="utf-8") == FIXED


def test_subprocess_console_script_version(tmp_path):
    p = run_cli("--version", cwd=tmp_path)
    assert p.returncode == 0 and p.stdout.decode().startswith("wikilint ")


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch):
    from wikilint import cli

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert cli._progress_bar(500, True) is None  # a pipe
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert cli._progress_bar(10, True) is None  # a short run
    assert cli._progress_bar(500, False) is None  # machine format or --output-file
    bar = cli._progress_bar(500, True)
    assert bar is not None
    bar.advance(1)
    bar.close()
    monkeypatch.setenv("CI", "true")
    assert cli._progress_bar(500, True) is None
