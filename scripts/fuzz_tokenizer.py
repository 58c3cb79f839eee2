#!/usr/bin/env python3
"""Long-run check that the light tokenizer (csrc/lighttok) reads wikitext exactly as the
installed mwparserfromhell tokenizer does.

Each document is a mutated window of a real corpus page (deletes, duplicates, swaps, inserted
markup fragments, truncation: ``wikilint.testing.mutate``) or a random run of markup pieces. Its
light tokens, mapped back to mwparserfromhell's (a string to ``Text(text=...)``, a class to an
instance of it), must equal mwparserfromhell's tokens, class for class; and a tokenizer error must
be the same error. Differences are written as JSON lines with the input text.

    python scripts/fuzz_tokenizer.py --docs 100000 --seed 1 --out tokenizer-differences.jsonl

The bounded version runs in the test suite (tests/test_lighttok.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import corpus_files, read_page
from lighttok_support import PIECES, same_tokens
from mwparserfromhell.parser import CTokenizer

from wikilint._compiled import light_tokenizer
from wikilint.testing import FRAGMENTS, mutate, random_ops

_FILES: list[str] = []
_PAGES: dict[str, str] = {}


def _tokens(cls, text: str):  # type: ignore[no-untyped-def]
    try:
        return cls().tokenize(text, 0, True), None
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        return None, f"{type(exc).__name__}: {exc}"


def _one(task: tuple[int, int, int]) -> dict | None:
    seed, i, max_window = task
    rng = random.Random(seed * 1_000_003 + i)
    if rng.random() < 0.2:
        text = "".join(rng.choice(PIECES + list(FRAGMENTS)) for _ in range(rng.randint(1, 60)))
    else:
        path = rng.choice(_FILES)
        page = _PAGES.get(path)
        if page is None:
            page = _PAGES[path] = read_page(Path(path))
        a = rng.randrange(max(1, len(page) - 50))
        text = mutate(page[a : a + rng.randint(20, max_window)], random_ops(rng))
    light = light_tokenizer()[0]
    theirs, their_error = _tokens(CTokenizer, text)
    ours, our_error = _tokens(light, text)
    if their_error or our_error:
        same = their_error == our_error
    else:
        same = same_tokens(ours, theirs)
    if same:
        return None
    return {"seed": seed, "doc": i, "text": text, "theirs": their_error, "ours": our_error}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-window", type=int, default=4000)
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    ap.add_argument("--out", type=Path, default=Path("tokenizer-differences.jsonl"))
    args = ap.parse_args()
    cls, why = light_tokenizer()
    if cls is None:
        print(f"the light tokenizer is not used here: {why}", file=sys.stderr)
        return 2
    files = [str(p) for p in corpus_files()]
    if not files:
        print("shared corpus not found (../shared or $WIKILINT_SHARED)", file=sys.stderr)
        return 2
    _FILES[:] = files
    started = time.monotonic()
    tasks = [(args.seed, i, args.max_window) for i in range(args.docs)]
    differences = 0
    with multiprocessing.Pool(args.jobs or None) as pool, args.out.open("w", encoding="utf-8") as out:
        for found in pool.imap_unordered(_one, tasks, chunksize=200):
            if found is not None:
                differences += 1
                out.write(json.dumps(found, ensure_ascii=False) + "\n")
    print(f"{args.docs} documents, {differences} differences, {time.monotonic() - started:.0f} s; written to {args.out}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
