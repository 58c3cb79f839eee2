"""The MediaWiki test fixture itself (tests/mwlocal.py): a real wiki answers, stores edits,
imports and dumps XML, links to its sibling by interwiki and accepts a bot password."""

from __future__ import annotations

import mwclient
import pytest

from conftest import EXAMPLES, SEED_EN_TITLE, SEED_ZH_TITLE


def test_pair_serves_the_seed_pages(wiki_pair) -> None:  # noqa: ANN001
    en, zh = wiki_pair.en, wiki_pair.zh
    assert en.api(action="query", meta="siteinfo")["query"]["general"]["lang"] == "en"
    assert zh.api(action="query", meta="siteinfo")["query"]["general"]["lang"] == "zh"
    assert "senior" in (en.page_text(SEED_EN_TITLE) or "")
    assert (zh.page_text(SEED_ZH_TITLE) or "").startswith("{{")
    # the example as stored (the page itself may have been repaired by another test)
    text = (EXAMPLES / "en" / "Second_Battle_of_al-Qusayr.wiki").read_text(encoding="utf-8")
    html = en.api(action="parse", text=text, title=SEED_EN_TITLE, prop="text", uselang="qqx", post=True)["parse"]["text"]
    assert html.count("cite_error_references_no_text") == 4  # the seed's four undefined names


def test_interlanguage_link(wiki_pair) -> None:  # noqa: ANN001
    got = wiki_pair.en.api(action="query", prop="langlinks", titles=SEED_EN_TITLE, llprop="url")
    [link] = got["query"]["pages"][0]["langlinks"]
    assert link["lang"] == "zh" and link["title"] == SEED_ZH_TITLE
    assert link["url"].startswith(wiki_pair.zh.server)


def test_bot_password_login(wiki_pair) -> None:  # noqa: ANN001
    en = wiki_pair.en
    user, password = wiki_pair.passwords[en.name]
    site = mwclient.Site(f"127.0.0.1:{en.port}", path="/", scheme="http")
    site.login(user, password)
    assert "bot" in site.groups
    with pytest.raises(mwclient.errors.LoginError):
        mwclient.Site(f"127.0.0.1:{en.port}", path="/", scheme="http").login(user, "x" * 32)


def test_import_and_dump(mw_factory) -> None:  # noqa: ANN001
    wiki = mw_factory("dumpwiki", "de")
    xml = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="de">
  <page><title>Beispiel</title><ns>0</ns><revision><model>wikitext</model><format>text/x-wiki</format>
  <text xml:space="preserve">[[Datei:A.png|mini|rechts|Ein Bild]]</text></revision></page>
</mediawiki>"""
    wiki.import_xml(xml)
    assert wiki.page_text("Beispiel") == "[[Datei:A.png|mini|rechts|Ein Bild]]"
    dumped = wiki.dump()
    assert "<title>Beispiel</title>" in dumped and "mini|rechts" in dumped
    ns = wiki.api(action="query", meta="siteinfo", siprop="namespaces")["query"]["namespaces"]
    assert ns["6"]["name"] == "Datei"
