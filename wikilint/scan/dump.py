"""Reading MediaWiki XML export files: plain ``.xml``, ``.xml.gz``, ``.xml.bz2``, and the
multistream ``.bz2`` layout with its index.

Parsing is mwxml's (a streaming ElementTree walk). Memory stays flat: each page is read,
handed on and dropped; for plain files the parsed root is cleared after every page (mwxml
clears the page's children, but the empty page elements would otherwise pile up under
``<mediawiki>``).

Multistream dumps (Wikimedia's ``pages-articles-multistream.xml.bz2``) are a concatenation of
bz2 streams: the first holds the header (``<mediawiki>`` and ``<siteinfo>``), each following one
holds up to 100 ``<page>`` elements, the last one the closing ``</mediawiki>``. The index
(``…-multistream-index.txt.bz2``) has one ``offset:page_id:title`` line per page, where offset is
the byte offset of the stream holding that page. A block is a byte range of the dump that a
worker can read and parse on its own: the header is re-attached around it.
"""

from __future__ import annotations

import bz2
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

__all__ = [
    "DumpError",
    "PageRecord",
    "DumpInfo",
    "Block",
    "open_dump",
    "find_index",
    "read_index",
    "multistream_blocks",
    "read_block",
    "iter_pages",
    "read_header",
]


class DumpError(Exception):
    """A dump that cannot be read; the message is one line naming the file."""


@dataclass(slots=True)
class PageRecord:
    """One page of a dump, with the text of its last revision in the file."""

    title: str
    ns: int
    page_id: int | None
    rev_id: int | None
    timestamp: str | None
    text: str | None  # None: no <text>, or the text was deleted
    redirect: str | None = None
    text_deleted: bool = False


@dataclass
class DumpInfo:
    """What ``<siteinfo>`` (and the root element) say about the wiki."""

    sitename: str | None = None
    dbname: str | None = None
    base: str | None = None
    generator: str | None = None
    case: str | None = None
    lang: str | None = None
    namespaces: dict[int, str] = field(default_factory=dict)

    @property
    def server(self) -> str | None:
        if not self.base:
            return None
        parts = urlsplit(self.base)
        if not parts.scheme or not parts.netloc:
            return None
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def article_path(self) -> str:
        """``/wiki/$1`` style path, from ``<base>`` (the main page's URL)."""
        if self.base:
            path = urlsplit(self.base).path
            if "/" in path:
                # MediaWiki writes the main page's URL; its last path segment is the title.
                # (index.php?title=… style bases keep the query form.)
                head = path.rsplit("/", 1)[0]
                query = urlsplit(self.base).query
                if query.startswith("title="):
                    return f"{path}?title=$1"
                return f"{head}/$1"
        return "/wiki/$1"

    def to_json(self) -> dict[str, Any]:
        return {
            "sitename": self.sitename,
            "dbname": self.dbname,
            "base": self.base,
            "lang": self.lang,
            "server": self.server,
            "article_path": self.article_path,
            "namespaces": {str(k): v for k, v in sorted(self.namespaces.items())},
        }


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of work: byte range ``[start, end)`` of a multistream dump."""

    index: int
    start: int
    end: int


# ----------------------------------------------------------------------------- opening


def _magic(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(4)


def open_dump(path: Path) -> IO[bytes]:
    """A binary stream of the decompressed XML (bz2 and gzip detected by content)."""
    try:
        magic = _magic(path)
    except FileNotFoundError:
        raise DumpError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DumpError(f"{path}: is a directory") from None
    except OSError as exc:
        raise DumpError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if magic.startswith(b"BZh"):
        return bz2.open(path, "rb")  # reads concatenated (multistream) files too
    if magic.startswith(b"\x1f\x8b"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def find_index(path: Path) -> Path | None:
    """The multistream index next to *path* (Wikimedia's naming), if there is one."""
    name = path.name
    candidates = []
    if name.endswith(".xml.bz2"):
        stem = name[: -len(".xml.bz2")]
        candidates += [stem + "-index.txt.bz2", stem + "-index.txt"]
    if "multistream" in name:
        i = name.index("multistream") + len("multistream")
        candidates += [name[:i] + "-index.txt.bz2", name[:i] + "-index.txt"]
    for c in dict.fromkeys(candidates):
        p = path.with_name(c)
        if p.is_file():
            return p
    return None


_INDEX_LINE = re.compile(r"^(\d+):(\d+):(.*)$")


def read_index(index: Path) -> Iterator[tuple[int, int, str]]:
    """``(offset, page_id, title)`` for every line of a multistream index."""
    opener = bz2.open if _magic(index).startswith(b"BZh") else open
    with opener(index, "rb") as fh:  # type: ignore[operator]
        for n, raw in enumerate(fh, 1):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                continue
            m = _INDEX_LINE.match(line)
            if m is None:
                raise DumpError(f"{index}:{n}: not an 'offset:page_id:title' line")
            yield int(m.group(1)), int(m.group(2)), m.group(3)


def multistream_blocks(dump: Path, index: Path, titles: set[str] | None = None) -> tuple[int, list[Block]]:
    """(header_end, blocks) of a multistream dump: the byte ranges of its page streams, in
    file order. With *titles*, only the blocks whose index lists one of them."""
    offsets: list[int] = []
    wanted: set[int] = set()
    last = -1
    for offset, _pid, title in read_index(index):
        if offset != last:
            if offset < last:
                raise DumpError(f"{index}: offsets are not in increasing order")
            offsets.append(offset)
            last = offset
        if titles is not None and title.replace("_", " ") in titles:
            wanted.add(offset)
    if not offsets:
        raise DumpError(f"{index}: empty index")
    size = dump.stat().st_size
    if offsets[-1] >= size:
        raise DumpError(f"{index}: offset {offsets[-1]} is past the end of {dump}")
    blocks = []
    for i, start in enumerate(offsets):
        end = offsets[i + 1] if i + 1 < len(offsets) else size
        blocks.append(Block(i, start, end))
    if titles is not None:
        blocks = [b for b in blocks if b.start in wanted]
    return offsets[0], blocks


def _decompress_streams(data: bytes, where: str) -> bytes:
    out = []
    while data:
        dec = bz2.BZ2Decompressor()
        try:
            out.append(dec.decompress(data))
        except OSError as exc:
            raise DumpError(f"{where}: not a bz2 stream ({exc})") from None
        if not dec.eof:
            raise DumpError(f"{where}: truncated bz2 stream")
        data = dec.unused_data
    return b"".join(out)


def _read_range(path: Path, start: int, end: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(start)
        return fh.read(end - start)


def read_header(path: Path, header_end: int) -> bytes:
    """The decompressed first stream: ``<mediawiki …>`` and ``<siteinfo>``."""
    return _decompress_streams(_read_range(path, 0, header_end), f"{path}: bytes 0-{header_end}")


_CLOSE_ROOT = re.compile(rb"</mediawiki>\s*$")


def read_block(path: Path, block: Block, header: bytes) -> tuple[DumpInfo, Iterator[PageRecord]]:
    """Parse one block on its own: the header, the block's pages, a closing tag."""
    where = f"{path}: bytes {block.start}-{block.end}"
    body = _decompress_streams(_read_range(path, block.start, block.end), where)
    body = _CLOSE_ROOT.sub(b"", body)
    head = _CLOSE_ROOT.sub(b"", header)
    xml = head + body + b"</mediawiki>\n"
    return _parse(io.BytesIO(xml), where, clear_root=False)


def iter_pages(stream: IO[bytes], where: str) -> tuple[DumpInfo, Iterator[PageRecord]]:
    """(site info, pages) of a whole XML dump, streaming."""
    return _parse(stream, where, clear_root=True)


# ----------------------------------------------------------------------------- parsing


def _parse(stream: IO[bytes], where: str, clear_root: bool) -> tuple[DumpInfo, Iterator[PageRecord]]:
    from xml.etree.ElementTree import ParseError

    from mwxml import Dump
    from mwxml.element_iterator import ElementIterator
    from mwxml.errors import MalformedXML

    try:
        root = ElementIterator.from_file(stream)
        lang = root.attr("{http://www.w3.org/XML/1998/namespace}lang")
        dump = Dump.from_element(root)
    except (ParseError, MalformedXML, AssertionError, ValueError) as exc:
        raise DumpError(f"{where}: not a MediaWiki XML dump ({_short(exc)})") from None
    except EOFError:
        raise DumpError(f"{where}: the compressed file is truncated") from None
    except OSError as exc:
        raise DumpError(f"{where}: cannot decompress ({_short(exc)})") from None
    si = dump.site_info
    info = DumpInfo(
        sitename=si.name,
        dbname=si.dbname,
        base=si.base,
        generator=si.generator,
        case=si.case,
        lang=lang,
        namespaces={int(ns.id): ns.name or "" for ns in (si.namespaces or [])},
    )

    def pages() -> Iterator[PageRecord]:
        items = iter(dump.items)
        while True:
            try:
                page = next(items)
            except StopIteration:
                return
            except (ParseError, MalformedXML, AssertionError, ValueError) as exc:
                raise DumpError(f"{where}: malformed XML ({_short(exc)})") from None
            except EOFError:
                raise DumpError(f"{where}: the compressed file is truncated") from None
            except OSError as exc:
                raise DumpError(f"{where}: cannot decompress ({_short(exc)})") from None
            if page.__class__.__name__ != "Page":
                continue
            try:
                rec = _record(page)
            except (ParseError, MalformedXML, AssertionError, ValueError) as exc:
                raise DumpError(f"{where}: malformed XML in page {page.title!r} ({_short(exc)})") from None
            except EOFError:
                raise DumpError(f"{where}: the compressed file is truncated") from None
            except OSError as exc:
                raise DumpError(f"{where}: cannot decompress ({_short(exc)})") from None
            if clear_root:
                root.element.clear()
            yield rec

    return info, pages()


def _record(page: Any) -> PageRecord:
    last = None
    for rev in page:  # consume every revision (full-history dumps): the last one counts
        last = rev
    text = None
    deleted = False
    rev_id = None
    timestamp = None
    if last is not None:
        rev_id = last.id
        timestamp = last.timestamp.long_format() if last.timestamp is not None else None
        deleted = bool(last.deleted.text) if last.deleted is not None else False
        text = None if deleted else last.text
    return PageRecord(
        title=page.title,
        ns=int(page.namespace) if page.namespace is not None else 0,
        page_id=page.id,
        rev_id=rev_id,
        timestamp=timestamp,
        text=text,
        redirect=page.redirect,
        text_deleted=deleted,
    )


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
