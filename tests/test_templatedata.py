"""TemplateData: files written here, the API answer format, and the shipped CS1 data."""

import json
import tomllib
from importlib import resources

import pytest

from wikilint import Linter, LintSettings
from wikilint.fixer import fix_text
from wikilint.sites import load_site
from wikilint.templatedata import TemplateDataError, load_templatedata, parse_templatedata

GADGET = {
    "description": "A test infobox",
    "params": {
        "name": {"label": "Name", "required": True, "aliases": ["gadget_name"], "type": "string"},
        "color": {"suggested": True, "type": "string"},
        "colour": {"deprecated": "use |color=", "type": "string"},
        "item#": {"type": "string"},
        "1": {"type": "string"},
    },
}


def lint(text, tmp_path, site="enwiki", select=("WL2",)):
    linter = Linter(
        LintSettings(select=list(select), site=site, doc_options={"templatedata_dirs": [str(tmp_path)]})
    )
    return linter, linter.lint(text)


@pytest.fixture
def td_dir(tmp_path):
    (tmp_path / "Infobox gadget.json").write_text(json.dumps(GADGET), encoding="utf-8")
    api = {"pages": {"7": {"title": "Template:Widget_box", "params": {"size": {"required": True}}}}}
    (tmp_path / "api-answer.json").write_text(json.dumps(api), encoding="utf-8")
    return tmp_path


def test_file_written_in_test(td_dir):
    _, diags = lint(
        "{{infobox_gadget|nmae=W|colour=red|item2=x|first|gadget_name=W|name=W}}{{Widget box}}", td_dir
    )
    got = [(d.code, d.message) for d in diags]
    assert ("WL203", "Unknown parameter |nmae= in {{Infobox gadget}}; did you mean |name=?") in got
    assert ("WL205", "Deprecated parameter |colour= in {{Infobox gadget}}: use |color=") in got
    assert ("WL206", "|gadget_name= and |name= are the same parameter of {{Infobox gadget}}; only one is used") in got
    assert ("WL204", "{{Widget box}} is missing the required parameter |size= (or it is empty)") in got
    # item2 matches item#, the positional 1 is described: neither is unknown
    assert not any("item2" in m or "positional" in m for _, m in got)


def test_missing_required_and_alias(td_dir):
    _, diags = lint("{{Infobox gadget|color=red}}{{Infobox gadget|gadget_name=W}}", td_dir)
    assert [d.message for d in diags if d.code == "WL204"] == [
        "{{Infobox gadget}} is missing the required parameter |name= (or it is empty)"
    ]


def test_alias_conflict_fix_and_unknown_rename(td_dir):
    linter, _ = lint("", td_dir)
    text = "{{Infobox gadget|gadget_name=W|name=W|colr=red}}"
    assert fix_text(linter, text).text == "{{Infobox gadget|name=W|colr=red}}"
    assert fix_text(linter, text, unsafe=True).text == "{{Infobox gadget|name=W|color=red}}"


def test_user_file_replaces_shipped(tmp_path):
    (tmp_path / "Cite web.json").write_text(json.dumps({"params": {"url": {}, "title": {}, "foo": {}}}))
    _, diags = lint("{{cite web|url=x|title=A|foo=1|website=W}}", tmp_path)
    assert [d.message for d in diags if d.code == "WL203"] == ["Unknown parameter |website= in {{Cite web}}"]


def test_bad_files(tmp_path):
    (tmp_path / "Broken.json").write_text("{not json")
    with pytest.raises(TemplateDataError):
        load_templatedata((str(tmp_path),))
    with pytest.raises(TemplateDataError):
        parse_templatedata({"description": "no params"}, "X")
    with pytest.raises(TemplateDataError):
        load_templatedata((str(tmp_path / "missing"),))


def test_shipped_cs1_data_is_used():
    linter = Linter(LintSettings(select=["WL2"], site="enwiki"))
    diags = linter.lint("{{Cite_Web|title=A|acessdate=1|lay-url=x|accessdate=2|access-date=2}}")
    codes = sorted(d.code for d in diags)
    assert codes == ["WL203", "WL204", "WL205", "WL206"]


def test_shipped_data_matches_site_tables():
    """The shipped JSON agrees with the [cs1] tables it was written from."""
    site = load_site("enwiki")
    tds = load_templatedata()
    names = {p.name for p in resources.files("wikilint.data").joinpath("templatedata").iterdir()}
    assert "Cite web.json" in names and "Cite news.json" in names
    for name in ("Cite web", "Cite news", "Cite book", "Cite journal", "Cite magazine", "Citation"):
        info = tds.get(name)
        assert info is not None, name
        for alias, target in site.cs1.aliases.items():
            hit = info.resolve(alias.replace("#", "2"))
            assert hit is not None, (name, alias)
        for dep in site.cs1.deprecated:
            hit = info.resolve(dep)
            assert hit is not None and hit[0].deprecated, (name, dep)
        for removed in site.cs1.removed:
            assert info.resolve(removed.replace("#", "2")) is None, (name, removed)
    # every JSON file is valid TemplateData
    for entry in resources.files("wikilint.data").joinpath("templatedata").iterdir():
        parse_templatedata(json.loads(entry.read_text(encoding="utf-8")), entry.name[:-5])


def test_site_profile_extends_and_redirects(tmp_path):
    profile = tmp_path / "mywiki.toml"
    profile.write_text(
        'extends = "enwiki"\nname = "mywiki"\n[redirects]\n"Cite web" = ["Web-Zitat"]\n'
        '[templates]\ndead-link = ["Toter Link"]\n[maintenance]\ndate_format = "zh-year-month"\n',
        encoding="utf-8",
    )
    site = load_site(str(profile))
    assert site.name == "mywiki"
    assert "Web-Zitat" in site.template_names("citation")
    assert "Dead link" in site.template_names("dead-link") and "Toter Link" in site.template_names("dead-link")
    linter = Linter(LintSettings(select=["WL602", "WL610", "WL203"], site=str(profile)))
    diags = linter.lint("{{web-Zitat|url=x|title=A|deadurl=no|acessdate=1}}{{Toter Link|date=April 2018}}")
    assert sorted(d.code for d in diags) == ["WL203", "WL602", "WL610"]
    assert tomllib.loads(profile.read_text())["extends"] == "enwiki"
