"""A template parameter inside an extension tag.

## What it does
Reports `{{{parameter}}}` written inside the body of an extension tag (`<ref>`, `<gallery>`,
`<poem>`, `<indicator>`, `<imagemap>`), as Parsoid's `template-arg-in-extension-tag` lint
does. `<nowiki>` and `<pre>` bodies, where the braces are meant literally, and tags whose body
is another language (`<math>`, `<syntaxhighlight>`, `<timeline>`) are ignored.

## Why is this bad?
MediaWiki hands an extension tag its body before parameters are substituted, so in a template
`<ref>{{{source}}}</ref>` shows the literal text `{{{source}}}` instead of the argument. The
parser function form `{{#tag:ref|{{{source}}}}}` substitutes it.

## Example
```wikitext
<gallery>
File:{{{image}}}.jpg
</gallery>
```

Use instead:
```wikitext
{{#tag:gallery|File:{{{image}}}.jpg}}
```

## Fix safety
No fix: rewriting a tag as `{{#tag:…}}` changes how everything inside it is parsed (pipes,
nested tags), which a person must check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikilint.document import Document
from wikilint.model import Diagnostic, Severity
from wikilint.rule import Rule
from wikilint.tree import Tag

_LITERAL = {"nowiki", "pre"}
# extension tags whose body is wikitext (a parameter there was meant to be substituted);
# <math>, <syntaxhighlight>, <timeline>… hold another language where braces mean something else
_WIKITEXT_BODY = {"ref", "references", "gallery", "poem", "imagemap", "indicator", "tabber", "tab"}
_NOWIKI = re.compile(r"<nowiki\s*>.*?</nowiki\s*>|<!--.*?(?:-->|\Z)", re.S | re.I)
# {{{name}}} or {{{name|default}}} with a default free of nested parameters
_ARG = re.compile(r"\{\{\{[^{}|]*(?:\|[^{}]*)?\}\}\}")
# "{{{" (found faster by the regex engine with a lookahead than by ``in``)
_TRIPLE = re.compile(r"\{(?=\{\{)")


class TemplateArgInExtensionTag(Rule):
    code = "WL210"
    name = "template-arg-in-extension-tag"
    summary = "Template parameter inside an extension tag"
    severity = Severity.WARNING
    lint_types = ("template-arg-in-extension-tag",)
    # the regex presence test and the early return (tests turn them off to compare)
    quick_test = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if self.quick_test:
            triple = _TRIPLE.search(doc.text) is not None
            if not triple and not doc.arguments:
                return  # no "{{{" in the text: no parameter anywhere (most pages)
        else:
            triple = "{{{" in doc.text
        ext = doc.site.siteinfo.extension_tags & _WIKITEXT_BODY | {"ref", "references", "gallery", "poem", "indicator"}
        found: dict[int, tuple[Tag, list[str]]] = {}
        if triple:
            # bodies of extension tags the tokenizer keeps as raw text (<gallery>, <poem>…)
            for tag in doc.tags:
                if tag.wiki_markup or tag.name in _LITERAL or tag.name not in ext or tag.contents_start is None:
                    continue
                if tag.nodes and not all(n.kind == "text" for n in tag.nodes):
                    continue  # parsed body: its parameters are Argument nodes, handled below
                body = doc.text[tag.contents_start : tag.contents_end]
                if "{{{" not in body:
                    continue
                body = _NOWIKI.sub(lambda m: " " * len(m.group()), body)
                args = [m.group() for m in _ARG.finditer(body)]
                if args and not any(isinstance(a, Tag) and a.name in _LITERAL for a in tag.ancestors()):
                    found[id(tag)] = (tag, args)
        for arg in doc.arguments:
            owner = None
            literal = False
            for anc in arg.ancestors():
                if isinstance(anc, Tag) and not anc.wiki_markup:
                    if anc.name in _LITERAL:
                        literal = True
                        break
                    if anc.name in ext and anc.contents_start is not None and arg.start >= anc.contents_start:
                        owner = anc  # the outermost extension tag wins
            if literal or owner is None:
                continue
            entry = found.setdefault(id(owner), (owner, []))
            entry[1].append(doc.text[arg.start : arg.end])
        for tag, args in sorted(found.values(), key=lambda e: e[0].start):
            shown = ", ".join(a[:40] for a in args[:3])
            yield self.report(
                doc,
                tag.start,
                tag.end,
                f"Template parameter inside <{tag.name}> is not substituted: {shown}",
            )
