"""Time each rule separately over a corpus (after building each Document once).

    python benchmarks/rule_times.py [CORPUS_DIR] [--select ...]

Prints seconds per rule, slowest first, so that a slow rule is found before it lands.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from wikilint import Linter, LintSettings

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "pages"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--select", action="append")
    args = ap.parse_args(argv)
    linter = Linter(LintSettings(select=args.select or ["ALL"]))
    times: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    doc_time = 0.0
    for path in sorted(args.corpus.rglob("*.wiki")):
        text = path.read_bytes().decode("utf-8")
        t0 = time.perf_counter()
        doc = linter.document(text, str(path))
        doc_time += time.perf_counter() - t0
        for rule in linter.rules:
            t0 = time.perf_counter()
            n = sum(1 for _ in rule.check(doc))
            times[rule.code] += time.perf_counter() - t0
            hits[rule.code] += n
    print(f"document build: {doc_time:.2f}s; rules total: {sum(times.values()):.2f}s")
    for code, t in times.most_common():
        print(f"{code}  {t:6.2f}s  {hits[code]:6d} hits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
