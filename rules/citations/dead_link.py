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

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import ExternalLink, Tag, Template

from .bare_url_reference import _URL_END

URL_PARAMS = ("url", "URL", "chapter-url", "chapterurl", "article-url", "section-url")


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
    if ref is None:
        # a citation that ends right before the tag (a bibliography entry over several lines)
        j = tpl.start
        while j > 0 and text[j - 1] in " \t.,;:":
            j -= 1
        if text.endswith("}}", 0, j):
            for node in doc.templates:
                if node.end == j and node.start < lo:
                    lo = node.start
                    break
    best: str | None = None
    best_pos = -1
    for node in doc.all_nodes:  # document order; stop once past the tag
        if node.start >= tpl.start:
            break
        if node.start < lo:
            continue
        if isinstance(node, ExternalLink) and (node.end <= tpl.start or node.url_end > tpl.start):
            # (a tag written right after a free URL sits inside the link's URL text: MediaWiki
            # ends the URL before the template)
            url = text[node.url_start : min(node.url_end, tpl.start)]
            m = _URL_END.search(url)
            if m is not None:
                url = url[: m.start()]
            if node.start > best_pos and url:
                best, best_pos = url, node.start
        elif isinstance(node, Template) and node.end <= tpl.start:
            for p in node.params:
                if p.showkey and doc.param_key(p) in URL_PARAMS and doc.param_value(p).strip():
                    if node.start > best_pos:
                        best, best_pos = doc.param_value(p).strip(), node.start
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
