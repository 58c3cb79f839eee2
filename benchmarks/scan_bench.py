"""Throughput and memory of ``wikilint scan`` on multistream dumps of the corpus.

    python benchmarks/scan_bench.py [--copies 1,3,10] [--engines j1,j2,dask] [--workdir DIR] [CORPUS_DIR]

For each N in ``--copies`` builds ``pages-articles-multistream.xml.bz2`` (+ index) holding every
page of CORPUS_DIR (default ``../shared/corpora/pages``) N times (titles made unique per copy),
then scans it with ``--jobs 1``, ``--jobs 2`` and a 2-worker Dask cluster (``dask scheduler`` +
2 x ``dask worker`` on 127.0.0.1, one thread each, Dask's default configuration). Each scan runs
in a fresh process (and a fresh cluster); reported per scan: wall seconds, pages/s, MB/s of
wikitext, CPU seconds (user + system of the client and its workers), peak RSS of the client
process and of each worker process (``getrusage``: the largest resident set a process ever
had; for ``-j 2`` the largest of the two children), and for Dask each worker's resident set at
the end of the scan.

With several sizes it ends with a table of per-worker peak RSS by size and its spread (largest
over smallest): memory that does not grow with the dump stays within noise (about 10 %). The
extrapolation to English Wikipedia (6.9 M articles, about 25 GB of wikitext) on 32 cores uses
the fastest engine on the largest dump.
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
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "client_mb": me.ru_maxrss / 1024, "worker_mb": kids.ru_maxrss / 1024,
                      "client_cpu": me.ru_utime + me.ru_stime, "worker_cpu": kids.ru_utime + kids.ru_stime}))


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


def _worker_usage() -> dict:
    import resource

    import psutil

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"peak_mb": ru.ru_maxrss / 1024, "now_mb": psutil.Process().memory_info().rss / 2**20,
            "cpu": ru.ru_utime + ru.ru_stime}


def worker_usage(address: str) -> list[dict]:
    """Peak and current RSS and CPU seconds of each Dask worker process (by worker name)."""
    from distributed import Client

    with Client(address, timeout="60s") as c:
        got = c.run(_worker_usage)
        names = {a: w.get("name", a) for a, w in c.scheduler_info()["workers"].items()}
    return [got[a] for a in sorted(got, key=lambda a: str(names[a]))]


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


def scan_engines(dump: Path, pages: int, nbytes: int, engines: list[str], work: Path) -> list[dict]:
    rows = []
    for engine in engines:
        out = work / f"{engine}.jsonl"
        if engine in ("j1", "j2"):
            res = run_child([str(dump), "-o", str(out), "-j", engine[1:]])
            workers = [{"peak_mb": res["worker_mb"], "now_mb": None, "cpu": res["worker_cpu"]}] if engine == "j2" else []
        elif engine == "dask":
            address, procs = dask_cluster(work)
            try:
                res = run_child([str(dump), "-o", str(out), "--dask", address])
                workers = worker_usage(address)
            finally:
                stop(procs)
        else:
            raise SystemExit(f"unknown engine {engine}")
        cpu = res["client_cpu"] + sum(w["cpu"] for w in workers)
        row = {"engine": engine, "wall": res["wall"], "cpu": cpu, "client_mb": res["client_mb"], "workers": workers,
               "pages_s": pages / res["wall"], "mb_s": nbytes / 1e6 / res["wall"]}
        rows.append(row)
        if workers:
            peaks = ", ".join(f"{w['peak_mb']:.0f} MB" for w in workers)
            nows = [w["now_mb"] for w in workers if w["now_mb"] is not None]
            wtxt = f"worker peak RSS {peaks}" + (f" (at the end {', '.join(f'{n:.0f}' for n in nows)} MB)" if nows else "")
        else:
            wtxt = f"worker peak RSS (in client) {res['client_mb']:.0f} MB"
        print(
            f"{engine:>5}: {res['wall']:7.1f} s  {row['pages_s']:7.1f} pages/s  {row['mb_s']:6.2f} MB/s  "
            f"{cpu:7.1f} CPU-s ({pages / cpu:.1f} pages per CPU-s)  client peak RSS {res['client_mb']:.0f} MB  {wtxt}",
            flush=True,
        )
    outputs = {r["engine"]: (work / f"{r['engine']}.jsonl").read_bytes() for r in rows}
    print("outputs identical:", len(set(outputs.values())) == 1, flush=True)
    for r in rows:
        (work / f"{r['engine']}.jsonl").unlink()
    return rows


def lint_peaks(row: dict) -> list[float]:
    """Peak RSS of the processes that lint (the client itself for ``-j 1``)."""
    return [w["peak_mb"] for w in row["workers"]] if row["workers"] else [row["client_mb"]]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--copies", default="1", help="dump sizes, in copies of the corpus, comma-separated (1,3,10)")
    ap.add_argument("--engines", default="j1,j2,dask")
    ap.add_argument("--workdir", type=Path)
    ns = ap.parse_args()
    try:
        sizes = [int(c) for c in ns.copies.split(",")]
    except ValueError:
        raise SystemExit(f"--copies: expected numbers like 1,3,10, got {ns.copies!r}") from None
    if not sizes or min(sizes) < 1:
        raise SystemExit("--copies: sizes must be 1 or more")
    engines = ns.engines.split(",")
    work = ns.workdir or Path(tempfile.mkdtemp(prefix="scan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for copies in sizes:
        sub = work / f"x{copies}"
        sub.mkdir(exist_ok=True)
        t0 = time.monotonic()
        dump, pages, nbytes = build(ns.corpus, copies, sub)
        print(f"\n{copies} x corpus: {dump.name}: {pages} pages, {nbytes / 1e6:.1f} MB of wikitext, "
              f"{dump.stat().st_size / 1e6:.1f} MB compressed (built in {time.monotonic() - t0:.0f} s)", flush=True)
        rows = scan_engines(dump, pages, nbytes, engines, sub)
        results.append((copies, pages, nbytes, rows))
        if ns.workdir is None:
            shutil.rmtree(sub, ignore_errors=True)
    if len(sizes) > 1:
        print("\nper-worker peak RSS (MB) by dump size; spread = largest / smallest over the sizes:")
        for i, engine in enumerate(engines):
            by_size = [lint_peaks(rows[i]) for _c, _p, _b, rows in results]
            cells = "  ".join(f"{c}x: " + "/".join(f"{m:.0f}" for m in peaks) for (c, *_), peaks in zip(results, by_size))
            highest = [max(p) for p in by_size]
            print(f"{engine:>5}: {cells}  spread {max(highest) / min(highest):.2f}  max {max(highest):.0f} MB")
    copies, pages, nbytes, rows = results[-1]
    best = max(rows, key=lambda r: r["mb_s"])
    cores = 2 if best["engine"] in ("j2", "dask") else 1
    per_core = nbytes / best["wall"] / cores
    secs = ENWIKI_BYTES / (per_core * 32)
    print(
        f"extrapolation ({copies} x corpus): {per_core / 1e6:.2f} MB/s per core ({best['engine']}) -> English Wikipedia "
        f"({ENWIKI_PAGES / 1e6:.1f} M articles, {ENWIKI_BYTES / 1e9:.0f} GB) on 32 cores ≈ {secs / 60:.0f} min "
        f"({ENWIKI_PAGES / secs:.0f} pages/s), assuming linear scaling over independent blocks"
    )
    if ns.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
