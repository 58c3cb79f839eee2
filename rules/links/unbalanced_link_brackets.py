"""Double square brackets without their partner.

## What it does
Reports `]]` that closes no `[[` and `[[` that no `]]` closes (CheckWiki errors #10 and #46),
counted per line as MediaWiki pairs link brackets. Only brackets the parser left as plain text
are considered, outside templates (parser functions may open a link in one argument and close
it in another), comments and raw tags. A `[[` is reported only when no pipe follows it on its
line, since a piped link's text may go on to the next line.

## Why is this bad?
The link is not made: the reader sees the brackets and the raw target, and the text meant as
a link leads nowhere.

## Example
```wikitext
* [[Vinod Khanna (2017)
* [[Shashi Kapoor]] (2015)
```

Use instead:
```wikitext
* [[Vinod Khanna]] (2017)
* [[Shashi Kapoor]] (2015)
```

## Fix safety
No fix: where the missing bracket belongs is the author's call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.rules.links._linkutil import only_markup_delimiters, text_nodes_holding

_BRACKETS = re.compile(r"\[\[|\]\]")


class UnbalancedLinkBrackets(Rule):
    code = "WL416"
    name = "unbalanced-link-brackets"
    summary = "Link brackets without their partner"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if "[[" not in text and "]]" not in text:
            return
        if only_markup_delimiters(doc, braces=False, brackets=True):
            return  # every [[ and ]] outside raw spans is a link's own: no candidate
        candidates: set[int] = set()
        for n in text_nodes_holding(doc, ("[[", "]]")):
            if any(a.kind in ("template", "argument", "comment") for a in n.ancestors()) or doc.in_raw_context(n):
                continue
            for m in _BRACKETS.finditer(text, n.start, n.end):
                candidates.add(m.start())
        if not candidates:
            return
        starts = doc.line_starts
        lines = sorted({doc.line_col(c)[0] for c in candidates})
        for line in lines:
            line_start = starts[line - 1]
            line_end = starts[line] - 1 if line < len(starts) else len(text)
            stack: list[int] = []
            lonely_close: list[int] = []
            for m in _BRACKETS.finditer(text, line_start, line_end):
                if doc.in_raw(m.start()):
                    continue
                if m.group() == "[[":
                    stack.append(m.start())
                elif stack:
                    stack.pop()
                else:
                    lonely_close.append(m.start())
            for pos in lonely_close:
                if pos in candidates:
                    yield self.report(doc, pos, pos + 2, "']]' closes no link on this line")
            last_bar = text.rfind("|", line_start, line_end) if stack else -1
            for pos in stack:
                if pos in candidates and last_bar < pos:  # no "|" after it on the line
                    yield self.report(doc, pos, pos + 2, f"'[[' is never closed: {text[pos:min(pos + 50, line_end)]}")
