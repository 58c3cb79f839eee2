"""Conformance with the Cite extension: its own parser tests, and real MediaWiki on real pages.

``../shared/corpora/cite/cases.jsonl`` holds the Cite parser tests with the error keys MediaWiki
reports. For every test the legacy parser renders (``php_wt2html``) we compare the set of keys
wikilint predicts in legacy mode with ``expected_errors_php``; for Parsoid-only tests, the set
predicted in Parsoid mode with ``expected_errors_parsoid``. Used by
``benchmarks/cite_conformance.py`` and ``tests/test_cite_conformance.py``.

``../shared/corpora/mediawiki/oracle.jsonl`` holds the Cite messages a real MediaWiki 1.39
printed for every corpus page (stub templates; see its README): :func:`run_oracle_conformance`
compares the model's legacy-mode messages with them, per key, apart for the pages whose
``stub_caveats`` make group messages unreliable.
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
    "run_oracle_conformance",
    "OracleReport",
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


# --------------------------------------------------------------------------------------------
# Real MediaWiki on real pages: ../shared/corpora/mediawiki/oracle.jsonl


@dataclass
class OracleReport:
    """Cite messages predicted on the corpus pages against what MediaWiki 1.39 printed.

    Messages are compared as multisets of (key, name or group) per page. ``reliable`` holds the
    pages without ``stub_caveats``; pages with caveats (a stubbed footnote or list template may
    change their group messages) are counted apart in ``caveat``."""

    reliable: dict[str, Counter] = field(default_factory=lambda: {"tp": Counter(), "fp": Counter(), "fn": Counter()})
    caveat: dict[str, Counter] = field(default_factory=lambda: {"tp": Counter(), "fp": Counter(), "fn": Counter()})
    pages: int = 0
    caveat_pages: int = 0
    disagreements: list[tuple[str, str, str | None, int, int]] = field(default_factory=list)
    #: pages we count with the caveat pages although the oracle gives no caveat: (file, template)
    extra_caveats: list[tuple[str, str]] = field(default_factory=list)

    @staticmethod
    def _stats(c: dict[str, Counter]) -> dict[str, dict[str, Any]]:
        out = {}
        for k in sorted(set(c["tp"]) | set(c["fp"]) | set(c["fn"])):
            tp, fp, fn = c["tp"][k], c["fp"][k], c["fn"][k]
            out[k] = {"tp": tp, "fp": fp, "fn": fn,
                      "precision": tp / (tp + fp) if tp + fp else 1.0,
                      "recall": tp / (tp + fn) if tp + fn else 1.0}
        return out

    def per_key(self, caveat: bool = False) -> dict[str, dict[str, Any]]:
        return self._stats(self.caveat if caveat else self.reliable)

    def totals(self, caveat: bool = False) -> dict[str, Any]:
        c = self.caveat if caveat else self.reliable
        tp, fp, fn = (sum(c[x].values()) for x in ("tp", "fp", "fn"))
        return {"tp": tp, "fp": fp, "fn": fn,
                "precision": tp / (tp + fp) if tp + fp else 1.0,
                "recall": tp / (tp + fn) if tp + fn else 1.0}

    def format(self, show_disagreements: bool = True) -> str:
        lines = []
        for caveat in (False, True):
            title = (
                f"pages with stub caveats ({self.caveat_pages} pages; group messages unreliable)"
                if caveat else f"pages without stub caveats ({self.pages - self.caveat_pages} pages)"
            )
            lines.append(title)
            lines.append(f"  {'key':46} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6}")
            for k, v in self.per_key(caveat).items():
                lines.append(
                    f"  {k:46} {v['tp']:4d} {v['fp']:4d} {v['fn']:4d} {v['precision']:6.1%} {v['recall']:6.1%}"
                )
            t = self.totals(caveat)
            lines.append(
                f"  {'all messages':46} {t['tp']:4d} {t['fp']:4d} {t['fn']:4d} {t['precision']:6.1%} {t['recall']:6.1%}"
            )
        for file, tpl in self.extra_caveats:
            lines.append(f"counted with the caveat pages: {file} (pass-through stub {{{{{tpl}}}}} given refs=)")
        if show_disagreements:
            for file, key, what, exp, got in self.disagreements:
                lines.append(f"DISAGREE {file}: {key} {what!r}: MediaWiki {exp}, wikilint {got}")
        return "\n".join(lines)


def _ref_template_words(site: Any) -> list[str]:
    from .refs import ref_templates

    cached = site.__dict__.get("_wl_ref_template_words")
    if cached is None:
        words = sorted({n.lower() for n, spec in ref_templates(site).items() if spec["emits"] != "list"})
        alts = "|".join(re.escape(w).replace(r"\ ", "[ _]+") for w in words)
        cached = re.compile(r"\{\{\s*(?:template:)?(?:" + alts + r")\s*(?:<!--.*?-->\s*)*[|}]", re.S)
        site.__dict__["_wl_ref_template_words"] = cached
    return cached


def oracle_site(lang: str) -> str:
    """The profile whose reference templates match the oracle's stubs: the handwritten stubs
    are English Wikipedia's (Chinese ones added on zh), on every wiki."""
    return "zhwiki" if lang == "zh" else "enwiki"


def run_oracle_conformance(oracle: str | Path, pages: str | Path) -> OracleReport:
    """Legacy-mode Cite messages of the reference model on every corpus page against the
    messages a real MediaWiki 1.39 with Cite rendered for it."""
    report = OracleReport()
    pages = Path(pages)
    stubs: dict[str, str] = {}
    tsv = Path(oracle).with_name("templates.tsv")
    if tsv.is_file():
        with open(tsv, encoding="utf-8") as fh:
            next(fh, None)
            for row in fh:
                cols = row.split("\t", 2)
                if len(cols) >= 2:
                    stubs[cols[0]] = cols[1]
    with open(oracle, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            o = json.loads(line)
            path = pages / o["file"]
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            if text.startswith("\ufeff"):
                text = text[1:]
            site = load_site(oracle_site(o.get("lang", "en")))
            low = text.lower()
            if "<ref" in low or "#tag" in low or _ref_template_words(site).search(low):
                doc = Document(text, site=site)
                errors = doc.refs.cite_errors("legacy")
            else:
                doc, errors = None, []  # no ref can come out of this page: nothing to predict
            expected: Counter = Counter(
                (c["key"], c.get("name") if c.get("name") is not None else c.get("group"))
                for c in o.get("cite") or ()
            )
            got: Counter = Counter()
            for e in errors:
                what = e.params[0] if e.params and e.key in _ORACLE_PARAM_KEYS else None
                got[(e.key, what)] += 1
            report.pages += 1
            caveat = bool(o.get("stub_caveats"))
            if not caveat and stubs and doc is not None:
                # a pass-through stub given refs= outputs its refs as ordinary refs, where the
                # wiki's own list template (which we take it for) makes them list-defined
                for rl in doc.refs.lists:
                    if rl.kind == "template" and rl.template is not None and rl.content_start is not None:
                        if stubs.get(doc.template_name(rl.template)) == "pass-through":
                            caveat = True
                            report.extra_caveats.append((o["file"], doc.template_name(rl.template)))
                            break
            report.caveat_pages += caveat
            bucket = report.caveat if caveat else report.reliable
            for k in set(expected) | set(got):
                tp = min(expected[k], got[k])
                bucket["tp"][k[0]] += tp
                bucket["fp"][k[0]] += got[k] - tp
                bucket["fn"][k[0]] += expected[k] - tp
                if expected[k] != got[k] and not caveat:
                    report.disagreements.append((o["file"], k[0], k[1], expected[k], got[k]))
    return report


#: Keys whose first parameter the oracle gives as the message's name or group.
_ORACLE_PARAM_KEYS = frozenset({
    "cite_error_references_no_text", "cite_error_references_duplicate_key",
    "cite_error_references_missing_key", "cite_error_empty_references_define",
    "cite_error_group_refs_without_references", "cite_error_references_missing_group",
    "cite_error_no_link_label_group",
})
