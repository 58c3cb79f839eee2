# Cython declarations for tree.py (compiled only when the optional extension is built; tree.py
# stays plain Python and is what runs without it). Positions are C integers; a position that
# may be absent (None) stays a Python object.
cimport cython

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

@cython.locals(pos=Py_ssize_t, end=Py_ssize_t, i=Py_ssize_t, n_tokens=Py_ssize_t, op=int,
               skip_text=bint, top=list, everything=list, stack=list, cur_list=list,
               tag_attr=list, tag_phase=list, dispatch=dict)
cpdef tuple _build(list toks, str text, dict index, Py_ssize_t start=*, stop=*)
