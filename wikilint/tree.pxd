# Cython declarations for tree.py (compiled only when the optional extension is built; tree.py
# stays plain Python and is what runs without it). Positions are C integers; a position that
# may be absent (None) stays a Python object.
cimport cython

# the builder's op codes (module constants in tree.py)
cdef int _TEXT, _TPL_OPEN, _TPL_SEP, _TPL_EQ, _TPL_CLOSE, _ARG_OPEN, _ARG_SEP, _ARG_CLOSE
cdef int _WL_OPEN, _WL_SEP, _WL_CLOSE, _EL_OPEN, _EL_SEP, _EL_CLOSE, _ENT_START, _HEAD_START
cdef int _HEAD_END, _COM_START, _COM_END, _TAG_OPEN, _ATTR_START, _ATTR_EQ, _ATTR_QUOTE
cdef int _TAG_CLOSE_OPEN, _TAG_SELFCLOSE, _TAG_OPEN_CLOSE, _TAG_CLOSE_CLOSE

cdef class Node:
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public object parent

cdef class Text(Node):
    pass

cdef class Entity(Node):
    cdef public object value
    cdef public bint named
    cdef public bint hexadecimal

cdef class Comment(Node):
    cdef public Py_ssize_t content_start
    cdef public Py_ssize_t content_end
    cdef public object _nodes

cdef class Heading(Node):
    cdef public Py_ssize_t level
    cdef public Py_ssize_t title_start
    cdef public Py_ssize_t title_end
    cdef public object _nodes

@cython.freelist(256)
cdef class Parameter:
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public object key_start
    cdef public object key_end
    cdef public Py_ssize_t value_start
    cdef public Py_ssize_t value_end
    cdef public bint showkey
    cdef public object name
    cdef public object _key_nodes
    cdef public object _value_nodes
    cdef public object template
    cdef public object _key

cdef class Template(Node):
    cdef public Py_ssize_t name_start
    cdef public Py_ssize_t name_end
    cdef public object _name_nodes
    cdef public object _params
    cdef public object _name

cdef class Argument(Node):
    cdef public Py_ssize_t name_start
    cdef public Py_ssize_t name_end
    cdef public object default_start
    cdef public object default_end
    cdef public object _nodes

cdef class Wikilink(Node):
    cdef public Py_ssize_t title_start
    cdef public Py_ssize_t title_end
    cdef public object text_start
    cdef public object text_end
    cdef public object _nodes

cdef class ExternalLink(Node):
    cdef public bint brackets
    cdef public Py_ssize_t url_start
    cdef public Py_ssize_t url_end
    cdef public object title_start
    cdef public object title_end
    cdef public object _nodes

@cython.freelist(256)
cdef class Attribute:
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public Py_ssize_t name_start
    cdef public Py_ssize_t name_end
    cdef public object value_start
    cdef public object value_end
    cdef public object quote
    cdef public object _name_nodes
    cdef public object _value_nodes
    cdef public Py_ssize_t pad_eq
    cdef public Py_ssize_t pad_before

cdef class Tag(Node):
    cdef public object name
    cdef public Py_ssize_t tag_start
    cdef public Py_ssize_t tag_end
    cdef public object _attrs
    cdef public bint self_closing
    cdef public bint implicit
    cdef public bint invalid
    cdef public object wiki_markup
    cdef public object contents_start
    cdef public object contents_end
    cdef public object close_start
    cdef public object _nodes
    cdef public object _tag_nodes

@cython.locals(pos=Py_ssize_t, i=Py_ssize_t, n_tokens=Py_ssize_t, op=int, skip_text=bint, consume=bint,
               top=list, everything=list, stack=list, cur_list=list, tag_attr=list, tag_phase=list,
               dispatch=dict, txt=Text, wl=Wikilink, tpl=Template, param=Parameter, tag=Tag,
               attr=Attribute, el=ExternalLink)
cpdef tuple _build(list toks, str text, dict index, Py_ssize_t start=*, stop=*, bint consume=*)

@cython.locals(wl=Wikilink, tpl=Template, tag=Tag, el=ExternalLink, heading=Heading, comment=Comment, arg=Argument)
cpdef unlink(list wikilinks, list templates, list tags, list external_links, list headings, list comments, list arguments)

cdef bint _skip(object owner, list tag_phase, list tag_attr) except -1

cdef int _end_param(Parameter param, Py_ssize_t pos) except -1

@cython.locals(p=Parameter)
cdef int _freeze_template(Template tpl) except -1

@cython.locals(index=Py_ssize_t, p=Parameter)
cdef int _number_params(Template tpl) except -1

@cython.locals(attr=Attribute)
cdef Py_ssize_t _end_attr(list tag_attr, Py_ssize_t pos) except -1
