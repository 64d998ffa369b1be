"""What the preview server (`mkdocs serve`) shows while data/ has an error: the errors themselves, in the browser.

A build with a data error fails, and MkDocs' server then holds every request until a build succeeds: the
browser hangs and only the terminal says why. While serving, the hook instead finishes the build with these
pages: every page (hand-written, or one of the generated list pages) becomes the list of errors, each
`file:line:col: message (hint)`, and so does the "not found" page that the server returns for any other
address (an entry's own page), which reloads itself every few seconds. The next good save rebuilds the site
and the browser reloads it. `mkdocs build` is never affected: it fails as before.
"""

from __future__ import annotations

from collections.abc import Iterable
import html

from .errors import DataError
from .index import CORRECTIONS_PAGE, KINDS

TITLE = "The data has errors"
# Generated pages a reader is likely to have open: the list pages and folder indexes (an entry's own page is
# served the "not found" page, which shows the same errors).
LIST_PAGES = [
    *(k.shared_page for k in KINDS.values() if k.generated and k.shared_page),
    *(f"{k.own_dir}/index.md" for k in KINDS.values() if k.generated and k.own_dir),
    CORRECTIONS_PAGE,
    "contested.md",
    "changes.md",
]


def error_markdown(errors: Iterable[DataError]) -> str:
    """A page listing the errors (Markdown, every value escaped: file names and messages come from data)."""
    items = "\n".join(f"<li><code>{html.escape(str(e))}</code></li>" for e in errors)
    return (
        f"# {TITLE}\n\n"
        "The site is not rebuilt until they are fixed: fix each file at the line and column given, save, and "
        "this page reloads with the site. `python -m refsite validate` lists the same errors.\n\n"
        f'<ol class="refsite-data-errors">\n{items}\n</ol>\n'
    )


def error_pages(errors: Iterable[DataError], existing: Iterable[str]) -> dict[str, str]:
    """{src_uri: Markdown} of the generated list pages that do not exist as files, each showing the errors."""
    have = set(existing)
    text = error_markdown(errors)
    return {uri: text for uri in LIST_PAGES if uri not in have}


def error_html(errors: Iterable[DataError], reload_seconds: int = 3) -> str:
    """A standalone "not found" page listing the errors, reloading itself until the site is back."""
    items = "\n".join(f"<li><code>{html.escape(str(e))}</code></li>" for e in errors)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5}code{white-space:pre-wrap;overflow-wrap:anywhere}"
        "@media (prefers-color-scheme:dark){body{background:#1e2129;color:#e2e4e9}}</style>"
        f'<meta http-equiv="refresh" content="{reload_seconds}">'
        f"<title>{TITLE}</title></head><body>\n<h1>{TITLE}</h1>\n"
        "<p>The site is not rebuilt until they are fixed: fix each file at the line and column given and save; "
        "this page reloads by itself.</p>\n"
        f"<ol>\n{items}\n</ol>\n</body></html>\n"
    )
