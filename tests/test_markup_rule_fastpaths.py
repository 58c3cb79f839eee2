"""The markup rules' shortcuts held to the paths they skip: each has a switch that turns it
off, and the rule gives the same diagnostics either way, on synthetic pages and a slice of the
corpus. Runs in both modes (compiled and pure Python)."""

from __future__ import annotations

import random
import re

import pytest
from corpus import corpus_files, read_page
from wikilint.rules.markup import _tablecells, _util
from wikilint.rules.markup.bogus_image_options import BogusImageOptions
from wikilint.rules.markup.bold_heading import BoldHeading
from wikilint.rules.markup.empty_heading import EmptyHeading
from wikilint.rules.markup.invalid_br import InvalidBr
from wikilint.rules.markup.invisible_character import InvisibleCharacter
from wikilint.rules.markup.ref_in_heading import RefInHeading
from wikilint.rules.markup.table_attribute_junk import TableAttributeJunk
from wikilint.rules.markup.tag_in_cell_attributes import TagInCellAttributes
from wikilint.rules.markup.template_arg_in_extension_tag import TemplateArgInExtensionTag
from wikilint.rules.markup.unclosed_quotes_in_heading import UnclosedQuotesInHeading
from wikilint.rules.markup.wikilink_in_extlink import WikilinkInExtlink

import wikilint.markup as mk
from wikilint.document import Document

FILES = corpus_files()
SLICE = FILES[::9]

SYNTHETIC = [
    "",
    "plain text\n",
    "a\u200bb \u200e\u200e c\x07d\ufeff\n\u05d0\u200f\u05d1\n\u2028\x85 end",
    "\t\r\n\x0b\x1f\x7f\x9f\xa0\u200c\u200d\u200e\u2029\u202a\u202e\u202f\u2066\u2069\u206a\ufeff\ufefe",
    "{|\n|- style=\"x\n| bad\"|a || <span>b</span>| c\n! width=3 | h\n|}\n",
    "text {| not a table\n|}\n",
    "<gallery>\nFile:A.jpg|{{{1}}}\n</gallery>\n<ref>{{{x|y}}}</ref> {{{z}}}",
    "<poem>{{{a}}}</poem>",
    "== <span>''x</span> ==\n== b ==\n<span>''y</span>\n",
    "== ''a'' ==\n''b''\n",
    "== <b>'''x</b> <!-- <i> --> ==\n",
    "[http://a.example [[b]] c] [http://d.example e [[f|g]]] [http://h.example] [[i]] [http://j.example {{k|[[l]]}}]",
    "[http://a.example [[File:x.png|link=]] y] <nowiki>[http://b.example [[c]]]</nowiki>",
    "== '''Bold''' ==\n=='''x'''==\n== '''a''' b ==\n<nowiki>\n== '''c''' ==\n</nowiki>\n",
    "== a<ref>b</ref> ==\n== c{{#tag:ref|d}} ==\n== {{x}} ==\n== <span>e</span> ==\n",
    "==  ==\n== <!-- x --> ==\n== [[Category:X]] ==\n<nowiki>\n==  ==\n</nowiki>\n",
    (
        "== __NOTOC__ ==\n== _ ==\n== a_b ==\n==&nbsp;==\n== {{x}} ==\n== http://a.example ==\n=== \t ===\n"
        "== \u3000 ==\n== [[Category:X]] <!-- y --> ==\n== [[Category:X|y]] ==\n== [[File:X.png]] ==\n"
        "==<nowiki/>==\n== <b></b> ==\n== [http://a.example] ==\n=={{{1}}}==\n== &#32; ==\n"
    ),
    (
        "[[File:A.png|thumb|thumb|200px|300px|x]] [[a:b|c]] [[:File:B.png|x|y]] [[Datei:C.jpg|links|rechts|q]]"
        "\n[[File:D.png]] [[File:E.png|{{x}}|y]] <nowiki>[[File:F.png|1|2]]</nowiki> [[x|File:G.png|1|2]]"
        "\n[[Image:H.png|framed|100px|a|b]] [[ File : I.png |upright=x|c]] [[\u0424\u0430\u0439\u043b:J.png|5|6]]"
    ),
]


def _random_brs(rng: random.Random) -> str:
    parts = ["<", "<", ">", ">", "br", "BR", "Br", "/", "\\", " ", "  ", "\n", "\t", "clear=all",
             "a", "x", "1", ".", "=", '"', "<!--", "-->", "<nowiki>", "</nowiki>", "\u017f", "\u212a",
             "<br>", "</br>"]
    return "".join(rng.choice(parts) for _ in range(rng.randint(1, 60)))


SYNTHETIC += [_random_brs(random.Random(seed)) for seed in range(400)]


def _diags(rule, text: str) -> list:
    doc = Document(text)
    return [(d.code, d.start, d.end, d.message, repr(d.fix), repr(d.data)) for d in rule.check(doc)]


def _same(rule, switch: str, text: str) -> int:
    setattr(rule, switch, True)
    fast = _diags(rule, text)
    setattr(rule, switch, False)
    try:
        slow = _diags(rule, text)
    finally:
        setattr(rule, switch, True)
    assert fast == slow, text[:200]
    return len(fast)


def _pages() -> list[str]:
    return SYNTHETIC + [read_page(p) for p in SLICE]


@pytest.mark.parametrize(
    ("rule_class", "switch", "synthetic_hits"),
    [
        (InvisibleCharacter, "quick_scan", 6),
        (InvalidBr, "misspelt_only", 20),
        (TemplateArgInExtensionTag, "quick_test", 2),
        (UnclosedQuotesInHeading, "quick_test", 1),
        (WikilinkInExtlink, "quick_test", 2),
        (BoldHeading, "quick_test", 2),
        (RefInHeading, "quick_test", 2),
        (EmptyHeading, "quick_test", 6),
        (BogusImageOptions, "quick_links", 3),
    ],
)
def test_markup_rule_shortcuts_change_nothing(rule_class, switch, synthetic_hits) -> None:
    rule = rule_class()
    assert sum(_same(rule, switch, t) for t in SYNTHETIC) >= synthetic_hits
    for text in _pages()[len(SYNTHETIC) :]:
        _same(rule, switch, text)


def test_table_attribute_rules_skip_pages_without_tables(monkeypatch) -> None:
    """The table attribute regions are only looked for on pages with "{|": the same regions
    (and the same WL720/WL721 reports) as looking at every tag of every page."""
    found = 0
    for text in _pages():
        got = _table_attribute_outcomes(text, monkeypatch, "QUICK_TEST")
        assert got[True] == got[False], text[:200]
        found += len(got[True][0])
    assert found > 0


def _table_attribute_outcomes(text: str, monkeypatch, switch: str) -> dict[bool, tuple[list, list]]:
    """The attribute regions and WL720/WL721 reports of *text*, with the shortcut *switch* of
    ``_tablecells`` on and off (a new document each time: the regions are remembered per
    document)."""
    got = {}
    for quick in (True, False):
        monkeypatch.setattr(_tablecells, switch, quick)
        doc = Document(text)
        regions = [(t.start, s, e) for t, s, e in _tablecells.attribute_regions(doc)]
        rules = (TagInCellAttributes(), TableAttributeJunk())
        reports = [(d.code, d.start, d.end, d.message) for r in rules for d in r.check(doc)]
        got[quick] = (regions, reports)
    return got


def test_table_attribute_rules_row_cell_tags_as_the_tag_walk(monkeypatch) -> None:
    """The row and cell tags with attributes from ``markup.row_cell_tags`` (a C loop when
    compiled): the same regions and WL720/WL721 reports as asking every tag for its markup
    and attributes."""
    found = 0
    for text in _pages() + ["{|\n|-\n| a || b\n!! c\n|- class=x\n| d=1 | e\n|}\n", "{|\n|}\n"]:
        got = _table_attribute_outcomes(text, monkeypatch, "QUICK_TAGS")
        assert got[True] == got[False], text[:200]
        found += len(got[True][0])
    assert found > 0


def _first_by_pattern(text: str) -> int:
    m = re.compile(mk.INVISIBLE_CHARS).search(text)
    return -1 if m is None else m.start()


def test_invisible_scan_agrees_with_the_pattern_on_every_code_point() -> None:
    """The character loop (a C loop when markup.py is compiled; Python here otherwise) and
    ``first_invisible`` find exactly the characters of ``INVISIBLE_CHARS``."""
    pattern = re.compile(mk.INVISIBLE_CHARS)
    for cp in range(0x110000):
        ch = chr(cp)
        want = 0 if pattern.match(ch) else -1
        assert mk._scan_invisible(ch) == want, hex(cp)
        assert mk.first_invisible(ch) == want, hex(cp)


def test_invisible_scan_agrees_with_the_pattern_on_pages() -> None:
    rng = random.Random(5)
    alphabet = ("ab \n\t\r\x00\x0b\x1f\x7f\x9f\xa0é\u0416\u200b\u200c\u200e\u2028\u202f\u2069\u206a"
                "\ufeff\U0001f600")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(2_000)]
    texts += [read_page(p) for p in SLICE]
    hits = 0
    for text in texts:
        want = _first_by_pattern(text)
        assert mk._scan_invisible(text) == want
        assert mk.first_invisible(text) == want
        hits += want >= 0
    assert hits > 100


def test_file_namespace_memo_gives_what_the_site_says(monkeypatch) -> None:
    """``file_namespace`` remembers prefixes per site: the same answers as ``namespace_id``,
    also when the memo fills up and starts again, and for prefixes too long to remember."""
    monkeypatch.setattr(_util, "_NS_MEMO", 5)
    doc = Document("x")
    si = doc.site.siteinfo
    titles = ["File:a", "file:b", "Image:c", " File :d", "Category:e", "Talk:f", "Nope:g",
              "x" * 80 + ":h", "File_talk:i", "FILE:j", ":File:k", "Datei:l", "File:a"] * 3
    for title in titles:
        prefix = title.split(":", 1)[0]
        assert _util.file_namespace(doc, title) == si.namespace_id(prefix), title
    assert _util.file_namespace(doc, "no prefix") is None
    assert len(si.__dict__["_wl_namespace_ids"]) <= 5


def test_prefixed_links_scan_agrees_with_find() -> None:
    """``markup.prefixed_links`` (a character loop when compiled) picks the same wikilinks as
    looking for a ``:`` in each target with ``str.find``."""
    rng = random.Random(11)
    parts = ["[[", "]]", "|", ":", "a", " ", "File", "\u0424", "{{x}}", "<!--:-->", "\n", "[[a]]"]
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 40))) for _ in range(1_500)]
    texts += [read_page(p) for p in SLICE]
    found = 0
    for text in texts:
        doc = Document(text)
        want = [
            wl
            for wl in doc.wikilinks
            if wl.text_start is not None and text.find(":", wl.title_start, wl.title_end) >= 0
        ]
        assert mk.prefixed_links(text, doc.wikilinks) == want
        assert mk._prefixed_links_scan(text, doc.wikilinks) == want
        found += len(want)
    assert found > 100


def test_bogus_image_option_memo_changes_nothing(monkeypatch) -> None:
    """WL410's per-site memo of what a plain option is gives the diagnostics of classifying
    every option afresh (file links and, with the option on, gallery lines; also when the memo
    fills up and starts again)."""
    from wikilint.rules.markup import bogus_image_options as bio

    monkeypatch.setattr(bio, "_OPTION_MEMO_SIZE", 7)
    gallery = (
        "<gallery>\nFile:A.jpg|thumb|200px|x\nFile:B.webm|thumbtime=3|start=1:02|y\n"
        "File:C.png|250pxpx|left|a ''b''|c\n</gallery>\n"
    )
    found = 0
    for text in [*SYNTHETIC[:20], gallery, *_pages()[len(SYNTHETIC) :]]:
        got = {}
        for memo in (True, False):
            monkeypatch.setattr(bio, "OPTION_MEMO", memo)
            rule = BogusImageOptions()
            rule.opts = {**rule.opts, "galleries": True}
            got[memo] = _diags(rule, text)
        assert got[True] == got[False], text[:200]
        found += len(got[True])
    assert found >= 20
