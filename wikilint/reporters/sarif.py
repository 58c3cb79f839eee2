"""SARIF 2.1.0 (GitHub code scanning and other CI viewers), built by hand as plain dicts.

* ``run.columnKind`` is ``unicodeCodePoints``: columns count Python ``str`` code points (SARIF
  §3.14.27 requires the property whenever text results are present; ruff and SQLFluff omit it).
* ``tool.driver.rules`` carries each reported rule's metadata: name, short and full
  description, Markdown and plain help (the rule's documentation), default level.
* Relative paths are ``artifactLocation.uri`` relative to ``%SRCROOT%`` (the working directory);
  absolute paths become ``file://`` URIs.
* ``endColumn`` is exclusive, as SARIF defines it. Fixes are included as ``fixes`` with
  line/column replacement regions.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model import Applicability, Severity
from . import LineIndex, ReportContext, source_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/wikilint/"


def _level(sev: Severity) -> str:
    return "error" if sev is Severity.ERROR else "warning"


def artifact_location(path: str | None) -> dict[str, Any]:
    if not path or path == "-":
        return {"uri": "stdin"}
    p = Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    posix = PurePosixPath(p.as_posix()).as_posix()
    if posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": "%SRCROOT%"}


def rule_descriptor(cls: Any) -> dict[str, Any]:
    from ..docs import render_rule

    sections = cls.doc_sections()
    what = sections.get("What it does", "").strip() or cls.get_summary()
    markdown = render_rule(cls)
    desc: dict[str, Any] = {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": cls.get_summary()},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": markdown, "markdown": markdown},
        "defaultConfiguration": {"level": _level(cls.severity)},
        "properties": {
            "tags": [cls.code[:3] + "xx"] + list(getattr(cls, "mw_keys", ()) or ()) + list(getattr(cls, "lint_types", ()) or ()),
            "fix": cls.fix_availability.value,
        },
    }
    return desc


def _region(index: LineIndex | None, start: int, end: int) -> dict[str, int]:
    assert index is not None
    l1, c1 = index.line_col(start)
    l2, c2 = index.line_col(end)
    return {"startLine": l1, "startColumn": c1, "endLine": l2, "endColumn": c2}


def _result(d: Any, rule_index: int | None, index: LineIndex | None) -> dict[str, Any]:
    region = {
        "startLine": max(1, d.line),
        "startColumn": max(1, d.column),
        "endLine": max(1, d.end_line),
        "endColumn": max(1, d.end_column),
    }
    res: dict[str, Any] = {
        "ruleId": d.code,
        "level": _level(d.severity),
        "message": {"text": d.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": artifact_location(d.path), "region": region}}
        ],
    }
    if rule_index is not None:
        res["ruleIndex"] = rule_index
    related = [
        {
            "id": i,
            "message": {"text": r.message},
            "physicalLocation": {
                "artifactLocation": artifact_location(d.path),
                "region": {"startLine": max(1, r.line), "startColumn": max(1, r.column)},
            },
        }
        for i, r in enumerate(d.related)
        if r.line
    ]
    if related:
        res["relatedLocations"] = related
    if d.fix is not None and d.fix.edits and index is not None and d.fix.applicability >= Applicability.UNSAFE:
        res["fixes"] = [
            {
                "description": {"text": d.fix.title},
                "artifactChanges": [
                    {
                        "artifactLocation": artifact_location(d.path),
                        "replacements": [
                            {
                                "deletedRegion": _region(index, e.start, e.end),
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    props: dict[str, Any] = {"name": d.name}
    if d.fix is not None:
        props["fixApplicability"] = d.fix.applicability.label
    if d.mw_key:
        props["mwKey"] = d.mw_key
    if d.lint_type:
        props["lintType"] = d.lint_type
    res["properties"] = props
    return res


def to_sarif(results: Sequence[Any], ctx: ReportContext) -> dict[str, Any]:
    registry = ctx.registry
    codes = sorted({d.code for r in results for d in r.diagnostics})
    rules = []
    rule_index: dict[str, int] = {}
    for code in codes:
        cls = registry.get(code) if registry is not None else None
        if cls is None:
            continue
        rule_index[code] = len(rules)
        rules.append(rule_descriptor(cls))
    out_results = []
    for r in results:
        index = None
        if r.diagnostics:
            text = source_text(r)
            index = LineIndex(text)
        for d in r.diagnostics:
            out_results.append(_result(d, rule_index.get(d.code), index))
    cwd = Path(os.getcwd())
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "wikilint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"uri": cwd.as_uri().rstrip("/") + "/"}},
        "invocations": [
            {
                "executionSuccessful": not any(getattr(r, "error", None) for r in results),
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": r.error}} for r in results if getattr(r, "error", None)
                ],
            }
        ],
        "results": out_results,
    }
    if not run["invocations"][0]["toolExecutionNotifications"]:
        del run["invocations"][0]["toolExecutionNotifications"]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results: Sequence[Any], ctx: ReportContext) -> str:
    return json.dumps(to_sarif(results, ctx), ensure_ascii=False, indent=2) + "\n"
