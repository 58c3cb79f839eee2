"""Apply fixes to a fixed point, and only fixes that keep their promises.

Each pass: lint, take the fixes at or above the wanted applicability, sort them by position,
choose every fix that does not overlap one already chosen (all edits of a fix or none), apply
them, re-lint. The re-lint of one pass is the check of the fixes it applied (it costs nothing
extra when every fix behaves). Three invariants are enforced here, for every rule, built-in or
plugin:

1. **A fix removes its own finding.** After the pass, the rule that asked for a fix no longer
   reports at that place (the place is the diagnostic's start, carried through the edits).
2. **A safe fix introduces no new finding.** No rule reports something new that a safe fix
   caused. With ``--unsafe-fixes`` an unsafe fix may leave work for another rule (which is then
   fixed or reported), but it must still remove its own finding.
3. **Fixes converge in a few passes.** After ``MAX_PASSES`` passes, or when a text comes back
   (a cycle), the rules whose fixes were still changing the page are given up on: the page is
   fixed again from the start without their fixes, so what converged is still applied.

A fix that breaks invariant 1 or 2 is *rejected*: it is not applied (in this run it is
neither demoted nor retried), the diagnostic stays reported without a fix, and the result says
which fix was rejected and why (:attr:`FixResult.rejected`). When the re-lint shows a violation
that cannot be pinned on one fix by position, the pass's fixes are split in halves until the
culprit is found; fixes that are harmless alone but not together are deferred to the next pass.

Work is bounded: at most ``MAX_PASSES`` passes and ``LINT_BUDGET`` lints per attempt, at most
``MAX_ATTEMPTS`` attempts, each lint linear in the page size.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .linter import Linter
from .model import Applicability, Diagnostic, Edit, Fix

__all__ = [
    "FixResult",
    "FixCycleError",
    "Rejected",
    "apply_edits",
    "fix_text",
    "select_fixes",
    "MAX_PASSES",
]

MAX_PASSES = 16
LINT_BUDGET = 60
MAX_ATTEMPTS = 3


class FixCycleError(Exception):
    """Kept for callers of older versions; :func:`fix_text` no longer raises it (it reports
    non-converging rules in :attr:`FixResult.unconverged` instead)."""

    def __init__(self, codes: set[str], path: str | None) -> None:
        self.codes = codes
        super().__init__(f"{path or '<text>'}: fixes did not converge (rules {', '.join(sorted(codes))})")


@dataclass(frozen=True)
class Rejected:
    """A fix the fixer refused to apply, and why."""

    diagnostic: Diagnostic
    reason: str

    def describe(self) -> str:
        d = self.diagnostic
        return f"{d.line}:{d.column}: {d.code} fix not applied: {self.reason}"


@dataclass
class FixResult:
    text: str
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    passes: int = 0
    lints: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    # Codes whose fixes did not converge (given up on; their findings stay reported).
    unconverged: set[str] = field(default_factory=set)
    # Codes whose fixes were left when the work limit (LINT_BUDGET lints) was reached.
    out_of_budget: set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    @property
    def notes(self) -> list[str]:
        """One line per fix that was not applied, for the user (rule and reason)."""
        out = [r.describe() for r in self.rejected]
        if self.unconverged:
            out.append(
                f"fixes of {', '.join(sorted(self.unconverged))} did not converge in {MAX_PASSES} "
                "passes; not applied (the other fixes were)"
            )
        if self.out_of_budget:
            out.append(
                f"fixes of {', '.join(sorted(self.out_of_budget))} not applied: the fixer's work limit "
                f"({LINT_BUDGET} lints of the page) was reached; run `fix` again to continue"
            )
        return out


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (offsets into *text*)."""
    out = []
    pos = 0
    for e in sorted(edits):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        if e.end > len(text):
            raise ValueError(f"edit {e.start}..{e.end} beyond the end of the text ({len(text)})")
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


class _Taken:
    """Edited ranges chosen so far, sorted, for overlap checks in logarithmic time (a page
    with 10,000 fixes must not cost 10,000² comparisons)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, e: Edit) -> bool:
        """True when *e* overlaps a taken range, or starts where one starts (two insertions
        at one point would have no defined order)."""
        i = bisect.bisect_left(self.starts, e.start)
        if i < len(self.starts) and (self.starts[i] == e.start or self.starts[i] < e.end):
            return True
        if i > 0 and self.ends[i - 1] > e.start:
            return True
        return False

    def add(self, e: Edit) -> None:
        i = bisect.bisect_left(self.starts, e.start)
        self.starts.insert(i, e.start)
        self.ends.insert(i, e.end)


def _valid(fix: Fix, length: int) -> bool:
    """Edits inside the text and not overlapping each other."""
    pos = -1
    for e in sorted(fix.edits):
        if e.start < pos or e.end > length:
            return False
        pos = e.end
    return True


def select_fixes(diags: list[Diagnostic], threshold: Applicability) -> list[tuple[Diagnostic, Fix]]:
    candidates = [
        (d, d.fix) for d in diags if d.fix is not None and d.fix.applicability >= threshold and d.fix.edits
    ]
    candidates.sort(key=lambda df: (df[1].start, df[1].end, df[0].code))
    chosen: list[tuple[Diagnostic, Fix]] = []
    taken = _Taken()
    for d, fix in candidates:
        if any(taken.overlaps(e) for e in fix.edits):
            continue
        chosen.append((d, fix))
        for e in fix.edits:
            taken.add(e)
    return chosen


# ---------------------------------------------------------------- where a finding is


class _Mapping:
    """Carries positions of the old text through a set of edits, so that findings before and
    after a pass can be compared by place. A position inside or touching an edited region is
    the region itself (``("edit", i)``); any other position is its offset in the new text."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = sorted(edits)
        self.old_starts = [e.start for e in self.edits]
        self.new_bounds: list[tuple[int, int]] = []
        self.deltas: list[int] = []  # shift after edit i
        delta = 0
        for e in self.edits:
            ns = e.start + delta
            self.new_bounds.append((ns, ns + len(e.replacement)))
            delta += len(e.replacement) - (e.end - e.start)
            self.deltas.append(delta)
        self.new_starts = [b[0] for b in self.new_bounds]

    def old(self, pos: int) -> object:
        i = bisect.bisect_right(self.old_starts, pos) - 1
        if i >= 0 and pos <= self.edits[i].end:
            return ("edit", i)
        if i + 1 < len(self.edits) and pos == self.edits[i + 1].start:  # pragma: no cover
            return ("edit", i + 1)
        return pos + (self.deltas[i] if i >= 0 else 0)

    def new(self, pos: int) -> object:
        i = bisect.bisect_right(self.new_starts, pos) - 1
        if i >= 0 and pos <= self.new_bounds[i][1]:
            return ("edit", i)
        return pos

    def edit_index(self, edit: Edit) -> int:
        if not hasattr(self, "_index"):
            self._index = {(e.start, e.end, e.replacement): i for i, e in enumerate(self.edits)}
        return self._index[(edit.start, edit.end, edit.replacement)]


def _signature(text: str, d: Diagnostic, fix: Fix) -> tuple:
    return (d.code, fix.title, tuple((text[e.start : e.end], e.replacement) for e in fix.edits))


def _fix_keys(text: str, diags: list[Diagnostic]) -> dict[int, tuple]:
    """Identifies each fix across passes: offsets move and neighbours get fixed, but a fix's
    rule, title, edited text and replacement stay, and so does its rank among identical ones."""
    seen: Counter = Counter()
    out: dict[int, tuple] = {}
    for d in sorted((d for d in diags if d.fix is not None and d.fix.edits), key=lambda d: (d.fix.start, d.code)):
        sig = _signature(text, d, d.fix)  # type: ignore[arg-type]
        out[id(d)] = (sig, seen[sig])
        seen[sig] += 1
    return out


@dataclass
class _Violation:
    culprits: list[int]  # indexes into the chosen list; empty when not attributable by place
    reason: str


def _violations(
    old: list[Diagnostic],
    chosen: list[tuple[Diagnostic, Fix]],
    new: list[Diagnostic],
    check_new: list[bool],
) -> list[_Violation]:
    """What the pass that applied *chosen* to the text of *old* broke, judged from *new*.
    ``check_new[i]``: whether fix i must not introduce findings (safe fixes)."""
    edits = [e for _, f in chosen for e in f.edits]
    m = _Mapping(edits)
    owner: dict[int, int] = {}
    for ci, (_, f) in enumerate(chosen):
        for e in f.edits:
            owner[m.edit_index(e)] = ci
    before: Counter = Counter((d.code, m.old(d.start)) for d in old)
    after: Counter = Counter((d.code, m.new(d.start)) for d in new)
    out: list[_Violation] = []
    fixed_at: Counter = Counter()
    for ci, (d, _) in enumerate(chosen):
        fixed_at[(d.code, m.old(d.start))] += 1
    for ci, (d, _) in enumerate(chosen):
        key = (d.code, m.old(d.start))
        if after[key] > before[key] - fixed_at[key]:
            out.append(_Violation([ci], "the rule still reports the problem after the fix"))
    for key, n in after.items():
        extra = n - before[key]
        if extra <= 0:
            continue
        code, anchor = key
        if isinstance(anchor, tuple):
            ci = owner[anchor[1]]
            if check_new[ci]:
                out.append(_Violation([ci], f"the fix would introduce a new {code} problem"))
        elif any(check_new):
            out.append(_Violation([], f"a fix would introduce a new {code} problem"))
    return out


# ---------------------------------------------------------------- the loop


class _Attempt:
    def __init__(self, linter: Linter, path: str | None, threshold: Applicability, excluded: set[str]) -> None:
        self.linter = linter
        self.path = path
        self.threshold = threshold
        self.excluded = excluded
        self.lints = 0
        self.rejected: dict[tuple, Rejected] = {}
        self.keys: dict[int, tuple] = {}

    def lint(self, text: str) -> tuple[list[Diagnostic], bool]:
        self.lints += 1
        doc = self.linter.document(text, self.path)
        return self.linter.lint_document(doc), bool(doc.parse_error)

    def budget_left(self) -> bool:
        return self.lints < LINT_BUDGET

    def reject(self, d: Diagnostic, reason: str) -> None:
        self.rejected.setdefault(self.keys[id(d)], Rejected(d, reason))

    def candidates(self, text: str, diags: list[Diagnostic]) -> list[tuple[Diagnostic, Fix]]:
        self.keys = _fix_keys(text, diags)
        out = []
        wanted = [
            d
            for d in diags
            if d.code not in self.excluded
            and d.fix is not None
            and d.fix.applicability >= self.threshold
            and self.keys.get(id(d)) not in self.rejected
        ]
        # Safe fixes first: a pass applies only safe fixes while there are any, so that a new
        # finding can be pinned on a safe fix without an unsafe one muddying the check.
        safe = [d for d in wanted if d.fix.applicability >= Applicability.SAFE]  # type: ignore[union-attr]
        for d, fix in select_fixes(safe or wanted, self.threshold):
            if not _valid(fix, len(text)):
                self.reject(d, "its edits are outside the text or overlap each other")
                continue
            out.append((d, fix))
        return out

    def try_pass(
        self, text: str, diags: list[Diagnostic], chosen: list[tuple[Diagnostic, Fix]]
    ) -> tuple[str, list[Diagnostic], list[tuple[Diagnostic, Fix]]] | None:
        """Apply the good part of *chosen*: returns (new text, its findings, applied) or None
        when nothing could be applied within the budget."""
        while chosen and self.budget_left():
            new_text = apply_edits(text, [e for _, f in chosen for e in f.edits])
            new_diags, parse_error = self.lint(new_text)
            safe = [f.applicability >= Applicability.SAFE for _, f in chosen]
            if parse_error:
                bad = [_Violation([], "the fixed page could not be parsed")]
            else:
                bad = _violations(diags, chosen, new_diags, safe)
            if not bad:
                return new_text, new_diags, chosen
            culprits = {ci for v in bad for ci in v.culprits}
            for v in bad:
                for ci in v.culprits:
                    self.reject(chosen[ci][0], v.reason)
            if not culprits:
                # Not attributable by place: find the culprit by halving.
                reason = next(v.reason for v in bad)
                culprits, deferred = self._bisect(text, diags, chosen, reason)
                culprits |= deferred
            if not culprits:  # budget exhausted while searching
                return None
            chosen = [c for i, c in enumerate(chosen) if i not in culprits]
        return None

    def _bisect(
        self, text: str, diags: list[Diagnostic], chosen: list[tuple[Diagnostic, Fix]], reason: str
    ) -> tuple[set[int], set[int]]:
        """(culprits, deferred) among *chosen* for an unattributed violation."""

        def bad(idx: list[int]) -> bool | None:
            if not self.budget_left():
                return None
            sub = [chosen[i] for i in idx]
            new_text = apply_edits(text, [e for _, f in sub for e in f.edits])
            new_diags, parse_error = self.lint(new_text)
            if parse_error:
                return True
            safe = [f.applicability >= Applicability.SAFE for _, f in sub]
            return bool(_violations(diags, sub, new_diags, safe))

        culprits: set[int] = set()
        deferred: set[int] = set()

        def search(idx: list[int], known_bad: bool) -> None:
            if not known_bad:
                r = bad(idx)
                if not r:
                    return
            if len(idx) == 1:
                culprits.add(idx[0])
                self.reject(chosen[idx[0]][0], reason)
                return
            half = len(idx) // 2
            a, b = idx[:half], idx[half:]
            ra = bad(a)
            if ra is None:
                return
            if ra:
                search(a, True)
            rb = bad(b)
            if rb is None:
                return
            if rb:
                search(b, True)
            if not ra and not rb:
                deferred.update(b)  # harmless alone, harmful together: one half waits

        search(list(range(len(chosen))), True)
        return culprits, deferred


def fix_text(
    linter: Linter,
    text: str,
    path: str | None = None,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FixResult:
    """Fix *text* with the linter's rules. The returned text never differs from the input
    outside the applied edits. A page that cannot be parsed is never fixed. Never raises for
    misbehaving fixes: they are left out and listed in the result."""
    threshold = Applicability.UNSAFE if unsafe else Applicability.SAFE
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    excluded: set[str] = set()
    total_lints = 0
    rejected: dict[tuple, Rejected] = {}
    for _attempt in range(MAX_ATTEMPTS):
        att = _Attempt(linter, path, threshold, excluded)
        att.rejected.update(rejected)
        result = FixResult(text=text)
        current = body
        diags, parse_error = att.lint(current)
        seen = {hashlib.sha1(current.encode("utf-8", "surrogatepass")).digest()}
        recent: list[set[str]] = []
        converged = False
        out_of_budget: set[str] = set()
        for n in range(max_passes):
            result.passes = n + 1
            if parse_error:
                converged = True
                break
            chosen = att.candidates(current, diags)
            if not chosen:
                converged = True
                break
            done = att.try_pass(current, diags, chosen)
            if done is None:
                # Nothing applicable in this pass (all rejected, or out of budget).
                if att.budget_left() and att.candidates(current, diags):
                    continue
                left = att.candidates(current, diags)
                if left:  # out of budget: keep what was done, give up on the rest
                    out_of_budget = {d.code for d, _ in left}
                converged = True
                break
            new, new_diags, applied = done
            digest = hashlib.sha1(new.encode("utf-8", "surrogatepass")).digest()
            codes = {d.code for d, _ in applied}
            if digest in seen:  # a cycle: give up on the rules involved
                recent.append(codes)
                break
            seen.add(digest)
            recent.append(codes)
            result.applied.extend(d for d, _ in applied)
            current, diags = new, new_diags
            # The page changed (e.g. an unsafe fix added the reference list whose absence
            # made a safe fix look harmful): judge rejected fixes again in the new context.
            # The last pass then judged every fix in the final text, as a second run would:
            # fixing twice equals fixing once.
            att.rejected.clear()
        total_lints += att.lints
        rejected.update(att.rejected)
        if converged or not recent:
            result.text = ("\ufeff" if bom else "") + current
            result.remaining = _strip_rejected(current, diags, rejected, excluded)
            result.rejected = list(rejected.values())
            result.unconverged = set(excluded)
            result.out_of_budget = out_of_budget
            result.remaining = _strip_rejected(current, diags, rejected, excluded | out_of_budget)
            result.lints = total_lints
            return result
        # Not converged: the rules still changing the page in the last passes are given up
        # on, and the page is fixed again from the original text without them.
        late = set().union(*recent[-3:])
        if late <= excluded:  # pragma: no cover - defensive
            late = set().union(*recent)
        excluded |= late
    # Out of attempts: keep the original text, report everything.
    diags = linter.lint(body, path)
    result = FixResult(text=text, remaining=_strip_rejected(body, diags, rejected, excluded))
    result.rejected = list(rejected.values())
    result.unconverged = set(excluded) or {d.code for d in diags if d.fix is not None}
    result.lints = total_lints + 1
    return result


def _strip_rejected(
    text: str, diags: list[Diagnostic], rejected: dict[tuple, Rejected], excluded: set[str]
) -> list[Diagnostic]:
    """Findings whose fix was rejected or given up on are reported without a fix, so that no
    output promises a fix that ``wikilint fix`` will not apply."""
    keys = _fix_keys(text, diags)
    out = []
    for d in diags:
        if d.fix is not None and (d.code in excluded or keys.get(id(d)) in rejected):
            d = dataclasses.replace(d, fix=None)
        out.append(d)
    return out
