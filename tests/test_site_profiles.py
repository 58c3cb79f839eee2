"""The generated site profiles: with each corpus language's profile, its pages' localised file
links and image options are understood where the English-only `default` profile misreads them;
`site = "auto"` recognises the wiki; a safe fix never translates."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from corpus import PAGES, read_page
from wikilint.sites import available_sites, default_siteinfo, load_site
from wikilint.sites.detect import detect_site
from wikilint.textscript import translates, translates_away

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["af", "bn", "br", "ca", "de", "el", "en", "eo", "es", "fr", "gl", "hy", "it", "ja", "kn",
         "ltg", "mr", "nl", "nn", "pl", "pt", "ru", "simple", "uk", "vi", "zh"]
# [[Prefix:Target|opt|opt|…]] without nested links or templates in the options
_LINK = re.compile(r"\[\[\s*([^\[\]|:{}\n]{1,40}?)\s*:([^\[\]|{}\n]*)((?:\|[^\[\]{}|\n]*)+)\]\]")


def _manifest() -> list[dict[str, str]]:
    path = PAGES / "manifest.tsv"
    if not path.is_file():
        pytest.skip("the shared page corpus is not available")
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ORACLE = PAGES.parent / "mediawiki" / "oracle.jsonl"


def _oracle() -> dict[str, dict[int, set[str]]]:
    """Parsoid's bogus-image-options lints of real MediaWiki: file -> {link start: bogus options}."""
    import json

    if not ORACLE.is_file():
        pytest.skip("the MediaWiki oracle is not available")
    out: dict[str, dict[int, set[str]]] = {}
    with open(ORACLE, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for lint in row["lints"]:
                if lint["type"] == "bogus-image-options" and not lint.get("from_template"):
                    items = (lint.get("params") or {}).get("items") or []
                    out.setdefault(row["file"], {}).setdefault(lint["start"], set()).update(items)
    return out


def predicted_bogus(text: str, info) -> list[tuple[int, str, bool]]:  # noqa: ANN001
    """A plain reading of file links with *info*: ``(link start, option, is_file_link)`` for each
    option before the caption that *info* takes for no image option (what a bogus-image-options
    check built on that profile reports)."""
    out = []
    for m in _LINK.finditer(text):
        if info.namespace_id(m.group(1)) != 6:
            continue
        options = [o.strip() for o in m.group(3).split("|")[1:]]
        unknown = [o for o in options if info.image_option(o) is None]
        for o in unknown[:-1]:  # the last unknown part is the caption
            out.append((m.start(), o))
    return out


def false_positives(text: str, bogus: dict[int, set[str]], info) -> int:  # noqa: ANN001
    """Predicted bogus options that real MediaWiki (Parsoid) does not report at that link."""
    return sum(1 for start, o in predicted_bogus(text, info) if o not in bogus.get(start, set()))


def namespace_misses(text: str, info, base) -> int:  # noqa: ANN001
    """File links of the wiki (by its own profile) that *base* does not take for file links."""
    return sum(
        1 for m in _LINK.finditer(text) if info.namespace_id(m.group(1)) == 6 and base.namespace_id(m.group(1)) != 6
    )


def test_every_corpus_language_has_a_generated_profile() -> None:
    names = set(available_sites())
    for lang in LANGS:
        site = load_site(f"{lang}wiki")
        assert f"{lang}wiki" in names
        assert site.data.get("siteinfo"), lang
        assert site.siteinfo.lang == ("en" if lang == "simple" else lang)
        assert site.siteinfo.namespace_id("File") == 6 and site.siteinfo.namespace_id("Category") == 14


def _measure() -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    oracle = _oracle()
    base = default_siteinfo()
    fp_before: Counter[str] = Counter()
    fp_after: Counter[str] = Counter()
    ns_before: Counter[str] = Counter()
    ns_after: Counter[str] = Counter()
    for row in _manifest():
        lang = row["wiki"]
        info = load_site(f"{lang}wiki").siteinfo
        text = read_page(PAGES / row["file"])
        bogus = oracle.get(row["file"], {})
        fp_before[lang] += false_positives(text, bogus, base)
        fp_after[lang] += false_positives(text, bogus, info)
        ns_before[lang] += namespace_misses(text, info, base)
        ns_after[lang] += namespace_misses(text, info, info)
    return fp_before, fp_after, ns_before, ns_after


def test_profiles_remove_the_default_profiles_false_positives(capsys) -> None:  # noqa: ANN001
    """Before (default profile) / after (the language's generated profile), over the corpus,
    against real MediaWiki: image options taken for bogus that Parsoid accepts, and localised
    File-namespace links not recognised as file links."""
    fp_before, fp_after, ns_before, ns_after = _measure()
    with capsys.disabled():
        print("\nbogus-image-option false positives vs Parsoid | unrecognised file links, default -> own profile:")
        for lang in sorted(set(fp_before) | set(ns_before)):
            if fp_before[lang] or ns_before[lang] or fp_after[lang]:
                print(f"  {lang:>6}: {fp_before[lang]:4d} -> {fp_after[lang]:<3d} | {ns_before[lang]:4d} -> {ns_after[lang]}")
        print(f"  total: {sum(fp_before.values())} -> {sum(fp_after.values())} | "
              f"{sum(ns_before.values())} -> {sum(ns_after.values())}")
    assert sum(ns_after.values()) == 0
    for lang in fp_before:
        assert fp_after[lang] <= fp_before[lang], lang
    assert sum(fp_after.values()) <= 0.1 * sum(fp_before.values())
    for lang in ("de", "uk", "ja", "el", "hy", "bn", "mr", "vi", "ltg"):
        assert ns_before[lang] > 0, lang


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang not in ("en", "simple")])
def test_a_page_per_language(lang: str) -> None:
    """On one real page per language where the default profile misreads a localised file link
    or image option, the generated profile reads it as real MediaWiki does."""
    oracle = _oracle()
    rows = [r for r in _manifest() if r["wiki"] == lang]
    base = default_siteinfo()
    info = load_site(f"{lang}wiki").siteinfo
    for row in rows:
        text = read_page(PAGES / row["file"])
        bogus = oracle.get(row["file"], {})
        if false_positives(text, bogus, base) or namespace_misses(text, info, base):
            assert false_positives(text, bogus, info) < max(1, false_positives(text, bogus, base))
            assert namespace_misses(text, info, info) == 0
            return
    # the corpus pages of some small wikis use only English file syntax: check a localised name
    local = [n for n in info.namespace_names(6) if base.namespace_id(n) is None]
    if not local:
        pytest.skip(f"{lang}: the File namespace has no localised name")
    probe = f"[[{local[0]}:X.png|{(info.magic_word_aliases('img_thumbnail') or ['thumb'])[0]}|Caption]]"
    assert namespace_misses(probe, info, base) == 1 and namespace_misses(probe, info, info) == 0


def test_auto_detection_on_the_corpus(capsys) -> None:  # noqa: ANN001
    rows = _manifest()[::3]
    counts: Counter[str] = Counter()
    for row in rows:
        want = "enwiki" if row["wiki"] in ("en", "simple") else f"{row['wiki']}wiki"
        got = detect_site(read_page(PAGES / row["file"])).site
        counts["right" if got == want else "neutral" if got == "default" else "wrong"] += 1
    with capsys.disabled():
        print(f"\nsite=auto on {len(rows)} corpus pages: {dict(counts)}")
    assert counts["right"] >= 0.95 * len(rows)
    assert counts["wrong"] <= 0.01 * len(rows)


def test_zh_example_without_site_or_config(tmp_path: Path) -> None:
    """Issue 11 done-when: no --site, no config: the zh page gets zhwiki (said on stderr) and no
    enwiki-only fix (its 2018年4月 dead-link date stays)."""
    page = tmp_path / "page.wiki"
    shutil.copy(ROOT / "examples" / "zh" / "第二次古賽爾戰鬥.wiki", page)
    proc = subprocess.run([sys.executable, "-m", "wikilint", "fix", "--diff", str(page)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert "site zhwiki (auto: Chinese script" in proc.stderr
    assert "April 2018" not in proc.stdout
    assert "2018年4月" in page.read_text(encoding="utf-8")


def test_a_safe_fix_never_translates(tmp_path: Path) -> None:
    """Issue 8 item 18: even with the wrong site forced, the date is not rewritten in English
    by a safe fix (it stays on offer as an unsafe one)."""
    page = tmp_path / "page.wiki"
    shutil.copy(ROOT / "examples" / "zh" / "第二次古賽爾戰鬥.wiki", page)
    proc = subprocess.run([sys.executable, "-m", "wikilint", "fix", "--diff", "--site", "enwiki", str(page)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert "2018年4月" in proc.stdout or proc.stdout == ""  # context lines may show it
    assert "+" not in "".join(line for line in proc.stdout.splitlines() if "April 2018" in line)


@pytest.mark.parametrize(
    ("old", "new", "want"),
    [("2018年4月", "April 2018", True), ("Mai 2020", "May 2020", False), ("[[敘利亞|敘利亞]]", "[[敘利亞]]", False),
     ("deadurl=yes", "url-status=dead", False), ("", "<ref>來源</ref>", False), ("Ссылка", "Link", True),
     ("2020", "2020年", False)],
)
def test_translates(old: str, new: str, want: bool) -> None:
    assert translates(old, new) is want


def test_only_translating_the_pages_own_script_away_is_harmful() -> None:
    zh_page = "第二次古賽爾戰鬥是敘利亞內戰中的一場戰鬥。" * 5 + "{{dead link|date=April 2018}}"
    en_page = "The second battle of al-Qusayr was a battle of the Syrian civil war. " * 5
    assert not translates_away(zh_page, "April 2018", "2018年4月")  # into the page's language
    assert translates_away(zh_page, "2018年4月", "April 2018")  # out of it
    assert translates_away(en_page, "April 2018", "2018年4月")
    assert not translates_away(en_page, "May 2020", "Mai 2020")  # same script: not a translation


def test_unknown_profile_keys_warn_and_wrong_types_fail(tmp_path: Path) -> None:
    """Issue 8 item 21 (site profiles): one line naming the file and the key."""
    good = tmp_path / "mine.toml"
    good.write_text('name = "mine"\nextends = "default"\n[templats]\nreflist = ["Reflist"]\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "wikilint", "check", "--site", str(good), "-"], input="Text.\n",
                          capture_output=True, text=True, timeout=120)
    assert f"wikilint: warning: {good}: unknown table 'templats' in site profile (ignored)" in proc.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[templates]\nreflist = "Reflist"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "wikilint", "check", "--site", str(bad), "-"], input="Text.\n",
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"wikilint: error: --site: {bad}: 'templates.reflist' must be a list of strings"]


def test_shipped_profiles_have_no_unknown_keys() -> None:
    import tomllib

    from wikilint.sites import profile_problems

    for path in sorted((ROOT / "wikilint" / "sites").glob("*.toml")):
        assert profile_problems(tomllib.loads(path.read_text(encoding="utf-8")), path.name) == []


def test_shipped_detection_index_is_up_to_date() -> None:
    """wikilint/sites/_detect.json (read at run time instead of every profile) matches the
    profiles; regenerate with `python -m wikilint.sites.detect`."""
    import json

    from wikilint.sites.detect import INDEX_FILE, build_index

    shipped = json.loads((ROOT / "wikilint" / "sites" / INDEX_FILE).read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(build_index()))


def test_site_detect_and_list_commands() -> None:
    zh = ROOT / "examples" / "zh" / "第二次古賽爾戰鬥.wiki"
    en = ROOT / "examples" / "en" / "Second_Battle_of_al-Qusayr.wiki"
    proc = subprocess.run([sys.executable, "-m", "wikilint", "site", "detect", str(zh), str(en)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [f"{zh}: zhwiki (auto: Chinese script)", f"{en}: enwiki (auto: common words)"]
    proc = subprocess.run([sys.executable, "-m", "wikilint", "site", "list"], capture_output=True, text=True, timeout=120)
    listed = {line.split()[0]: line.split()[1] for line in proc.stdout.splitlines()}
    assert listed["dewiki"] == "de" and listed["jawiki"] == "ja" and listed["default"] == "en"
    assert all(f"{lang}wiki" in listed for lang in LANGS)


def test_shipped_parsed_profiles_are_current() -> None:
    """wikilint/sites/_profiles.json (the bundled profiles parsed, read instead of tomllib) holds
    every bundled TOML, parsed, with its current hash: regenerate it with
    ``python -m wikilint.sites`` after editing a profile."""
    import json

    from wikilint.sites import PARSED_FILE, build_parsed_index

    shipped = json.loads((ROOT / "wikilint" / "sites" / PARSED_FILE).read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(build_parsed_index()))


def test_parsed_profile_is_a_fresh_copy_and_a_stale_one_is_parsed_again(monkeypatch) -> None:
    import tomllib
    from importlib import resources

    import wikilint.sites as sites

    raw = (resources.files("wikilint.sites") / "dewiki.toml").read_text(encoding="utf-8")
    first = sites._parsed_bundled("dewiki", raw)
    assert first == tomllib.loads(raw)
    first["siteinfo"].clear()
    assert sites._parsed_bundled("dewiki", raw) == tomllib.loads(raw)  # the index was not touched
    # an edited profile (its text no longer has the recorded hash) is not taken from the index
    assert sites._parsed_bundled("dewiki", raw + "\n# edited\n") is None
    index = {"dewiki": {"sha256": "0" * 64, "data": {"name": "stale"}}}
    monkeypatch.setattr(sites, "_parsed_index", lambda: index)
    sites.load_site.cache_clear()
    try:
        assert sites.load_site("dewiki").data == sites._merge(sites._read("default"), tomllib.loads(raw))
        assert sites.load_site("dewiki").name == "dewiki"
    finally:
        sites.load_site.cache_clear()
