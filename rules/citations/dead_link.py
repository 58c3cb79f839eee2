"""A citation is marked as a dead link.

## What it does
Reports every dead-link maintenance tag (`{{dead link}}` and its redirects in the site profile,
e.g. `{{Dl}}`, `{{Deadlink}}` on enwiki, `{{死链}}`, `{{失效链接}}` on zhwiki) together with the
URL it marks, its date and the bot fields (`bot=`, `fix-attempted=`).

A tag in a reference whose citation already has an `archive-url` is left to
`redundant-dead-link-tag` (WL609): one finding per problem.

## Why is this bad?
Readers see "[dead link]" and cannot check the claim. Each tag is a to-do item: find an
archived copy (then add `archive-url`/`archive-date` and `url-status=dead`) or a replacement
source. The JSON output (`--output-format json`) carries the URL in `data.url`, so the list of
dead links of a page can be exported.

## Example
```wikitext
Claim.<ref>[http://example.com/gone Gone page]{{dead link|date=April 2018}}</ref>
```

Use instead:
```wikitext
Claim.<ref>{{cite web|url=http://example.com/gone|title=Gone page|archive-url=https://web.archive.org/web/2016/http://example.com/gone|archive-date=2016-03-03|url-status=dead}}</ref>
```
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Node, Tag, Template

from .bare_url_reference import _URL_END

URL_PARAMS = ("url", "URL", "chapter-url", "chapterurl", "article-url", "section-url")


def _url_index(doc: Document) -> tuple[list[int], list[tuple[Node, str | None]], dict[int, int]]:
    """Per page, built once: the starts of the nodes that can give a marked URL (external
    links; templates with a non-empty URL parameter, with that value) in document order, those
    nodes, and for each template end the smallest start of a template ending there. A page of
    thousands of tags on one line stays linear: each tag looks only at these."""
    cached = doc.__dict__.get("_wl601_urls")
    if cached is None:
        sources: list[tuple[Node, str | None]] = [(link, None) for link in doc.external_links]
        first_ending: dict[int, int] = {}
        for node in doc.templates:
            first_ending.setdefault(node.end, node.start)
            for p in node.params:
                if p.showkey and doc.param_key(p) in URL_PARAMS:
                    value = doc.param_value(p).strip()
                    if value:
                        sources.append((node, value))
                        break
        sources.sort(key=lambda item: item[0].start)  # stable: document order at equal starts
        cached = ([node.start for node, _ in sources], sources, first_ending)
        doc.__dict__["_wl601_urls"] = cached
    return cached


def marked_url(doc: Document, tpl: Template) -> str | None:
    """The URL a dead-link tag refers to: inside a ref, the ref's citation URL or last external
    link before the tag; elsewhere, the nearest external link before it on the same line."""
    ref = None
    for anc in tpl.ancestors():
        if isinstance(anc, Tag) and anc.name == "ref":
            ref = anc
            break
    if ref is not None and ref.contents_start is not None:
        lo = ref.contents_start
    else:
        lo = doc.text.rfind("\n", 0, tpl.start) + 1
    text = doc.text
    starts, sources, first_ending = _url_index(doc)
    if ref is None:
        # a citation that ends right before the tag (a bibliography entry over several lines)
        j = tpl.start
        while j > 0 and text[j - 1] in " \t.,;:":
            j -= 1
        if text.endswith("}}", 0, j):
            first = first_ending.get(j)
            if first is not None and first < lo:
                lo = first
    # the last source in [lo, tag) that gives a URL (the first in document order at that start)
    best: str | None = None
    best_pos = -1
    i = bisect.bisect_left(starts, tpl.start) - 1
    while i >= 0 and starts[i] >= lo:
        node, value = sources[i]
        i -= 1
        if best is not None and node.start < best_pos:
            break
        if value is None:
            if node.end <= tpl.start or node.url_end > tpl.start:  # type: ignore[attr-defined]
                # (a tag written right after a free URL sits inside the link's URL text: MediaWiki
                # ends the URL before the template)
                url = text[node.url_start : min(node.url_end, tpl.start)]  # type: ignore[attr-defined]
                m = _URL_END.search(url)
                if m is not None:
                    url = url[: m.start()]
                if url:
                    best, best_pos = url, node.start
        elif node.end <= tpl.start:
            best, best_pos = value, node.start
    return best


class DeadLink(Rule):
    code = "WL601"
    name = "dead-link"
    summary = "Link or citation marked with a dead-link tag"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        names = doc.site.template_names("dead-link")
        if not names:
            return
        from .redundant_dead_link import redundant_dead_link_tags

        redundant = {id(tag) for tag, _, _ in redundant_dead_link_tags(doc)}
        for tpl in doc.templates:
            if doc.template_name(tpl) not in names or doc.in_raw_context(tpl):
                continue
            if id(tpl) in redundant:
                continue  # the citation has an archive: redundant-dead-link-tag (WL609) reports it
            fields = {}
            for p in tpl.params:
                if p.showkey:
                    value = doc.param_value(p).strip()
                    if value:
                        fields[doc.param_key(p)] = value
            url = marked_url(doc, tpl)
            shown = ", ".join(f"{k}={v}" for k, v in fields.items())
            where = f" marks {url}" if url else ""
            message = f"Dead link{where}" + (f" ({shown})" if shown else "")
            yield self.report(
                doc,
                tpl.start,
                tpl.end,
                message,
                data={"url": url, "template": doc.text[tpl.name_start : tpl.name_end].strip(), **fields},
            )
