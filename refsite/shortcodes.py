"""Generated blocks inside hand-written pages.

A hand-written page embeds data with an invisible shortcode, as Material's own docs do:
    <!-- data:counts -->        counts of entries by type
    <!-- data:latest 5 -->      the latest events
    <!-- data:downloads -->     the downloadable files, with sizes (refsite/downloads.py)
    <!-- data:cite-data -->     how to cite the data as a whole (refsite/cite.py)
An unknown shortcode is an error naming the page and line.
"""
from __future__ import annotations

import re

from .errors import DataError
from .render import Renderer

SHORTCODE_RE = re.compile(r"<!--\s*data:([a-z-]+)([^>]*?)\s*-->")
KNOWN = {"counts", "latest", "themes", "downloads", "cite-data"}


def expand(markdown: str, page_path: str, renderer: Renderer, rel_path: str) -> str:
    errors: list[DataError] = []

    def replace(m: re.Match) -> str:
        name = m[1]
        if name not in KNOWN:
            line = markdown[: m.start()].count("\n") + 1
            errors.append(DataError(rel_path, line, 1, f"unknown shortcode 'data:{name}'",
                                    "known: " + ", ".join(sorted(KNOWN))))
            return m[0]
        return str(renderer.shortcode(name, page_path, m[2].strip()))

    out = SHORTCODE_RE.sub(replace, markdown)
    if errors:
        from .errors import DataErrors

        raise DataErrors(errors)
    return out
