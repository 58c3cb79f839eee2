"""A reference is a bare URL.

## What it does
Reports `<ref>` tags whose content is, or starts with, a raw URL: a free URL
(`<ref>http://example.com/a</ref>`) or a bracketed link without a title
(`<ref>[http://example.com/a]</ref>`), with no citation template in the reference. The message
names the URL, so the list can be worked through (or exported with `--output-format json`,
`data.url`).

## Why is this bad?
A bare URL tells the reader nothing about the source (title, publisher, date), and once the
link dies nobody can find the source again or an archived copy of it. See the English
Wikipedia's guideline on bare URLs; tools such as reFill or Citation bot can expand them.

## Example
```wikitext
Claim.<ref>http://example.com/news/2013/qusayr</ref>
```

Use instead:
```wikitext
Claim.<ref>{{cite web |url=http://example.com/news/2013/qusayr |title=Qusayr falls |website=Example News |date=2013-06-05}}</ref>
```
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

import regex as re

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Comment, ExternalLink, Tag, Template, Text

from ._common import enclosing_ref, role_templates


#: Where MediaWiki ends an external link's URL (Parser::EXT_LINK_URL_CLASS: any Unicode space,
#: controls, ``[ ] < > "``); a template (``{{dead link}}``) expands to markup that ends it too.
_URL_END = re.compile(r'[\s\p{Zs}\x00-\x1f\x7f\[\]<>"\ufffd]|\{\{')
#: After a free URL: text a reader sees (not only space, a template or a comment).
_URL_END_TEXT = re.compile(r"\s*(?!\{\{|<!--|$)\S")


_start = attrgetter("start")


class BareUrlReference(Rule):
    code = "WL607"
    name = "bare-url-reference"
    summary = "Reference is a bare URL"
    severity = Severity.WARNING

    #: look only at the <ref> tags that hold an external link as a child (found from the
    #: page's external links), not at every tag (the tests turn it off to compare)
    from_links = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        cited: set[int] | None = None  # refs holding a citation template, found at first need
        if self.from_links:
            # a ref whose first node is an external link is that link's parent
            holders = {id(el.parent): el.parent for el in doc.external_links if type(el.parent) is Tag}
            tags = sorted(holders.values(), key=_start)
        else:
            tags = doc.tags
        for tag in tags:
            if tag.name != "ref" or tag.contents_start is None:
                continue
            first = None
            rest_has_text = False
            for node in tag.nodes:
                if isinstance(node, Comment):
                    continue
                if isinstance(node, Text) and not text[node.start : node.end].strip():
                    continue
                if first is None:
                    first = node
                    if not isinstance(node, ExternalLink):
                        break
                    continue
                if isinstance(node, (Template, Comment)):
                    continue  # e.g. {{dead link}}
                if isinstance(node, Tag) and node.name in ("br",):
                    continue
                rest_has_text = True
                break
            if not isinstance(first, ExternalLink):
                continue
            if cited is None:
                cited = set()
                for tpl in role_templates(doc, "citation"):
                    ref = enclosing_ref(tpl)
                    if ref is not None:
                        cited.add(id(ref))
            if id(tag) in cited:
                continue
            if first.title_start is not None and text[first.title_start : first.title_end].strip():
                continue
            if doc.in_raw_context(tag):
                continue
            url = text[first.url_start : first.url_end]
            m = _URL_END.search(url)
            if m is not None:
                # MediaWiki ends the URL here: what follows is the link's title (in brackets)
                # or text after the URL (a free link)
                after = url[m.start() :]
                url = url[: m.start()]
                if first.brackets and after.strip():
                    continue  # [https://example.com/a　Title] is a titled link
                if not first.brackets and _URL_END_TEXT.match(after):
                    rest_has_text = True
                if not url or "://" not in url and not url.startswith("//"):
                    continue
            if rest_has_text:
                message = f"Reference starts with a bare URL {url}"
            else:
                message = f"Reference is a bare URL {url}"
            yield self.report(doc, first.start, first.end, message, data={"url": url})
