"""Run every YAML rule case in tests/rules/ (and each rule's docstring example)."""

from pathlib import Path

import pytest

from wikilint.testing import load_cases, run_case

CASE_DIR = Path(__file__).parent / "rules"
CASES = [case for path in sorted(CASE_DIR.glob("*.yml")) for case in load_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case):
    if case.skip:
        pytest.skip(case.skip)
    run_case(case)
