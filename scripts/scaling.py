"""Find superlinear corners: time every default rule on pathological pages of two sizes.

    python scripts/scaling.py [--n 2000] [--factor 4] [--only NAME ...] [--limit 5]

Each generator is a function ``n -> text`` that repeats one construct (on one line, or one per
line, or nested/grown inside one construct). For each generator the page is built at sizes n
and factor*n, and this script measures, in CPU seconds (``time.process_time``, best of 2):
the ``Document`` build, ``doc.refs``, ``doc.markup``, each default rule's ``check()`` (drained;
run after the two models exist, so a rule pays only for its own work) and the suppression
directives (``apply_suppressions`` over all the diagnostics, as ``Linter`` runs it; the
suppression generators repeat their directive n/8 times). Whatever grows more than ``--ratio``
times (default 6, where linear growth gives 4 and n log n a little more) is confirmed at twice
both sizes (best of 3), then printed with its absolute times. Times under ``--floor`` seconds
(default 0.03) at the larger size are never flagged: at that scale a ratio is mostly noise. A
single measurement over ``--limit`` CPU seconds (default 5) is stopped, shown as ``>limit``
and not repeated.

This is a script, not a test: its numbers depend on the machine (the CPU clock may tick only
every few milliseconds, hence the floor). It exits with 1 when something was confirmed.
"""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from wikilint import Linter, LintSettings
from wikilint.document import Document
from wikilint.model import Diagnostic
from wikilint.suppress import apply_suppressions


# ---------------------------------------------------------------------------- generators
# Each builder returns the text for n repetitions. "one" joins them with spaces on a single
# line, "many" puts one per line; "nest"/"grow" make one construct n items large.

def _rep(unit: Callable[[int], str], sep: str) -> Callable[[int], str]:
    return lambda n: sep.join(unit(i) for i in range(n))


UNITS: dict[str, Callable[[int], str]] = {
    "ref": lambda i: f"a<ref>b {i}</ref>",
    "named-ref": lambda i: f'a<ref name="r{i}">b {i}</ref> c<ref name="r{i}" />',
    "same-name-ref": lambda i: f'a<ref name="x">b {i}</ref>',
    "reuse-undefined": lambda i: f'a<ref name="u{i}" />',
    "undefined-and-defined": lambda i: f'a<ref name="d{i}">b</ref><ref name="u{i}" /><ref name="D_{i}" />',
    "numeric-ref-name": lambda i: f"a<ref name={i}>b</ref>",
    "malformed-ref-name": lambda i: f'a<ref name="a"b{i}">c</ref>',
    "ref-group": lambda i: f'a<ref group="g{i}">b</ref>',
    "ref-follow": lambda i: f'a<ref name="p{i}">b</ref><ref follow="p{i}">c</ref>',
    "ref-dir": lambda i: f'a<ref dir="x{i}">b</ref>',
    "ref-unknown-attr": lambda i: f'a<ref foo="{i}">b</ref>',
    "empty-ref": lambda i: "a<ref></ref><ref/>",
    "duplicate-unnamed": lambda i: "a<ref>same body</ref>",
    "duplicate-pairs-same-name": lambda i: f"a<ref>{{{{cite web|title=T|date=2001|url=http://x.org/{i}}}}}</ref>" * 2,
    "unclosed-ref": lambda i: f"a<ref>b {i}",
    "broken-ref-tag": lambda i: f"a<ref name=x{i}>b</ref <ref>",
    "ref-lost-lt": lambda i: f'a ref name="l{i}">b</ref> c>ref name="m{i}"/>',
    "ref-lost-lt-no-gt": lambda i: f"a ref name=x{i} b",
    "ref-spaced-no-gt": lambda i: f"a < ref name=x{i} b",
    "ref-spaced": lambda i: f'a< ref name="s{i}">b</ ref> <refname="g{i}"/> <ref name="h{i}"/ >c</ref>',
    "ref-no-list": lambda i: f"a<ref group=n{i}>b</ref>{{{{notelist|group=m{i}}}}}",
    "ref-unclosed-then-selfclosed": lambda i: f"a<ref>b{i}<ref/>",
    "ref-misspelled-name": lambda i: f'a<ref nme="k{i}">b</ref><ref name="k{i}"/>',
    "ref-sub": lambda i: f'a<ref name="p{i}" details="p. {i}" />',
    "ref-in-template": lambda i: f"{{{{efn|a<ref>b{i}</ref>}}}}",
    "references-tag": lambda i: "<references/>",
    "cite-web": lambda i: (
        f"<ref>{{{{cite web|url=http://x.org/{i}|title=T {i}|access-date=2020-01-01"
        f"|archive-url=http://a.org/{i}|url-status=dead|deadurl=yes}}}}</ref>"
    ),
    "cite-placeholder": lambda i: "<ref>{{cite web|url=http://x.org|title=Archived copy}}</ref>",
    "dead-link": lambda i: f"[http://x.org/{i} a] {{{{dead link}}}}",
    "dead-link-in-ref": lambda i: f"<ref>[http://x.org/{i} a]{{{{dead link|date=April 2018}}}}</ref>",
    "dead-link-bare": lambda i: "{{dead link|date=Foo}}",
    "bare-url-ref": lambda i: f"<ref>http://x.org/{i}</ref>",
    "link": lambda i: f"[[a{i}|b]]",
    "redundant-link": lambda i: f"[[a{i}|a{i}]]",
    "broken-link-open": lambda i: f"[[a{i}",
    "broken-link-close": lambda i: f"a{i}]]",
    "ext-link": lambda i: f"[http://x.org/{i} a]",
    "ext-link-pipe": lambda i: f"[http://x.org/{i}|a]",
    "ext-link-open": lambda i: f"[http://x.org/{i} a",
    "wikilink-in-extlink": lambda i: f"[http://x.org/{i} a [[b]]]",
    "multi-colon": lambda i: f"[[::a{i}]]",
    "braces-open": lambda i: f"{{{{a{i}",
    "braces-close": lambda i: f"a{i}}}}}",
    "braces-triple": lambda i: f"{{{{{{a{i}",
    "argument": lambda i: f"{{{{{{{i}|d}}}}}}",
    "template": lambda i: f"{{{{t{i}|a|b=c}}}}",
    "duplicate-param": lambda i: "{{cite web|title=a|title=b|url=http://x.org}}",
    "url-in-braces": lambda i: f"{{{{http://x.org/{i}}}}}",
    "parser-function": lambda i: f"{{{{#if:{i}|a|b}}}}",
    "html-table": lambda i: f"<table><tr><td>a{i}</td></tr></table>",
    "tags-unclosed": lambda i: f"<b>a{i} <div>c",
    "tags-stray-close": lambda i: f"a{i}</div></span>",
    "tags-misnested": lambda i: f"<b><i>a{i}</b></i>",
    "font-tag": lambda i: f"<font color=red>[[a{i}]]</font>",
    "self-closed": lambda i: f"<span/>a{i}<div/>",
    "br": lambda i: f"a{i}</br><br/>",
    "obsolete": lambda i: f"<center>a{i}</center><tt>b</tt>",
    "duplicate-id": lambda i: '<span id="x">a</span>',
    "quotes": lambda i: f"''a{i} '''b",
    "entity": lambda i: f"&amp;&#123;&bogus{i};&nbsp;",
    "invisible": lambda i: f"a\u200b{i}\u00ad",
    "url": lambda i: f"http://x.org/{i} ",
    "isbn": lambda i: "ISBN 978-0-306-40615-7 ISBN 978-0-306-40615-8 ISBN 12345",
    "category": lambda i: f"[[Category:C{i}|C{i}]]",
    "category-in-ref": lambda i: f"<ref>[[Category:C{i}]]</ref>",
    "file": lambda i: f"[[File:A{i}.png|thumb|left|200px|bogus|alt=x|[[l]] caption]]",
    "comment": lambda i: f"<!-- c{i} -->",
    "comment-unclosed": lambda i: f"a{i} <!--",
    "nowiki": lambda i: f"<nowiki>[[a{i}]]</nowiki>",
    "pre": lambda i: f"<pre>a{i}</pre>",
    "template-arg-in-tag": lambda i: f"<ref>{{{{{{{i}}}}}}}</ref>",
}

# Constructs that only exist at the start of a line: "many" only.
LINE_UNITS: dict[str, Callable[[int], str]] = {
    "heading": lambda i: f"== h{i} ==",
    "heading-bold": lambda i: f"== '''h{i}''' ==",
    "heading-unclosed-quotes": lambda i: f"== ''h{i} ==",
    "heading-ref": lambda i: f"== h{i}<ref>r</ref> ==",
    "heading-empty": lambda i: "== ==",
    "heading-tag": lambda i: f"== <b>h{i} ==",
    "list": lambda i: f"* a{i}\n# b\n: c\n; d",
    "table": lambda i: f"{{|\n|-\n| a{i} || b || c\n|}}",
    "table-junk": lambda i: f'{{|\n|-\n| style="x" | a{i} | b | c\n|- junk\n|}}',
    "table-fostered": lambda i: f"{{|\n|a\n<b>x{i}</b>\n|}}",
    "html-table-in-list": lambda i: f"* <table>\n<tr><td>a{i}</td></tr>\n</table>",
    "pre-space": lambda i: f" pre{i}",
    "ref-then-template-alone": lambda i: f"a<ref>b{i}</ref>\n{{{{t{i}}}}}\n== h{i} ==\n{{{{u{i}}}}}",
}


# Suppression directives (wikilint/suppress.py), each with a diagnostic to suppress.
SUPPRESS_UNITS: dict[str, Callable[[int], str]] = {
    "suppress-line": lambda i: f"[[a{i}|a{i}]] <!-- wikilint-disable-line WL401 -->",
    "suppress-range": lambda i: f"<!-- wikilint-disable WL401 --> [[a{i}|a{i}]] <!-- wikilint-enable WL401 -->",
    "suppress-file-unused": lambda i: f"<!-- wikilint-disable-file WL9{i % 10}, WL401 --> [[a{i}|a{i}]]",
}


def _nested_templates(n: int) -> str:
    depth = min(n, 200)  # the tokenizer's own depth limit; deeper is text
    body = "x"
    for i in range(depth):
        body = f"{{{{t{i}|{body}}}}}"
    return " ".join([body] * max(1, n // depth))


GROW: dict[str, Callable[[int], str]] = {
    # One construct that grows with n.
    # n/8 names, new at each size (WL203 remembers its suggestions across pages; each new
    # unknown name costs it about 0.5 ms, linear but slow: 16,000 take over 5 s)
    "template-many-params": lambda n: "{{cite web|" + "|".join(f"p{n}x{i}=v" for i in range(n // 8)) + "}}",
    "template-dup-params": lambda n: "{{cite web|" + "|".join(f"title=v{i}" for i in range(n)) + "}}",
    "template-positional": lambda n: "{{t|" + "|".join(f"v{i}" for i in range(n)) + "}}",
    "table-one-row": lambda n: "{|\n|-\n| " + " || ".join(f"c{i}" for i in range(n)) + "\n|}",
    "table-many-rows": lambda n: "{|\n" + "".join(f"|-\n| a{i}\n" for i in range(n)) + "|}",
    "references-list-defined": lambda n: (
        "".join(f'a<ref name="d{i}" />' for i in range(n))
        + "\n<references>\n"
        + "\n".join(f'<ref name="d{i}">b{i}</ref>' for i in range(n))
        + "\n</references>"
    ),
    "refs-then-list": lambda n: " ".join(f"a<ref>b{i}</ref>" for i in range(n)) + "\n<references/>",
    "ref-long-body": lambda n: "<ref>" + " ".join(f"[[a{i}]] ''b'' {{{{t}}}}" for i in range(n)) + "</ref>",
    "nested-templates": _nested_templates,
    "links-deep-in-templates": lambda n: "{{a|" * 40 + " ".join(f"[[l{i}|l{i}]] ]] [[Category:C|C]]" for i in range(n)) + "}}" * 40,
    "ref-many-attributes": lambda n: "<ref name=a " + " ".join(f"w{i}" for i in range(n)) + ">b</ref>",
    "ref-name-long": lambda n: '<ref name="' + "x" * (20 * n) + '">b</ref><ref name="' + "x" * (20 * n) + '"/>',
    "ext-link-many-pipes": lambda n: "[http://x.org/a|" + "|".join(f"b{i}" for i in range(n)) + "]",
    "isbn-in-templates": lambda n: " ".join(f"{{{{cite book|title=t|isbn=978-0-306-40615-{i % 10}}}}}" for i in range(n)),
    "references-unused-defined": lambda n: "a<ref name=d0/>\n<references>\n" + "\n".join(
        f'<ref name="d{i}">b{i}</ref>' for i in range(n)) + "\n</references>",
    "template-long-name": lambda n: "{{" + "x" * (20 * n) + "|a=b}}",
    "dead-link-in-efn": lambda n: "{{efn|" + " ".join(f"[http://x.org/{i} a]{{{{dead link}}}}" for i in range(n)) + "}}",
    "ref-one-cite-many-tags": lambda n: "<ref>{{cite web|url=http://x.org|archive-url=http://a.org|title=t}}"
    + " {{dead link}}" * n + "</ref>",
    "ref-long-cite-many-tags": lambda n: "<ref>{{cite web|url=http://x.org|archive-url=http://a.org|"
    + "|".join(f"p{i}=v" for i in range(n)) + "}}" + " {{dead link}}" * n + "</ref>",
    "ref-many-cites-and-tags": lambda n: "<ref>" + " ".join(
        f"{{{{cite web|url=http://x.org/{i}|archive-url=http://a.org/{i}|title=t}}}} {{{{dead link}}}}" for i in range(n)
    ) + "</ref>",
    "lost-lt-then-one-close": lambda n: " ".join(f"a ref name=x{i}> b" for i in range(n)) + " </ref>",
    "unclosed-ref-then-broken-closes": lambda n: "<ref>a " + " ".join(f"b{i} </ ref>" for i in range(n)),
    "nested-tags": lambda n: "<div>" * n + "x" + "</div>" * n,
    "nested-lists": lambda n: "\n".join("*" * (i % 50 + 1) + f" a{i}" for i in range(n)),
    "long-line-text": lambda n: " ".join(f"word{i}" for i in range(n * 5)),
    "file-many-options": lambda n: "[[File:A.png|" + "|".join(f"opt{i}" for i in range(n)) + "]]",
    "heading-long": lambda n: "== " + " ".join(f"h{i} ''q''" for i in range(n)) + " ==",
}


def generators() -> dict[str, Callable[[int], str]]:
    gens: dict[str, Callable[[int], str]] = {}
    for name, unit in UNITS.items():
        gens[f"{name}/one-line"] = _rep(unit, " ")
        gens[f"{name}/many-lines"] = _rep(unit, "\n")
    for name, unit in LINE_UNITS.items():
        gens[f"{name}/many-lines"] = _rep(unit, "\n")
    for name, make in GROW.items():
        gens[f"{name}/grow"] = make
    for name, unit in SUPPRESS_UNITS.items():  # an eighth of n: the directives are slow today
        gens[f"{name}/one-line"] = (lambda u: lambda n: " ".join(u(i) for i in range(max(1, n // 8))))(unit)
        gens[f"{name}/many-lines"] = (lambda u: lambda n: "\n".join(u(i) for i in range(max(1, n // 8))))(unit)
    return gens


# ---------------------------------------------------------------------------- timing

class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _timed(fn: Callable[[], Any], limit: float) -> float:
    """CPU seconds of fn(); float('inf') when it ran over *limit* CPU seconds."""
    signal.setitimer(signal.ITIMER_PROF, limit)
    t0 = time.process_time()
    try:
        fn()
    except _Timeout:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return time.process_time() - t0


def measure(linter: Linter, text: str, repeats: int, limit: float, only: set[str] | None = None) -> dict[str, float]:
    """Best-of-*repeats* CPU seconds for the Document build, the two models and each rule."""
    best: dict[str, float] = {}

    def keep(key: str, t: float) -> None:
        best[key] = min(best.get(key, float("inf")), t)

    for _ in range(repeats):
        gc.collect()
        gc.disable()  # as Linter.lint does while a page lives
        try:
            box: list[Document] = []
            t = _timed(lambda: box.append(linter.document(text)), limit)
            keep("Document", t)
            if not box:
                return best
            doc = box[0]
            if not doc.parse_error:
                keep("doc.refs", _timed(lambda: doc.refs, limit))
                keep("doc.markup", _timed(lambda: doc.markup, limit))
            diags: list[Diagnostic] = []
            for rule in linter.rules:
                if only is not None and rule.code not in only:
                    continue
                if doc.parse_error and not getattr(rule, "text_only", False):
                    continue
                if best.get(rule.code) == float("inf"):
                    continue  # over the limit once: once is enough
                try:
                    keep(rule.code, _timed(lambda: diags.extend(rule.check(doc)), limit))
                except Exception as exc:  # noqa: BLE001 - report, keep measuring the others
                    print(f"  ! {rule.code} crashed: {type(exc).__name__}: {exc}", file=sys.stderr)
            if (only is None or "suppress" in only) and best.get("suppress") != float("inf"):
                # the inline directives, applied to every rule's diagnostics (as Linter does)
                keep("suppress", _timed(lambda: apply_suppressions(doc, diags, linter), limit))
            if doc.parse_error:
                best["parse_error"] = 1.0
            doc.release()
        finally:
            gc.enable()
    return best


def _fmt(t: float) -> str:
    return ">limit" if t == float("inf") else f"{t:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="the smaller size (repetitions)")
    ap.add_argument("--factor", type=int, default=4)
    ap.add_argument("--ratio", type=float, default=6.0, help="flag growth above this")
    ap.add_argument("--floor", type=float, default=0.03, help="never flag below this many seconds")
    ap.add_argument("--limit", type=float, default=5.0, help="stop a single check after this many CPU s")
    ap.add_argument("--only", action="append", help="generator names containing this text")
    ap.add_argument("--list", action="store_true", help="list the generators and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every generator's slowest items")
    args = ap.parse_args(argv)

    gens = generators()
    if args.list:
        print("\n".join(gens))
        return 0
    if args.only:
        gens = {k: v for k, v in gens.items() if any(o in k for o in args.only)}
    signal.signal(signal.SIGPROF, _on_alarm)
    linter = Linter(LintSettings())
    small, large = args.n, args.n * args.factor
    findings: list[tuple[str, str, float, float]] = []
    start = time.process_time()
    for name, make in gens.items():
        t_small, t_large = make(small), make(large)
        a = measure(linter, t_small, 2, args.limit)
        b = measure(linter, t_large, 2, args.limit)
        flagged = []
        for key, tb in b.items():
            if key == "parse_error":
                continue
            ta = a.get(key)
            if ta is None or tb < args.floor:
                continue
            if tb == float("inf") or tb / max(ta, args.floor / args.factor) > args.ratio:
                flagged.append(key)
        if flagged:  # confirm at twice the sizes: a coarse CPU clock or a busy neighbour can fake one growth
            only = {k for k in flagged if k.startswith("WL") or k == "suppress"}
            a2 = measure(linter, make(2 * small), 3, args.limit, only)
            b2 = measure(linter, make(2 * large), 3, args.limit, only)
            for key in flagged:
                ta, tb = a2.get(key, a[key]), b2.get(key, b[key])
                if tb == float("inf") or tb / max(ta, args.floor / args.factor) > args.ratio:
                    findings.append((name, key, ta, tb))
        status = " (parse refused)" if "parse_error" in b else ""
        line = f"{name:38s} {len(t_large):>9,d} chars  Document {_fmt(b.get('Document', 0))}s{status}"
        if args.verbose:
            slow = sorted(((v, k) for k, v in b.items() if k.startswith("WL")), reverse=True)[:3]
            line += "  slowest: " + ", ".join(f"{k} {_fmt(v)}" for v, k in slow)
        print(line, flush=True)
    print()
    print(f"{len(gens)} generators, sizes {small} and {large}, {time.process_time() - start:.0f} CPU s")
    if not findings:
        print(f"No rule, model or build grew more than {args.ratio:g}x.")
        return 0
    print(f"Grew more than {args.ratio:g}x from n={2 * small} to n={2 * large} (CPU seconds, best of 3; "
          f"flagged first between n={small} and n={large}):")
    h1, h2 = f"n={2 * small}", f"n={2 * large}"
    print(f"| {'generator':38s} | {'what':10s} | {h1:>8s} | {h2:>8s} | {'ratio':>6s} |")
    print(f"| {'-' * 38} | {'-' * 10} | {'-' * 8:>8s} | {'-' * 8:>8s} | {'-' * 6:>6s} |")
    for name, key, ta, tb in findings:
        ratio = "-" if tb == float("inf") else f"{tb / max(ta, 1e-9):.1f}"
        print(f"| {name:38s} | {key:10s} | {_fmt(ta):>8s} | {_fmt(tb):>8s} | {ratio:>6s} |")
    return 1


if __name__ == "__main__":
    sys.exit(main())
