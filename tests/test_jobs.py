"""--jobs N gives the same output, in the same order, as --jobs 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import corpus_files

PAGES = {
    "a/one.wiki": "[http://x.example/ x]{{dead link|date=May 2020}}\nA sentence. <!-- wikilint-disable-line -->\n",
    "a/two.wiki": "A sentence.\n<!-- wikilint-disabel -->\n",
    "b/three.wikitext": "Clean.\n",
    "b/four.mediawiki": "<ref name=a/> [http://y.example/ y]{{Dead link}}\n",
    "c/five.wiki": "{{cite web|url=http://z.example/|title=Z}}<!-- wikilint-disable-next-line -->\n",
    "c/six.wiki": "== H ==\n" * 50,
}


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "WIKILINT_OUTPUT_FORMAT")}
    env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "wikilint", "check", *args],
        cwd=cwd,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_jobs_2_equals_jobs_1(tmp_path, fmt):
    for name, text in PAGES.items():
        p = tmp_path / "pages" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    one = _run(tmp_path, "--jobs", "1", "--output-format", fmt, "pages")
    two = _run(tmp_path, "--jobs", "2", "--output-format", fmt, "pages")
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr == b""
    assert one.stdout == two.stdout
    assert b"pages/a/one.wiki" in one.stdout and b"WL004" in one.stdout


def test_jobs_2_equals_jobs_1_on_a_corpus_slice(tmp_path):
    files = corpus_files()
    if not files:
        pytest.skip("the shared page corpus is not available")
    sample = [str(p) for p in files[:: max(1, len(files) // 40)]][:40]
    one = _run(tmp_path, "--jobs", "1", "--output-format", "json-lines", "--exit-zero", *sample)
    two = _run(tmp_path, "--jobs", "2", "--output-format", "json-lines", "--exit-zero", *sample)
    assert one.returncode == two.returncode == 0, one.stderr
    assert one.stdout == two.stdout


def test_fix_with_jobs_writes_the_same(tmp_path):
    texts = {f"p{i}.wiki": "A sentence. <!-- wikilint-disable-line -->\nMore.\n" for i in range(6)}
    for d in ("one", "two"):
        for name, text in texts.items():
            (tmp_path / d).mkdir(exist_ok=True)
            (tmp_path / d / name).write_text(text, encoding="utf-8")
    env_cwd = tmp_path
    a = subprocess.run([sys.executable, "-m", "wikilint", "fix", "--jobs", "1", "one"], cwd=env_cwd, capture_output=True, stdin=subprocess.DEVNULL)
    b = subprocess.run([sys.executable, "-m", "wikilint", "fix", "--jobs", "2", "two"], cwd=env_cwd, capture_output=True, stdin=subprocess.DEVNULL)
    assert a.returncode == b.returncode == 0
    for name in texts:
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text() == "A sentence.\nMore.\n"
