"""The fixer's invariants, for every rule, as a property test over mutated real pages.

For any text: no rule crashes; after a safe fix every rule reports at most as often as before
minus what was fixed (a fix removes its own finding, a safe fix adds none); fixing twice equals
fixing once, with and without unsafe fixes; fixes converge or are given up with a reason.
The long run of the same check is ``scripts/fuzz_fixer.py`` (≥ 100,000 documents).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus import corpus_files, read_page
from wikilint import Linter, LintSettings
from wikilint.fixer import fix_text
from wikilint.testing import FRAGMENTS, MUTATIONS, fixer_violations, mutate

FILES = corpus_files()
LINTER = Linter(LintSettings())

# Inputs the fuzzing campaigns found (issues #14 items 2-4 and #8 item 12), kept as examples.
FOUND = [
    "<ref name=a b name=></ref>",  # WL518 crashed: bad edit range
    "{{citation|deadurl=yes|dead-url=no}}",  # WL602: two url-status=
    "A{<!--wikilint-enable-->{B",  # WL003 would join "{{"
    "<<!--wikilint-disable-next-line dead-link-->ref>x</ref>\n{{reflist}}",  # WL003 would make <ref>
    "x{{ref name=a/>}}\n{{reflist}}",  # WL502 inside a template name
    "<ref di>x</ref>\n{{reflist}}",  # WL506 di -> dir, then WL507
    "Text.<ref>A source.</ref>\n<!-- unclosed comment\n",  # WL519 inside an unclosed <!--
    "<gallery>\nFile:X.jpg|Caption<ref>Source\n</gallery>\n{{reflist}}\n",  # WL513 after </gallery>
    "<ref>" * 25 + "x\n{{reflist}}",  # 25 nested <ref>
    # Found by scripts/fuzz_fixer.py: a safe fix rejected for want of a reference list that an
    # unsafe fix then adds; fixing twice differed from fixing once.
    "Text.<\nref name=\"a\">Source.</ref> More.<ref>B</ref>\n",
    "ref name=\":0\">Source.</ref>\n More.<ref name=\":0\" />\n",
]


@pytest.mark.parametrize("text", FOUND)
def test_found_inputs_keep_the_invariants(text):
    assert fixer_violations(LINTER, text) == []
    for unsafe in (False, True):
        res = fix_text(LINTER, text, unsafe=unsafe)
        assert res.passes <= 16 and res.lints <= 3 * 60


def test_safe_fix_cases_of_issue_14_item_3_are_not_applied_as_before():
    """Each of these used to be damaged by a safe fix."""
    fixed = {t: fix_text(LINTER, t).text for t in FOUND[1:6]}
    assert "url-status=live" not in fixed["{{citation|deadurl=yes|dead-url=no}}"]
    assert fixed["A{<!--wikilint-enable-->{B"] == "A{<!--wikilint-enable-->{B"
    assert "<ref>" not in fixed["<<!--wikilint-disable-next-line dead-link-->ref>x</ref>\n{{reflist}}"].replace("<<!--", "")
    assert "{{<ref" not in fixed["x{{ref name=a/>}}\n{{reflist}}"]
    assert "<ref dir>" not in fixed["<ref di>x</ref>\n{{reflist}}"]
    # WL518's input is linted without a rule crash.
    assert not [d for d in LINTER.lint(FOUND[0]) if d.code == "WL002"]


def _window(text: str, a: float, size: int) -> str:
    start = int(a * max(0, len(text) - size))
    return text[start : start + size]


@pytest.mark.skipif(not FILES, reason="the real corpus (../shared/corpora/pages) is absent")
@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    page=st.integers(min_value=0, max_value=max(0, len(FILES) - 1)),
    where=st.floats(min_value=0, max_value=1),
    size=st.integers(min_value=20, max_value=2500),
    ops=st.lists(
        st.tuples(
            st.sampled_from(MUTATIONS),
            st.floats(min_value=0, max_value=1),
            st.floats(min_value=0, max_value=1),
            st.sampled_from(FRAGMENTS),
        ),
        min_size=1,
        max_size=4,
    ),
)
@example(page=0, where=0.0, size=20, ops=[("insert", 0.0, 0.0, "<ref name=a b name=></ref>")])
def test_fixer_invariants_on_mutated_corpus_pages(page, where, size, ops):
    text = mutate(_window(read_page(FILES[page]), where, size), ops)
    assert fixer_violations(LINTER, text) == [], text
