#!/usr/bin/env python3
"""Compare wikilint's predicted Cite error keys with the Cite extension's parser tests.

Usage: python benchmarks/cite_conformance.py [PATH/TO/cases.jsonl] [--quiet]

Default path: ../shared/corpora/cite/cases.jsonl relative to the repository root.
For tests the legacy parser renders (php_wt2html) the keys predicted in legacy mode (only the
first message of a fatal status) are compared with expected_errors_php; for Parsoid-only tests
the keys predicted in Parsoid mode (every message) with expected_errors_parsoid.
Prints per-key precision/recall, the overall agreement, and what was excluded and why; then the
same for the diagnostics the reference rules actually emit (their ``mw_key``), which report
every error as Parsoid does and agree when they match either parser's expectation.
Then the Cite messages real MediaWiki 1.39 printed for every corpus page
(../shared/corpora/mediawiki/oracle.jsonl): per-key precision and recall of the model's
legacy-mode messages, apart for pages whose stub_caveats make group messages unreliable.

Exclusions:
* cite_warning_sectionpreview_no_text: only shown in section preview, never on a saved page.
* tests whose errors come from the body of a template defined by the test file itself
  (Template:refinref, Template:CircularRef): the page text alone does not contain them.
* details_* keys are NOT excluded: tests that set wgCiteSubReferencing=true are run with
  sub-referencing on (document option ``cite_sub_referencing``), the others with it off.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wikilint.conformance import run_cite_conformance, run_oracle_conformance, run_rule_conformance

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else ROOT.parent / "shared" / "corpora" / "cite" / "cases.jsonl"
    if not path.is_file():
        print(f"cases file not found: {path}", file=sys.stderr)
        return 2
    report = run_cite_conformance(path)
    print("== the reference model (legacy mode for legacy tests, Parsoid mode otherwise)")
    print(report.format(show_disagreements="--quiet" not in argv))
    rules = run_rule_conformance(path)
    print()
    print("== the reference rules' diagnostics (mw_key of every WL5xx diagnostic, as users see them)")
    print(rules.format(show_disagreements="--quiet" not in argv))
    oracle = path.parent.parent / "mediawiki" / "oracle.jsonl"
    if oracle.is_file():
        real = run_oracle_conformance(oracle, path.parent.parent / "pages")
        print()
        print("== real MediaWiki 1.39 + Cite on the corpus pages (legacy-parser messages, per key)")
        print(real.format(show_disagreements="--quiet" not in argv))
        t = real.totals()
        print()
        print(f"summary: parser tests {report.agreement:.1%} agreement; real pages (no stub caveats) "
              f"precision {t['precision']:.1%}, recall {t['recall']:.1%} on {t['tp'] + t['fn']} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
