"""Rule documentation: docs/rules.md is generated and up to date; every rule's docstring has the
required sections; its Example triggers the rule and its "Use instead" does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikilint.docs import render_rule, render_rules_markdown
from wikilint.linter import Linter, LintSettings
from wikilint.model import FixAvailability
from wikilint.registry import get_registry

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
REGISTRY = get_registry()
BUILTIN = [r for r in REGISTRY.sorted_rules() if getattr(r, "_origin", "builtin") == "builtin"]
# Engine pseudo-rules that no page text can trigger on purpose.
EXEMPT = {"WL001", "WL002"}
DOCUMENTED = [r for r in BUILTIN if r.code not in EXEMPT]
REQUIRED = ("What it does", "Why is this bad?", "Example")


def test_rules_md_is_up_to_date():
    expected = render_rules_markdown(REGISTRY)
    actual = RULES_MD.read_text(encoding="utf-8") if RULES_MD.exists() else ""
    assert actual == expected, (
        "docs/rules.md is out of date; regenerate it with `python -m wikilint.docs docs/rules.md`"
    )


def test_rules_md_lists_every_builtin_rule():
    text = render_rules_markdown(REGISTRY)
    for r in BUILTIN:
        assert f"## {r.code} {r.name}" in text


@pytest.mark.parametrize("rule", BUILTIN, ids=[r.code for r in BUILTIN])
def test_docstring_sections(rule):
    sections = rule.doc_sections()
    missing = [s for s in REQUIRED if not sections.get(s)]
    assert not missing, f"{rule.code}: docstring lacks sections {missing}"
    if rule.fix_availability is not FixAvailability.NONE:
        assert sections.get("Fix safety"), f"{rule.code}: a fixable rule documents its fix safety"
    assert rule.get_summary() and not rule.get_summary().endswith(".")
    rendered = render_rule(rule)
    assert rendered.startswith(f"# {rule.name} ({rule.code})")
    for s in REQUIRED:
        assert f"## {s}" in rendered


def _codes(rule, text: str) -> list[str]:
    linter = Linter(
        LintSettings(
            extend_select=[rule.code],
            site=getattr(rule, "example_site", "enwiki"),
            doc_options=dict(getattr(rule, "example_doc_options", {})),
        )
    )
    return [d.code for d in linter.lint(text, "example.wiki")]


@pytest.mark.parametrize("rule", DOCUMENTED, ids=[r.code for r in DOCUMENTED])
def test_example_triggers_and_use_instead_does_not(rule):
    example, use_instead = rule.examples()
    assert example is not None, f"{rule.code}: the Example section needs a ```wikitext block"
    assert use_instead is not None, f"{rule.code}: the Example section needs a 'Use instead:' ```wikitext block"
    assert rule.code in _codes(rule, example), f"{rule.code}: its Example does not trigger it"
    assert rule.code not in _codes(rule, use_instead), f"{rule.code}: its 'Use instead' triggers it"


def test_rule_command_renders_the_same_docs():
    from typer.testing import CliRunner

    from wikilint.cli import app

    rule = REGISTRY.get("WL003")
    for selector in ("WL003", "unused-suppression", "wl003"):
        result = CliRunner().invoke(app, ["rule", selector])
        assert result.exit_code == 0, result.output
        assert result.stdout.rstrip("\n") == render_rule(rule).rstrip("\n")
    result = CliRunner().invoke(app, ["rule", "WL9999"])
    assert result.exit_code == 2
    assert "unknown rule 'WL9999'" in result.stderr


def test_docs_module_check_mode(tmp_path):
    from wikilint.docs import main

    target = tmp_path / "rules.md"
    assert main(["--check", str(target)]) == 1
    assert main([str(target)]) == 0
    assert main(["--check", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_rules_markdown(REGISTRY)
