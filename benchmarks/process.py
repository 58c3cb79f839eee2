"""Whole-process benchmark: ``wikilint check`` as users run it against a plain
``mwparserfromhell.parse`` script, each as its own process, over the same files.

    python benchmarks/process.py [CORPUS_DIR] [--pairs N] [--jobs-check] [-- extra check args]

What is measured, per pair of runs (the two orders alternate, so drift hits both sides):

* ``parse``: ``python -c`` a script that reads every ``*.wiki`` file under CORPUS_DIR (sorted,
  decoded as UTF-8, BOM removed) and calls ``mwparserfromhell.parse(text, skip_style_tags=True)``
  on it: the baseline (its start-up included);
* ``wikilint``: the installed ``wikilint check --jobs 1 --isolated --exit-zero
  --output-format json -o FILE CORPUS_DIR`` command (start-up, discovery, reading, every default
  rule, suppressions, JSON written to a file).

Run it with the Python of an environment where wikilint is installed as users install it
(``pip install .``): an editable install (``pip install -e .``) adds an import hook and costs
about 3% more CPU time.

Times are CPU seconds of the child process (user + system, from ``wait4``), which is far less
disturbed by other load on a shared machine than wall time; peak RSS comes from the same call.
The table prints the median of each side and the median of the per-pair ratios.

``--jobs-check`` adds pairs of ``--jobs 1`` / ``--jobs 2`` runs: their wall-time speed-up (only
meaningful on an otherwise idle machine with two free cores) and whether the two JSON outputs are
byte-identical.

On the development machine the default (5 pairs over the 2,041-page corpus) takes about
2.5 minutes of CPU.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "pages"

PARSE_SCRIPT = """
import sys
from pathlib import Path
import mwparserfromhell
for f in sorted(Path(sys.argv[1]).rglob("*.wiki")):
    text = f.read_bytes().decode("utf-8")
    if text.startswith("\\ufeff"):
        text = text[1:]
    mwparserfromhell.parse(text, skip_style_tags=True)
"""


def run_child(cmd: list[str]) -> tuple[float, float, float, int]:
    """Run *cmd*; return (cpu seconds, wall seconds, peak RSS in MB, exit status)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, proc.returncode


def wikilint_command() -> list[str]:
    exe = shutil.which("wikilint", path=str(Path(sys.executable).parent)) or shutil.which("wikilint")
    if exe is None:
        raise SystemExit("the wikilint command is not installed (pip install -e .)")
    return [exe]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--pairs", type=int, default=5, help="paired runs (default 5)")
    ap.add_argument("--jobs-check", action="store_true", help="also compare --jobs 2 with --jobs 1")
    ap.add_argument("extra", nargs="*", help="extra arguments for wikilint check (after --)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus directory not found: {args.corpus}", file=sys.stderr)
        return 2
    files = sorted(args.corpus.rglob("*.wiki"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    tmp = Path(tempfile.mkdtemp(prefix="wikilint-bench-"))
    try:
        parse_cmd = [sys.executable, "-c", PARSE_SCRIPT, str(args.corpus)]

        def check_cmd(jobs: int, out: Path) -> list[str]:
            return wikilint_command() + [
                "check", "--jobs", str(jobs), "--isolated", "--exit-zero",
                "--output-format", "json", "-o", str(out), *args.extra, str(args.corpus),
            ]  # fmt: skip

        parse_cpu: list[float] = []
        lint_cpu: list[float] = []
        ratios: list[float] = []
        rss = {"parse": 0.0, "wikilint": 0.0}
        for i in range(args.pairs):
            order = ("parse", "wikilint") if i % 2 == 0 else ("wikilint", "parse")
            got = {}
            for side in order:
                cmd = parse_cmd if side == "parse" else check_cmd(1, tmp / "out1.json")
                cpu, _wall, peak, _ = run_child(cmd)
                got[side] = cpu
                rss[side] = max(rss[side], peak)
            parse_cpu.append(got["parse"])
            lint_cpu.append(got["wikilint"])
            ratios.append(got["wikilint"] / got["parse"])
            print(
                f"pair {i + 1}: parse {got['parse']:.2f} CPU-s, wikilint {got['wikilint']:.2f} CPU-s, "
                f"ratio {ratios[-1]:.3f}",
                file=sys.stderr,
            )
        n_diags = (tmp / "out1.json").read_text(encoding="utf-8").count('"code"')
        print(f"corpus: {args.corpus} ({len(files)} files, {mb:.1f} MB); {args.pairs} paired runs, medians")
        print(f"{'process':<44} {'CPU s':>7} {'min':>7} {'max':>7} {'peak RSS MB':>12}")
        for label, key, vals in (
            ("python: mwparserfromhell.parse each file", "parse", parse_cpu),
            ("wikilint check --jobs 1 (JSON to a file)", "wikilint", lint_cpu),
        ):
            print(
                f"{label:<44} {statistics.median(vals):7.2f} {min(vals):7.2f} {max(vals):7.2f} "
                f"{rss[key]:12.0f}"
            )
        print(
            f"ratio wikilint / parse: median of per-pair ratios {statistics.median(ratios):.3f} "
            f"(min {min(ratios):.3f}, max {max(ratios):.3f}); {n_diags} diagnostics"
        )
        if args.jobs_check:
            walls1: list[float] = []
            walls2: list[float] = []
            identical = True
            for i in range(args.pairs):
                order = (1, 2) if i % 2 == 0 else (2, 1)
                for jobs in order:
                    _cpu, wall, _peak, _ = run_child(check_cmd(jobs, tmp / f"jobs{jobs}.json"))
                    (walls1 if jobs == 1 else walls2).append(wall)
                identical &= (tmp / "jobs1.json").read_bytes() == (tmp / "jobs2.json").read_bytes()
            speedups = [a / b for a, b in zip(walls1, walls2)]
            print(
                f"--jobs 2 vs --jobs 1 (wall): {statistics.median(walls1):.2f} s vs "
                f"{statistics.median(walls2):.2f} s, median speed-up {statistics.median(speedups):.2f}x "
                f"(min {min(speedups):.2f}, max {max(speedups):.2f}); output byte-identical: {identical}"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
