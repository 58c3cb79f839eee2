"""Peak memory of the whole ``wikilint check`` process: huge pages, and many files.

    python benchmarks/memory.py [CORPUS_DIR] [--repeat N] [--refs N] [--only NAME ...]

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


def build_pages(where: Path, n: int) -> dict[str, Path]:
    pages = {
        "named": "<ref name=a>x</ref>\n" + "<ref name=a/>\n" * n + "<references/>\n",
        "named-one-line": "<ref name=a>x</ref>" + "<ref name=a/>" * n + "<references/>\n",
        "unnamed": "<ref>x</ref>\n" * n + "<references/>\n",
        "cite": "".join(
            f"text<ref>{{{{cite web|url=https://example.org/{i}|title=T {i}}}}}</ref>\n" for i in range(n)
        )
        + "<references/>\n",
    }
    out = {}
    for name, text in pages.items():
        path = where / f"{name}.wiki"
        path.write_text(text, encoding="utf-8")
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--refs", type=int, default=200_000, help="references per built page")
    ap.add_argument("--only", nargs="*", help="run only these cases")
    opts = ap.parse_args()
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
