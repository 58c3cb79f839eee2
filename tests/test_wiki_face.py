"""`check --wiki` / `fix --wiki` against a real local MediaWiki (tests/mwlocal.py): the seed
story end to end, saving as a bot with its safeguards, reference rescue from the history,
TemplateData from the wiki, and `site import` of both wikis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import time

import pytest

from conftest import BOT_USER, SEED_EN_TITLE, SEED_ZH_TITLE
from wikilint.rules.refs.undefined_named_ref import definitions_in
from wikilint.sites import load_site

SEED_NAMES = ("senior", "bolster", "qoussair", "killingandwounding")
OUTPUTS: list[str] = []  # every stdout/stderr of these tests, checked for the password at the end


@pytest.fixture(scope="module")
def pair(wiki_pair, tmp_path_factory):  # noqa: ANN001, ANN201
    wiki_pair.cache = tmp_path_factory.mktemp("wikilint-cache")
    return wiki_pair


def run_cli(pair, *args: str, password: str | None = None, user: str | None = None) -> subprocess.CompletedProcess:  # noqa: ANN001
    env = dict(os.environ)
    u, p = pair.passwords[pair.en.name]
    env["WIKILINT_WIKI_USER"] = user or u
    env["WIKILINT_WIKI_PASSWORD"] = password if password is not None else p
    env["WIKILINT_CACHE_DIR"] = str(pair.cache)
    env["WIKILINT_CREDENTIALS"] = str(pair.cache / "no-credentials.toml")
    env["NO_COLOR"] = "1"
    proc = subprocess.run([sys.executable, "-m", "wikilint", *args], capture_output=True, text=True,
                          env=env, timeout=300)
    OUTPUTS.append(proc.stdout + proc.stderr)
    return proc


def test_seed_story(pair) -> None:  # noqa: ANN001
    """fix --wiki <en> --ref-source wiki:zh --save: the four definitions come back byte for byte
    from the Chinese article, and the saved revision renders without a Cite error."""
    en, zh = pair.en, pair.zh
    before = en.page_text(SEED_EN_TITLE)
    assert before is not None and "cite_error" in en.parse_html(SEED_EN_TITLE)
    proc = run_cli(pair, "fix", "--wiki", en.api_url, "--ref-source", "wiki:zh", "--save",
                   "--summary", "Restore reference definitions from zh", "--throttle", "0", SEED_EN_TITLE)
    assert proc.returncode in (0, 1), proc.stderr
    assert "saved revision" in proc.stderr
    after = en.page_text(SEED_EN_TITLE)
    assert after != before
    zh_defs = definitions_in(zh.page_text(SEED_ZH_TITLE) or "")
    en_defs = definitions_in(after or "")
    for name in SEED_NAMES:
        assert en_defs[("", name)] == zh_defs[("", name)], name
    html = en.parse_html(SEED_EN_TITLE)
    assert "cite_error" not in html and "Cite error" not in html
    [latest, *_] = en.revisions(SEED_EN_TITLE)
    assert latest["user"] == BOT_USER and latest["comment"] == "Restore reference definitions from zh"
    assert latest.get("minor") is True
    rc = en.api(action="query", list="recentchanges", rcshow="bot", rcprop="title|ids", rclimit="50")
    assert any(c["revid"] == latest["revid"] for c in rc["query"]["recentchanges"])  # the bot flag


def test_check_reports_wiki_title_with_revision(pair) -> None:  # noqa: ANN001
    zh = pair.zh
    revid = zh.revisions(SEED_ZH_TITLE)[0]["revid"]
    proc = run_cli(pair, "check", "--wiki", zh.api_url, SEED_ZH_TITLE)
    assert proc.returncode == 1
    assert f"wiki:{SEED_ZH_TITLE}@{revid}:" in proc.stdout
    assert "WL602" in proc.stdout  # |deadurl=yes in the zh article


def test_fix_without_save_prints_a_diff_and_saves_nothing(pair) -> None:  # noqa: ANN001
    en = pair.en
    en.edit("Diff page", 'Text 430>ref name="u">{{cite web |url=http://a.example/ |title=A}}</ref>.\n\n<references />\n')
    n = len(en.revisions("Diff page"))
    proc = run_cli(pair, "fix", "--wiki", en.api_url, "Diff page")
    assert proc.returncode == 1
    assert '+Text 430<ref name="u">' in proc.stdout and proc.stdout.startswith("diff --git")
    assert len(en.revisions("Diff page")) == n


def test_edit_conflict_is_detected(pair) -> None:  # noqa: ANN001
    from wikilint.wiki.client import Credentials, EditConflict, Wiki, _Secret

    en = pair.en
    en.edit("Conflict page", "Line one.\n")
    wiki = Wiki(en.api_url)
    user, password = pair.passwords[en.name]
    wiki.login(Credentials(user, _Secret(password)))
    page = wiki.page("Conflict page")
    # MediaWiki's timestamps have one-second resolution: an edit in the same second as the base
    # revision is not seen as newer, so the other editor saves a second later.
    time.sleep(1.1)
    en.edit("Conflict page", "Line one, changed by someone else.\n", user="Admin")
    with pytest.raises(EditConflict, match="edit conflict"):
        wiki.save(page, "Line one, changed by the bot.\n", "test")
    assert en.page_text("Conflict page") == "Line one, changed by someone else."


def test_nobots_page_is_not_saved(pair) -> None:  # noqa: ANN001
    en = pair.en
    text = '{{nobots}}\nText 430>ref name="u">{{cite web |url=http://a.example/ |title=A}}</ref>.\n\n<references />\n'
    en.edit("Nobots page", text)
    proc = run_cli(pair, "fix", "--wiki", en.api_url, "--save", "--summary", "fix", "--throttle", "0", "Nobots page")
    assert "excludes bots" in proc.stderr
    assert en.page_text("Nobots page") == text.rstrip("\n")


def test_bots_deny_names_the_bot(pair) -> None:  # noqa: ANN001
    from wikilint.wiki.client import bots_allowed

    assert not bots_allowed("{{bots|deny=Lintbot,Other}}", "Lintbot")
    assert bots_allowed("{{bots|deny=Other}}", "Lintbot")
    assert not bots_allowed("{{bots|allow=none}}", "Lintbot")
    assert bots_allowed("{{bots|allow=Lintbot}}", "Lintbot")
    assert not bots_allowed("{{nobots}}", "Lintbot")
    assert bots_allowed("No template here", "Lintbot")


def test_wrong_password(pair) -> None:  # noqa: ANN001
    en = pair.en
    text = 'Text 430>ref name="u">{{cite web |url=http://a.example/ |title=A}}</ref>.\n\n<references />\n'
    en.edit("Password page", text)
    wrong = "wrong-password-0123456789abcdef"
    proc = run_cli(pair, "fix", "--wiki", en.api_url, "--save", "--summary", "fix", "--throttle", "0",
                   "Password page", password=wrong)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wikilint: error:") and "login" in lines[0]
    assert "Traceback" not in proc.stderr
    assert wrong not in proc.stdout + proc.stderr
    assert en.page_text("Password page") == text.rstrip("\n")


def test_cosmetic_only_edit_is_refused(pair) -> None:  # noqa: ANN001
    en = pair.en
    text = "See [[Hezbollah|Hezbollah]] and [[Syria|Syria]].\n"
    en.edit("Cosmetic page", text)
    proc = run_cli(pair, "fix", "--wiki", en.api_url, "--save", "--summary", "tidy", "--throttle", "0", "Cosmetic page")
    assert "only cosmetic changes (WL401)" in proc.stderr
    assert en.page_text("Cosmetic page") == text.rstrip("\n")


def test_ref_source_history(pair) -> None:  # noqa: ANN001
    en = pair.en
    old = 'A claim.<ref name="hist">{{cite book |title=Old Book |year=1999}}</ref> More.<ref name="hist" />\n\n<references />\n'
    new = 'A claim.<ref name="hist" /> More.<ref name="hist" />\n\n<references />\n'
    en.edit("History page", old)
    en.edit("History page", "Unrelated middle revision.\n" + old)
    en.edit("History page", new)
    proc = run_cli(pair, "fix", "--wiki", en.api_url, "--ref-source", "history", "--select", "WL501", "History page")
    assert '+A claim.<ref name="hist">{{cite book |title=Old Book |year=1999}}</ref> More.<ref name="hist" />' in proc.stdout
    check = run_cli(pair, "check", "--wiki", en.api_url, "--ref-source", "history", "--select", "WL501", "History page")
    assert "a definition was found in wiki:History page@" in check.stdout


def test_titles_from_category_links_and_file(pair, tmp_path: Path) -> None:  # noqa: ANN001
    en = pair.en
    # each page has one problem (a redundant link text), so each shows up in the report
    en.edit("Listed one", "One.[[Category:Lint test]] [[Listed two|Listed two]]\n")
    en.edit("Listed two", "Two.[[Category:Lint test]] [[Syria|Syria]]\n")
    en.maintenance("runJobs")
    proc = run_cli(pair, "check", "--wiki", en.api_url, "--category", "Lint test", "--output-format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    assert "wiki:Listed one@" in proc.stdout and "wiki:Listed two@" in proc.stdout
    proc = run_cli(pair, "check", "--wiki", en.api_url, "--links-to", "Listed two", "--output-format", "json")
    assert "wiki:Listed one@" in proc.stdout and "wiki:Listed two@" not in proc.stdout
    titles = tmp_path / "titles.txt"
    titles.write_text("# a comment\nListed two\n", encoding="utf-8")
    proc = run_cli(pair, "check", "--wiki", en.api_url, "--titles-from", str(titles), "--output-format", "json")
    assert "wiki:Listed two@" in proc.stdout and "wiki:Listed one@" not in proc.stdout
    proc = run_cli(pair, "check", "--wiki", en.api_url, "No such page at all")
    assert proc.returncode == 2 and "no such page" in proc.stderr


def test_templatedata_from_the_wiki(pair) -> None:  # noqa: ANN001
    en = pair.en
    en.edit("Template:Lint box", '<noinclude><templatedata>{"params": {"name": {"label": "Name"}, '
            '"born": {"aliases": ["birth"]}}}</templatedata></noinclude>{{{name|}}}')
    en.edit("Template:No data", "{{{1|}}}")
    en.edit("Box page", "{{Lint box|name=X|birht=1900}}\n{{No data|zzz=1}}\n")
    proc = run_cli(pair, "check", "--wiki", en.api_url, "--select", "WL203", "Box page")
    assert "birht" in proc.stdout and "zzz" not in proc.stdout
    cached = pair.cache / "templatedata" / f"127.0.0.1_{en.port}"
    td = cached / "Template_Lint_box.json"
    assert td.is_file() and (cached / "Template_No_data.none").is_file()
    stamp = td.stat().st_mtime_ns
    run_cli(pair, "check", "--wiki", en.api_url, "--select", "WL203", "Box page")
    assert td.stat().st_mtime_ns == stamp  # fresh cache entries are reused, not fetched again


def test_site_import_of_both_wikis(pair, tmp_path: Path) -> None:  # noqa: ANN001
    for wiki, lang, file_ns, thumb in ((pair.en, "en", "File", "thumb"), (pair.zh, "zh", "文件", "缩略图")):
        out = tmp_path / f"{lang}.toml"
        proc = run_cli(pair, "site", "import", wiki.api_url, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        site = load_site(str(out))
        assert site.lang == lang and site.siteinfo.lang == lang
        assert site.siteinfo.namespace_id(file_ns) == 6
        assert site.siteinfo.image_option(thumb) == "img_thumbnail"
        assert "ref" in site.siteinfo.extension_tags
        assert site.siteinfo.language_prefixes == {"zh" if lang == "en" else "en"}


def test_site_import_errors(pair, tmp_path: Path) -> None:  # noqa: ANN001
    proc = run_cli(pair, "site", "import", "http://127.0.0.1:9/api.php", "-o", str(tmp_path / "x.toml"))
    assert proc.returncode == 2 and proc.stderr.startswith("wikilint: error:") and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.toml").exists()


def test_password_never_appears(pair) -> None:  # noqa: ANN001
    """Runs last in this module: nothing any command printed holds the bot password, nor does the
    web server's log."""
    _, password = pair.passwords[pair.en.name]
    assert OUTPUTS, "no command ran"
    for out in OUTPUTS:
        assert password not in out
    for wiki in (pair.en, pair.zh):
        log = (wiki.root / "server.log").read_text(encoding="utf-8", errors="replace")
        assert password not in log
