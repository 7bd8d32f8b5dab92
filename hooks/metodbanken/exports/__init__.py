"""The data files: cards as JSON and CSV, the feed, the JSON Schemas, the contribution form's spec and the
finder's search index.
"""
