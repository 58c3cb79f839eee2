"""The rules' shortcuts give the same answer as the slow paths they skip: the Text nodes that
hold a brace or a double bracket, found from the occurrences in the page, are the ones a scan
of every Text node finds (outside comments and raw tags, which the rules skip), and a page whose braces and brackets are all counted as delimiters
has no such node outside the raw spans."""

from __future__ import annotations

import bisect
import re

import pytest

from corpus import corpus_files, read_page
from wikilint import refs
from wikilint.document import Document
from wikilint.rules.links._linkutil import only_markup_delimiters, text_nodes_holding

_ALL = ("{", "}", "[[", "]]")
_BRACKETS = ("[[", "]]")


def _slow(doc: Document, needles: tuple[str, ...]) -> list:
    return list(doc.texts_matching(re.compile("|".join(re.escape(n) for n in needles))))


def _outside_raw(doc: Document, nodes: list) -> list:
    return [n for n in nodes if not doc.in_raw(n.start)]


def _agree(text: str) -> tuple[bool, bool]:
    doc = Document(text)
    if doc.parse_error:
        return True, True
    for needles in (_ALL, _BRACKETS, ("{", "}"), ("]]",)):
        fast, slow = text_nodes_holding(doc, needles), _slow(doc, needles)
        # the same nodes, save that those in comments and raw tags may be left out
        assert _outside_raw(doc, fast) == _outside_raw(doc, slow), (needles, text)
        assert set(fast) <= set(slow), (needles, text)
    clean_all = only_markup_delimiters(doc, braces=True, brackets=True)
    clean_links = only_markup_delimiters(doc, braces=False, brackets=True)
    if clean_all:
        assert not _outside_raw(doc, _slow(doc, _ALL)), text
    if clean_links:
        assert not _outside_raw(doc, _slow(doc, _BRACKETS)), text
    return clean_all, clean_links


@pytest.mark.parametrize(
    ("text", "clean_all", "clean_links"),
    [
        ("{{a|b=[[c]]}} {{{x|{{y}}}}} [[d|e]]", True, True),
        ("{|\n|a\n|}\n[http://x.org y] [[z]]", True, True),
        ("<!-- {{ [[ -->{{a}}<nowiki>}} ]]</nowiki>", True, True),
        ("a { b", False, True),
        ("{{a}} }} [[b]]", False, True),
        ("x [[ y", False, False),
        ("[[[a]]] {{b}}", False, False),
        ("]] [[a]] {{b|]]}}", False, False),
        ("[http://x.org a]] b", False, False),
        ("-{zh:a}- {{b}}", False, True),
        ("{{a|\n{|\n|b\n|}}}", None, True),
        ("[[File:a.png|thumb|[[b]] c]] {{d}}", True, True),
        ("<ref>{{a</ref> [[b", False, False),
        # runs of brackets: a link at either end of a run of three or four
        ("[[File:a.png|thumb|b [[c]]]] {{d}}", True, True),
        ("[[a]]] {{b}}", True, True),
        ("[ [[a]] ]] {{b}}", False, False),
        ("[[[[a]]]] {{b}}", False, False),
        ("[[a|b]]]] {{c}}", False, False),
        ("<!-- [[[ -->[[a]]]]", False, False),
        ("<!-- [[[ ]]] -->[[a]]] {{b}}", True, True),
    ],
)
def test_shortcuts_agree(text: str, clean_all: bool | None, clean_links: bool) -> None:
    got_all, got_links = _agree(text)
    if clean_all is not None:
        assert got_all is clean_all
    assert got_links is clean_links


FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_shortcuts_agree_on_the_corpus() -> None:
    counted = 0
    for path in FILES[::4]:
        clean_all, clean_links = _agree(read_page(path))
        counted += clean_all + clean_links
    assert counted  # the counting shortcut answers on real pages


def test_shortcuts_agree_on_runs_of_brackets() -> None:
    """Bracket soup (runs of three or more, links at either end of a run, in and out of
    comments): whenever the counts call the page clean, a scan of every Text node agrees."""
    import random

    rng = random.Random(5)
    bits = ["[", "]", "[[", "]]", "[[a]]", "[[b|c]]", "a", "|", " ", "{{d}}", "<!--", "-->",
            "<nowiki>", "</nowiki>", "\n"]
    answers = set()
    for _ in range(3000):
        answers.add(_agree("".join(rng.choice(bits) for _ in range(rng.randint(1, 12)))))
    assert {(True, True), (False, False)} <= answers  # both answers occur


def _walk_inside_templates(refs: list, tpls: list) -> list:
    """The reference model's first way: walk back from the last template starting at or before
    each ref, over at most 65 templates."""
    starts = [t.start for t in tpls]
    out = []
    for r in refs:
        i = bisect.bisect_right(starts, r.start) - 1
        best = None
        j = i
        while j >= 0:
            tpl = tpls[j]
            if tpl.start < r.start and r.end <= tpl.end and tpl is not r.template and r.start >= tpl.name_end:
                best = tpl
                break
            j -= 1
            if i - j > 64:
                break
        out.append(best)
    return out


def _same_enclosing(text: str) -> int:
    doc = Document(text)
    if doc.parse_error:
        return 0
    model = doc.refs
    # every template, and a thinned list (as the model's own list leaves some out)
    for tpls in (list(doc.templates), doc.templates[::3]):
        want = _walk_inside_templates(model.refs, tpls)
        refs._set_inside_templates(model.refs, tpls)
        assert [r.inside_template for r in model.refs] == want, text
    return sum(r.inside_template is not None for r in model.refs)


@pytest.mark.parametrize(
    "text",
    [
        "{{a|<ref>x</ref>}} <ref>y</ref> {{b|{{c|<ref>z</ref>}}|<ref>w</ref>}}",
        "{{a|" + "{{b}}" * 70 + "<ref>far</ref>}}",  # the enclosing one is 71 templates back
        "{{a|" + "{{b}}" * 60 + "<ref>near</ref>}}",
        "<ref>{{a</ref>}} {{b|<ref>c}}</ref>",  # refs that cross a template's end
        "{{#tag:ref|x}} {{a|{{#tag:ref|y}}}} {{r|n}}",
        "",
    ],
)
def test_enclosing_template_sweep_equals_walk(text: str) -> None:
    _same_enclosing(text)


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_enclosing_template_sweep_on_the_corpus() -> None:
    assert sum(_same_enclosing(read_page(path)) for path in FILES[1::8])


def test_lost_lt_head_matches_as_re_does() -> None:
    """WL502's head pattern runs on the regex module; it finds what re's pattern finds."""
    from wikilint.rules.refs.broken_ref_tag import _LOST_LT_HEAD

    slow = re.compile(r"ref\s+(?:name|group)\s*=", re.I)
    spaces = [" ", "\t", "\n", "\x0b", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u3000", "\u200b", "\u180e"]
    pieces = [f"{r}{sp}{k}{sp2}=" for r in ("ref", "REF", "rEf") for sp in spaces for k in ("name", "GROUP", "Nаme") for sp2 in ("", " ", "\x1d")]
    text = "<" + " x <".join(pieces) + " ref  name ref\u212aname= ＲＥＦ name="
    assert [m.span() for m in _LOST_LT_HEAD.finditer(text)] == [m.span() for m in slow.finditer(text)]
    assert len(list(slow.finditer(text))) > 50


def _osa_plain(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook table (no cap, no shortcut)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_osa_shortcut_keeps_the_distance() -> None:
    """WL203's capped distance, with its character-set shortcut, agrees with the full table
    on which pairs are within the cap, and gives their exact distance."""
    import random

    from wikilint.rules.templates.unknown_parameter import _osa

    rng = random.Random(7)
    words = ["accessdate", "access-date", "title", "url", "archive-url", "work", "publisher", "date"]
    pairs = []
    for _ in range(3000):
        w = rng.choice(words)
        v = list(w)
        for _ in range(rng.randint(0, 3)):
            op = rng.randint(0, 3)
            i = rng.randrange(len(v) + 1)
            if op == 0:
                v.insert(i, rng.choice("aeiostdcx-"))
            elif v and op == 1:
                del v[min(i, len(v) - 1)]
            elif v and op == 2:
                v[min(i, len(v) - 1)] = rng.choice("aeiostdcx-")
            elif len(v) > 1:
                i = min(i, len(v) - 2)
                v[i], v[i + 1] = v[i + 1], v[i]
        pairs.append(("".join(v), rng.choice(words)))
    within = 0
    for a, b in pairs:
        for limit in (1, 2):
            want = _osa_plain(a, b)
            got = _osa(a, b, limit)
            assert (got <= limit) == (want <= limit), (a, b, limit)
            if want <= limit:
                assert got == want, (a, b, limit)
                within += 1
    assert within > 500


def test_redundant_link_first_letter_shortcut() -> None:
    """WL401 skips a link when the first letters differ; then neither the text nor any prefix
    of it can normalise to the target."""
    import random

    from wikilint.document import normalize_title
    from wikilint.rules.links.redundant_link_text import _same_first_letter

    rng = random.Random(3)
    alphabet = "aAbB_ ßSsŉʼNnǅǆǄİiı\u00a0xé"
    checked = skipped = 0
    for _ in range(20000):
        shown = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))).strip()
        target = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))).strip()
        if not shown or not target:
            continue
        checked += 1
        if _same_first_letter(shown, target):
            continue
        skipped += 1
        nt = normalize_title(target)
        for k in range(1, len(shown) + 1):
            assert normalize_title(shown[:k]) != nt or not normalize_title(shown[:k]), (shown, target)
    assert skipped > 1000 and checked > skipped


def test_cs1_lookups_remembered_give_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """CS1Tables remembers its answers per key (bounded); asked twice, or after the memo was
    cleared, they are those of the lookups themselves."""
    from wikilint import sites
    from wikilint.sites import CS1Tables, load_site

    monkeypatch.setattr(sites, "_MEMO_SIZE", 5)
    cs1 = CS1Tables(load_site("enwiki").get("cs1", {}) or {})
    keys = ["accessdate", "deadurl", "author2-link", "author02-link", "title", "coauthors", "month",
            "dead-url", "s2cid", "authorlink3", "editor1-first", "url", "x"] * 3
    answers = set()
    for key in keys:
        removed, deprecated, canonical = cs1.removed_spec(key), cs1.deprecated_replacement(key), cs1.canonical(key)
        assert removed == cs1._removed_spec(key)
        assert deprecated == cs1._deprecated_replacement(key)
        assert canonical == cs1._canonical(key)
        answers.add((removed is not None, deprecated is not None, canonical != key))
        assert all(len(m) <= 5 for m in cs1._memo)
    assert len(answers) > 1  # some keys are removed, deprecated or aliases


def test_may_include_ref_is_necessary() -> None:
    """WL513 skips the legacy simulation when no ref content may include a ref opener: then
    included_ref_offset finds none in any of them."""
    import random

    from wikilint.refs import included_ref_offset, may_include_ref

    rng = random.Random(5)
    bits = ["<ref>", "<REF name=a>", "<references/>", "</ref>", "<b>", "</b>", "<!--", "-->", "x", " ", "<", ">", "ref", "<refx>"]
    found = 0
    for _ in range(5000):
        content = "".join(rng.choice(bits) for _ in range(rng.randint(0, 8)))
        if included_ref_offset(content) is not None:
            found += 1
            assert may_include_ref(content), content
    assert found > 100


@pytest.mark.parametrize(
    "text",
    [
        "<ref>a<ref>b</ref>\n<references/>",
        "<ref>a</ref><references><references/></references>",
        '<ref>a</ref><references foo="1"/>',
        "<ref>a</ref>{{#tag:references|<references/>}}",
        "<ref name=x>a</ref><references/>",
    ],
)
def test_legacy_rules_skip_only_what_cannot_fire(text: str) -> None:
    """WL512 and WL513 report what they reported when they always ran the legacy simulation."""
    from wikilint.rules.refs.bad_references_tag import BadReferencesTag
    from wikilint.rules.refs.unclosed_ref import UnclosedRef

    doc = Document(text)
    legacy = doc.refs.cite_errors("legacy")
    for rule, keys in ((BadReferencesTag(), BadReferencesTag.mw_keys), (UnclosedRef(), UnclosedRef.mw_keys)):
        want = sorted((e.start, e.key) for e in legacy if e.key in keys)
        got = sorted((d.start, d.mw_key) for d in rule.check(Document(text)) if d.mw_key in keys)
        assert got == sorted(set(want)), (rule.code, text)


def test_templatedata_resolve_remembered_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """TemplateInfo.resolve remembers its answers per key (bounded); they are the look-up's."""
    from wikilint import templatedata
    from wikilint.sites import load_site

    monkeypatch.setattr(templatedata, "_RESOLVED_SIZE", 4)
    tds = templatedata.load_templatedata()
    info = tds.get("Cite web", load_site("enwiki"))
    assert info is not None
    info = templatedata.TemplateInfo(info.name, info.params, info.source)  # a fresh memo
    keys = ["url", "accessdate", "access-date", "last1", "author2", "first3", "nope", "title", "1", "last"] * 3
    hits = 0
    for key in keys:
        assert info.resolve(key) == info._resolve(key)
        hits += info.resolve(key) is not None
        assert len(info._resolved) <= 4
    assert 0 < hits < len(keys)
