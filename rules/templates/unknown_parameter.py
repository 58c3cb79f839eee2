"""A template call uses a parameter that its TemplateData does not describe.

## What it does
For every call of a template that has TemplateData (shipped with wikilint for the CS1
citation templates; more with `--templatedata DIR` or the `templatedata_dirs` option), reports
named parameters that the TemplateData lists neither as a parameter nor as an alias, with a
"did you mean" when a known name is close. Positional text is reported when the template takes
no positional parameters. CS1 parameters that were removed are left to
`removed-citation-parameter`, which knows their replacements.

## Why is this bad?
The template ignores the parameter, so its value never reaches the reader; usually it is a
typo (`|acessdate=`, `|Title=`). CS1 shows "Unknown parameter |x= ignored".

## Example
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |acessdate=2014-10-25}}</ref>
```

Use instead:
```wikitext
<ref>{{cite web |url=http://example.com/a |title=A |access-date=2014-10-25}}</ref>
```

An empty parameter (or one holding only a comment, `|<!-- author2=X --> |`) is not reported:
the template ignores it and nothing shows.

## Fix safety
A deprecated or removed name is never suggested. When exactly one known name is close (or the name differs only in letter case) and that
parameter is not given yet, an unsafe fix renames the parameter: the guess may be wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from wikilint.rules.citations._common import is_blank, param_end, rename_key

from ._td import described_templates


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (edits, with adjacent transpositions), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def suggest(key: str, known: list[str]) -> str | None:
    """The one known name the key most likely misspells, or ``None``."""
    lower = key.lower()
    exact = [k for k in known if k.lower() == lower]
    if len(exact) == 1:
        return exact[0]
    folded = lower.replace("_", "-").replace(" ", "-")
    near = [k for k in known if k.lower() == folded]
    if len(near) == 1:
        return near[0]
    limit = 1 if len(key) <= 5 else 2
    best: dict[int, list[str]] = {}
    for k in known:
        d = _osa(lower, k.lower(), limit)
        if d <= limit:
            best.setdefault(d, []).append(k)
    for d in sorted(best):
        if len(best[d]) == 1:
            return best[d][0]
        return None  # ambiguous at the best distance
    close = difflib.get_close_matches(key, known, n=2, cutoff=0.85)
    return close[0] if len(close) == 1 else None


class UnknownTemplateParameter(Rule):
    code = "WL203"
    name = "unknown-template-parameter"
    summary = "Template parameter not described by the template's TemplateData"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        site = doc.site
        citation = site.template_names("citation")
        cs1 = site.cs1
        text = doc.text
        for tpl, name, info in described_templates(doc):
            is_cite = name in citation
            known: list[str] | None = None
            given = None
            for p in tpl.params:
                key = doc.param_key(p)
                if info.resolve(key) is not None:
                    continue
                if is_blank(doc, p):
                    continue  # empty (or only a comment): the template ignores it, nothing shows
                if not p.showkey:
                    val = text[p.value_start : p.value_end].strip()
                    shown = val if len(val) <= 40 else val[:37] + "…"
                    yield self.report(
                        doc, p.start, param_end(doc, p),
                        f"{{{{{name}}}}} takes no positional parameter {key} (text {shown!r} is ignored)",
                    )
                    continue
                if is_cite and cs1.removed_spec(key) is not None:
                    continue
                if known is None:
                    known = info.known_names()
                    given = {info.resolve(doc.param_key(q))[1] for q in tpl.params if info.resolve(doc.param_key(q))}
                # The same misspellings recur across pages: remember each answer per template.
                memo = info.__dict__.setdefault("_wl_suggest_memo", {})
                if key in memo:
                    guess = memo[key]
                else:
                    guess = memo[key] = self._current(suggest(key, known), info, cs1 if is_cite else None)
                fix = None
                hint = ""
                if guess is not None:
                    hint = f"; did you mean |{guess}=?"
                    ident = info.resolve(guess)
                    if ident is not None and ident[1] not in given:
                        edit = rename_key(doc, p, guess)
                        if edit is not None:
                            fix = Fix.unsafe(f"Rename |{key}= to |{guess}=", edit)
                yield self.report(
                    doc, p.start, param_end(doc, p),
                    f"Unknown parameter |{key}= in {{{{{name}}}}}{hint}",
                    fix=fix,
                    data={"parameter": key, "template": name, "suggestion": guess},
                )

    @staticmethod
    def _current(guess: str | None, info, cs1) -> str | None:  # noqa: ANN001
        """A suggestion is never a deprecated or removed name (``laydate`` must not become
        ``lay-date``, which is deprecated itself): such a guess is dropped."""
        if guess is None:
            return None
        hit = info.resolve(guess)
        if hit is not None and hit[0].deprecated:
            return None
        if cs1 is not None and (cs1.deprecated_replacement(guess) is not None or cs1.removed_spec(guess) is not None):
            return None
        return guess
