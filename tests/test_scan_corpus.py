"""The whole corpus as one multistream dump: `wikilint scan` gives, per page, exactly the
diagnostics `wikilint check` gives on that page's file."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from corpus import PAGES, corpus_files
from scan_data import corpus_pages, title_of, write_dump
from wikilint.scan.multistream import write_multistream


def test_whole_corpus_scan_equals_check(tmp_path):
    files = corpus_files()
    if not files:
        pytest.skip("corpus not found (../shared/corpora/pages)")
    xml = tmp_path / "corpus.xml"
    write_dump(xml, corpus_pages(files))
    dump = tmp_path / "corpus-pages-articles-multistream.xml.bz2"
    with open(xml, "rb") as fh:
        pages, streams = write_multistream(fh, dump, level=1)
    xml.unlink()
    assert pages == len(files) and streams == 2 + (len(files) + 99) // 100

    out = tmp_path / "scan.jsonl"
    r = subprocess.run(
        [sys.executable, "-m", "wikilint", "scan", "--isolated", str(dump), "-o", str(out), "-j", "2"],
        capture_output=True, text=True, timeout=1200,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert f"Scanned {len(files)} pages" in r.stderr

    check = subprocess.run(
        [sys.executable, "-m", "wikilint", "check", "--isolated", "--site", "enwiki", "--output-format", "json",
         "-j", "2", str(PAGES)],
        capture_output=True, text=True, timeout=1200,
    )
    assert check.returncode in (0, 1), check.stderr[-3000:]
    expected: dict[str, list] = defaultdict(list)
    for d in json.loads(check.stdout):
        title = title_of(Path(d.pop("file")))
        expected[title].append(d)

    got = {}
    order = []
    for line in out.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        got[page["title"]] = page["diagnostics"]
        order.append(page["title"])
    assert set(got) == set(expected)
    mismatched = [t for t in expected if got[t] != expected[t]]
    assert mismatched == []
    # Dump order: the corpus files' order.
    rank = {title_of(f): i for i, f in enumerate(files)}
    assert order == sorted(order, key=rank.__getitem__)
    assert sum(len(v) for v in got.values()) > 1000
