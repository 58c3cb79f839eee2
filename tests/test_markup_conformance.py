"""Conformance of the markup rules with real Parsoid (MediaWiki's own linter).

The floors below are measured values (rounded down); raise them when a rule improves, never
lower them silently. A category listed here must be predicted by some rule.
"""

from __future__ import annotations

import pytest

from wikilint.markup_conformance import (
    ConformanceReport,
    Expected,
    Predicted,
    _case_completeness,
    _match,
    run_case_conformance,
    run_corpus_conformance,
    site_for_wiki,
)
from wikilint.registry import get_registry

from conftest import SHARED

ORACLE = SHARED / "corpora" / "mediawiki" / "oracle.jsonl"
PAGES = SHARED / "corpora" / "pages"
CASES = SHARED / "corpora" / "parsoid-lint" / "cases.jsonl"

# category -> (precision floor, recall floor) on the corpus (template output excluded)
CORPUS_FLOORS: dict[str, tuple[float, float]] = {}
# category -> (precision floor, recall floor) on Parsoid's LinterTest cases
CASE_FLOORS: dict[str, tuple[float, float]] = {}

# HTML tag and table categories (rules WL101-WL113, WL701-WL704; measured 99.5% / 97.4% overall)
CORPUS_FLOORS.update(
    {
        "missing-end-tag": (0.99, 0.95),
        "obsolete-tag": (0.99, 0.98),
        "misnested-tag": (0.99, 0.97),
        "stripped-tag": (0.95, 0.99),
        "tidy-font-bug": (0.99, 0.99),
        "fostered": (0.99, 0.99),
        "deletable-table-tag": (0.99, 0.99),
        "multiple-unclosed-formatting-tags": (0.99, 0.99),
        "self-closed-tag": (0.99, 0.99),
    }
)
CASE_FLOORS.update(
    {
        "missing-end-tag": (0.99, 0.9),
        "missing-end-tag-in-heading": (0.99, 0.99),
        "stripped-tag": (0.99, 0.75),
        "self-closed-tag": (0.99, 0.99),
        "misnested-tag": (0.99, 0.99),
        "html5-misnesting": (0.99, 0.85),
        "multiple-unclosed-formatting-tags": (0.99, 0.3),
        "obsolete-tag": (0.99, 0.99),
        "tidy-font-bug": (0.99, 0.85),
        "fostered": (0.99, 0.99),
        "deletable-table-tag": (0.99, 0.65),
        "multiline-html-table-in-list": (0.99, 0.99),
        "pwrap-bug-workaround": (0.99, 0.99),
        "misc-tidy-replacement-issues": (0.99, 0.99),
        "duplicate-ids": (0.99, 0.99),
        "large-tables": (0.99, 0.99),
        "night-mode-unaware-background-color": (0.99, 0.99),
    }
)


def _predicted_types() -> set[str]:
    out: set[str] = set()
    for rule in get_registry().rules.values():
        out.update(rule.lint_types)
    return out


def _check_floors(report: ConformanceReport, floors: dict[str, tuple[float, float]]) -> None:
    table = report.format(disagreements=True, limit=60)
    for category, (p_floor, r_floor) in floors.items():
        assert category in report.categories, f"no rule predicts {category}\n{table}"
        s = report.categories[category]
        assert s.precision >= p_floor, (category, s, table)
        assert s.recall >= r_floor, (category, s, table)


def test_every_floor_category_has_a_rule():
    types = _predicted_types()
    for category in {*CORPUS_FLOORS, *CASE_FLOORS}:
        assert category in types, category


@pytest.mark.skipif(not (ORACLE.is_file() and PAGES.is_dir()), reason=f"MediaWiki oracle not found at {ORACLE}")
def test_corpus_conformance_floors():
    report = run_corpus_conformance(ORACLE, PAGES)
    assert report.units == 2041
    _check_floors(report, CORPUS_FLOORS)


@pytest.mark.skipif(not CASES.is_file(), reason=f"Parsoid lint cases not found at {CASES}")
def test_parsoid_case_floors():
    report = run_case_conformance(CASES)
    assert report.units > 150
    _check_floors(report, CASE_FLOORS)


# ---------------------------------------------------------------- the harness itself
def _score(expected, predicted, excluded=(), complete=None, tolerance=3):
    rep = ConformanceReport("t")
    types = {e.type for e in [*expected, *excluded]} | {p.type for p in predicted}
    _match(rep, "p", "x" * 200, list(expected), list(excluded), list(predicted), types, tolerance, complete)
    return rep


def P(t, s, e=None):
    return Predicted("p", t, s, e if e is not None else s + 2, "X1", "m")


def E(t, s, e=None, contains=False):
    return Expected("p", t, s, e if e is not None else s + 2, contains)


def test_match_within_tolerance_one_to_one():
    rep = _score([E("a", 10), E("a", 12)], [P("a", 11), P("a", 30)])
    s = rep.categories["a"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    kinds = sorted((d.kind, d.start) for d in rep.disagreements)
    assert kinds == [("extra", 30), ("missed", 12)]


def test_match_needs_same_type():
    rep = _score([E("a", 10)], [P("b", 10)])
    assert rep.categories["a"].fn == 1 and rep.categories["b"].fp == 1


def test_container_span_matches_inside():
    rep = _score([E("a", 0, 100, contains=True)], [P("a", 50)])
    assert rep.categories["a"].tp == 1


def test_prediction_inside_template_lint_is_neutral():
    rep = _score([], [P("a", 20), P("a", 150)], excluded=[E("a", 10, 60)])
    s = rep.categories["a"]
    assert (s.tp, s.fp, s.neutral, s.excluded) == (0, 1, 1, 1)


def test_incomplete_case_makes_extras_neutral():
    rep = _score([], [P("a", 5)], complete=set())
    assert rep.categories["a"].fp == 0 and rep.categories["a"].neutral == 1
    rep = _score([], [P("a", 5)], complete={"a"})
    assert rep.categories["a"].fp == 1


def test_case_completeness():
    base = {"call": "wtToLint", "absent_types": [], "filter_type": None}
    assert _case_completeness({**base, "call": "expectEmptyResults", "expected_count": 0, "lints": []}, {"a"}) == {"a"}
    two = [{"index": 0, "type": "a"}, {"index": 1, "type": "b"}]
    assert _case_completeness({**base, "expected_count": 2, "lints": two}, {"a", "b"}) == {"a", "b"}
    assert _case_completeness({**base, "expected_count": 3, "lints": two}, {"a", "b"}) == set()
    assert _case_completeness({**base, "expected_count": 2, "lints": two, "filter_type": "a"}, {"a", "b"}) == {"a"}
    assert _case_completeness({**base, "expected_count": None, "lints": [], "absent_types": ["c"]}, {"c"}) == {"c"}


def test_site_for_wiki_falls_back_to_default():
    assert site_for_wiki("en") == "enwiki"
    assert site_for_wiki("xx-nonexistent") == "default"
    assert site_for_wiki(None) == "default"
