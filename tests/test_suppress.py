"""Inline suppression directives, with WL601 (dead-link) as the rule being suppressed.

Every directive form, the markdownlint "takes effect from its own line" semantics, codes /
names / prefixes, nowiki, unused and invalid directives, and --disable-inline-config.
"""

from __future__ import annotations

import pytest

from wikilint.fixer import fix_text
from wikilint.linter import Linter, LintSettings

DL = "[http://x.example/ x]{{dead link}}"


def lint(text: str, select=("WL601", "WL003", "WL004"), suppressions: bool = True):
    linter = Linter(LintSettings(select=list(select), suppressions=suppressions))
    return [(d.line, d.code) for d in linter.lint(text, "t.wiki")]


def test_no_directive_reports_everything():
    assert lint(f"{DL}\n{DL}\n") == [(1, "WL601"), (2, "WL601")]


@pytest.mark.parametrize("entry", ["", " WL601", " dead-link", " WL6", " wl601", " ALL", " WL601,", " WL601 -- archived copy requested"])
def test_disable_line_forms(entry):
    text = f"{DL} <!-- wikilint-disable-line{entry} -->\n{DL}\n"
    assert lint(text) == [(2, "WL601")]


def test_disable_line_with_list_of_codes_and_names():
    text = f"{DL} <!-- wikilint-disable-line WL003, dead-link -->\n"
    assert lint(text) == []


def test_disable_next_line():
    text = f"<!-- wikilint-disable-next-line WL601 -->\n{DL}\n{DL}\n"
    assert lint(text) == [(3, "WL601")]


def test_disable_next_line_after_multiline_comment():
    text = f"<!-- wikilint-disable-next-line\n  WL601 -->\n{DL}\n"
    assert lint(text) == []


def test_disable_enable_range_takes_effect_from_own_line():
    text = (
        f"{DL}\n"  # 1 reported
        f"{DL} <!-- wikilint-disable WL601 -->\n"  # 2 suppressed: the directive covers its own line
        f"{DL}\n"  # 3 suppressed
        f"{DL} <!-- wikilint-enable WL601 -->\n"  # 4 reported: enabled from its own line
        f"{DL}\n"  # 5 reported
    )
    assert lint(text) == [(1, "WL601"), (4, "WL601"), (5, "WL601")]


def test_blanket_disable_then_enable_one_rule():
    text = f"<!-- wikilint-disable -->\n{DL}\n<!-- wikilint-enable dead-link -->\n{DL}\n"
    assert lint(text) == [(4, "WL601")]


def test_disable_without_enable_runs_to_end_of_file():
    text = f"{DL}\n<!-- wikilint-disable WL601 -->\n{DL}\n\n{DL}\n"
    assert lint(text) == [(1, "WL601")]


def test_disable_file_anywhere():
    text = f"{DL}\n{DL}\n<!-- wikilint-disable-file WL601 -->\n"
    assert lint(text) == []


def test_directive_in_ref_and_template_still_counts():
    text = f"Claim.<ref>{DL}<!-- wikilint-disable-line WL601 --></ref>\n"
    assert lint(text) == []


@pytest.mark.parametrize("wrapper", ["<nowiki>{}</nowiki>", "<pre>{}</pre>", "<syntaxhighlight>{}</syntaxhighlight>"])
def test_comment_in_raw_tag_is_not_a_directive(wrapper):
    text = wrapper.format("<!-- wikilint-disable-file -->") + f"\n{DL}\n"
    assert lint(text) == [(2, "WL601")]


def test_unclosed_comment_is_not_a_directive():
    text = f"{DL}\n<!-- wikilint-disable-file"
    assert lint(text, select=["WL601", "WL003", "WL004"]) == [(1, "WL601")]


def test_directives_match_the_diagnostic_start_line():
    # The dead-link template starts on line 1 and ends on line 2; line 2's directive misses it.
    text = "[http://x.example/ x]{{dead link\n|date=May 2020}} <!-- wikilint-disable-line WL601 -->\n"
    assert lint(text) == [(1, "WL601"), (2, "WL003")]


def test_unused_directives_reported():
    text = (
        "Clean line. <!-- wikilint-disable-line WL601 -->\n"  # 1 unused
        f"{DL} <!-- wikilint-disable-line WL601 -->\n"  # 2 used
        "<!-- wikilint-disable-file dead-link -->\n"  # 3 unused (line 2's directive took it)
    )
    assert lint(text) == [(1, "WL003"), (3, "WL003")]


def test_unused_entry_in_a_used_directive_is_reported_and_fixed():
    text = f"{DL} <!-- wikilint-disable-line WL601, WL9 -->\n"
    # WL9 matches no rule at all -> invalid; an entry for a known but unselected rule is not judged.
    assert lint(text) == [(1, "WL004")]
    linter = Linter(LintSettings(select=["WL601", "WL003", "WL004", "WL002"]))
    text = f"{DL} <!-- wikilint-disable-line WL002 WL601 -->\n"
    diags = linter.lint(text, "t.wiki")
    assert [(d.code, d.message) for d in diags] == [
        ("WL003", "Unused suppression: 'WL002' in 'wikilint-disable-line' suppresses nothing")
    ]
    fixed = fix_text(linter, text, "t.wiki").text
    assert fixed == f"{DL} <!-- wikilint-disable-line WL601 -->\n"


def test_unused_not_reported_when_wl003_not_selected():
    text = "Clean line. <!-- wikilint-disable-line -->\n"
    assert lint(text, select=["WL601"]) == []
    assert lint(text, select=["WL601", "WL003"]) == [(1, "WL003")]


def test_entry_for_unselected_rule_is_not_judged():
    text = "Clean line. <!-- wikilint-disable-line WL601 -->\n"
    assert lint(text, select=["WL003"]) == []


def test_fix_removes_unused_directive_line_and_keeps_the_rest():
    linter = Linter(LintSettings(select=["WL601", "WL003"]))
    text = f"A\n<!-- wikilint-disable WL601 -->\nB\n<!-- wikilint-enable WL601 -->\n{DL} <!-- wikilint-disable-line WL601 -->\n"
    result = fix_text(linter, text, "t.wiki")
    assert result.text == f"A\nB\n{DL} <!-- wikilint-disable-line WL601 -->\n"
    assert result.remaining == []


def test_invalid_directive_with_only_unknown_entries_disables_nothing():
    text = f"{DL} <!-- wikilint-disable-line WL9999 -->\n"
    assert lint(text) == [(1, "WL601"), (1, "WL004")]


def test_disable_inline_config_ignores_directives():
    text = f"{DL} <!-- wikilint-disable-line WL601 -->\n<!-- wikilint-disabel -->\n"
    assert lint(text, suppressions=False) == [(1, "WL601")]


def test_suppressed_fix_is_not_applied():
    # A suppressed diagnostic's fix must not be applied either: suppression removes it entirely.
    linter = Linter(LintSettings(select=["WL003"]))
    text = "<!-- wikilint-disable-next-line WL003 -->\n<!-- wikilint-disable-line -->\n"
    # line 2's blanket directive is unused, but the report is suppressed by naming WL003.
    assert linter.lint(text, "t.wiki") == []
    assert fix_text(linter, text, "t.wiki").text == text


def test_rule_error_cannot_be_suppressed():
    from wikilint.suppress import UNSUPPRESSIBLE

    assert "WL002" in UNSUPPRESSIBLE
