import re
from pathlib import Path

import pytest

from corpus import SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set WIKILINT_SHARED)")
    return SHARED


# --- a real MediaWiki (tests/mwlocal.py) ---------------------------------------------------------
# Session-scoped: each wiki is installed once per test run (a few seconds) and served by
# `php -S 127.0.0.1:PORT` until the session ends. Tests that need one skip with the reason from
# mwlocal.missing() where Debian's mediawiki/php packages are absent (.ci/setup.d/10-mediawiki.sh).

import mwlocal  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED_EN_TITLE = "Second Battle of al-Qusayr"
SEED_ZH_TITLE = "第二次古賽爾戰鬥"
BOT_USER = "Lintbot"


@pytest.fixture(scope="session")
def mediawiki() -> None:
    """Skip when no local MediaWiki can run here."""
    reason = mwlocal.missing()
    if reason:
        pytest.skip(f"no local MediaWiki: {reason}")


@pytest.fixture(scope="session")
def mw_factory(mediawiki, tmp_path_factory):  # noqa: ANN001, ANN201
    """``make(name, lang="en", **kw) -> LocalWiki``: a new, started wiki; all stop at the end."""
    started: list[mwlocal.LocalWiki] = []

    def make(name: str, lang: str = "en", **kw) -> mwlocal.LocalWiki:  # noqa: ANN003
        root = tmp_path_factory.mktemp(f"mw-{name}")
        wiki = mwlocal.LocalWiki.create(root, lang=lang, name=name, **kw)
        started.append(wiki)
        return wiki.start()

    yield make
    for wiki in started:
        wiki.stop()


@pytest.fixture(scope="session")
def wiki_pair(mw_factory):  # noqa: ANN001, ANN201
    """Two wikis (content language en and zh), linked by interwiki prefixes, holding the seed
    pair: the English article (with its interlanguage link to the Chinese one) and the Chinese
    article. Each has a bot account ``Lintbot`` with a bot password; the passwords are in
    ``pair.passwords``."""
    en = mw_factory("enwiki", "en")
    zh = mw_factory("zhwiki", "zh")
    en.link_to(zh)
    zh.link_to(en)
    en_text = (EXAMPLES / "en" / "Second_Battle_of_al-Qusayr.wiki").read_text(encoding="utf-8")
    zh_text = (EXAMPLES / "zh" / "第二次古賽爾戰鬥.wiki").read_text(encoding="utf-8")
    # Stub templates, as the MediaWiki oracle uses (../shared/corpora/mediawiki/README.md): the
    # reference list, and an infobox that shows every parameter the article gives it (its
    # references are defined there).
    infobox_params = sorted(set(re.findall(r"^\|\s*([\w-]+)\s*=", en_text, re.M)))
    for wiki in (en, zh):
        wiki.edit("Template:Reflist", "<references />")
        wiki.edit("Template:Infobox military conflict", " ".join(f"{{{{{{{p}|}}}}}}" for p in infobox_params))
    en.edit(SEED_EN_TITLE, en_text.rstrip("\n") + f"\n\n[[zh:{SEED_ZH_TITLE}]]\n")
    zh.edit(SEED_ZH_TITLE, zh_text)
    passwords = {}
    for wiki in (en, zh):
        wiki.create_user(BOT_USER, "lintbot-user-pw-12345", "bot")
        passwords[wiki.name] = wiki.create_bot_password(BOT_USER, "wikilint")
    return _Pair(en, zh, passwords)


class _Pair:
    def __init__(self, en, zh, passwords) -> None:  # noqa: ANN001
        self.en, self.zh, self.passwords = en, zh, passwords
