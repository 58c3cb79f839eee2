"""Sixth round's shortcuts give the answers of the ways they replace: a ref opener's attributes
read by the one-attribute regex are what decode_attrs() reads, and the reference model built
with the shortcuts equals the one built without them."""

from __future__ import annotations

import random

import pytest
from corpus import corpus_files, read_page

from wikilint import Linter, LintSettings, refs
from wikilint.document import Document


def _slow_args(text: str, start: int, end: int) -> dict[str, str]:
    return {a.name: a.value for a in refs.decode_attrs(text, start, end)}


def test_attr_args_matches_decode_attrs() -> None:
    rng = random.Random(6)
    pieces = [" ", "\t", "\n", "\x0c", "\r", "\x0b", "name", "NAME", "group", "n", "=", '"', "'",
              "a", "b c", "&amp;", "&", ">", "/", "<", "é", "x y", "  ", "=x", "ab/cd", "_", "-"]
    shortcut = 0
    spaces = ["", " ", "  ", "\t", "\n", "\x0c", "\r", "\x0b"]
    names = ["name", "group", "NAME", "Name", "n1", "dir", "é", "follow", ""]
    values = ["", "a", "a b", "a&amp;b", "ab/cd", "x=y", "é", "a\x0bb", "'", "a'b", '"', "a>b", "a<b"]
    for i in range(20000):
        if i % 2:  # one attribute, its parts drawn at random
            q = rng.choice(['"', "'", "", '"'])
            body = (rng.choice(spaces) + rng.choice(names) + rng.choice(spaces) + rng.choice(["=", "=", ""])
                    + rng.choice(spaces) + q + rng.choice(values) + rng.choice([q, q, ""]) + rng.choice(spaces))
        else:
            body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        pad = rng.choice(["", "x", "<ref"])
        text = pad + body + rng.choice(["", ">", "/>", "zz"])
        start, end = len(pad), len(pad) + len(body)
        got = refs.attr_args(text, start, end)
        assert got == _slow_args(text, start, end), repr(body)
        assert list(got) == list(_slow_args(text, start, end))
        shortcut += refs._ONE_ATTR.fullmatch(text, start, end) is not None
    assert shortcut > 500  # the shortcut was taken, not only the fallback
    for body in (' name="a"', " name=a", ' name = "a b"', " name=a/b", ' name="a"b', " name=", ' name=""',
                 " group=x ", ' NAME="a"', ' name="a&amp;b"', " name='a'", ' name="a" group="b"',
                 ' name="a"\n', " name=a\"b", " name\t=\n\"x\"\x0c", ' dir="rtl"', " name=\x0bx"):
        assert refs.attr_args(body, 0, len(body)) == _slow_args(body, 0, len(body)), repr(body)


def _model_state(model: refs.RefModel) -> list:
    out: list = [sorted(model.template_names), model.opaque, model.unclosed]
    for r in model.refs:
        out.append((r.start, r.end, r.open_start, r.open_end, r.content_start, r.content_end, dict(r.args),
                    r.group, r.name, r.raw_name, r.nested, r.index, r.via_tag_function,
                    r.in_references.start if r.in_references is not None else None,
                    r.inside_template.start if r.inside_template is not None else None))
    for rl in model.lists:
        out.append((rl.kind, rl.start, rl.end, rl.group, [r.start for r in rl.refs]))
    for mode in ("parsoid", "legacy"):
        out.append([(e.key, e.start, e.end, e.params, e.related) for e in model.cite_errors(mode)])
    return out


FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_ref_model_shortcuts_on_corpus_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    linter = Linter(LintSettings())
    for path in FILES[::7]:
        doc = linter.document(read_page(path), str(path))  # the page's own site
        if doc.parse_error:
            continue
        fast = _model_state(refs.RefModel(doc))
        with monkeypatch.context() as m:
            for switch in _SWITCHES:
                m.setattr(refs, switch, False)
            slow = _model_state(refs.RefModel(doc))
        assert fast == slow, path


_SWITCHES = ("_FAST_ATTR_ARGS",)


class _Always:
    def search(self, _text: str) -> object:
        return True


_BROKEN_PAGES = [
    'A.< ref name="x" /> B.<ref name="x">S.</ref>\n',
    'A.<\tREF name="x">S.</ref>\n',
    'A.<refname="x">S.</ref> <RefGroup=n>T.</ref>\n',
    "A.<ref>S.</ ref> B.<ref>T.< /ref> C.<ref>U.</\tref>\n",
    'A.<ref name="x">S.</ref> ref name="y"/> <ref  name="z" />\n',
    "A.<ref>S.</ref> < b> </ x> <refn>\n",
]


def _broken_reports(doc: Document) -> list:
    from wikilint.rules.refs.broken_ref_tag import BrokenRefTag

    return [(d.start, d.end, d.message, d.fix.title if d.fix else None) for d in BrokenRefTag().check(doc)]


def _compare_broken(doc: Document, monkeypatch: pytest.MonkeyPatch) -> int:
    from wikilint.rules.refs import broken_ref_tag

    fast = _broken_reports(doc)
    with monkeypatch.context() as m:
        m.setattr(broken_ref_tag, "_MAYBE_BROKEN", _Always())
        slow = _broken_reports(doc)
    assert fast == slow
    return len(fast)


def test_broken_ref_presence_test_on_synthetic_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    assert sum(_compare_broken(Document(t), monkeypatch) for t in _BROKEN_PAGES) >= 8


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_broken_ref_presence_test_on_corpus_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    linter = Linter(LintSettings())
    for path in FILES[::5]:
        doc = linter.document(read_page(path), str(path))
        if not doc.parse_error:
            _compare_broken(doc, monkeypatch)
