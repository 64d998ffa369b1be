"""Generated blocks inside hand-written pages.

A hand-written page embeds data with an invisible shortcode, as Material's own docs do:
    <!-- data:counts -->        counts of entries by type
    <!-- data:latest 5 -->      the latest events
    <!-- data:downloads -->     the downloadable files, with sizes (refsite/downloads.py)
    <!-- data:cite-data -->     how to cite the data as a whole (refsite/cite.py)
    <!-- data:source-types -->  the source-type labels shown in footnotes (refsite/models.py)
    <!-- data:at-a-glance home -->  the questions shown on that page, answered by cited claims (data/questions/)
    <!-- data:themes -->        the themes, each with its description
Each is the template templates/shortcode_<name>.md.j2. An unknown shortcode is an error naming the page and line.
"""

from __future__ import annotations

import re

from .errors import DataError, DataErrors
from .render import TEMPLATES, Renderer

SHORTCODE_RE = re.compile(r"<!--\s*data:(?P<name>[a-z-]+)(?P<args>[^>]*?)\s*-->")
# Code is shown as written: a shortcode quoted in a fenced block or an inline code span (as the maintainers'
# page does) must not expand. One pass matches code first, so a shortcode inside code is never seen. A code
# span ends at its closing backticks and never crosses a blank line (a paragraph), as in Markdown.
_CODE_OR_SHORTCODE = re.compile(
    r"(?P<fence>^[ \t]*(?P<ticks>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=ticks)[ \t]*$)"
    r"|(?P<span>(?P<run>`+)(?:(?!\n[ \t]*\n)[^`])(?:(?!\n[ \t]*\n).)*?(?<!`)(?P=run)(?!`))"
    r"|" + SHORTCODE_RE.pattern,
    re.M | re.S,
)
# The shortcodes are the templates that render them: templates/shortcode_<name>.md.j2.
KNOWN = {p.name.removeprefix("shortcode_").removesuffix(".md.j2") for p in TEMPLATES.glob("shortcode_*.md.j2")}


def expand(markdown: str, page_path: str, renderer: Renderer, rel_path: str) -> str:
    errors: list[DataError] = []
    page = renderer.page(page_path)  # one page: the blocks' citations are numbered together

    def replace(m: re.Match[str]) -> str:
        if m["fence"] is not None or m["span"] is not None:
            return m[0]
        name, args = m["name"], m["args"]
        if name not in KNOWN:
            line = markdown[: m.start()].count("\n") + 1
            errors.append(
                DataError(rel_path, line, 1, f"unknown shortcode 'data:{name}'", "known: " + ", ".join(sorted(KNOWN)))
            )
            return m[0]
        return str(renderer.shortcode(name, page, args.strip()))

    out = _CODE_OR_SHORTCODE.sub(replace, markdown)
    notes = str(page.footnotes())
    if notes:
        out = out.rstrip("\n") + "\n\n" + notes + "\n"
    if errors:
        raise DataErrors(errors)
    return out
