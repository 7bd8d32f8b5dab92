"""The finder's search: word analysis, what is indexed, the lunr indexes and the finder's data files."""
