"""A real MediaWiki for tests: Debian's ``mediawiki`` package (1.39) on SQLite, served by PHP's
built-in web server on 127.0.0.1.

Debian installs MediaWiki's code read-only in ``/usr/share/mediawiki`` (override with
``$WIKILINT_MEDIAWIKI``). Each test wiki gets its own directory holding ``LocalSettings.php``, the
SQLite files and caches; MediaWiki reads the settings file named by the ``MW_CONFIG_FILE``
environment variable (both for ``php -S`` and for maintenance scripts), so one code tree serves
many wikis.

Install what it needs with ``.ci/setup.d/10-mediawiki.sh`` (apt). Without it, :func:`missing`
says what is missing and the tests that need a wiki skip with that reason.

Usage::

    wiki = LocalWiki.create(tmp_path / "en", lang="en", name="enwiki")
    wiki.start()
    wiki.edit("Title", "text")
    wiki.api(action="query", meta="siteinfo")
    wiki.stop()

Only for tests and scripts (profile generation, dumps); nothing here is installed with wikilint.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

MEDIAWIKI = Path(os.environ.get("WIKILINT_MEDIAWIKI", "/usr/share/mediawiki"))
PHP = os.environ.get("WIKILINT_PHP", "php")
ADMIN = "Admin"
ADMIN_PASSWORD = "wikilint-admin-pw-1"
# The extensions loaded on every test wiki (all bundled in Debian's package).
EXTENSIONS = ("Cite", "ParserFunctions", "TemplateData", "Interwiki")
# What profile generation loads in addition: the parser extensions Wikipedia-like wikis run, so
# their tags and parser functions are known (<math>, <syntaxhighlight>, {{#invoke:}} ...).
WIKIPEDIA_EXTENSIONS = (
    *EXTENSIONS, "Scribunto", "Math", "SyntaxHighlight_GeSHi", "Poem", "ImageMap", "CategoryTree",
    "InputBox",
)
PHP_MODULES = ("pdo_sqlite", "mbstring", "intl", "xml")


def missing() -> str | None:
    """Why no local MediaWiki can run here (a one-line reason), or ``None`` when it can."""
    if shutil.which(PHP) is None:
        return "php not installed (apt-get install php-cli php-sqlite3 php-mbstring php-intl php-xml)"
    if not (MEDIAWIKI / "maintenance" / "install.php").is_file():
        return f"MediaWiki not found in {MEDIAWIKI} (apt-get install mediawiki)"
    try:
        mods = subprocess.run([PHP, "-m"], capture_output=True, text=True, timeout=30).stdout.lower()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"php does not run: {exc}"
    absent = [m for m in PHP_MODULES if m not in mods.split()]
    if absent:
        return "PHP modules missing: " + ", ".join(absent)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WikiError(RuntimeError):
    pass


@dataclass
class LocalWiki:
    root: Path
    lang: str
    name: str
    port: int
    extensions: tuple[str, ...] = EXTENSIONS
    process: subprocess.Popen | None = field(default=None, repr=False)

    # --- set-up ------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        root: Path,
        *,
        lang: str = "en",
        name: str = "testwiki",
        port: int | None = None,
        extensions: tuple[str, ...] = EXTENSIONS,
    ) -> LocalWiki:
        """Install a new wiki (``maintenance/install.php``, SQLite) in *root*."""
        reason = missing()
        if reason:
            raise WikiError(reason)
        root = Path(root).resolve()
        root.mkdir(parents=True, exist_ok=True)
        wiki = cls(root=root, lang=lang, name=name, port=port or free_port(), extensions=extensions)
        if (root / "LocalSettings.php").exists():
            raise WikiError(f"{root} already holds a wiki")
        (root / "data").mkdir(exist_ok=True)
        (root / "cache").mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "MW_CONFIG_FILE"}
        cmd = [
            PHP, str(MEDIAWIKI / "maintenance" / "install.php"),
            "--dbtype", "sqlite", "--dbpath", str(root / "data"), "--dbname", name,
            "--confpath", str(root), "--pass", ADMIN_PASSWORD, "--lang", lang,
            "--server", wiki.server, "--scriptpath", "",
            name, ADMIN,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        if proc.returncode != 0 or not (root / "LocalSettings.php").is_file():
            raise WikiError(f"install.php failed for {name}: {(proc.stdout + proc.stderr)[-2000:]}")
        with open(root / "LocalSettings.php", "a", encoding="utf-8") as fh:
            fh.write(wiki._extra_settings())
        return wiki

    def _extra_settings(self) -> str:
        loads = "\n".join(f"wfLoadExtension( '{e}' );" for e in self.extensions)
        return f"""
# --- added by wikilint's tests/mwlocal.py -------------------------------------------------
{loads}
$wgPFEnableStringFunctions = true;
$wgLanguageCode = getenv( 'WIKILINT_MW_LANG' ) ?: '{self.lang}';
$wgCacheDirectory = '{self.root / "cache"}';
$wgMainCacheType = CACHE_NONE;
$wgSessionCacheType = CACHE_DB;
$wgParserCacheType = CACHE_DB;
$wgArticlePath = '/index.php/$1';
$wgEnableBotPasswords = true;
$wgInterwikiMagic = true;
$wgHideInterlanguageLinks = false;
$wgRateLimits = [];
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];
$wgShowExceptionDetails = true;
$wgJobRunRate = 0;
$wgScribuntoDefaultEngine = 'luastandalone';
$wgGroupPermissions['*']['edit'] = false;
$wgGroupPermissions['*']['createaccount'] = false;
"""

    # --- addresses ---------------------------------------------------------------------------
    @property
    def server(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.server}/api.php"

    @property
    def settings_file(self) -> Path:
        return self.root / "LocalSettings.php"

    def env(self, lang: str | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env["MW_CONFIG_FILE"] = str(self.settings_file)
        if lang:
            env["WIKILINT_MW_LANG"] = lang
        else:
            env.pop("WIKILINT_MW_LANG", None)
        return env

    # --- the web server ----------------------------------------------------------------------
    def start(self, *, lang: str | None = None, timeout: float = 60.0) -> LocalWiki:
        """Serve the wiki with ``php -S 127.0.0.1:PORT`` and wait until its API answers.
        *lang* overrides the content language (``$wgLanguageCode``) for this run."""
        if self.process is not None:
            raise WikiError("already started")
        log = open(self.root / "server.log", "ab")
        self.process = subprocess.Popen(
            [PHP, "-S", f"127.0.0.1:{self.port}", "-t", str(MEDIAWIKI)],
            cwd=str(MEDIAWIKI), env=self.env(lang), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise WikiError(f"php -S exited ({self.process.returncode}); see {self.root / 'server.log'}")
            try:
                got = self.api(action="query", meta="siteinfo", timeout=10)
                if "query" in got:
                    return self
            except (OSError, ValueError) as exc:
                last = exc
            time.sleep(0.2)
        self.stop()
        raise WikiError(f"the wiki on port {self.port} did not answer in {timeout:.0f} s: {last}")

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def restart(self, *, lang: str | None = None) -> LocalWiki:
        self.stop()
        return self.start(lang=lang)

    def __enter__(self) -> LocalWiki:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- talking to it -----------------------------------------------------------------------
    def api(self, *, timeout: float = 60.0, post: bool = False, **params: object) -> dict:
        """One anonymous API request (JSON, formatversion 2)."""
        params = {"format": "json", "formatversion": "2", **params}
        data = urllib.parse.urlencode({k: str(v) for k, v in params.items()}).encode()
        if post:
            req = urllib.request.Request(self.api_url, data=data)
        else:
            req = urllib.request.Request(self.api_url + "?" + data.decode())
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def maintenance(
        self, script: str, *args: str, input: str | bytes | None = None, timeout: float = 600.0
    ) -> subprocess.CompletedProcess:
        """Run ``maintenance/SCRIPT.php ARGS`` for this wiki; raise on failure."""
        path = MEDIAWIKI / "maintenance" / (script if script.endswith(".php") else f"{script}.php")
        text = not isinstance(input, bytes)
        proc = subprocess.run(
            [PHP, str(path), *args], input=input, capture_output=True, text=text,
            env=self.env(), cwd=str(MEDIAWIKI), timeout=timeout,
        )
        if proc.returncode != 0:
            out = proc.stdout + proc.stderr
            raise WikiError(f"{script} failed ({proc.returncode}): {out[-2000:]!s}")
        return proc

    def edit(self, title: str, text: str, *, summary: str = "test set-up", user: str = ADMIN) -> None:
        """Save *text* as the page *title* (``maintenance/edit.php``)."""
        self.maintenance("edit", "--user", user, "--summary", summary, "--no-rc", title, input=text)

    def import_xml(self, xml: str | Path) -> None:
        """Import a MediaWiki XML export (text or file) with ``importDump.php``."""
        if isinstance(xml, Path):
            self.maintenance("importDump", str(xml))
            return
        tmp = self.root / "import.xml"
        tmp.write_text(xml, encoding="utf-8")
        try:
            self.maintenance("importDump", str(tmp))
        finally:
            tmp.unlink(missing_ok=True)

    def dump(self, *args: str) -> str:
        """``dumpBackup.php`` (default ``--current``): the wiki's pages as XML text."""
        return self.maintenance("dumpBackup", *(args or ("--current",))).stdout

    def create_user(self, user: str, password: str, *groups: str) -> None:
        """Create (or update) a user, optionally in groups such as ``bot`` or ``sysop``."""
        args = ["--force"]
        for g in groups:
            args += ["--custom-groups", g] if g not in ("bot", "sysop", "bureaucrat", "interface-admin") else [f"--{g}"]
        self.maintenance("createAndPromote", *args, user, password)

    def create_bot_password(
        self, user: str = ADMIN, appid: str = "wikilint", password: str = "botpassword0123456789abcdefgh123",
        grants: str = "basic,highvolume,editpage,editprotected,createeditmovepage",
    ) -> tuple[str, str]:
        """A bot password for *user*: returns ``("User@appid", password)``. The password must be
        32 characters as MediaWiki generates them; any 32-character string works."""
        if len(password) != 32:
            raise ValueError("createBotPassword.php wants a 32-character password")
        self.maintenance("createBotPassword", "--appid", appid, "--grants", grants, user, password)
        return f"{user}@{appid}", password

    def add_interwiki(self, prefix: str, url: str, *, api: str = "", local: bool = False,
                      trans: bool = False) -> None:
        """Add or replace an interwiki prefix (a language code makes it an interlanguage link)."""
        db = self.root / "data" / f"{self.name}.sqlite"
        con = sqlite3.connect(db)
        try:
            con.execute("DELETE FROM interwiki WHERE iw_prefix = ?", (prefix,))
            con.execute(
                "INSERT INTO interwiki (iw_prefix, iw_url, iw_api, iw_wikiid, iw_local, iw_trans) "
                "VALUES (?, ?, ?, '', ?, ?)",
                (prefix, url, api, int(local), int(trans)),
            )
            con.commit()
        finally:
            con.close()

    def link_to(self, other: LocalWiki, prefix: str | None = None) -> None:
        """Make ``[[PREFIX:Title]]`` on this wiki link to *other* (default prefix: its language)."""
        self.add_interwiki(prefix or other.lang, f"{other.server}/index.php/$1", api=other.api_url)

    def page_text(self, title: str) -> str | None:
        got = self.api(action="query", prop="revisions", rvprop="content", rvslots="main", titles=title)
        page = got["query"]["pages"][0]
        if page.get("missing"):
            return None
        return page["revisions"][0]["slots"]["main"]["content"]

    def revisions(self, title: str) -> list[dict]:
        got = self.api(action="query", prop="revisions", rvprop="ids|timestamp|user|comment|flags",
                       rvlimit="50", titles=title)
        return got["query"]["pages"][0].get("revisions", [])

    def parse_html(self, title: str, uselang: str = "qqx") -> str:
        """The page as the legacy parser renders it (``action=parse``). With the default
        interface language ``qqx`` every message shows its key, e.g.
        ``(cite_error_references_no_text: senior)``."""
        got = self.api(action="parse", page=title, prop="text", uselang=uselang)
        return got["parse"]["text"]
