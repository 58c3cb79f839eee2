"""Conformance of the markup rules with real Parsoid lints.

Two sources of expected lints:

* ``../shared/corpora/mediawiki/oracle.jsonl``: what MediaWiki 1.39's Parsoid linter reported on
  every page of ``../shared/corpora/pages/`` (each parsed with its wiki's content language).
* ``../shared/corpora/parsoid-lint/cases.jsonl``: the expectations of Parsoid's own LinterTest.

Any rule with ``lint_types`` is scored: every diagnostic carrying a ``lint_type`` is a prediction.
A prediction matches an expected lint of the same page and type whose start is within
``tolerance`` code points (Parsoid gives a lint inside ``<poem>`` the span of the whole element:
such a lint matches any prediction inside that span). Matching is one-to-one, nearest first.

Lints that come from template output (``from_template``) are excluded: wikilint sees only the
page, and the oracle rendered stub templates. A prediction that falls inside an excluded lint's
span of the same type is neither right nor wrong (counted as ``neutral``).

The oracle's MediaWiki ran without the TimedMediaHandler extension that every Wikimedia wiki
runs, so it calls ``thumbtime=``/``start=``/``end=`` on a video or audio file bogus; those
``bogus-image-options`` lints are excluded too (:func:`_needs_timedmediahandler`).

Only categories some selected rule predicts are scored; the others are listed as uncovered.
Used by ``benchmarks/parsoid_conformance.py`` and ``tests/test_markup_conformance.py``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Expected",
    "Predicted",
    "Disagreement",
    "CategoryStats",
    "ConformanceReport",
    "load_oracle",
    "load_parsoid_cases",
    "site_for_wiki",
    "predict",
    "run_corpus_conformance",
    "run_case_conformance",
]

DEFAULT_TOLERANCE = 3

#: The lint types Parsoid 0.16.6 (the oracle's version) has code for. A prediction of another
#: type (added to Parsoid later, e.g. empty-heading) cannot be checked on the corpus.
ORACLE_TYPES = frozenset(
    {
        "missing-end-tag", "obsolete-tag", "stripped-tag", "misnested-tag", "bogus-image-options",
        "wikilink-in-extlink", "tidy-font-bug", "fostered", "multiple-unclosed-formatting-tags",
        "deletable-table-tag", "html5-misnesting", "self-closed-tag", "pwrap-bug-workaround",
        "tidy-whitespace-bug", "unclosed-quotes-in-heading", "multiline-html-table-in-list",
        "misc-tidy-replacement-issues", "multi-colon-escape",
    }
)


@dataclass(frozen=True)
class Expected:
    page: str
    type: str
    start: int | None  # None: the position is unknown (test asserted only the type)
    end: int | None
    contains: bool = False  # the span is a container (<poem>): any prediction inside matches


@dataclass(frozen=True)
class Predicted:
    page: str
    type: str
    start: int
    end: int
    code: str
    message: str


@dataclass
class Disagreement:
    kind: str  # "missed" (expected, not predicted) or "extra" (predicted, not expected)
    page: str
    type: str
    start: int | None
    end: int | None
    detail: str = ""
    context: str = ""


@dataclass
class CategoryStats:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    neutral: int = 0
    excluded: int = 0  # expected lints excluded (template output)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def expected(self) -> int:
        return self.tp + self.fn


@dataclass
class ConformanceReport:
    title: str
    categories: dict[str, CategoryStats] = field(default_factory=dict)
    uncovered: Counter[str] = field(default_factory=Counter)  # expected lints no rule predicts
    disagreements: list[Disagreement] = field(default_factory=list)
    units: int = 0  # pages or cases scored
    unscored: list[str] = field(default_factory=list)  # predicted types the source cannot check

    def stats(self, lint_type: str) -> CategoryStats:
        return self.categories.setdefault(lint_type, CategoryStats())

    @property
    def overall(self) -> CategoryStats:
        total = CategoryStats()
        for s in self.categories.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
            total.neutral += s.neutral
            total.excluded += s.excluded
        return total

    def format(self, disagreements: bool = False, limit: int | None = None, only: str | None = None) -> str:
        head = f"{'category':36} {'expect':>6} {'tp':>5} {'fp':>5} {'fn':>5} {'neutr':>5} {'excl':>5} {'prec':>7} {'recall':>7}"
        lines = [f"== {self.title} ({self.units} scored)", head]
        for name in sorted(self.categories):
            s = self.categories[name]
            lines.append(
                f"{name:36} {s.expected:6d} {s.tp:5d} {s.fp:5d} {s.fn:5d} {s.neutral:5d} {s.excluded:5d} "
                f"{s.precision:7.1%} {s.recall:7.1%}"
            )
        o = self.overall
        lines.append(
            f"{'OVERALL':36} {o.expected:6d} {o.tp:5d} {o.fp:5d} {o.fn:5d} {o.neutral:5d} {o.excluded:5d} "
            f"{o.precision:7.1%} {o.recall:7.1%}"
        )
        if self.uncovered:
            lines.append(
                "not predicted by any selected rule: "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.uncovered.items()))
            )
        if self.unscored:
            lines.append("predicted but not checkable here (the oracle's Parsoid has no such lint): " + ", ".join(self.unscored))
        if disagreements:
            shown = [d for d in self.disagreements if only is None or d.type == only]
            for d in shown[: limit if limit is not None else len(shown)]:
                where = f"{d.start}-{d.end}" if d.start is not None else "?"
                lines.append(f"{d.kind.upper():6} {d.type:28} {d.page} @{where} {d.detail}")
                if d.context:
                    lines.append(f"         {d.context}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------- loading
def load_oracle(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_parsoid_cases(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_manifest(pages_dir: str | Path) -> dict[str, str]:
    """``file -> wiki`` from the corpus manifest."""
    out: dict[str, str] = {}
    manifest = Path(pages_dir) / "manifest.tsv"
    if manifest.is_file():
        with open(manifest, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                out[row["file"]] = row["wiki"]
    return out


def site_for_wiki(wiki: str | None) -> str:
    """The site profile to lint a page of *wiki* with: ``<wiki>wiki`` when wikilint ships one,
    otherwise the neutral ``default`` profile."""
    from .sites import available_sites

    if wiki:
        name = f"{wiki}wiki"
        if name in available_sites():
            return name
    return "default"


def _read_page(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


# ---------------------------------------------------------------------------- predicting
class _Predictor:
    """One Linter per site profile, over the rules that predict lint types."""

    def __init__(self, select: Sequence[str] | None) -> None:
        from .registry import get_registry

        reg = get_registry()
        if select is None:
            self.codes = [c for c, r in sorted(reg.rules.items()) if r.lint_types]
        else:
            chosen: set[str] = set()
            for sel in select:
                chosen |= reg.resolve(sel, "conformance")
            self.codes = sorted(chosen)
        self.types: set[str] = set()
        for c in self.codes:
            self.types.update(reg.rules[c].lint_types)
        self._linters: dict[str, Any] = {}

    def linter(self, site: str) -> Any:
        from .linter import Linter, LintSettings

        if site not in self._linters:
            self._linters[site] = Linter(LintSettings(select=list(self.codes), site=site, suppressions=False))
        return self._linters[site]

    def predict(self, text: str, page: str, site: str) -> list[Predicted]:
        if not self.codes:
            return []
        diags = self.linter(site).lint(text, page)
        return [
            Predicted(page, d.lint_type, d.start, d.end, d.code, d.message)
            for d in diags
            if d.lint_type
        ]


def predict(text: str, site: str = "default", select: Sequence[str] | None = None) -> list[Predicted]:
    """Predicted lints for one text (all lint-typed rules unless *select* is given)."""
    return _Predictor(select).predict(text, "-", site)


# ---------------------------------------------------------------------------- matching
def _context(text: str | None, start: int | None, end: int | None, width: int = 40) -> str:
    if text is None or start is None:
        return ""
    end = end if end is not None else start
    snippet = text[max(0, start - width) : start] + "⟦" + text[start : min(end, start + 80)] + "⟧" + text[end : end + width]
    return snippet.replace("\n", "⏎")


def _match(
    report: ConformanceReport,
    page: str,
    text: str | None,
    expected: list[Expected],
    excluded: list[Expected],
    predicted: list[Predicted],
    types: set[str],
    tolerance: int,
    complete: set[str] | None = None,
) -> None:
    """Score one page/case. *complete*: types whose expectation is complete (None = all), so
    an unmatched prediction of another type is not counted as wrong."""
    by_type_exp: dict[str, list[Expected]] = defaultdict(list)
    for e in expected:
        if e.type in types:
            by_type_exp[e.type].append(e)
        else:
            report.uncovered[e.type] += 1
    for e in excluded:
        if e.type in types:
            report.stats(e.type).excluded += 1
    by_type_pred: dict[str, list[Predicted]] = defaultdict(list)
    for p in predicted:
        by_type_pred[p.type].append(p)
    for t in sorted(set(by_type_exp) | set(by_type_pred)):
        stats = report.stats(t)
        exps = by_type_exp.get(t, [])
        preds = sorted(by_type_pred.get(t, []), key=lambda p: p.start)
        used = [False] * len(preds)
        unmatched_exp: list[Expected] = []
        # positioned expectations first (nearest start), then containers, then unpositioned
        order = sorted(exps, key=lambda e: (e.start is None, e.contains, e.start or 0))
        for e in order:
            best = None
            best_d = None
            for i, p in enumerate(preds):
                if used[i]:
                    continue
                if e.start is None:
                    d = 0
                elif e.contains:
                    if not (e.start <= p.start and p.end <= (e.end or e.start)):
                        continue
                    d = 0
                else:
                    d = abs(p.start - e.start)
                    if d > tolerance:
                        continue
                if best_d is None or d < best_d:
                    best, best_d = i, d
                    if d == 0:
                        break
            if best is None:
                unmatched_exp.append(e)
            else:
                used[best] = True
                stats.tp += 1
        for e in unmatched_exp:
            stats.fn += 1
            report.disagreements.append(
                Disagreement("missed", page, t, e.start, e.end, "", _context(text, e.start, e.end))
            )
        ex_spans = [(e.start, e.end) for e in excluded if e.type == t and e.start is not None]
        for i, p in enumerate(preds):
            if used[i]:
                continue
            if any(s <= p.start and p.end <= (en if en is not None else s) for s, en in ex_spans):
                stats.neutral += 1
                continue
            if complete is not None and t not in complete:
                stats.neutral += 1
                continue
            stats.fp += 1
            report.disagreements.append(
                Disagreement("extra", page, t, p.start, p.end, f"{p.code}: {p.message}", _context(text, p.start, p.end))
            )


# ---------------------------------------------------------------------------- the corpus
def _needs_timedmediahandler(kind: str, text: str, start: int | None, end: int | None) -> bool:
    """Whether a ``bogus-image-options`` lint is a link to a video or audio file whose only bogus
    options are TimedMediaHandler's (the oracle's MediaWiki lacks that extension)."""
    if kind != "bogus-image-options" or start is None or end is None:
        return False
    from .rules.markup.bogus_image_options import _TMH_OPTION, is_media_file

    link = text[start:end]
    if not link.startswith("[[") or "|" not in link:
        return False
    target, *options = link[2:].rstrip("]").split("|")
    return is_media_file(target) and any(_TMH_OPTION.fullmatch(o.strip()) for o in options)


def run_corpus_conformance(
    oracle_path: str | Path,
    pages_dir: str | Path,
    select: Sequence[str] | None = None,
    tolerance: int = DEFAULT_TOLERANCE,
    files: Iterable[str] | None = None,
) -> ConformanceReport:
    """Score the selected rules (default: every rule with ``lint_types``) against the oracle."""
    pages_dir = Path(pages_dir)
    predictor = _Predictor(select)
    manifest = load_manifest(pages_dir)
    wanted = set(files) if files is not None else None
    report = ConformanceReport("Parsoid 0.16.6 on the corpus pages (template output excluded)")
    for rec in load_oracle(oracle_path):
        page = rec["file"]
        if wanted is not None and page not in wanted:
            continue
        path = pages_dir / page
        if not path.is_file():
            continue
        text = _read_page(path)
        site = site_for_wiki(rec.get("wiki") or manifest.get(page))
        expected: list[Expected] = []
        excluded: list[Expected] = []
        for lint in rec.get("lints") or []:
            start, end = lint["start"], lint["end"]
            e = Expected(page, lint["type"], start, end, contains=text.startswith("<poem", start))
            out = lint.get("from_template") or _needs_timedmediahandler(lint["type"], text, start, end)
            (excluded if out else expected).append(e)
        preds = [p for p in predictor.predict(text, page, site) if p.type in ORACLE_TYPES]
        report.units += 1
        _match(report, page, text, expected, excluded, preds, predictor.types & ORACLE_TYPES, tolerance)
    for t in predictor.types & ORACLE_TYPES:
        report.stats(t)
    report.unscored = sorted(predictor.types - ORACLE_TYPES)
    return report


# ---------------------------------------------------------------------------- Parsoid's tests
def _case_completeness(case: dict[str, Any], types: set[str]) -> set[str]:
    """The lint types for which the case pins the complete expected result."""
    complete: set[str] = set(case.get("absent_types") or [])
    lints = case.get("lints") or []
    count = case.get("expected_count")
    if case.get("call") == "expectEmptyResults":
        return set(types)
    if count is None:
        return complete
    asserted_all = len(lints) == count and all(entry.get("type") for entry in lints)
    if not asserted_all:
        return complete
    if case.get("filter_type"):
        complete.add(case["filter_type"])
    else:
        complete |= set(types)
    return complete


def run_case_conformance(
    cases_path: str | Path,
    select: Sequence[str] | None = None,
    tolerance: int = DEFAULT_TOLERANCE,
    site: str = "default",
) -> ConformanceReport:
    """Score the selected rules against Parsoid's LinterTest expectations.

    Lints with ``templateInfo`` (template or parser-function output) are excluded. A predicted
    lint counts as wrong only where the case pins the complete result for its type
    (``expectEmptyResults``, an asserted count with every index asserted, ``absent_types``);
    elsewhere an unmatched prediction is neutral. Expected lints without a ``dsr`` match by type.
    """
    predictor = _Predictor(select)
    report = ConformanceReport("Parsoid's LinterTest cases (template output excluded)")
    for n, case in enumerate(load_parsoid_cases(cases_path)):
        if case.get("linter_overrides") or case.get("namespace") not in (None, 0):
            continue  # site settings and page namespaces wikilint does not model
        text = case["wikitext"]
        page = f"case#{n} {case.get('test')}:{case.get('line')}"
        expected: list[Expected] = []
        excluded: list[Expected] = []
        for lint in case.get("lints") or []:
            t = lint.get("type")
            if not t:
                continue
            dsr = lint.get("dsr")
            start, end = (dsr[0], dsr[1]) if dsr else (None, None)
            # ascii wikitext: byte offsets are code-point offsets
            e = Expected(page, t, start, end)
            # template output: templateInfo asserted, or a transclusion-wide span (null widths)
            tpl_span = dsr is not None and dsr[2] is None and dsr[3] is None and "{{" in text[dsr[0] : dsr[1]]
            if lint.get("templateInfo") is not None or tpl_span:
                excluded.append(e)
            else:
                expected.append(e)
        preds = predictor.predict(text, page, site)
        report.units += 1
        complete = _case_completeness(case, predictor.types)
        _match(report, page, text, expected, excluded, preds, predictor.types, tolerance, complete)
    for t in predictor.types:
        report.stats(t)
    return report
