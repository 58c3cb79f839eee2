"""`wikilint scan`: every dump format gives the same output, equal to the check pipeline per
page; filters; the site from <siteinfo>; edge cases of real dumps; bad dumps give one clear
line; the fix worklist; --resume after kill -9; the HTML report is self-contained."""

from __future__ import annotations

import bz2
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus import corpus_files, read_page
from scan_data import corpus_pages, page_xml, title_of, write_dump
from wikilint.cli import app
from wikilint.files import Source
from wikilint.linter import LintSettings
from wikilint.runner import process
from wikilint.scan.command import pick_site
from wikilint.scan.multistream import index_path_for, write_multistream

DATA = Path(__file__).resolve().parent / "data" / "scan"
EDGE = DATA / "edge-cases.xml"


def run_scan(*args: str, real: bool = False):
    """Run ``wikilint scan`` in this process (fast) or, with *real*, as a subprocess."""
    if not real:
        r = CliRunner().invoke(app, ["scan", "--isolated", *args])
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise r.exception
        return subprocess.CompletedProcess(args, r.exit_code, r.stdout, r.stderr)
    return subprocess.run(
        [sys.executable, "-m", "wikilint", "scan", "--isolated", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def subset(n: int) -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip("corpus not found (../shared/corpora/pages)")
    # Spread over the wikis: every k-th file.
    step = max(1, len(files) // n)
    return files[::step][:n]


@pytest.fixture(scope="module")
def small_dumps(tmp_path_factory) -> dict[str, Path]:
    """The same 40 corpus pages as .xml, .xml.gz, .xml.bz2 and multistream (+ index)."""
    d = tmp_path_factory.mktemp("dumps")
    files = subset(40)
    xml = d / "wiki.xml"
    write_dump(xml, corpus_pages(files))
    data = xml.read_bytes()
    (d / "wiki.xml.gz").write_bytes(gzip.compress(data))
    (d / "wiki.xml.bz2").write_bytes(bz2.compress(data))
    ms = d / "wiki-pages-articles-multistream.xml.bz2"
    with open(xml, "rb") as fh:
        pages, streams = write_multistream(fh, ms, pages_per_stream=7)
    assert pages == len(files)
    assert streams == 2 + (len(files) + 6) // 7
    return {"xml": xml, "gz": d / "wiki.xml.gz", "bz2": d / "wiki.xml.bz2", "ms": ms, "files": files}  # type: ignore[dict-item]


@pytest.fixture(scope="module")
def resume_dumps(tmp_path_factory) -> dict[str, Path]:
    """240 corpus pages as .xml and multistream: enough that a scan killed after its second
    batch still has most of the dump ahead of it (with the 40 pages of ``small_dumps``, a fast
    machine could finish the rest between the test seeing the second batch and the kill)."""
    d = tmp_path_factory.mktemp("resume")
    files = subset(240)
    xml = d / "wiki.xml"
    write_dump(xml, corpus_pages(files))
    ms = d / "wiki-pages-articles-multistream.xml.bz2"
    with open(xml, "rb") as fh:
        pages, _ = write_multistream(fh, ms, pages_per_stream=7)
    assert pages == len(files)
    return {"xml": xml, "ms": ms, "files": files}  # type: ignore[dict-item]


def test_formats_agree_and_equal_the_check_pipeline(small_dumps, tmp_path):
    outputs = {}
    for kind in ("xml", "gz", "bz2", "ms"):
        out = tmp_path / f"{kind}.jsonl"
        r = run_scan(str(small_dumps[kind]), "-j", "1", "-o", str(out), "-q")
        assert r.returncode == 0, r.stderr
        outputs[kind] = out.read_bytes()
    out2 = tmp_path / "ms2.jsonl"
    r = run_scan(str(small_dumps["ms"]), "-j", "2", "-o", str(out2), "-q", real=True)
    assert r.returncode == 0, r.stderr
    outputs["ms-j2"] = out2.read_bytes()
    assert len(set(outputs.values())) == 1, {k: len(v) for k, v in outputs.items()}

    # Per page: exactly what the check pipeline gives on the page's text (enwiki from dbname).
    got = {p["title"]: p for p in jsonl(tmp_path / "xml.jsonl")}
    settings = LintSettings(site="enwiki")
    expected_titles = []
    for f in small_dumps["files"]:  # type: ignore[union-attr]
        res = process(Source(title_of(f), read_page(f)), settings, False, False)
        if not res.diagnostics:
            continue
        expected_titles.append(title_of(f))
        want = [json.loads(json.dumps(_dd(d))) for d in res.diagnostics]
        assert got[title_of(f)]["diagnostics"] == want, title_of(f)
    assert list(got) == expected_titles  # dump order, only pages with problems
    assert len(expected_titles) >= 5


def _dd(d):
    from wikilint.reporters.json_ import diagnostic_dict

    item = diagnostic_dict(d)
    item.pop("file")
    return item


def test_edge_cases_dump(tmp_path):
    out = tmp_path / "o.jsonl"
    r = run_scan(str(EDGE), "-o", str(out), "-j", "1")
    assert r.returncode == 0, r.stderr
    pages = jsonl(out)
    # ns 0 only; the redirect, the deleted text, the page without <text> and the empty page
    # give nothing; the last revision of a multi-revision page counts.
    assert [p["title"] for p in pages] == ["Plain article", "Replacement character", "Several revisions"]
    by = {p["title"]: p for p in pages}
    assert by["Several revisions"]["revision_id"] == 108
    assert [d["code"] for d in by["Several revisions"]["diagnostics"]] == ["WL401"]
    assert by["Plain article"]["page_id"] == 1 and by["Plain article"]["timestamp"] == "2024-05-01T10:00:00Z"
    # U+FFFD (how MediaWiki stores an invalid UTF-8 sequence) survives; CR LF is kept, so the
    # reference-list fix is inserted at the very end of the real text.
    ffd = by["Replacement character"]["diagnostics"]
    assert ffd[0]["data"]["name"] == "u\ufffd"
    text = 'An invalid UTF-8 sequence, as MediaWiki stores it: caf\ufffd \ufffd.<ref name="u\ufffd" />\r\nLine two after a CR LF.'
    assert ffd[1]["fix"]["edits"][0]["start"] == len(text)
    # Pages read: all 8; linted: 5 in ns 0 (deleted text and the redirect skipped).
    assert "Scanned 5 pages (8 read)" in r.stderr

    out_all = tmp_path / "all.jsonl"
    r = run_scan(str(EDGE), "-o", str(out_all), "-n", "all", "--include-redirects", "-j", "1", "-q")
    assert r.returncode == 0, r.stderr
    titles = [p["title"] for p in jsonl(out_all)]
    assert titles == ["Plain article", "A redirect", "Talk:Plain article", "Replacement character", "Several revisions"]
    out_ns = tmp_path / "ns1.jsonl"
    r = run_scan(str(EDGE), "-o", str(out_ns), "-n", "1", "-q")
    assert [p["title"] for p in jsonl(out_ns)] == ["Talk:Plain article"]


def test_titles_and_limit(small_dumps, tmp_path):
    files = small_dumps["files"]
    want = [title_of(f) for f in files[5:8]]  # type: ignore[index]
    listing = tmp_path / "titles.txt"
    listing.write_text("\n".join(t.replace(" ", "_") for t in want) + "\n", encoding="utf-8")
    for kind in ("xml", "ms"):
        out = tmp_path / f"t-{kind}.jsonl"
        r = run_scan(str(small_dumps[kind]), "--titles", f"@{listing}", "-o", str(out), "-j", "1")
        assert r.returncode == 0, r.stderr
        assert "Scanned 3 pages" in r.stderr
        assert {p["title"] for p in jsonl(out)} <= set(want)
        out = tmp_path / f"l-{kind}.jsonl"
        r = run_scan(str(small_dumps[kind]), "--limit", "9", "-o", str(out), "-j", "2")
        assert r.returncode == 0, r.stderr
        assert "Scanned 9 pages" in r.stderr
        assert {p["title"] for p in jsonl(out)} <= {title_of(f) for f in files[:9]}  # type: ignore[index]


def test_site_from_siteinfo(tmp_path):
    assert pick_site("enwiki", "en") == "enwiki"
    assert pick_site("zhwiki", "zh") == "zhwiki"
    assert pick_site("xxwiki", "xx") == "default"
    text = "[[數學|數學]] and [[Category:X|Category:X]]\n"
    dump = tmp_path / "zh.xml"
    write_dump(dump, [page_xml("Page", 0, 1, 2, text)], dbname="zhwiki", lang="zh",
               base="https://zh.wikipedia.org/wiki/Wikipedia:%E9%A6%96%E9%A1%B5")
    for site, args in (("zhwiki", []), ("default", ["--site", "default"])):
        out = tmp_path / f"{site}.jsonl"
        r = run_scan(str(dump), "-o", str(out), "-j", "1", *args)
        assert r.returncode == 0, r.stderr
        got = jsonl(out)[0]["diagnostics"]
        want = [_dd(d) for d in process(Source("Page", text), LintSettings(site=site), False, False).diagnostics]
        assert got == want


def test_bad_dumps_give_one_clear_line(tmp_path):
    cases = {
        "missing.xml": None,
        "notxml.xml": b"this is not xml\n",
        "surrogate.xml": EDGE.read_bytes().replace(b"caf&#xFFFD;", b"caf&#xD800;"),
        "rawbytes.xml": EDGE.read_bytes().replace(b"Talk.", b"Talk\xff\xfe."),
        "truncated.xml.bz2": bz2.compress(EDGE.read_bytes())[:-200],
        "html.xml": b"<html><body>not a dump</body></html>",
    }
    for name, data in cases.items():
        p = tmp_path / name
        if data is not None:
            p.write_bytes(data)
        r = run_scan(str(p), "-o", str(tmp_path / "o.jsonl"), "-j", "1", "-q", real=name == "surrogate.xml")
        assert r.returncode == 2, (name, r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("wikilint: error: ") and name in lines[0], (name, r.stderr)
        assert "Traceback" not in r.stderr


def test_bad_block_is_reported_and_the_scan_goes_on(small_dumps, tmp_path):
    ms = small_dumps["ms"]
    bad = tmp_path / "bad-multistream.xml.bz2"
    shutil.copy(ms, bad)
    shutil.copy(index_path_for(ms), index_path_for(bad))
    offsets = sorted({int(line.split(b":")[0]) for line in bz2.decompress(index_path_for(bad).read_bytes()).splitlines()})
    data = bytearray(bad.read_bytes())
    data[offsets[2] + 100] ^= 0xFF  # corrupt the third page stream
    bad.write_bytes(bytes(data))
    good = tmp_path / "good.jsonl"
    run_scan(str(ms), "-o", str(good), "-j", "1", "-q")
    out = tmp_path / "o.jsonl"
    r = run_scan(str(bad), "-o", str(out), "-j", "2", "-q")
    assert r.returncode == 2
    assert r.stderr.count("wikilint: error:") == 1 and f"bytes {offsets[2]}-{offsets[3]}" in r.stderr, r.stderr
    lost = {
        line.split(b":", 2)[2].decode()
        for line in bz2.decompress(index_path_for(bad).read_bytes()).splitlines()
        if int(line.split(b":")[0]) == offsets[2]
    }
    assert len(lost) == 7
    got = [p["title"] for p in jsonl(out)]
    want = [p["title"] for p in jsonl(good) if p["title"] not in lost]
    assert got == want and got


def test_fix_worklist_diffs_apply(small_dumps, tmp_path):
    from wikilint import fix_text
    from wikilint.runner import _linter_for

    out, wl = tmp_path / "o.jsonl", tmp_path / "fixes.jsonl"
    r = run_scan(str(small_dumps["ms"]), "-o", str(out), "--fix-worklist", str(wl), "-j", "2", "-q")
    assert r.returncode == 0, r.stderr
    items = jsonl(wl)
    assert len(items) >= 3
    files = {title_of(f): f for f in small_dumps["files"]}  # type: ignore[union-attr]
    linter = _linter_for(LintSettings(site="enwiki"))
    for item in items[:5]:
        f = files[item["title"]]
        original = read_page(f)
        assert item["base_revision_id"] == 1000 + small_dumps["files"].index(f) + 1  # type: ignore[union-attr]
        work = tmp_path / "apply"
        work.mkdir(exist_ok=True)
        target = work / "page.wiki"
        target.write_bytes(original.encode("utf-8"))
        patch = item["diff"].replace(f"a/{item['title']}", "a/page.wiki").replace(f"b/{item['title']}", "b/page.wiki")
        p = subprocess.run(["patch", "-p1", "--quiet", "--no-backup-if-mismatch"], input=patch.encode(), cwd=work, capture_output=True)
        assert p.returncode == 0, p.stderr
        assert target.read_bytes().decode("utf-8") == fix_text(linter, original, "x", unsafe=False).text


def _wait_for_state(state: Path, proc: subprocess.Popen, at_least: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the scan ended before it could be interrupted")
        try:
            s = json.loads(state.read_text())
            if s["tasks_done"] >= at_least:
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    pytest.fail("no progress in the state file")


@pytest.mark.parametrize("kind", ["ms", "xml"])
def test_resume_after_kill_9_equals_an_uninterrupted_run(resume_dumps, tmp_path, kind):
    dump = resume_dumps[kind]
    full = tmp_path / "full.jsonl"
    wl_full = tmp_path / "full-fixes.jsonl"
    r = run_scan(str(dump), "-o", str(full), "--fix-worklist", str(wl_full), "-j", "2", "-q", "--batch", "5")
    assert r.returncode == 0, r.stderr

    out = tmp_path / "part.jsonl"
    wl = tmp_path / "part-fixes.jsonl"
    batch = ["--batch", "5"]
    cmd = [sys.executable, "-m", "wikilint", "scan", "--isolated", str(dump), "-o", str(out), "--fix-worklist", str(wl), "-j", "1", "-q", *batch]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for_state(out.with_name(out.name + ".state.json"), proc, 2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    state = json.loads(out.with_name(out.name + ".state.json").read_text())
    assert not state["complete"]
    # Whatever a killed run wrote past its last record is dropped on resume.
    with open(out, "ab") as fh:
        fh.write(b'{"title": "half a line')
    r = run_scan(str(dump), "-o", str(out), "--fix-worklist", str(wl), "--resume", "-j", "2", "--batch", "5")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == full.read_bytes()
    assert wl.read_bytes() == wl_full.read_bytes()
    assert json.loads(out.with_name(out.name + ".state.json").read_text())["complete"]
    # The summary counts the whole dump, not only the resumed part.
    assert f"Scanned {len(resume_dumps['files'])} pages" in r.stderr  # type: ignore[arg-type]

    # A resume with other settings is refused.
    r = run_scan(str(dump), "-o", str(out), "--resume", "--select", "WL5", "-q", "--batch", "5")
    assert r.returncode == 2 and "other settings" in r.stderr


def test_html_report_is_self_contained(small_dumps, tmp_path):
    import re

    out, report = tmp_path / "o.jsonl", tmp_path / "report.html"
    r = run_scan(str(small_dumps["ms"]), "-o", str(out), "--html", str(report), "-j", "2", "-q")
    assert r.returncode == 0, r.stderr
    html = report.read_text(encoding="utf-8")
    # No resource from the network: no external script, stylesheet, image or font.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "@import" not in html and "url(" not in html
    # Page links use the article path of <siteinfo>'s <base>.
    pages = jsonl(out)
    title = pages[0]["title"]
    assert f'href="https://en.wikipedia.org/wiki/{title.replace(" ", "_")}"' in html or "%" in html
    assert html.count('class="sortable worklist"') == len({d["code"] for p in pages for d in p["diagnostics"]})
    assert '<svg id="chart-rules"' in html


def test_huge_page_and_many_pages(tmp_path):
    """A page of 10,000 references and 3,000 tiny pages: bounded, no crash."""
    huge = "".join(f'Fact {i}.<ref name="n{i}">{{{{cite web|url=http://example.org/{i}|title=T{i}}}}}</ref>\n' for i in range(10_000))
    huge += "<references/>\n"
    pages = [page_xml("Huge", 0, 1, 1, huge)]
    pages += [page_xml(f"Tiny {i}", 0, i + 2, i + 2, f"[[A{i}|A{i}]]") for i in range(3000)]
    dump = tmp_path / "big.xml"
    write_dump(dump, pages)
    out = tmp_path / "o.jsonl"
    r = run_scan(str(dump), "-o", str(out), "-j", "2")
    assert r.returncode == 0, r.stderr
    got = jsonl(out)
    assert len(got) == 3000 and got[0]["title"] == "Tiny 0"
    assert "Scanned 3001 pages" in r.stderr


def test_cli_usage_errors(tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["scan", str(EDGE), "--resume"])
    assert r.exit_code == 2 and "--resume needs --output" in r.output
    r = runner.invoke(app, ["scan", str(EDGE), "-n", "main"])
    assert r.exit_code == 2 and "--namespace" in r.output
    r = runner.invoke(app, ["scan", str(EDGE), "--select", "WL999"])
    assert r.exit_code == 2 and "WL999" in r.output
    r = runner.invoke(app, ["scan", str(tmp_path / "nothing.xml"), "-o", str(tmp_path / "x"), "--resume"])
    assert r.exit_code == 2


def test_progress_on_a_terminal_only(small_dumps, tmp_path):
    import pty
    import select

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["COLUMNS"] = "160"
    master, slave = pty.openpty()
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "wikilint", "scan", "--isolated", str(small_dumps["ms"]), "-o", str(out), "-j", "1"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait()
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "pages/s" in text and "ETA" in text and "wikilint scan" in text
    # In a pipe (every other test here) only the summary is written.
    r = run_scan(str(small_dumps["ms"]), "-o", str(out), "-j", "1", real=True)
    assert "ETA" not in r.stderr and "\x1b[" not in r.stderr


def test_scan_config_table(tmp_path, monkeypatch):
    from wikilint.config import ConfigError, load_config

    cfg_file = tmp_path / "wikilint.toml"
    cfg_file.write_text('[scan]\ndask = "tcp://127.0.0.1:1"\njobs = 1\n', encoding="utf-8")
    assert load_config(cfg_file).scan == {"dask": "tcp://127.0.0.1:1", "jobs": 1}
    bad = tmp_path / "bad.toml"
    bad.write_text('[scan]\nworkers = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="scan.workers"):
        load_config(bad)
    # The configured scheduler is used (nothing listens on port 1: a one-line error).
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["scan", str(EDGE), "-q"])
    assert r.exit_code == 2 and "cannot connect to the scheduler" in r.stderr, r.output


def test_a_page_that_crashes_is_reported_and_the_scan_goes_on(tmp_path, monkeypatch):
    from wikilint.scan import work

    real = work.lint_page

    def crashing(page, settings, worklist):
        if page.title == "Replacement character":
            raise RuntimeError("boom")
        return real(page, settings, worklist)

    monkeypatch.setattr(work, "lint_page", crashing)
    out = tmp_path / "o.jsonl"
    r = run_scan(str(EDGE), "-o", str(out), "-j", "1")  # in this process, so the patch applies
    assert r.returncode == 2
    pages = jsonl(out)
    assert [p["title"] for p in pages] == ["Plain article", "Replacement character", "Several revisions"]
    assert pages[1]["error"] == "Replacement character: internal error: RuntimeError: boom"
    assert pages[1]["diagnostics"] == []
    assert f"wikilint: error: {EDGE}: Replacement character: internal error" in r.stderr


def test_resume_cuts_the_same_batches(small_dumps, monkeypatch):
    """Batches of a plain dump end at a page count or a byte size; a resumed read must cut the
    skipped part exactly as the first read did."""
    from wikilint.scan import engine

    monkeypatch.setattr(engine, "BYTES_PER_TASK", 60_000)
    opts = engine.ScanOptions(pages_per_task=6)

    def tasks(skip: int) -> list[tuple[int, list[str]]]:
        p = engine.plan(small_dumps["xml"], opts)
        return [(t.index, [pg.title for pg in t.pages]) for t in p.tasks(skip)]

    full = tasks(0)
    assert len(full) > len(small_dumps["files"]) // 6  # some batches were cut by size
    for skip in (1, 3, len(full) - 1):
        assert tasks(skip) == full[skip:]
