"""The language server's page logic without the protocol (wikilint.server.features and
positions): the edge cases that would be slow to reach one subprocess at a time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikilint.document import Document
from wikilint.fixer import apply_edits
from wikilint.refs import Ref
from wikilint.registry import get_registry
from wikilint.server import features as F
from wikilint.server.positions import LineIndex
from wikilint.suppress import parse_directives


def doc(text: str) -> Document:
    return Document(text)


def rename(text: str, at: str, new: str, delta: int = 1) -> str:
    d = doc(text)
    tg = F.target_at(d, text.index(at) + delta)
    assert tg is not None
    return apply_edits(text, F.rename_edits(d, tg, new))


# ------------------------------------------------------------------------------ positions


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_positions_round_trip(encoding: str):
    text = "a\U0001f600b\r\n中文\ttext\n\nlast"
    idx = LineIndex(text, encoding)
    for off in range(len(text) + 1):
        line, ch = idx.position(off)
        if text[off - 1 : off + 1] == "\r\n":
            continue  # between \r and \n is not a position an editor has
        assert idx.offset(line, ch) == off
    assert idx.position(2) == (0, {"utf-16": 3, "utf-8": 5, "utf-32": 2}[encoding])
    assert idx.offset(0, 999) == 3  # clamped to the line, before "\r\n"
    assert idx.offset(99, 0) == len(text)


# ------------------------------------------------------------------------------ references


def test_rename_keeps_each_quote_style_valid():
    text = "a<ref name='x'>A</ref> b<ref name=x/> c<ref name=\"x\" /> d<ref follow=x>more</ref>"
    out = rename(text, "name='x'", 'it\'s "big"', delta=6)
    d = doc(out)
    keys = d.refs.by_key()
    assert list(keys) == [("", 'it\'s "big"')] and len(keys[("", 'it\'s "big"')]) == 3
    assert [r.follow for r in d.refs.refs if r.follow] == ['it\'s "big"']
    assert "name='it&#39;s \"big\"'" in out and 'name="it\'s &quot;big&quot;"' in out


def test_rename_in_tag_function_and_groups():
    text = '{{#tag:ref|Body|name=n}} x<ref name="n" /> <ref group="g" name="n">Other</ref>'
    out = rename(text, '<ref name="n"', "m", delta=12)
    assert out == '{{#tag:ref|Body|name=m}} x<ref name="m" /> <ref group="g" name="n">Other</ref>'


def test_rename_refusals():
    text = '<ref name="a">A</ref><ref name="b">B</ref><ref name="a"/>{{efn|name=a|note}}'
    d = doc(text)
    tg = F.target_at(d, 12)
    assert tg is not None and tg.name == "a"
    with pytest.raises(F.RenameError, match="merge"):
        F.rename_edits(d, tg, "b")
    with pytest.raises(F.RenameError, match="digits"):
        F.rename_edits(d, tg, " 12 ")
    with pytest.raises(F.RenameError, match="end the tag"):
        F.rename_edits(d, tg, "a>b")


def test_targets_and_uses():
    text = 'x<ref name="a" group="g">A</ref> y<ref group="g" name=" a "/> z<ref name="a"/>'
    d = doc(text)
    tg = F.target_at(d, text.index('" a "') + 2)
    assert (tg.group, tg.name) == ("g", "a")
    assert [text[u.start : u.end] for u in F.uses(d, "g", "a")] == ["a", " a "]
    assert [r.start for r in F.definitions(d, "g", "a")] == [1]
    assert F.target_at(d, 0) is None
    hover = F.hover_text(d, tg)
    assert "used 2 times" in hover and "```wikitext\nA\n```" in hover
    assert "Never defined" in F.hover_text(d, F.target_at(d, text.rindex("name")))


@pytest.mark.skipif(
    not hasattr(Ref, "via_template"),
    reason="this reference model has no ref-making templates ({{r}}, {{efn}}): they arrive with the site's [ref-templates]",
)
def test_ref_templates_of_the_site():
    from wikilint.sites import load_site

    text = 'A<ref name="a">Alpha</ref> B<ref name="b">Beta</ref> C{{r|a|b}} D{{r| b }}'
    d = Document(text, site=load_site("enwiki"))
    tg = F.target_at(d, text.index("|b}}") + 1)
    assert (tg.name, text[tg.start : tg.end]) == ("b", "b")
    assert [text[u.start : u.end] for u in F.uses(d, "", "b")] == ["b", "b", "b"]
    out = apply_edits(text, F.rename_edits(d, tg, "beta"))
    assert out == 'A<ref name="a">Alpha</ref> B<ref name="beta">Beta</ref> C{{r|a|beta}} D{{r| beta }}'


# ------------------------------------------------------------------------------ completion


def test_ref_name_context():
    text = 'x<ref group="notes" name="ab'
    ctx = F.ref_name_context(text, len(text))
    assert ctx == F.RefNameContext("notes", len(text) - 2, '"')
    assert F.ref_name_context('<ref name="a">text', 18) is None
    assert F.ref_name_context("<ref follow=", 12) == F.RefNameContext("", 12, "")


def test_template_context():
    text = "{{Cite web |url={{URL|x|y}} |title=[[a|b]] |ti }}"
    at = text.index("|ti }}") + 3
    ctx = F.template_context(text, at)
    assert ctx is not None and ctx.name == "Cite web" and text[ctx.start : at] == "ti"
    assert set(ctx.used) == {"url", "title"}
    assert F.template_context(text, text.index("x|y") + 2).name == "URL"  # the innermost call
    assert F.template_context("{{#if:a|", 8) is None
    assert F.template_context("{{{arg|", 7) is None
    assert F.template_context("[[File:a.png|", 13) is None
    assert F.template_context("{{Cite web", 10) is None  # still the name


# ------------------------------------------------------------------------------ directives


def directives(d: Document):
    return parse_directives(d, get_registry())


def test_disable_line_edit():
    text = "a <!-- wikilint-disable-line WL601 -->\r\nb\n<pre>\nc\n</pre>\n"
    d = doc(text)
    e = F.disable_line_edit(d, "WL501", 1, directives(d))
    assert apply_edits(text, [e]).startswith("a <!-- wikilint-disable-line WL601, WL501 -->\r\n")
    e = F.disable_line_edit(d, "WL501", 2, directives(d))
    assert apply_edits(text, [e]).split("\n")[1] == "b <!-- wikilint-disable-line WL501 -->"
    assert F.disable_line_edit(d, "WL501", 4, directives(d)) is None  # inside <pre>: not a comment
    text = "{{T|a\n|b}}\n"
    d = doc(text)
    e = F.disable_line_edit(d, "WL601", 1, directives(d))
    assert apply_edits(text, [e]) == "{{T|a<!-- wikilint-disable-line WL601 -->\n|b}}\n"  # no space in the value


def test_disable_file_edit():
    d = doc("#REDIRECT [[X]]")
    assert apply_edits(d.text, [F.disable_file_edit(d, "WL401", [])]) == "#REDIRECT [[X]]\n<!-- wikilint-disable-file WL401 -->"
    d = doc("a\r\nb\r\n")
    assert apply_edits(d.text, [F.disable_file_edit(d, "WL401", [])]) == "<!-- wikilint-disable-file WL401 -->\r\na\r\nb\r\n"
    d = doc("<!-- wikilint-disable-file -->\nx")
    assert F.disable_file_edit(d, "WL401", directives(d)) is None  # already everything


# ------------------------------------------------------------------------------ structure


def test_outline_ignores_headings_in_templates_and_comments():
    text = "== A ==\n{{T|\n== not ==\n}}\n<!--\n== no ==\n-->\n=== B ===\n= C =\n"
    roots = F.outline(doc(text))
    assert [(s.title, [c.title for c in s.children]) for s in roots] == [("A", ["B"]), ("C", [])]
    assert text[roots[0].start : roots[0].end] == "== A ==\n{{T|\n== not ==\n}}\n<!--\n== no ==\n-->\n=== B ===\n"


def test_outline_and_folding_are_linear_on_many_sections():
    text = "".join(f"== S{i} ==\n{{{{T|\n{i}}}}}\n" for i in range(10000))
    d = doc(text)
    assert len(F.outline(d)) == 10000
    assert len(F.folding(d)) == 20000


# ------------------------------------------------------------------------------ fix all


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab\n\r{}<>é\U0001f600", max_size=60), st.text(alphabet="ab\n\r{}<>é\U0001f600", max_size=60))
def test_text_edits_turn_old_into_new(old: str, new: str):
    edits = F.text_edits(old, new)
    assert apply_edits(old, edits) == new
    assert all(e.replacement != old[e.start : e.end] for e in edits)


# ------------------------------------------------------------------------------ the server in-process


def test_a_crashing_rule_is_a_log_message_and_a_diagnostic(monkeypatch: pytest.MonkeyPatch):
    from wikilint.rule import Rule
    from wikilint.server.lsp import Settings, WikilintServer

    class Crash(Rule):
        """Crashes on every page.

        ## What it does
        Nothing but raise.
        """

        code = "XX901"
        name = "crash-on-purpose"

        def check(self, doc):  # noqa: ANN001, ANN201
            raise RuntimeError("boom")
            yield

    registry = get_registry()
    monkeypatch.setitem(registry.rules, Crash.code, Crash)
    monkeypatch.setitem(registry.by_name, Crash.name, Crash)
    server = WikilintServer()
    logged: list[str] = []
    monkeypatch.setattr(server, "log", lambda message, level=None: logged.append(message))
    server.settings = Settings.parse({"select": ["XX901", "WL501"], "isolated": True})
    a = server.analyze("untitled:crash.wiki", 'x<ref name="gone" />', 1)
    assert sorted(str(d.code) for d in a.lsp) == ["WL002", "WL501"]
    assert any("XX901" in m and "boom" in m for m in logged)


def test_settings_accept_every_spelling():
    from wikilint.server.lsp import Settings

    s = Settings.parse({"wikilint": {"extend-select": "WL1, WL2", "unsafe_fixes": True, "debounceMs": 0, "refSources": ["git"]}})
    assert (s.extend_select, s.unsafe_fixes, s.debounce, s.ref_sources) == (["WL1", "WL2"], True, 0.0, ["git"])
    later = Settings.parse({"select": ["WL5"]}, s)
    assert later.select == ["WL5"] and later.extend_select == ["WL1", "WL2"]  # the rest is kept
    with pytest.raises(ValueError):
        Settings.parse({"ignore": 3})


def test_without_the_lsp_extra_the_command_says_what_to_install():
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
        "sys.argv = ['wikilint', 'server']\n"
        "from wikilint.cli import main; main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wikilint: error: the language server needs the 'lsp' extra")
    assert "pip install 'wikilint[lsp]'" in lines[0]


# ------------------------------------------------------------------------------ the real corpus


def _corpus_sample():
    import os

    from corpus import corpus_files

    files = corpus_files()
    if os.environ.get("WIKILINT_LSP_CORPUS_ALL"):
        return files  # the whole corpus (2,041 pages): minutes, not for every run
    return files[::100]


@pytest.mark.parametrize("path", _corpus_sample(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_features_on_real_pages(path):
    """Every feature at spread-out places of real pages: no exception, and a rename of each of
    the first named refs either keeps every other ref as it was or is refused with a reason."""
    from corpus import read_page
    from wikilint.linter import Linter, LintSettings

    text = read_page(path)
    linter = Linter(LintSettings())
    d = linter.document(text, str(path))
    diags = linter.lint_document(d)
    sections = F.outline(d)
    folds = F.folding(d)
    assert all(0 <= s <= e < max(1, len(text)) for s, e, _ in folds)
    assert all(text[s.start : s.heading_end].lstrip().startswith("=") for s in sections)
    for k in range(30):
        off = (len(text) * k) // 30
        tg = F.target_at(d, off)
        if tg is not None:
            assert F.hover_text(d, tg)
        F.ref_name_context(text, off)
        F.template_context(text, off)
    for (group, name), refs in list(d.refs.by_key().items())[:3]:
        tg = F.target_at(d, refs[0].open_start + 1)
        assert tg is not None and (tg.group, tg.name) == (group, name)
        try:
            edits = F.rename_edits(d, tg, name + " 2")
        except F.RenameError as exc:
            assert str(exc)
            continue
        renamed = Document(apply_edits(text, edits))
        assert len(renamed.refs.by_key()[(group, name + " 2")]) == len(refs)
    directives_ = directives(d)
    for diag in diags[:5]:
        F.disable_line_edit(d, diag.code, diag.line, directives_)
        F.disable_file_edit(d, diag.code, directives_)
