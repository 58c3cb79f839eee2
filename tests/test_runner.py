"""A run reads each file when its turn comes and forgets its text once reported (#10 item 3):
peak memory follows the largest page, not the number of files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wikilint.runner as runner_mod
from wikilint.cli import app
from wikilint.linter import LintSettings
from wikilint.runner import FileJob, run

PAGES = {
    "a.wiki": "Claim.<ref name=x>Source.</ref> Again.<ref name=x/>\n<references/>\n",
    "b.wiki": "Use.<ref name=missing/>\n<references/>\n",  # WL501
    "c.wiki": "[[Link|link]] text.\n",
}


@pytest.fixture()
def pages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "d"
    d.mkdir()
    for name, text in PAGES.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def _spy(monkeypatch) -> list[tuple[str, str]]:
    """Record, in order, each file read and each file processed."""
    events: list[tuple[str, str]] = []
    real_read, real_process = runner_mod.read_source, runner_mod.process

    def read_source(path):
        events.append(("read", Path(path).name))
        return real_read(path)

    def process(source, *args):
        events.append(("process", Path(source.path).name))
        return real_process(source, *args)

    monkeypatch.setattr(runner_mod, "read_source", read_source)
    monkeypatch.setattr(runner_mod, "process", process)
    return events


@pytest.mark.parametrize("fmt", ["json", "text", "full"])
def test_cli_reads_each_file_once_when_its_turn_comes(pages, monkeypatch, fmt):
    import wikilint.cli as cli_mod

    events = _spy(monkeypatch)
    # the command line itself reads no wikitext file (it finds paths; the runner reads them)
    monkeypatch.setattr(cli_mod, "read_source", lambda path: pytest.fail(f"cli read {path} before its turn"))
    r = CliRunner().invoke(app, ["check", "--isolated", "--jobs", "1", "--exit-zero", "--output-format", fmt, str(pages)])
    assert r.exit_code == 0, r.output
    expected = []
    for name in sorted(PAGES):
        expected += [("read", name), ("process", name)]
    assert events == expected
    if fmt == "json":
        assert [d["code"] for d in json.loads(r.stdout)].count("WL501") == 1
    if fmt == "full":  # the full report quotes the source: its text is kept for it
        assert "<ref name=missing/>" in r.stdout


def test_results_forget_their_texts_as_the_run_goes(pages, monkeypatch):
    """While file k is processed, the results of files 1..k-1 hold no text: at most one
    page's text is alive in a run that does not need the texts for its report."""
    finished = []
    held_when_processing = []
    real_process = runner_mod.process

    def process(source, *args):
        held_when_processing.append(
            sum(1 for r in finished if r.original or (r.source is not None and r.source.text))
        )
        return real_process(source, *args)

    monkeypatch.setattr(runner_mod, "process", process)
    jobs = [FileJob(p, LintSettings(site="enwiki"), False) for p in sorted(pages.iterdir())]
    results = run(jobs, fix=False, done=finished.append, keep_text=False)
    assert held_when_processing == [0, 0, 0]
    assert [Path(r.path).name for r in results] == sorted(PAGES)
    assert all(r.original == "" and r.source is not None and r.source.text == "" for r in results)
    assert any(d.code == "WL501" for d in results[1].diagnostics)  # the diagnostics stay


def test_results_keep_their_texts_when_asked(pages):
    jobs = [FileJob(p, LintSettings(site="enwiki"), False) for p in sorted(pages.iterdir())]
    results = run(jobs, fix=False)
    assert [r.original for r in results] == [PAGES[name] for name in sorted(PAGES)]


def test_unreadable_file_is_reported_when_its_turn_comes(pages):
    bad = pages / "bad.wiki"
    bad.write_bytes(b"\xff\xfe not UTF-8")
    jobs = [FileJob(p, LintSettings(site="enwiki"), False) for p in sorted(pages.iterdir())]
    results = run(jobs, fix=False, keep_text=False)
    by_name = {Path(r.path).name: r for r in results}
    assert [d.code for d in by_name["bad.wiki"].diagnostics] == ["WL001"]
    assert by_name["bad.wiki"].error and "not valid UTF-8" in by_name["bad.wiki"].error
    assert any(d.code == "WL501" for d in by_name["b.wiki"].diagnostics)


def test_auto_site_is_recognised_from_each_text(tmp_path):
    de = tmp_path / "de.wiki"
    de.write_text(
        "'''Berlin''' ist die Hauptstadt der Bundesrepublik Deutschland und zugleich ein Land.\n"
        "[[Datei:Berlin.jpg|mini|Die Stadt]]\n[[Kategorie:Hauptstadt in Europa]]\n",
        encoding="utf-8",
    )
    job = FileJob(de, LintSettings(site="default"), False, auto_site=True)
    (result,) = run([job], fix=False)
    from wikilint.sites.detect import detect_site

    guess = detect_site(de.read_text(encoding="utf-8"))
    assert guess.site == "dewiki"
    assert (result.site, result.site_reason) == (guess.site, guess.reason)
    assert result.settings is not None and result.settings.site == guess.site


@pytest.mark.parametrize("fmt", ["json", "json-lines", "text", "github"])
def test_cli_streams_the_report_and_keeps_no_earlier_diagnostics(pages, monkeypatch, fmt):
    """While file k is processed, the results of files 1..k-1 hold no diagnostics: they were
    written to the report when done. The report is the same as a report of all at once."""
    import wikilint.cli as cli_mod

    seen: list = []
    held_when_processing = []
    real_process, real_run = runner_mod.process, cli_mod.run

    def process(source, *args):
        held_when_processing.append(sum(len(r.diagnostics) for r in seen))
        return real_process(source, *args)

    def spy_run(jobs, fix, workers=1, progress=None, done=None, keep_text=True):
        def done_and_keep(r):
            done(r)
            seen.append(r)

        return real_run(jobs, fix=fix, workers=workers, progress=progress, done=done_and_keep, keep_text=keep_text)

    monkeypatch.setattr(runner_mod, "process", process)
    monkeypatch.setattr(cli_mod, "run", spy_run)
    out = pages.parent / f"report.{fmt}"
    r = CliRunner().invoke(app, ["check", "--isolated", "--jobs", "1", "--output-format", fmt, "-o", str(out), str(pages)])
    assert r.exit_code == 1, r.output  # b.wiki's WL501 is an error: the exit status counts streamed ones
    assert held_when_processing == [0, 0, 0]
    written = out.read_text(encoding="utf-8")
    assert "WL501" in written
    # the same bytes as the reporter given every result at once
    from wikilint import Linter, LintSettings as Settings
    from wikilint.registry import get_registry
    from wikilint.reporters import ReportContext, get_reporter
    from wikilint.runner import FileResult

    linter = Linter(Settings(site="enwiki"))
    results = [
        FileResult(path=str(p), diagnostics=linter.lint(p.read_text(encoding="utf-8"), str(p)))
        for p in sorted(pages.iterdir())
    ]
    assert written == get_reporter(fmt)(results, ReportContext(registry=get_registry()))


@pytest.fixture(scope="module")
def corpus_pages(shared_dir):
    return sorted((shared_dir / "corpora" / "pages").rglob("*.wiki"))[:120]


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "json-lines", "github"])
def test_streamed_report_equals_the_reporter(fmt, corpus_pages):
    from wikilint import Linter, LintSettings as Settings
    from wikilint.registry import get_registry
    from wikilint.reporters import ReportContext, get_reporter, get_stream
    from wikilint.runner import FileResult

    linter = Linter(Settings())
    results = [FileResult(path=str(p), diagnostics=linter.lint(p.read_text(encoding="utf-8-sig"), str(p))) for p in corpus_pages]
    assert sum(len(r.diagnostics) for r in results) > 50
    for color in (False, True):
        for subset in (results, [], [r for r in results if not r.diagnostics][:2]):
            ctx = ReportContext(registry=get_registry(), color=color)
            stream = get_stream(fmt, ctx)
            assert "".join(stream.add(r) for r in subset) + stream.end() == get_reporter(fmt)(subset, ctx)
