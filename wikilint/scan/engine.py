"""Run a scan: cut the dump into tasks, run them on an executor (in-process, local worker
processes, or a Dask cluster), and write the results in dump order as they come, with a
state file that lets ``--resume`` continue after an interruption.

Ordering: tasks are numbered in dump order; at most ``window`` are in flight and their results
are taken in submission order, so the output is the same whichever engine ran the tasks and in
whatever order they finished. Memory: the reader is a generator and at most ``window`` tasks
are alive, so memory does not depend on the size of the dump.

Resume: after each task's lines are written (and flushed to disk) the state file records the
number of tasks done and the output sizes. ``--resume`` truncates the outputs to those sizes
(dropping what a killed run wrote past its last record), skips the finished tasks without
linting them, and goes on.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..linter import LintSettings
from .dump import DumpError, DumpInfo, PageRecord, _parse, find_index, iter_pages, multistream_blocks, read_header
from .report import Aggregate
from .work import Filters, Task, TaskResult, page_filter, run_task

__all__ = ["ScanOptions", "ScanError", "ScanSummary", "Plan", "plan", "scan"]

STATE_VERSION = 1
PAGES_PER_TASK = 100
BYTES_PER_TASK = 8 << 20


class ScanError(Exception):
    """A scan that cannot run; the message is one line."""


@dataclass
class ScanOptions:
    filters: Filters = field(default_factory=Filters)
    limit: int | None = None
    jobs: int = 1
    dask: str | None = None
    output: Path | None = None  # None: stdout
    worklist: Path | None = None
    resume: bool = False
    index: Path | None = None  # multistream index (found next to the dump when None)
    retries: int = 2
    report_rows: int = 5000  # worklist rows kept per rule for the HTML report
    pages_per_task: int = PAGES_PER_TASK  # plain dumps: pages read into one task


@dataclass
class ScanSummary:
    info: DumpInfo
    site: str
    aggregate: Aggregate
    tasks: int = 0
    task_errors: list[str] = field(default_factory=list)
    page_errors: int = 0
    seconds: float = 0.0
    resumed_tasks: int = 0


@dataclass
class Plan:
    """What the dump is and how it is cut into tasks."""

    path: Path
    info: DumpInfo
    multistream: bool
    tasks: Callable[[int], Iterator[Task]]  # tasks from the given index on
    total_bytes: int
    position: Callable[[], int]  # bytes of the dump file consumed so far (for progress/ETA)


def plan(path: Path, options: ScanOptions) -> Plan:
    """Open the dump, read its <siteinfo>, and prepare the task generator."""
    if not path.exists():
        raise ScanError(f"{path}: no such file")
    if path.is_dir():
        raise ScanError(f"{path}: is a directory")
    size = path.stat().st_size
    index = options.index or find_index(path)
    if options.index is not None and not options.index.is_file():
        raise ScanError(f"{options.index}: no such file")
    if index is not None:
        try:
            header_end, blocks = multistream_blocks(
                path, index, set(options.filters.titles) if options.filters.titles is not None else None
            )
            header = read_header(path, header_end)
            import io

            info, _ = _parse(io.BytesIO(header.replace(b"</mediawiki>", b"") + b"</mediawiki>"), str(path), False)
        except DumpError as exc:
            raise ScanError(str(exc)) from None
        done_bytes = [0]

        def ms_tasks(skip: int) -> Iterator[Task]:
            for i, b in enumerate(blocks):
                if i < skip:
                    done_bytes[0] = b.end
                    continue
                yield Task(i, block=b, path=str(path), header=header)
                done_bytes[0] = b.end

        return Plan(path, info, True, ms_tasks, size, lambda: done_bytes[0])

    from .dump import open_dump

    try:
        raw = open(path, "rb")
        magic = raw.read(4)
        raw.seek(0)
        if magic.startswith(b"BZh"):
            import bz2

            stream: IO[bytes] = bz2.BZ2File(raw)  # type: ignore[assignment]
        elif magic.startswith(b"\x1f\x8b"):
            import gzip

            stream = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
        else:
            stream = raw
        info, pages = iter_pages(stream, str(path))
    except DumpError as exc:
        raise ScanError(str(exc)) from None
    except OSError as exc:
        raise ScanError(f"{path}: cannot read: {exc}") from None
    del open_dump
    used = [False]

    def xml_tasks(skip: int) -> Iterator[Task]:
        if used[0]:
            raise RuntimeError("a plain XML dump can be read once per plan")
        used[0] = True
        filters = options.filters
        batch: list[PageRecord] = []
        seen = 0
        nbytes = 0
        index_ = 0
        try:
            for page in pages:
                seen += 1
                if page_filter(page, filters):
                    # Count bytes for skipped tasks too: resume must cut the same batches.
                    nbytes += len(page.text or "")
                    if index_ >= skip:
                        batch.append(page)
                if seen >= options.pages_per_task or nbytes >= BYTES_PER_TASK:
                    if index_ >= skip:
                        yield Task(index_, pages=batch, raw_pages=seen)
                    index_ += 1
                    batch, seen, nbytes = [], 0, 0
            if seen:
                if index_ >= skip:
                    yield Task(index_, pages=batch, raw_pages=seen)
        finally:
            stream.close()
            raw.close()

    def position() -> int:
        try:
            return raw.tell()
        except (OSError, ValueError):
            return size

    return Plan(path, info, False, xml_tasks, size, position)


# ----------------------------------------------------------------------------- executors


class _Inline:
    """Run tasks in this process (``--jobs 1``)."""

    def __init__(self, fn_args: tuple[Any, ...]) -> None:
        self.args = fn_args

    def submit(self, task: Task) -> Any:
        return run_task(task, *self.args)

    def result(self, handle: Any, task: Task) -> TaskResult:
        return handle

    def close(self) -> None:
        pass

    workers = 1


class _Local:
    """Local worker processes; a task that fails is retried, a broken pool is replaced."""

    def __init__(self, jobs: int, fn_args: tuple[Any, ...], retries: int) -> None:
        self.jobs = jobs
        self.args = fn_args
        self.retries = retries
        self.workers = jobs
        self._pool = self._new_pool()

    def _new_pool(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver/spawn would re-import everything per worker; fork is what the CLI's
        # --jobs uses too (Linux). Fall back to the platform default elsewhere.
        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover
            ctx = None
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx)

    def submit(self, task: Task) -> Any:
        return self._pool.submit(run_task, task, *self.args)

    def result(self, handle: Any, task: Task) -> TaskResult:
        from concurrent.futures.process import BrokenProcessPool

        attempts = 0
        while True:
            try:
                return handle.result()
            except BrokenProcessPool:
                attempts += 1
                if attempts > self.retries:
                    raise ScanError(f"task {task.index}: worker process died {attempts} times") from None
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                handle = self.submit(task)
                self._broken = True
            except Exception as exc:  # noqa: BLE001
                attempts += 1
                if attempts > self.retries:
                    raise ScanError(f"task {task.index}: {type(exc).__name__}: {exc}") from None
                handle = self.submit(task)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask distributed cluster: each task is a future; failed tasks are retried by the
    scheduler (``retries``), tasks of a lost worker are recomputed elsewhere.

    Memory: a future is released as soon as its result is taken (``scan`` keeps at most
    ``window`` of them), so neither the scheduler nor the workers keep finished tasks; the
    workers' statistical profiler is paused for the scan (see :mod:`.daskplugin`)."""

    def __init__(self, address: str, fn_args: tuple[Any, ...], retries: int) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ScanError("--dask needs the 'dask' extra: pip install 'wikilint[dask]'") from None
        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ScanError(f"--dask {address}: cannot connect to the scheduler ({exc})") from None
        self.args = fn_args
        self.retries = retries
        self.run = hashlib.sha1(f"{os.getpid()}-{time.time()}".encode()).hexdigest()[:10]
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))
        self._scattered = None
        self._plugin: str | None = None
        from .daskplugin import PauseProfiler

        try:
            name = f"wikilint-scan-pause-profiler-{self.run}"
            self.client.register_plugin(PauseProfiler(), name=name)
            self._plugin = name
        except Exception as exc:  # noqa: BLE001 - a cluster that refuses plugins still scans
            import sys

            print(f"wikilint: warning: --dask: cannot pause the workers' profiler ({exc})", file=sys.stderr)

    def submit(self, task: Task) -> Any:
        return self.client.submit(
            run_task, task, *self.args, key=f"wikilint-scan-{self.run}-{task.index}", pure=False, retries=self.retries
        )

    def result(self, handle: Any, task: Task) -> TaskResult:
        attempts = 0
        while True:
            try:
                res = handle.result()
                handle.release()
                return res
            except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connections, …
                attempts += 1
                if attempts > self.retries:
                    raise ScanError(f"task {task.index}: {type(exc).__name__}: {exc}") from None
                handle.release()
                handle = self.client.submit(
                    run_task,
                    task,
                    *self.args,
                    key=f"wikilint-scan-{self.run}-{task.index}-r{attempts}",
                    pure=False,
                    retries=self.retries,
                )

    def close(self) -> None:
        if self._plugin is not None:
            try:
                self.client.unregister_worker_plugin(self._plugin)
            except Exception:  # noqa: BLE001 - a closing cluster: nothing to restore
                pass
        self.client.close()


# ----------------------------------------------------------------------------- state


def _settings_key(settings: LintSettings, options: ScanOptions, path: Path) -> str:
    f = options.filters
    blob = repr(
        (
            settings,
            sorted(f.namespaces) if f.namespaces is not None else None,
            f.skip_redirects,
            sorted(f.titles) if f.titles is not None else None,
            options.limit,
            options.worklist is not None,
            options.pages_per_task,
            str(path.resolve()),
            path.stat().st_size,
        )
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def state_path(output: Path) -> Path:
    return output.with_name(output.name + ".state.json")


def _write_state(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _sync(fh: IO[str] | None) -> None:
    if fh is None:
        return
    fh.flush()
    try:
        os.fsync(fh.fileno())
    except (OSError, ValueError):
        pass


# ----------------------------------------------------------------------------- the scan


def scan(
    path: Path,
    settings: LintSettings,
    site: str,
    options: ScanOptions,
    the_plan: Plan,
    progress: Any = None,
    stdout: IO[str] | None = None,
) -> ScanSummary:
    import sys

    start = time.monotonic()
    info = the_plan.info
    agg = Aggregate(info.to_json(), site, options.report_rows)
    summary = ScanSummary(info=info, site=site, aggregate=agg)
    key = _settings_key(settings, options, path)

    skip = 0
    out_bytes = 0
    wl_bytes = 0
    sp: Path | None = None
    if options.output is not None:
        sp = state_path(options.output)
    if options.resume:
        if options.output is None:
            raise ScanError("--resume needs --output (the file to continue)")
        assert sp is not None
        if not sp.is_file():
            raise ScanError(f"{options.output}: nothing to resume (no {sp.name})")
        try:
            state = json.loads(sp.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScanError(f"{sp}: unreadable state ({exc})") from None
        if state.get("version") != STATE_VERSION or state.get("key") != key:
            raise ScanError(
                f"{options.output}: was written by a scan of another dump or with other settings; "
                "run without --resume to start over"
            )
        skip = int(state["tasks_done"])
        out_bytes = int(state["output_bytes"])
        wl_bytes = int(state.get("worklist_bytes", 0))
        agg.pages_seen = int(state.get("pages_seen", 0))
        agg.pages_linted = int(state.get("pages_linted", 0))
        agg.text_bytes = int(state.get("text_bytes", 0))
        summary.resumed_tasks = skip
        # Re-read what was kept (for the summary and the report), then cut off the rest.
        with open(options.output, "rb+") as fh:
            fh.truncate(out_bytes)
        with open(options.output, encoding="utf-8") as fh:
            for line in fh:
                agg.add_line(line, count_page=False)
        if options.worklist is not None and options.worklist.exists():
            with open(options.worklist, "rb+") as fh:
                fh.truncate(wl_bytes)

    out: IO[str]
    if options.output is not None:
        out = open(options.output, "a" if options.resume else "w", encoding="utf-8", newline="")
    else:
        out = stdout or sys.stdout
    wl: IO[str] | None = None
    if options.worklist is not None:
        wl = open(options.worklist, "a" if options.resume else "w", encoding="utf-8", newline="")

    fn_args = (settings, options.filters, options.worklist is not None)
    if options.dask:
        executor: Any = _Dask(options.dask, fn_args, options.retries)
    elif options.jobs > 1:
        executor = _Local(options.jobs, fn_args, options.retries)
    else:
        executor = _Inline(fn_args)
    window = max(2, executor.workers * 3)
    tasks_done = skip
    pending: collections.deque[tuple[Task, Any]] = collections.deque()
    stop = False
    try:
        if sp is not None and not options.resume:
            _write_state(sp, _state(key, 0, 0, 0, agg, False))
        gen = the_plan.tasks(skip)

        def commit(task: Task, res: TaskResult) -> None:
            nonlocal tasks_done, out_bytes, wl_bytes, stop
            summary.tasks += 1
            agg.pages_seen += res.seen
            if res.error:
                summary.task_errors.append(res.error)
                print(f"wikilint: error: {res.error}", file=sys.stderr)
            for page in res.pages:
                if options.limit is not None and agg.pages_linted >= options.limit:
                    stop = True
                    break
                agg.pages_linted += 1
                if page.error:
                    summary.page_errors += 1
                    print(f"wikilint: error: {path}: {page.error}", file=sys.stderr)
                if page.line is not None:
                    out.write(page.line)
                    out_bytes += len(page.line.encode("utf-8"))
                    agg.add_line(page.line)
                if page.worklist is not None and wl is not None:
                    wl.write(page.worklist)
                    wl_bytes += len(page.worklist.encode("utf-8"))
            agg.text_bytes += res.text_bytes
            if options.limit is not None and agg.pages_linted >= options.limit:
                stop = True
            tasks_done = task.index + 1
            if sp is not None:
                _sync(out)
                _sync(wl)
                _write_state(sp, _state(key, tasks_done, out_bytes, wl_bytes, agg, False))
            if progress is not None:
                progress.update(agg.pages_linted, the_plan.position())

        truncated = False
        while not stop:
            try:
                task = next(gen)
            except StopIteration:
                break
            except DumpError as exc:
                # A plain dump that turns malformed half-way: keep what was read before.
                summary.task_errors.append(str(exc))
                print(f"wikilint: error: {exc}", file=sys.stderr)
                truncated = True
                break
            pending.append((task, executor.submit(task)))
            while len(pending) >= window or (pending and isinstance(executor, _Inline)):
                t, h = pending.popleft()
                commit(t, executor.result(h, t))
                if stop:
                    break
        while pending and not stop:
            t, h = pending.popleft()
            commit(t, executor.result(h, t))
        if sp is not None:
            _sync(out)
            _write_state(sp, _state(key, tasks_done, out_bytes, wl_bytes, agg, not truncated))
    finally:
        for _t, h in pending:
            try:
                h.cancel()
            except Exception:  # noqa: BLE001
                pass
        executor.close()
        if options.output is not None:
            out.close()
        else:
            out.flush()
        if wl is not None:
            wl.close()
        summary.seconds = time.monotonic() - start
    return summary


def _state(key: str, tasks: int, out_bytes: int, wl_bytes: int, agg: Aggregate, complete: bool) -> dict[str, Any]:
    return {
        "version": STATE_VERSION,
        "key": key,
        "tasks_done": tasks,
        "output_bytes": out_bytes,
        "worklist_bytes": wl_bytes,
        "pages_seen": agg.pages_seen,
        "pages_linted": agg.pages_linted,
        "text_bytes": agg.text_bytes,
        "complete": complete,
    }
