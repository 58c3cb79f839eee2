"""Invariants over every page of the real corpus (../shared/corpora/pages): linting never
raises, fixing is idempotent and re-lints clean of the fixed problems, and fixes keep every
character outside their edits."""

import collections

import pytest

from corpus import corpus_files, read_page
from wikilint import Linter, LintSettings, fix_text
from wikilint.fixer import apply_edits, select_fixes
from wikilint.model import Applicability

FILES = corpus_files()
pytestmark = pytest.mark.skipif(not FILES, reason="corpus ../shared/corpora/pages not present")


def _site_for(path):
    wiki = path.parent.name
    return "zhwiki" if wiki == "zh" else "enwiki"


@pytest.fixture(scope="module")
def linters():
    return {site: Linter(LintSettings(select=["ALL"], site=site)) for site in ("enwiki", "zhwiki")}


def test_lint_never_raises_and_counts(linters):
    crashes = []
    per_rule = collections.Counter()
    for path in FILES:
        diags = linters[_site_for(path)].lint(read_page(path), str(path))
        for d in diags:
            per_rule[d.code] += 1
            if d.code == "WL002":
                crashes.append(f"{path}: {d.message}")
    assert not crashes, "\n".join(crashes[:10])
    print("\nper-rule counts:", dict(sorted(per_rule.items())))


def test_one_pass_keeps_text_outside_edits(linters):
    """For each page, apply one pass of (unsafe) fixes and check that every character outside
    the edited ranges is still there, in order, between the replacements."""
    checked = 0
    for path in FILES:
        text = read_page(path)
        linter = linters[_site_for(path)]
        chosen = select_fixes(linter.lint(text, str(path)), Applicability.UNSAFE)
        if not chosen:
            continue
        edits = sorted(e for _, fix in chosen for e in fix.edits)
        out = apply_edits(text, edits)
        pos_in = pos_out = 0
        for e in edits:
            keep = text[pos_in : e.start]
            assert out[pos_out : pos_out + len(keep)] == keep, path
            pos_out += len(keep)
            assert out[pos_out : pos_out + len(e.replacement)] == e.replacement, path
            pos_out += len(e.replacement)
            pos_in = e.end
        assert out[pos_out:] == text[pos_in:], path
        checked += 1
    assert checked > 0


def test_fix_is_idempotent_and_fixes_what_it_applied(linters):
    not_idempotent = []
    changed = 0
    for path in FILES:
        text = read_page(path)
        linter = linters[_site_for(path)]
        res = fix_text(linter, text, str(path), unsafe=True)
        if res.text == text:
            continue
        changed += 1
        again = fix_text(linter, res.text, str(path), unsafe=True)
        if again.text != res.text:
            not_idempotent.append(str(path))
    assert not not_idempotent, f"{len(not_idempotent)} pages: {not_idempotent[:5]}"
    assert changed > 0
