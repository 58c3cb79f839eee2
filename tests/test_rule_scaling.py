"""Rules stay linear on pathological pages: each test lints a page of thousands of one
construct, at a size where the rule's old per-item walk took many seconds (measured with
scripts/scaling.py, which times every rule at two sizes), and checks the diagnostics are still
the right ones. Speed itself is measured by the script, not here."""

from __future__ import annotations

from wikilint import lint_text
from wikilint.model import Applicability


def test_missing_reference_list_with_thousands_of_templates_on_one_line() -> None:
    # WL519 looked for a template alone after a heading by scanning each template's line from
    # its start (and copying the text before it): 20,000 templates on a 4 MB line took 4 s
    # (0.4 s now, mostly building the Document).
    line = "".join(f"{{{{t{i}}}}}{'x' * 200} " for i in range(20_000))
    text = "Claim.<ref>Smith 2001.</ref>\n" + line + "\n"
    diags = lint_text(text, select=["WL519"])
    assert [d.message for d in diags] == ["Page has 1 reference but no reference list"]
    assert (diags[0].line, diags[0].column) == (1, 7)
    # a template alone on the line after a heading may be the list: no lint
    assert lint_text(text + "\n== Notes ==\n\n {{u}} \n", select=["WL519"]) == []
    # ...but not when text shares its line, nor when the line before is not a heading
    small = "Claim.<ref>Smith 2001.</ref>\n{{t}} x {{t}}\n"
    assert lint_text(small + "== Notes ==\n {{u}}\n", select=["WL519"]) == []
    assert len(lint_text(small + "== Notes ==\n{{u}} x\n", select=["WL519"])) == 1
    assert len(lint_text(small + "== Notes\n{{u}}\n", select=["WL519"])) == 1
    assert len(lint_text(small + "== Notes ==\n{{u|a=b}}\n", select=["WL519"])) == 1  # a= is no list parameter


def test_group_without_list_with_thousands_of_groups_and_list_templates() -> None:
    # WL511 walked every possible list template (recomputing them) for each group without a
    # list: 1,000 groups with 1,000 templates took 2.5 s, 3,000 about 23 s.
    n = 3000
    text = "".join(f"a<ref group=g{i}>b</ref> {{{{Notes box|group=h{i}}}}} " for i in range(n))
    text += "{{Notes box|group=g7}}"  # the one group a template lists
    diags = lint_text(text, select=["WL511"])
    groups = [d.message.split('"')[1] for d in diags]
    assert groups == [f"g{i}" for i in range(n) if i != 7]
    assert diags[0].message == 'References in group "g0" have no <references group="g0" /> list'
    # a listy template without a group may list any group: nothing to report
    assert lint_text(text + " {{Notes box}}", select=["WL511"]) == []


def test_empty_self_closed_refs_after_thousands_of_unclosed_refs() -> None:
    # WL504's fix looked at every unclosed opener and every ref for each empty self-closed ref:
    # 4,000 took 1.2 s, 12,000 about 11 s. `<ref>b<ref/>` is not fixed (the <ref/> may be the
    # meant </ref>); with a ref in between, removing the empty <ref/> is safe.
    n = 12_000
    units = [f"a<ref>b{i}<ref/> " if i % 2 == 0 else f"a<ref>b{i}<ref name=x{i}/><ref/> " for i in range(n)]
    text = "".join(units)
    diags = [d for d in lint_text(text, select=["WL504"]) if d.message.startswith("Self-closed")]
    assert len(diags) == n
    fixed = [d for d in diags if d.fix is not None]
    assert len(fixed) == n // 2
    assert all(d.fix.applicability is Applicability.SAFE for d in fixed)
    assert all(text[d.fix.edits[0].start : d.fix.edits[0].end] == "<ref/>" for d in fixed)
    assert [text.endswith(f"<ref name=x{i}/>", 0, d.fix.edits[0].start) for d, i in zip(fixed, range(1, n, 2))] == [True] * (n // 2)


def test_misspelled_ref_name_attributes_by_the_thousand() -> None:
    # WL506 looked for another ref with the suggested name among all refs, for each misspelled
    # attribute: 4,000 took 1.6 s, 12,000 about 14 s. The rename is safe only where another
    # ref carries that name.
    n = 12_000
    text = "".join(
        f'a<ref nme="k{i}">b</ref><ref name="k{i}"/> ' if i % 2 == 0 else f'a<ref nme="k{i}">b</ref> ' for i in range(n)
    )
    diags = lint_text(text, select=["WL506"])
    assert len(diags) == n
    assert {d.message for d in diags} == {'Unknown reference attribute "nme"; did you mean "name"?'}
    kinds = [d.fix.applicability for d in diags]
    assert kinds == [Applicability.SAFE if i % 2 == 0 else Applicability.UNSAFE for i in range(n)]


def test_lost_lt_without_a_closing_bracket_on_a_long_line() -> None:
    # WL502's pattern for a ref that lost its "<" scanned from every `ref name=` to the end of
    # the line when no ">" followed: 4,000 on one line took 4 s, 20,000 would take minutes.
    n = 20_000
    text = " ".join(f"a ref name=x{i} b" for i in range(n)) + "\nc ref name=y>d</ref>\n"
    diags = lint_text(text, select=["WL502"])
    assert [(d.line, d.column, d.message) for d in diags] == [(2, 3, "Reference tag lost its \"<\": 'ref name=y>'")]
    assert diags[0].fix is not None and diags[0].fix.edits[0].replacement == "<"


def test_lost_lt_by_the_thousand_before_one_stray_close() -> None:
    # Each lost "<" looked for the next </ref> and for an opener before it with searches that
    # ran to the page's far end: 4,000 took 0.15 s, 30,000 about 8 s. All pair with the stray
    # </ref> (no opener in between), so each gets the fix.
    n = 30_000
    text = " ".join(f"a ref name=x{i}> b" for i in range(n)) + " </ref>"
    diags = lint_text(text, select=["WL502"])
    assert len(diags) == n
    assert {d.message.split(":")[0] for d in diags} == {'Reference tag lost its "<"'}
    assert all(d.fix is not None and d.fix.title == 'Insert the missing "<"' for d in diags)
    assert [text[d.fix.edits[0].start : d.fix.edits[0].start + 12] for d in diags[:2]] == ["ref name=x0>", "ref name=x1>"]


def test_broken_closes_by_the_thousand_after_one_unclosed_ref() -> None:
    # Each "</ ref>" searched for openers and broken closes from the unclosed <ref> on: 4,000
    # took 0.25 s, 30,000 about 14 s. Only the first is the unclosed ref's sure closer.
    n = 30_000
    text = "<ref>a " + " ".join(f"b{i} </ ref>" for i in range(n))
    diags = lint_text(text, select=["WL502"])
    assert len(diags) == n
    assert {d.message for d in diags} == {"Broken closing reference tag: '</ ref>'"}
    assert diags[0].fix is not None and diags[0].fix.edits[0].replacement == "</ref>"
    assert all(d.fix is None for d in diags[1:])


def test_spaced_openers_sharing_one_distant_bracket_keep_short_messages() -> None:
    # Thousands of "< ref name=…" run to the same far ">": each is reported from its opener to
    # that ">", but the quoted text in the message is cut in the middle, so the output does not
    # grow with (openers x page length): 8,000 gave 670 MB of messages, 32,000 would give 10 GB.
    n = 20_000
    text = " ".join(f"a < ref name=x{i} b" for i in range(n)) + " >"
    diags = lint_text(text, select=["WL502"])
    assert len(diags) == n
    assert all(d.end_column == len(text) + 1 for d in diags)  # the span still runs to the ">"
    assert max(len(d.message) for d in diags) < 150
    assert diags[0].message.startswith("Broken reference tag (space after \"<\"): '< ref name=x0 b a")
    assert diags[0].message.endswith(f"…ref name=x{n - 1} b >'")
    assert diags[-1].message == f"Broken reference tag (space after \"<\"): '< ref name=x{n - 1} b >'"


def test_unclosed_link_brackets_by_the_thousand_on_one_line() -> None:
    # WL416 copied the rest of the line for each unclosed "[[" to look for a "|": 64,000 on one
    # line took 1.5 s, 120,000 about 5 s.
    n = 120_000
    line = " ".join(f"[[a{i}" for i in range(n))
    text = "x]]\n" + line + "\n[[b|c\n"
    diags = lint_text(text, select=["WL416"])
    assert len(diags) == n + 1
    assert (diags[0].line, diags[0].column, diags[0].message) == (1, 2, "']]' closes no link on this line")
    assert [(d.line, d.column, d.message) for d in diags[1:3]] == [
        (2, 1, "'[[' is never closed: [[a0 [[a1 [[a2 [[a3 [[a4 [[a5 [[a6 [[a7 [[a8 [[a9 "),
        (2, 6, f"'[[' is never closed: {line[5:55]}"),
    ]
    assert diags[n].message == f"'[[' is never closed: [[a{n - 1}"
    # "[[b|c" may be a link whose "]]" comes on a later line: no lint


def test_dead_link_tags_by_the_thousand_in_one_reference() -> None:
    # WL609 (and WL601, which leaves these tags to it) looked at every citation of the ref for
    # each tag: 4,000 pairs in one ref took 0.38 s, 15,000 about 5 s. Each tag follows its own
    # citation, so each gets the fix; a tag after another tag is reported without one.
    n = 15_000
    text = "<ref>" + " ".join(
        f"{{{{cite web|url=http://x.org/{i}|archive-url=http://a.org/{i}|title=t}}}} {{{{dead link}}}}" for i in range(n)
    ) + " {{dead link}}</ref>"
    diags = lint_text(text, select=["WL609", "WL601"])
    assert [d.code for d in diags] == ["WL609"] * (n + 1)
    assert [d.message for d in diags[::5_000]] == [
        f"Dead-link tag is redundant: the citation has |archive-url=http://a.org/{i}" for i in range(0, n, 5_000)
    ] + [f"Dead-link tag is redundant: the citation has |archive-url=http://a.org/{n - 1}"]
    assert all(d.fix is not None for d in diags[:n]) and diags[n].fix is None


def test_undefined_named_refs_by_the_thousand_among_defined_ones() -> None:
    # WL501 compared each undefined name with every defined name (normalising both each time)
    # to suggest a rename: 1,000 of each took 3.9 s, 4,000 took 56 s.
    n = 4000
    text = " ".join(
        f'a<ref name="d {i}">b</ref><ref name="u{i}" /><ref name="D_{i}" />' for i in range(n)
    ) + " <ref name=\"d 0\" group=g />\n<references/>\n<references group=g/>"
    diags = lint_text(text, select=["WL501"])
    assert len(diags) == 2 * n + 1
    by_name = {d.data["name"]: d for d in diags}
    assert by_name["u7"].message == 'Named reference "u7" is used once but never defined'
    assert by_name["u7"].fix is None
    # "D_7" differs from the defined "d 7" only in case and "_": the rename is offered
    assert by_name["D_7"].message.endswith('; did you mean "d 7"?')
    assert by_name["D_7"].fix is not None and by_name["D_7"].fix.edits[0].replacement == 'name="d 7"'
    # ...but never across groups
    assert by_name["d 0"].fix is None and "group" in by_name["d 0"].message


def test_thousands_of_duplicated_citations_deriving_the_same_name() -> None:
    # WL515 counted up from "T 2001 2" for each duplicated citation whose derived name was
    # taken: 4,000 such pairs took 2.5 s, 6,000 about 6 s. Each gets the next free number.
    n = 6000
    unit = lambda i: f"{{{{cite web|title=T|date=2001|url=http://x.org/{i}}}}}"  # noqa: E731
    text = '<ref name="T 2001 3">x</ref> ' + " ".join(f"a<ref>{unit(i)}</ref> b<ref>{unit(i)}</ref>" for i in range(n))
    diags = lint_text(text, select=["WL515"])
    assert len(diags) == n
    names = [d.fix.title.split('"')[1] for d in diags]
    assert names[:4] == ["T 2001", "T 2001 2", "T 2001 4", "T 2001 5"]  # "T 2001 3" is taken
    assert names[-1] == f"T 2001 {n + 1}"
    assert len(set(names)) == n


def test_thousands_of_dead_link_tags_after_one_long_citation() -> None:
    # WL609 looked up the citation's archive-url and status parameters again for each tag:
    # 4,000 tags after a citation of 4,000 parameters took 3.2 s, 8,000 about 13 s. Only the
    # tag right after the citation can be removed by the fix.
    n = 8000
    cite = "{{cite web|url=http://x.org|archive-url=http://a.org|title=t|" + "|".join(f"p{i}=v" for i in range(n)) + "}}"
    text = "<ref>" + cite + " {{dead link}}" * n + "</ref>"
    diags = lint_text(text, select=["WL609"])
    assert len(diags) == n
    assert {d.message for d in diags} == {"Dead-link tag is redundant: the citation has |archive-url=http://a.org"}
    assert diags[0].fix is not None and [e.replacement for e in diags[0].fix.edits] == ["|url-status=dead", ""]
    assert all(d.fix is None for d in diags[1:])


def test_thousands_of_suppression_directives_on_one_line() -> None:
    # The suppression filter asked every directive of a line (and every file-level directive)
    # about each diagnostic, the unused-directive fix walked every directive for each unused one
    # and copied the line around each: 8,000 directives took 10 to 45 s.
    from wikilint import Linter, LintSettings

    n = 8000
    linter = Linter(LintSettings(select=["WL401", "WL003"]))
    line = "".join(f"[[a{i}|a{i}]] <!-- wikilint-disable-line WL401 -->" for i in range(n))
    diags = linter.lint(line)
    # every link suppressed, by the line's first directive: the others suppress nothing
    assert [d.code for d in diags] == ["WL003"] * (n - 1)
    assert diags[0].start == line.index("<!--", line.index("<!--") + 1)
    pairs = "".join(f"<!-- wikilint-disable WL401 -->\n[[a{i}|a{i}]]\n<!-- wikilint-enable WL401 -->\n" for i in range(n))
    assert linter.lint(pairs) == []  # every link suppressed, every directive used
    # unused directives: each reported once, each with a removal fix that also removes nothing else
    unused = "".join(f"x <!-- wikilint-disable WL401 --> y <!-- wikilint-enable WL401 --> " for i in range(n))
    diags = linter.lint(unused + "[[b|b]]")
    disables = [d for d in diags if d.code == "WL003" and "'WL401' in 'wikilint-disable'" in d.message]
    assert len(disables) == n
    fix = disables[-1].fix
    assert fix is not None and len(fix.edits) == 2  # the disable and the enable that closed only it
    assert [unused[e.start : e.end] for e in fix.edits] == [
        " <!-- wikilint-disable WL401 -->",
        " <!-- wikilint-enable WL401 -->",
    ]
    assert [d.code for d in diags].count("WL401") == 1  # the link after the last enable
    # file-level directives naming unknown and real rules: the real one suppresses every link
    files = "".join(f"<!-- wikilint-disable-file WL9{i % 10}, WL401 --> [[a{i}|a{i}]]" for i in range(n))
    assert [d.code for d in Linter(LintSettings(select=["WL401"])).lint(files)] == []


def test_parameter_suggestions_from_the_deletion_index_match_a_full_scan() -> None:
    # WL203 compared each unknown key with every known name (and ran difflib over all of them);
    # the names are now indexed by their two-deletion neighbourhoods and difflib only sees the
    # names its own length test would pass. The answer must be the full scan's.
    import difflib
    import random
    import string

    from wikilint.rules.templates.unknown_parameter import _Names, _osa, suggest
    from wikilint.sites import load_site

    def full_scan(key: str, known: list[str]) -> str | None:
        lower = key.lower()
        for wanted in (lower, lower.replace("_", "-").replace(" ", "-")):
            same = [k for k in known if k.lower() == wanted]
            if len(same) == 1:
                return same[0]
        limit = 1 if len(key) <= 5 else 2
        best: dict[int, list[str]] = {}
        for k in known:
            d = _osa(lower, k.lower(), limit)
            if d <= limit:
                best.setdefault(d, []).append(k)
        for d in sorted(best):
            return best[d][0] if len(best[d]) == 1 else None
        close = difflib.get_close_matches(key, known, n=2, cutoff=0.85)
        return close[0] if len(close) == 1 else None

    from wikilint.document import Document
    from wikilint.templatedata import templatedata_for

    site = load_site("enwiki")
    info = templatedata_for(Document("{{cite web}}", site=site)).get("Cite web", site)
    assert info is not None
    known = info.known_names()  # the names a {{cite web}} call is checked against
    assert len(known) > 100
    names = _Names(known)
    rnd = random.Random(11)
    answered = 0
    for _ in range(800):
        word = list(rnd.choice(known))
        for _ in range(rnd.randint(0, 3)):
            i = rnd.randrange(len(word) + 1)
            op = rnd.randint(0, 3)
            if op == 0 and i < len(word):
                del word[i]
            elif op == 1:
                word.insert(i, rnd.choice(string.ascii_lowercase + "-_ "))
            elif op == 2 and i < len(word):
                word[i] = rnd.choice(string.ascii_letters + "-")
            elif op == 3 and i + 1 < len(word):
                word[i], word[i + 1] = word[i + 1], word[i]
        key = "".join(word) or "x"
        want = full_scan(key, known)
        assert suggest(key, known, names) == want, key
        assert suggest(key, known) == want, key  # unindexed: a scan of every name
        answered += want is not None
    assert answered > 300
