"""Template braces that do not pair up: an unclosed `{{` or a stray `}}`.

## What it does
Reports `{{` that the parser could not match with a `}}` (so no template was called) and
`}}` that closes nothing, in the page text outside comments, `<nowiki>`, `<pre>`, `<math>`,
`<syntaxhighlight>` and similar tags.

Braces are matched the way MediaWiki's preprocessor matches them (not the way the parser
library does): `{{`/`{{{` runs against `}}`/`}}}` runs, a `}}` only closing when the innermost
open element is a brace (not an open `[[`), and the content of `<ref>` and other extension tags
matched on its own, because MediaWiki parses it separately.

## Why is this bad?
The braces show up in the article as text, and the template the editor meant is not called;
an unclosed `{{` often swallows or breaks the markup after it (a lost infobox, a citation
printed as code).

## Example
```wikitext
Born in Paris.<ref>{{cite web |url=http://example.com/a |title=A</ref>
```

Use instead:
```wikitext
Born in Paris.<ref>{{cite web |url=http://example.com/a |title=A}}</ref>
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.rules.links._linkutil import only_markup_delimiters, text_nodes_holding

_LEFT_IN_TEXT = ("{", "}", "[[", "]]")
_TOKENS = re.compile(r"\{\{+|\}\}+-?|\[\[+|\]\]+|-\{(?!\{)|\}-")
# Extension tags whose content MediaWiki parses separately (raw ones are skipped entirely).
_EXT = frozenset({"ref", "references", "poem", "gallery", "indicator", "tabber", "tabs"})


class UnbalancedTemplateBraces(Rule):
    code = "WL202"
    name = "unbalanced-template-braces"
    summary = "Unclosed {{ or stray }}"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if "{{" not in text and "}}" not in text:
            return
        # Fast path: when the tokenizer paired every brace (no brace or double bracket is left
        # in plain text outside comments and raw tags, which the matching below skips too), the
        # preprocessor pairs them too. Counting the delimiters answers that on most pages
        # without visiting the Text nodes.
        if only_markup_delimiters(doc, braces=True, brackets=True):
            return
        for node in text_nodes_holding(doc, _LEFT_IN_TEXT):
            if not doc.in_raw(node.start):
                break
        else:
            return
        raw = doc.raw_spans
        events: list[tuple[int, int, int]] = []  # (pos, kind, length); kind 0 = leave, 1 = enter
        for tag in doc.tags:
            if tag.name in _EXT and tag.contents_start is not None and tag.close_start is not None:
                events.append((tag.contents_start, 1, 0))
                events.append((tag.close_start, 0, 0))
        for m in _TOKENS.finditer(text):
            events.append((m.start(), 2, m.end() - m.start()))
        events.sort()
        stacks: list[list[list]] = [[]]
        problems: list[tuple[int, str]] = []

        def flush(stack: list[list]) -> None:
            for kind, count, pos in stack:
                if kind == "{" and count >= 2:
                    problems.append((pos, "{"))

        n_raw = len(raw)
        r = 0  # the first raw span that ends after the event (events come in order)
        for pos, kind, length in events:
            while r < n_raw and raw[r][1] <= pos:
                r += 1
            if r < n_raw and raw[r][0] <= pos:
                continue  # in a comment or raw tag
            if kind == 1:
                stacks.append([])
                continue
            if kind == 0:
                if len(stacks) > 1:
                    flush(stacks.pop())
                continue
            stack = stacks[-1]
            c = text[pos]
            if c == "{":
                stack.append(["{", length, pos])
            elif c == "[":
                stack.append(["[", length, pos])
            elif c == "-":
                stack.append(["-", 1, pos])
            elif c == "]":
                remaining = length
                while remaining >= 2 and stack and stack[-1][0] == "[":
                    top = stack[-1]
                    top[1] -= 2
                    remaining -= 2
                    if top[1] < 2:
                        stack.pop()
            else:  # closing braces, maybe with a trailing "-"
                dash = text[pos + length - 1] == "-"
                remaining = length - 1 if dash else length
                offset = pos
                while remaining >= 2 and stack and stack[-1][0] == "{":
                    top = stack[-1]
                    m = min(remaining, top[1], 3)
                    top[1] -= m
                    remaining -= m
                    offset += m
                    if top[1] < 2:
                        stack.pop()
                if dash and remaining >= 1 and stack and stack[-1][0] == "-":
                    stack.pop()
                    remaining -= 1
                if remaining >= 2:
                    problems.append((offset, "}"))
        while stacks:
            flush(stacks.pop())
        problems.sort()
        for pos, what in problems:
            if what == "{":
                yield self.report(doc, pos, pos + 2, "Unclosed '{{': no matching '}}', so no template is called")
            else:
                yield self.report(doc, pos, pos + 2, "Stray '}}' closes no template")
