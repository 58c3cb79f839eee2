"""Rules of the example plugin. Plugin codes use their own prefix (here EXM), never WL."""

from __future__ import annotations

from wikilint import Edit, Fix, FixAvailability, Rule, Severity


class HtmlBoldTag(Rule):
    """HTML `<b>` used for bold text.

    ## What it does
    Checks for `<b>…</b>` in article text.

    ## Why is this bad?
    Wikitext has its own bold markup, `'''…'''`, which editors expect and tools understand.

    ## Example
    ```wikitext
    A <b>bold</b> word.
    ```

    Use instead:
    ```wikitext
    A '''bold''' word.
    ```

    ## Fix safety
    Safe when the tag has no attributes and holds no line break.
    """

    code = "EXM100"
    name = "html-bold-tag"
    summary = "HTML <b> used for bold text"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc):
        for tag in doc.tags:
            if tag.name != "b" or tag.wiki_markup or tag.self_closing or doc.in_raw_context(tag):
                continue
            inner = doc.contents(tag) or ""
            fix = None
            if not tag.attrs and "\n" not in inner and "'" not in inner:
                fix = Fix.safe(
                    "Use '''bold''' markup",
                    Edit(tag.start, tag.contents_start, "'''"),
                    Edit(tag.contents_end, tag.end, "'''"),
                )
            yield self.report(doc, tag.start, tag.end, f"HTML <b> tag around {inner!r}", fix=fix)
