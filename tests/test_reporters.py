"""Output formats: sarif (validated against the official 2.1.0 schema), github, full, json,
text; colour only when asked for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import SHARED

from wikilint.files import Source
from wikilint.linter import LintSettings
from wikilint.registry import get_registry
from wikilint.reporters import LineIndex, ReportContext, get_reporter
from wikilint.reporters.full import width
from wikilint.reporters.github import escape_data, escape_property
from wikilint.runner import process

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
EXAMPLE = ROOT / "examples" / "en" / "Second_Battle_of_al-Qusayr.wiki"

DL = "[http://x.example/ x]{{dead link}}"
SELECT = ["WL601", "WL003", "WL004"]


def results_for(pages: dict[str, str], select=SELECT, fix: bool = False):
    settings = LintSettings(select=select)
    return [process(Source(name, text), settings, False, fix) for name, text in pages.items()]


def ctx(**kw) -> ReportContext:
    return ReportContext(registry=get_registry(), **kw)


# ---------------------------------------------------------------------------------- sarif
def _validate(doc: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF 2.1.0 schema not found at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_from_the_english_example_validates():
    if not EXAMPLE.is_file():
        pytest.skip(f"example page not found at {EXAMPLE}")
    from wikilint.files import read_source

    src = read_source(EXAMPLE)
    src.path = "examples/en/Second_Battle_of_al-Qusayr.wiki"
    result = process(src, LintSettings(), False, False)
    assert result.diagnostics, "the example is meant to show problems"
    doc = json.loads(get_reporter("sarif")([result], ctx()))
    _validate(doc)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids))
    for rule in rules:
        assert rule["help"]["text"].startswith(f"# {rule['name']} ({rule['id']})")
        assert "## What it does" in rule["help"]["markdown"]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    assert len(run["results"]) == len(result.diagnostics)
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {
            "uri": "examples/en/Second_Battle_of_al-Qusayr.wiki",
            "uriBaseId": "%SRCROOT%",
        }
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1


def test_sarif_columns_count_code_points_and_fixes_validate():
    # "𝔸" is one code point (two UTF-16 units): the {{dead link}} tag starts at column 24.
    pages = {"pages/Ä b.wiki": f"𝔸 {DL}\nClean. <!-- wikilint-disable-line -->\n"}
    doc = json.loads(get_reporter("sarif")(results_for(pages), ctx()))
    _validate(doc)
    res = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in res] == ["WL601", "WL003"]
    region = res[0]["locations"][0]["physicalLocation"]["region"]
    start = len("𝔸 [http://x.example/ x]") + 1
    assert start == 24
    assert region == {"startLine": 1, "startColumn": start, "endLine": 1, "endColumn": start + len("{{dead link}}")}
    assert res[0]["level"] == "warning"
    assert res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pages/%C3%84%20b.wiki"
    fix = res[1]["fixes"][0]
    assert fix["description"]["text"] == "Remove the unused directive"
    assert fix["artifactChanges"][0]["replacements"][0]["deletedRegion"]["startLine"] == 2


def test_sarif_without_results_validates():
    doc = json.loads(get_reporter("sarif")(results_for({"a.wiki": "Clean.\n"}), ctx()))
    _validate(doc)
    assert doc["runs"][0]["results"] == []


# ---------------------------------------------------------------------------------- github
def test_github_escaping():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations():
    pages = {"dir,x/a:b.wiki": f"{DL}\n<!-- wikilint-disabel -->\nClean. <!-- wikilint-disable-line -->\n"}
    out = get_reporter("github")(results_for(pages), ctx()).splitlines()
    assert out[0] == (
        "::warning file=dir%2Cx/a%3Ab.wiki,line=1,endLine=1,col=22,endColumn=35,"
        "title=wikilint (WL601 dead-link)::dir,x/a:b.wiki:1:22: WL601 Dead link marks http://x.example/"
    )
    assert out[1].startswith("::error file=dir%2Cx/a%3Ab.wiki,line=2,endLine=2,col=1,")
    assert out[1].endswith("WL004 Unknown wikilint directive 'wikilint-disabel' (expected one of wikilint-disable, wikilint-enable, wikilint-disable-line, wikilint-disable-next-line, wikilint-disable-file)")
    assert out[2].startswith("::warning ") and out[2].endswith("%0A  help: Remove the unused directive")
    assert len(out) == 3


# ---------------------------------------------------------------------------------- full
def _caret_line(block: str) -> tuple[str, str]:
    lines = block.splitlines()
    i = next(i for i, line in enumerate(lines) if "^" in line)
    return lines[i - 1], lines[i]


def test_full_shows_source_caret_and_fix_title():
    pages = {"a.wiki": f"Intro {DL}\nClean. <!-- wikilint-disable-line -->\n"}
    out = get_reporter("full")(results_for(pages), ctx())
    blocks = out.split("\n\n")
    assert blocks[0].splitlines()[:2] == ["WL601 warning Dead link marks http://x.example/", " --> a.wiki:1:28"]
    src, carets = _caret_line(blocks[0])
    assert src == f"1 | Intro {DL}"
    assert carets == "  | " + " " * len("Intro [http://x.example/ x]") + "^" * len("{{dead link}}")
    assert "help: Remove the unused directive" in blocks[1]
    assert blocks[-1].startswith("Found 2 problems (2 warnings).")


def test_full_aligns_wide_characters_and_tabs():
    pages = {"a.wiki": f"\t中文 {DL}\n"}
    out = get_reporter("full")(results_for(pages), ctx())
    src, carets = _caret_line(out)
    prefix = "\t中文 [http://x.example/ x]"
    assert src == "1 |     中文 [http://x.example/ x]{{dead link}}"
    assert carets.index("^") - len("  | ") == width(prefix)


def test_full_cuts_long_lines_around_the_span():
    pages = {"a.wiki": "word " * 200 + DL + " tail" * 200 + "\n"}
    out = get_reporter("full")(results_for(pages), ctx())
    src, carets = _caret_line(out)
    assert len(src) < 200 and src.startswith("1 | …") and src.endswith("…")
    assert src[carets.index("^") : carets.index("^") + 13] == "{{dead link}}"


def test_full_multiline_span():
    pages = {"a.wiki": "[http://x.example/ x]{{dead link\n|date=May 2020}}\n"}
    out = get_reporter("full")(results_for(pages), ctx())
    assert "1 | [http://x.example/ x]{{dead link" in out
    assert "2 | |date=May 2020}}" in out


def test_full_unsafe_fix_note_and_no_source_for_stdin_less_results():
    from wikilint.model import Diagnostic, Fix, Edit
    from wikilint.reporters.full import render_one

    d = Diagnostic("WL601", "dead-link", "msg", 0, 1, 1, 1, 1, 2, fix=Fix.unsafe("Do it", Edit(0, 1, "")), path="a.wiki")
    text = render_one(d, LineIndex("x\n"), False)
    assert "help: Do it" in text and "unsafe fix" in text and "[-] msg" in text


# ---------------------------------------------------------------------------------- json / text
def test_json_and_json_lines_agree():
    results = results_for({"a.wiki": f"{DL}\n{DL}\n", "b.wiki": "Clean.\n"})
    items = json.loads(get_reporter("json")(results, ctx()))
    lines = [json.loads(line) for line in get_reporter("json-lines")(results, ctx()).splitlines()]
    assert items == lines
    assert [(i["file"], i["line"], i["column"], i["code"], i["severity"]) for i in items] == [
        ("a.wiki", 1, 22, "WL601", "warning"),
        ("a.wiki", 2, 22, "WL601", "warning"),
    ]


def test_text_is_concise_and_uncoloured_unless_asked():
    results = results_for({"a.wiki": f"{DL}\n"})
    plain = get_reporter("text")(results, ctx())
    assert plain.splitlines()[0] == "a.wiki:1:22: WL601 warning Dead link marks http://x.example/"
    assert "\x1b[" not in plain
    assert get_reporter("concise")(results, ctx()) == plain
    coloured = get_reporter("text")(results, ctx(color=True))
    assert "\x1b[" in coloured
    assert "\x1b[" in get_reporter("full")(results, ctx(color=True))


def test_line_index():
    idx = LineIndex("ab\r\ncd\nef")
    assert idx.line_col(0) == (1, 1)
    assert idx.line_col(4) == (2, 1)
    assert idx.line(1) == "ab" and idx.line(3) == "ef" and idx.line(9) == ""


def test_json_stream_writes_what_json_dumps_writes():
    # The streamed JSON writes each diagnostic without making its dict (_diagnostic_text); it
    # must be byte for byte json.dumps(..., indent=2), for real findings (fixes, related
    # locations, data) and for values the fast writer hands back to the json module.
    from corpus import corpus_files, read_page

    from wikilint.model import Diagnostic, Edit, Fix, Related, Severity
    from wikilint.reporters.json_ import _item_text, diagnostic_dict

    diags = []
    for path in corpus_files()[::40]:
        diags += process(Source(path.name, read_page(path)), LintSettings(), False, False).diagnostics
    assert any(d.fix for d in diags) and any(d.related for d in diags) and any(d.data for d in diags)
    diags += [
        Diagnostic("WL601", "dead-link", "m\u00e9ss\"age\n", 0, 1, 1, 1, 1, 2, severity=Severity.ERROR,
                   fix=Fix.unsafe("T\u00eftle", Edit(0, 1, "\t\u4e2d")), path=None, mw_key="cite_x",
                   related=(Related(0, 1, "other", 1, 1),), data={"url": "http://x", "n": [1, 2.5, None]}),
        Diagnostic("WL601", "dead-link", "msg", 0, 1, 1, 1, 1, 2, data={"f": float("nan")}),  # json decides
        Diagnostic("WL601", "dead-link", "msg", 0, 1, True, 1, 1, 2),  # a bool where an int goes
    ]
    for d in diags:
        want = json.dumps(diagnostic_dict(d), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        assert _item_text(d) == want, d
