"""YAML rule cases (one file per rule), checked as strictly as ESLint's RuleTester.

File format (``tests/rules/WL501.yml``)::

    rule: WL501            # code or name of the rule under test
    site: enwiki           # optional, default enwiki
    options: {}            # optional rule options for every case
    doc_options: {}        # optional Document options for every case (e.g. ref_sources)

    some_case_name:
      pass: |              # must yield no diagnostic of this rule
        text
    other_case:
      fail: |              # must yield diagnostics ...
        text
      errors:              # ... exactly these, in order (listed keys are compared)
        - {line: 1, col: 5, message: "…", mw_key: cite_error_…}
      fix: |               # the fixed-point result with this rule alone; it must itself pass
        text               # (or leave exactly `remaining` diagnostics)
      unsafe: true         # also apply unsafe fixes
      remaining: 1         # diagnostics expected after fixing
    skipped:
      skip: "reason"

A ``fail`` case without ``fix`` must come out of the fixer unchanged. Fixing twice must equal
fixing once. Case names must be unique (duplicate YAML keys are an error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fixer import fix_text
from .linter import Linter, LintSettings
from .model import FixAvailability

__all__ = ["RuleCase", "load_cases", "run_case", "CaseFailure"]

RESERVED = {"rule", "site", "options", "doc_options"}
CASE_KEYS = {"pass", "fail", "errors", "fix", "unsafe", "remaining", "options", "site", "doc_options", "skip", "description"}
ERROR_KEYS = {"line", "col", "end_line", "end_col", "message", "code", "mw_key", "lint_type", "severity", "fixable"}


class CaseFailure(AssertionError):
    pass


@dataclass
class RuleCase:
    file: str
    rule: str
    name: str
    text: str
    should_pass: bool
    errors: list[dict[str, Any]] | None = None
    fix: str | None = None
    unsafe: bool = False
    remaining: int = 0
    options: dict[str, Any] = field(default_factory=dict)
    site: str = "enwiki"
    doc_options: dict[str, Any] = field(default_factory=dict)
    skip: str | None = None

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}::{self.name}"


def _yaml_loader():  # type: ignore[no-untyped-def]
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):  # type: ignore[no-untyped-def]
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise ValueError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
            seen.add(key)
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return UniqueKeyLoader


def load_cases(path: str | Path) -> list[RuleCase]:
    import yaml

    path = Path(path)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_yaml_loader())
    if not isinstance(data, dict) or "rule" not in data:
        raise ValueError(f"{path}: a case file needs a top-level 'rule' key")
    rule = str(data["rule"])
    base_opts = data.get("options") or {}
    base_site = data.get("site", "enwiki")
    base_doc = data.get("doc_options") or {}
    cases = []
    for name, spec in data.items():
        if name in RESERVED:
            continue
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: case {name!r} must be a mapping")
        unknown = set(spec) - CASE_KEYS
        if unknown:
            raise ValueError(f"{path}: case {name!r} has unknown keys {sorted(unknown)}")
        if ("pass" in spec) == ("fail" in spec):
            raise ValueError(f"{path}: case {name!r} needs exactly one of 'pass' or 'fail'")
        for err in spec.get("errors") or []:
            bad = set(err) - ERROR_KEYS
            if bad:
                raise ValueError(f"{path}: case {name!r} error has unknown keys {sorted(bad)}")
        cases.append(
            RuleCase(
                file=str(path),
                rule=rule,
                name=str(name),
                text=spec["pass"] if "pass" in spec else spec["fail"],
                should_pass="pass" in spec,
                errors=spec.get("errors"),
                fix=spec.get("fix"),
                unsafe=bool(spec.get("unsafe", False)),
                remaining=int(spec.get("remaining", 0)),
                options={**base_opts, **(spec.get("options") or {})},
                site=spec.get("site", base_site),
                doc_options={**base_doc, **(spec.get("doc_options") or {})},
                skip=spec.get("skip"),
            )
        )
    return cases


def _linter(case: RuleCase, base_dir: Path | None = None) -> Linter:
    doc_options = dict(case.doc_options)
    # ref_sources in YAML may be given inline as {path: text} mappings
    return Linter(
        LintSettings(
            select=[case.rule],
            site=case.site,
            rule_options={case.rule: case.options} if case.options else {},
            doc_options=doc_options,
        )
    )


def _fmt(diags: list) -> str:
    return "\n".join(f"  {d.line}:{d.column}-{d.end_line}:{d.end_column} {d.code} {d.message}" for d in diags)


def run_case(case: RuleCase) -> None:
    """Check one case; raise :class:`CaseFailure` with a readable message when it fails."""
    linter = _linter(case)
    rule_cls = linter.registry.get(case.rule)
    if rule_cls is None:
        raise CaseFailure(f"{case.id}: unknown rule {case.rule}")
    code = rule_cls.code
    diags = [d for d in linter.lint(case.text, "case.wiki") if d.code == code]
    if case.should_pass:
        if diags:
            raise CaseFailure(f"{case.id}: expected no diagnostics, got:\n{_fmt(diags)}")
    else:
        if not diags:
            raise CaseFailure(f"{case.id}: expected diagnostics, got none")
        if case.errors is not None:
            if len(diags) != len(case.errors):
                raise CaseFailure(
                    f"{case.id}: expected {len(case.errors)} diagnostics, got {len(diags)}:\n{_fmt(diags)}"
                )
            for i, (want, got) in enumerate(zip(case.errors, diags)):
                actual = {
                    "line": got.line,
                    "col": got.column,
                    "end_line": got.end_line,
                    "end_col": got.end_column,
                    "message": got.message,
                    "code": got.code,
                    "mw_key": got.mw_key,
                    "lint_type": got.lint_type,
                    "severity": got.severity.value,
                    "fixable": got.fix is not None,
                }
                for key, value in want.items():
                    if actual[key] != value:
                        raise CaseFailure(
                            f"{case.id}: diagnostic {i + 1}: {key} is {actual[key]!r}, expected {value!r}\n{_fmt(diags)}"
                        )
    # Fix availability is declared honestly.
    for d in diags:
        if d.fix is not None:
            if rule_cls.fix_availability is FixAvailability.NONE:
                raise CaseFailure(f"{case.id}: rule declares no fixes but offered one")
            if not d.fix.title:
                raise CaseFailure(f"{case.id}: a fix has no title")
        elif rule_cls.fix_availability is FixAvailability.ALWAYS:
            raise CaseFailure(f"{case.id}: rule declares fixes always available but one has none")

    result = fix_text(linter, case.text, "case.wiki", unsafe=case.unsafe)
    fixed = result.text
    if case.fix is not None:
        if case.should_pass:
            raise CaseFailure(f"{case.id}: a 'pass' case cannot have 'fix'")
        if fixed != case.fix:
            raise CaseFailure(f"{case.id}: fixed text differs.\n--- expected\n{case.fix!r}\n--- got\n{fixed!r}")
        if fixed == case.text:
            raise CaseFailure(f"{case.id}: 'fix' equals the input")
        left = [d for d in linter.lint(fixed, "case.wiki") if d.code == code]
        if len(left) != case.remaining:
            raise CaseFailure(
                f"{case.id}: after fixing expected {case.remaining} diagnostics, got:\n{_fmt(left)}"
            )
    elif fixed != case.text:
        raise CaseFailure(
            f"{case.id}: the text changed but the case has no 'fix'.\n--- got\n{fixed!r}"
        )
    again = fix_text(linter, fixed, "case.wiki", unsafe=case.unsafe).text
    if again != fixed:
        raise CaseFailure(f"{case.id}: fixing twice differs from fixing once:\n{again!r}")


# ---------------------------------------------------------------- fixer invariants (fuzzing)

#: Markup fragments the mutator inserts: the pieces whose breakage rules must survive.
FRAGMENTS = (
    "<ref", "<ref>", "</ref>", "<ref name=a/>", "<ref name=\"a\">", "<ref name=a b>", "<ref di>",
    "{{", "}}", "{{reflist}}", "<references/>", "<!--", "-->", "|", "[[", "]]", "[", "]",
    "{|", "|}", "\n|-\n", "\n", "\n\n", "==", "''", "<gallery>", "</gallery>", "<nowiki>",
    "/ref>", "</ref", "{{cite web|url=http://example.org/|deadurl=yes|dead-url=no}}",
    "{{dead link}}", "<!--wikilint-disable-->", "<!--wikilint-enable-->",
    "<!-- wikilint-disable-next-line -->", "http://example.org/x", "&", "=",
)
MUTATIONS = ("delete", "duplicate", "swap", "insert", "truncate")


def mutate(text: str, ops: list[tuple[str, float, float, str]]) -> str:
    """Apply mutations to *text*. Each op is ``(kind, a, b, fragment)`` with *a*, *b* in [0, 1]
    choosing positions: delete/duplicate a span, swap two spans, insert a fragment, truncate."""
    for kind, a, b, frag in ops:
        n = len(text)
        i = int(a * n)
        j = min(n, i + 1 + int(b * min(n - i, 200)))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif kind == "swap":
            k = int(b * n)
            lo, hi = sorted((i, k))
            w = min(40, (hi - lo) // 2)
            if w > 0:
                text = text[:lo] + text[hi : hi + w] + text[lo + w : hi] + text[lo : lo + w] + text[hi + w :]
        elif kind == "insert":
            text = text[:i] + frag + text[i:]
        elif kind == "truncate":
            text = text[: max(i, n // 4)]
    return text


def random_ops(rng: Any, max_ops: int = 4) -> list[tuple[str, float, float, str]]:
    """Random mutations for :func:`mutate` (what the long-run fuzz script uses)."""
    return [
        (rng.choice(MUTATIONS if rng.random() < 0.5 else ("insert",)), rng.random(), rng.random(), rng.choice(FRAGMENTS))
        for _ in range(rng.randint(1, max_ops))
    ]


def fixer_violations(linter: Linter, text: str, path: str = "fuzz.wiki", results: list | None = None) -> list[str]:
    """Check the fixer's promises on *text*, for every rule of *linter*; returns the broken
    ones (empty when all hold). Use it to test your own rules' fixes on many inputs:

    * linting never raises and no rule crashes (no WL002);
    * safe fixes: every rule reports at most as often after fixing as before, minus the
      findings that were fixed (a fix removes its finding and a safe fix adds none);
    * fixing twice equals fixing once (safe and unsafe), and the reported remaining findings
      are those of the fixed text.

    *results*, when given, receives the two :class:`~wikilint.fixer.FixResult` (safe, unsafe).
    """
    from collections import Counter

    from .model import Applicability

    out: list[str] = []
    before = linter.lint(text, path)
    crashed = [d.message for d in before if d.code == "WL002"]
    out += [f"rule crash: {m}" for m in crashed]
    count_before = Counter(d.code for d in before)
    for unsafe in (False, True):
        mode = "unsafe" if unsafe else "safe"
        res = fix_text(linter, text, path, unsafe=unsafe)
        if results is not None:
            results.append(res)
        # The fixer's last lint is of its result: res.remaining are the fixed text's findings.
        after = res.remaining
        out += [f"{mode}: rule crash after fixing: {d.message}" for d in after if d.code == "WL002" and d.message not in crashed]
        if not unsafe:
            applied = Counter(d.code for d in res.applied)
            count_after = Counter(d.code for d in after)
            for code, n in count_after.items():
                if n > count_before[code] - applied[code]:
                    out.append(
                        f"safe: {code} reported {n} times after fixing, {count_before[code]} before, {applied[code]} fixed"
                    )
            unsafe_applied = [d.code for d in res.applied if d.fix is not None and d.fix.applicability < Applicability.SAFE]
            if unsafe_applied:
                out.append(f"safe: unsafe fixes applied: {unsafe_applied}")
        again = fix_text(linter, res.text, path, unsafe=unsafe)
        if again.text != res.text:
            out.append(f"{mode}: fixing twice differs from fixing once")
    return out


__all__ += ["FRAGMENTS", "MUTATIONS", "mutate", "random_ops", "fixer_violations"]
