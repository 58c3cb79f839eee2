"""An invisible control character in the text.

## What it does
Reports invisible characters that have no business in wikitext (CheckWiki error #16): C0 and
C1 control characters (other than tab and newline), the zero-width space, a byte order mark
inside the text, the line and paragraph separators, and left-to-right / right-to-left marks
and embeddings in text that has no right-to-left script around them. The zero-width joiner
and non-joiner (which Indic and Persian text needs), the soft hyphen (a hyphenation hint) and
direction marks next to Arabic or Hebrew script are left alone. A run of the same character is
one finding.

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
from wikilint.markup import INVISIBLE_CHARS, first_invisible
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

# one invisible character, and any copies of it right after it (reported once, as a run)
_BAD = re.compile("(" + INVISIBLE_CHARS + ")\\1*")
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
    # the quick scan for a first invisible character (tests turn it off to compare)
    quick_scan = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        first = first_invisible(text) if self.quick_scan else 0  # most pages have none
        if first < 0:
            return
        rtl_lines: dict[int, bool] = {}  # line number -> has right-to-left script
        for m in _BAD.finditer(text, first):
            ch = m.group(1)
            pos = m.start()
            stop = m.end()
            if ch in _BIDI:
                line = doc.line_col(pos)[0]
                if line not in rtl_lines:
                    start = doc.line_starts[line - 1]
                    end = doc.line_starts[line] if line < len(doc.line_starts) else len(text)
                    rtl_lines[line] = _RTL.search(text, start, end) is not None
                if rtl_lines[line]:
                    continue  # direction marks belong in bidirectional text
            edit = Edit(pos, stop, "")
            count = stop - pos
            if ch == "\u200b":
                fix = Fix.unsafe("Remove the zero-width space" + ("s" if count > 1 else ""), edit)
            else:
                fix = Fix.safe("Remove the invisible character" + ("s" if count > 1 else ""), edit)
            times = f" ({count} in a row)" if count > 1 else ""
            yield self.report(doc, pos, stop, f"Invisible character {_label(ch)}{times}", fix=fix)
