"""What card text may make of the page's markup: the admonition types it may use, and the ids only the page may
set. Validation refuses other types with a Swedish message (content/validate.py), and the sanitiser drops
whatever slips past it (site/sanitise.py); both read the lists here. Plain Python: `validate` needs only PyYAML.
"""

from __future__ import annotations

import re

# The types of `!!! type "Rubrik"` a card may use: Material's own admonition types, each only colouring its box
# (`.md-typeset .admonition.tip`). Any other word becomes a class on the box, and a class of the theme
# (`!!! md-dialog md-dialog--active`) would put a toast or a full-screen overlay over the page.
ADMONITION_TYPES = (
    "note",
    "abstract",
    "info",
    "tip",
    "success",
    "question",
    "warning",
    "failure",
    "danger",
    "bug",
    "example",
    "quote",
)
# The classes Python-Markdown's admonition extension puts around a box of one of those types.
ADMONITION_CLASSES = ("admonition", "admonition-title", *ADMONITION_TYPES)

# Ids the page's scripts look for begin so: the site's own (mb-finder, mb-data-paths), Material's (__drawer,
# __search, __config) and any Material may add (md-…). A heading in card text must not get one of them.
RESERVED_ID = re.compile(r"^(?:mb-|md-|__)")
RESERVED_ID_PREFIX = "avsnitt-"  # put before such an id made from a heading (site/sanitise.heading_slug)
