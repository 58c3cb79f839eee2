"""A live wiki through its API, with mwclient (the ``wiki`` extra).

Everything that talks to a wiki goes through :class:`Wiki`: pages by title with their revision
id and timestamps, titles from categories and links, interlanguage links, page history,
siteinfo, TemplateData and saving an edit as a bot. mwclient is imported when a wiki is opened,
never at ``wikilint`` start-up.

Credentials (:class:`Credentials`) never appear in output, logs or exceptions: the password is
held in an object whose ``repr``/``str`` hide it, and every error message that leaves this
module passes through :func:`scrub`.
"""

from __future__ import annotations

import os
import re
import time
import tomllib
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Wiki", "WikiError", "LoginFailed", "EditConflict", "Credentials", "PageText", "resolve_api_url",
    "open_wiki", "scrub",
]

SITEINFO_PROPS = "general|namespaces|namespacealiases|magicwords|extensiontags|functionhooks|interwikimap"
USER_AGENT = "wikilint (https://pypi.org/project/wikilint/) mwclient"
_SECRETS: set[str] = set()


def scrub(message: str) -> str:
    """*message* with every known secret replaced by ``*****``."""
    for secret in _SECRETS:
        if secret:
            message = message.replace(secret, "*****")
    return message


class WikiError(Exception):
    """A problem with the wiki (one line, already free of secrets)."""

    def __init__(self, message: str) -> None:
        super().__init__(scrub(message))


class LoginFailed(WikiError):
    pass


class EditConflict(WikiError):
    pass


class _Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        _SECRETS.add(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "'*****'"

    __str__ = __repr__


@dataclass(frozen=True)
class Credentials:
    """A bot password: ``user`` is ``Name@appid`` as Special:BotPasswords shows it."""

    user: str
    password: _Secret = field(repr=False)
    source: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Credentials | None:
        env = dict(os.environ) if env is None else env
        user, password = env.get("WIKILINT_WIKI_USER"), env.get("WIKILINT_WIKI_PASSWORD")
        if user and password:
            return cls(user, _Secret(password), "environment (WIKILINT_WIKI_USER/WIKILINT_WIKI_PASSWORD)")
        return None

    @classmethod
    def from_file(cls, path: Path, wiki_key: str) -> Credentials | None:
        """``[wikis."KEY"] user = "Bot@app"  password = "…"`` in a TOML file; KEY is the wiki's
        name as given to ``--wiki`` or its host (``de.wikipedia.org``), or ``[default]``."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise WikiError(f"{path}: cannot read credentials: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise WikiError(f"{path}: invalid TOML: {exc}") from None
        wikis = data.get("wikis") or {}
        entry = wikis.get(wiki_key) or data.get("default")
        if not isinstance(entry, dict):
            return None
        user, password = entry.get("user"), entry.get("password")
        if not isinstance(user, str) or not isinstance(password, str):
            raise WikiError(f"{path}: credentials for {wiki_key!r} need string keys 'user' and 'password'")
        return cls(user, _Secret(password), str(path))


def credentials_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(os.environ.get("WIKILINT_CREDENTIALS") or os.path.join(base, "wikilint", "credentials.toml"))


def find_credentials(wiki_key: str, host: str) -> Credentials | None:
    """From the environment, else from the credentials file (``$WIKILINT_CREDENTIALS`` or
    ``~/.config/wikilint/credentials.toml``)."""
    creds = Credentials.from_env()
    if creds is not None:
        return creds
    path = credentials_file()
    if path.is_file():
        return Credentials.from_file(path, wiki_key) or Credentials.from_file(path, host)
    return None


# Wikimedia project names: "enwiki" -> en.wikipedia.org, "dewiktionary" -> de.wiktionary.org ...
_FAMILIES = {
    "wiki": "wikipedia", "wiktionary": "wiktionary", "wikibooks": "wikibooks", "wikiquote": "wikiquote",
    "wikisource": "wikisource", "wikinews": "wikinews", "wikivoyage": "wikivoyage",
    "wikiversity": "wikiversity",
}
_SPECIAL = {"commonswiki": "commons.wikimedia.org", "metawiki": "meta.wikimedia.org",
            "mediawikiwiki": "www.mediawiki.org", "wikidatawiki": "www.wikidata.org"}


def resolve_api_url(url_or_name: str) -> str:
    """The API endpoint of a wiki given as an API URL, a page/wiki URL or a Wikimedia database
    name (``enwiki``, ``zhwiki``, ``dewiktionary``)."""
    value = url_or_name.strip()
    if not value:
        raise WikiError("--wiki: empty wiki name")
    if "://" in value:
        parts = urllib.parse.urlsplit(value)
        if not parts.netloc:
            raise WikiError(f"--wiki: not a wiki URL: {value}")
        path = parts.path
        if path.endswith("api.php"):
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        if path.endswith(("index.php", ".php")):
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path.rsplit("/", 1)[0] + "/api.php", "", ""))
        if "/wiki/" in path or path in ("", "/", "/wiki"):
            # Wikimedia-style layout: articles in /wiki/, scripts in /w/
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/w/api.php", "", ""))
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/api.php", "", ""))
    if value in _SPECIAL:
        return f"https://{_SPECIAL[value]}/w/api.php"
    m = re.fullmatch(r"([a-z][a-z0-9_]*?)(wiki|wiktionary|wikibooks|wikiquote|wikisource|wikinews|wikivoyage|wikiversity)", value)
    if m:
        lang = m.group(1).replace("_", "-")
        return f"https://{lang}.{_FAMILIES[m.group(2)]}.org/w/api.php"
    raise WikiError(f"--wiki: unknown wiki {value!r} (give its API URL, e.g. https://example.org/w/api.php)")


@dataclass
class PageText:
    """One page as fetched: its text and the revision it came from."""

    title: str
    text: str
    exists: bool
    revid: int | None = None
    timestamp: str | None = None  # of the revision (the edit's basetimestamp)
    fetched: str | None = None  # server time of the fetch (the edit's starttimestamp)
    ns: int = 0


class Wiki:
    """A wiki's API endpoint (mwclient underneath)."""

    def __init__(self, api_url: str, *, key: str | None = None, max_lag: int = 5, timeout: float = 60.0,
                 max_retries: int = 3) -> None:
        try:
            import mwclient
        except ImportError:  # pragma: no cover - the wiki extra is missing
            raise WikiError("the wiki face needs mwclient: pip install 'wikilint[wiki]'") from None
        self.api_url = api_url
        parts = urllib.parse.urlsplit(api_url)
        self.host = parts.netloc
        self.key = key or self.host
        path = parts.path.rsplit("/", 1)[0] + "/"
        try:
            self.site = mwclient.Site(
                parts.netloc, path=path, scheme=parts.scheme or "https", clients_useragent=USER_AGENT,
                max_lag=max_lag, connection_options={"timeout": timeout}, max_retries=max_retries, retry_timeout=5,
                force_login=True,
            )
        except Exception as exc:  # noqa: BLE001 - connection, HTTP and JSON errors alike
            raise WikiError(f"{api_url}: cannot open the wiki: {_reason(exc)}") from None
        self.user: str | None = None
        self.max_lag = max_lag

    # --- raw calls --------------------------------------------------------------------------
    def api(self, action: str, http_method: str = "GET", **params: Any) -> dict:
        try:
            # maxlag on every request: a lagged wiki answers with Retry-After, which mwclient
            # honours (bounded by max_retries)
            return self.site.api(action, http_method, formatversion="2", maxlag=str(self.max_lag), **params)
        except Exception as exc:  # noqa: BLE001
            raise WikiError(f"{self.api_url}: {action}: {_reason(exc)}") from None

    # --- login ------------------------------------------------------------------------------
    def login(self, creds: Credentials) -> None:
        import mwclient

        try:
            self.site.login(creds.user, creds.password.reveal())
        except mwclient.errors.LoginError as exc:
            raise LoginFailed(f"{self.host}: login as {creds.user} failed: {exc.info or exc.code}") from None
        except Exception as exc:  # noqa: BLE001
            raise LoginFailed(f"{self.host}: login as {creds.user} failed: {_reason(exc)}") from None
        self.user = creds.user.split("@", 1)[0]

    # --- reading ----------------------------------------------------------------------------
    def siteinfo(self) -> dict:
        return self.api("query", meta="siteinfo", siprop=SITEINFO_PROPS)

    def page(self, title: str) -> PageText:
        got = self.api(
            "query", prop="revisions|info", rvprop="ids|timestamp|content", rvslots="main",
            titles=title, curtimestamp="1", redirects="",
        )
        pages = got.get("query", {}).get("pages", [])
        if not pages:
            raise WikiError(f"{self.host}: no such page: {title}")
        page = pages[0]
        if page.get("invalid"):
            raise WikiError(f"{self.host}: invalid title {title!r}: {page.get('invalidreason', '')}")
        if page.get("missing"):
            return PageText(page.get("title", title), "", False, fetched=got.get("curtimestamp"), ns=page.get("ns", 0))
        rev = page["revisions"][0]
        slot = rev.get("slots", {}).get("main", rev)
        return PageText(
            title=page["title"], text=slot.get("content", ""), exists=True, revid=rev.get("revid"),
            timestamp=rev.get("timestamp"), fetched=got.get("curtimestamp"), ns=page.get("ns", 0),
        )

    def _list(self, list_name: str, prefix: str, limit: int, **params: Any) -> list[str]:
        out: list[str] = []
        cont: dict[str, Any] = {}
        for _ in range(1000):  # bounded: at most 1000 continuation requests
            got = self.api("query", list=list_name, **{f"{prefix}limit": "max"}, **params, **cont)
            for item in got.get("query", {}).get(list_name, []):
                out.append(item["title"])
                if len(out) >= limit:
                    return out
            if "continue" not in got:
                break
            cont = {k: v for k, v in got["continue"].items()}
        return out

    def category_members(self, category: str, limit: int = 5000) -> list[str]:
        cat_ns = self.site.namespaces.get(14, "Category")
        title = category if ":" in category else f"{cat_ns}:{category}"
        return self._list("categorymembers", "cm", limit, cmtitle=title, cmtype="page")

    def links_to(self, title: str, limit: int = 5000) -> list[str]:
        return self._list("backlinks", "bl", limit, bltitle=title)

    def transclusions(self, title: str, limit: int = 5000) -> list[str]:
        return self._list("embeddedin", "ei", limit, eititle=title)

    def langlink(self, title: str, lang: str) -> tuple[str, str | None] | None:
        """``(title, url)`` of *title*'s interlanguage link to *lang*, or ``None``."""
        got = self.api("query", prop="langlinks", titles=title, lllang=lang, llprop="url", redirects="")
        pages = got.get("query", {}).get("pages", [])
        for link in (pages[0].get("langlinks", []) if pages else []):
            if link.get("lang") == lang:
                return link["title"], link.get("url")
        return None

    def interwiki_api(self, prefix: str) -> str | None:
        """The API URL the interwiki table gives for *prefix* (or one derived from its URL)."""
        got = self.api("query", meta="siteinfo", siprop="interwikimap")
        for iw in got.get("query", {}).get("interwikimap", []):
            if iw.get("prefix", "").lower() == prefix.lower():
                if iw.get("api"):
                    return iw["api"]
                url = iw.get("url", "")
                if url:
                    return resolve_api_url(url.replace("$1", ""))
        return None

    def history(self, title: str, limit: int = 500) -> Iterator[tuple[int, str, str]]:
        """``(revid, timestamp, text)`` of the page's revisions, newest first (bounded)."""
        cont: dict[str, Any] = {}
        seen = 0
        while seen < limit:
            got = self.api(
                "query", prop="revisions", titles=title, rvprop="ids|timestamp|content", rvslots="main",
                rvlimit=str(min(50, limit - seen)), rvdir="older", **cont,
            )
            pages = got.get("query", {}).get("pages", [])
            revs = pages[0].get("revisions", []) if pages else []
            for rev in revs:
                slot = rev.get("slots", {}).get("main", rev)
                seen += 1
                yield rev["revid"], rev.get("timestamp", ""), slot.get("content", "")
            if "continue" not in got or not revs:
                return
            cont = dict(got["continue"])

    def templatedata(self, titles: Iterable[str]) -> dict[str, dict]:
        """``{title: TemplateData}`` for the templates that have any (``action=templatedata``)."""
        titles = list(dict.fromkeys(titles))
        out: dict[str, dict] = {}
        for i in range(0, len(titles), 50):
            got = self.api("templatedata", titles="|".join(titles[i : i + 50]), redirects="1",
                           doNotIgnoreMissingTitles="1", lang="en")
            pages = got.get("pages", {})
            for page in (pages.values() if isinstance(pages, dict) else pages):
                # pages without TemplateData come back with "notemplatedata" (and maybe empty params)
                if isinstance(page, dict) and "params" in page and page.get("title") and not page.get("notemplatedata"):
                    out[page["title"]] = page
        return out

    # --- writing ----------------------------------------------------------------------------
    def save(self, page: PageText, text: str, summary: str, *, bot: bool = True, minor: bool = True) -> int | None:
        """Save *text* over the revision *page* was read from. Raises :class:`EditConflict` when
        someone else saved in between (``basetimestamp``/``starttimestamp``). Returns the new
        revision id (``None`` when MediaWiki saw no change)."""
        try:
            token = self.site.get_token("csrf")
        except Exception as exc:  # noqa: BLE001
            raise WikiError(f"{self.host}: no edit token: {_reason(exc)}") from None
        params: dict[str, Any] = {
            "title": page.title, "text": text, "summary": summary, "token": token,
            "assert": "user", "nocreate": "1",
        }
        if page.revid:
            params["baserevid"] = str(page.revid)
        if page.timestamp:
            params["basetimestamp"] = page.timestamp
        if page.fetched:
            params["starttimestamp"] = page.fetched
        if bot:
            params["bot"] = "1"
            params["assert"] = "bot"
        if minor:
            params["minor"] = "1"
        import mwclient

        try:
            got = self.site.api("edit", "POST", formatversion="2", maxlag=str(self.max_lag), **params)
        except mwclient.errors.APIError as exc:
            if exc.code == "editconflict":
                raise EditConflict(f"{self.host}: {page.title}: edit conflict: the page changed since it was read; nothing saved") from None
            if exc.code in ("assertbotfailed", "assertuserfailed"):
                raise WikiError(f"{self.host}: {page.title}: the account has no bot flag; nothing saved") from None
            raise WikiError(f"{self.host}: {page.title}: edit refused ({exc.code}): {exc.info}") from None
        except Exception as exc:  # noqa: BLE001
            raise WikiError(f"{self.host}: {page.title}: edit failed: {_reason(exc)}") from None
        edit = got.get("edit", {})
        if edit.get("result") != "Success":
            raise WikiError(f"{self.host}: {page.title}: edit not saved: {edit}")
        return edit.get("newrevid")


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip() or type(exc).__name__
    msg = msg.splitlines()[0] if msg else msg
    return scrub(msg[:300])


_OPEN: dict[str, Wiki] = {}


def open_wiki(url_or_name: str, **kw: Any) -> Wiki:
    """One :class:`Wiki` per API URL per process."""
    api = resolve_api_url(url_or_name)
    wiki = _OPEN.get(api)
    if wiki is None:
        wiki = Wiki(api, key=url_or_name, **kw)
        _OPEN[api] = wiki
    return wiki


_BOTS_RE = re.compile(r"\{\{\s*(nobots|bots)\s*(\|[^{}]*)?\}\}", re.I)


def bots_allowed(text: str, user: str | None) -> bool:
    """Whether the bot exclusion templates on the page let *user* edit it (``{{nobots}}``,
    ``{{bots|deny=…}}``, ``{{bots|allow=…}}``, as the convention on Template:Bots describes)."""
    user_l = (user or "").strip().lower()
    for m in _BOTS_RE.finditer(text):
        kind = m.group(1).lower()
        args = m.group(2) or ""
        params: dict[str, list[str]] = {}
        for part in args.split("|")[1:]:
            if "=" in part:
                k, v = part.split("=", 1)
                params[k.strip().lower()] = [x.strip().lower() for x in v.split(",") if x.strip()]
        if kind == "nobots":
            allow = params.get("allow")
            if allow is None or not (user_l in allow):
                return False
            continue
        if "allow" in params:
            allow = params["allow"]
            if "none" in allow or ("all" not in allow and user_l not in allow):
                return False
        if "deny" in params:
            deny = params["deny"]
            if "all" in deny or user_l in deny:
                return False
    return True


def throttle(last: list[float], seconds: float) -> None:
    """Sleep so that saves are at least *seconds* apart (``last`` holds the previous time)."""
    if seconds > 0 and last:
        wait = last[0] + seconds - time.monotonic()
        if wait > 0:
            time.sleep(wait)
    last[:] = [time.monotonic()]
