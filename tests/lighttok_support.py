"""What the light tokenizer's test and its long-run fuzz script (scripts/fuzz_tokenizer.py)
share: the markup pieces random pages are made of, and the mapping of light tokens back to
mwparserfromhell's."""

from __future__ import annotations

from mwparserfromhell.parser import tokens as T

# Constructs whose tokens the light tokenizer builds or reads back differently (tags that end by
# themselves, closing tags that open nothing, free links, entities, wiki markup...), in pieces.
PIECES = [
    "<small>", "</small>", "<ref>", "</ref>", "<ref name=x/>", "<br>", "</br>", "<li>", "</li>", "<b>",
    '<div class="a">', "</div>", "<span", "{{t|", "}}", "{{", "{{{", "}}}", "[[", "]]", "|", "||",
    "[http://x.org ", "]", "http://y.org/", "mailto:a@b.c", " ", "\n", "text", "=", "== ", "{|", "|-",
    "|}", "!", "<!--", "-->", "<nowiki>", "</nowiki>", "&amp;", "&#x41;", "&", "'", "''", "'''", '"',
    ">", "<", "</", ":", "*", "#", ";", "/>", "----", "<pre>", "</pre>", "a=b", "Σ",
]


def as_mwparserfromhell(toks: list) -> list:
    """Light tokens as mwparserfromhell's tokenizer makes them: a string is ``Text(text=...)``,
    a class an instance of it; an instance stays as it is."""
    return [T.Text(text=t) if type(t) is str else t() if type(t) is type else t for t in toks]


def same_tokens(light: list, theirs: list) -> bool:
    """Whether light tokens, mapped back, equal mwparserfromhell's, class for class (token
    equality alone is dict equality)."""
    mapped = as_mwparserfromhell(light)
    return mapped == theirs and [type(t) for t in mapped] == [type(t) for t in theirs]
