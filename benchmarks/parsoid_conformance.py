#!/usr/bin/env python3
"""Compare wikilint's markup diagnostics (their ``lint_type``) with real Parsoid lints.

Usage: python benchmarks/parsoid_conformance.py [--select CODES] [--disagreements[=TYPE]]
                                                [--limit N] [--tolerance N] [--shared DIR]

Scores every rule that has ``lint_types`` (or the comma-separated ``--select`` list) against
* ``corpora/mediawiki/oracle.jsonl``: Parsoid 0.16.6 inside MediaWiki 1.39 on every corpus page
  (lints from template output excluded: wikilint sees only the page), each page linted with its
  wiki's site profile when wikilint ships one;
* ``corpora/parsoid-lint/cases.jsonl``: Parsoid's own LinterTest expectations.
Prints per-category precision and recall and the overall figure; ``--disagreements`` lists each
missed and extra lint with its context (optionally only of one category).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wikilint.markup_conformance import DEFAULT_TOLERANCE, run_case_conformance, run_corpus_conformance

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--select", default=None, help="comma-separated rule codes/names/prefixes")
    ap.add_argument("--disagreements", nargs="?", const="", default=None, metavar="TYPE")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--tolerance", type=int, default=DEFAULT_TOLERANCE)
    args = ap.parse_args(argv)
    select = [s for s in args.select.split(",") if s] if args.select else None
    oracle = args.shared / "corpora" / "mediawiki" / "oracle.jsonl"
    pages = args.shared / "corpora" / "pages"
    cases = args.shared / "corpora" / "parsoid-lint" / "cases.jsonl"
    show = args.disagreements is not None
    only = args.disagreements or None
    status = 0
    if oracle.is_file() and pages.is_dir():
        rep = run_corpus_conformance(oracle, pages, select=select, tolerance=args.tolerance)
        print(rep.format(disagreements=show, limit=args.limit, only=only))
    else:
        print(f"oracle not found: {oracle}", file=sys.stderr)
        status = 2
    print()
    if cases.is_file():
        rep = run_case_conformance(cases, select=select, tolerance=args.tolerance)
        print(rep.format(disagreements=show, limit=args.limit, only=only))
    else:
        print(f"Parsoid cases not found: {cases}", file=sys.stderr)
        status = 2
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
