"""Fifth round's shortcuts give the answers of the ways they replace: the factored regex of
extension-tag openers finds what the plain alternation of the names found, the rules' check
of a fix's scripts answers as textscript.translates does, and BrokenRefTag's presence test
for "/ >" leaves its reports alone."""

from __future__ import annotations

import random
import re

import pytest
from corpus import corpus_files, read_page
from wikilint.rules.refs.broken_ref_tag import BrokenRefTag

from wikilint import refs
from wikilint.document import Document
from wikilint.model import Edit, Fix
from wikilint.rule import _may_translate
from wikilint.textscript import translates

# The opener regex as it was: the names, longest first, one alternative each.
_PLAIN = re.compile(
    r"<(?:(!--)|(/?)(" + "|".join(sorted(refs.EXT_TAGS, key=lambda n: (-len(n), n)))
    + r")(?=[\t\n\x0b\x0c\r ]|/>|>))",
    re.IGNORECASE,
)


def _matches(rx: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def test_factored_opener_regex_matches_the_plain_alternation() -> None:
    rng = random.Random(3)
    names = sorted(refs.EXT_TAGS)
    # every name, cut short, run on, in mixed case, before each kind of end
    words = ["", "x", "é", "İ", "K", "ſ", "!--"]
    for name in names:
        words += [name, name.upper(), name[:-1], name + "s", name.capitalize()]
    starts = ["<", "<", "</", "<!--", "", "x"]
    ends = [" ", ">", "/>", "\n", "", "x", "-->", "\t"]
    found = 0
    for _ in range(4000):
        text = "".join(
            rng.choice(starts) + rng.choice(words) + rng.choice(ends) for _ in range(rng.randint(1, 6))
        )
        want = _matches(_PLAIN, text)
        assert _matches(refs._OPEN_RE, text) == want, text
        found += len(want)
    assert found > 1000
    for name in names:  # each name is found, alone and as the prefix of another word
        for end in (" ", ">", "/>", "\t"):
            assert _matches(refs._OPEN_RE, f"<{name}{end}") == _matches(_PLAIN, f"<{name}{end}") != []
        assert _matches(refs._OPEN_RE, f"<{name}x>") == []


FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_factored_opener_regex_on_the_corpus() -> None:
    found = 0
    for path in FILES[::7]:
        text = read_page(path)
        want = _matches(_PLAIN, text)
        assert _matches(refs._OPEN_RE, text) == want, path
        found += len(want)
    assert found


def test_fix_script_check_agrees_with_translates() -> None:
    rng = random.Random(11)
    bits = ["a", "B", " ", "[[", "]]", "|", "1", "é", "Ж", "ж", "中", "文", "ア", "ا", "ह", "ि", "ß", "\u200d"]
    either = set()
    for _ in range(20000):
        old = "".join(rng.choice(bits) for _ in range(rng.randint(0, 8)))
        new = "".join(rng.choice(bits) for _ in range(rng.randint(0, 8)))
        if rng.random() < 0.3:  # new made of old's characters (the shortcut's case)
            new = "".join(rng.sample(old, len(old))) if old else new
        got = _may_translate(old, new)
        assert got == translates(old, new), (old, new)
        either.add(got)
    assert either == {True, False}
    # texts longer than the part translates reads
    long_old = "a" * 5000 + "中"
    for old, new in ((long_old, "中"), ("中" + "a" * 5000, "a中"), ("x" * 4000, "中"), ("中" * 4001, "Ж")):
        assert _may_translate(old, new) == translates(old, new)


def test_safe_fix_demoted_only_when_it_writes_the_pages_script_away() -> None:
    """Rule.report, with the shortcut in front of translates: a fix that only rearranges the
    characters it replaces stays safe; one that writes another script over the page's own is
    made unsafe (as before)."""
    rule = BrokenRefTag()
    text = "中文的文章。" * 50 + "2018年4月"
    doc = Document(text)
    s = text.index("2018年4月")
    e = s + len("2018年4月")
    same = rule.report(doc, s, e, "m", fix=Fix.safe("t", Edit(s, e, "4月2018年")))
    away = rule.report(doc, s, e, "m", fix=Fix.safe("t", Edit(s, e, "April 2018")))
    assert same.fix.applicability.name == "SAFE"
    assert away.fix.applicability.name == "UNSAFE"


@pytest.mark.parametrize(
    "text",
    [
        'A.<ref name="x"/ > B.<ref name="x">Source.</ref>\n',
        'A.<ref name="x"/\t> B.\n',
        'A.<ref name="x"/\u3000> B.<ref name="x">S.</ref>\n',
        'A.<ref name="x"/\x1c> B.<ref name="x">S.</ref>\n',
        'A.<ref name="x"/> B.<ref name="x">S.</ref> / >\n',
        'A.<ref name="x" /> B.\n',
    ],
)
def test_spaced_self_close_found_with_and_without_the_presence_test(text: str, monkeypatch) -> None:
    from wikilint.rules.refs import broken_ref_tag

    def run() -> list:
        return [(d.start, d.end, d.message) for d in BrokenRefTag().check(Document(text))]

    fast = run()

    class Always:
        def search(self, _text: str) -> object:
            return True

    monkeypatch.setattr(broken_ref_tag, "_SPACED_SELF_CLOSE", Always())
    assert run() == fast


@pytest.mark.parametrize(
    ("start", "end", "kwargs"),
    [
        (3, 3, {}),
        (3, 20, {"fix": Fix.safe("t", Edit(3, 5, "x")), "mw_key": "k", "data": {"a": 1}}),
        (0, 31, {"related": [(4, 9, "there"), (25, 30, "and there")], "lint_type": "own"}),
        (12, 13, {"fix": Fix.unsafe("t", Edit(12, 13, ""))}),
    ],
)
def test_report_builds_what_diagnostic_at_builds(start: int, end: int, kwargs: dict) -> None:
    """Rule.report passes Diagnostic's fields in order instead of calling Diagnostic.at with
    keywords: the same Diagnostic, every field."""
    from dataclasses import fields

    from wikilint.model import Diagnostic, Related

    class Typed(BrokenRefTag):
        lint_types = ("one-type",)

    text = "line one\nline two\n\nfour 中文 here\n"
    doc = Document(text, path="p.wiki")
    for rule in (BrokenRefTag(), Typed()):
        got = rule.report(doc, start, end, "msg", **kwargs)
        related = tuple(Related(s, e, m, *doc.line_col(s)) for s, e, m in kwargs.get("related", ()))
        lint_type = kwargs.get("lint_type", rule.lint_types[0] if len(rule.lint_types) == 1 else None)
        want = Diagnostic.at(
            doc, start, end, code=rule.code, name=rule.name, message="msg",
            severity=rule.effective_severity, fix=kwargs.get("fix"), mw_key=kwargs.get("mw_key"),
            lint_type=lint_type, related=related, data=kwargs.get("data"),
        )
        for f in fields(Diagnostic):
            assert getattr(got, f.name) == getattr(want, f.name), f.name


def _last_param_walk(doc: Document, tpl, *keys: str):
    """last_param's first way: a walk over the template's parameters per question."""
    found = None
    for p in tpl.params:
        if p.showkey and doc.param_key(p) in keys:
            found = p
    return found


@pytest.mark.parametrize(
    "text",
    [
        "{{cite web|url=a|archive-url=b|archiveurl=c|title=t|archive-url=d|1=x|title=}}",
        "{{cite web|archiveurl=c|archive-url=b|url-status=dead|deadurl=yes}} {{a|b|c}} {{d}}",
        "{{cite web| title <!-- c --> = t |title=u|script-title=s|trans-title=v}}",
    ]
    + ([read_page(p) for p in FILES[::200]] if FILES else []),
)
def test_last_param_index_equals_the_walk(text: str) -> None:
    from wikilint.rules.citations._common import last_param

    doc = Document(text)
    keys = [("archive-url", "archiveurl"), ("title",), ("url-status", "deadurl", "dead-url", "deadlink"),
            ("script-title", "trans-title"), ("date",), ("1",), ("nothing",)]
    for tpl in doc.templates:
        for ks in keys:
            assert last_param(doc, tpl, *ks) is _last_param_walk(doc, tpl, *ks), (ks, text[tpl.start : tpl.end])


def test_list_template_name_tests_memo_answers_as_the_regexes(monkeypatch) -> None:
    """The name tests of the list-template finder, kept across pages, give the regexes'
    answers, and the memo stays bounded."""
    from wikilint.rules.refs import _base

    names = ["Reflist", "Cite web", "Notelist", "Efn", "Sfn", "Refn", "参考文献", "Примечания",
             "Einzelnachweise", "Infobox person", "Ref", "R", "Citation needed", "Footnotes", "X"]
    if FILES:
        for path in FILES[::100]:
            doc = Document(read_page(path))
            names += [doc.template_name(t) for t in doc.templates]
    for name in names:
        not_list = _base._NOT_LIST.match(name) is not None
        want = (not_list, not not_list and _base._LISTY_NAME.search(name) is not None)
        got = _base._NAME_TESTS.get(name) or _base._name_tests(name)
        assert got == want, name
        assert _base._name_tests(name) == want
    assert any(t[0] for t in map(_base._name_tests, names)) and any(t[1] for t in map(_base._name_tests, names))
    monkeypatch.setattr(_base, "_NAME_TESTS", {})
    monkeypatch.setattr(_base, "_NAME_TESTS_MAX", 50)
    for i in range(500):
        _base._name_tests(f"Template {i}")
        assert len(_base._NAME_TESTS) <= 50
