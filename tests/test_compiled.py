"""The optional compiled build (setup.py, wikilint/_compiled.py): the compiled span-tree builder
gives exactly the pure-Python builder's tree, WIKILINT_PURE_PYTHON=1 loads the .py, and a source
edited since the build runs as pure Python.

Where no compiled module was built (no Cython or no C compiler at install time) the comparisons
skip with a reason; CI sets WIKILINT_REQUIRE_COMPILED=1 so that they fail there instead.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from compiled_support import need_compiled
from corpus import corpus_files, read_page
from mwparserfromhell.parser import CTokenizer

import wikilint.tree
from wikilint import _compiled

SOURCE = Path(_compiled.__file__).with_name("tree.py")
HAS_EXTENSION = any(SOURCE.with_name("tree" + s).is_file() for s in importlib.machinery.EXTENSION_SUFFIXES)


def _need_compiled() -> None:
    need_compiled("tree")


@pytest.fixture(scope="module")
def pure():
    """tree.py loaded from source under another name, beside the compiled wikilint.tree."""
    spec = importlib.util.spec_from_file_location("wikilint._tree_pure_for_tests", SOURCE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# Every attribute a rule can read, per class name (child sequences through their properties).
FIELDS = {
    "Text": (),
    "Entity": ("value", "named", "hexadecimal"),
    "Comment": ("content_start", "content_end", "nodes"),
    "Heading": ("level", "title_start", "title_end", "nodes"),
    "Template": ("name_start", "name_end", "name_nodes", "params"),
    "Argument": ("name_start", "name_end", "default_start", "default_end", "nodes"),
    "Wikilink": ("title_start", "title_end", "text_start", "text_end", "nodes"),
    "ExternalLink": ("brackets", "url_start", "url_end", "title_start", "title_end", "nodes"),
    "Tag": (
        "name", "tag_start", "tag_end", "attrs", "self_closing", "implicit", "invalid", "wiki_markup",
        "contents_start", "contents_end", "close_start", "nodes", "tag_nodes", "opener_end",
    ),
    "Parameter": (
        "start", "end", "key_start", "key_end", "value_start", "value_end", "showkey", "name",
        "key_nodes", "value_nodes",
    ),
    "Attribute": (
        "start", "end", "name_start", "name_end", "value_start", "value_end", "quote", "name_nodes",
        "value_nodes", "pad_eq", "pad_before",
    ),
}


def _describe(result) -> tuple:
    """Everything in a built tree, with nodes replaced by their document-order index."""
    top, everything, index = result
    number = {id(n): k for k, n in enumerate(everything)}

    def value(v):
        if type(v).__name__ in ("Parameter", "Attribute"):
            return item(v)
        if type(v) is tuple:
            return tuple(value(x) for x in v)
        if id(v) in number:
            return ("node", number[id(v)])
        assert v is None or type(v) in (int, str, bool), type(v)
        return (type(v).__name__, v)

    def item(obj) -> tuple:
        name = type(obj).__name__
        out = [name, obj.kind if hasattr(obj, "kind") else None]
        if hasattr(obj, "parent"):
            out += [obj.start, obj.end, obj.span, value(obj.parent), tuple(value(c) for c in obj.children())]
        if name == "Parameter":
            out.append(value(obj.template))
        out += [(f, value(getattr(obj, f))) for f in FIELDS[name]]
        return tuple(out)

    return (
        tuple(number[id(n)] for n in top),
        tuple(item(n) for n in everything),
        {k: tuple(number[id(n)] for n in v) for k, v in index.items()},
    )


SYNTHETIC = [
    "",
    "plain",
    "a<ref name=x group='g' >{{cite web|url=http://e.org|title=[[T|t]] &amp; &#x41;|2}}</ref>",
    "== H <!-- c --> ==\n{| class=x\n|-\n| a || b\n|}\n* [http://e.org e] http://f.org {{{1|d}}}",
    "<ref name=\"a\"/><references>\n<ref name=a>x</ref></references><br/><nowiki>{{x}}</nowiki>",
    "{{a|b={{c|d=e}}|f}}[[File:X.png|thumb|[[L]]]]<span style=\"x\">y</span></div>",
    "unclosed {{tpl|x=[[a|b}} <ref>no end",
]


def _build(mod, text: str):
    return mod.build(CTokenizer().tokenize(text, 0, True), text)


@pytest.mark.parametrize("text", SYNTHETIC)
def test_compiled_tree_equals_pure_tree_synthetic(pure, text):
    _need_compiled()
    assert _describe(_build(wikilint.tree, text)) == _describe(_build(pure, text))


def test_compiled_tree_equals_pure_tree_on_corpus(pure):
    _need_compiled()
    files = corpus_files()
    if not files:
        pytest.skip("shared corpus not found (../shared or $WIKILINT_SHARED)")
    compared = 0
    for path in files[::7]:  # about 300 pages of 26 wikis
        text = read_page(path)
        toks = CTokenizer().tokenize(text, 0, True)
        assert _describe(wikilint.tree.build(toks, text)) == _describe(pure.build(toks, text)), path.name
        compared += 1
    assert compared > 100


def test_compiled_tree_raises_tree_error_like_pure(pure):
    _need_compiled()
    from mwparserfromhell.parser import tokens as T

    bad = [[T.TemplateClose()], [T.TemplateParamEquals()], [T.TagAttrStart(pad_first="", pad_before_eq="", pad_after_eq="")]]
    for toks in bad:
        with pytest.raises(wikilint.tree.TreeError):
            wikilint.tree.build(toks, "}}")
        with pytest.raises(pure.TreeError):
            pure.build(toks, "}}")


def _tree_file(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "WIKILINT_PURE_PYTHON"}
    env.update(env_extra)
    out = subprocess.run(
        [sys.executable, "-c", "import wikilint.tree as t; print(t.__file__)"],
        env=env, capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


def test_pure_python_environment_variable():
    assert _tree_file({"WIKILINT_PURE_PYTHON": "1"}).endswith("tree.py")
    default = _tree_file({})
    if HAS_EXTENSION and "tree" in _compiled._built():
        assert not default.endswith(".py"), default
    else:
        assert default.endswith("tree.py")


def test_edited_source_runs_pure(tmp_path, monkeypatch):
    """A record whose hash is not the source's (tree.py edited after the build) means pure."""
    if not HAS_EXTENSION:
        pytest.skip("no compiled extension beside tree.py")
    monkeypatch.delenv("WIKILINT_PURE_PYTHON", raising=False)
    # the other compiled modules (their extensions built) recorded as built from their sources
    others = {
        name: _compiled._source_hash(SOURCE.with_name(name + ".py"))
        for name in _compiled.COMPILED
        if name != "tree" and _compiled._has_extension(name)
    }
    # and those that use the tree's extension types run pure with it
    with_tree = {name: "needs tree" for name in others if "tree" in _compiled.NEEDS.get(name, ())}
    record = tmp_path / "_compiled.json"
    record.write_text(json.dumps({"tree": "0" * 64, **others}), encoding="utf-8")
    monkeypatch.setattr(_compiled, "_RECORD", record)
    assert _compiled._decide() == {"tree": "stale", **with_tree}
    record.write_text(json.dumps({"tree": _compiled._source_hash(SOURCE), **others}), encoding="utf-8")
    assert _compiled._decide() == {}
    # an edit of the .pxd alone makes it stale too (the record hashes both files)
    py_only = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    record.write_text(json.dumps({"tree": py_only, **others}), encoding="utf-8")
    assert _compiled._decide() == {"tree": "stale", **with_tree}
    record.write_text("not json", encoding="utf-8")
    assert _compiled._decide() == {name: "stale" for name in ("tree", *others)}
    monkeypatch.setenv("WIKILINT_PURE_PYTHON", "1")
    assert _compiled._decide() == {name: "WIKILINT_PURE_PYTHON" for name in ("tree", *others)}
