"""Dumps no one here wrote: a real MediaWiki (tests/mwlocal.py) imports corpus pages and writes
its dump with its own ``maintenance/dumpBackup.php``; wikilint writes the multistream layout and
index from it (as Wikimedia's dump tooling does) and scans both.

One wiki (dbname ``enwiki``, content language en) holds a 60-page subset of the corpus, spread
over the 26 wikis, with unique titles ``<wiki>/<title>`` (importing all 2,041 pages takes
minutes; the whole corpus is covered by test_scan_corpus.py), plus a redirect and a talk page
saved through MediaWiki's edit.php."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corpus import corpus_files, read_page
from scan_data import corpus_pages, title_of, write_dump
from wikilint.files import Source
from wikilint.linter import LintSettings
from wikilint.reporters.json_ import diagnostic_dict
from wikilint.runner import process
from wikilint.scan.multistream import index_path_for, write_multistream


def ucfirst(s: str) -> str:
    return s[:1].upper() + s[1:]


def test_mediawiki_dump(mw_factory, tmp_path):
    files = corpus_files()
    if not files:
        pytest.skip("corpus not found (../shared/corpora/pages)")
    files = files[:: max(1, len(files) // 60)][:60]
    wiki = mw_factory("enwiki", "en")
    imp = tmp_path / "import.xml"
    write_dump(imp, corpus_pages(files))
    wiki.import_xml(imp)
    wiki.edit("A redirect", "#REDIRECT [[Main Page]]\n<ref name=x/>")
    wiki.edit("Talk:Main Page", "Talk page.<ref name=t/>")
    xml = tmp_path / "enwiki-current.xml"
    xml.write_text(wiki.dump("--current"), encoding="utf-8")
    dump = tmp_path / "enwiki-pages-articles-multistream.xml.bz2"
    with open(xml, "rb") as fh:
        pages, streams = write_multistream(fh, dump, pages_per_stream=10)
    assert pages == len(files) + 3  # + Main Page, the redirect, the talk page
    assert streams == 2 + (pages + 9) // 10
    assert index_path_for(dump).is_file()

    outs = {}
    for name, path, jobs in (("xml", xml, "1"), ("ms", dump, "2")):
        out = tmp_path / f"{name}.jsonl"
        report = tmp_path / f"{name}.html"
        r = subprocess.run(
            [sys.executable, "-m", "wikilint", "scan", "--isolated", str(path), "-o", str(out), "-j", jobs,
             "--html", str(report)],
            capture_output=True, text=True, timeout=900,
        )
        assert r.returncode == 0, r.stderr
        # ns 0 without the redirect: the corpus pages and Main Page.
        assert f"Scanned {len(files) + 1} pages ({len(files) + 3} read)" in r.stderr
        outs[name] = out.read_bytes()
    assert outs["xml"] == outs["ms"]

    got = {p["title"]: p for p in map(json.loads, outs["ms"].decode("utf-8").splitlines())}
    settings = LintSettings(site="enwiki")  # from <dbname>enwiki</dbname>
    want_titles = []
    for f in files:
        title = ucfirst(title_of(f))
        res = process(Source(title, read_page(f)), settings, False, False)
        if not res.diagnostics:
            assert title not in got
            continue
        want_titles.append(title)
        want = []
        for d in res.diagnostics:
            item = diagnostic_dict(d)
            item.pop("file")
            want.append(item)
        assert got[title]["diagnostics"] == want, title
        assert got[title]["revision_id"] > 0 and got[title]["page_id"] > 0
    assert [t for t in got if t != "Main Page"] == want_titles
    # Revision ids are MediaWiki's own.
    some = want_titles[0]
    revs = wiki.revisions(some)
    assert got[some]["revision_id"] == revs[0]["revid"]
    # The report links pages with the wiki's own article path (from <base>).
    html = (tmp_path / "ms.html").read_text(encoding="utf-8")
    assert f'href="{wiki.server}/index.php/' in html
