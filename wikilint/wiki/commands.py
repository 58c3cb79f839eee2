"""The ``wikilint site`` commands (light: mwclient is imported only when a wiki is opened)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

site_app = typer.Typer(
    name="site",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Site profiles: import one from a wiki, see which one a page gets.",
)


def _fail(message: str) -> None:
    typer.echo(f"wikilint: error: {message}", err=True)
    raise typer.Exit(2)


@site_app.command("import")
def import_cmd(
    api_url: Annotated[str, typer.Argument(help="The wiki's API URL (https://example.org/w/api.php), a page URL, or a Wikimedia name (dewiki).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the profile here (default: stdout).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="The profile's name (default: the wiki's database name).")] = None,
    extends: Annotated[str, typer.Option("--extends", help="The built-in profile to build on: default (neutral), enwiki, zhwiki …")] = "default",
) -> None:
    """Write a site profile from the wiki's siteinfo (namespaces, magic words, tags, link trail …)."""
    from ..files import write_atomic
    from ..sites import SiteError, load_site
    from .client import WikiError, open_wiki
    from .siteimport import profile_from_siteinfo, profile_toml

    try:
        load_site(extends)
    except SiteError as exc:
        _fail(f"--extends: {exc}")
    try:
        wiki = open_wiki(api_url)
        data = wiki.siteinfo()
    except WikiError as exc:
        _fail(str(exc))
        return
    if "general" not in data.get("query", {}):
        _fail(f"{api_url}: the answer holds no siteinfo")
    profile = profile_from_siteinfo(data, name=name, extends=extends)
    text = profile_toml(profile, wiki.api_url)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")
    info = profile["siteinfo"]
    typer.echo(
        f"wrote {output}: {profile['name']} ({info['lang']}), {len(info['namespaces'])} namespaces, "
        f"{len(info['magicwords'])} magic words, {len(info['extension_tags'])} tags",
        err=True,
    )


@site_app.command("detect")
def detect_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Wikitext files.")],
) -> None:
    """Show which site profile `site = "auto"` picks for each file, and why."""
    from ..files import InputError, read_source
    from ..sites.detect import detect_site

    for path in paths:
        try:
            src = read_source(path)
        except InputError as exc:
            _fail(str(exc))
            return
        guess = detect_site(src.text)
        typer.echo(f"{path}: {guess.site} ({guess.reason})")


@site_app.command("list")
def list_cmd() -> None:
    """List the shipped site profiles with their content language."""
    from ..sites import available_sites, load_site

    for name in available_sites():
        site = load_site(name)
        kind = "siteinfo" if isinstance(site.data.get("siteinfo"), dict) else "English defaults"
        typer.echo(f"{name:<12} {site.lang:<6} {kind}")
