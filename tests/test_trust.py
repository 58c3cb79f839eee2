"""Issue 8 (trust): behaviour that the per-rule YAML cases cannot show on their own."""

from wikilint.linter import Linter, LintSettings

EMPTY_PUBLISHER = "<ref>{{cite web|url=http://x.example/|title=A|publisher=|accessdate=25 October 2014}}</ref>\n{{Reflist}}\n"


def test_empty_citation_parameter_is_off_by_default():
    """WL604 reports something no reader sees: it runs only when selected (item 4)."""
    default = Linter(LintSettings())
    assert "WL604" not in {d.code for d in default.lint(EMPTY_PUBLISHER, "a.wiki")}
    chosen = Linter(LintSettings(extend_select=["WL604"]))
    assert [d.code for d in chosen.lint(EMPTY_PUBLISHER, "a.wiki")] == ["WL604"]


def test_dead_link_and_redundant_tag_report_once():
    """WL601 and WL609 never report the same tag (item 7)."""
    text = (
        "<ref>{{cite web |url=http://x.example/a |title=A |archive-url=https://web.archive.org/web/2016/"
        "http://x.example/a |archive-date=2016-03-03}}{{dead link|date=April 2018}}</ref>\n"
        "<ref>[http://x.example/b B]{{dead link|date=April 2018}}</ref>\n{{Reflist}}\n"
    )
    diags = Linter(LintSettings(select=["WL601", "WL609"])).lint(text, "a.wiki")
    assert sorted((d.line, d.code) for d in diags) == [(1, "WL609"), (2, "WL601")]
