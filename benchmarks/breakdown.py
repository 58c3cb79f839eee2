"""In-process breakdown of where ``wikilint check`` spends its time, so a regression shows where
it came from.

    python benchmarks/breakdown.py [CORPUS_DIR] [--repeat N] [--limit N]

With the pages already in memory, over every ``*.wiki`` file under CORPUS_DIR (default
``../shared/corpora/pages``), CPU seconds (``time.process_time``) of:

* ``tokenize``: the tokenizer Document uses (the light tokenizer of csrc/lighttok when it is
  built, else mwparserfromhell's C tokenizer), on what Document gives it (the cost guard and
  the masking of tags it would fail on, see ``document.tokenizer_input``, included);
* ``tree``: wikilint's span-tree builder over those tokens (``tree.build``);
* ``document (rest)``: the rest of ``Document()`` (indexes) and of
  ``Document.release()``: a full ``Document()`` pass minus the two above;
* ``ref model``: ``doc.refs`` (built lazily by the first reference rule);
* ``rules: <family>``: every default rule's ``check()``, summed per family (the package under
  ``wikilint.rules``; plugin rules count under ``plugins``);
* ``suppressions``: ``apply_suppressions`` on the diagnostics;
* ``garbage collection``: collecting what the pages left (a real run does it between pages);
* ``site detection (auto)``: ``detect_site`` on each page, what ``site = "auto"`` (the default)
  costs before a page is linted;
* ``report: json``: the JSON reporter over all diagnostics;

and, for comparison, ``mwparserfromhell.parse`` on the same pages. Each pass runs ``--repeat``
times (default 3, interleaved) and the median is printed with its share of the total and its ratio
to ``mwparserfromhell.parse``. The whole-process comparison is ``benchmarks/process.py``.
A full run (3 repeats) takes about 3 minutes of CPU on the development machine.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import mwparserfromhell

from wikilint import Linter, LintSettings
from wikilint import tree as tree_mod
from wikilint.document import ParseFailure, tokenizer_input
from wikilint.document import _tokenizer as tokenizer
from wikilint.reporters import ReportContext, get_reporter
from wikilint.runner import FileResult
from wikilint.sites.detect import detect_site
from wikilint.suppress import apply_suppressions

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "pages"
clock = time.process_time


def load(corpus: Path, limit: int | None) -> list[tuple[str, str]]:
    files = sorted(corpus.rglob("*.wiki"))[:limit] if limit else sorted(corpus.rglob("*.wiki"))
    out = []
    for f in files:
        text = f.read_bytes().decode("utf-8")
        out.append((str(f), text[1:] if text.startswith("\ufeff") else text))
    return out


def family(rule) -> str:
    mod = type(rule).__module__
    if mod.startswith("wikilint.rules."):
        return mod.split(".")[2]
    return "plugins"


def one_pass(pages, linter) -> dict[str, float]:
    """One timed pass over every page; returns seconds per stage."""
    t: dict[str, float] = defaultdict(float)
    gc.collect()
    gc.disable()  # as Linter.lint does while a page's objects live
    try:
        for _, text in pages:
            t0 = clock()
            try:
                tok_text, _ = tokenizer_input(text)  # the masks Document applies, timed with it
            except ParseFailure:
                continue
            toks = tokenizer().tokenize(tok_text, 0, True)
            t1 = clock()
            _, nodes, _ = tree_mod.build(toks, text)
            t["tree"] += clock() - t1
            t["tokenize"] += t1 - t0
            for node in nodes:  # break the parent cycles, as Document.release() does
                node.parent = None
            del toks, nodes
    finally:
        gc.enable()

    gc.collect()
    t0 = clock()
    for _, text in pages:
        mwparserfromhell.parse(text, skip_style_tags=True)
    t["(mwparserfromhell.parse)"] = clock() - t0

    gc.collect()
    results = []
    doc_total = 0.0
    gc.disable()
    for path, text in pages:
        t0 = clock()
        doc = linter.document(text, path)
        t1 = clock()
        doc_total += t1 - t0
        diags = []
        if not doc.parse_error:
            doc.refs  # noqa: B018 - build the lazy reference model on its own clock
        t2 = clock()
        t["ref model"] += t2 - t1
        for rule in linter.rules:
            if doc.parse_error and not getattr(rule, "text_only", False):
                continue
            t0 = clock()
            diags.extend(rule.check(doc))
            t["rules: " + family(rule)] += clock() - t0
        t0 = clock()
        diags = apply_suppressions(doc, diags, linter)
        t["suppressions"] += clock() - t0
        diags.sort(key=lambda d: d.sort_key())
        results.append(FileResult(path=path, diagnostics=diags, original=text))
        t0 = clock()
        doc.release()
        del doc
        doc_total += clock() - t0
    gc.enable()
    t["document (rest)"] = doc_total - t["tokenize"] - t["tree"]
    t0 = clock()
    gc.collect()  # the garbage the pages left (a real run collects it between pages)
    t["garbage collection"] = clock() - t0
    t0 = clock()
    for _, text in pages:
        detect_site(text)
    t["site detection (auto)"] = clock() - t0
    t0 = clock()
    get_reporter("json")(results, ReportContext(registry=linter.registry))
    t["report: json"] = clock() - t0
    return dict(t)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus directory not found: {args.corpus}", file=sys.stderr)
        return 2
    pages = load(args.corpus, args.limit)
    mb = sum(len(t.encode("utf-8")) for _, t in pages) / 1e6
    linter = Linter(LintSettings())
    linter.lint(pages[0][1], pages[0][0])  # warm up (site profile, lazy imports)
    runs = [one_pass(pages, linter) for _ in range(args.repeat)]
    keys = sorted({k for r in runs for k in r}, key=lambda k: (k.startswith("("), _ORDER.get(k.split(":")[0], 5), k))
    med = {k: statistics.median(r.get(k, 0.0) for r in runs) for k in keys}
    base = med["(mwparserfromhell.parse)"]
    total = sum(v for k, v in med.items() if not k.startswith("("))
    print(f"corpus: {args.corpus} ({len(pages)} pages, {mb:.1f} MB), {args.repeat} runs, median CPU seconds")
    print(f"{'stage':<28} {'CPU s':>7} {'share':>6} {'x parse':>8}")
    for k in keys:
        share = "" if k.startswith("(") else f"{med[k] / total:6.1%}"
        print(f"{k:<28} {med[k]:7.2f} {share:>6} {med[k] / base:8.3f}")
    print(f"{'total (in process)':<28} {total:7.2f} {'':>6} {total / base:8.3f}")
    return 0


_ORDER = {
    "site detection (auto)": -1,
    "tokenize": 0,
    "tree": 1,
    "document (rest)": 2,
    "ref model": 3,
    "rules": 4,
    "suppressions": 6,
    "garbage collection": 7,
    "report": 8,
}

if __name__ == "__main__":
    sys.exit(main())
