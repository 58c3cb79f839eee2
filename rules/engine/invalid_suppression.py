"""A suppression directive names an unknown rule or is malformed.

## What it does
Reports a `<!-- wikilint-… -->` comment with an unknown keyword (e.g. `wikilint-disabel`),
and a directive entry that is neither a rule code, a rule name nor a code prefix. The engine
checks the directives itself; this rule exists so that the check can be selected, ignored and
documented.

## Why is this bad?
A misspelt directive suppresses nothing, so the problem it was meant to silence is still
reported and the page author cannot see why. A directive whose only entries are all unknown
is ignored rather than read as "disable every rule".

## Example
```wikitext
<!-- wikilint-disable-next-line WL9999 -->
A sentence.
```

Use instead:
```wikitext
<!-- wikilint-disable-next-line dead-link -->
[http://example.com/gone Gone]{{dead link|date=May 2020}}
```
"""

from __future__ import annotations

from wikilint.rule import Rule


class InvalidSuppression(Rule):
    code = "WL004"
    name = "invalid-suppression"
    summary = "A suppression directive names an unknown rule or is malformed"
    engine = True  # emitted by wikilint.suppress, not by check()

    def check(self, doc):  # type: ignore[no-untyped-def]
        return iter(())
