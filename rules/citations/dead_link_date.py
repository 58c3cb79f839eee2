"""A dead-link tag has no date, or a date not in the site's format.

## What it does
Reports dead-link templates (`{{dead link}}` and redirects) without `date=`, and those whose
date is not written the way the site's maintenance templates expect: "Month YYYY" on the
English Wikipedia (`April 2018`), "YYYY年M月" on the Chinese Wikipedia (`2018年4月`). The format
is `maintenance.date_format` in the site profile.

## Why is this bad?
The date files the page under the dated maintenance category ("Articles with dead external
links from April 2018", "自2018年4月带有失效链接的条目") that editors work through; a missing or
unreadable date puts it in the undated or the error category, and readers cannot tell how long
the link has been dead.

## Example
```wikitext
<ref>[http://example.com/gone Gone]{{dead link|date=2018-04-05}}</ref>
```

Use instead:
```wikitext
<ref>[http://example.com/gone Gone]{{dead link|date=April 2018}}</ref>
```

## Fix safety
A date that can be read unambiguously (`2018-04`, `2018-04-05`, `5 April 2018`,
`April 5, 2018`, `Apr 2018`, `april 2018`, `2018年4月`, `四月 2018`) is rewritten in the site's format; the
month and year are kept, a day is dropped (the templates only use the month). This is safe.
A missing date has no fix: when the link died is not known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._common import is_dynamic, last_param, param_end, replace_value, role_templates, value

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH_LOOKUP = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_LOOKUP.update({m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)})
_MONTH_LOOKUP["sept"] = 9
_MON = r"([A-Za-z]{3,9})\.?"

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$"), ("y", "m")),
    (re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$"), ("y", "m")),
    (re.compile(r"^" + _MON + r",? (\d{4})$"), ("mn", "y")),
    (re.compile(r"^" + _MON + r" (\d{1,2}),? (\d{4})$"), ("mn", "d", "y")),
    (re.compile(r"^(\d{1,2}) " + _MON + r",? (\d{4})$"), ("d", "mn", "y")),
    (re.compile(r"^([一二三四五六七八九十]{1,3})月,? ?(\d{4})年?$"), ("zh", "y")),
]
_ZH_MONTHS = {n: i + 1 for i, n in enumerate("一 二 三 四 五 六 七 八 九 十 十一 十二".split())}

FORMATS = {
    "month-year": (re.compile(r"^(?:" + "|".join(MONTHS) + r") \d{4}$"), "Month YYYY", lambda y, m: f"{MONTHS[m - 1]} {y}"),
    "zh-year-month": (re.compile(r"^\d{4}年(?:1[0-2]|[1-9])月$"), "YYYY年M月", lambda y, m: f"{y}年{m}月"),
}


def parse_month(s: str) -> tuple[int, int] | None:
    """``(year, month)`` from a date written in one of the common forms, else ``None``."""
    s = " ".join(s.split())
    for rx, fields in _PATTERNS:
        m = rx.match(s)
        if not m:
            continue
        got = dict(zip(fields, m.groups()))
        year = int(got["y"])
        if "m" in got:
            month = int(got["m"])
        elif "zh" in got:
            month = _ZH_MONTHS.get(got["zh"], 0)
        else:
            month = _MONTH_LOOKUP.get(got["mn"].lower(), 0)
        if not (1 <= month <= 12 and 1900 <= year <= 2100):
            return None
        if got.get("d") is not None and not 1 <= int(got["d"]) <= 31:
            return None
        return year, month
    return None


class DeadLinkDate(Rule):
    code = "WL610"
    name = "dead-link-date"
    summary = "Dead-link tag without a date or with a date not in the site's format"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        tags = role_templates(doc, "dead-link")
        if not tags:
            return
        site = doc.site
        fmt = FORMATS.get(site.get("maintenance.date_format", "month-year"), FORMATS["month-year"])
        rx, label, render = fmt
        extra = [re.compile(p) for p in site.get("maintenance.date_accept", []) or []]
        for tpl in tags:
            date = last_param(doc, tpl, "date")
            if date is None or not value(doc, date):
                if date is not None and is_dynamic(date):
                    continue
                if any(not p.showkey for p in tpl.params):
                    continue  # a positional argument: some wikis' variants take the date there
                where = (date.start, param_end(doc, date)) if date is not None else (tpl.start, tpl.end)
                yield self.report(doc, *where, "Dead-link tag has no date")
                continue
            if is_dynamic(date):
                continue
            val = " ".join(value(doc, date).split())
            if rx.match(val) or any(e.match(val) for e in extra):
                continue
            parsed = parse_month(val)
            fix = None
            if parsed is not None:
                new = render(*parsed)
                fix = Fix.safe(f"Write the date as {new}", replace_value(doc, date, new))
            yield self.report(
                doc,
                date.start,
                param_end(doc, date),
                f"Dead-link tag date {val!r} is not in the site's format ({label})",
                fix=fix,
                data={"date": val},
            )
