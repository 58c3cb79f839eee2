"""A rule crashed on this page.

## What it does
Reports that a rule raised an exception on the page, naming the rule, the exception and where
it was raised. The other rules still run. The command line exits with status 2 when this
happens, because it is a bug in wikilint or in a plugin, not in the page.

## Why is this bad?
The crashed rule's problems are not reported for this page. Please report the bug with the page
text attached.

## Example
```wikitext
(any page that makes a rule raise)
```

Use instead:
```wikitext
(not applicable)
```
"""

from __future__ import annotations

from wikilint.rule import Rule


class RuleError(Rule):
    code = "WL002"
    name = "rule-error"
    summary = "A rule crashed on this page"
    engine = True  # emitted by the linter, not by check()

    def check(self, doc):  # type: ignore[no-untyped-def]
        return iter(())
