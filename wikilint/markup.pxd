# Cython declarations for markup.py (compiled only when the optional extension is built;
# markup.py stays plain Python and is what runs without it). The model's node classes become
# extension types whose positions are C integers (Py_ssize_t; a position that may be absent,
# None, stays an object) and whose flags are C booleans; the tree builder and the scanner become
# final extension types whose internal methods are C calls, with their hot locals typed.
cimport cython

from wikilint.tree cimport ExternalLink, Node, Tag, Wikilink

# the tree builder's insertion modes and the walks' bounds (module constants in markup.py)
cdef int _BODY, _TABLE, _ROW, _CELL
cdef Py_ssize_t _BOUND, _WALK


@cython.final
cdef class Element:
    cdef public str name
    cdef public str kind
    cdef public Py_ssize_t start
    cdef public Py_ssize_t open_end
    cdef public str attrs
    cdef public Element parent
    cdef public list children
    cdef public Py_ssize_t idx
    cdef public Py_ssize_t end
    cdef public object close_start
    cdef public bint auto_start
    cdef public bint auto_end
    cdef public bint self_closing
    cdef public bint open
    cdef public bint linted
    cdef public Element clone_of
    cdef public Element aaa_clone
    cdef public bint fostered
    cdef public list fostered_before
    cdef public bint in_list_item
    cdef public bint uncertain
    cdef public bint split_by_p
    cdef public Element heading
    cdef public bint in_table


@cython.final
cdef class Stripped:
    cdef public str name
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public bint closing
    cdef public Element parent
    cdef public Py_ssize_t idx
    cdef public bint linted


cdef class _Text:
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public bint ws
    cdef public bint opaque
    cdef public bint trail_ws
    cdef public Element parent
    cdef public Py_ssize_t idx


@cython.final
cdef class _Block(_Text):
    cdef public Py_ssize_t all_index


@cython.final
@cython.freelist(64)
cdef class _Tok:
    cdef public str name
    cdef public bint end_tag
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public str kind
    cdef public str attrs
    cdef public bint self_closing
    cdef public bint uncertain
    cdef public bint reopen


@cython.locals(runs=list, r=list, s=Py_ssize_t, e=Py_ssize_t, n=Py_ssize_t, n_i=Py_ssize_t,
               n_b=Py_ssize_t)
cdef list _quote_runs(str line)

@cython.locals(runs=list, widths=set, state=str, n=Py_ssize_t)
cpdef bint _quotes_balanced(str line) except -1


@cython.final
cdef class _Builder:
    cdef public object model
    cdef public str masked
    cdef public Element root
    cdef public list stack
    cdef public list afl
    cdef public int mode
    cdef public list all
    cdef public Py_ssize_t list_depth
    cdef public dict last_quote
    cdef public dict table_columns

    @cython.locals(top=Element)
    cdef bint _foster(self) except -1
    @cython.locals(stack=list, table=Element, cand=Element, k=Py_ssize_t, el=Element, parent=Element,
                   children=list)
    cdef _append(self, object node, bint foster=*)
    @cython.locals(stack=list, k=Py_ssize_t, lo=Py_ssize_t, el=Element, el_name=str)
    cdef Py_ssize_t _in_scope(self, str name, frozenset scope) except -2
    @cython.locals(end=Py_ssize_t, last_end=Py_ssize_t)
    cdef _close(self, Element el, Py_ssize_t pos, _Tok tok)
    @cython.locals(stack=list)
    cdef _pop_to(self, Py_ssize_t k, Py_ssize_t pos, _Tok tok)
    @cython.locals(stack=list, top=Element)
    cdef _implied_end(self, Py_ssize_t pos, str exclude=*)
    @cython.locals(k=Py_ssize_t)
    cdef _close_p(self, Py_ssize_t pos)
    @cython.locals(afl=list, last=Element, k=Py_ssize_t, lo=Py_ssize_t, j=Py_ssize_t, foster=bint,
                   old=Element, clone=Element)
    cdef _reconstruct(self, Py_ssize_t pos)
    @cython.locals(el=Element)
    cdef Element _insert(self, _Tok tok)
    @cython.locals(s=Stripped)
    cdef _strip(self, _Tok tok)
    @cython.locals(stack=list, k=Py_ssize_t, el=Element, name=str)
    cdef _reset_mode(self)
    @cython.locals(chunk=str, stripped=str, opaque=bint, node=_Text, parent=Element, afl=list,
                   last=Element, children=list)
    cdef text(self, Py_ssize_t start, Py_ssize_t end)
    cdef placeholder(self, Py_ssize_t start, Py_ssize_t end)
    @cython.locals(afl=list, parent=Element, el=Element, children=list, chunk=str, stripped=str,
                   opaque=bint, node=_Text)
    cdef link(self, Py_ssize_t start, Py_ssize_t end)
    @cython.locals(stack=list, name=str)
    cdef bint _simple_cell(self) except -1
    @cython.locals(afl=list)
    cdef _end_simple_cell(self, Py_ssize_t pos)
    cdef cell(self, _Tok tok)
    cdef row(self, _Tok tok)
    @cython.locals(stack=list, li=Element, ul=Element)
    cdef bint next_item(self, Py_ssize_t pos, Py_ssize_t prefix_end) except -1
    cdef heading_start(self, _Tok tok)
    @cython.locals(stack=list, top=Element)
    cdef heading_end(self, _Tok tok)
    @cython.locals(name=str, mode=int, k=Py_ssize_t, k2=Py_ssize_t, el=Element, stop=tuple)
    cdef start_tag(self, _Tok tok)
    @cython.locals(stack=list, k=Py_ssize_t, inline=list, el=Element, p=Element, old=Element,
                   clone=Element, j=Py_ssize_t)
    cdef Element open_paragraph(self, Py_ssize_t pos)
    @cython.locals(same=list, k=Py_ssize_t, e=Element)
    cdef _noahs_ark(self, Element el)
    cdef _pop_to_table_context(self, Py_ssize_t k, Py_ssize_t pos)
    @cython.locals(stack=list, top=Element)
    cdef _clear_to_row(self, Py_ssize_t pos)
    @cython.locals(k=Py_ssize_t)
    cdef bint _close_cell(self, Py_ssize_t pos) except -1
    @cython.locals(name=str, k=Py_ssize_t, h=str, scope=frozenset)
    cdef end_tag(self, _Tok tok)
    @cython.locals(stack=list, k=Py_ssize_t, el=Element)
    cdef _any_other_end(self, _Tok tok)
    @cython.locals(afl=list, fe=Element, fk=Py_ssize_t, k=Py_ssize_t, e=Element, stack=list,
                   sk=Py_ssize_t, fb=Py_ssize_t, block=Element, clone=Element)
    cdef _adoption(self, _Tok tok)
    cdef finish(self, Py_ssize_t pos)


cdef Py_ssize_t _BIG, _NRUNS
cdef dict _RUNS

@cython.final
cdef class _Pieces:
    cdef str text
    cdef bint stream
    cdef list pieces
    cdef list out
    cdef list pending
    cdef Py_ssize_t pos
    cdef Py_ssize_t last
    cdef Py_ssize_t top
    cdef bint ok
    cpdef add(self, Py_ssize_t s, Py_ssize_t e, str ch)
    cpdef close(self, Py_ssize_t s, Py_ssize_t e, str ch)
    @cython.locals(pending=list, s=Py_ssize_t, e=Py_ssize_t, ch=str)
    cdef _flush(self, Py_ssize_t upto)
    @cython.locals(pos=Py_ssize_t, n=Py_ssize_t)
    cdef _put(self, Py_ssize_t s, Py_ssize_t e, str ch)
    cpdef finish(self)

@cython.locals(text=str, scopes=list, links=list, all_links=list, tags=list, pc=_Pieces,
               cover_end=Py_ssize_t, nodes=list, start=Py_ssize_t, end=Py_ssize_t, pos=Py_ssize_t,
               bar=Py_ssize_t, line=str, raw=str, target=str, prefix=str, name=str, inner=str,
               top=str, nd=Node, wl=Wikilink, tg=Tag, xl=ExternalLink)
cpdef tuple _mask(object doc, bint stream=*)

@cython.locals(out=list, na=Py_ssize_t, nb=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t,
               last=Py_ssize_t, x=Node, y=Node)
cpdef list _merge_by_start(list a, list b)

@cython.locals(out=list, pos=Py_ssize_t, s=Py_ssize_t, e=Py_ssize_t, ch=str)
cpdef str _apply(str text, list pieces)

@cython.locals(end=Py_ssize_t, last=Py_ssize_t, start=Py_ssize_t)
cpdef object _caption_start(str text, object link)

@cython.locals(depth=Py_ssize_t, last=Py_ssize_t, i=Py_ssize_t, c=Py_UCS4)
cpdef Py_ssize_t _caption_bar(str text, Py_ssize_t s, Py_ssize_t end) except -2


@cython.final
cdef class _Scanner:
    cdef public list blocks
    cdef public Py_ssize_t scanned
    cdef public Py_ssize_t columns
    cdef public Py_ssize_t table_close
    cdef public list links
    cdef public list link_starts
    cdef public object model
    cdef public str m
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public bint top
    cdef public _Builder b
    cdef public list tags
    cdef public list tag_starts
    cdef public Py_ssize_t consumed
    cdef public Py_ssize_t find_from
    cdef public Py_ssize_t next_lt
    cdef public Py_ssize_t next_q
    cdef public Py_ssize_t next_tb

    @cython.locals(m=str, b=_Builder, pos=Py_ssize_t, end=Py_ssize_t, in_list=bint,
                   wiki_tables=Py_ssize_t, p_open=Element, nl=Py_ssize_t, le=Py_ssize_t,
                   cut=Py_ssize_t, blk=_Block, line=str, body=str, ind=Py_ssize_t,
                   prefix_len=Py_ssize_t, is_list=bint, after_prefix=str, tstart=Py_ssize_t,
                   after=Py_ssize_t, table=Element, close=Py_ssize_t, n=Py_ssize_t,
                   block_line=bint)
    cpdef _Builder run(self)
    @cython.locals(m=str, end=Py_ssize_t, cut=Py_ssize_t, filled=bint, nl=Py_ssize_t,
                   le=Py_ssize_t, line=str, after=Py_ssize_t, plen=Py_ssize_t, lt=Py_ssize_t,
                   q=Py_ssize_t, tb=Py_ssize_t, tag_or_quote=bint, c=Py_UCS4, blank=bint)
    cdef Py_ssize_t _plain_block(self, Py_ssize_t pos) except -1
    @cython.locals(m=str, end=Py_ssize_t, nl=Py_ssize_t, le=Py_ssize_t, line=str,
                   columns=Py_ssize_t, in_cell=bint, row_open=bint, rows=Py_ssize_t,
                   cells=Py_ssize_t, body=str, ind=Py_ssize_t, caption=bint, seps=list,
                   j=Py_ssize_t, cs=Py_ssize_t, ce=Py_ssize_t, content=str, bar=Py_ssize_t,
                   plen=Py_ssize_t, prev=object)
    cdef Py_ssize_t _plain_table(self, Py_ssize_t pos, bint filled, bint lazy=*) except -2
    @cython.locals(m=str, toks=list, blanks=list, tags=list, k=Py_ssize_t, name=str, attrs=str,
                   links=list, texts=list, last_end=Py_ssize_t, ls=Py_ssize_t, lend=Py_ssize_t,
                   ts=Py_ssize_t, te=Py_ssize_t, seg=str, parts=list, qbase=str, open_=list,
                   piece=str, ps=Py_ssize_t, closing=bint)
    cdef bint _balanced_line(self, Py_ssize_t a, Py_ssize_t e) except -1
    cdef _wiki_end(self, str name, Py_ssize_t pos, object end=*)
    @cython.locals(m=str, line=str, cells=list, j=Py_ssize_t, ms=Py_ssize_t, cs=Py_ssize_t,
                   ce=Py_ssize_t, content=str, attrs=str, bar=Py_ssize_t)
    cdef _cells(self, Py_ssize_t start, Py_ssize_t le, str name, Py_ssize_t width)
    @cython.locals(m=str, b=_Builder, k=Py_ssize_t, tags=list, links=list, j=Py_ssize_t,
                   pos=Py_ssize_t, spans=list, ls=Py_ssize_t, lend=Py_ssize_t, toks=list,
                   name=str, closing=bint, seg=str, texts=list, ts=Py_ssize_t, te=Py_ssize_t,
                   blank=list, qbase=str, parts=list, piece=str, ps=Py_ssize_t, pe=Py_ssize_t,
                   qt=list, first=Py_ssize_t, t=_Tok)
    cdef _inline(self, Py_ssize_t a, Py_ssize_t e)


cpdef bint _is_heading(str line) except -1
@cython.locals(k=Py_ssize_t, ch=Py_UCS4, j=Py_ssize_t, trailing=Py_ssize_t, r=Py_ssize_t,
               g1=Py_ssize_t, b=Py_ssize_t, i=Py_ssize_t)
cdef bint _is_heading_at(str m, Py_ssize_t a, Py_ssize_t e) except -1

cpdef tuple _tok_order(_Tok t)

@cython.locals(k=Py_ssize_t, head=str)
cdef Py_ssize_t _attr_bar(str content) except -2

cdef bint _has_block(str line) except -1

@cython.locals(lints=list, node=object, el=Element, name=str, opened=bint, params=dict,
               heading=Element, cat=str, fost=list)
cdef _lint(object model, _Builder builder, str text)

@cython.locals(g=object)
cpdef object _attr(object rx, str attrs)
@cython.locals(style=object)
cpdef bint _night_unaware(str attrs) except -1

cdef bint _may_lint(str m, Py_ssize_t s, Py_ssize_t e) except -1

@cython.locals(lints=list, text=str, seen_ids=set, node=object, el=Element, attrs=str, key=str,
               columns=Py_ssize_t, rows=Py_ssize_t, cells=Py_ssize_t)
cdef _lint_attrs_and_tables(object model, _Builder builder)

@cython.locals(i=Py_ssize_t, ch=Py_UCS4, c=Py_UCS4)
cpdef Py_ssize_t _scan_invisible(str text) except -2

cpdef list prefixed_links(str text, list links)
@cython.locals(out=list, wl=Wikilink, i=Py_ssize_t, e=Py_ssize_t)
cpdef list _prefixed_links_scan(str text, list links)
cdef frozenset _ROW_CELL_MARKUP
@cython.locals(out=list, tg=Tag, wm=object, attrs=object)
cpdef list row_cell_tags(list tags)
