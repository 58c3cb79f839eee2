"""The light tokenizer (csrc/lighttok, ``wikilint._lighttok``): mwparserfromhell's C tokenizer
returning lighter tokens (a text run is the ``str``, a token without fields is its class). Mapped
back to mwparserfromhell's tokens it must give exactly the installed mwparserfromhell tokenizer's
tokens, and the tree and the Document built from it must be exactly the ones built from those.

Where the extension was not built (no C compiler at install time) these tests skip with a
reason; CI sets WIKILINT_REQUIRE_COMPILED=1 so that they fail there instead."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import mwparserfromhell
import pytest
from corpus import corpus_files, read_page
from lighttok_support import PIECES, same_tokens
from mwparserfromhell.parser import CTokenizer
from mwparserfromhell.parser import tokens as T

from wikilint import _compiled, tree
from wikilint import document as D
from wikilint.document import Document


def _light():
    cls, why = _compiled.light_tokenizer()
    if cls is not None:
        return cls
    if os.environ.get("WIKILINT_REQUIRE_COMPILED", "") not in ("", "0") and not _compiled.pure_python_forced():
        pytest.fail(f"WIKILINT_REQUIRE_COMPILED is set but the light tokenizer is not used: {why}")
    pytest.skip(f"the light tokenizer is not used in this process: {why}")


def _same_tokens(text: str, light_cls) -> bool:
    return same_tokens(light_cls().tokenize(text, 0, True), CTokenizer().tokenize(text, 0, True))


def _is_light(toks: list) -> bool:
    return all(type(t) is str or type(t) is type or isinstance(t, T.Token) for t in toks)


# Each construct whose tokens the fork builds or reads differently: text merged across a
# failed route, tag names read back, a closing tag that opens nothing (invalid), tags that end by
# themselves (<br>, <li>), a free link's scheme taken back out of the text, entities, headings,
# comments, wiki markup (bold, lists, tables, rules), templates, arguments, links.
SYNTHETIC = {
    "empty": "",
    "plain": "plain text",
    "entities": "a &amp; b &#65; c &#x41; d &bogus; e &#xZZ;",
    "template": "{{cite web|url=http://e.org|title=T|2}} {{a|b={{c|d=e}}|f}}",
    "argument": "{{{1|default}}} {{{name}}}",
    "links": "[[a|b]] [[File:X.png|thumb|[[L]]]] [http://e.org e] http://f.org/x. mailto:a@b.c",
    "free link after text": "see:http://e.org and //e.org and foo http://e.org/(a)",
    "tags": "<span class=x title='a b' data-x=\"c\">y</span><div>z</div>",
    "closing tag that opens nothing": "a </div> b </span c> d </br> e </BR > f",
    "single tags": "a<br>b<br/>c<hr>d<li>e<li>f",
    "single tag at the end": "<li>a<li>b",
    "single tag closed": "<ul><li>a</li><li>b</ul>",
    "blacklisted bodies": "<nowiki>{{x}}</nowiki><pre>[[y]]</pre><math>a<b</math>",
    "ref": '<ref name="a" group=g >x</ref><ref name=b/><references/>',
    "unclosed": "unclosed {{tpl|x=[[a|b}} <ref>no end <small>x",
    "headings": "= a =\n== b <!-- c --> ==\n=== d ===x\n====== e ======",
    "comments": "a <!-- b --> c <!-- d",
    "wiki markup": "'''b''' ''i'' '''''bi''''' \n* a\n# b\n; c : d\n: e\n----\n",
    "table": '{| class="x"\n|+ cap\n|-\n! h1 !! h2\n|-\n| style="a" | c || d\n|}\n',
    "table in template": "{{a|\n{|\n| x\n|}\n}}",
    "failed routes merge text": "a [[b {{c [http://d e <span f {{{g",
    "tag name case": "<SPAN>a</span> <Ref>b</REF >",
    "attributes": '<div a=b c = "d" e=\'f\' g h=>i</div><span  x  =  y  />',
    "bad attributes": '<div a="b>c</div> <span "x"=y>z</span>',
    "non-ASCII": "<ΑΣ>a</ΑΣ> [[Ελ|λ]] {{Σ|π=ρ}} &#x3A3; — “q”",
}


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_tokens_equal_mwparserfromhell_synthetic(name: str) -> None:
    light = _light()
    text = SYNTHETIC[name]
    assert _same_tokens(text, light)
    assert _is_light(light().tokenize(text, 0, True))


def test_tokens_are_light() -> None:
    light = _light()
    toks = light().tokenize("a {{b|c}} [[d]] &amp; <span x=y>e</span>", 0, True)
    kinds = {type(t) for t in toks}
    assert str in kinds and type in kinds  # text runs and field-less tokens
    assert not any(type(t) is T.Text for t in toks)
    assert T.TemplateOpen in toks and T.WikilinkClose in toks
    # a token with fields stays an instance of its class
    assert any(type(t) is T.TagAttrStart and t["pad_first"] == " " for t in toks)


def test_invalid_closing_tag_is_an_instance_marked_invalid() -> None:
    light = _light()
    toks = light().tokenize("a </br> b", 0, True)  # read as <br>, marked invalid
    opens = [t for t in toks if t is T.TagOpenOpen or type(t) is T.TagOpenOpen]
    assert len(opens) == 1 and type(opens[0]) is T.TagOpenOpen and opens[0]["invalid"] is True
    # the class itself was not touched
    assert "invalid" not in T.TagOpenOpen.__dict__


def test_tokens_equal_mwparserfromhell_on_corpus() -> None:
    light = _light()
    files = corpus_files()
    if not files:
        pytest.skip("shared corpus not found (../shared or $WIKILINT_SHARED)")
    differ = [path.name for path in files if not _same_tokens(read_page(path), light)]
    assert differ == []
    assert len(files) > 2000


def test_tokens_equal_mwparserfromhell_on_random_pages() -> None:
    light = _light()
    rng = random.Random(20261202)
    differ = []
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        if not _same_tokens(text, light):
            differ.append(text)
    assert differ == []


def _force_mwparserfromhell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compiled, "_LIGHT", (None, "switched off by the test"))


def _tree(doc: Document) -> tuple:
    def fields(obj) -> tuple:
        names = [n for n in dir(obj) if not n.startswith("_") and n not in ("parent", "template")]
        out = []
        for name in names:
            value = getattr(obj, name)
            if callable(value):
                continue
            if isinstance(value, tuple) and value and hasattr(value[0], "start"):
                value = tuple((type(v).__name__, v.start, v.end) for v in value)
            elif hasattr(value, "start") and hasattr(value, "end"):
                value = (type(value).__name__, value.start, value.end)
            out.append((name, value))
        parent = getattr(obj, "parent", None)
        out.append(("parent", None if parent is None else (type(parent).__name__, parent.start)))
        return (type(obj).__name__, tuple(out))

    return (
        doc.parse_error,
        [fields(n) for n in doc.all_nodes],
        [fields(n) for n in doc.nodes],
        [[fields(a) for a in t.attrs] for t in doc.tags],
        [[fields(p) for p in t.params] for t in doc.templates],
        {kind: [(n.start, n.end) for n in getattr(doc, attr)] for kind, attr in (
            ("template", "templates"), ("tag", "tags"), ("wikilink", "wikilinks"),
            ("external_link", "external_links"), ("heading", "headings"), ("comment", "comments"),
            ("text", "texts"), ("entity", "entities"), ("argument", "arguments"))},
    )


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple, tuple]:
    _light()
    light = _tree(Document(text))
    with monkeypatch.context() as m:
        _force_mwparserfromhell(m)
        theirs = _tree(Document(text))
    return light, theirs


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_document_equals_mwparserfromhell_tokens_synthetic(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    light, theirs = _both(SYNTHETIC[name], monkeypatch)
    assert light == theirs


def test_document_equals_mwparserfromhell_tokens_on_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    files = corpus_files()
    if not files:
        pytest.skip("shared corpus not found (../shared or $WIKILINT_SHARED)")
    for path in files[::25]:  # about 80 pages of 26 wikis (the tokens are compared on every page)
        light, theirs = _both(read_page(path), monkeypatch)
        assert light == theirs, path.name


def test_chunked_document_equals_mwparserfromhell_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page longer than CHUNK_CHARS is tokenized in pieces; whether a piece ends with something
    open is read from its tokens (``_piece_is_closed``), light or not."""
    monkeypatch.setattr(D, "CHUNK_CHARS", 512)
    rng = random.Random(7)
    lines = [
        "a <small>b [[c]] {{d|e}}",
        "== h ==",
        "f <ref>g</ref> <nowiki>{{</nowiki> <!-- [[ -->",
        "{{t|",
        "x}} <span>y</span>",
        "[http://x.org a <b>b</b>]",
        "<pre>{{</pre> &amp;",
    ]
    text = "\n".join(rng.choice(lines) for _ in range(600)) + "\n"
    assert len(text) > 20 * 512
    light, theirs = _both(text, monkeypatch)
    assert light == theirs
    theirs_toks = CTokenizer().tokenize("a {{b", 0, True)
    light_toks = _light()().tokenize("a {{b", 0, True)
    assert D._piece_is_closed(theirs_toks) is D._piece_is_closed(light_toks) is False
    theirs_toks = CTokenizer().tokenize("<!-- {{ --> <nowiki>[[</nowiki> x", 0, True)
    light_toks = _light()().tokenize("<!-- {{ --> <nowiki>[[</nowiki> x", 0, True)
    assert D._piece_is_closed(theirs_toks) is D._piece_is_closed(light_toks) is True


def test_tree_builder_reads_both_token_forms() -> None:
    light = _light()
    for text in SYNTHETIC.values():
        a = tree.build(CTokenizer().tokenize(text, 0, True), text)
        b = tree.build(light().tokenize(text, 0, True), text)
        assert [(type(n).__name__, n.start, n.end) for n in a[1]] == [
            (type(n).__name__, n.start, n.end) for n in b[1]
        ]


def test_document_uses_the_light_tokenizer() -> None:
    light = _light()
    assert type(D._tokenizer()) is light


# ----------------------------------------------------------------- when it is not used


def test_not_used_with_another_mwparserfromhell_release(monkeypatch: pytest.MonkeyPatch) -> None:
    _light()
    monkeypatch.setattr(mwparserfromhell, "__version__", "0.0.1")
    cls, why = _compiled._lighttok_decision()
    assert cls is None and "0.0.1 is installed" in why


def test_not_used_when_its_sources_changed_since_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    _light()
    if not _compiled._LIGHTTOK_SOURCES.is_dir():
        pytest.skip("an installed package: no C sources beside it to compare with")
    monkeypatch.setattr(_compiled, "_built", lambda: {_compiled.LIGHTTOK: "0" * 64})
    cls, why = _compiled._lighttok_decision()
    assert (cls, why) == (None, "stale")


def test_not_used_in_pure_python_mode() -> None:
    code = (
        "from mwparserfromhell.parser import CTokenizer; from wikilint import _compiled, document as D; "
        "print(_compiled.light_tokenizer()[1]); print(type(D._tokenizer()) is CTokenizer)"
    )
    env = {**os.environ, "WIKILINT_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "WIKILINT_PURE_PYTHON is set"
    assert out[1] == "True"


def test_pure_python_builder_reads_light_tokens() -> None:
    """The pure-Python tree.py (what runs when the compiled tree is stale or absent while the
    light tokenizer is built) builds the same tree from light tokens as from mwparserfromhell's."""
    light = _light()
    pure = _compiled.source_module("tree")
    files = corpus_files()[::40]
    texts = list(SYNTHETIC.values()) + [read_page(path) for path in files]
    for text in texts:
        a = pure.build(CTokenizer().tokenize(text, 0, True), text)
        b = pure.build(light().tokenize(text, 0, True), text)
        assert [(type(n).__name__, n.start, n.end, getattr(n, "name", None)) for n in a[1]] == [
            (type(n).__name__, n.start, n.end, getattr(n, "name", None)) for n in b[1]
        ]
        assert {k: len(v) for k, v in a[2].items()} == {k: len(v) for k, v in b[2].items()}


def test_no_heap_corruption_under_the_debug_allocator() -> None:
    """mwparserfromhell 0.7.2's tokenizer frees an entity's calloc'ed buffer with PyObject_Free
    (its issue #352: a bare "&" in a template parameter corrupts the heap; Python's debug
    allocator aborts). The light tokenizer routes calloc through PyObject_Calloc."""
    _light()
    files = [str(p) for p in corpus_files()[::60]]
    code = (
        "import sys\n"
        "from wikilint._compiled import light_tokenizer\n"
        "light = light_tokenizer()[0]\n"
        "assert light is not None, light_tokenizer()\n"
        "texts = ['{{T|p=a & b}}', '{{x|&}} &amp; &#x41; &#65; &bogus; {{y|a=&;|&#;}}']\n"
        "texts += [open(f, encoding='utf-8').read() for f in sys.argv[1:]]\n"
        "for t in texts:\n"
        "    light().tokenize(t, 0, True)\n"
        "print('ok', len(texts))\n"
    )
    env = {**os.environ, "PYTHONMALLOC": "debug"}
    r = subprocess.run([sys.executable, "-c", code, *files], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == f"ok {len(files) + 2}"
