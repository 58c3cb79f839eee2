"""A wikilink inside the text of an external link.

## What it does
Reports `[http://… text [[Page]] more]`: an internal link (or a file) inside the text of a
bracketed external link, as Parsoid's `wikilink-in-extlink` lint does. Links in comments,
`<nowiki>` and other raw tags are ignored.

## Why is this bad?
A link cannot contain another link. MediaWiki splits the external link in pieces: the reader
sees a stray bracket, the external link text ends early, and the inner link points somewhere
the author did not intend.

## Example
```wikitext
[http://example.org/report Annual report of the [[World Bank]]]
```

Use instead:
```wikitext
[http://example.org/report Annual report of the World Bank]
```

## Fix safety
Delinking the inner link keeps exactly the text the reader saw (`[[A|b]]` becomes `b`,
`[[Page]]` becomes `Page`) and leaves one working external link: safe. No fix is offered for
file links, links with a namespace prefix, a fragment, underscores or an empty pipe, or links
whose text holds more markup, because their visible text is not simply the source text.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule
from wikilint.tree import ExternalLink, Template, Text, Wikilink

from ._util import file_namespace, strip_comments


def _delink(doc: Document, link: Wikilink) -> Edit | None:
    text = doc.text
    title = text[link.title_start : link.title_end]
    t = title.strip()
    if not t or t.startswith(":") or any(c in t for c in "#_{}<>[]&'"):
        return None
    if ":" in t and file_namespace(doc, t) is not None:
        return None
    if ":" in t:
        prefix = t.split(":", 1)[0].strip().lower()
        if prefix in doc.site.siteinfo.interwiki_prefixes:
            return None
    for n in link.nodes:
        if type(n) is not Text:
            return None
    if link.text_start is None:
        shown = title
        if shown != t:
            return None
    else:
        shown = text[link.text_start : link.text_end]
        if not shown.strip() or "[" in shown or "]" in shown or "|" in shown:
            return None
    return Edit(link.start, link.end, shown)


class WikilinkInExtlink(Rule):
    code = "WL411"
    name = "wikilink-in-extlink"
    summary = "Internal link inside an external link's text"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    lint_types = ("wikilink-in-extlink",)
    # skip a link whose text holds no "[[" without walking its nodes (tests turn it off)
    quick_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        reported: set[int] = set()
        find = doc.text.find
        quick = self.quick_test
        for ext in doc.external_links:
            if not ext.brackets or ext.title_start is None or id(ext) in reported:
                continue
            if quick and find("[[", ext.title_start, ext.end) < 0:
                continue  # an internal link in the text starts with "[[" there
            inner = []
            stack = list(ext.nodes)
            while stack:
                node = stack.pop()
                if isinstance(node, Wikilink):
                    if node.start >= ext.title_start:
                        inner.append(node)
                    continue
                if isinstance(node, ExternalLink):
                    continue
                stack.extend(node.children())
            if not inner or doc.in_raw_context(ext):
                continue
            inner.sort(key=lambda n: n.start)
            # an image whose link= is empty makes no link (Parsoid does not lint it)
            live = []
            for link in inner:
                if link.text_start is not None and file_namespace(doc, doc.text[link.title_start : link.title_end].strip()) == 6:
                    opts = [strip_comments(o).strip() for o in doc.text[link.text_start : link.text_end].split("|")]
                    if any(doc.site.siteinfo.image_option(o) == "img_link" and o.split("=", 1)[-1].strip() == "" for o in opts):
                        continue
                live.append(link)
            if not live:
                continue
            edits = []
            for link in live:
                if isinstance(link.parent, Template) or any(isinstance(a, Template) for a in link.ancestors() if a.start > ext.start):
                    edits = []
                    break
                e = _delink(doc, link)
                if e is None:
                    edits = []
                    break
                edits.append(e)
            names = ", ".join(doc.text[link.start : link.end][:60] for link in live[:3])
            fix = Fix.safe("Remove the inner link, keep its text", *edits) if edits else None
            reported.add(id(ext))
            yield self.report(
                doc,
                ext.start,
                ext.end,
                f"External link contains an internal link: {names}",
                fix=fix,
            )
