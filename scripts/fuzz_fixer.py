#!/usr/bin/env python3
"""Long-run fuzzing of the fixer's invariants over mutated real pages.

Takes windows of the real corpus pages (and now and then a whole page), mutates them
(deletes, duplicates and swaps spans, inserts markup fragments such as ``<ref``, ``</ref>``,
``{{``, ``<!--``, ``|``, ``[[``, truncates), and checks every invariant of
:func:`wikilint.testing.fixer_violations` with all default rules. Violations are written as
JSON lines (with the input text) so that each one can be replayed; counts of fixes the fixer
had to reject or give up on (rule bugs it contained) are printed at the end.

    python scripts/fuzz_fixer.py --docs 100000 --seed 1 --out fuzz-violations.jsonl

The bounded version of this check runs in the test suite (tests/test_fix_property.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import corpus_files, read_page  # noqa: E402

from wikilint import Linter, LintSettings  # noqa: E402
from wikilint.testing import fixer_violations, mutate, random_ops  # noqa: E402


_FILES: list[str] = []
_LINTER = None
_PAGES: dict[str, str] = {}


def _init(files: list[str]) -> None:
    global _LINTER
    _FILES[:] = files
    _LINTER = Linter(LintSettings())


def _one(task: tuple[int, int, int]):  # type: ignore[no-untyped-def]
    """One document: (page, ops, text, violations, seconds, counts of what the fixer kept)."""
    seed, i, max_window = task
    rng = random.Random(seed * 1_000_003 + i)
    path = rng.choice(_FILES)
    text = _PAGES.get(path)
    if text is None:
        text = _PAGES[path] = read_page(Path(path))
    if rng.random() < 0.02:
        window = text
    else:
        a = rng.randrange(max(1, len(text) - 50))
        window = text[a : a + rng.randint(20, max_window)]
    ops = random_ops(rng)
    doc = mutate(window, ops)
    results: list = []
    t0 = time.perf_counter()
    try:
        violations = fixer_violations(_LINTER, doc, results=results)
    except Exception as exc:  # noqa: BLE001 - the point is to find these
        violations = [f"exception: {type(exc).__name__}: {exc}"]
    took = time.perf_counter() - t0
    kept: Counter[str] = Counter()
    for mode, res in zip(("safe", "unsafe"), results):
        for r in res.rejected:
            kept[f"{mode} rejected {r.diagnostic.code}: {r.reason}"] += 1
        for code in res.unconverged:
            kept[f"{mode} unconverged {code}"] += 1
        for code in res.out_of_budget:
            kept[f"{mode} work limit {code}"] += 1
        kept[f"applied {mode} fixes"] += len(res.applied)
    short = "/".join(Path(path).parts[-2:])
    return short, ops, doc, violations, took, dict(kept)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000, help="documents to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-window", type=int, default=4000, help="longest page window, in characters")
    ap.add_argument("--out", type=Path, default=Path("fuzz-violations.jsonl"), help="violations, as JSON lines")
    ap.add_argument("--report-every", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=1, help="worker processes")
    args = ap.parse_args()

    files = corpus_files()
    if not files:
        print("fuzz_fixer: the corpus (../shared/corpora/pages) is absent", file=sys.stderr)
        return 2
    stats: Counter[str] = Counter()
    contained: Counter[str] = Counter()
    slowest = (0.0, "")
    start = time.time()
    tasks = ((args.seed, i, args.max_window) for i in range(args.docs))
    with args.out.open("w", encoding="utf-8") as out, multiprocessing.get_context("fork").Pool(
        args.workers, initializer=_init, initargs=([str(f) for f in files],)
    ) as pool:
        for n, (page, ops, doc, violations, took, kept) in enumerate(pool.imap_unordered(_one, tasks, chunksize=20), 1):
            if took > slowest[0]:
                slowest = (took, page)
            stats["docs"] += 1
            if violations:
                stats["violating docs"] += 1
                out.write(json.dumps({"page": page, "ops": ops, "text": doc, "violations": violations}, ensure_ascii=False) + "\n")
                out.flush()
                for v in violations:
                    stats["violation: " + v[:70]] += 1
            for key, value in kept.items():
                if key.startswith("applied"):
                    stats[key] += value
                else:
                    contained[key] += value
            if n % args.report_every == 0 or n == args.docs:
                rate = n / (time.time() - start)
                print(f"{n} docs, {stats['violating docs']} violating, {rate:.0f} docs/s", flush=True)
    print(f"\n{stats['docs']} documents in {time.time() - start:.0f} s; slowest {slowest[0]:.2f} s ({slowest[1]})")
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value}")
    print("fixes the fixer contained (not applied; rule bugs):")
    for key, value in contained.most_common():
        print(f"  {value:6}  {key}")
    return 1 if stats["violating docs"] else 0


if __name__ == "__main__":
    sys.exit(main())
