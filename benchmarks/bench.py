"""Throughput of wikilint against the parse-only floor, side by side in one run.

    python benchmarks/bench.py [CORPUS_DIR] [--repeat N] [--limit N]

Times, over every ``*.wiki`` file under CORPUS_DIR (default ``../shared/corpora/pages``), in one
process and with the files already in memory:

* ``tokenize``: mwparserfromhell's C tokenizer alone;
* ``tokenize (light)``: wikilint's light tokenizer (csrc/lighttok: the same reading, lighter
  tokens), what Document uses when it is built: the floor under everything;
* ``mwp.parse``: ``mwparserfromhell.parse`` (tokenizer + its Python tree builder), the baseline;
* ``document``: wikilint's Document (tokenizer + span tree + indexes);
* ``wikilint check``: Document + every default rule (what ``wikilint check`` does per file).

Each is run ``--repeat`` times (default 3) in interleaved order; the median is reported with
pages/s, MB/s, and the ratio to ``mwp.parse``. Peak memory (tracemalloc) is measured in a
separate pass so that tracing does not distort the timings.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import mwparserfromhell
from mwparserfromhell.parser import CTokenizer

from wikilint import Linter, LintSettings
from wikilint._compiled import light_tokenizer
from wikilint.document import Document

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "pages"


def load(corpus: Path, limit: int | None) -> list[tuple[str, str]]:
    files = sorted(corpus.rglob("*.wiki"))
    if limit:
        files = files[:limit]
    out = []
    for f in files:
        text = f.read_bytes().decode("utf-8")
        out.append((str(f), text[1:] if text.startswith("\ufeff") else text))
    return out


def run_tokenize(pages):
    for _, text in pages:
        CTokenizer().tokenize(text, 0, True)


def run_light_tokenize(pages):
    light = light_tokenizer()[0]
    for _, text in pages:
        light().tokenize(text, 0, True)


def run_parse(pages):
    for _, text in pages:
        mwparserfromhell.parse(text, skip_style_tags=True)


def run_document(pages):
    for path, text in pages:
        Document(text, path)


def make_check(linter: Linter):
    def run_check(pages):
        for path, text in pages:
            linter.lint(text, path)

    return run_check


def timed(fn, pages) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn(pages)
    return time.perf_counter() - t0


def peak_mb(fn, pages) -> float:
    gc.collect()
    tracemalloc.start()
    fn(pages)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-memory", action="store_true")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus directory not found: {args.corpus}", file=sys.stderr)
        return 2
    pages = load(args.corpus, args.limit)
    mb = sum(len(t.encode("utf-8")) for _, t in pages) / 1e6
    linter = Linter(LintSettings())
    variants = [
        ("tokenize", run_tokenize),
        *([("tokenize (light)", run_light_tokenize)] if light_tokenizer()[0] is not None else []),
        ("mwp.parse", run_parse),
        ("document", run_document),
        (f"wikilint check ({len(linter.rules)} rules)", make_check(linter)),
    ]
    make_check(linter)(pages[:5])  # warm caches (site profile, rule imports)
    times: dict[str, list[float]] = {name: [] for name, _ in variants}
    for _ in range(args.repeat):
        for name, fn in variants:
            times[name].append(timed(fn, pages))
    base = statistics.median(times["mwp.parse"])
    print(f"corpus: {args.corpus} ({len(pages)} pages, {mb:.1f} MB), {args.repeat} runs each, median")
    print(f"{'variant':<32} {'seconds':>8} {'pages/s':>9} {'MB/s':>7} {'x parse':>8} {'peak MB':>8}")
    for name, fn in variants:
        med = statistics.median(times[name])
        peak = "" if args.no_memory else f"{peak_mb(fn, pages):8.1f}"
        print(f"{name:<32} {med:8.2f} {len(pages) / med:9.0f} {mb / med:7.2f} {med / base:8.2f} {peak}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
