"""Reference markup that MediaWiki does not recognise as a tag.

## What it does
Scans the text (outside comments, `<nowiki>`, `<pre>`, `<math>` and other raw bodies) for ref
markup that the preprocessor will not read as a tag:

* a lost `<`: `430>ref name="unofficial">…</ref>` or `text ref name="x">…</ref>`;
* a space inside the tag: `< ref name="x">`, `</ ref>`, `< /ref>`;
* a name glued to the tag: `<refname="x">`;
* a self-closing slash followed by a space: `<ref name="x"/ >` (not self-closing for
  MediaWiki, so it swallows the text up to the next `</ref>`).

## Why is this bad?
MediaWiki prints such markup as literal text ("ref name=… >") in the article, and the ref it
was meant to be is missing, so its reuses become "Cite error: … never defined".

## Example
```wikitext
The band sold 430>ref name="unofficial">Unofficial history, p. 3.</ref> copies.
```

Use instead:
```wikitext
The band sold 430<ref name="unofficial">Unofficial history, p. 3.</ref> copies.
```

## Fix safety
The fix is safe where the repair is unambiguous: the repaired opener pairs with a stray
`</ref>` that closes no other ref and no other ref starts in between (or the tag is
self-closing), or a broken `</ ref>` is the only possible closer of an otherwise unclosed
`<ref>`. Other cases are reported without a fix.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import regex

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability
from wikilint.rule import Rule

_LOST_LT = re.compile(r"ref(\s+(?:name|group)\s*=[^<>\n]*?)(/?)>", re.I)
_NOT_BEFORE = re.compile(r"[<\w/&;:.\-]")
_SPACED_OPEN = re.compile(r"<([\t ]+)ref(?=[\t ]+(?:name|group|follow)\s*=|[\t ]*/?>)", re.I)
_GLUED = re.compile(r"<ref(?=(?:name|group)\s*=)", re.I)
_BROKEN_CLOSE = re.compile(r"<[\t ]*/[\t ]+ref[\t ]*>|<[\t ]+/[\t ]*ref[\t ]*>", re.I)
_ANY_CLOSE = re.compile(r"</ref\s*>", re.I)
_ANY_OPEN = re.compile(r"<\s*ref(?=[\s/>]|name|group)", re.I)
# _LOST_LT without its tail: the tail `[^<>\n]*?(/?)>` succeeds exactly when the first "<", ">"
# or newline after the "=" is a ">". Run as one regex, a line of thousands of `ref name=x`
# without a ">" took quadratic time (each try scanned to the line's end): 8,000 took 9 s.
# Compiled with the regex module, whose case-insensitive search is about twice as fast as re's
# over a whole page; "[\s\x1c-\x1f]" is re's \s (str.isspace), the same matches exactly.
_LOST_LT_HEAD = regex.compile(r"ref[\s\x1c-\x1f]+(?:name|group)[\s\x1c-\x1f]*=", regex.IGNORECASE | regex.V0)
_LOST_LT_STOP = re.compile(r"[<>\n]")
_ANGLE = re.compile(r"[<>]")
# What section 4 of the check looks for: a "/" that white space (str.isspace) parts from a
# ">". A page without one has no "<ref …/ >" (nor such a literal opener), and the section's
# walk over every ref is skipped.
_SPACED_SELF_CLOSE = re.compile(r"/[\s\x1c-\x1f]+>")
# Where a match of _SPACED_OPEN, _GLUED or _BROKEN_CLOSE starts ("<" then a space or tab, "/"
# and a space or tab, or "ref" and the first letter of "name" or "group", case-insensitively as
# they match): a page without one (nearly all) skips sections 2 and 3 of the check, one scan
# of the page instead of three.
_MAYBE_BROKEN = re.compile(r"<(?:[\t ]|/[\t ]|ref[ng])", re.IGNORECASE)


def _lost_lt(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, self-closing) of each match of _LOST_LT.finditer(text), in linear time.

    Every match of these patterns holds "r", "<" or ">" only where said (no head can start
    inside another), so the heads found one after another are all the places a match can
    start; a head inside the previous match is skipped, as finditer would."""
    last_end = 0
    stop = -1  # the first stop character at or after the last asked position (asked in order)
    for h in _LOST_LT_HEAD.finditer(text):
        if h.start() < last_end:
            continue
        p = h.end()
        if stop < p:
            m = _LOST_LT_STOP.search(text, p)
            stop = m.start() if m else len(text)
        if stop == len(text) or text[stop] != ">":
            continue
        last_end = stop + 1
        yield h.start(), last_end, text[stop - 1] == "/"


def _starts(rx: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of rx's matches. For the patterns here, whose only "<" is their first
    character, `rx.search(text, pos, endpos)` (endpos at a "<") finds a match exactly when one
    of these starts is in [pos, endpos): no match can begin inside another."""
    starts: list[int] = []
    ends: list[int] = []
    for m in rx.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _quoted(text: str, start: int, end: int, limit: int = 80) -> str:
    """repr() of text[start:end], its middle cut out when longer than *limit*: several broken
    openers can run to the same distant ">", and their messages must not grow with the page."""
    if end - start <= limit:
        return repr(text[start:end])
    return repr(text[start : start + limit - 20] + "…" + text[end - 19 : end])


def _first_at(starts: list[int], lo: int, hi: int | None = None) -> int | None:
    """Index of the first start in [lo, hi) (hi None: no bound), or None."""
    i = bisect.bisect_left(starts, lo)
    if i < len(starts) and (hi is None or starts[i] < hi):
        return i
    return None


class BrokenRefTag(Rule):
    code = "WL502"
    name = "broken-ref-tag"
    summary = "Reference markup MediaWiki does not recognise as a tag"
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if "ref" not in text and "REF" not in text and "Ref" not in text:
            return
        model = doc.refs
        refs = model.refs
        # filled at the first candidate (most pages have none); the model's refs are in
        # document order, and <ref> tags start at distinct offsets
        real_closes: set[int] = set()
        openers: list = []
        op_starts: list[int] = []
        indexed: list[bool] = []

        def index_refs() -> None:
            real_closes.update(r.content_end for r in refs if r.content_end is not None and not r.via_tag_function)
            openers.extend(r for r in refs if not r.via_tag_function)
            op_starts.extend(r.open_start for r in openers)
            indexed.append(True)

        def in_opener(pos: int) -> bool:
            if not indexed:
                index_refs()
            i = bisect.bisect_right(op_starts, pos) - 1
            return i >= 0 and openers[i].open_start <= pos < openers[i].open_end

        def skip(pos: int) -> bool:
            return model.in_opaque(pos) or in_opener(pos)

        lazy: dict[str, tuple[list[int], list[int]]] = {}

        def positions(key: str) -> tuple[list[int], list[int]]:
            """Match starts/ends of the patterns below, found once per page at first need."""
            if key not in lazy:
                rx = {"close": _ANY_CLOSE, "open": _ANY_OPEN, "broken": _BROKEN_CLOSE, "angle": _ANGLE}[key]
                lazy[key] = _starts(rx, text)
            return lazy[key]

        def open_between(lo: int, hi: int) -> bool:
            """Whether _ANY_OPEN.search(text, lo, hi) finds a match (hi is at a "<")."""
            return _first_at(positions("open")[0], lo, hi) is not None

        def stray_close_after(pos: int) -> tuple[int, int] | None:
            """The first </ref> after pos if it closes no real ref and no opener comes first."""
            c_starts, c_ends = positions("close")
            i = _first_at(c_starts, pos)
            if not indexed:
                index_refs()
            if i is None or c_starts[i] in real_closes or model.in_opaque(c_starts[i]):
                return None
            if open_between(pos, c_starts[i]):
                return None
            return c_starts[i], c_ends[i]

        # 1. lost "<"
        for start, end, self_closing in _lost_lt(text):
            prev = text[start - 1] if start else ""
            if prev == ">":
                start -= 1
                gt = ">"
            elif prev and _NOT_BEFORE.match(prev):
                continue
            else:
                gt = ""
            if skip(start):
                continue
            j = start  # text[:start].rstrip(" \t").endswith("<"), without copying the text
            while j > 0 and text[j - 1] in " \t":
                j -= 1
            if j > 0 and text[j - 1] == "<":
                continue  # "< ref": reported below as a spaced opener
            if gt:
                # a ">" that ends an HTML tag (<span>ref name=…>) is not the lost "<": the
                # nearest "<" or ">" before it is a "<"
                angles = positions("angle")[0]
                k = bisect.bisect_left(angles, start) - 1
                if k >= 0 and text[angles[k]] == "<":
                    gt = ""
                    start += 1
            closer = None if self_closing else stray_close_after(end)
            fix = None
            # "{{ref …": the name of a template call; a "<" there would build a ref inside
            # the template's name, never what the editor meant.
            in_template_name = text.endswith("{{", 0, start)
            if (self_closing or closer is not None) and not in_template_name:
                if gt:
                    fix = Fix.safe("Replace the stray \">\" with \"<\"", Edit(start, start + 1, "<"))
                else:
                    fix = Fix.safe("Insert the missing \"<\"", Edit(start, start, "<"))
            at = start + len(gt)  # the diagnostic starts at "ref"; the fix may replace the ">"
            snippet = text[at:end]
            yield self.report(doc, at, end, f"Reference tag lost its \"<\": {snippet!r}", fix=fix)

        if _MAYBE_BROKEN.search(text) is None:
            broken: tuple = ()  # sections 2 and 3 have nothing to find
        else:
            broken = ((_SPACED_OPEN, "space after \"<\""), (_GLUED, "no space before the attribute"))
        # 2. "< ref" and "<refname="
        for rx, what in broken:
            next_gt = -1  # text.find(">", pos) for the last pos asked (asked in order)
            for m in rx.finditer(text):
                start = m.start()
                if skip(start):
                    continue
                if next_gt < m.end():
                    next_gt = text.find(">", m.end())
                    if next_gt < 0:
                        next_gt = len(text)
                if next_gt == len(text):
                    continue
                gt = next_gt
                self_closing = text[gt - 1] == "/"
                closer = None if self_closing else stray_close_after(gt + 1)
                if closer is None and not self_closing:
                    b_starts, b_ends = positions("broken")
                    i = _first_at(b_starts, gt + 1)
                    if i is not None and not open_between(gt + 1, b_starts[i]):
                        closer = (b_starts[i], b_ends[i])
                fix = None
                if self_closing or closer is not None:
                    if rx is _SPACED_OPEN:
                        fix = Fix.safe("Remove the space in the tag", Edit(start + 1, start + 1 + len(m.group(1)), ""))
                    else:
                        fix = Fix.safe("Insert a space after \"<ref\"", Edit(m.end(), m.end(), " "))
                yield self.report(doc, start, gt + 1, f"Broken reference tag ({what}): {_quoted(text, start, gt + 1)}", fix=fix)

        # 3. "</ ref>" and "< /ref>"
        unclosed_starts = [s for s, _ in model.unclosed]
        b_starts, b_ends = positions("broken") if broken else ([], [])
        for start, b_end in zip(b_starts, b_ends):
            if model.in_opaque(start):
                continue
            fix = None
            i = bisect.bisect_right(unclosed_starts, start) - 1
            if i >= 0:
                # an unclosed literal <ref …> before it, and nothing else in between
                o_end = model.unclosed[i][1]
                if not open_between(o_end, start) and _first_at(b_starts, o_end, start) is None:
                    fix = Fix.safe("Write the closing tag as </ref>", Edit(start, b_end, "</ref>"))
            yield self.report(doc, start, b_end, f"Broken closing reference tag: {text[start:b_end]!r}", fix=fix)

        # 4. "<ref …/ >": not self-closing for MediaWiki
        if _SPACED_SELF_CLOSE.search(text) is None:
            return
        for r in refs:
            if r.via_tag_function or not r.content_start:
                continue
            attr = text[r.attr_start : r.attr_end]
            stripped = attr.rstrip()
            if stripped.endswith("/") and len(stripped) < len(attr):
                slash = r.attr_start + len(stripped) - 1
                fix = Fix.safe("Remove the space between \"/\" and \">\"", Edit(slash + 1, r.open_end - 1, ""))
                yield self.report(
                    doc, r.open_start, r.open_end,
                    f"Reference tag {text[r.open_start:r.open_end]!r} is not self-closing: a space follows \"/\"",
                    fix=fix,
                )
        for s, e in model.unclosed:
            attr = text[s:e - 1]
            stripped = attr.rstrip()
            if stripped.endswith("/") and len(stripped) < len(attr):
                slash = s + len(stripped) - 1
                fix = Fix.safe("Remove the space between \"/\" and \">\"", Edit(slash + 1, e - 1, ""))
                yield self.report(
                    doc, s, e, f"Reference tag {text[s:e]!r} is not self-closing: a space follows \"/\"", fix=fix
                )
