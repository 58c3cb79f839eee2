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


def test_fix_that_keeps_its_own_finding_is_rejected():
    # a -> b, then the rule reports b at the same place: the fix does not remove its finding.
    linter = _linter(_Flip)
    res = fix_text(linter, "a")
    assert res.text == "a"
    assert [r.diagnostic.code for r in res.rejected] == ["TST102"]
    assert "still reports" in res.rejected[0].reason
    # The finding stays, without a fix that `fix` would not apply.
    assert [d.code for d in res.remaining] == ["TST102"] and res.remaining[0].fix is None


class _Grow(Rule):
    """Every pass moves an "a" to the end (unsafe): never converges.

    ## What it does
    test
    """

    code = "TST104"
    name = "grow"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc):
        i = doc.text.find("a")
        if i >= 0:
            n = len(doc.text)
            yield self.report(doc, i, i + 1, "a", fix=Fix.unsafe("move", Edit(i, i + 1, "b"), Edit(n, n, "a")))


class _Makes(Rule):
    """A safe fix that creates a finding of another rule (x -> y, and TST106 reports y).

    ## What it does
    test
    """

    code = "TST105"
    name = "makes-y"
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc):
        for i, ch in enumerate(doc.text):
            if ch == "q":
                yield self.report(doc, i, i + 1, "q", fix=Fix.safe("q to y", Edit(i, i + 1, "y")))


class _Y(Rule):
    """Reports the first y of the page, at the start of the page (not where the y is).

    ## What it does
    test
    """

    code = "TST106"
    name = "no-y"

    def check(self, doc):
        if "y" in doc.text:
            yield self.report(doc, 0, 0, "page has a y")


def test_non_converging_fixes_are_given_up_and_the_rest_applied():
    linter = _linter(_Grow, _Upper)
    res = fix_text(linter, "xa", unsafe=True)
    # TST104 never converges: given up on, named with its reason; TST100's fix still applied.
    assert res.text == "Xa"
    assert res.unconverged == {"TST104"}
    assert any("TST104" in n and "did not converge" in n for n in res.notes)
    assert res.lints <= 3 * 60


def test_safe_fix_creating_a_finding_elsewhere_is_found_by_halving():
    # The new TST106 finding is at offset 0, far from the edits: attribution needs bisection.
    linter = _linter(_Makes, _Y, _Upper)
    text = " x" * 20 + " q" + " x" * 20
    res = fix_text(linter, text)
    assert res.text == text.replace("x", "X")  # every harmless fix applied, the culprit not
    assert [r.diagnostic.code for r in res.rejected] == ["TST105"]
    assert "new TST106" in res.rejected[0].reason


def test_fixer_never_raises_for_edits_outside_the_text():
    class Beyond(Rule):
        """Edits past the end.

        ## What it does
        test
        """

        code = "TST107"
        name = "beyond"

        def check(self, doc):
            n = len(doc.text)
            yield self.report(doc, 0, 1, "bad", fix=Fix.safe("past end", Edit(n + 5, n + 6, "z")))

    res = fix_text(_linter(Beyond), "abc")
    assert res.text == "abc" and res.rejected and "outside the text" in res.rejected[0].reason


def test_fixer_cycle_error_kept_for_compatibility():
    assert "TST1" in str(FixCycleError({"TST1"}, "p.wiki"))


def test_select_fixes_respects_threshold():
    linter = _linter(_Upper, _WholeWord)
    diags = linter.lint("xx")
    assert {d.code for _, d in [(f, d) for d, f in select_fixes(diags, Applicability.SAFE)]} == {"TST100"}


def test_unparsable_page_is_never_fixed(monkeypatch):
    import wikilint.tree as tree

    def boom(toks, text, consume=False):
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
