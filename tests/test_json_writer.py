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
