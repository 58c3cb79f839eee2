"""The page has references but no reference list.

## What it does
Reports pages with refs in the default group but no `<references />`, `{{#tag:references}}` or
reference-list template (the site profile's `reflist` templates, e.g. `{{Reflist}}`). Stays
silent when some other template may output one: a template with `refs=`/`colwidth=`, one whose
name looks like a reference or notes list in some language, or one standing alone on the line
right after a section heading (`== Tham khảo ==` + `{{tham khảo}}`).

## Why is this bad?
MediaWiki appends an automatic list at the very end of the page, below navigation boxes and
categories, without a heading. Wikipedias expect a "References" section.

## Example
```wikitext
A claim.<ref>Smith 2001.</ref>

[[Category:Examples]]
```

Use instead:
```wikitext
A claim.<ref>Smith 2001.</ref>

== References ==
{{Reflist}}

[[Category:Examples]]
```

## Fix safety
The fix adds a section with the site's heading and list (`references.heading`,
`references.list` of the site profile: `== References ==` + `{{Reflist}}` on enwiki,
`== 参考资料 ==` + `{{Reflist}}` on zhwiki) before "External links"/"Further reading", or
before the trailing navigation boxes, categories, stub templates, `{{DEFAULTSORT}}` and
interlanguage links, or at the end, with the file's line endings. Where the section belongs is
an editorial choice, so the fix is unsafe. No fix is offered on a site whose profile does not
give the section's form (no English heading on another wiki), nor when the end of the page is
inside an unclosed comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._base import possible_list_templates

_TAIL_LINE = re.compile(
    r"^\s*(?:\[\[\s*(?:category|分类|分類|kategorie|catégorie|категория)\s*:[^\]]*\]\]\s*|"
    r"\{\{\s*(?:DEFAULTSORT|默认排序|DEFAULTSORTKEY)\s*:[^}]*\}\}\s*|"
    r"\{\{[^{}]*(?:stub|小作品)[^{}]*\}\}\s*|\{\{\s*(?:authority control|portal bar|taxonbar)[^{}]*\}\}\s*|"
    r"\[\[[a-z\-]{2,12}:[^\]]*\]\]\s*|"
    # a template alone on its line at the end of the page: navigation boxes and the like
    r"\{\{[^{}\n]*\}\}\s*|)$",
    re.I,
)
_LATE_HEADINGS = re.compile(
    r"^==\s*(?:External links|Further reading|外部链接|外部連結|外部連接|延伸阅读|延伸閱讀|扩展阅读)\s*==\s*$",
    re.I | re.M,
)


class MissingReferenceList(Rule):
    code = "WL519"
    name = "missing-reference-list"
    summary = "Page has references but no reference list"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        model = doc.refs
        refs = [r for r in model.refs if not r.nested and r.in_references is None and r.group == ""]
        if not refs:
            return
        if any(rl.group == "" for rl in model.lists):
            return
        for _tpl, group in possible_list_templates(doc):
            if not group:
                return  # may be the list (a local {{Reflist}}-like template)
        first = refs[0]
        yield self.report(
            doc, first.open_start, first.open_end,
            f"Page has {len(refs)} reference{'s' if len(refs) != 1 else ''} but no reference list",
            fix=self._fix(doc),
        )

    def _fix(self, doc: Document) -> Fix | None:
        """No fix where the site's form of the section is unknown (never an English heading on
        another wiki), nor where the insertion point is inside an unclosed comment (the section
        would be invisible and the fix would repeat forever). New lines follow the file's."""
        heading = doc.site.get("references.heading", None)
        lst = doc.site.get("references.list", None)
        if not heading or not lst:
            return None
        text = doc.text
        at, before, after = self._position(doc)
        if text.rfind("<!--", 0, at) > text.rfind("-->", 0, at) or doc.refs.in_opaque(max(0, at - 1)):
            return None
        insert = f"{before}== {heading} ==\n{lst}\n{after}"
        eol = "\r\n" if "\r\n" in text else ("\r" if "\r" in text and "\n" not in text else "\n")
        if eol != "\n":
            insert = insert.replace("\n", eol)
        return Fix.unsafe(f"Add a \"{heading}\" section with {lst}", Edit(at, at, insert))

    def _position(self, doc: Document) -> tuple[int, str, str]:
        text = doc.text
        m = _LATE_HEADINGS.search(text)
        if m and not doc.refs.in_opaque(m.start()):
            return m.start(), "", "\n"
        # walk back over trailing category / stub / DEFAULTSORT lines
        end = len(text)
        pos = end
        while pos > 0:
            line_start = text.rfind("\n", 0, pos - 1) + 1 if pos > 0 else 0
            line = text[line_start:pos]
            if _TAIL_LINE.match(line.rstrip("\r\n")):
                pos = line_start
                if line_start == 0:
                    break
                continue
            break
        if pos >= end:
            tail = text[-4:].replace("\r\n", "\n").replace("\r", "\n")
            sep = "" if tail.endswith("\n\n") else ("\n" if tail.endswith("\n") else "\n\n")
            return end, sep, ""
        while pos < end and text[pos] in "\r\n":
            pos += 1
        head = text[:pos].replace("\r\n", "\n").replace("\r", "\n")
        before = "" if head.endswith("\n\n") or pos == 0 else ("\n" if head.endswith("\n") else "\n\n")
        return pos, before, "\n"
