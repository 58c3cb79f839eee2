"""Whole wikis: streaming XML dumps, local and Dask executors, resume, reports."""
