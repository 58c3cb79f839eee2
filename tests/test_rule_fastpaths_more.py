"""More of the rules' shortcuts held to the paths they skip (see test_rule_fastpaths.py): each
rule here has a switch that turns its shortcut off, and gives the same diagnostics either way."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from corpus import corpus_files, read_page

from wikilint.document import Document

FILES = corpus_files()


def _diags(rule, doc: Document) -> list:
    return [(d.code, d.start, d.end, d.message, repr(d.fix), repr(d.data)) for d in rule.check(doc)]


def _same_with_and_without(rule, switch: str, text: str) -> int:
    """The rule's diagnostics on *text* with its shortcut *switch* on and off; their number."""
    doc = Document(text)
    setattr(rule, switch, True)
    fast = _diags(rule, doc)
    setattr(rule, switch, False)
    try:
        slow = _diags(rule, doc)
    finally:
        setattr(rule, switch, True)
    assert fast == slow, text[:200]
    return len(fast)


def _random_links(rng: random.Random, n: int) -> str:
    alphabet = ["a", "A", "b", "s", "S", "ß", "_", " ", "  ", "\u00a0", "\t", ":", "é", "\u0301",
                "\u200d", "ी", "x", "Category:", "File:", "/", ".", "<!---->", "&amp;", "'"]
    words = ["Paris", "paris", "Paris_France", "rebel", "rebels", "ßa", "SSa", "a", "A"]
    links = []
    for _ in range(n):
        def part() -> str:
            if rng.random() < 0.5:
                return rng.choice(words) + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 2)))
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        target = part()
        shown = target + rng.choice(["", "s", "es", "ी", " s", "_"]) if rng.random() < 0.5 else part()
        if rng.random() < 0.3:
            shown = shown[:1].swapcase() + shown[1:]
        links.append(f"[[{target}|{shown}]]")
    return " ".join(links)


def test_redundant_link_last_letter_shortcut() -> None:
    """WL401 skips links whose last characters show that neither the text nor its head can
    normalise to the target: the same reports as without that test, on random links."""
    from wikilint.rules.links.redundant_link_text import RedundantLinkText

    rule = RedundantLinkText()
    rng = random.Random(11)
    reported = sum(_same_with_and_without(rule, "last_letter_test", _random_links(rng, 300)) for _ in range(40))
    assert reported > 200  # the random links hold many redundant ones


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_redundant_link_last_letter_shortcut_on_the_corpus() -> None:
    from wikilint.rules.links.redundant_link_text import RedundantLinkText

    rule = RedundantLinkText()
    assert sum(_same_with_and_without(rule, "last_letter_test", read_page(p)) for p in FILES[::8]) > 100


_DELIM_SAMPLES = [
    "{{a|b=[[c]]}} {{{x|{{y}}}}} [[d|e]]",
    "{|\n|a\n|}\n[http://x.org y] [[z]]",
    "<!-- {{ [[ -->{{a}}<nowiki>}} ]]</nowiki>",
    "a { b",
    "{{a}} }} [[b]] <!-- [[c]] {{d}} --> [[e]]",
    "x [[ y <nowiki>[[z]]</nowiki>",
    "]] [[a]] {{b|]]}}",
    "-{zh:a}- {{b}} <pre>{{c}}</pre> {|\n|x\n|}",
    "{{a|\n{|\n|b\n|}}}",
    "<gallery>\nFile:a.png|[[b]] {{c}}\n</gallery> [[d]] }}",
    "{{{{{a}}}}} {{{{b}}}} [[c|[[d]]]]",
    "<ref>{{a</ref> [[b",
    # raw tags whose bodies mwparserfromhell parses: nodes inside raw spans
    "<mapframe>[[b]] {{c}}</mapframe> [[d]] ]]",
    "<templatestyles>{{c}}</templatestyles> }} [[d]]",
    "<charinsert>[[a]]</charinsert>[[b]] {{c}} <maplink>{{{d}}}</maplink> {",
    "<mapframe>[[b]] ]]</mapframe> [[d]]",
    "<templatestyles>{{c}} }}</templatestyles> {{d}}",
]


def _delimiter_answers(text: str) -> list[tuple[bool, bool, bool]]:
    from wikilint.rules.links._linkutil import _only_markup_delimiters

    doc = Document(text)
    if doc.parse_error:
        return []
    out = []
    for braces, brackets in ((True, True), (True, False), (False, True)):
        fast = _only_markup_delimiters(doc, braces, brackets)
        checked = _only_markup_delimiters(doc, braces, brackets, verify=True)
        assert fast == checked, (braces, brackets, text[:200])
        out.append(fast)
    return out


@pytest.mark.parametrize("text", _DELIM_SAMPLES)
def test_delimiters_counted_by_node_agree_with_the_text(text: str) -> None:
    """The delimiter count that takes two per link, four braces per template and six per
    argument gives the answer of the count that checks each node's delimiters in the text."""
    _delimiter_answers(text)


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_delimiters_counted_by_node_on_the_corpus() -> None:
    answers = [a for p in FILES[::3] for a in _delimiter_answers(read_page(p))]
    assert any(answers) and not all(answers)  # both answers occur


def test_nodes_starting_in_raw_spans_by_bisection() -> None:
    """_starting_in counts what _outside_raw leaves out."""
    from wikilint.rules.links._linkutil import _outside_raw, _starting_in

    rng = random.Random(4)
    for _ in range(300):
        pieces = [rng.choice(["[[a]]", "{{b}}", "<!--[[c]]-->", "<nowiki>{{d}}</nowiki>", " x ", "{{{e}}}", "<pre>[[f]]</pre>",
                              "<mapframe>[[g]] {{h}}</mapframe>", "<charinsert>{{{i}}}</charinsert>", "<!-- ]] }} -->"])
                  for _ in range(rng.randint(0, 12))]
        _delimiter_answers("".join(pieces))
        doc = Document("".join(pieces))
        raw = doc.raw_spans
        for nodes in (doc.wikilinks, doc.templates, doc.arguments, doc.all_nodes, doc.texts):
            assert _starting_in(nodes, raw) == len(nodes) - len(list(_outside_raw(nodes, raw)))


_OPAQUE_SAMPLES = [
    "<!-- a --><nowiki>{{b}}</nowiki><ref>{{c}}<!-- d --></ref><references><!-- e --><ref name=x>{{f}}</ref></references>",
    "<poem><pre>{{a}}</pre><!-- {{b}} --></poem>{{c}}<includeonly>{{d}}",
    "<references><includeonly>{{a}}</references>{{b}}<!-- unclosed {{c}}",
    "<gallery><!-- a --></gallery><ref><nowiki>x</nowiki><math>{{y}}</math></ref>{{#tag:ref|<!-- z -->}}",
]


def _opaque_sweep_agrees(text: str) -> int:
    """The reference model's opaque spans are sorted and disjoint, so that the sweeps over the
    templates (in the model and in _possible_list_templates) skip exactly the templates for
    which ``in_opaque`` (a bisection) is true."""
    doc = Document(text)
    if doc.parse_error:
        return 0
    model = doc.refs
    spans = model.opaque
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(spans)), text[:200]
    skipped = [t for t in doc.templates if model.in_opaque(t.start)]
    o = 0
    swept = []
    for t in doc.templates:
        while o < len(spans) and spans[o][1] <= t.start:
            o += 1
        if o < len(spans) and spans[o][0] <= t.start:
            swept.append(t)
    assert swept == skipped, text[:200]
    assert [t.start for t in doc.templates] == sorted(t.start for t in doc.templates)
    return len(skipped)


def test_opaque_spans_sweep() -> None:
    assert sum(_opaque_sweep_agrees(text) for text in _OPAQUE_SAMPLES) > 0  # some are skipped


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_opaque_spans_sweep_on_the_corpus() -> None:
    for p in FILES[::5]:
        _opaque_sweep_agrees(read_page(p))


def test_template_name_memo_gives_the_plain_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Template names are remembered per raw name (bounded); the answers are normalize_title's,
    asked once, twice, after the memo was emptied, and for names too long to keep."""
    from wikilint import document

    monkeypatch.setattr(document, "_TEMPLATE_NAMES", {})
    monkeypatch.setattr(document, "_TEMPLATE_NAMES_SIZE", 7)
    rng = random.Random(9)
    alphabet = ["a", "B", "_", " ", "\u00a0", "<!-- c -->", "ß", "ǆ", "x", "\t", "<!--", "|"]
    names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(40)]
    names += ["cite_web " * 40, "  " + "a" * 300]
    for name in names * 3:
        assert document._template_name(name) == document.normalize_title(name), name
        assert len(document._TEMPLATE_NAMES) <= 7
    text = "{{cite_web|a}} {{ Cite web }} {{x<!-- y -->z}} {{cite web}}"
    doc = Document(text)
    got = [doc.template_name(t) for t in doc.templates]
    assert got == [document.normalize_title(text[t.name_start : t.name_end]) for t in doc.templates]
    assert got[0] is got[1] is got[3] == "Cite web"


_EVERY_KIND = (
    "== Head [[a|b]] {{c}} ==\n"
    "{{t|x=[[l|{{in}}]]|{{{arg|{{d}}}}}|<!-- c -->y=&amp;|z<ref name=r>{{cite web|url=http://a.b|title=T}}</ref>}}\n"
    '<span title="{{tpl|[[x]]}}" class=a>[http://x.org <b>t</b> {{e}}]</span> &#123; <!-- comment -->\n'
    "{|\n|+ cap {{f}}\n|-\n! h [[g]]\n| <div style=\"{{s}}\">c</div>\n|}\n"
    "<references>\n<ref name=r2>[[k]]</ref>\n</references>\n{{reflist|refs=<ref name=q>x</ref>}}\n"
    "* [[File:a.png|thumb|[[cap]] {{g}}]] <gallery>\nFile:b.png|[[c]]\n</gallery> [//x.org]\n"
)


def _leaves_no_cycles(text: str) -> None:
    import gc

    from wikilint import Linter, LintSettings

    Linter(LintSettings()).lint(_EVERY_KIND)  # first uses create classes and caches: not ours
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc = Document(text)
        doc.refs  # noqa: B018 - the models too
        doc.markup  # noqa: B018
        doc.release()
        del doc
        assert gc.collect() == 0, text[:200]
        Linter(LintSettings()).lint(text)
        assert gc.collect() == 0, text[:200]
    finally:
        if enabled:
            gc.enable()


def test_release_leaves_no_cycles() -> None:
    """Document.release() lets go of the child lists of every node that holds others (not of
    each node's parent): nothing is left for the cyclic garbage collector, with every kind of
    node in the tree."""
    doc = Document(_EVERY_KIND)
    kinds = {n.kind for n in doc.all_nodes}
    assert {"template", "tag", "wikilink", "external_link", "heading", "comment", "text", "entity", "argument"} <= kinds
    _leaves_no_cycles(_EVERY_KIND)
    _leaves_no_cycles("")
    _leaves_no_cycles("{{a|" * 50 + "}}" * 50)


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_release_leaves_no_cycles_on_the_corpus() -> None:
    for p in FILES[::40]:
        _leaves_no_cycles(read_page(p))


def _random_named_refs(rng: random.Random, n: int) -> str:
    bits = ["name", "NAME", "Name", "=", " = ", '"', "'", "“", "”", "«", "»", "「", "a", "b", " ", "\t",
            "\x0b", "\u00a0", "/", "<", "group", "x y", "follow=z", "dir=rtl", "&amp;", "1"]
    refs = []
    for _ in range(n):
        attrs = " " + rng.choice(["name=", "name = ", 'name="', "NAME='", "name=“"]) + "".join(
            rng.choice(bits) for _ in range(rng.randint(0, 5)))
        if rng.random() < 0.4:
            refs.append(f"<ref{attrs}>c{rng.randint(0, 3)}</ref>")
        else:
            refs.append(f"<ref{attrs}/>")
        if rng.random() < 0.3:
            refs.append(f'<ref name="{rng.choice(["a", "b", "ab", "x y", "z"])}">d</ref>')
    return " ".join(refs) + "\n<references/>"


def test_malformed_ref_name_plain_names_shortcut() -> None:
    """WL518 skips refs whose attribute text is one plain name without decoding it: the same
    reports as when it decodes every named ref."""
    from wikilint.rules.refs.malformed_name import MalformedRefName

    rule = MalformedRefName()
    rng = random.Random(21)
    reported = sum(_same_with_and_without(rule, "plain_name_test", _random_named_refs(rng, 60)) for _ in range(60))
    assert reported > 100


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_malformed_ref_name_plain_names_shortcut_on_the_corpus() -> None:
    from wikilint.rules.refs.malformed_name import MalformedRefName

    rule = MalformedRefName()
    for p in FILES[::4]:
        _same_with_and_without(rule, "plain_name_test", read_page(p))


def test_url_in_braces_prefilter() -> None:
    """WL211's one search finds "{http", "{//" or "{HTTP" exactly when one of them is there."""
    from wikilint.rules.templates.url_as_template import _MAYBE_SINGLE

    rng = random.Random(2)
    bits = ["{", "{{", "http", "HTTP", "hTTp", "//", "/", "x", " ", "{h", "ttp"]
    both = 0
    for _ in range(5000):
        t = "".join(rng.choice(bits) for _ in range(rng.randint(0, 8)))
        want = "{http" in t or "{//" in t or "{HTTP" in t
        assert (_MAYBE_SINGLE.search(t) is not None) == want, t
        both += want
    assert 500 < both < 4500


def test_presence_regexes_find_what_in_finds() -> None:
    """The regexes that replace ``needle in text`` (found faster) answer as ``in`` does."""
    from wikilint.rules.links import _linkutil
    from wikilint.rules.links.multi_colon_escape import _DOUBLE_COLON

    cases = [(_linkutil._ISBN, "ISBN"), (_DOUBLE_COLON, "::"), (_linkutil._TABLE_OPEN, "{|")]
    rng = random.Random(8)
    bits = ["I", "S", "B", "N", "ISB", "SBN", ":", "::", "[", "[[", "]", "]]", "{", "|", "x", "é", "\u4e00"]
    hits = 0
    for _ in range(4000):
        t = "".join(rng.choice(bits) for _ in range(rng.randint(0, 10)))
        for rx, needle in cases:
            assert (rx.search(t) is not None) == (needle in t), (needle, t)
            hits += needle in t
    assert hits > 1000
    doc = Document("a ISBN 0-306-40615-2 b")
    assert _linkutil.has_isbn(doc) and not _linkutil.has_isbn(Document("IS BN"))


def _dynamic_keys_agree(text: str) -> int:
    from wikilint.rules.citations._common import has_dynamic_key

    doc = Document(text)
    dynamic = 0
    for tpl in doc.templates:
        slow = has_dynamic_key(tpl)
        assert has_dynamic_key(tpl, doc.text) == slow, text[tpl.start : tpl.end]
        dynamic += slow
    return dynamic


def test_dynamic_key_shortcut() -> None:
    """has_dynamic_key answers a template without "{{" after its name at once: the answer of
    the walk over its parameters' keys."""
    text = ("{{a|{{{x}}}=1}} {{a|{{b}}=1|c=2}} {{a|b={{c}}}} {{a|b}} {{a|x<!--{{y}}-->=1}} {{{{b}}|c=1}} "
            "{{a|{{{1|k}}}|v}} {{a| {{b}} x =2}} {{a|[[{{b}}]]=1}}")
    assert _dynamic_keys_agree(text) >= 3


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_dynamic_key_shortcut_on_the_corpus() -> None:
    for p in FILES[::6]:
        _dynamic_keys_agree(read_page(p))


def _ref_fields(model) -> list:
    from wikilint.refs import Ref

    props = ("open_start", "attr_start", "attr_end", "via_tag_function", "template", "via_template",
             "text_override", "_text", "self_closing", "key", "follow", "dir", "details")
    out = []
    for r in model.refs:
        assert type(r) is Ref
        row = [getattr(r, f) for f in Ref.__slots__ if f not in ("in_references", "inside_template", "_x")]
        rl = r.in_references
        row += [(rl.kind, rl.start, rl.end) if rl is not None else None, r.inside_template, type(r._x).__name__]
        row += [getattr(r, p) for p in props]
        row.append([(a.name, a.value, a.start, a.end, a.value_start, a.value_end, a.quote, a.terminated) for a in r.attrs])
        out.append(row)
    return out


def _same_plain_refs(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    from wikilint import refs

    doc = Document(text)
    if doc.parse_error:
        return 0
    monkeypatch.setattr(refs, "_FAST_PLAIN_REFS", True)
    fast = refs.RefModel(doc)
    monkeypatch.setattr(refs, "_FAST_PLAIN_REFS", False)
    slow = refs.RefModel(doc)
    assert _ref_fields(fast) == _ref_fields(slow), text[:200]
    for mode in ("parsoid", "legacy"):
        assert [(e.key, e.start, e.end, e.params) for e in fast.cite_errors(mode)] == \
            [(e.key, e.start, e.end, e.params) for e in slow.cite_errors(mode)]
    return len(fast.refs)


def test_plain_refs_built_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refs of the page's <ref> tags, built by _plain_ref, are those Ref(...) builds."""
    text = ('<ref>a</ref><ref name=x/><REF name="y" group=g >b</REF><ref name=1>c</ref>'
            "<ref name=x/ ><ref group=g/><references group=g><ref name=z>d</ref></references>"
            "{{#tag:ref|e|name=t}}{{efn|f}}<ref name=\"a b\" follow=q dir=rtl>g</ref>\n<references/>")
    assert _same_plain_refs(monkeypatch, text) >= 8


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_plain_refs_built_directly_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    assert sum(_same_plain_refs(monkeypatch, read_page(p)) for p in FILES[::10]) > 1000


def _alone_after_heading_by_lines(doc: Document, start: int, end: int) -> bool:
    """_alone_after_heading as it was: line bounds from the line index, then the tests."""
    import bisect
    import re

    text = doc.text
    starts = doc.line_starts
    ls = starts[bisect.bisect_right(starts, start) - 1]
    k = bisect.bisect_right(starts, end)
    le = starts[k] - 1 if k < len(starts) else len(text)
    if re.search(r"\S", text[ls:start]) or re.search(r"\S", text[end:le]):
        return False
    before = text[:ls].rstrip()
    prev_line = before[before.rfind("\n") + 1 :]
    return prev_line.startswith("=") and prev_line.endswith("=")


def test_alone_after_heading_checks_its_neighbours_first() -> None:
    """The test of the characters beside a template gives the answer of the line test."""
    from wikilint.rules.refs._base import _alone_after_heading

    rng = random.Random(6)
    bits = ["== H ==", "=x=", "\n", "\n\n", " ", "\t", "\u3000", "text", "{{reflist}}", "{{a|1}}",
            "{{b|\ncolwidth=2}}", "x{{c}}", "{{d}}y", "<ref>z</ref>", "\r\n"]
    alone = 0
    for _ in range(1500):
        doc = Document("".join(rng.choice(bits) for _ in range(rng.randint(1, 9))))
        for tpl in doc.templates:
            want = _alone_after_heading_by_lines(doc, tpl.start, tpl.end)
            assert _alone_after_heading(doc, tpl.start, tpl.end) == want, doc.text
            alone += want
    assert alone > 5


def test_comment_counts_of_the_cost_guard() -> None:
    """The cost guard counts "<!--" and "-->" with regexes: str.count's numbers."""
    from wikilint.document import _COMMENT_CLOSE, _COMMENT_OPEN

    rng = random.Random(12)
    bits = ["<", "!", "-", "--", ">", "<!--", "-->", "--->", "<!---->", "x", "<!-<!--"]
    for _ in range(5000):
        t = "".join(rng.choice(bits) for _ in range(rng.randint(0, 12)))
        assert len(_COMMENT_OPEN.findall(t)) == t.count("<!--"), t
        assert len(_COMMENT_CLOSE.findall(t)) == t.count("-->"), t


def _random_refs_with_links(rng: random.Random, n: int) -> str:
    bits = ["[http://a.org]", "[http://a.org t]", "http://b.org/x", "[//c.org]", "<!-- c -->", " ", "\n",
            "{{dead link}}", "{{cite web|url=http://d.org|title=T}}", "text", "<br/>", "<b>x</b>",
            "[[l]]", "<span>[http://e.org]</span>", "https://f.org/a　b", "<nowiki>[http://g.org]</nowiki>"]
    parts = []
    for _ in range(n):
        body = "".join(rng.choice(bits) for _ in range(rng.randint(0, 4)))
        parts.append(rng.choice([f"<ref>{body}</ref>", f"<ref name=n{rng.randint(0, 9)}>{body}</ref>",
                                 f"<span>{body}</span>", f"{{{{efn|{body}}}}}", body]))
    return " ".join(parts) + "\n<references/>"


def test_bare_url_refs_found_from_the_links() -> None:
    """WL607 looks only at the tags that hold an external link: the reports of the walk over
    every tag."""
    from wikilint.rules.citations.bare_url_reference import BareUrlReference

    rule = BareUrlReference()
    rng = random.Random(17)
    assert sum(_same_with_and_without(rule, "from_links", _random_refs_with_links(rng, 40)) for _ in range(80)) > 100


@pytest.mark.skipif(not FILES, reason="the shared page corpus is absent")
def test_bare_url_refs_found_from_the_links_on_the_corpus() -> None:
    from wikilint.rules.citations.bare_url_reference import BareUrlReference

    rule = BareUrlReference()
    assert sum(_same_with_and_without(rule, "from_links", read_page(p)) for p in FILES[::4]) > 10
