"""The page could not be parsed.

## What it does
Reports a page that mwparserfromhell's tokenizer or wikilint's tree builder could not turn into
a tree: pathological nesting, a tokenizer failure or an internal inconsistency. The engine emits
this diagnostic itself; the rule exists so that it can be selected, ignored and documented.

## Why is this bad?
Rules that need the tree cannot run on such a page, so problems may go unreported, and wikilint
never applies fixes to it.

## Example
```wikitext
{{a|{{a|{{a|…thousands of levels…}}}}}}
```

Use instead:
```wikitext
{{a|b}}
```
"""

from __future__ import annotations

from wikilint.rule import Rule


class ParseFailure(Rule):
    code = "WL001"
    name = "parse-failure"
    summary = "The page could not be parsed"
    engine = True  # emitted by the linter, not by check()

    def check(self, doc):  # type: ignore[no-untyped-def]
        return iter(())
