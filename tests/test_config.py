"""Configuration: discovery (nearest wins, precedence in one directory), keys, per-rule severity
and options, excludes with --force-exclude, --config and --isolated, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wikilint.cli import app
from wikilint.config import ConfigCache, ConfigError, find_config, load_config
from wikilint.registry import get_registry

WARN = "[http://x.example/ x]{{dead link|date=May 2020}}\n"  # WL601, warning by default
ERROR = "A sentence.\n<!-- wikilint-disabel -->\n"  # WL004, error by default
FIXABLE = "A sentence. <!-- wikilint-disable-line -->\n"  # WL003, safe fix


@pytest.fixture(autouse=True)
def _cwd(monkeypatch, tmp_path):
    monkeypatch.delenv("WIKILINT_OUTPUT_FORMAT", raising=False)
    monkeypatch.chdir(tmp_path)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str):
    return CliRunner().invoke(app, ["check", *args])


def codes(result) -> list[str]:
    return [d["code"] for d in json.loads(result.stdout)]


# ------------------------------------------------------------------------------ discovery
def test_nearest_config_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.wikilint]\nselect = ["WL601"]\n')
    write(tmp_path / "sub" / "wikilint.toml", 'select = ["WL004"]\n')
    top = write(tmp_path / "top.wiki", WARN + ERROR)
    sub = write(tmp_path / "sub" / "deep" / "p.wiki", WARN + ERROR)
    assert codes(check("--output-format", "json", str(top))) == ["WL601"]
    assert codes(check("--output-format", "json", str(sub))) == ["WL004"]
    # both in one run: each file gets its own configuration
    r = check("--output-format", "json", str(tmp_path))
    assert sorted((Path(d["file"]).name, d["code"]) for d in json.loads(r.stdout)) == [
        ("p.wiki", "WL004"),
        ("top.wiki", "WL601"),
    ]


def test_precedence_in_one_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.wikilint]\nselect = ["WL601"]\n')
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / "wikilint.toml", 'select = ["WL004"]\n')
    assert find_config(tmp_path) == tmp_path / "wikilint.toml"
    write(tmp_path / ".wikilint.toml", 'select = ["WL003"]\n')
    assert find_config(tmp_path / "x.wiki") == tmp_path / ".wikilint.toml"


def test_pyproject_without_our_table_is_skipped(tmp_path):
    write(tmp_path / "wikilint.toml", 'select = ["WL601"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.black]\nline-length = 88\n')
    assert find_config(tmp_path / "sub") == tmp_path / "wikilint.toml"


def test_config_option_and_isolated(tmp_path):
    write(tmp_path / "wikilint.toml", 'select = ["WL601"]\n')
    other = write(tmp_path / "elsewhere" / "custom.toml", 'select = ["WL004"]\n')
    f = write(tmp_path / "a.wiki", WARN + ERROR)
    assert codes(check("--output-format", "json", str(f))) == ["WL601"]
    assert codes(check("--output-format", "json", "--config", str(other), str(f))) == ["WL004"]
    assert sorted(codes(check("--output-format", "json", "--isolated", str(f)))) == ["WL004", "WL601"]


def test_command_line_select_overrides_config(tmp_path):
    write(tmp_path / "wikilint.toml", 'select = ["WL601"]\nextend-select = ["WL004"]\n')
    f = write(tmp_path / "a.wiki", WARN + ERROR)
    assert sorted(codes(check("--output-format", "json", str(f)))) == ["WL004", "WL601"]
    assert codes(check("--output-format", "json", "--select", "WL004", str(f))) == ["WL004"]
    assert codes(check("--output-format", "json", "--ignore", "WL004", str(f))) == ["WL601"]


# ------------------------------------------------------------------------------ keys
def test_per_rule_severity_changes_the_exit_code(tmp_path):
    f = write(tmp_path / "a.wiki", WARN)
    assert check(str(f)).exit_code == 0
    write(tmp_path / "pyproject.toml", '[tool.wikilint.rules.WL601]\nseverity = "error"\n')
    r = check(str(f))
    assert r.exit_code == 1 and "WL601 Dead link" in r.stdout  # no "warning" label now
    write(tmp_path / "pyproject.toml", '[tool.wikilint.rules]\ninvalid-suppression = "warning"\n')
    e = write(tmp_path / "e.wiki", ERROR)
    r = check(str(e))
    assert r.exit_code == 0 and "WL004 warning" in r.stdout


def test_severity_by_prefix_and_max_warnings_key(tmp_path):
    write(tmp_path / "wikilint.toml", 'max-warnings = 0\n[rules.WL0]\nseverity = "warning"\n')
    e = write(tmp_path / "e.wiki", ERROR)
    r = check(str(e))
    assert "WL004 warning" in r.stdout and r.exit_code == 1  # a warning, but over max-warnings


def test_per_file_ignores_and_output_format(tmp_path):
    write(tmp_path / "wikilint.toml", 'output-format = "json"\n[per-file-ignores]\n"drafts/*.wiki" = ["dead-link"]\n')
    d = write(tmp_path / "drafts" / "d.wiki", WARN)
    a = write(tmp_path / "a.wiki", WARN)
    assert codes(check(str(d))) == []
    assert codes(check(str(a))) == ["WL601"]


def test_unsafe_fixes_key(tmp_path):
    # No built-in rule of this issue has an unsafe fix; the key must at least parse and flow.
    write(tmp_path / "wikilint.toml", "unsafe-fixes = true\n")
    cfg = ConfigCache().for_path(tmp_path / "a.wiki")
    assert cfg.unsafe_fixes is True


def test_exclude_extend_exclude_and_force_exclude(tmp_path):
    write(tmp_path / "wikilint.toml", 'extend-exclude = ["generated", "*.draft.wiki"]\n')
    gen = write(tmp_path / "generated" / "g.wiki", ERROR)
    draft = write(tmp_path / "x.draft.wiki", ERROR)
    ok = write(tmp_path / "ok.wiki", "Clean.\n")
    # directories: excluded files are skipped
    assert check(str(tmp_path)).exit_code == 0
    # named explicitly: checked, unless --force-exclude (what pre-commit uses)
    assert check(str(gen)).exit_code == 1
    assert check(str(draft)).exit_code == 1
    r = check("--force-exclude", str(gen), str(draft), str(ok))
    assert r.exit_code == 0, r.output
    # .git and the like are excluded by default
    write(tmp_path / ".git" / "x.wiki", ERROR)
    assert check(str(tmp_path)).exit_code == 0


def test_force_exclude_applies_to_stdin_filename(tmp_path):
    write(tmp_path / "wikilint.toml", 'exclude = ["drafts"]\n')
    r = CliRunner().invoke(app, ["check", "--force-exclude", "--stdin-filename", "drafts/a.wiki", "-"], input=ERROR)
    assert r.exit_code == 0
    r = CliRunner().invoke(app, ["check", "--stdin-filename", "drafts/a.wiki", "-"], input=ERROR)
    assert r.exit_code == 1


def test_rule_options_are_checked(tmp_path):
    write(tmp_path / "wikilint.toml", '[rules.WL601]\nno-such-option = 1\n')
    f = write(tmp_path / "a.wiki", WARN)
    r = check(str(f))
    assert r.exit_code == 2
    assert r.stderr == "wikilint: error: wikilint.toml: unknown option 'rules.WL601.no-such-option' (rule WL601 dead-link has options: none)\n"


def test_rule_option_types_are_checked(tmp_path):
    from wikilint.registry import Registry
    from wikilint.rule import Rule

    class Opt(Rule):
        """Dummy."""

        code = "XT100"
        name = "dummy-with-options"
        options = {"limit": 3, "names": ["a"], "strict": False, "anything": None}

        def check(self, doc):  # pragma: no cover
            return iter(())

    registry = Registry()
    registry.add(Opt, "test")
    ok = write(tmp_path / "ok.toml", '[rules.XT100]\nlimit = 5\nnames = ["b"]\nstrict = true\nanything = {x = 1}\n')
    load_config(ok).validate(registry)
    for bad, expected in (("limit = \"5\"", "must be an integer, not a string"), ("strict = 1", "must be true or false"), ("names = \"b\"", "must be a list")):
        cfg = load_config(write(tmp_path / "bad.toml", f"[rules.XT100]\n{bad}\n"))
        with pytest.raises(ConfigError, match=expected):
            cfg.validate(registry)


# ------------------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("wikilint.toml", "selct = []\n", "unknown key 'selct'"),
        ("wikilint.toml", "select = [\n", "invalid TOML"),
        ("wikilint.toml", "select = 3\n", "'select' must be a list of strings"),
        ("wikilint.toml", 'select = ["WL9999"]\n', "unknown rule selector 'WL9999' in 'select'"),
        ("wikilint.toml", '[rules.WL9999]\nseverity = "warning"\n', "unknown rule selector 'WL9999' in 'rules.WL9999'"),
        ("wikilint.toml", '[rules.WL601]\nseverity = "fatal"\n', "'rules.WL601.severity': unknown severity 'fatal'"),
        ("wikilint.toml", 'output-format = "xml"\n', "'output-format' must be one of"),
        ("wikilint.toml", 'site = "nowiki"\n', "'site': unknown site 'nowiki'"),
        ("pyproject.toml", '[tool.wikilint]\nignore = ["x-y-z"]\n', "unknown rule selector 'x-y-z' in 'ignore'"),
        ("pyproject.toml", "[tool.wikilint]\nextends = \"base.toml\"\n", "unknown key 'extends'"),
        ("pyproject.toml", "[tool.wikilint]\nextend = \"base.toml\"\n", "'extend': base.toml: no such file"),
        (".wikilint.toml", "[rules.WL604]\nparameters = \"date\"\n", "'rules.WL604.parameters' must be a list, not a string"),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(tmp_path, name, content, problem):
    cfg = write(tmp_path / name, content)
    f = write(tmp_path / "a.wiki", WARN)
    r = check(str(f))
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert cfg.parent == tmp_path  # the working directory: shown relative
    assert lines[0].startswith(f"wikilint: error: {name}"), lines[0]
    assert problem in lines[0]


def test_bad_config_writes_nothing_when_fixing(tmp_path):
    write(tmp_path / "wikilint.toml", "selct = []\n")
    f = write(tmp_path / "a.wiki", FIXABLE)
    r = CliRunner().invoke(app, ["fix", str(f)])
    assert r.exit_code == 2
    assert f.read_text(encoding="utf-8") == FIXABLE


def test_missing_config_file(tmp_path):
    f = write(tmp_path / "a.wiki", WARN)
    r = check("--config", str(tmp_path / "nope.toml"), str(f))
    assert r.exit_code == 2 and "cannot read configuration" in r.stderr


def test_load_config_api(tmp_path):
    p = write(tmp_path / "pyproject.toml", '[tool.wikilint]\nselect = ["WL6"]\n[tool.wikilint.rules.WL601]\nseverity = "error"\n')
    cfg = load_config(p)
    assert cfg.select == ["WL6"] and cfg.path == p
    cfg.validate(get_registry())
    with pytest.raises(ConfigError, match="no \\[tool.wikilint\\] table"):
        load_config(write(tmp_path / "x" / "pyproject.toml", "[tool.other]\n"))


def test_exclude_patterns_match_like_fnmatch_per_pattern() -> None:
    """The patterns are compiled into two regexes; the answer must be fnmatch's, pattern by
    pattern: the whole path, a directory above it, or (without "/") any one component."""
    import fnmatch
    import random

    from wikilint.config import _match_patterns

    def reference(rel: str, patterns: list[str]) -> bool:
        parts = rel.split("/")
        for pattern in patterns:
            pat = pattern.rstrip("/")
            if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(rel, pat + "/*"):
                return True
            if "/" not in pat and any(fnmatch.fnmatchcase(part, pat) for part in parts):
                return True
        return False

    pats = ["*.bak", "drafts/", "a/*/c", "[ab]?x", ".git", "node_modules", "**/tmp", "x*y/", "Ω*", "a[!b]c", "*", "q/"]
    paths = ["a/b/c", "drafts/x.wiki", "y/drafts/z", "foo.bak", "abx", "bbx/u.wiki", ".git/x", "a/node_modules/b",
             "p/tmp", "tmp/x", "xzy/q", "Ωmega.wiki", "abc", "adc/e", "q", "q/r", "x.wiki", "Drafts/x.wiki"]
    rnd = random.Random(7)
    matched = 0
    for _ in range(500):
        chosen = rnd.sample(pats, rnd.randint(0, 4))
        for rel in paths:
            want = reference(rel, chosen)
            assert _match_patterns(rel, chosen) == want, (rel, chosen)
            matched += want
    assert matched > 1000  # both answers were exercised


def test_relative_paths_need_no_path_objects_on_posix() -> None:
    """config._posix skips building two path objects per file where the separator is "/"; it
    gives what they give."""
    import os
    import random
    from pathlib import Path, PurePosixPath

    from wikilint.config import _posix

    rnd = random.Random(1)
    parts = ["a", "b", ".", "..", "x y", "ü", "c.wiki", ""]
    for _ in range(5000):
        p = "/".join(rnd.choice(parts) for _ in range(rnd.randint(1, 5)))
        q = "/".join(rnd.choice(parts) for _ in range(rnd.randint(1, 5)))
        rel = os.path.relpath("/r/" + p, "/r/" + q)
        assert _posix(rel) == PurePosixPath(Path(rel).as_posix()).as_posix(), (p, q, rel)


def test_relative_path_of_a_file_from_its_directory(tmp_path, monkeypatch) -> None:
    """Config._relative takes a plain file's path from its directory's (resolved once per
    directory): the same as resolving the file, for files, links to files, files in linked
    directories, paths relative to the working directory, and roots above and beside them."""
    import os
    from pathlib import Path

    from wikilint.config import Config, _posix, _resolved_root
    from wikilint.files import resolved

    (tmp_path / "root" / "a" / "b").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    for rel in ("root/x.wiki", "root/a/y.wiki", "root/a/b/z.wiki", "other/w.wiki"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "root" / "link.wiki").symlink_to(tmp_path / "other" / "w.wiki")
    (tmp_path / "root" / "dirlink").symlink_to(tmp_path / "root" / "a", target_is_directory=True)
    monkeypatch.chdir(tmp_path / "root" / "a")
    paths = [
        tmp_path / "root" / "x.wiki", tmp_path / "root" / "a" / "y.wiki", Path("y.wiki"), Path("b/z.wiki"),
        Path("../x.wiki"), tmp_path / "root" / "link.wiki", tmp_path / "root" / "dirlink" / "y.wiki",
        tmp_path / "other" / "w.wiki", Path("./b/../y.wiki"), tmp_path / "root" / "a",
    ]
    for root in (tmp_path / "root", tmp_path / "root" / "a" / "b", tmp_path / "other", Path(".")):
        cfg = Config(root=root)
        for p in paths:
            want = _posix(os.path.relpath(resolved(p), _resolved_root(root)))
            assert cfg._relative(p) == want, (root, p)
