"""A citation has `archive-url` without `archive-date`, or the reverse.

## What it does
Reports citation templates that give `archive-url` (or `archiveurl`) but no `archive-date`
(`archivedate`), and those that give an archive date but no archive URL.

## Why is this bad?
CS1 needs both to show "Archived from the original on …": it shows the red errors
"|archive-url= requires |archive-date=" and "|archive-date= requires |archive-url=" instead.

## Example
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |archive-url=https://web.archive.org/web/20160303221921/http://example.com/a}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |archive-url=https://web.archive.org/web/20160303221921/http://example.com/a |archive-date=2016-03-03}}</ref>
```

## Fix safety
When the archive URL is a Wayback Machine URL with a timestamp
(`web.archive.org/web/20160303221921/…`), an unsafe fix adds `archive-date` in ISO form from
that timestamp (the page may prefer another date format). Otherwise there is no fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._common import insert_param, is_dynamic, last_param, param_end, replace_value, role_templates, value

WAYBACK = re.compile(r"^(?:https?:)?//(?:web\.)?archive\.org/(?:web/)?(\d{4})(\d{2})(\d{2})\d*(?:[a-z]{2}_)?/", re.I)


class IncompleteArchiveParameters(Rule):
    code = "WL605"
    name = "incomplete-archive-parameters"
    summary = "Citation has archive-url without archive-date, or the reverse"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for tpl in role_templates(doc, "citation"):
            aurl = last_param(doc, tpl, "archive-url", "archiveurl")
            adate = last_param(doc, tpl, "archive-date", "archivedate")
            if (aurl is not None and is_dynamic(aurl)) or (adate is not None and is_dynamic(adate)):
                continue
            url_val = value(doc, aurl) if aurl is not None else ""
            date_val = value(doc, adate) if adate is not None else ""
            if url_val and not date_val:
                key = doc.param_key(aurl)
                fix = None
                m = WAYBACK.match(url_val)
                if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
                    iso = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
                    date_key = "archivedate" if key == "archiveurl" else "archive-date"
                    if adate is not None:
                        edit = replace_value(doc, adate, iso)
                    else:
                        edit = insert_param(doc, tpl, date_key, iso)
                    fix = Fix.unsafe(f"Add |{date_key}={iso} from the Wayback timestamp", edit)
                yield self.report(
                    doc,
                    aurl.start,
                    param_end(doc, aurl),
                    f"|{key}= without |archive-date=",
                    fix=fix,
                    data={"archive_url": url_val},
                )
            elif date_val and not url_val:
                key = doc.param_key(adate)
                yield self.report(doc, adate.start, param_end(doc, adate), f"|{key}={date_val} without |archive-url=")
