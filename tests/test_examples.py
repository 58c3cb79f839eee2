"""The issue's acceptance checks on the examples/ pages, through the real command line."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wikilint import Linter, LintSettings
from wikilint.refs import build_ref_model  # noqa: F401  (the model exists)

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "examples" / "en" / "Second_Battle_of_al-Qusayr.wiki"
ZH = ROOT / "examples" / "zh" / "第二次古賽爾戰鬥.wiki"


def wikilint(*args, cwd=ROOT, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "wikilint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )


def _rows(stdout):
    return [tuple(m.groups()) for m in re.finditer(r"^.*?:(\d+):(\d+): (WL\d+) ", stdout, re.M)]


def test_english_example_reports_exactly_the_seed_problems():
    res = wikilint("check", str(EN.relative_to(ROOT)))
    assert res.returncode == 1, res.stdout + res.stderr
    rows = _rows(res.stdout)
    assert rows == [
        ("10", "38", "WL501"),
        ("13", "285", "WL501"),
        ("14", "21", "WL502"),
        ("15", "43", "WL501"),
        ("15", "66", "WL501"),
        ("16", "207", "WL601"),
    ], res.stdout
    for name in ("senior", "bolster", "qoussair", "killingandwounding"):
        assert f'"{name}"' in res.stdout
    # The positions point at what they name.
    lines = EN.read_text(encoding="utf-8").split("\n")
    assert lines[9][37:].startswith('<ref name="senior"')
    assert lines[13][20:].startswith('>ref name="unofficial"') or lines[13][20:].startswith('ref name="unofficial"')
    assert lines[15][206:].startswith("{{dead link")


def test_zh_example_reports_dead_link_and_deadurl_and_no_undefined_ref():
    res = wikilint("check", "--site", "zhwiki", str(ZH.relative_to(ROOT)))
    codes = [c for _, _, c in _rows(res.stdout)]
    assert "WL601" in codes
    assert any("deadurl" in line for line in res.stdout.splitlines() if " WL602 " in line)
    assert "WL501" not in codes
    assert "https://now.mmedia.me/lb/en/reportsfeatures/qusayr-resisting-all-out-attack" in res.stdout


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch not installed")
def test_rescue_patch_applies_and_restores_zh_definitions(tmp_path):
    res = wikilint("fix", "--diff", "--ref-source", str(ZH.relative_to(ROOT)), str(EN.relative_to(ROOT)))
    assert res.returncode == 1, res.stderr  # a diff was printed
    patch = res.stdout
    assert patch.startswith("diff --git a/examples/en/")
    work = tmp_path / "repo"
    (work / "examples" / "en").mkdir(parents=True)
    target = work / "examples" / "en" / EN.name
    shutil.copyfile(EN, target)
    subprocess.run(["patch", "-p1", "--quiet"], cwd=work, input=patch.encode("utf-8"), check=True)
    fixed = target.read_text(encoding="utf-8")
    diags = Linter(LintSettings(select=["WL501", "WL502"])).lint(fixed, str(target))
    assert diags == []
    zh = ZH.read_text(encoding="utf-8")
    for name in ("senior", "bolster", "qoussair", "killingandwounding"):
        m = re.search(r'<ref name="%s">.*?</ref>' % name, zh)
        assert m, name
        assert m.group(0) in fixed, f"definition of {name} not byte-identical"
    assert '430<ref name="unofficial">' in fixed
    # The source file itself was not touched by --diff.
    assert EN.read_text(encoding="utf-8") != fixed


def test_bad_inputs_exit_2_with_one_line_and_touch_nothing(tmp_path):
    good = tmp_path / "good.wiki"
    good.write_text("x<ref>a</ref>\n<ref>a</ref>\n{{cite web|url=http://a|deadurl=yes}}\n", encoding="utf-8")
    bad = tmp_path / "bad.wiki"
    bad.write_bytes(b"caf\xe9 <ref name=a/>\n")
    before = {p: p.read_bytes() for p in (good, bad)}
    # #8 item 16: a non-UTF-8 file is a finding of that file; the others are still fixed.
    res = wikilint("fix", str(good), str(bad))
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert f"wikilint: error: {bad}: not valid UTF-8" in res.stderr
    assert bad.read_bytes() == before[bad] and good.read_bytes() != before[good]
    good.write_bytes(before[good])
    for args in (
        ("fix", str(good), str(tmp_path / "missing.wiki")),
        ("fix", "--select", "WL9999", str(good)),
        ("check", "--select", "no-such-rule", str(good)),
    ):
        res = wikilint(*args)
        assert res.returncode == 2, (args, res.stdout, res.stderr)
        err = res.stderr.strip().splitlines()
        assert len(err) == 1, res.stderr
        assert err[0].startswith("wikilint: error:")
        assert {p: p.read_bytes() for p in (good, bad)} == before
    assert "bad.wiki" in wikilint("check", str(bad)).stderr
    assert "not valid UTF-8" in wikilint("check", str(bad)).stderr
    assert "missing.wiki" in wikilint("check", str(tmp_path / "missing.wiki")).stderr
    assert "WL9999" in wikilint("check", "--select", "WL9999", str(good)).stderr
