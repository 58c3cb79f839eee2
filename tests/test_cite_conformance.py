"""Conformance of the reference model with MediaWiki's Cite extension."""


import pytest

from wikilint.conformance import predict_keys, run_cite_conformance, run_rule_conformance

from conftest import SHARED

CASES = SHARED / "corpora" / "cite" / "cases.jsonl"


@pytest.mark.skipif(not CASES.is_file(), reason=f"Cite parser tests not found at {CASES}")
def test_cite_parser_tests_agreement():
    report = run_cite_conformance(CASES)
    assert len(report.results) > 200
    assert report.agreement >= 0.98, report.format()
    # every key that occurs in the tests is predicted with perfect recall
    for key, stats in report.per_key().items():
        assert stats["recall"] >= 0.9, (key, stats)


@pytest.mark.skipif(not CASES.is_file(), reason=f"Cite parser tests not found at {CASES}")
def test_rule_diagnostics_agreement():
    """The keys users see (the diagnostics of the WL5xx rules) agree with MediaWiki too."""
    report = run_rule_conformance(CASES)
    assert len(report.results) > 200
    assert report.agreement >= 0.98, report.format()


# Cases of Cite's Validator unit tests that no parser test covers, written as wikitext
# (research/cite.md §3). Legacy-parser keys.
VALIDATOR_CASES = [
    ('<ref name="1"/>', {"cite_error_ref_numeric_key"}),
    ('<ref follow="1">t</ref>', {"cite_error_ref_numeric_key"}),
    ('<ref name="n" follow="f">t</ref>', {"cite_error_ref_follow_conflicts"}),
    ('<ref name="0" follow="f">t</ref>', {"cite_error_ref_numeric_key"}),
    ('<ref follow="f" details="0">t</ref>', {"cite_error_ref_follow_conflicts"}, True),
    ("<ref>t</ref>", set()),
    ('<ref name="">t</ref>', set()),
    ("<ref></ref>", {"cite_error_ref_no_input"}),
    ("<ref/>", {"cite_error_ref_no_key"}),
    ('<ref name="n">Foo <ref name="bar"></ref>', {"cite_error_included_ref"}),
    ('<ref name="n">Foo <nowiki><ref name="bar"></nowiki> x</ref>', set()),
    ('<ref name="n">Foo <!-- <ref name="bar"> --> x</ref>', set()),
    ('<ref name="x" dir="rtl">t</ref><ref name="y" dir="auto">u</ref>', set()),
    ('<ref dir="foobar">t</ref>', {"cite_error_ref_invalid_dir"}),
    ('<ref gruop="x">t</ref>', {"cite_error_ref_parameter_suggestion"}),
    ('<ref folow="x">t</ref>', {"cite_error_ref_parameter_suggestion"}),
    ('<ref nosame="x">t</ref>', {"cite_error_ref_parameter_suggestion"}),
    ('<ref GROU="x">t</ref>', {"cite_error_ref_parameter_suggestion"}),
    ('<ref nonsense="x">t</ref>', {"cite_error_ref_too_many_keys"}),
    ('<ref name="n"/><references group="g1"><ref group="g2" name="n">t</ref></references>',
     {"cite_error_references_group_mismatch", "cite_error_references_no_text"}),
    ('<references group="g"><ref>t</ref></references>', {"cite_error_references_no_key"}),
    ('<ref name="n" group="g"/><references group="g"><ref name="n"></ref></references>',
     {"cite_error_empty_references_define", "cite_error_references_no_text"}),
    ('<references group="g"><ref name="n2">x</ref></references>', {"cite_error_references_missing_key"}),
]


@pytest.mark.parametrize("case", VALIDATOR_CASES, ids=[c[0] for c in VALIDATOR_CASES])
def test_validator_equivalents(case):
    text, expected = case[0], case[1]
    options = {"cite_sub_referencing": bool(case[2]) if len(case) > 2 else False}
    assert predict_keys(text, "legacy", options) == expected


ORACLE = SHARED / "corpora" / "mediawiki" / "oracle.jsonl"
PAGES = SHARED / "corpora" / "pages"


@pytest.mark.skipif(not ORACLE.is_file(), reason=f"MediaWiki oracle not found at {ORACLE}")
def test_real_mediawiki_cite_messages():
    """The reference model against the Cite messages real MediaWiki printed for the corpus
    pages (issue 8 item 3). Pages without stub caveats: every message, per key."""
    from wikilint.conformance import run_oracle_conformance

    report = run_oracle_conformance(ORACLE, PAGES)
    assert report.pages == 2041
    total = report.totals()
    assert total["tp"] + total["fn"] >= 45, report.format()
    assert total["precision"] >= 0.98 and total["recall"] >= 0.98, report.format()
    for key in ("cite_error_references_no_text", "cite_error_references_duplicate_key"):
        stats = report.per_key()[key]
        assert stats["precision"] == 1.0 and stats["recall"] == 1.0, (key, report.format())
    # with caveats (stubbed footnote templates) group messages are less certain, yet close
    caveat = report.totals(caveat=True)
    assert caveat["recall"] >= 0.95 and caveat["precision"] >= 0.9, report.format()
