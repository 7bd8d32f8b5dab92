"""A Markdown extension for the generated pages: `<caption>` is a block, as it is in HTML.

Python-Markdown's md_in_html treats tags it does not know as block-level as inline text and wraps them in a
paragraph, so the stack tables' `<caption>` came out as `<p><caption>…</caption></p>` inside `<table>`: invalid
nesting, after which the Nu Html Checker cannot read the rest of the page.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension

EXTRA_BLOCK_ELEMENTS = ("caption",)


class HtmlBlocks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        for tag in EXTRA_BLOCK_ELEMENTS:
            if tag not in md.block_level_elements:
                md.block_level_elements.append(tag)
