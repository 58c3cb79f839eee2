"""A category link whose sort key is the category's own full name.

## What it does
Reports category links written `[[Category:X|Category:X]]` (any local name of the category
namespace, e.g. `[[分类:X|分类:X]]`), where the sort key repeats the full category name.

## Why is this bad?
The sort key decides where the page is listed on the category page. "Category:X" sorts every
such page under "C" (or the first character of the namespace name) instead of under the page's
own title or `{{DEFAULTSORT}}`. It is never meant: it comes from conversion tools that wrote
every link with a pipe.

## Example
```wikitext
[[Category:Battles of the Syrian civil war|Category:Battles of the Syrian civil war]]
```

Use instead:
```wikitext
[[Category:Battles of the Syrian civil war]]
```

## Fix safety
The fix deletes the sort key, so the page sorts by its title (or `{{DEFAULTSORT}}`) as
intended; safe.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikilint.document import Document, normalize_title
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._linkutil import namespace_sets, plain_parts, split_ns


class CategorySortKeyRepeatsName(Rule):
    code = "WL402"
    cosmetic = True  # its fixes change nothing readers see
    name = "category-sort-key-repeats-name"
    summary = "Category sort key repeats the full category name"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        cats, _ = namespace_sets(doc)
        find = doc.text.find
        for link in doc.wikilinks:
            if link.text_start is None:  # plain_parts' first test, without the call
                continue
            if find(":", link.title_start, link.title_end) < 0:
                continue  # no namespace: not a category link
            parts = plain_parts(doc, link)
            if parts is None:
                continue
            target, key = parts
            t = target.strip()
            ns, name = split_ns(t)
            if not ns or ns not in cats:
                continue
            kns, kname = split_ns(key.strip())
            if kns not in cats or normalize_title(kname) != normalize_title(name):
                continue
            if doc.in_raw_context(link):
                continue
            yield self.report(
                doc,
                link.start,
                link.end,
                f"Category sort key repeats the category name: {doc.text[link.start:link.end]}",
                fix=Fix.safe("Remove the sort key", Edit(link.text_start - 1, link.text_end, "")),
                data={"category": normalize_title(name)},
            )
