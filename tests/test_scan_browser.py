"""The HTML report of `wikilint scan` in a real headless browser (Debian's chromium), driven
through the Chrome DevTools protocol: it loads from a file without console errors and without
any network request, its chart renders, and a worklist sorts when its header is clicked (real
mouse events). A screenshot is kept in the test's output directory."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scan_data import corpus_pages, write_dump
from test_scan import subset

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/setup.d/20-chromium.sh installs it)")


class DevTools:
    """A minimal CDP client over tornado's websocket client (tornado comes with distributed)."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0
        self.events: list[dict] = []

    @classmethod
    async def connect(cls, url: str) -> DevTools:
        from tornado.websocket import websocket_connect

        ws = await websocket_connect(url, max_message_size=256 << 20)
        return cls(ws)

    async def call(self, method: str, timeout: float = 60, **params) -> dict:
        self.next_id += 1
        my_id = self.next_id
        await self.ws.write_message(json.dumps({"id": my_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(method)
            msg = await asyncio.wait_for(self.ws.read_message(), left)
            if msg is None:
                raise ConnectionError("devtools connection closed")
            data = json.loads(msg)
            if data.get("id") == my_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})
            if "method" in data:
                self.events.append(data)

    async def wait_event(self, name: str, timeout: float = 60) -> dict:
        for e in self.events:
            if e["method"] == name:
                return e
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(name)
            msg = await asyncio.wait_for(self.ws.read_message(), left)
            if msg is None:
                raise ConnectionError("devtools connection closed")
            data = json.loads(msg)
            if "method" in data:
                self.events.append(data)
                if data["method"] == name:
                    return data

    async def js(self, expression: str):
        res = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise AssertionError(f"JS error in {expression!r}: {res['exceptionDetails']}")
        return res["result"].get("value")

    async def click(self, selector: str) -> None:
        box = await self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@pytest.fixture()
def chromium(tmp_path):
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--mute-audio",
        f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--window-size=1280,1600", "about:blank",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    url = None
    deadline = time.monotonic() + 90
    lines = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        lines.append(line)
        m = re.search(r"DevTools listening on (ws://\S+)", line)
        if m:
            url = m.group(1)
            break
    if url is None:
        proc.kill()
        pytest.fail("chromium did not start: " + "".join(lines)[-2000:])
    yield url
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _page_ws(browser_ws: str) -> str:
    import urllib.request

    port = re.search(r":(\d+)/", browser_ws).group(1)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as r:
        targets = json.loads(r.read())
    pages = [t for t in targets if t.get("type") == "page"]
    assert pages, targets
    return pages[0]["webSocketDebuggerUrl"]


def test_report_in_headless_chromium(chromium, tmp_path):
    dump = tmp_path / "wiki.xml"
    write_dump(dump, corpus_pages(subset(40)))
    report = tmp_path / "report.html"
    r = subprocess.run(
        [sys.executable, "-m", "wikilint", "scan", "--isolated", "-q", str(dump), "-o", str(tmp_path / "o.jsonl"), "--html", str(report)],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr
    shot = tmp_path / "report.png"

    async def drive() -> dict:
        dt = await DevTools.connect(_page_ws(chromium))
        for domain in ("Page", "Runtime", "Log", "Network"):
            await dt.call(f"{domain}.enable")
        await dt.call("Page.navigate", url=report.as_uri())
        await dt.wait_event("Page.loadEventFired", timeout=60)
        out: dict = {}
        out["ready"] = await dt.js("document.documentElement.getAttribute('data-ready')")
        out["bars"] = await dt.js("document.querySelectorAll('#chart-rules rect.bar').length")
        out["bar_width"] = await dt.js("document.querySelector('#chart-rules rect.bar').getBBox().width")
        out["bar_fill"] = await dt.js("getComputedStyle(document.querySelector('#chart-rules rect.bar')).fill")
        out["chart_box"] = await dt.js("(() => { const r = document.querySelector('#chart-rules').getBoundingClientRect(); return [r.width, r.height]; })()")
        # The worklist with the most rows: open it, click "Problems" twice.
        code = await dt.js(
            "(() => { let best = null, n = -1; document.querySelectorAll('table.worklist').forEach(t => {"
            " if (t.tBodies[0].rows.length > n) { n = t.tBodies[0].rows.length; best = t.dataset.rule; } }); return best; })()"
        )
        out["rule"] = code
        await dt.js(f"document.getElementById('rule-{code}').open = true")
        col = f"table.worklist[data-rule='{code}']"
        read = f"Array.from(document.querySelectorAll(\"{col} tbody tr\")).map(r => parseInt(r.cells[2].textContent))"
        out["before"] = await dt.js(read)
        await dt.click(f"{col} thead th:nth-child(3)")
        out["asc"] = await dt.js(read)
        await dt.click(f"{col} thead th:nth-child(3)")
        out["desc"] = await dt.js(read)
        out["titles_before"] = await dt.js(f"Array.from(document.querySelectorAll(\"{col} tbody tr\")).map(r => r.cells[0].textContent)")
        await dt.click(f"{col} thead th:nth-child(1)")
        out["titles_sorted"] = await dt.js(f"Array.from(document.querySelectorAll(\"{col} tbody tr\")).map(r => r.cells[0].textContent)")
        out["link"] = await dt.js(f"document.querySelector(\"{col} tbody a\").href")
        await dt.js("window.scrollTo(0, 0)")
        await dt.call("Emulation.setDeviceMetricsOverride", width=1280, height=1600, deviceScaleFactor=1, mobile=False)
        png = await dt.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        shot.write_bytes(base64.b64decode(png["data"]))
        out["events"] = dt.events
        dt.ws.close()
        return out

    out = asyncio.run(asyncio.wait_for(drive(), 300))
    print(f"screenshot: {shot}")
    events = out["events"]
    console_errors = [
        e for e in events
        if (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
        or e["method"] == "Runtime.exceptionThrown"
        or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]
    assert console_errors == []
    requests = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert requests and all(u.startswith(("file:", "data:")) for u in requests), requests
    assert out["ready"] == "1"
    assert out["bars"] >= 3 and out["bar_width"] > 1
    assert out["bar_fill"] in ("rgb(192, 57, 43)", "rgb(214, 137, 16)")
    assert out["chart_box"][0] > 300 and out["chart_box"][1] > 50
    assert len(out["before"]) >= 3
    assert out["asc"] == sorted(out["before"]) and out["desc"] == sorted(out["before"], reverse=True)
    assert out["asc"] != out["desc"]
    assert out["titles_sorted"] == sorted(out["titles_before"], key=str.lower)
    assert out["link"].startswith("https://en.wikipedia.org/wiki/")
    assert shot.stat().st_size > 10_000
