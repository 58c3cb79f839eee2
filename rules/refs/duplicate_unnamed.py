"""The same citation is repeated in several unnamed references.

## What it does
Reports unnamed refs whose content is exactly the same as an earlier unnamed ref of the same
group. Refs inside template parameters, `{{#tag:ref}}`, list-defined refs, refs with other
attributes and "ibid."-style notes are left alone.

## Why is this bad?
Each copy becomes its own numbered footnote with the same text, cluttering the reference list;
one named ref reused with `<ref name="…" />` gives one entry with several backlinks.

## Example
```wikitext
A.<ref>{{cite book |last=Smith |title=History |year=2001}}</ref> B.<ref>{{cite book |last=Smith |title=History |year=2001}}</ref>
```

Use instead:
```wikitext
A.<ref name="Smith 2001">{{cite book |last=Smith |title=History |year=2001}}</ref> B.<ref name="Smith 2001" />
```

## Fix safety
The first copy gets a name derived from the citation (author, publisher or title plus year,
unique on the page) and the later copies become reuses of it. Safe when the content names its
source by itself (a URL or a citation template): the rendered reference list keeps the same
citations. Otherwise unsafe: a short note (`S. 12.`) may continue the note before it, as
"ibid." does. "Ibid."-style notes in the languages of the site profiles (`Ibid.`, `Ebd.`,
`Там же`, `前掲書`, `同上` …) are not reported at all: equal copies of them cite different
sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document, normalize_title
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.refs import Ref, php_trim
from wikilint.rule import Rule

from ._base import all_names, derive_ref_name, quote_attr

# "Ibid."-style notes point to the citation before them: two equal copies cite different
# sources, so they are never merged. Words of the languages the corpus and the profiles cover.
_IBID_WORDS = (
    r"ibid|ibidem|ibíd|ibídem|id|íd|idem|eid|eadem|op\.?\s*cit|loc\.?\s*cit|ob\.?\s*cit|"
    r"ebd|ebenda|a\.\s*a\.\s*o|aao|dies|ders|ivi|cit\.?\s*op|aldaar|t\.\s*a\.\s*p|"
    r"tamże|tenże|dz\.\s*cyt|там\s+же|там\s+само|указ\.?\s*соч|вказ\.?\s*праця|"
    r"τ\.?\s*π|ό\.?\s*π|αυτόθι|нույն\s+տեղում|նույն\s+տեղում|sđd|tlđd|như\s+trên|"
    r"samloke|tamtéž|i\.\s*m|uo|a\.\s*g\.\s*e|same\s+source|same\s+as\s+above|"
    r"তদেব|उपरोक्त|तत्रैव"
)
_IBID_CJK = r"同上|同前|同書|同注|同註|前掲|前揭|前引|上掲|上揭|위의\s*책|같은\s*책"
_IBID = re.compile(
    r"^[\W_]*(?:(?:" + _IBID_WORDS + r")(?!\w)|(?:" + _IBID_CJK + r"))", re.I
)
_URL = re.compile(r"(?:https?:)?//[^\s/]+\.[^\s/]", re.I)
_TEMPLATE_NAME = re.compile(r"\{\{\s*([^{}|<>\[\]\n]+?)\s*(?:\||\}\})")


class DuplicateUnnamedRefs(Rule):
    code = "WL515"
    name = "duplicate-unnamed-refs"
    summary = "Identical citation repeated in unnamed references"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        sets: dict[tuple[str, str], list[Ref]] = {}
        for r in doc.refs.refs:
            if (
                r.via_tag_function or r.nested or r.self_closing or r.in_references is not None
                or r.inside_template is not None or r.raw_name
            ):
                continue
            if any(k != "group" for k in r.args):
                continue
            sets.setdefault((r.group, r.content(text) or ""), []).append(r)
        # The content tests, once per content seen twice (a content seen once is never reported)
        sets = {
            key: refs
            for key, refs in sets.items()
            if len(refs) > 1 and _repeatable_content(key[1])
        }
        if not sets:
            return
        taken = all_names(doc)
        next_free: dict[str, int] = {}  # taken only grows below: see derive_ref_name
        citation = doc.site.template_names("citation")
        for (group, content), refs in sets.items():
            if len(refs) < 2:
                continue
            name = derive_ref_name(content, taken, next_free)
            taken.add(name)
            first = refs[0]
            attr = " name=" + quote_attr(name)
            edits = [Edit(first.attr_start, first.attr_start, attr)]
            reuse = "<ref" + (f" group={quote_attr(group)}" if group else "") + attr + " />"
            for r in refs[1:]:
                edits.append(Edit(r.start, r.end, reuse))
            n = len(refs)
            yield self.report(
                doc, refs[1].start, refs[1].open_end,
                f"The same citation appears in {n} unnamed references; name it once and reuse it",
                fix=(Fix.safe if _self_contained(content, citation) else Fix.unsafe)(
                    f'Name the first copy "{name}" and reuse it', *edits
                ),
                related=[(first.open_start, first.open_end, "first copy")],
            )


def _repeatable_content(content: str) -> bool:
    return not (php_trim(content) == "" or _IBID.match(php_trim(content)) or "<ref" in content.lower())


def _self_contained(content: str, citation: frozenset[str]) -> bool:
    """The citation names its source on its own (a URL or a citation template), so equal
    copies surely cite the same thing. Short notes (``S. 12.``, ``Там же. С. 5.``, an author
    and page) may lean on the note before them in a language we do not know."""
    if _URL.search(content):
        return True
    for m in _TEMPLATE_NAME.finditer(content):
        name = normalize_title(m.group(1))
        if name in citation or name.startswith(("Cite ", "Citation")):
            return True
    return False
