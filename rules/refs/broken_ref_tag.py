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
        real_closes = {r.content_end for r in refs if r.content_end is not None and not r.via_tag_function}
        # the model's refs are in document order, and <ref> tags start at distinct offsets
        openers = [r for r in refs if not r.via_tag_function]
        op_starts = [r.open_start for r in openers]

        def in_opener(pos: int) -> bool:
            i = bisect.bisect_right(op_starts, pos) - 1
            return i >= 0 and openers[i].open_start <= pos < openers[i].open_end

        def skip(pos: int) -> bool:
            return model.in_opaque(pos) or in_opener(pos)

        def stray_close_after(pos: int) -> tuple[int, int] | None:
            """The first </ref> after pos if it closes no real ref and no opener comes first."""
            m = _ANY_CLOSE.search(text, pos)
            if m is None or m.start() in real_closes or model.in_opaque(m.start()):
                return None
            o = _ANY_OPEN.search(text, pos, m.start())
            if o is not None:
                return None
            return m.start(), m.end()

        # 1. lost "<"
        for m in _LOST_LT.finditer(text):
            start = m.start()
            prev = text[start - 1] if start else ""
            if prev == ">":
                start -= 1
                gt = ">"
            elif prev and _NOT_BEFORE.match(prev):
                continue
            else:
                gt = ""
            if skip(start) or text[:start].rstrip(" \t").endswith("<"):
                continue  # "< ref": reported below as a spaced opener
            if gt:
                # a ">" that ends an HTML tag (<span>ref name=…>) is not the lost "<"
                lt = text.rfind("<", 0, start)
                if lt > text.rfind(">", 0, start):
                    gt = ""
                    start += 1
            self_closing = bool(m.group(2))
            closer = None if self_closing else stray_close_after(m.end())
            fix = None
            # "{{ref …": the name of a template call; a "<" there would build a ref inside
            # the template's name, never what the editor meant.
            in_template_name = text[:start].endswith("{{")
            if (self_closing or closer is not None) and not in_template_name:
                if gt:
                    fix = Fix.safe("Replace the stray \">\" with \"<\"", Edit(start, start + 1, "<"))
                else:
                    fix = Fix.safe("Insert the missing \"<\"", Edit(start, start, "<"))
            at = start + len(gt)  # the diagnostic starts at "ref"; the fix may replace the ">"
            snippet = text[at : m.end()]
            yield self.report(doc, at, m.end(), f"Reference tag lost its \"<\": {snippet!r}", fix=fix)

        # 2. "< ref" and "<refname="
        for rx, what in ((_SPACED_OPEN, "space after \"<\""), (_GLUED, "no space before the attribute")):
            for m in rx.finditer(text):
                start = m.start()
                if skip(start):
                    continue
                gt = text.find(">", m.end())
                if gt < 0:
                    continue
                self_closing = text[gt - 1] == "/"
                closer = None if self_closing else stray_close_after(gt + 1)
                if closer is None and not self_closing:
                    bc = _BROKEN_CLOSE.search(text, gt + 1)
                    o = _ANY_OPEN.search(text, gt + 1, bc.start()) if bc else None
                    if bc is not None and o is None:
                        closer = (bc.start(), bc.end())
                fix = None
                if self_closing or closer is not None:
                    if rx is _SPACED_OPEN:
                        fix = Fix.safe("Remove the space in the tag", Edit(start + 1, start + 1 + len(m.group(1)), ""))
                    else:
                        fix = Fix.safe("Insert a space after \"<ref\"", Edit(m.end(), m.end(), " "))
                yield self.report(doc, start, gt + 1, f"Broken reference tag ({what}): {text[start:gt + 1]!r}", fix=fix)

        # 3. "</ ref>" and "< /ref>"
        unclosed_starts = [s for s, _ in model.unclosed]
        for m in _BROKEN_CLOSE.finditer(text):
            start = m.start()
            if model.in_opaque(start):
                continue
            fix = None
            i = bisect.bisect_right(unclosed_starts, start) - 1
            if i >= 0:
                # an unclosed literal <ref …> before it, and nothing else in between
                o_end = model.unclosed[i][1]
                o = _ANY_OPEN.search(text, o_end, start)
                b = _BROKEN_CLOSE.search(text, o_end, start)
                if o is None and b is None:
                    fix = Fix.safe("Write the closing tag as </ref>", Edit(start, m.end(), "</ref>"))
            yield self.report(doc, start, m.end(), f"Broken closing reference tag: {m.group(0)!r}", fix=fix)

        # 4. "<ref …/ >": not self-closing for MediaWiki
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
