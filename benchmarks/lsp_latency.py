"""Diagnostics latency of ``wikilint server`` after an edit, as an editor sees it.

    python benchmarks/lsp_latency.py [PAGE ...] [--edits N] [--debounce-ms MS]

Starts the server as a subprocess (like an editor does), opens each page, then types N
single-character edits one at a time at spread-out places of the page (as incremental
``textDocument/didChange``), and measures the wall time from sending each change to receiving
``textDocument/publishDiagnostics`` for that version. Reported: median, 90th percentile and
maximum, with the server's debounce as given (default 0: the pure cost of re-linting; an editor
adds its debounce, 150 ms by default, on top). Also reported: the CPU time of one analysis of the
page in this process (``cpu s``), and the CPU time the server process used per edit (``srv cpu``:
parsing the message, applying the change, linting, answering); other programs on a busy machine
cannot inflate these the way they inflate wall time.

Default pages, from the real corpus (``../shared/corpora/pages``): the largest page (el/Αυστρία,
600 KB of UTF-8) and a typical 50 KB page (en/Accessibility).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "pages"
DEFAULT = [PAGES / "el" / "Αυστρία.wiki", PAGES / "en" / "Accessibility.wiki"]


async def measure(page: Path, edits: int, debounce_ms: int) -> dict:
    text = page.read_bytes().decode("utf-8")
    client = LanguageClient("lsp-latency", "1")
    versions: dict[int, float] = {}
    waiters: dict[int, asyncio.Future] = {}
    counts: dict[int, int] = {}

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: t.PublishDiagnosticsParams) -> None:
        v = params.version or 0
        versions[v] = time.perf_counter()
        counts[v] = len(params.diagnostics)
        fut = waiters.get(v)
        if fut is not None and not fut.done():
            fut.set_result(None)

    await client.start_io(sys.executable, "-m", "wikilint", "server")
    uri = page.resolve().as_uri()
    try:
        await client.initialize_async(
            t.InitializeParams(capabilities=t.ClientCapabilities(), initialization_options={"debounceMs": debounce_ms})
        )
        client.initialized(t.InitializedParams())
        loop = asyncio.get_running_loop()
        waiters[1] = loop.create_future()
        t0 = time.perf_counter()
        client.text_document_did_open(
            t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(uri=uri, language_id="wikitext", version=1, text=text))
        )
        await asyncio.wait_for(waiters[1], 120)
        first = versions[1] - t0
        lines = text.split("\n")
        times = []
        pid = client._server.pid if getattr(client, "_server", None) is not None else None
        cpu0 = process_cpu(pid) if pid else None
        for i in range(edits):
            v = i + 2
            line = (len(lines) * (i + 1)) // (edits + 1)
            pos = t.Position(line=line, character=0)
            waiters[v] = loop.create_future()
            start = time.perf_counter()
            client.text_document_did_change(
                t.DidChangeTextDocumentParams(
                    text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=v),
                    content_changes=[t.TextDocumentContentChangePartial(range=t.Range(start=pos, end=pos), text=" ")],
                )
            )
            await asyncio.wait_for(waiters[v], 120)
            times.append(versions[v] - start)
        cpu1 = process_cpu(pid) if pid else None
        server_cpu = (cpu1 - cpu0) / edits if cpu0 is not None and cpu1 is not None else float("nan")
    finally:
        try:
            await asyncio.wait_for(client.shutdown_async(None), 10)
            client.exit(None)
        except Exception:  # noqa: BLE001
            pass
        await client.stop()
    return {
        "page": f"{page.parent.name}/{page.name}",
        "bytes": len(text.encode("utf-8")),
        "chars": len(text),
        "diagnostics": counts.get(1, 0),
        "open": first,
        "median": statistics.median(times),
        "p90": sorted(times)[max(0, int(len(times) * 0.9) - 1)],
        "max": max(times),
        "server_cpu": server_cpu,
    }


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far (Linux /proc), or None."""
    import os

    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def cpu_per_analysis(page: Path, repeat: int = 5) -> float:
    """Median thread CPU time of the server's analysis of *page* (in this process)."""
    from wikilint.server.lsp import WikilintServer

    server = WikilintServer()
    server.log = lambda *a, **k: None  # type: ignore[method-assign]
    text = page.read_bytes().decode("utf-8")
    uri = page.resolve().as_uri()
    server.analyze(uri, text, 0)  # warm: rules loaded, linter built
    times = []
    for i in range(repeat):
        edited = text[: len(text) // 2] + " " * (i + 1) + text[len(text) // 2 :]
        start = time.thread_time()
        server.analyze(uri, edited, i + 1)
        times.append(time.thread_time() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*", type=Path)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--debounce-ms", type=int, default=0)
    args = ap.parse_args()
    pages = args.pages or DEFAULT
    missing = [p for p in pages if not p.is_file()]
    if missing:
        sys.exit(f"lsp_latency: error: {missing[0]}: no such page (the corpus is in ../shared/corpora/pages)")
    print(
        f"{'page':<28} {'KB':>6} {'diags':>5} {'open s':>7} {'median s':>9} {'p90 s':>7} {'max s':>7} {'srv cpu':>8} {'cpu s':>7}"
        f"   (debounce {args.debounce_ms} ms, {args.edits} edits)"
    )
    for page in pages:
        r = asyncio.run(measure(page, args.edits, args.debounce_ms))
        print(
            f"{r['page'][:28]:<28} {r['bytes'] / 1000:>6.0f} {r['diagnostics']:>5} {r['open']:>7.3f} "
            f"{r['median']:>9.3f} {r['p90']:>7.3f} {r['max']:>7.3f} {r['server_cpu']:>8.3f} {cpu_per_analysis(page):>7.3f}"
        )


if __name__ == "__main__":
    main()
