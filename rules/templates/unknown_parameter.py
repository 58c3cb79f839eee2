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
    # Each edit adds at most two characters to the symmetric difference of the two strings'
    # character sets (a transposition none): more than 2 * limit there is over the limit.
    if len(set(a).symmetric_difference(b)) > 2 * limit:
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


_MEMO_SIZE = 4096
_INDEX_AFTER = 64  # distinct unknown keys of one template before its names are indexed


def _deletions(word: str, depth: int) -> set[str]:
    """*word* and every string made from it by deleting up to *depth* characters."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class _Names:
    """The known names of one template, indexed for :func:`suggest`: every string two deletions
    or fewer away from a lower-cased name points to that name. Two strings within optimal
    string alignment distance 2 (deletions, insertions, substitutions, adjacent
    transpositions) can both be reduced to one common string with at most two deletions each,
    so the index finds every name :func:`_osa` could accept, and :func:`_osa` then decides."""

    def __init__(self, known: list[str], indexed: bool = True) -> None:
        self.known = known
        self.lower = [k.lower() for k in known]
        self.by_deletion: dict[str, list[int]] | None = None
        if indexed:  # worth it for many questions about the same names
            self.by_deletion = {}
            for i, name in enumerate(self.lower):
                for variant in _deletions(name, 2):
                    self.by_deletion.setdefault(variant, []).append(i)
        self.longest = max((len(n) for n in known), default=0)

    def candidates(self, lower: str, limit: int) -> list[int] | range:
        """Indexes (in order) of the names that may be within *limit* of *lower*."""
        if len(lower) > self.longest + limit:
            return []  # longer than any name by more than the limit allows
        if self.by_deletion is None:
            return range(len(self.known))
        found: set[int] = set()
        for variant in _deletions(lower, limit):
            hits = self.by_deletion.get(variant)
            if hits:
                found.update(hits)
        return sorted(found)


def _close_matches(key: str, known: list[str]) -> list[str]:
    """``difflib.get_close_matches(key, known, n=2, cutoff=0.85)``, given only the names whose
    lengths pass its first test (``real_quick_ratio``, computed the same way): the same answer
    without a SequenceMatcher step per name."""
    la = len(key)
    fit = [k for k in known if (2.0 * min(la, len(k)) / (la + len(k)) if la + len(k) else 1.0) >= 0.85]
    return difflib.get_close_matches(key, fit, n=2, cutoff=0.85) if fit else []


def suggest(key: str, known: list[str], names: _Names | None = None) -> str | None:
    """The one known name the key most likely misspells, or ``None``. *names*: *known*
    indexed (:class:`_Names`), when the caller asks about many keys."""
    if names is None:
        names = _Names(known, indexed=False)  # one question: a plain scan is cheaper
    lower = key.lower()
    exact = [k for k, low in zip(known, names.lower) if low == lower]
    if len(exact) == 1:
        return exact[0]
    folded = lower.replace("_", "-").replace(" ", "-")
    near = [k for k, low in zip(known, names.lower) if low == folded]
    if len(near) == 1:
        return near[0]
    limit = 1 if len(key) <= 5 else 2
    best: dict[int, list[str]] = {}
    for i in names.candidates(lower, limit):
        d = _osa(lower, names.lower[i], limit)
        if d <= limit:
            best.setdefault(d, []).append(known[i])
    for d in sorted(best):
        if len(best[d]) == 1:
            return best[d][0]
        return None  # ambiguous at the best distance
    close = _close_matches(key, known)
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
                # The same misspellings recur across pages: remember each answer per template
                # (a bounded memo: a scan of a whole wiki meets endless one-off keys).
                memo = info.__dict__.setdefault("_wl_suggest_memo", {})
                if key in memo:
                    guess = memo[key]
                else:
                    names = info.__dict__.get("_wl_suggest_names")
                    if names is None or names.known != known:
                        names = info.__dict__["_wl_suggest_names"] = _Names(known, indexed=False)
                    elif names.by_deletion is None and len(memo) >= _INDEX_AFTER:
                        # many different keys for this template: the index (about 3 MB for
                        # {{cite web}}'s 306 names) now pays for itself
                        names = info.__dict__["_wl_suggest_names"] = _Names(known)
                    if len(memo) >= _MEMO_SIZE:
                        memo.clear()
                    guess = memo[key] = self._current(suggest(key, known, names), info, cs1 if is_cite else None)
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
