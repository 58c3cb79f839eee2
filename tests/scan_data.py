"""Test dumps for the scan tests: an XML export (export-0.11 schema, as MediaWiki writes it)
built from corpus pages, so that every page's text comes back byte for byte."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from corpus import PAGES, read_page

HEAD = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="{lang}">
  <siteinfo>
    <sitename>{sitename}</sitename>
    <dbname>{dbname}</dbname>
    <base>{base}</base>
    <generator>MediaWiki 1.39.0</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="-2" case="first-letter">Media</namespace>
      <namespace key="-1" case="first-letter">Special</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="2" case="first-letter">User</namespace>
      <namespace key="4" case="first-letter">Wikipedia</namespace>
      <namespace key="6" case="first-letter">File</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
      <namespace key="14" case="first-letter">Category</namespace>
    </namespaces>
  </siteinfo>
"""


def xml_text(text: str) -> str:
    """Escape wikitext for an XML text node so that a parser returns it unchanged (XML
    parsers turn CR and CRLF into LF, so CR goes in as a character reference)."""
    return escape(text).replace("\r", "&#13;")


def page_xml(title: str, ns: int, page_id: int, rev_id: int, text: str | None, *, redirect: str | None = None,
             timestamp: str = "2024-01-01T00:00:00Z", deleted: bool = False, no_text: bool = False) -> str:
    parts = [f"  <page>\n    <title>{escape(title)}</title>\n    <ns>{ns}</ns>\n    <id>{page_id}</id>\n"]
    if redirect is not None:
        parts.append(f'    <redirect title="{escape(redirect, {chr(34): "&quot;"})}" />\n')
    parts.append(f"    <revision>\n      <id>{rev_id}</id>\n      <timestamp>{timestamp}</timestamp>\n")
    parts.append("      <contributor>\n        <username>Example</username>\n        <id>1</id>\n      </contributor>\n")
    parts.append("      <model>wikitext</model>\n      <format>text/x-wiki</format>\n")
    if deleted:
        parts.append('      <text deleted="deleted" />\n')
    elif not no_text:
        data = (text or "").encode("utf-8")
        sha = hashlib.sha1(data).hexdigest()
        parts.append(f'      <text bytes="{len(data)}" xml:space="preserve">{xml_text(text or "")}</text>\n')
        parts.append(f"      <sha1>{sha}</sha1>\n")
    parts.append("    </revision>\n  </page>\n")
    return "".join(parts)


def write_dump(path: Path, pages: Iterable[str], *, dbname: str = "enwiki", lang: str = "en",
               base: str = "https://en.wikipedia.org/wiki/Main_Page") -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEAD.format(lang=lang, sitename="Wikipedia", dbname=dbname, base=base))
        for chunk in pages:
            fh.write(chunk)
        fh.write("</mediawiki>\n")


def corpus_pages(files: list[Path]) -> Iterable[str]:
    """Corpus files as dump pages: title = the file's path under the corpus (unique), ns 0."""
    for i, f in enumerate(files, 1):
        yield page_xml(title_of(f), 0, i, 1000 + i, read_page(f))


def title_of(f: Path) -> str:
    return f.relative_to(PAGES).with_suffix("").as_posix().replace("_", " ")
