"""The fixer: non-overlapping edits, fixed point, cycles named, nothing outside edits."""

import random

import pytest

from wikilint import Edit, Fix, Linter, LintSettings, Rule, apply_edits, fix_text
from wikilint.fixer import FixCycleError, select_fixes
from wikilint.model import Applicability, FixAvailability
from wikilint.registry import Registry


def test_apply_edits_orders_and_keeps_outside_text():
    text = "0123456789"
    assert apply_edits(text, [Edit(8, 9, "X"), Edit(1, 3, "")]) == "034567X9"
    assert apply_edits(text, [Edit(0, 0, "<"), Edit(10, 10, ">")]) == "<0123456789>"
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(1, 5, "a"), Edit(4, 6, "b")])


def test_apply_edits_random_outside_unchanged():
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice("ab\n{|}") for _ in range(60))
        points = sorted(rng.sample(range(61), 6))
        edits = [Edit(points[i], points[i + 1], rng.choice(["", "X", "YY"])) for i in range(0, 6, 2)]
        out = apply_edits(text, edits)
        # Text before the first edit and after the last one is untouched.
        assert out.startswith(text[: edits[0].start])
        assert out.endswith(text[edits[-1].end :])


class _Upper(Rule):
    """Lower-case letter x.

    ## What it does
    test
    """

    code = "TST100"
    name = "lower-x"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc):
        for i, ch in enumerate(doc.text):
            if ch == "x":
                yield self.report(doc, i, i + 1, "lower x", fix=Fix.safe("Upper-case it", Edit(i, i + 1, "X")))


class _WholeWord(Rule):
    """Overlapping fix.

    ## What it does
    test
    """

    code = "TST101"
    name = "whole-word"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc):
        if "xx" in doc.text:
            i = doc.text.index("xx")
            yield self.report(doc, i, i + 2, "xx", fix=Fix.unsafe("Replace", Edit(i, i + 2, "yy")))


class _Flip(Rule):
    """Cycles a <-> b.

    ## What it does
    test
    """

    code = "TST102"
    name = "flip"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc):
        i = doc.text.find("a")
        j = doc.text.find("b")
        if i >= 0:
            yield self.report(doc, i, i + 1, "a", fix=Fix.safe("to b", Edit(i, i + 1, "b")))
        elif j >= 0:
            yield self.report(doc, j, j + 1, "b", fix=Fix.safe("to a", Edit(j, j + 1, "a")))


def _linter(*rules):
    reg = Registry()
    for r in rules:
        reg.add(r, "test")
    return Linter(LintSettings(select=[r.code for r in rules], suppressions=False), registry=reg)


def test_fixed_point_and_idempotence():
    linter = _linter(_Upper)
    res = fix_text(linter, "axbxc\nx")
    assert res.text == "aXbXc\nX"
    assert len(res.applied) == 3
    assert fix_text(linter, res.text).text == res.text


def test_unsafe_only_when_asked_and_overlaps_skipped():
    linter = _linter(_Upper, _WholeWord)
    assert fix_text(linter, "axx").text == "aXX"
    # With unsafe fixes the overlapping fixes of one pass cannot both apply; the fixer
    # applies the first and re-lints, so the result is still a fixed point.
    out = fix_text(linter, "axx", unsafe=True).text
    assert out in ("aXX", "ayy")
    assert fix_text(linter, out, unsafe=True).text == out


def test_cycle_names_the_rule():
    linter = _linter(_Flip)
    with pytest.raises(FixCycleError) as info:
        fix_text(linter, "a")
    assert "TST102" in str(info.value)


def test_select_fixes_respects_threshold():
    linter = _linter(_Upper, _WholeWord)
    diags = linter.lint("xx")
    assert {d.code for _, d in [(f, d) for d, f in select_fixes(diags, Applicability.SAFE)]} == {"TST100"}


def test_unparsable_page_is_never_fixed(monkeypatch):
    import wikilint.tree as tree

    def boom(toks, text):
        raise tree.TreeError("simulated")

    class TextOnlyUpper(_Upper):
        """Lower-case letter x, checked even on unparsable pages.

        ## What it does
        test
        """

        code = "TST103"
        name = "lower-x-text"
        text_only = True

    monkeypatch.setattr(tree, "build", boom)
    linter = _linter(TextOnlyUpper)
    diags = linter.lint("x")
    assert [d.code for d in diags] == ["TST103"]  # it reports ...
    res = fix_text(linter, "x")
    assert res.text == "x"  # ... but a page that cannot be parsed is never fixed
    assert not res.applied
