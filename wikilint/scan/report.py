"""What a scan found, summed up: totals, counts per rule and per severity, and per rule a
worklist of pages (like CheckWiki's lists). Rendered as a per-rule summary for the terminal and
as one self-contained HTML file (inline CSS, inline script, an inline SVG chart; no network).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

__all__ = ["Aggregate", "RuleStats", "render_html", "render_summary", "page_url"]


@dataclass
class RuleStats:
    code: str
    name: str
    severity: str
    count: int = 0
    pages: int = 0
    fixable: int = 0
    # (title, namespace, page_id, count, first message, first line)
    rows: list[tuple[str, int, int | None, int, str, int]] = field(default_factory=list)
    truncated: int = 0


class Aggregate:
    """Built from the JSON lines of a scan, one page at a time (memory: the kept rows)."""

    def __init__(self, siteinfo: dict[str, Any], site: str, max_rows: int = 5000) -> None:
        self.siteinfo = siteinfo
        self.site = site
        self.max_rows = max_rows
        self.rules: dict[str, RuleStats] = {}
        self.pages_seen = 0
        self.pages_linted = 0
        self.pages_with_problems = 0
        self.text_bytes = 0
        self.diagnostics = 0
        self.errors = 0
        self.warnings = 0
        self.page_errors = 0

    def add_line(self, line: str, count_page: bool = True) -> None:
        if not line.strip():
            return
        page = json.loads(line)
        self.add_page(page)

    def add_page(self, page: dict[str, Any]) -> None:
        diags = page.get("diagnostics", [])
        if page.get("error"):
            self.page_errors += 1
        if not diags:
            return
        self.pages_with_problems += 1
        per: dict[str, list[dict[str, Any]]] = {}
        for d in diags:
            per.setdefault(d["code"], []).append(d)
            self.diagnostics += 1
            if d["severity"] == "error":
                self.errors += 1
            else:
                self.warnings += 1
        for code, items in per.items():
            first = items[0]
            st = self.rules.get(code)
            if st is None:
                st = self.rules[code] = RuleStats(code, first["name"], first["severity"])
            st.count += len(items)
            st.pages += 1
            st.fixable += sum(1 for d in items if d.get("fix_available"))
            if len(st.rows) < self.max_rows:
                st.rows.append(
                    (page["title"], page.get("namespace", 0), page.get("page_id"), len(items), first["message"], first["line"])
                )
            else:
                st.truncated += 1

    def sorted_rules(self) -> list[RuleStats]:
        return sorted(self.rules.values(), key=lambda r: (-r.count, r.code))


def page_url(siteinfo: dict[str, Any], title: str) -> str | None:
    """The page's URL on its wiki, MediaWiki style (spaces as underscores, percent-encoded)."""
    server = siteinfo.get("server")
    if not server:
        return None
    path = siteinfo.get("article_path") or "/wiki/$1"
    encoded = quote(title.replace(" ", "_"), safe=";@$!*(),/~:")
    return server + path.replace("$1", encoded)


def render_summary(agg: Aggregate, seconds: float, workers: int) -> str:
    rows = agg.sorted_rules()
    lines = []
    width = max((len(str(r.count)) for r in rows), default=1)
    for r in rows:
        lines.append(f"{r.count:>{width}}\t{r.code}\t{r.name}\t({r.pages} pages)")
    rate = agg.pages_linted / seconds if seconds > 0 else 0.0
    mbs = agg.text_bytes / 1e6 / seconds if seconds > 0 else 0.0
    lines.append(
        f"Scanned {agg.pages_linted} pages ({agg.pages_seen} read), {agg.pages_with_problems} with problems, "
        f"{agg.diagnostics} problems ({agg.errors} errors, {agg.warnings} warnings) "
        f"in {seconds:.1f} s: {rate:.1f} pages/s, {mbs:.2f} MB/s of wikitext, {workers} worker(s)."
    )
    return "\n".join(lines) + "\n"


_CSS = """
:root{--err:#c0392b;--warn:#d68910;--ink:#202122;--muted:#54595d;--line:#c8ccd1;--bg:#f8f9fa}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fff}
header{background:var(--bg);border-bottom:1px solid var(--line);padding:16px 24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:16px;margin:0}
main{padding:0 24px 40px;max-width:1200px}
.totals{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:130px;background:#fff}
.card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:13px}
svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
.bar-error{fill:var(--err)}.bar-warning{fill:var(--warn)}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.num,th.num{text-align:right}
details.rule{border:1px solid var(--line);border-radius:6px;margin:10px 0;padding:8px 12px}
details.rule summary{cursor:pointer}.sev{font-size:12px;padding:1px 6px;border-radius:8px;color:#fff}
.sev-error{background:var(--err)}.sev-warning{background:var(--warn)}
.muted{color:var(--muted);font-size:13px}
"""

_JS = """
(function(){
  function key(td, num){ var v = td.getAttribute('data-v'); if (v === null) v = td.textContent; return num ? parseFloat(v) || 0 : v.toLowerCase(); }
  function sortTable(th){
    var table = th.closest('table'), tbody = table.tBodies[0];
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var num = th.classList.contains('num');
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    Array.prototype.forEach.call(th.parentNode.children, function(h){ h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function(a, b){
      var x = key(a.cells[idx], num), y = key(b.cells[idx], num);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach(function(r){ tbody.appendChild(r); });
  }
  document.querySelectorAll('table.sortable th').forEach(function(th){
    th.addEventListener('click', function(){ sortTable(th); });
  });
  window.wikilintSort = sortTable;
  document.documentElement.setAttribute('data-ready', '1');
})();
"""


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _chart(rules: list[RuleStats]) -> str:
    """A horizontal bar chart of problems per rule, coloured by severity (inline SVG)."""
    if not rules:
        return '<p class="muted">No problems found.</p>'
    top = rules[:30]
    biggest = max(r.count for r in top) or 1
    label_w, bar_w, row_h = 300, 560, 22
    height = row_h * len(top) + 10
    parts = [
        f'<svg id="chart-rules" role="img" aria-label="Problems per rule" width="{label_w + bar_w + 80}" '
        f'height="{height}" viewBox="0 0 {label_w + bar_w + 80} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, r in enumerate(top):
        y = i * row_h + 4
        w = max(1, round(bar_w * r.count / biggest))
        label = html.escape(f"{r.code} {r.name}")
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{label}</text>')
        parts.append(
            f'<rect class="bar bar-{r.severity}" x="{label_w}" y="{y}" width="{w}" height="{row_h - 6}" rx="2">'
            f"<title>{label}: {r.count}</title></rect>"
        )
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 14}">{r.count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _severity_chart(agg: Aggregate) -> str:
    total = agg.errors + agg.warnings
    if not total:
        return ""
    w = 600
    ew = round(w * agg.errors / total)
    return (
        f'<svg id="chart-severity" role="img" aria-label="Problems per priority" width="{w + 10}" height="46" '
        f'viewBox="0 0 {w + 10} 46" xmlns="http://www.w3.org/2000/svg">'
        f'<rect class="bar-error" x="0" y="0" width="{ew}" height="20"><title>errors: {agg.errors}</title></rect>'
        f'<rect class="bar-warning" x="{ew}" y="0" width="{w - ew}" height="20"><title>warnings: {agg.warnings}</title></rect>'
        f'<text x="0" y="38">errors (readers see something broken): {agg.errors}</text>'
        f'<text x="{w}" y="38" text-anchor="end">warnings: {agg.warnings}</text></svg>'
    )


def render_html(agg: Aggregate, seconds: float | None = None, title: str | None = None) -> str:
    si = agg.siteinfo
    name = si.get("sitename") or si.get("dbname") or "wiki"
    heading = title or f"wikilint scan of {name}"
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(heading)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{e(heading)}</h1>",
        f'<div class="muted">dbname {e(str(si.get("dbname") or "?"))} · language {e(str(si.get("lang") or "?"))}'
        f" · site profile {e(agg.site)}" + (f" · {seconds:.0f} s" if seconds else "") + "</div></header><main>",
        '<section class="totals" id="totals">',
    ]
    for label, value in (
        ("pages scanned", agg.pages_linted),
        ("pages with problems", agg.pages_with_problems),
        ("problems", agg.diagnostics),
        ("errors", agg.errors),
        ("warnings", agg.warnings),
        ("rules triggered", len(agg.rules)),
    ):
        out.append(f'<div class="card"><b>{value:,}</b><span>{e(label)}</span></div>')
    out.append("</section>")
    rules = agg.sorted_rules()
    out.append("<h2>Problems per rule</h2>")
    out.append(_chart(rules))
    out.append("<h2>Problems per priority</h2>")
    out.append(_severity_chart(agg) or '<p class="muted">No problems found.</p>')
    out.append("<h2>Rules</h2>")
    out.append('<table class="sortable" id="rules"><thead><tr><th>Code</th><th>Name</th><th>Severity</th>'
               '<th class="num">Problems</th><th class="num">Pages</th><th class="num">Fixable</th></tr></thead><tbody>')
    for r in rules:
        out.append(
            f'<tr><td><a href="#rule-{e(r.code)}">{e(r.code)}</a></td><td>{e(r.name)}</td><td>{e(r.severity)}</td>'
            f'<td class="num">{r.count}</td><td class="num">{r.pages}</td><td class="num">{r.fixable}</td></tr>'
        )
    out.append("</tbody></table>")
    out.append("<h2>Worklists</h2>")
    for r in rules:
        out.append(
            f'<details class="rule" id="rule-{e(r.code)}"><summary><h3 style="display:inline">{e(r.code)} {e(r.name)}</h3> '
            f'<span class="sev sev-{e(r.severity)}">{e(r.severity)}</span> '
            f'<span class="muted">{_n(r.count, "problem")} on {_n(r.pages, "page")}</span></summary>'
        )
        if r.truncated:
            out.append(f'<p class="muted">The first {len(r.rows)} pages are listed; {r.truncated} more are in the JSON Lines output.</p>')
        out.append(
            f'<table class="sortable worklist" data-rule="{e(r.code)}"><thead><tr><th>Page</th><th class="num">NS</th>'
            '<th class="num">Problems</th><th>First message</th><th class="num">Line</th></tr></thead><tbody>'
        )
        for title_, ns, _pid, count, message, line in r.rows:
            url = page_url(si, title_)
            cell = f'<a href="{e(url)}">{e(title_)}</a>' if url else e(title_)
            out.append(
                f'<tr><td data-v="{e(title_)}">{cell}</td><td class="num">{ns}</td><td class="num">{count}</td>'
                f'<td>{e(message)}</td><td class="num">{line}</td></tr>'
            )
        out.append("</tbody></table></details>")
    out.append(f"</main><script>{_JS}</script></body></html>\n")
    return "\n".join(out)
