"""Conformance with the Cite extension's own parser tests.

``../shared/corpora/cite/cases.jsonl`` holds the Cite parser tests with the error keys MediaWiki
reports. For every test the legacy parser renders (``php_wt2html``) we compare the set of keys
wikilint predicts in legacy mode with ``expected_errors_php``; for Parsoid-only tests, the set
predicted in Parsoid mode with ``expected_errors_parsoid``. Used by
``benchmarks/cite_conformance.py`` and ``tests/test_cite_conformance.py``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import Document
from .sites import load_site

__all__ = [
    "CaseResult",
    "Report",
    "run_cite_conformance",
    "run_rule_conformance",
    "EXCLUDED_KEYS",
    "predict_keys",
]

#: Keys no single saved page can show (section preview only).
EXCLUDED_KEYS = {
    "cite_warning_sectionpreview_no_text": "shown only in section preview",
}

# Templates the tests define with ``!! article`` blocks whose expansion we cannot see: the
# error comes from the template body, not from the page.
_ARTICLE_TEMPLATES = re.compile(r"\{\{\s*(refinref|CircularRef|echo|refs in template)\b", re.I)
# {{1x|…}} and friends output their first argument verbatim: refs inside work as written.


@dataclass
class CaseResult:
    name: str
    mode: str  # "legacy" or "parsoid"
    expected: set[str]
    predicted: set[str]
    wikitext: str

    @property
    def agree(self) -> bool:
        return self.expected == self.predicted


@dataclass
class Report:
    results: list[CaseResult] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (test name, reason)

    @property
    def agreement(self) -> float:
        return sum(r.agree for r in self.results) / len(self.results) if self.results else 1.0

    def per_key(self) -> dict[str, dict[str, Any]]:
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        for r in self.results:
            for k in r.predicted & r.expected:
                tp[k] += 1
            for k in r.predicted - r.expected:
                fp[k] += 1
            for k in r.expected - r.predicted:
                fn[k] += 1
        out = {}
        for k in sorted(set(tp) | set(fp) | set(fn)):
            p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 1.0
            rc = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 1.0
            out[k] = {"tp": tp[k], "fp": fp[k], "fn": fn[k], "precision": p, "recall": rc}
        return out

    def format(self, show_disagreements: bool = True) -> str:
        lines = [f"{'key':48} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6}"]
        for k, v in self.per_key().items():
            lines.append(
                f"{k:48} {v['tp']:4d} {v['fp']:4d} {v['fn']:4d} {v['precision']:6.1%} {v['recall']:6.1%}"
            )
        n = len(self.results)
        agree = sum(r.agree for r in self.results)
        legacy = [r for r in self.results if r.mode == "legacy"]
        pars = [r for r in self.results if r.mode == "parsoid"]
        lines.append("")
        lines.append(
            f"agreement: {agree}/{n} = {self.agreement:.1%} "
            f"(legacy {sum(r.agree for r in legacy)}/{len(legacy)}, parsoid-only "
            f"{sum(r.agree for r in pars)}/{len(pars)}; with errors expected: "
            f"{sum(r.agree for r in self.results if r.expected)}/{sum(1 for r in self.results if r.expected)})"
        )
        if self.excluded:
            lines.append(f"excluded {len(self.excluded)} tests:")
            for name, why in self.excluded:
                lines.append(f"  - {name}: {why}")
        for key, why in EXCLUDED_KEYS.items():
            lines.append(f"excluded key {key}: {why}")
        if show_disagreements:
            for r in self.results:
                if not r.agree:
                    lines.append(f"DISAGREE [{r.mode}] {r.name}: expected {sorted(r.expected)} got {sorted(r.predicted)}")
        return "\n".join(lines)


def predict_keys(text: str, mode: str, options: dict[str, Any] | None = None) -> set[str]:
    doc = Document(text, site=load_site("enwiki"), options=options or {})
    return {e.key for e in doc.refs.cite_errors(mode)}


def _applicable_cases(path: str | Path, report: Report):
    """The parser tests a single saved page can be compared on, with their options."""
    with open(path, encoding="utf-8") as fh:
        cases = [json.loads(line) for line in fh if line.strip()]
    for c in cases:
        if not (c["php_wt2html"] or c["parsoid_wt2html"]):
            continue
        name = c["name"]
        if "disabled" in (c.get("options") or {}):
            report.excluded.append((name, "disabled test"))
            continue
        if _ARTICLE_TEMPLATES.search(c["wikitext"]):
            report.excluded.append((name, "expected errors come from a test-defined template's body"))
            continue
        config = c.get("config") or {}
        options = {"cite_sub_referencing": str(config.get("wgCiteSubReferencing", "false")).lower() == "true"}
        yield c, options


def run_cite_conformance(path: str | Path) -> Report:
    """The reference model's predicted keys against the tests (legacy mode for tests the legacy
    parser renders, Parsoid mode for Parsoid-only tests)."""
    report = Report()
    for c, options in _applicable_cases(path, report):
        if c["php_wt2html"]:
            mode, expected = "legacy", set(c["expected_errors_php"])
        else:
            mode, expected = "parsoid", set(c["expected_errors_parsoid"])
        expected -= set(EXCLUDED_KEYS)
        predicted = predict_keys(c["wikitext"], mode, options) - set(EXCLUDED_KEYS)
        report.results.append(CaseResult(c["name"], mode, expected, predicted, c["wikitext"]))
    return report


def run_rule_conformance(path: str | Path) -> Report:
    """What users see: the ``mw_key`` of every diagnostic of the reference rules (WL5xx, which
    report every error as Parsoid does) against the tests. A test agrees when the set of keys
    equals the expectation of either MediaWiki parser that runs it (the two parsers differ on
    some tests, e.g. the legacy parser shows only the first fatal error)."""
    from .linter import Linter, LintSettings

    linters = {
        sub: Linter(LintSettings(select=["WL5"], site="enwiki", doc_options={"cite_sub_referencing": sub}))
        for sub in (False, True)
    }
    report = Report()
    for c, options in _applicable_cases(path, report):
        candidates = []
        if c["php_wt2html"]:
            candidates.append(("legacy", set(c["expected_errors_php"]) - set(EXCLUDED_KEYS)))
        if c["parsoid_wt2html"]:
            candidates.append(("parsoid", set(c["expected_errors_parsoid"]) - set(EXCLUDED_KEYS)))
        diags = linters[options["cite_sub_referencing"]].lint(c["wikitext"], "case.wiki")
        got = {d.mw_key for d in diags if d.mw_key} - set(EXCLUDED_KEYS)
        mode, expected = next(((m, e) for m, e in candidates if e == got), candidates[0])
        report.results.append(CaseResult(c["name"], mode, expected, got, c["wikitext"]))
    return report
