"""SiteInfo: the site facts MediaWiki reports, and MediaWiki's English defaults."""

from __future__ import annotations

import tomllib

import pytest

from wikilint.sites import load_site
from wikilint.sites.siteinfo import SiteInfo, php_regex_to_python, siteinfo_from_api
from wikilint.sites.tomlwrite import dumps

# A small siteinfo answer in the shape MediaWiki's API gives (formatversion=2), for a German wiki.
DE_API = {
    "batchcomplete": True,
    "query": {
        "general": {
            "lang": "de", "wikiid": "dewiki", "case": "first-letter",
            "linktrail": "/^([äöüßa-z]+)(.*)$/sDu", "articlepath": "/wiki/$1",
            "server": "//de.wikipedia.org",
        },
        "namespaces": {
            "-2": {"id": -2, "name": "Medium", "canonical": "Media"},
            "0": {"id": 0, "name": ""},
            "6": {"id": 6, "name": "Datei", "canonical": "File"},
            "14": {"id": 14, "name": "Kategorie", "canonical": "Category"},
        },
        "namespacealiases": [{"id": 6, "alias": "Bild"}, {"id": 6, "alias": "Image"}],
        "magicwords": [
            {"name": "img_thumbnail", "aliases": ["mini", "miniatur", "thumb", "thumbnail"], "case-sensitive": True},
            {"name": "img_right", "aliases": ["rechts", "right"], "case-sensitive": True},
            {"name": "img_width", "aliases": ["$1px"], "case-sensitive": True},
            {"name": "img_link", "aliases": ["verweis=$1", "link=$1"], "case-sensitive": True},
            {"name": "img_upright", "aliases": ["hochkant", "hochkant=$1", "upright", "upright=$1"], "case-sensitive": True},
            {"name": "if", "aliases": ["if"], "case-sensitive": False},
            {"name": "img_lower", "aliases": ["Klein"], "case-sensitive": False},
        ],
        "extensiontags": ["<ref>", "<references>", "<Gallery>"],
        "functionhooks": ["if", "ifeq", "invoke"],
        "interwikimap": [
            {"prefix": "en", "url": "https://en.wikipedia.org/wiki/$1", "language": "English"},
            {"prefix": "Commons", "url": "https://commons.wikimedia.org/wiki/$1"},
        ],
    },
}


@pytest.fixture(scope="module")
def de() -> SiteInfo:
    return SiteInfo(siteinfo_from_api(DE_API))


def test_general(de: SiteInfo) -> None:
    assert de.lang == "de" and de.dbname == "dewiki" and de.case == "first-letter"
    assert de.server == "https://de.wikipedia.org"
    assert de.article_path == "/wiki/$1"
    assert de.link_trail_re is not None and de.link_trail_re.match("über Text").group(1) == "über"


def test_namespaces(de: SiteInfo) -> None:
    for prefix in ("Datei", "datei", "Bild", "File", "image", " FILE ", "Datei"):
        assert de.namespace_id(prefix) == 6, prefix
    assert de.namespace_id("Kategorie") == 14
    assert de.namespace_id("Medium") == -2
    assert de.namespace_id("Vorlage") is None
    assert de.namespace_names(6) == ["File", "Datei", "Bild", "Image"]


def test_tags_hooks_interwiki(de: SiteInfo) -> None:
    assert de.extension_tags == {"ref", "references", "gallery"}
    assert "invoke" in de.function_hooks
    assert de.interwiki_prefixes == {"en", "commons"}
    assert de.language_prefixes == {"en"}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("mini", "img_thumbnail"), ("thumb", "img_thumbnail"), ("rechts", "img_right"),
        ("200px", "img_width"), ("x100px", "img_width"), ("200x100px", "img_width"),
        ("verweis=Foo", "img_link"), ("link=", "img_link"), ("hochkant=1.2", "img_upright"),
        ("hochkant", "img_upright"), (" mini ", "img_thumbnail"), ("klein", "img_lower"),
        ("Mini", None), ("abcpx", None), ("Ein Bild", None), ("links", None),
    ],
)
def test_image_option(de: SiteInfo, text: str, want: str | None) -> None:
    assert de.image_option(text) == want


def test_magic_words(de: SiteInfo) -> None:
    assert de.magic_word_aliases("img_thumbnail")[:2] == ["mini", "miniatur"]
    assert de.magic_word_case_sensitive("img_thumbnail")
    assert not de.magic_word_case_sensitive("if")
    assert de.magic_word_aliases("nosuchword") == []


def test_formatversion_1() -> None:
    raw = {"query": {
        "general": {"lang": "en"},
        "namespaces": {"6": {"id": 6, "*": "File", "canonical": "File"}},
        "namespacealiases": [{"id": 6, "*": "Image"}],
        "magicwords": [{"name": "img_left", "aliases": ["left"], "case-sensitive": ""},
                       {"name": "if", "aliases": ["if"]}],
    }}
    info = SiteInfo(siteinfo_from_api(raw))
    assert info.namespace_id("image") == 6
    assert info.magic_word_case_sensitive("img_left") and not info.magic_word_case_sensitive("if")


def test_php_regex() -> None:
    assert php_regex_to_python("/^([a-z]+)(.*)$/sD") == "(?s)^([a-z]+)(.*)$"
    assert php_regex_to_python("/^([\\x{0430}-\\x{044f}]+)(.*)$/sDu") == "(?s)^([\\u0430-\\u044f]+)(.*)$"
    assert php_regex_to_python("") is None


def test_toml_round_trip(de: SiteInfo) -> None:
    table = siteinfo_from_api(DE_API)
    assert tomllib.loads(dumps({"siteinfo": table}))["siteinfo"] == table


def test_english_defaults_for_profiles_without_siteinfo() -> None:
    for name in ("default", "enwiki"):
        info = load_site(name).siteinfo
        assert info.lang == "en"
        assert info.namespace_id("Image") == 6 and info.namespace_id("Category") == 14
        assert info.image_option("thumb") == "img_thumbnail"
        assert info.image_option("mini") is None  # German, not English
        assert {"ref", "references", "gallery", "nowiki"} <= info.extension_tags
        assert "if" in info.function_hooks
