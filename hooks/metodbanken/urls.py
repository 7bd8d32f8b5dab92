"""URLs as a browser reads them: which scheme a link has and whether it stays on this site.

Validation refuses card links a browser would run or fetch from elsewhere, and the sanitiser drops them from the
pages; both read them here.
"""

from __future__ import annotations

import re

# Links may leave the site; nothing may be fetched from another host (see sanitise._filter_attribute).
LINK_SCHEMES = frozenset({"https", "http", "mailto"})

# Browsers drop ASCII whitespace and control characters inside a URL before reading its scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read, e.g. 'javascript' for 'java\\nscript:…'; None for a relative URL."""
    match = _SCHEME.match(_URL_NOISE.sub("", url).lower().lstrip("<"))  # Markdown allows '[x](<url>)'
    return match.group(1) if match else None


def is_local_url(url: str) -> bool:
    """True for a URL that stays on this site: no scheme and no '//' host."""
    cleaned = _URL_NOISE.sub("", url).replace("\\", "/")
    return url_scheme(url) is None and not cleaned.startswith("//")
