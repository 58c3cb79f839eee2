"""A real editor: headless Neovim (Debian's ``neovim`` package) starts ``wikilint server`` with
its built-in LSP client (tests/nvim/init.lua, the configuration docs/editors.md shows), opens
the English example page, waits for the diagnostics and writes them as JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lsp_helpers import EN, ROOT

INIT = ROOT / "tests" / "nvim" / "init.lua"
NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim; .ci/setup.d/30-neovim.sh)")
def test_neovim_shows_the_four_undefined_references(tmp_path: Path):
    out = tmp_path / "diagnostics.json"
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        WIKILINT_NVIM_OUT=str(out),
        WIKILINT_SERVER_CMD=json.dumps([sys.executable, "-m", "wikilint", "server"]),
    )
    proc = subprocess.run(
        [NVIM, "--headless", "-n", "-i", "NONE", "-u", str(INIT), str(EN)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["ok"] is True
    diags = result["diagnostics"]
    undefined = [d for d in diags if d["code"] == "WL501"]
    names = [d["message"].split('"')[1] for d in undefined]
    assert names == ["senior", "bolster", "qoussair", "killingandwounding"]
    assert all(d["source"] == "wikilint" and d["severity"] == 1 for d in undefined)  # 1 = ERROR
    # Neovim counts columns in bytes: each one points at the ref tag that uses the name
    lines = EN.read_text(encoding="utf-8").split("\n")
    for d, name in zip(undefined, names):
        line = lines[d["lnum"]].encode("utf-8")
        assert line[d["col"] : d["end_col"]].decode("utf-8") == f'<ref name="{name}" />'
    assert sorted(d["code"] for d in diags) == ["WL501"] * 4 + ["WL502", "WL601"]
