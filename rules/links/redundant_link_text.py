"""A piped link whose text repeats its target.

## What it does
Reports internal links written `[[A|A]]`, where the link text is the target itself (the
first letter's case, `_` against space and surrounding spaces in the target do not matter,
since MediaWiki ignores them in titles), and `[[A|As]]`, where the text is the target plus a
suffix that the site's link trail would add (`[a-z]+` on the English Wikipedia; the Chinese
Wikipedia has no link trail). File and category links are left alone, and so are suffixes that
start with a combining mark or a zero-width joiner (`[[भारत|भारतीय]]`, `[[বাংলাদেশ|বাংলাদেশের]]`):
written after the brackets, an Indic vowel sign stands alone in the source, split from its
letter, and editors of those wikis keep such links piped.

## Why is this bad?
The pipe and the repeated text add nothing: `[[A]]` shows the same. The redundant form is
harder to read and edit, and is typical of text that went through a conversion tool (the
CheckWiki project lists it as error #64, "Link equal to linktext").

## Example
```wikitext
The [[Syrian civil war|Syrian civil war]] began in 2011, between many [[rebel|rebels]].
```

Use instead:
```wikitext
The [[Syrian civil war]] began in 2011, between many [[rebel]]s.
```

## Fix safety
The fix writes the link as `[[text]]` (with the suffix after the brackets), so the reader sees
exactly the same characters, linking to the same page: safe. Links whose text has markup,
entities, or spaces at either end are not reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from operator import attrgetter

from wikilint.document import Document, normalize_title
from wikilint.model import Diagnostic, Edit, Fix, FixAvailability, Severity
from wikilint.rule import Rule

from ._linkutil import namespace_sets, plain_parts, split_ns

_BAD = re.compile(r"[\[\]{}|<>'&\n]|-\{|\}-|~~~")
# A piped link's text starts after "[[" and its target's "|" (never at offset 0): the links
# with a text are those whose text_start is true, picked out by filter() without a Python-level
# look at the many links without a pipe.
_TEXT_START = attrgetter("text_start")


def _splits_cluster(suffix: str) -> bool:
    """Whether the suffix starts inside a character cluster of the text before it.

    A suffix that starts with a combining mark (an Indic vowel sign or virama, a combining accent)
    or a zero-width joiner belongs to the last letter of the target: `[[भारत]]ीय` puts that mark
    alone after `]]` in the source, where it is drawn on a dotted circle.
    """
    return unicodedata.category(suffix[0])[0] == "M" or suffix[0] in "\u200c\u200d"


def _first_letter(c: str) -> str:
    return c.upper() if c.islower() else c  # normalize_title's first-letter rule


def _same_first_letter(shown: str, target: str) -> bool:
    """False only when normalize_title(shown) and normalize_title(target), and that of any
    prefix of *shown*, must differ: both strings are non-empty and start with no whitespace,
    so when neither starts with "_" their normalised forms start with the normalised first
    letters, which then disagree (neither a prefix of the other: "ß" becomes "SS")."""
    a, b = shown[0], target[0]
    if a == b or a == "_" or b == "_":
        return True
    a, b = _first_letter(a), _first_letter(b)
    return a.startswith(b) or b.startswith(a)


def _last_letters_differ(text: str, t0: str, title_end: int, tl: int, ts: int, te: int) -> bool:
    """True only when the link cannot be reported: neither the whole text nor its first
    ``len(target)`` characters normalise to the target. Called for a target that starts with
    *t0*, neither ":" nor a space (then ``t``, the stripped target, starts at its start).

    A string x of two or more characters whose first and last characters are neither "_" nor
    whitespace normalises to a string of two or more characters ending in x's last character
    (only the first letter is case-folded, and "_" and whitespace runs inside become single
    spaces). So when the target, the text and the text's head (``text[:len(t)]``) are such
    strings, the target's last character must be the text's or the head's last one. (A text
    or target with "<" is never reported: no comment is removed by normalize_title here.)"""
    e = text[title_end - 1]
    if tl < 2 or t0 == "_" or e == "_" or e.isspace() or te - ts < 2:
        return False
    s0 = text[ts]
    last = text[te - 1]
    if s0 == "_" or s0.isspace() or last == e or last == "_" or last.isspace():
        return False
    if te - ts <= tl:  # no head to compare: the text is not longer than the target
        return True
    head = text[ts + tl - 1]
    return head != e and head != "_" and not head.isspace()


def _link_trail(doc: Document) -> re.Pattern[str] | None:
    """The site's link trail, compiled once per site (not looked up in re's cache per page,
    from which the many patterns of the other rules can push it)."""
    cache = doc.site.__dict__
    try:
        return cache["_wl_link_trail"]
    except KeyError:
        trail_src = doc.site.get("links.trail", "[a-z]+")
        trail = cache["_wl_link_trail"] = re.compile(f"(?:{trail_src})") if trail_src else None
        return trail


class RedundantLinkText(Rule):
    code = "WL401"
    cosmetic = True  # its fixes change nothing readers see
    name = "redundant-link-text"
    summary = "Link text repeats the link target"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    #: the cheap test of the last characters before the link is cut into parts (the tests turn
    #: it off to compare)
    last_letter_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        cats, files = namespace_sets(doc)
        trail = _link_trail(doc)
        text = doc.text
        for link in filter(_TEXT_START, doc.wikilinks):  # plain_parts' first test, in C
            ts = link.text_start
            # The first-letter test below on the two first characters, before anything is cut
            # out: when the target starts with neither a space nor ":", its first character is
            # that of t (and a text starting with a space is skipped below anyway).
            te = link.text_end
            tl = link.title_end - link.title_start
            if ts < te and tl > 0:
                t0 = text[link.title_start]
                if t0 != ":" and not t0.isspace():
                    if not _same_first_letter(text[ts], t0):
                        continue
                    if self.last_letter_test and _last_letters_differ(text, t0, link.title_end, tl, ts, te):
                        continue
            parts = plain_parts(doc, link)
            if parts is None:
                continue
            target, shown = parts
            if not shown or shown != shown.strip() or _BAD.search(shown):
                continue
            t = target.strip()
            colon = t.startswith(":")
            if colon:
                t = t[1:].lstrip()
            if not t or t[0] in "/." or _BAD.search(t):
                continue
            if not colon:
                ns, _ = split_ns(t)
                if ns and (ns in cats or ns in files):
                    continue
            if not _same_first_letter(shown, t):
                continue
            new_target = None
            suffix = ""
            nt = normalize_title(t)
            if normalize_title(shown) == nt:
                new_target = shown
            elif trail is not None and len(shown) > len(t):
                head, tail = shown[: len(t)], shown[len(t) :]
                if (
                    head == head.strip()
                    and normalize_title(head) == nt
                    and trail.fullmatch(tail)
                    and not _splits_cluster(tail)
                ):
                    new_target, suffix = head, tail
            if new_target is None:
                continue
            if doc.in_raw_context(link):
                continue
            new = "[[" + (":" if colon else "") + new_target + "]]" + suffix
            old = doc.text[link.start : link.end]
            yield self.report(
                doc,
                link.start,
                link.end,
                f"Link text repeats the target: {old} can be written {new}",
                fix=Fix.safe(f"Write {new}", Edit(link.start, link.end, new)),
                data={"target": t},
            )
