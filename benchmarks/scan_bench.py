"""Throughput and memory of ``wikilint scan`` on a multistream dump of the corpus.

    python benchmarks/scan_bench.py [--copies N] [--engines j1,j2,dask] [--workdir DIR] [CORPUS_DIR]

Builds ``pages-articles-multistream.xml.bz2`` (+ index) holding every page of CORPUS_DIR
(default ``../shared/corpora/pages``) N times (titles made unique per copy), then scans it with
``--jobs 1``, ``--jobs 2`` and a 2-worker Dask cluster (``dask scheduler`` + 2 × ``dask worker``
on 127.0.0.1, one thread each). Each scan runs in a fresh process; reported: wall seconds,
pages/s, MB/s of wikitext, peak RSS of the client process and of each worker process
(``getrusage``: the largest resident set a process ever had). Ends with the extrapolation to
English Wikipedia (6.9 M articles, about 25 GB of wikitext) on 32 cores.

Run it twice with different ``--copies`` to see that memory does not grow with the dump.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "pages"
ENWIKI_PAGES = 6_900_000
ENWIKI_BYTES = 25e9

HEAD = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.39.0</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
    </namespaces>
  </siteinfo>
"""


def build(corpus: Path, copies: int, work: Path) -> tuple[Path, int, int]:
    from wikilint.scan.multistream import write_multistream

    files = sorted(corpus.rglob("*.wiki"))
    xml = work / "bench.xml"
    n = 0
    nbytes = 0
    with open(xml, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEAD)
        for c in range(copies):
            for f in files:
                n += 1
                text = f.read_bytes().decode("utf-8").lstrip("\ufeff")
                nbytes += len(text.encode("utf-8"))
                title = f"{f.relative_to(corpus).with_suffix('').as_posix()} ({c})"
                fh.write(
                    f"  <page>\n    <title>{escape(title)}</title>\n    <ns>0</ns>\n    <id>{n}</id>\n"
                    f"    <revision>\n      <id>{n}</id>\n      <timestamp>2024-01-01T00:00:00Z</timestamp>\n"
                    f'      <model>wikitext</model>\n      <format>text/x-wiki</format>\n      <text xml:space="preserve">'
                    f"{escape(text).replace(chr(13), '&#13;')}</text>\n    </revision>\n  </page>\n"
                )
        fh.write("</mediawiki>\n")
    dump = work / "bench-pages-articles-multistream.xml.bz2"
    with open(xml, "rb") as fh:
        write_multistream(fh, dump, level=1)
    xml.unlink()
    return dump, n, nbytes


def child(args: list[str]) -> None:
    """Run one scan in this process; print the rusage numbers as JSON on the last line."""
    from wikilint.cli import app

    t0 = time.monotonic()
    try:
        app(["scan", "--isolated", "-q", *args], prog_name="wikilint", standalone_mode=False)
    except SystemExit:
        pass
    wall = time.monotonic() - t0
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "client_mb": me, "worker_mb": kids}))


def run_child(args: list[str]) -> dict:
    p = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(p.stderr[-3000:])
    return json.loads(p.stdout.strip().splitlines()[-1])


def dask_cluster(work: Path) -> tuple[str, list[subprocess.Popen]]:
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    if dask is None:
        raise SystemExit("the dask command line is not installed (pip install 'wikilint[dask]')")
    sf = work / "scheduler.json"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(sf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    deadline = time.monotonic() + 120
    while not sf.exists():
        if time.monotonic() > deadline:
            raise SystemExit("dask scheduler did not start")
        time.sleep(0.2)
    for i in range(2):
        procs.append(subprocess.Popen([dask, "worker", "--scheduler-file", str(sf), "--host", "127.0.0.1",
                                       "--nthreads", "1", "--no-dashboard", "--name", f"bench{i}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    from distributed import Client

    address = json.loads(sf.read_text())["address"]
    with Client(address, timeout="60s") as c:
        c.wait_for_workers(2, timeout=180)
    return address, procs


def worker_rss(address: str) -> list[float]:
    from distributed import Client

    with Client(address, timeout="60s") as c:
        got = c.run(lambda: __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss / 1024)
    return sorted(got.values())


def stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--engines", default="j1,j2,dask")
    ap.add_argument("--workdir", type=Path)
    ns = ap.parse_args()
    work = ns.workdir or Path(tempfile.mkdtemp(prefix="scan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    dump, pages, nbytes = build(ns.corpus, ns.copies, work)
    print(f"dump: {dump.name}: {pages} pages, {nbytes / 1e6:.1f} MB of wikitext, "
          f"{dump.stat().st_size / 1e6:.1f} MB compressed (built in {time.monotonic() - t0:.0f} s)")
    rows = []
    for engine in ns.engines.split(","):
        out = work / f"{engine}.jsonl"
        if engine in ("j1", "j2"):
            res = run_child([str(dump), "-o", str(out), "-j", engine[1:]])
            workers = [res["worker_mb"]] if engine == "j2" else []
        elif engine == "dask":
            address, procs = dask_cluster(work)
            try:
                res = run_child([str(dump), "-o", str(out), "--dask", address])
                workers = worker_rss(address)
            finally:
                stop(procs)
        else:
            raise SystemExit(f"unknown engine {engine}")
        rows.append((engine, res, workers))
        lint_rss = res["client_mb"] if engine == "j1" else max(workers)
        print(
            f"{engine:>5}: {res['wall']:7.1f} s  {pages / res['wall']:7.1f} pages/s  {nbytes / 1e6 / res['wall']:6.2f} MB/s  "
            f"client peak RSS {res['client_mb']:.0f} MB  worker peak RSS "
            + (", ".join(f"{w:.0f} MB" for w in workers) if workers else f"(in client) {lint_rss:.0f} MB"),
            flush=True,
        )
    outputs = {e: (work / f"{e}.jsonl").read_bytes() for e, _, _ in rows}
    print("outputs identical:", len(set(outputs.values())) == 1)
    best = max(rows, key=lambda r: nbytes / r[1]["wall"])
    cores = 2 if best[0] in ("j2", "dask") else 1
    per_core = nbytes / best[1]["wall"] / cores
    secs = ENWIKI_BYTES / (per_core * 32)
    print(
        f"extrapolation: {per_core / 1e6:.2f} MB/s per core ({best[0]}) -> English Wikipedia "
        f"({ENWIKI_PAGES / 1e6:.1f} M articles, {ENWIKI_BYTES / 1e9:.0f} GB) on 32 cores ≈ {secs / 60:.0f} min "
        f"({ENWIKI_PAGES / secs:.0f} pages/s), assuming linear scaling over independent blocks"
    )
    if ns.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
