"""Whole wikis: stream MediaWiki XML dumps (plain, gzip, bz2, multistream with its index),
lint every page with the same pipeline as ``wikilint check``, locally or on a Dask cluster,
and write JSON Lines, a fix worklist and an HTML report.

Importing this package is cheap; the reader (mwxml) and Dask load inside the functions that
need them.
"""
