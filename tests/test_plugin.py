"""A third-party rule package installed with pip is discovered through its entry point and runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wikilint.registry import Registry, RegistryError
from wikilint.rule import Rule

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "plugin"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory):
    target = tmp_path_factory.mktemp("plugin-site")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(PLUGIN)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"could not pip-install the example plugin: {proc.stderr.strip().splitlines()[-1:]}")
    return target


def _run(args, site, **kw):
    env = dict(os.environ, PYTHONPATH=str(site), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "wikilint", *args], capture_output=True, text=True, env=env, **kw)


def test_installed_plugin_rule_is_listed_and_runs(plugin_site, tmp_path):
    listed = _run(["rules"], plugin_site)
    assert listed.returncode == 0, listed.stderr
    assert "EXM100" in listed.stdout and "html-bold-tag" in listed.stdout
    page = tmp_path / "p.wiki"
    page.write_text("A <b>bold</b> word.\n", encoding="utf-8")
    res = _run(["check", "--select", "EXM100", str(page)], plugin_site)
    assert "EXM100" in res.stdout and "1:3" in res.stdout, res.stdout + res.stderr
    fixed = _run(["fix", "--select", "html-bold-tag", str(page)], plugin_site)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert page.read_text(encoding="utf-8") == "A '''bold''' word.\n"


def test_plugin_not_visible_without_install():
    res = subprocess.run([sys.executable, "-m", "wikilint", "rules"], capture_output=True, text=True)
    assert res.returncode == 0
    assert "EXM100" not in res.stdout


class _Dup(Rule):
    """Dup.

    ## What it does
    x
    """

    code = "WL601"
    name = "some-other-name"

    def check(self, doc):
        return iter(())


def test_registry_refuses_duplicate_codes_and_wl_prefix_for_plugins():
    from wikilint.registry import get_registry

    reg = Registry()
    reg.add(get_registry().get("WL601"))
    with pytest.raises(RegistryError, match="duplicate rule code WL601"):
        reg.add(_Dup)

    class Plug(_Dup):
        """Plug.

        ## What it does
        x
        """

        code = "WL999"
        name = "plug"

    with pytest.raises(RegistryError, match="reserved WL prefix"):
        Registry().add(Plug, "some-plugin")
