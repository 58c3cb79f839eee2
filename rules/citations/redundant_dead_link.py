"""A dead-link tag in a reference whose citation already has an archived copy.

## What it does
Reports a dead-link template (`{{dead link}}` and its redirects) inside a `<ref>` whose
citation template, before the tag, already gives a non-empty `archive-url`.

## Why is this bad?
The reader already gets the archived copy; the tag adds a "[dead link]" mark that sends
editors looking for an archive that is there. What the tag means is said by `url-status=dead`,
which makes the archive the main link.

## Example
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |archive-url=https://web.archive.org/web/2016/http://example.com/a |archive-date=2016-03-03}}{{dead link|date=April 2018}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |archive-url=https://web.archive.org/web/2016/http://example.com/a |archive-date=2016-03-03|url-status=dead}}</ref>
```

## Fix safety
The fix removes the tag and sets `url-status=dead` on the citation (adding it, or changing
`live`); it is unsafe because someone should check that the archived copy is a good one (bots
add the tag with `fix-attempted=yes` when the archive they found is not usable). No fix while
the citation still uses the removed `deadurl=` (fix that first).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule
from wikilint.tree import Parameter, Template

from ._common import enclosing_ref, insert_param, is_dynamic, last_param, replace_value, role_templates, value


_NON_SPACE = re.compile(r"\S")  # \s is str.isspace(), as str.strip() uses


def redundant_dead_link_tags(doc: Document) -> list[tuple[Template, Template, Parameter]]:
    """Dead-link tags in a ref whose citation (before the tag) has an archive-url:
    ``(tag, citation, archive-url parameter)``. Cached on the document: WL601 leaves these
    to WL609 (one finding per problem)."""
    cached = getattr(doc, "_wl_redundant_dead", None)
    if cached is not None:
        return cached
    out: list[tuple[Template, Template, Parameter]] = []
    tags = role_templates(doc, "dead-link")
    if tags:
        cites_by_ref: dict[int, list] = {}
        for c in role_templates(doc, "citation"):
            ref = enclosing_ref(c)
            if ref is not None:
                cites_by_ref.setdefault(id(ref), []).append(c)
        # per ref: its citations' ends in ascending order, and for each prefix of that order
        # the citation latest in document order (a nested citation ends before its parent), so
        # that "the last citation ending before the tag" is one binary search, not a walk over
        # every citation of the ref for each tag
        last_by_ref: dict[int, tuple[list[int], list[Template]]] = {}
        for key, cites in cites_by_ref.items():
            order = sorted(range(len(cites)), key=lambda i: cites[i].end)
            ends: list[int] = []
            latest: list[Template] = []
            best = -1
            for i in order:
                best = max(best, i)
                ends.append(cites[i].end)
                latest.append(cites[best])
            last_by_ref[key] = (ends, latest)
        archive_urls: dict[int, Parameter | None] = {}
        for tag in tags:
            ref = enclosing_ref(tag)
            if ref is None or id(ref) not in last_by_ref:
                continue
            ends, latest = last_by_ref[id(ref)]
            k = bisect.bisect_right(ends, tag.start)
            if k == 0:
                continue
            cite = latest[k - 1]
            if id(cite) not in archive_urls:  # one walk over a citation's parameters, however many tags follow it
                archive_urls[id(cite)] = last_param(doc, cite, "archive-url", "archiveurl")
            aurl = archive_urls[id(cite)]
            if aurl is None or is_dynamic(aurl) or not value(doc, aurl):
                continue
            out.append((tag, cite, aurl))
    try:
        doc._wl_redundant_dead = out  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover - slotted Document
        pass
    return out


class RedundantDeadLinkTag(Rule):
    code = "WL609"
    name = "redundant-dead-link-tag"
    summary = "Dead-link tag in a reference whose citation has an archive-url"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        status_params: dict[int, tuple[Parameter | None, Parameter | None]] = {}  # per citation
        for tag, cite, aurl in redundant_dead_link_tags(doc):
            # the tag and the citation must be siblings, with only spaces between the citation and
            # the tag (no other link the tag could be about)
            only_space_between = _NON_SPACE.search(text, cite.end, tag.start) is None  # no copy of the text
            fix = None
            if id(cite) not in status_params:
                status_params[id(cite)] = (
                    last_param(doc, cite, "deadurl", "dead-url", "deadlink"),
                    last_param(doc, cite, "url-status"),
                )
            old, status = status_params[id(cite)]
            if only_space_between and old is None:
                start = cite.end
                edits = [Edit(start, tag.end, "")]
                if status is None:
                    edits.append(insert_param(doc, cite, "url-status", "dead"))
                elif value(doc, status).lower() != "dead":
                    edits.append(replace_value(doc, status, "dead"))
                fix = Fix.unsafe("Remove the dead-link tag and set |url-status=dead", *edits)
            yield self.report(
                doc,
                tag.start,
                tag.end,
                f"Dead-link tag is redundant: the citation has |archive-url={value(doc, aurl)}",
                fix=fix,
            )
