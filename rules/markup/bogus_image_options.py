"""A file link has options MediaWiki ignores.

## What it does
Reports `[[File:…]]` links (in any local spelling of the File namespace: `Datei:`, `Файл:`,
`Tập tin:`…) with options that MediaWiki drops, as Parsoid's `bogus-image-options` lint does:

- text that is no image option on this wiki and is not the caption (only the last such part is
  the caption: `|200|`, `|250pxw|`, `|RIGHT|` — options are case-sensitive —, `|rechts|` on a
  wiki that is not German, an empty `||`);
- a second format, alignment or other option of a kind already given (`thumb|thumb`,
  `праворуч|ліворуч`, `frame|frameless`): the first one wins;
- a size given twice (the last one wins) or a size with `frame`/`thumb=…`, which ignore sizes;
- `upright=` with a value that is not a positive number, a size written `250pxpx`.

With the option `galleries = true`, `<gallery>` lines are checked too (a format such as `thumb`
or a size does nothing there). Parsoid lints them since after MediaWiki 1.39; it is off by
default because MediaWiki 1.39 does not report them.

Options are recognised with the site's own image keywords and namespace names
(`doc.site.siteinfo`). On a video or audio file (`.webm`, `.ogv`, `.ogg`, `.mp3` …) the options
of the TimedMediaHandler extension, which every Wikimedia wiki runs, are options too
(`thumbtime=`, `start=`, `end=` with a time such as `35` or `1:02:03.5`); on an image they are
not. Links whose options come from templates are skipped: what the template
produces is unknown.

## Why is this bad?
The option does nothing: the author meant something the reader does not get (a size, a
caption), and the link is harder to edit. MediaWiki lists these under Special:LintErrors.

## Example
```wikitext
[[File:Pic.png|280px|right|thumb|200px|A caption]]
```

Use instead:
```wikitext
[[File:Pic.png|right|thumb|200px|A caption]]
```

## Fix safety
Removing a size that a later size overrides, or an exact repeat of an option already given,
leaves the rendering unchanged in both MediaWiki parsers: that fix is safe. Other bogus
options (a misspelt keyword, a second caption) need a person to decide what was meant: no fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.markup import prefixed_links
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._util import FILE_NS, Segment, file_namespace, is_file_link, link_segments, strip_comments

_FORMAT = {"img_thumbnail", "img_framed", "img_frameless", "img_manualthumb"}
_HALIGN = {"img_left", "img_right", "img_center", "img_none"}
_VALIGN = {
    "img_baseline", "img_sub", "img_super", "img_top", "img_text_top", "img_middle",
    "img_bottom", "img_text_bottom",
}
_GROUP = {**{k: "format" for k in _FORMAT}, **{k: "halign" for k in _HALIGN}, **{k: "valign" for k in _VALIGN}}
_NUMBER = re.compile(r"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?")
_DIM = r"(?:[0-9]+(?:x[0-9]*)?|x[0-9]+)"


def _value_patterns(si, name: str) -> list[re.Pattern[str]]:  # type: ignore[no-untyped-def]
    cache = si.__dict__.setdefault("_wl_value_patterns", {})
    if name not in cache:
        pats = []
        flags = re.S if si.magic_word_case_sensitive(name) else re.S | re.I
        for alias in si.magic_word_aliases(name):
            if "$1" in alias:
                before, _, after = alias.partition("$1")
                pats.append(re.compile(re.escape(before) + "(.*)" + re.escape(after), flags))
        cache[name] = pats
    return cache[name]


def _value(si, name: str, option: str) -> str | None:  # type: ignore[no-untyped-def]
    for rx in _value_patterns(si, name):
        m = rx.fullmatch(option)
        if m:
            return m.group(1)
    return None


def _bogus_px(si, option: str) -> bool:  # type: ignore[no-untyped-def]
    """``250pxpx``: a valid size with one more ``px`` (MediaWiki accepts it, Parsoid lints it)."""
    value = _value(si, "img_width", option)
    return value is not None and re.fullmatch(_DIM + "px", value) is not None


# TimedMediaHandler: its file types and the time options its media handler takes (English names,
# which work on every wiki that runs it; a time is seconds or [[h:]m:]s, with decimals)
MEDIA_EXTENSIONS = frozenset(
    "webm ogv ogg oga ogx opus spx mp3 wav flac mid midi mp4 m4a mpg mpeg mov".split()
)
_TMH_OPTION = re.compile(r"(?:thumbtime|start|end)=\s*[0-9]+(?::[0-9]+){0,2}(?:\.[0-9]+)?\s*")


def is_media_file(target: str) -> bool:
    """Whether the file *target* names (``File:Clip.webm``) is audio or video."""
    return target.rpartition(".")[2].strip().lower() in MEDIA_EXTENSIONS


def _classify_plain(si, option: str, media: bool) -> tuple[str | None, bool]:  # type: ignore[no-untyped-def]
    """What an option without markup is: its magic word name (``None``: none) and, when it is
    none, whether it is a size with ``px`` twice (depends only on the option's text)."""
    name = None
    if "''" not in option:
        name = si.image_option(option)
        if name is None and media and _TMH_OPTION.fullmatch(option):
            name = "tmh_" + option.split("=", 1)[0]
    if name is None:
        value = _value(si, "img_width", option)
        if value is not None and re.fullmatch(_DIM, value.strip()):
            name = "img_width"  # "64 px": MediaWiki trims the number
    if name is None:
        return None, _bogus_px(si, option)
    return name, False


_MISSING = object()
OPTION_MEMO = True  # remember _classify_plain per site (tests turn it off to compare)
_OPTION_MEMO_SIZE = 4096  # options of at most 64 characters; started afresh when full


def _plain_option(si, option: str, media: bool) -> tuple[str | None, bool]:  # type: ignore[no-untyped-def]
    """``_classify_plain``, remembered per site: the same few options (``thumb``, ``right``,
    ``250px``) on every page."""
    if not OPTION_MEMO or len(option) > 64:
        return _classify_plain(si, option, media)
    memo = si.__dict__.get("_wl_plain_options")
    if memo is None:
        memo = si.__dict__["_wl_plain_options"] = {}
    key = (option, media)
    got = memo.get(key, _MISSING)
    if got is _MISSING:
        got = _classify_plain(si, option, media)
        if len(memo) >= _OPTION_MEMO_SIZE:
            memo.clear()
        memo[key] = got
    return got  # type: ignore[return-value]


def _analyse(si, text: str, segs: list, gallery: bool, media: bool = False) -> list[tuple[int, str, bool]]:  # type: ignore[no-untyped-def]
    """The bogus options among *segs*: ``[(segment index, reason, safe to remove)]``.
    *media*: the file is audio or video (TimedMediaHandler's options apply)."""
    bogus: list[tuple[int, str, bool]] = []  # (segment index, why, safe to remove)
    caption: int | None = None
    seen: dict[str, tuple[int, str]] = {}  # key -> (segment index, normalised option)
    widths: list[int] = []
    for i, seg in enumerate(segs):
        raw = text[seg.start : seg.end]
        option = strip_comments(raw).strip()
        name = None
        markup = seg.has_markup
        px = False
        if not markup:
            name, px = _plain_option(si, option, media)
        elif not seg.has_template:
            # link= and alt= may hold wikitext; any other option with markup is a caption
            head = strip_comments(text[seg.start : seg.nodes[0].end if seg.nodes else seg.end]).strip()
            for candidate in ("img_link", "img_alt"):
                if _value(si, candidate, head + "x") is not None or _value(si, candidate, option) is not None:
                    name = candidate
                    break
        if name is None:
            if px:
                bogus.append((i, f"size '{option}' has 'px' twice", False))
                widths.append(i)
                continue
            if caption is not None:
                bogus.append((caption, "", False))
            caption = i
            continue
        if name == "img_width":
            if gallery:
                bogus.append((i, f"size '{option}' is not used in a gallery", False))
                continue
            widths.append(i)
            continue
        key = _GROUP.get(name, name)
        if name == "img_manualthumb":
            key = "format"
        if gallery and key == "format":
            bogus.append((i, f"format '{option}' is not used in a gallery", False))
            continue
        if key in seen:
            first_i, first_opt = seen[key]
            same = first_opt == option
            why = (
                f"'{option}' repeats an option already given"
                if same
                else f"'{option}' conflicts with '{first_opt}' given before (the first one wins)"
            )
            bogus.append((i, why, same))
            continue
        if name == "img_upright":
            value = _value(si, name, option)
            if value is not None and not (_NUMBER.fullmatch(value.strip()) and float(value) > 0):
                bogus.append((i, f"'{option}' is not a positive number", False))
                continue
        seen[key] = (i, option)
    fmt = seen.get("format")
    fmt_name = si.image_option(fmt[1]) if fmt else None
    if fmt_name in ("img_framed", "img_manualthumb"):
        for i in widths:
            if all(b[0] != i for b in bogus):
                bogus.append((i, f"a size is ignored with '{fmt[1]}'", False))
    else:
        valid = [i for i in widths if all(b[0] != i for b in bogus)]
        for i in valid[:-1]:
            opt = strip_comments(text[segs[i].start : segs[i].end]).strip()
            later = strip_comments(text[segs[valid[-1]].start : segs[valid[-1]].end]).strip()
            bogus.append((i, f"size '{opt}' is overridden by '{later}'", True))
    return bogus


class _TextSegment(Segment):
    """A part of a gallery line (raw text: no nodes, markup told by its characters)."""

    def __init__(self, start: int, end: int, raw: str) -> None:
        super().__init__(start, end, [])
        self.raw = raw

    @property
    def has_template(self) -> bool:
        return "{{" in self.raw

    @property
    def has_markup(self) -> bool:
        return any(m in self.raw for m in ("[[", "{{", "<", "[http", "''"))


def _split_line(line: str, base: int) -> list[_TextSegment]:
    """Split a gallery line at pipes outside ``[[…]]`` and ``{{…}}``."""
    segs = []
    depth = 0
    start = 0
    i = 0
    n = len(line)
    while i < n:
        two = line[i : i + 2]
        if two in ("[[", "{{"):
            depth += 1
            i += 2
            continue
        if two in ("]]", "}}") and depth:
            depth -= 1
            i += 2
            continue
        if line[i] == "|" and depth == 0:
            segs.append(_TextSegment(base + start, base + i, line[start:i]))
            start = i + 1
        i += 1
    segs.append(_TextSegment(base + start, base + n, line[start:]))
    return segs


class BogusImageOptions(Rule):
    code = "WL410"
    name = "bogus-image-options"
    summary = "File link option that MediaWiki ignores"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    lint_types = ("bogus-image-options",)
    options = {"galleries": False}
    # the candidate links found by markup.prefixed_links (tests turn it off to compare)
    quick_links = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        si = doc.site.siteinfo
        text = doc.text
        if self.opts["galleries"]:
            yield from self._galleries(doc)
        if self.quick_links:  # the links with options and a namespace prefix, found in C
            links = prefixed_links(text, doc.wikilinks)
        else:
            links = [
                link
                for link in doc.wikilinks
                if link.text_start is not None and text.find(":", link.title_start, link.title_end) >= 0
            ]  # without options or a namespace prefix a link is no file link with options
        for link in links:
            if not is_file_link(doc, link) or doc.in_raw_context(link):
                continue
            segs = link_segments(doc, link)
            if any(s.has_template for s in segs[:-1]):
                continue  # options from templates: unknowable here
            media = is_media_file(text[link.title_start : link.title_end])
            bogus = _analyse(si, text, segs, gallery=False, media=media)
            if not bogus:
                continue
            bogus.sort()
            items = []
            edits = []
            all_safe = True
            for i, why, safe in bogus:
                seg = segs[i]
                opt = strip_comments(text[seg.start : seg.end]).strip()
                items.append(why or (f"'{opt}' is no image option here" if opt else "empty option"))
                if safe:
                    edits.append(Edit(seg.start - 1, seg.end, ""))  # the option with its pipe
                else:
                    all_safe = False
            fix = Fix.safe("Remove the ignored option(s)", *edits) if edits and all_safe else None
            yield self.report(
                doc,
                link.start,
                link.end,
                "File link option(s) ignored by MediaWiki: " + "; ".join(items),
                fix=fix,
                data={"items": [strip_comments(text[segs[i].start : segs[i].end]).strip() for i, _, _ in bogus]},
            )

    def _galleries(self, doc: Document) -> Iterator[Diagnostic]:
        """``<gallery>`` lines: ``File:X.jpg|options|caption``; formats and sizes do nothing there."""
        si = doc.site.siteinfo
        text = doc.text
        for tag in doc.tags:
            if tag.name != "gallery" or tag.contents_start is None or tag.close_start is None:
                continue
            if doc.in_raw_context(tag) or any(a.kind == "template" for a in tag.ancestors()):
                continue
            pos = tag.contents_start
            body = text[tag.contents_start : tag.close_start]
            if "<!--" in body or "{{" in body:
                continue  # lines built or hidden by comments and templates: stay silent
            for line in body.split("\n"):
                base, pos = pos, pos + len(line) + 1
                if "|" not in line:
                    continue
                parts = _split_line(line, base)
                title = parts[0].raw.strip()
                if not title:
                    continue
                if ":" in title and file_namespace(doc, title) not in (FILE_NS, None):
                    continue
                bogus = _analyse(si, text, parts[1:], gallery=True, media=is_media_file(title))
                if not bogus:
                    continue
                bogus.sort()
                items = []
                for i, why, _ in bogus:
                    opt = parts[1 + i].raw.strip()
                    items.append(why or (f"'{opt}' is no image option here" if opt else "empty option"))
                yield self.report(
                    doc,
                    tag.start,
                    tag.end,
                    f"Gallery image option(s) ignored by MediaWiki: {title}: " + "; ".join(items),
                    data={"items": [parts[1 + i].raw.strip() for i, _, _ in bogus]},
                )
