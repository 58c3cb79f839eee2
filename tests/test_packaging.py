"""pyproject.toml lists every package (setuptools cannot discover the rules/ -> wikilint.rules
mapping by itself), so a wheel contains every rule."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _declared():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(data["tool"]["setuptools"]["packages"]), data


def _package_name(directory: Path) -> str:
    rel = directory.relative_to(ROOT)
    parts = rel.parts
    if parts[0] == "rules":
        return ".".join(("wikilint", "rules", *parts[1:]))
    return ".".join(parts)


def test_every_python_package_is_declared():
    declared, _ = _declared()
    found = set()
    for base in (ROOT / "wikilint", ROOT / "rules"):
        for init in base.rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            found.add(_package_name(init.parent))
    for base in (ROOT / "wikilint", ROOT / "rules"):
        for py in base.rglob("*.py"):
            if "__pycache__" in py.parts:
                continue
            assert (py.parent / "__init__.py").exists(), f"{py} is in a directory without __init__.py"
    assert found - declared == set(), f"add to [tool.setuptools] packages: {sorted(found - declared)}"
    assert declared - found == set(), f"declared but missing: {sorted(declared - found)}"


def test_data_files_are_declared():
    _, data = _declared()
    package_data = data["tool"]["setuptools"]["package-data"]
    suffixes = {".toml", ".json", ".yml", ".yaml", ".txt"}
    for base in (ROOT / "wikilint", ROOT / "rules"):
        for f in base.rglob("*"):
            if f.suffix in suffixes and f.is_file():
                pkg = _package_name(f.parent)
                # find the nearest declared package-data entry covering it
                covered = False
                name = pkg
                while name:
                    for pattern in package_data.get(name, []):
                        rel = f.relative_to(ROOT / (name.replace("wikilint.rules", "rules", 1).replace(".", "/")))
                        if rel.match(pattern) or (pattern.startswith("**/") and rel.match(pattern[3:])):
                            covered = True
                    name = name.rpartition(".")[0]
                assert covered, f"{f.relative_to(ROOT)} is not declared as package data"
