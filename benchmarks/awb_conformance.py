#!/usr/bin/env python3
"""Run wikilint's reference repairs over AutoWikiBrowser's ref-related test pairs.

Usage: python benchmarks/awb_conformance.py [PATH/TO/awb/cases.jsonl] [--show N] [--unsafe]

Default path: ../shared/corpora/awb/cases.jsonl. For each AWB function (FixReferenceTags,
DuplicateNamedReferences, SameRefDifferentName, AddMissingReflist, DuplicateUnnamedReferences,
SimplifyReferenceTags and the ref-related FixSyntax pairs) the input is fixed with the WL5
rules (safe fixes; unsafe ones too with --unsafe) and the output compared with AWB's expected
text: agree / unchanged (we leave the text as it was while AWB changes it) / different.
Pairs where AWB itself makes no change count as "agree" when we make none either.
Texts are compared with CRLF turned into LF (the data keeps C#'s CRLF literals).
The AWB data is GPL test data: it is read at run time only, never copied into the project.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from wikilint import Linter, LintSettings
from wikilint.fixer import fix_text

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = (
    "FixReferenceTags",
    "DuplicateNamedReferences",
    "SameRefDifferentName",
    "AddMissingReflist",
    "DuplicateUnnamedReferences",
    "SimplifyReferenceTags",
    "FixSyntax",
)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    show = 0
    if "--show" in argv:
        show = int(argv[argv.index("--show") + 1])
        args = [a for a in args if a != str(show)]
    unsafe = "--unsafe" in argv
    path = Path(args[0]) if args else ROOT.parent / "shared" / "corpora" / "awb" / "cases.jsonl"
    if not path.is_file():
        print(f"AWB cases not found: {path}", file=sys.stderr)
        return 2
    linter = Linter(LintSettings(select=["WL5"]))
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        c = json.loads(line)
        fn = c["function"]
        if fn not in FUNCTIONS or c["kind"] != "transform" or not c["ref_related"]:
            continue
        if c["lang"] != "en" or c["project"] != "wikipedia":
            continue
        src = c["input"].replace("\r\n", "\n")
        want = str(c["expected"]).replace("\r\n", "\n")
        got = fix_text(linter, src, "awb.wiki", unsafe=unsafe).text
        if got == want:
            outcome = "agree"
        elif got == src:
            outcome = "unchanged"
        else:
            outcome = "different"
        stats[fn][outcome] += 1
        if outcome != "agree":
            examples[f"{fn}/{outcome}"].append((c["test"], src, want, got))
    print(f"{'function':28} {'pairs':>5} {'agree':>6} {'unchanged':>9} {'different':>9}")
    for fn in FUNCTIONS:
        s = stats[fn]
        print(f"{fn:28} {sum(s.values()):5d} {s['agree']:6d} {s['unchanged']:9d} {s['different']:9d}")
    if show:
        for key, items in sorted(examples.items()):
            print(f"\n## {key} ({len(items)})")
            for test, src, want, got in items[:show]:
                print(f"- {test}\n  in:   {src[:160]!r}\n  awb:  {want[:160]!r}\n  ours: {got[:160]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
