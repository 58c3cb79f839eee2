"""A suppression directive suppresses nothing.

## What it does
Reports a `<!-- wikilint-disable… -->` comment, or one rule named in it, that did not
suppress any problem, and a `<!-- wikilint-enable… -->` that closes no disabled rule. An entry
naming only rules that were not selected for this run is not judged. The engine checks the
directives itself; this rule exists so that the check can be selected, ignored and documented.

## Why is this bad?
Directives are visible to every editor of the page source. A stale one hides nothing today,
but it will silently hide a real problem that appears on that line later, and it clutters the
wikitext that other editors have to read.

## Example
```wikitext
<!-- wikilint-disable-next-line -->
A sentence with nothing to suppress.
```

Use instead:
```wikitext
A sentence with nothing to suppress.
```

## Fix safety
The fix deletes the directive comment (and its line when the comment is alone on it), or drops
the unused names from its list. Comments are invisible on the rendered page, so the fix is
safe.
"""

from __future__ import annotations

from wikilint.model import FixAvailability, Severity
from wikilint.rule import Rule


class UnusedSuppression(Rule):
    code = "WL003"
    cosmetic = True  # its fixes change nothing readers see
    name = "unused-suppression"
    summary = "A suppression directive suppresses nothing"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    engine = True  # emitted by wikilint.suppress, not by check()

    def check(self, doc):  # type: ignore[no-untyped-def]
        return iter(())
