"""An invisible control character in the text.

## What it does
Reports invisible characters that have no business in wikitext (CheckWiki error #16): C0 and
C1 control characters (other than tab and newline), the zero-width space, a byte order mark
inside the text, the line and paragraph separators, and left-to-right / right-to-left marks
and embeddings in text that has no right-to-left script around them. The zero-width joiner
and non-joiner (which Indic and Persian text needs), the soft hyphen (a hyphenation hint) and
direction marks next to Arabic or Hebrew script are left alone.

## Why is this bad?
Nobody can see them while editing, yet they break things: a file name or link target with a
hidden mark points to another page, a search for the word fails, a template parameter name no
longer matches. They usually come from copying text out of other programs.

## Example
```wikitext
[[File:Map.png‎|thumb|Map]]
```
(with a left-to-right mark after `.png`)

Use instead:
```wikitext
[[File:Map.png|thumb|Map]]
```

## Fix safety
Removing control characters, byte order marks and direction marks in left-to-right text
changes nothing a reader sees (MediaWiki already drops direction marks from titles): safe.
Removing a zero-width space can change a link target or a URL: unsafe.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]")
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan... and their presentation forms
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _label(ch: str) -> str:
    name = unicodedata.name(ch, "") or {"\x7f": "DELETE"}.get(ch, "CONTROL CHARACTER")
    return f"U+{ord(ch):04X} {name}".strip()


class InvisibleCharacter(Rule):
    code = "WL131"
    name = "invisible-character"
    summary = "Invisible control character"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        for m in _BAD.finditer(text):
            ch = m.group()
            pos = m.start()
            if ch in _BIDI:
                line_start = text.rfind("\n", 0, pos) + 1
                line_end = text.find("\n", pos)
                if _RTL.search(text, line_start, line_end if line_end >= 0 else len(text)):
                    continue  # direction marks belong in bidirectional text
            edit = Edit(pos, pos + 1, "")
            if ch == "\u200b":
                fix = Fix.unsafe("Remove the zero-width space", edit)
            else:
                fix = Fix.safe("Remove the invisible character", edit)
            yield self.report(doc, pos, pos + 1, f"Invisible character {_label(ch)}", fix=fix)
