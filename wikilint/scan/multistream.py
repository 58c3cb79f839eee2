"""Write a MediaWiki XML dump in Wikimedia's multistream layout, with its index.

The layout (as in ``pages-articles-multistream.xml.bz2``): one bz2 stream with everything
before the first ``<page>`` (``<mediawiki>`` and ``<siteinfo>``), then one bz2 stream per
``pages_per_stream`` pages (100 on Wikimedia's servers), then one stream with the closing
``</mediawiki>``. The index (``…-index.txt.bz2``) has one ``offset:page_id:title`` line per
page, offset being where that page's stream starts in the dump file.

The XML is split on element boundaries found while streaming the file line by line, as
``dumpBackup.php`` writes it (each ``<page>`` and ``</page>`` on a line of its own), so the
bytes of each page are copied unchanged.
"""

from __future__ import annotations

import bz2
import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

__all__ = ["write_multistream", "index_path_for"]

_TITLE = re.compile(rb"<title>(.*?)</title>")
_ID = re.compile(rb"<id>(\d+)</id>")


def index_path_for(dump: Path) -> Path:
    name = dump.name
    stem = name[: -len(".xml.bz2")] if name.endswith(".xml.bz2") else name
    return dump.with_name(stem + "-index.txt.bz2")


def _lines(source: IO[bytes]) -> Iterable[bytes]:
    yield from source


def write_multistream(
    xml: IO[bytes], out: Path, index: Path | None = None, pages_per_stream: int = 100, level: int = 9
) -> tuple[int, int]:
    """Write *xml* (a decompressed XML dump) to *out* as multistream bz2 and its index.
    Returns (pages, streams)."""
    index = index or index_path_for(out)
    pages = streams = 0
    with open(out, "wb") as dump, bz2.open(index, "wb", compresslevel=level) as idx:
        offset = 0

        def emit(chunk: bytes) -> None:
            nonlocal offset, streams
            data = bz2.compress(chunk, level)
            dump.write(data)
            offset += len(data)
            streams += 1

        header: list[bytes] = []
        block: list[bytes] = []
        entries: list[tuple[int, str]] = []
        page: list[bytes] | None = None
        in_header = True
        tail: list[bytes] = []
        for line in _lines(xml):
            stripped = line.strip()
            if page is None and stripped.startswith(b"<page>"):
                if in_header:
                    emit(b"".join(header))
                    in_header = False
                page = []
            if page is not None:
                page.append(line)
                if stripped.endswith(b"</page>"):
                    body = b"".join(page)
                    title = _TITLE.search(body)
                    pid = _ID.search(body)
                    entries.append(
                        (
                            int(pid.group(1)) if pid else 0,
                            html.unescape(title.group(1).decode("utf-8")) if title else "",
                        )
                    )
                    block.append(body)
                    page = None
                    pages += 1
                    if len(entries) == pages_per_stream:
                        start = offset
                        emit(b"".join(block))
                        for pid_, title_ in entries:
                            idx.write(f"{start}:{pid_}:{title_}\n".encode())
                        block, entries = [], []
                continue
            if in_header:
                header.append(line)
            else:
                tail.append(line)
        if in_header:
            emit(b"".join(header))
        if entries:
            start = offset
            emit(b"".join(block))
            for pid_, title_ in entries:
                idx.write(f"{start}:{pid_}:{title_}\n".encode())
        if tail:
            emit(b"".join(tail))
    return pages, streams
