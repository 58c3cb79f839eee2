"""A Dask worker plugin that pauses the worker's statistical profiler while a scan runs.

Every 10 ms a Dask worker samples the stack of the thread that runs a task, and every second it
files the merged samples away in ``profile_history`` and ``profile_keys_history``, keeping the
last 1,000 (``distributed.admin.low-level-log-length``). Linting walks many distinct code
paths, so each second's tree is large, and the worker's memory grew with the length of the scan
(about 0.1 MB a second of scanning, until 1,000 seconds are kept) although the scan itself keeps
nothing between tasks.

Dask's documented switch, ``distributed.worker.profile.enabled: false``
(``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False`` in the environment of ``dask worker``), is
read when a worker starts. This plugin gives the same effect for the duration of one scan on
workers started without it, workers that join mid-scan included (the scheduler hands registered
plugins to new workers): ``setup`` stops the worker's two profiling callbacks, ``teardown``
(called when the scan unregisters the plugin at its end) starts them again. Scans that overlap
on one cluster are counted, so the profiler comes back only when the last of them ends.

This module is imported on the workers (by reference, as the plugin's class), so it must stay
importable with only ``distributed`` installed besides wikilint.
"""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

__all__ = ["PauseProfiler", "PROFILER_CALLBACKS"]

#: The worker's periodic callbacks that sample stacks and file the samples away.
PROFILER_CALLBACKS = ("profile", "profile-cycle")

#: Per worker (by ``id``): how many scans have paused its profiler, and which callbacks the
#: first of them stopped (the ones to start again when the last one ends).
_PAUSES: dict[int, tuple[int, list[str]]] = {}


class PauseProfiler(WorkerPlugin):
    def setup(self, worker: Any) -> None:
        count, stopped = _PAUSES.get(id(worker), (0, []))
        if count == 0:
            stopped = []
            for name in PROFILER_CALLBACKS:
                pc = worker.periodic_callbacks.get(name)
                if pc is not None and pc.is_running():
                    pc.stop()
                    stopped.append(name)
        _PAUSES[id(worker)] = (count + 1, stopped)

    def teardown(self, worker: Any) -> None:
        count, stopped = _PAUSES.pop(id(worker), (0, []))
        if count > 1:
            _PAUSES[id(worker)] = (count - 1, stopped)
            return
        if getattr(worker.status, "name", "running") not in ("running", "paused"):
            return  # a closing worker stops its callbacks itself
        for name in stopped:
            pc = worker.periodic_callbacks.get(name)
            if pc is not None and not pc.is_running():
                pc.start()
