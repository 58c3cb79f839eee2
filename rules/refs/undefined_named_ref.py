"""A named reference is used but never defined.

## What it does
Reports each (group, name) that MediaWiki shows as "invoked but never defined": used
(`<ref name="x" />`, an empty `<ref name="x"></ref>`, `{{#tag:ref||name=x}}`, a reuse through
a reference template of the site such as `{{r|x}}` or `{{efn|name=x}}`) while no ref of the
same group and name carries content before the reference list that shows it. A definition
after that list comes too late (the list is output first); a definition in another group
(`{{efn|name=x|…}}` is group `lower-alpha` on enwiki) does not count.
Names compare as Cite compares them: trimmed, whitespace-collapsed, entity-decoded, then
case-sensitive and exact (`a b` and `a_b` differ); list-defined refs and `{{#tag:ref}}` count
as definitions. One diagnostic per name, at its first use, with the number of uses.

It can also bring a lost definition back:

* from reference sources (`--ref-source FILE`, document option `ref_sources`: a list of
  `(label, text)`, e.g. the same article in another language or an older revision);
* from the file's own git history (`--ref-source git`, document option `ref_source_git`):
  newest commit first, stopping at the first revision that defines the name.

## Why is this bad?
MediaWiki shows "Cite error: The named reference x was invoked but never defined" in the
reference list and the footnote leads nowhere. Usually the paragraph with the definition was
deleted or the definition was copied from another article without its text.

## Example
```wikitext
A claim.<ref name="senior" /> Another claim.<ref name="senior" />
```

Use instead:
```wikitext
A claim.<ref name="senior">Senior, J. (2001). ''Title''.</ref> Another claim.<ref name="senior" />
```

## Fix safety
When the sources hold exactly one distinct definition for the name, the safe fix turns the
first use into that definition, byte for byte. When they hold several different ones there is
no fix and the message says how many. Content is never invented. Without a rescue, when a
defined name differs only by case, spacing, underscores or quote marks, an unsafe fix renames
the uses to it (Cite treats those as different names, so a person should confirm).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability
from wikilint.refs import Ref, php_trim
from wikilint.rule import Rule

from ._base import group_suffix, open_opener, quote_attr

_LOOSE = re.compile(r"[\s_\"'“”„‘’«»]+")


def _loose(name: str) -> str:
    return _LOOSE.sub(" ", name).strip().casefold()


def definitions_in(text: str, site=None) -> dict[tuple[str, str], list[str]]:  # noqa: ANN001
    """Distinct contents of every named definition in *text*, by (group, name)."""
    from wikilint.document import Document as _Doc

    doc = _Doc(text, site=site)
    out: dict[tuple[str, str], list[str]] = {}
    for r in doc.refs.refs:
        if r.nested or r.name is None or "follow" in r.args:
            continue
        c = r.content(text)
        if c is None or php_trim(c) == "":
            continue
        lst = out.setdefault((r.group, r.name), [])
        if c not in lst:
            lst.append(c)
    return out


def _by_loose(defined: set[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """The defined names by (group, loose form): each undefined name then finds the defined
    names it may misspell with one look-up instead of a pass over every defined name."""
    out: dict[tuple[str, str], set[str]] = {}
    for group, name in defined:
        out.setdefault((group, _loose(name)), set()).add(name)
    return out


class UndefinedNamedRef(Rule):
    code = "WL501"
    name = "undefined-named-ref"
    summary = "Named reference is used but never defined"
    mw_keys = ("cite_error_references_no_text",)
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        model = doc.refs
        text = doc.text
        # What MediaWiki shows: the model's "invoked but never defined" messages (a definition
        # after the list that shows the name does not count, nor one in another group).
        wanted: dict[tuple[str, str], Ref] = {}
        for err in model.cite_errors("parsoid"):
            if err.key != "cite_error_references_no_text" or err.ref is None:
                continue
            ref = err.ref
            if ref.name is None or ref.name in model.template_names:
                continue  # a template we do not model may define it
            wanted.setdefault((ref.group, ref.name), ref)
        if not wanted:
            return
        defined: set[tuple[str, str]] = set()
        uses: dict[tuple[str, str], list[Ref]] = {}
        for r in model.refs:
            if r.nested or r.name is None:
                continue
            if r.has_text(text):
                defined.add(r.key)  # type: ignore[arg-type]
            elif r.in_references is None and r.key in wanted:
                uses.setdefault(r.key, []).append(r)  # type: ignore[arg-type]
        undefined = {k: v for k, v in wanted.items() if k not in defined}
        candidates = self._candidates(doc, set(undefined)) if undefined else {}
        by_loose: dict[tuple[str, str], set[str]] | None = None  # built at the first rename
        for key, first in wanted.items():
            group, name = key
            refs = uses.get(key) or [first]
            if refs[0] is not first and first in refs:
                refs = [first] + [r for r in refs if r is not first]
            n = len(refs)
            times = "once" if n == 1 else f"{n} times"
            fix = None
            found: list[tuple[str, str]] = []
            contents: list[str] = []
            if key in defined:
                msg = (
                    f'Named reference "{name}"{group_suffix(group)} is used before the reference '
                    "list that shows it but defined only after that list"
                )
            else:
                msg = f'Named reference "{name}"{group_suffix(group)} is used {times} but never defined'
                found = candidates.get(key, [])
                contents = list(dict.fromkeys(c for _, c in found))
                if len(contents) == 1:
                    labels = ", ".join(dict.fromkeys(lbl for lbl, _ in found))
                    msg += f"; a definition was found in {labels}"
                    fix = self._rescue(doc, first, contents[0], name)
                elif len(contents) > 1:
                    msg += f"; the reference sources hold {len(contents)} different definitions"
                else:
                    if by_loose is None:
                        by_loose = _by_loose(defined)
                    fix = self._rename(doc, key, refs, by_loose)
                    if fix is not None:
                        msg += f'; did you mean "{fix.title.split(chr(34))[-2]}"?'
            yield self.report(
                doc, first.open_start, first.open_end, msg, fix=fix,
                mw_key="cite_error_references_no_text",
                related=[(r.open_start, r.open_end, "also used here") for r in refs[1:4]],
                data={"name": name, "group": group, "uses": n, "candidates": len(contents)},
            )

    # ------------------------------------------------------------------ rescue
    def _candidates(self, doc: Document, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        out: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for label, source in doc.options.get("ref_sources") or ():
            defs = definitions_in(source, doc.site)
            for key in wanted:
                for c in defs.get(key, ()):
                    out.setdefault(key, []).append((str(label), c))
        if doc.options.get("ref_source_git") and doc.path:
            from wikilint.history import history_definitions

            left = {k for k in wanted if k not in out}
            found = history_definitions(doc.path, left, lambda t: definitions_in(t, doc.site))
            for key, (sha, contents) in found.items():
                for c in contents:
                    out.setdefault(key, []).append((f"git revision {sha[:10]}", c))
        return out

    def _rescue(self, doc: Document, ref: Ref, content: str, name: str) -> Fix | None:
        if ref.via_tag_function or ref.in_references is not None:
            return None
        title = f'Restore the definition of "{name}" from the reference source'
        if ref.self_closing:
            return Fix.safe(title, Edit(ref.start, ref.end, open_opener(doc, ref) + content + "</ref>"))
        return Fix.safe(title, Edit(ref.content_start, ref.content_end, content))  # type: ignore[arg-type]

    def _rename(
        self, doc: Document, key: tuple[str, str], refs: list[Ref], by_loose: dict[tuple[str, str], set[str]]
    ) -> Fix | None:
        """*by_loose*: the defined names by (group, loose form), see _by_loose()."""
        group, name = key
        matches = by_loose.get((group, _loose(name)), set()) - {name}
        if len(matches) != 1:
            return None
        (target,) = matches
        edits = []
        for r in refs:
            if r.via_tag_function:
                return None
            attr = next((a for a in r.attrs if a.name == "name"), None)
            if attr is None:
                return None
            edits.append(Edit(attr.start, attr.end, "name=" + quote_attr(target)))
        return Fix.unsafe(f'Rename the uses to the defined name "{target}"', *edits)
