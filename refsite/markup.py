"""Turning text from data into safe Markdown.

Everything from YAML is escaped for both HTML and Markdown, so a data file cannot inject markup,
scripts or links. The only markup editors may use is a small inline subset:
*emphasis*, **strong** and links to other entries as [[entry-id]] or [[entry-id|label]].
"""

from __future__ import annotations

from collections.abc import Callable
import functools
import re

from markupsafe import Markup

# Python-Markdown's backslash-escapable characters (plus '|' from tables) get a backslash; &, < and >
# become entities. Other characters are not syntax in this site's configuration, and escaping them
# would show a stray backslash.
_MD_BACKSLASHED = "\\`*_{}[]()#+-.!|"
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Text is escaped some 400,000 times in a build of 3,000 entries. One str.replace per character that occurs (C,
# and skipped when the character is absent) is several times faster than one str.translate pass, which takes
# its slow path for replacements longer than a character. The steps are ordered so that no step sees what an
# earlier one wrote (the backslash and '&' go first): each character is replaced once, as a translation would.
_MD_STEPS = [("\\", "\\\\"), *_HTML.items(), *((ch, "\\" + ch) for ch in _MD_BACKSLASHED[1:])]


def _replace_each(text: str, steps: list[tuple[str, str]]) -> str:
    for old, new in steps:
        if old in text:
            text = text.replace(old, new)
    return text


_INLINE = re.compile(r"\*\*(?P<strong>[^*]+?)\*\*|\*(?P<em>[^*]+?)\*|\[\[(?P<id>[^\]|]+)(?:\|(?P<label>[^\]]+))?\]\]")


def one_line(value: object) -> str:
    """The text on one line: runs of whitespace (line breaks, tabs) become one space, none at the ends."""
    return " ".join(str(value).split())


def md_escape(value: object) -> Markup:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    if isinstance(value, Markup):
        return value
    if type(value) is str:
        return _md_escape_str(value)
    return _escape_md(one_line(value))


@functools.lru_cache(maxsize=1 << 16)
def _md_escape_str(text: str) -> Markup:
    # The same titles, names, labels and dates are printed on many pages: each is escaped once per process.
    return _escape_md(one_line(text))


def _escape_md(text: str) -> Markup:
    """Escape as md_escape does, keeping the text's spaces (a piece between inline markup keeps its edges)."""
    return Markup(_replace_each(text, _MD_STEPS))


# HTML's five (as markupsafe escapes them), then Markdown's syntax characters as character references.
_MD_IN_HTML = {"[": "&#91;", "]": "&#93;", "`": "&#96;", "\\": "&#92;", "|": "&#124;", "{": "&#123;", "}": "&#125;"}
_HTML_STEPS = [(ch, ref) for ch, ref in {**_HTML, '"': "&#34;", "'": "&#39;", **_MD_IN_HTML}.items()]  # '&' first


def html_escape(value: object) -> Markup:
    """For attribute values and raw HTML blocks, where Markdown escapes are not processed.

    Python-Markdown runs its link, code and escape patterns before it sets inline HTML aside, so inside
    <a href="…"> a value like `https://x/[a](javascript:…)` would become a link, and a `|` would split a
    table row. Those characters become character references, which browsers read as the same value.
    """
    if type(value) is str:
        return _html_escape_text(value)
    return Markup(_replace_each(one_line(value), _HTML_STEPS))


@functools.lru_cache(maxsize=65536)
def _html_escape_text(text: str) -> Markup:  # as _md_escape_str: attribute values repeat (ids, classes, labels)
    return Markup(_replace_each(one_line(text), _HTML_STEPS))


def inline(value: object, link: Callable[[str, str | None], Markup]) -> Markup:
    """Render the allowed inline subset; link(id, label) returns Markdown for an entry link."""
    if type(value) is str and "[[" not in value:  # no link: the same on every page
        return _inline_unlinked(value)
    text = one_line(value)
    if "[[" not in text:
        return _inline_unlinked(text)
    return _inline(text, link)


@functools.lru_cache(maxsize=65536)
def _inline_unlinked(text: str) -> Markup:
    # Keyed by the text as written: claims are printed on their entry's page and on each source page they cite,
    # and putting a long text on one line costs more than finding it in the cache.
    text = one_line(text)
    if "*" not in text:  # no emphasis either, as most texts: the text escaped, as _inline would give it
        return _escape_md(text)
    return _inline(text, _no_link)


def _no_link(entry_id: str, label: str | None) -> Markup:
    raise AssertionError(f"no [[link]] expected in the text, found {entry_id}")


def _inline(text: str, link: Callable[[str, str | None], Markup]) -> Markup:
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(_escape_md(text[pos : m.start()]))
        if m["strong"] is not None:
            out.append(Markup("**") + md_escape(m["strong"]) + Markup("**"))
        elif m["em"] is not None:
            out.append(Markup("*") + md_escape(m["em"]) + Markup("*"))
        else:
            out.append(link(m["id"].strip(), m["label"]))
        pos = m.end()
    out.append(_escape_md(text[pos:]))
    return Markup("".join(out))  # every piece is Markup: Markup.join would copy each into a new one


def plain(value: object) -> str:
    """Inline subset -> plain text (for titles, descriptions, feeds)."""
    text = one_line(value)
    if "[[" not in text and "*" not in text:  # most texts (the downloads ask for some 40,000)
        return text
    text = re.sub(r"\[\[([^\]|]+)\|([^\]]+)\]\]", r"\2", text)
    text = re.sub(r"\[\[([^\]|]+)\]\]", r"\1", text)
    return re.sub(r"\*\*?([^*]+)\*\*?", r"\1", text)
