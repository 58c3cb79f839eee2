"""A citation says its URL is dead but gives no archived copy.

## What it does
Reports citation templates with `url-status=dead` (or `deviated`, `unfit`, `usurped`) and no
`archive-url`; also the removed `deadurl=yes`/`dead-url=yes` without `archive-url` (which
`removed-citation-parameter` turns into `url-status=dead`).

## Why is this bad?
`url-status` only decides which of `url` and `archive-url` is the main link; without an
archive URL it does nothing, and readers still get the dead link without any warning. CS1
files the page under a maintenance category ("CS1 maint: url-status"). A citation followed
directly by a dead-link tag is not reported: the tag warns readers.

## Example
```wikitext
<ref>{{cite web |url=http://example.com/gone |title=Gone |url-status=dead}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/gone |title=Gone |url-status=dead |archive-url=https://web.archive.org/web/2016/http://example.com/gone |archive-date=2016-03-03}}</ref>
```
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule

from ._common import is_dynamic, last_param, param_end, role_templates, value

DEAD_VALUES = frozenset({"dead", "deviated", "unfit", "usurped"})
OLD_VALUES = {"yes": "dead", "true": "dead", "y": "dead"}


class DeadUrlStatusWithoutArchive(Rule):
    code = "WL606"
    name = "dead-url-status-without-archive"
    summary = "url-status=dead without archive-url"
    severity = Severity.WARNING

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        tagged = {t.start for t in role_templates(doc, "dead-link")}
        for tpl in role_templates(doc, "citation"):
            status = last_param(doc, tpl, "url-status", "deadurl", "dead-url", "deadlink")
            if status is None or is_dynamic(status):
                continue
            key = doc.param_key(status)
            val = value(doc, status).lower()
            if key != "url-status":
                val = OLD_VALUES.get(val, val)
            if val not in DEAD_VALUES:
                continue
            aurl = last_param(doc, tpl, "archive-url", "archiveurl")
            if aurl is not None and (value(doc, aurl) or is_dynamic(aurl)):
                continue
            after = tpl.end + len(text[tpl.end : tpl.end + 20]) - len(text[tpl.end : tpl.end + 20].lstrip(" \t"))
            if after in tagged:
                continue  # a dead-link tag follows: readers are warned
            yield self.report(
                doc,
                status.start,
                param_end(doc, status),
                f"|{key}={value(doc, status)} without |archive-url=: add an archived copy, or tag the link with a dead-link template",
            )
