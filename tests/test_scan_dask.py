"""`wikilint scan --dask` on a real Dask cluster: a scheduler and two workers started with
distributed's own command line (``dask scheduler``, ``dask worker``) on 127.0.0.1. The output
must be byte-identical to the local run, also when a worker is killed mid-scan."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scan_data import corpus_pages, write_dump
from test_scan import subset
from wikilint.scan.multistream import write_multistream

pytest.importorskip("distributed")

DASK = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")


class Cluster:
    def __init__(self, root: Path, workers: int = 2) -> None:
        if DASK is None:
            pytest.skip("the dask command line is not installed")
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.file = root / "scheduler.json"
        self.procs: list[subprocess.Popen] = []
        env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
        self.scheduler = self._start(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(self.file)],
            root / "scheduler.log",
            env,
        )
        deadline = time.monotonic() + 120
        while not self.file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                self.close()
                pytest.fail("the dask scheduler did not start: " + (root / "scheduler.log").read_text()[-2000:])
            time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [
            self._start(
                [DASK, "worker", "--scheduler-file", str(self.file), "--host", "127.0.0.1", "--nthreads", "1",
                 "--no-dashboard", "--name", f"w{i}", "--death-timeout", "60"],
                root / f"worker{i}.log",
                env,
            )
            for i in range(workers)
        ]
        self.wait_for_workers(workers)

    def _start(self, cmd: list, log: Path, env: dict) -> subprocess.Popen:
        fh = open(log, "wb")
        p = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.procs.append(p)
        return p

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(n, timeout=180)

    def kill(self, proc: subprocess.Popen) -> None:
        """kill -9 a `dask worker` (its nanny and its worker process: the whole group)."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def close(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


@pytest.fixture()
def cluster(tmp_path):
    c = Cluster(tmp_path / "cluster")
    yield c
    c.close()


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("dask-dumps")
    xml = d / "wiki.xml"
    write_dump(xml, corpus_pages(subset(36)))
    ms = d / "wiki-multistream.xml.bz2"
    with open(xml, "rb") as fh:
        write_multistream(fh, ms, pages_per_stream=3)
    local = d / "local.jsonl"
    r = scan_cli(str(ms), "-o", str(local), "-j", "1", "--fix-worklist", str(d / "local-fixes.jsonl"))
    assert r.returncode == 0, r.stderr
    assert local.stat().st_size > 0
    return {"xml": xml, "ms": ms, "local": local, "local-fixes": d / "local-fixes.jsonl"}


def scan_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wikilint", "scan", "--isolated", "-q", *args],
                          capture_output=True, text=True, timeout=900)


def test_dask_output_equals_local_output(cluster, dumps, tmp_path):
    out = tmp_path / "dask-ms.jsonl"
    fixes = tmp_path / "dask-fixes.jsonl"
    r = scan_cli(str(dumps["ms"]), "--dask", cluster.address, "-o", str(out), "--fix-worklist", str(fixes))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == dumps["local"].read_bytes()
    assert fixes.read_bytes() == dumps["local-fixes"].read_bytes()
    # A plain dump: the client reads it and ships batches of pages to the workers.
    out2 = tmp_path / "dask-xml.jsonl"
    r = scan_cli(str(dumps["xml"]), "--dask", cluster.address, "-o", str(out2), "--batch", "4")
    assert r.returncode == 0, r.stderr
    assert out2.read_bytes() == dumps["local"].read_bytes()
    # Both workers did work (the scheduler spread the tasks).
    logs = [(cluster.root / f"worker{i}.log").read_text() for i in range(2)]
    assert all("Registered to" in log for log in logs)


def test_worker_killed_mid_scan_still_complete(cluster, dumps, tmp_path):
    out = tmp_path / "dask-killed.jsonl"
    state = out.with_name(out.name + ".state.json")
    proc = subprocess.Popen(
        [sys.executable, "-m", "wikilint", "scan", "--isolated", "-q", str(dumps["ms"]), "--dask", cluster.address, "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if json.loads(state.read_text())["tasks_done"] >= 1:
                break
        except (OSError, ValueError, KeyError):
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the scan ended before a worker could be killed"
    done_at_kill = json.loads(state.read_text())["tasks_done"]
    cluster.kill(cluster.workers[0])
    _stdout, stderr = proc.communicate(timeout=900)
    assert proc.returncode == 0, stderr
    assert done_at_kill < 12  # 36 pages in streams of 3: the kill came mid-scan
    assert out.read_bytes() == dumps["local"].read_bytes()


def test_scan_keeps_no_finished_tasks_and_pauses_the_profiler(cluster, dumps, tmp_path):
    """What keeps a worker's memory flat over a long scan, asserted on the cluster itself:
    at most ``window`` (3 per worker thread) tasks of the scan exist at once, no finished task
    or result stays on the scheduler or a worker, and the workers' statistical profiler (whose
    history grew by about 0.1 MB per second of scanning) is paused for the scan and running
    again after it."""
    from distributed import Client

    def profiler_running(dask_worker):
        return [dask_worker.periodic_callbacks[n].is_running() for n in ("profile", "profile-cycle")]

    def scan_keys(dask_scheduler):
        alive: set = set()
        most = 0
        seen: set = set()
        for t in dask_scheduler.transition_log:
            if not str(t.key).startswith("wikilint-scan-"):
                continue
            seen.add(t.key)
            if t.finish == "forgotten":
                alive.discard(t.key)
            else:
                alive.add(t.key)
            most = max(most, len(alive))
        left = [k for k in dask_scheduler.tasks if str(k).startswith("wikilint-scan-")]
        return {"seen": len(seen), "most_alive": most, "left": left}

    def worker_leftovers(dask_worker):
        return [str(k) for k in dask_worker.state.tasks] + [str(k) for k in dask_worker.data]

    out = tmp_path / "dask-mem.jsonl"
    state = out.with_name(out.name + ".state.json")

    def tasks_done():
        try:
            return json.loads(state.read_text())["tasks_done"]
        except (OSError, ValueError, KeyError):
            return None

    with Client(cluster.address, timeout="60s") as client:
        assert all(all(v) for v in client.run(profiler_running).values())
        proc = subprocess.Popen(
            [sys.executable, "-m", "wikilint", "scan", "--isolated", "-q", str(dumps["ms"]), "--dask", cluster.address,
             "-o", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        during = []
        while proc.poll() is None:
            # The state file is written once the executor (and its plugin) is set up; the last
            # task is recorded before the executor closes. Between the two, the profiler is paused.
            before = tasks_done()
            running = client.run(profiler_running)
            after = tasks_done()
            if before is not None and after is not None and after < 12:
                during.append(running)
            time.sleep(0.02)
        _stdout, stderr = proc.communicate(timeout=900)
        assert proc.returncode == 0, stderr
        assert out.read_bytes() == dumps["local"].read_bytes()
        assert during, "the scan ended before the workers could be looked at"
        assert all(not any(v) for running in during for v in running.values()), during
        # The scan is over: the profiler runs again, and nothing of the scan is left anywhere.
        assert all(all(v) for v in client.run(profiler_running).values())
        keys = client.run_on_scheduler(scan_keys)
        assert keys["seen"] == 12  # 36 pages in multistream blocks of 3
        assert keys["left"] == []
        assert 1 <= keys["most_alive"] <= 6, keys  # 2 workers x 1 thread x 3
        assert all(v == [] for v in client.run(worker_leftovers).values())


class _Callback:
    def __init__(self, running: bool) -> None:
        self.running = running

    def is_running(self) -> bool:
        return self.running

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False


class _Worker:
    def __init__(self, profile_running: bool = True) -> None:
        from distributed.core import Status

        self.status = Status.running
        self.periodic_callbacks = {
            "profile": _Callback(profile_running),
            "profile-cycle": _Callback(profile_running),
            "heartbeat": _Callback(True),
        }

    def running(self) -> dict[str, bool]:
        return {k: v.is_running() for k, v in self.periodic_callbacks.items()}


def test_pause_profiler_plugin_counts_overlapping_scans():
    from distributed.core import Status

    from wikilint.scan.daskplugin import PauseProfiler

    w = _Worker()
    first, second = PauseProfiler(), PauseProfiler()
    first.setup(w)
    assert w.running() == {"profile": False, "profile-cycle": False, "heartbeat": True}
    second.setup(w)
    first.teardown(w)  # the other scan still runs: stays paused
    assert w.running()["profile"] is False and w.running()["profile-cycle"] is False
    second.teardown(w)
    assert w.running() == {"profile": True, "profile-cycle": True, "heartbeat": True}
    # A worker started with the profiler off keeps it off; a closing worker is left alone.
    off = _Worker(profile_running=False)
    PauseProfiler().setup(off)
    PauseProfiler().teardown(off)
    assert off.running() == {"profile": False, "profile-cycle": False, "heartbeat": True}
    closing = _Worker()
    p = PauseProfiler()
    p.setup(closing)
    closing.status = Status.closing
    p.teardown(closing)
    assert closing.running()["profile"] is False
