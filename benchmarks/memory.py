"""Peak memory of the whole ``wikilint check`` process: huge pages, and many files.

    python benchmarks/memory.py [CORPUS_DIR] [--repeat N] [--refs N] [--only NAME ...]
    python benchmarks/memory.py --stages CASE [--refs N]

Each case runs ``wikilint check --isolated --jobs 1 --exit-zero --output-format json -o FILE``
as its own process; peak RSS (``ru_maxrss``) and CPU seconds (user + system) come from
``wait4`` on that child. With ``--repeat`` N > 1 the table shows medians.

Cases (the pages are built in a temporary directory):

* ``named``: ``<ref name=a>x</ref>``, then N (default 200,000) lines ``<ref name=a/>``, then
  ``<references/>``: one named reference used N times;
* ``named-one-line``: the same on one line (the tokenizer cannot be run piece by piece);
* ``unnamed``: N lines ``<ref>x</ref>`` and ``<references/>`` (WL515 reports them once, with
  one fix of N edits);
* ``cite``: N lines ``text<ref>{{cite web|url=https://example.org/I|title=T I}}</ref>``;
* ``corpus-1x`` / ``corpus-5x``: CORPUS_DIR once, and five times (five symlinks to it given
  as five arguments: 5 x as many files, the same largest page). Files are read one at a time
  and the report is written as each file is done, so what grows with the number of files is
  only a small record per file;
* ``corpus-1x-stats`` / ``corpus-5x-stats``: the same with ``--statistics`` (a report of a
  few lines).

The issue's bound is 300 MB for a 200,000-ref page.

Where a huge page's memory goes, stage by stage (what docs/benchmarks.md reports): the span tree
(one object per node; a ``<ref name=a/>`` line is a tag, an attribute and four text nodes), the
reference model, the markup model and what the rules hold. A page of more than
``wikilint.document.BIG_PAGE_NODES`` nodes keeps only one of the two models at a time (the markup
model is built again for the table rules), so its peak is the tree plus the larger model, not
plus both. ``tracemalloc`` snapshots grouped by line, taken after each stage of
``Linter.lint_document``, show the rest.

``--stages CASE`` (Linux) lints one built page (``named``, ``named-one-line``, ``unnamed`` or
``cite``) in this process, as ``Linter.lint`` does, and prints the RSS after each stage and its
peak during the stage: the Document, every rule that built a model, reported something or
raised the peak by more than 5 MB (with the models then alive), suppressions, release. The peak
is reset between stages (``/proc/self/clear_refs``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT = Path(os.environ.get("WIKILINT_SHARED", Path(__file__).resolve().parent.parent.parent / "shared")) / "corpora" / "pages"


def build_pages(where: Path, n: int, only: str | None = None) -> dict[str, Path]:
    pages = {
        "named": lambda: "<ref name=a>x</ref>\n" + "<ref name=a/>\n" * n + "<references/>\n",
        "named-one-line": lambda: "<ref name=a>x</ref>" + "<ref name=a/>" * n + "<references/>\n",
        "unnamed": lambda: "<ref>x</ref>\n" * n + "<references/>\n",
        "cite": lambda: "".join(
            f"text<ref>{{{{cite web|url=https://example.org/{i}|title=T {i}}}}}</ref>\n" for i in range(n)
        )
        + "<references/>\n",
    }
    out = {}
    for name, make in pages.items():
        if only is not None and name != only:
            continue
        path = where / f"{name}.wiki"
        path.write_text(make(), encoding="utf-8")
        out[name] = path
    return out


def measure(args: list[str], out_file: Path) -> tuple[float, float]:
    """Run ``wikilint check`` on *args*; return (peak RSS in MB, CPU seconds)."""
    exe = shutil.which("wikilint")
    cmd = [exe] if exe else [sys.executable, "-m", "wikilint"]
    cmd += ["check", "--isolated", "--jobs", "1", "--exit-zero", "--output-format", "json", "-o", str(out_file), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit status {os.waitstatus_to_exitcode(status)}")
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _rss() -> tuple[int, int]:
    """(current, peak since the last reset) RSS of this process in MB."""
    got = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                got[key] = int(value.split()[0]) // 1024
    return got["VmRSS"], got["VmHWM"]


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def stages(case: str, n: int) -> None:
    """Print the RSS of linting one built page, stage by stage (see the module docstring)."""
    import gc
    import time

    from wikilint.linter import Linter, LintSettings
    from wikilint.sites.detect import detect_site
    from wikilint.suppress import apply_suppressions

    with tempfile.TemporaryDirectory(prefix="wikilint-memory-") as tmp:
        text = build_pages(Path(tmp), n, case)[case].read_text(encoding="utf-8")
    linter = Linter(LintSettings(site=detect_site(text).site))
    gc.disable()  # as the runner does while a file is processed
    print(f"{case}: {len(text):,} characters; RSS before the page {_rss()[0]} MB")
    print(f"{'stage':<16} {'RSS MB':>7} {'peak MB':>8} {'CPU s':>6}  models alive / findings")
    clock = [time.process_time()]

    def show(stage: str, note: str = "") -> None:
        now, peak = _rss()
        cpu = time.process_time() - clock[0]
        print(f"{stage:<16} {now:>7} {peak:>8} {cpu:>6.2f}  {note}", flush=True)
        _reset_peak()
        clock[0] = time.process_time()

    _reset_peak()
    doc = linter.document(text, f"{case}.wiki")
    show("Document", f"{len(doc.all_nodes):,} nodes")
    diags = []
    for rule in linter.rules:
        before = set(doc._models)
        doc.rule_started()
        found = list(rule.check(doc))
        diags.extend(found)
        now, peak = _rss()
        if found or peak > now + 5 or set(doc._models) != before:
            show(rule.code, f"{', '.join(doc._models) or '-'} / {len(found)}")
    diags = apply_suppressions(doc, diags, linter)
    show("suppressions", f"{len(diags)} findings")
    doc.release()
    show("release")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--refs", type=int, default=200_000, help="references per built page")
    ap.add_argument("--only", nargs="*", help="run only these cases")
    ap.add_argument("--stages", metavar="CASE", help="one built page in this process, stage by stage")
    opts = ap.parse_args()
    if opts.stages:
        stages(opts.stages, opts.refs)
        return
    with tempfile.TemporaryDirectory(prefix="wikilint-memory-") as tmp:
        tmpdir = Path(tmp)
        cases: dict[str, list[str]] = {name: [str(p)] for name, p in build_pages(tmpdir, opts.refs).items()}
        if opts.corpus.is_dir():
            links = []
            for i in range(5):
                link = tmpdir / f"copy{i}"
                link.symlink_to(opts.corpus.resolve(), target_is_directory=True)
                links.append(str(link))
            cases["corpus-1x"] = links[:1]
            cases["corpus-5x"] = links
            # the same runs with a report of a few lines: the linting alone
            cases["corpus-1x-stats"] = ["--statistics", *links[:1]]
            cases["corpus-5x-stats"] = ["--statistics", *links]
        else:
            print(f"{opts.corpus}: no corpus; the corpus cases are skipped", file=sys.stderr)
        if opts.only:
            cases = {k: v for k, v in cases.items() if k in opts.only}
        print(f"{'case':<16} {'peak RSS MB':>12} {'CPU s':>8}")
        for name, args in cases.items():
            runs = [measure(args, tmpdir / "out.json") for _ in range(opts.repeat)]
            rss = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"{name:<16} {rss:>12.0f} {cpu:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
