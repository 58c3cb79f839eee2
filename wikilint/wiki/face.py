"""``check --wiki`` / ``fix --wiki``: pages of a live wiki through the same pipeline as files.

The command line hands over its options; :class:`WikiRun` turns titles into sources (path
``wiki:Title@REVID``), adds what only the wiki knows to each page's settings (reference sources
from the interlanguage-linked article or the page history, the wiki's TemplateData, the site
profile), and after the run saves the fixed pages as a bot when ``--save`` is given.

Saving follows the bot conventions: login with a bot password (environment or credentials
file, never the command line), ``assert=bot`` and the bot flag, ``maxlag``, a throttle between
saves, edit-conflict detection through ``basetimestamp``/``starttimestamp``, respect for
``{{bots}}``/``{{nobots}}``, and no edit whose only changes are cosmetic (rules whose class
attribute ``cosmetic`` is true change nothing readers see).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import Source
from .client import (
    Credentials, EditConflict, LoginFailed, PageText, Wiki, WikiError, bots_allowed, find_credentials,
    open_wiki, resolve_api_url, scrub, throttle,
)

__all__ = ["WikiRun", "WikiError", "split_ref_sources", "cache_dir"]

REF_WIKI = re.compile(r"^wiki:([a-z][a-z0-9-]*)$")
MAX_PAGES = 5000
TEMPLATEDATA_TTL = 7 * 24 * 3600
PROFILE_TTL = 7 * 24 * 3600


def cache_dir() -> Path:
    base = os.environ.get("WIKILINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "wikilint"


def split_ref_sources(values: Iterable[str]) -> tuple[list[str], list[str], bool]:
    """(file/git values, interlanguage codes of ``wiki:LANG`` values, whether ``history``)."""
    files: list[str] = []
    langs: list[str] = []
    history = False
    for v in values:
        m = REF_WIKI.match(v)
        if m:
            langs.append(m.group(1))
        elif v == "history":
            history = True
        else:
            files.append(v)
    return files, langs, history


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)[:150]


@dataclass
class PageJob:
    page: PageText
    source: Source
    ref_sources: list[tuple[str, str]] = field(default_factory=list)


class WikiRun:
    def __init__(
        self,
        wiki: str,
        *,
        titles: list[str] | None = None,
        titles_file: Path | None = None,
        category: list[str] | None = None,
        links_to: list[str] | None = None,
        transcluding: list[str] | None = None,
        save: bool = False,
        summary: str | None = None,
        throttle_seconds: float = 10.0,
        max_lag: int = 5,
        history_limit: int = 500,
        templatedata: bool = True,
    ) -> None:
        self.wiki_arg = wiki
        self.api_url = resolve_api_url(wiki)
        self.wiki: Wiki = open_wiki(wiki, max_lag=max_lag)
        self.titles = list(titles or [])
        self.titles_file = titles_file
        self.category = list(category or [])
        self.links_to = list(links_to or [])
        self.transcluding = list(transcluding or [])
        self.save = save
        self.summary = summary
        self.throttle_seconds = max(0.0, throttle_seconds)
        self.history_limit = history_limit
        self.use_templatedata = templatedata
        self.jobs: dict[str, PageJob] = {}
        self.ref_langs: list[str] = []
        self.ref_history = False
        self.messages: list[str] = []
        self._siteinfo: dict | None = None
        self.sources: list[Source] = []
        self.site_reason = ""
        if save and not (summary and summary.strip()):
            raise WikiError("--save needs an edit summary (--summary TEXT)")
        self.creds: Credentials | None = None
        if save:
            self.creds = find_credentials(wiki, self.wiki.host)
            if self.creds is None:
                raise WikiError(
                    "--save needs a bot password: set WIKILINT_WIKI_USER and WIKILINT_WIKI_PASSWORD, "
                    "or write them to ~/.config/wikilint/credentials.toml"
                )
            # log in before reading, so that nothing is linted for a run that cannot save
            self.wiki.login(self.creds)

    # --- what to read -------------------------------------------------------------------------
    def all_titles(self) -> list[str]:
        titles = list(self.titles)
        if self.titles_file is not None:
            try:
                lines = self.titles_file.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise WikiError(f"{self.titles_file}: cannot read: {exc.strerror or exc}") from None
            except UnicodeDecodeError:
                raise WikiError(f"{self.titles_file}: not valid UTF-8") from None
            titles += [t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#")]
        for c in self.category:
            titles += self.wiki.category_members(c, MAX_PAGES)
        for t in self.links_to:
            titles += self.wiki.links_to(t, MAX_PAGES)
        for t in self.transcluding:
            titles += self.wiki.transclusions(t, MAX_PAGES)
        titles = list(dict.fromkeys(titles))
        if not titles:
            raise WikiError(f"{self.wiki.host}: no pages to check (give titles, --titles-from, --category, --links-to or --transcluding)")
        if len(titles) > MAX_PAGES:
            raise WikiError(f"{self.wiki.host}: {len(titles)} pages; at most {MAX_PAGES} per run")
        return titles

    def site_name(self) -> tuple[str, str]:
        """The profile for this wiki and why: a shipped profile named after its database name,
        else one imported from its siteinfo into the cache."""
        from ..sites import available_sites

        info = self.siteinfo()
        general = info.get("query", {}).get("general", {})
        dbname = general.get("wikiid") or ""
        if dbname in available_sites():
            return dbname, f"the wiki's database name is {dbname}"
        from ..files import write_atomic
        from .siteimport import profile_from_siteinfo, profile_toml

        path = cache_dir() / "sites" / f"{_safe_name(self.wiki.host)}.toml"
        fresh = path.is_file() and time.time() - path.stat().st_mtime < PROFILE_TTL
        if not fresh:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, profile_toml(profile_from_siteinfo(info, name=dbname or self.wiki.host), self.api_url))
        return str(path), f"imported from {self.wiki.host}'s siteinfo"

    def siteinfo(self) -> dict:
        if self._siteinfo is None:
            self._siteinfo = self.wiki.siteinfo()
        return self._siteinfo

    def gather(self) -> list[Source]:
        sources: list[Source] = []
        for title in self.all_titles():
            page = self.wiki.page(title)
            if not page.exists:
                raise WikiError(f"{self.wiki.host}: no such page: {title}")
            path = f"wiki:{page.title}@{page.revid}"
            src = Source(path, page.text, False, None)
            job = PageJob(page, src)
            self.jobs[path] = job
            sources.append(src)
        if self.ref_langs or self.ref_history:
            for job in self.jobs.values():
                job.ref_sources = self._ref_sources(job.page)
        return sources

    # --- reference rescue -------------------------------------------------------------------
    def _ref_sources(self, page: PageText) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for lang in self.ref_langs:
            link = self.wiki.langlink(page.title, lang)
            if link is None:
                self.messages.append(f"wiki:{page.title}: no interlanguage link to {lang}")
                continue
            other_title, url = link
            api = self.wiki.interwiki_api(lang)
            if api is None and url:
                api = resolve_api_url(url)
            if api is None:
                self.messages.append(f"wiki:{page.title}: no API known for the {lang} wiki")
                continue
            other = open_wiki(api).page(other_title)
            if other.exists:
                out.append((f"wiki:{lang}:{other.title}@{other.revid}", other.text))
        if self.ref_history:
            found = self._history_definitions(page)
            out.extend(found)
        return out

    def _history_definitions(self, page: PageText) -> list[tuple[str, str]]:
        """Walk the page's revisions newest first; for each undefined name, stop at the first
        revision that defines it (AnomieBOT's approach). Each found definition becomes a small
        source text labelled with its revision."""
        from ..document import Document
        from ..rules.refs.undefined_named_ref import definitions_in

        doc = Document(page.text)
        defined = set()
        used = set()
        for r in doc.refs.refs:
            if r.nested or r.name is None:
                continue
            if r.has_text(page.text):
                defined.add(r.key)
            else:
                used.add(r.key)
        wanted = used - defined
        out: list[tuple[str, str]] = []
        if not wanted:
            return out
        for revid, _ts, text in self.wiki.history(page.title, self.history_limit):
            if revid == page.revid:
                continue
            defs = definitions_in(text)
            hits = [k for k in wanted if defs.get(k)]
            if not hits:
                continue
            parts = []
            for key in hits:
                group, name = key
                for content in defs[key]:
                    attrs = f' name="{name}"' if '"' not in name else f" name='{name}'"
                    if group:
                        attrs += f' group="{group}"'
                    parts.append(f"<ref{attrs}>{content}</ref>")
                wanted.discard(key)
            out.append((f"wiki:{page.title}@{revid}", "\n".join(parts)))
            if not wanted:
                break
        return out

    # --- settings per page ------------------------------------------------------------------
    def settings_for(self, src: Source, settings: Any) -> Any:
        job = self.jobs.get(src.path)
        if job is None:
            return settings
        options = dict(settings.doc_options)
        if job.ref_sources:
            options["ref_sources"] = list(options.get("ref_sources") or []) + job.ref_sources
        td = self.templatedata_dir()
        if td is not None:
            options["templatedata_dirs"] = list(options.get("templatedata_dirs") or []) + [str(td)]
        if options == settings.doc_options:
            return settings
        return dataclasses.replace(settings, doc_options=options)

    _td_dir: Path | None = None
    _td_done = False

    def templatedata_dir(self) -> Path | None:
        """Fetch (or reuse from the disk cache) the TemplateData of every template the pages
        use; returns the cache directory, or ``None`` when disabled or empty."""
        if not self.use_templatedata:
            return None
        if self._td_done:
            return self._td_dir
        self._td_done = True
        titles: set[str] = set()
        for job in self.jobs.values():
            titles.update(self._templates_of(job.page.title))
        folder = cache_dir() / "templatedata" / _safe_name(self.wiki.host)
        self._td_dir = fetch_templatedata(self.wiki, sorted(titles), folder)
        return self._td_dir

    def _templates_of(self, title: str) -> list[str]:
        got = self.wiki.api("query", prop="templates", titles=title, tlnamespace="10", tllimit="max")
        pages = got.get("query", {}).get("pages", [])
        return [t["title"] for t in (pages[0].get("templates", []) if pages else [])]

    # --- saving ---------------------------------------------------------------------------
    def save_results(self, results: list[Any], registry: Any) -> tuple[list[str], list[str]]:
        """Save every changed page. Returns (notes, errors); each is one line."""
        notes: list[str] = []
        errors: list[str] = []
        last: list[float] = []
        assert self.summary is not None
        for r in results:
            job = self.jobs.get(r.path)
            if job is None or not r.changed:
                continue
            title = job.page.title
            if not bots_allowed(job.page.text, self.wiki.user):
                notes.append(f"wiki:{title}: not saved: the page excludes bots ({{{{nobots}}}} or {{{{bots}}}})")
                continue
            codes = list(getattr(r, "applied_codes", []) or [])
            cosmetic = [c for c in codes if _is_cosmetic(registry, c)]
            if codes and len(cosmetic) == len(codes):
                notes.append(
                    f"wiki:{title}: not saved: only cosmetic changes ({', '.join(sorted(set(codes)))}); "
                    "bots do not make cosmetic-only edits"
                )
                continue
            throttle(last, self.throttle_seconds)
            try:
                revid = self.wiki.save(job.page, r.fixed or "", self.summary)
            except (EditConflict, LoginFailed, WikiError) as exc:
                errors.append(str(exc))
                continue
            notes.append(f"wiki:{title}: saved revision {revid}")
        return notes, [scrub(e) for e in errors]

    # --- the command line's side ---------------------------------------------------------
    def inputs(self, configs: Any) -> list[tuple[Source, Any, None]]:
        cfg = configs.for_path(Path.cwd() / "wiki.wiki")
        return [(src, cfg, None) for src in self.sources]


    def finish(self, results: list[Any], registry: Any) -> list[str]:
        """After the run: save (with --save) and print what happened; returns error lines."""
        import sys

        errors: list[str] = []
        notes = list(self.messages)
        if self.save:
            saved, errors = self.save_results(results, registry)
            notes += saved
        for n in notes:
            sys.stderr.write(f"wikilint: {scrub(n)}\n")
        return errors


def _is_cosmetic(registry: Any, code: str) -> bool:
    cls = registry.get(code) if registry is not None else None
    return bool(getattr(cls, "cosmetic", False))


def fetch_templatedata(wiki: Wiki, titles: list[str], folder: Path, ttl: float = TEMPLATEDATA_TTL) -> Path | None:
    """Keep ``folder/<title>.json`` (TemplateData) or ``folder/<title>.none`` (the template has
    none) fresh for each title: entries younger than *ttl* seconds are reused, the others are
    fetched in batches of 50. Returns *folder* when it holds any TemplateData."""
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    stale: list[str] = []
    for t in titles:
        base = folder / _safe_name(t)
        hit = next((p for p in (base.with_suffix(".json"), base.with_suffix(".none")) if p.is_file()), None)
        if hit is None or now - hit.stat().st_mtime >= ttl:
            stale.append(t)
    if stale:
        got = wiki.templatedata(stale)
        for t in stale:
            base = folder / _safe_name(t)
            data = got.get(t)
            for suffix in (".json", ".none"):
                base.with_suffix(suffix).unlink(missing_ok=True)
            if data is None:
                base.with_suffix(".none").write_text("", encoding="utf-8")
                continue
            obj = {"title": t, "params": data.get("params", {})}
            if data.get("description"):
                obj["description"] = data["description"]
            tmp = base.with_suffix(".tmp")
            tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, base.with_suffix(".json"))
    return folder if any(folder.glob("*.json")) else None


# --- the command line's side ----------------------------------------------------------------------


def _exit_error(message: str) -> None:
    import typer

    typer.echo(f"wikilint: error: {scrub(message)}", err=True)
    raise typer.Exit(2)


def start_wiki_run(
    paths: list[str] | None,
    site: str | None,
    ref_source: list[str] | None,
    *,
    fix: bool,
    wiki: str,
    titles_from: Path | None = None,
    category: list[str] | None = None,
    links_to: list[str] | None = None,
    transcluding: list[str] | None = None,
    save: bool = False,
    summary: str | None = None,
    throttle: float = 10.0,
) -> tuple[WikiRun, str | None, list[str]]:
    """Open the wiki for ``check/fix --wiki``: returns (run, site, file ref sources). Exits 2
    with a one-line message on any problem (unknown wiki, failed login …)."""
    if save and not fix:
        _exit_error("--save needs fixes: use `wikilint fix --wiki … --save` (or check --fix)")
    try:
        run = WikiRun(
            wiki, titles=list(paths or []), titles_file=titles_from, category=category, links_to=links_to,
            transcluding=transcluding, save=save, summary=summary, throttle_seconds=throttle,
        )
        files, langs, history = split_ref_sources(ref_source or [])
        run.ref_langs, run.ref_history = langs, history
        run.sources = run.gather()
        if site is None:
            site, why = run.site_name()
            run.site_reason = why
    except WikiError as exc:
        _exit_error(str(exc))
        raise  # unreachable
    return run, site, files
