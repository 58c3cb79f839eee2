"""The JSON reporter writes its indented output itself (the json module's indented path is pure
Python): it must be byte-identical to ``json.dumps(..., ensure_ascii=False, indent=2)``."""

from __future__ import annotations

import json

import pytest
from corpus import corpus_files, read_page

from wikilint import Linter, LintSettings
from wikilint.reporters import ReportContext
from wikilint.reporters.json_ import diagnostic_dict, render
from wikilint.runner import FileResult

VALUES = [
    [],
    {},
    [{}, [], [[]]],
    {"a": [1, -2, 10**30, {"b": None, "c": True, "d": False}], "e": 'q"\\\n\t\u00e9\u2028\x00\U0001f600'},
    {"float": 1.5, "nan": float("nan")},  # floats: handed to the json module
    {1: "int key", None: "none key"},  # non-string keys: handed to the json module
    ("tuple", ("nested",)),
]


class _Fake:
    def __init__(self, value):
        self.diagnostics = [value]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_writer_matches_json_dumps(value, monkeypatch):
    import wikilint.reporters.json_ as mod

    monkeypatch.setattr(mod, "diagnostic_dict", lambda d: d)
    got = render([_Fake(value)], ReportContext(registry=None))
    assert got == json.dumps([value], ensure_ascii=False, indent=2) + "\n"


def test_reporter_output_matches_json_dumps_on_corpus_pages():
    files = corpus_files()[::40]
    if not files:
        pytest.skip("corpus not available")
    linter = Linter(LintSettings())
    results = [FileResult(path=str(f), diagnostics=linter.lint(read_page(f), str(f))) for f in files]
    items = [diagnostic_dict(d) for r in results for d in r.diagnostics]
    assert len(items) > 50
    assert render(results, ReportContext(registry=linter.registry)) == json.dumps(
        items, ensure_ascii=False, indent=2
    ) + "\n"


def test_stream_writes_many_edit_fixes_as_json_dumps_does():
    """The streamed report writes a fix's edits without a dict per edit: the same bytes."""
    from wikilint.model import Diagnostic, Edit, Fix
    from wikilint.reporters.json_ import Stream

    edits = [Edit(i * 10, i * 10 + 3, "" if i % 3 else 'q"\\\n\u00e9\U0001f600') for i in range(50)]
    with_fix = Diagnostic(
        code="WL515", name="x", message="m", start=0, end=3, line=1, column=1, end_line=1, end_column=4,
        fix=Fix.safe("Merge", *edits), path="p.wiki",
    )
    no_edits = Diagnostic(
        code="WL515", name="x", message="m", start=0, end=3, line=1, column=1, end_line=1, end_column=4,
        fix=Fix("Nothing", ()), path="p.wiki",
    )
    plain = Diagnostic(code="WL501", name="y", message="n", start=5, end=6, line=1, column=6, end_line=1, end_column=7)
    result = _Fake(with_fix)
    result.diagnostics = [with_fix, no_edits, plain]
    stream = Stream(ReportContext(registry=None))
    got = stream.add(result) + stream.end()
    expected = [diagnostic_dict(d) for d in result.diagnostics]
    assert len(expected[0]["fix"]["edits"]) == 50
    assert got == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert got == render([result], ReportContext(registry=None))
