"""The zh seed article (issue 4): what the citation, dead-link and link rules report on it,
and that fixing repairs the safe ones. Reads the copy in examples/zh/ (byte-identical to
../shared/seeds/000_ecf0eb6f5a935991.txt; Wikipedia text, CC BY-SA 4.0, see the README)."""

import re
from pathlib import Path

import pytest

from wikilint import Linter, LintSettings
from wikilint.fixer import fix_text

SEED = Path(__file__).resolve().parent.parent / "examples" / "zh" / "第二次古賽爾戰鬥.wiki"
SELECT = ["WL2", "WL4", "WL6"]
SAFE_FIXED = {"WL401", "WL402", "WL602"}


@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file():
        pytest.fail(f"zh seed example missing: {SEED}")
    text = SEED.read_text(encoding="utf-8")
    linter = Linter(LintSettings(select=SELECT, site="zhwiki"))
    return text, linter, linter.lint(text, "seed.wiki")


def by_code(diags, code):
    return [d for d in diags if d.code == code]


def test_dead_link_with_url(seed):
    _, _, diags = seed
    [dead] = by_code(diags, "WL601")
    assert dead.data["url"] == "https://now.mmedia.me/lb/en/reportsfeatures/qusayr-resisting-all-out-attack"
    assert "date=2018年4月" in dead.message and "fix-attempted=yes" in dead.message
    assert not by_code(diags, "WL610")  # 2018年4月 is the zhwiki format


def test_deadurl_placeholder_and_empty_publisher(seed):
    _, _, diags = seed
    [removed] = by_code(diags, "WL602")
    assert removed.message == "Removed citation parameter |deadurl=yes: use |url-status=dead"
    assert removed.fix is not None and removed.fix.title == "Replace |deadurl=yes with |url-status=dead"
    [placeholder] = by_code(diags, "WL603")
    assert "存档副本" in placeholder.message
    empty = by_code(diags, "WL604")
    assert [d.message for d in empty] == ["Empty citation parameter |publisher="] * 2


def test_bare_url_references(seed):
    text, _, diags = seed
    urls = [d.data["url"] for d in by_code(diags, "WL607")]
    expected = [
        m.group(1)
        for m in re.finditer(r"<ref(?: name=\"[^\"]*\")?>(https?://[^\s<]+)[^<]*</ref>", text)
    ]
    assert urls == expected and len(urls) == 3


def test_redundant_links_and_category_sort_keys(seed):
    text, _, diags = seed
    same = re.findall(r"\[\[([^|\]]+)\|\1\]\]", text)
    plain_links = [t for t in same if not t.startswith("Category:")]
    assert len(by_code(diags, "WL401")) == len(plain_links) == 13
    cats = [t for t in same if t.startswith("Category:")]
    assert len(by_code(diags, "WL402")) == len(cats) == 4


def test_no_false_alarms(seed):
    _, _, diags = seed
    codes = {d.code for d in diags}
    assert codes == {"WL401", "WL402", "WL601", "WL602", "WL603", "WL604", "WL607"}


def test_fix_repairs_safe_ones(seed):
    text, linter, _ = seed
    result = fix_text(linter, text, "seed.wiki")
    fixed = result.text
    assert "|url-status=yes" not in fixed and "|url-status=dead |archiveurl=" in fixed
    assert "[[敘利亞內戰]]和[[古賽爾戰役]]" in fixed
    assert "[[Category:2013年6月]]" in fixed
    after = linter.lint(fixed, "seed.wiki")
    assert not [d for d in after if d.code in SAFE_FIXED]
    # what needs a person is still reported; the empty publisher= goes with --unsafe-fixes
    assert {d.code for d in after} == {"WL601", "WL603", "WL604", "WL607"}
    assert fix_text(linter, fixed, "seed.wiki").text == fixed
    unsafe = fix_text(linter, text, "seed.wiki", unsafe=True).text
    assert "publisher=|" not in unsafe
    assert {d.code for d in linter.lint(unsafe, "seed.wiki")} == {"WL601", "WL603", "WL607"}
