"""Metodbanken's content pipeline: load → validate → link → render → index/export.

Plain modules with no dependency on MkDocs; `hooks/mkdocs_hooks.py` wires them to MkDocs events.
"""
