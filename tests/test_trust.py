"""Issue 8 (trust): behaviour that the per-rule YAML cases cannot show on their own."""

from wikilint.linter import Linter, LintSettings

EMPTY_PUBLISHER = "<ref>{{cite web|url=http://x.example/|title=A|publisher=|accessdate=25 October 2014}}</ref>\n{{Reflist}}\n"


def test_empty_citation_parameter_is_off_by_default():
    """WL604 reports something no reader sees: it runs only when selected (item 4)."""
    default = Linter(LintSettings())
    assert "WL604" not in {d.code for d in default.lint(EMPTY_PUBLISHER, "a.wiki")}
    chosen = Linter(LintSettings(extend_select=["WL604"]))
    assert [d.code for d in chosen.lint(EMPTY_PUBLISHER, "a.wiki")] == ["WL604"]
