"""Links to a source's original: at the cited passage, by a URL text fragment built from the quote
(`#:~:text=start,end`), and to an archived copy. Links only: nothing is fetched at build or view time.

A text fragment finds words on the page as written there. The quote is the held text's wording, folded for
the checks (typographic quote marks, dashes, whitespace), so the fragment is built from runs of the quote's
words that no quotation mark or free-standing dash interrupts: the page may write “ where the quote has ",
and a quotation mark between two words would make them fail to match.
"""

from __future__ import annotations

import re
import urllib.parse

from .models import Source

FRAGMENT_WORDS = 5  # words of a long quote's start and end used as textStart,textEnd
WHOLE_WORDS = 10  # a quote of at most this many uninterrupted words is matched whole
_MARKS = '"“”„‟«»‹›'  # quotation marks (apostrophes are part of words: Serbia's)
_BREAK = re.compile(rf"^[{_MARKS}]*[-–—‒―]*[{_MARKS}]*$")  # a token of marks or a free-standing dash
_MARK_RUN = re.compile(f"[{_MARKS}]+")
_WORD_CHARACTER = re.compile(r"\w")


def _runs(quote: str) -> list[list[str]]:
    """The quote's words in runs that no quotation mark or free-standing dash interrupts."""
    runs: list[list[str]] = [[]]
    for token in quote.split():
        if _BREAK.match(token):
            runs.append([])
            continue
        pieces = _MARK_RUN.split(token)
        for k, piece in enumerate(pieces):
            if k:
                runs.append([])  # a quotation mark between: the page may write it otherwise
            if piece and (len(pieces) == 1 or _WORD_CHARACTER.search(piece)):  # '&' stays, a ',' after a mark not
                runs[-1].append(piece)
    return [r for r in runs if r]


def _encode(text: str) -> str:
    """Percent-encoded for a text directive: everything but letters, digits and '_.~' ('-', '&' and ',' are
    the directive's own syntax; '#', quotes, spaces and non-Latin letters are encoded as UTF-8)."""
    return urllib.parse.quote(text, safe="").replace("-", "%2D")


def text_fragment(quote: str) -> str:
    """'#:~:text=…' that scrolls the original to the quoted words and highlights them ('' for a quote with no
    words). One uninterrupted run of at most WHOLE_WORDS words is matched whole; otherwise the first words of
    the first run and the last words of the last run, as textStart,textEnd."""
    runs = _runs(quote)
    if not runs:
        return ""
    first, last = runs[0], runs[-1]
    if len(runs) == 1 and len(first) <= WHOLE_WORDS:
        return "#:~:text=" + _encode(" ".join(first))
    start = first[:FRAGMENT_WORDS]
    end = last[-FRAGMENT_WORDS:]
    if len(runs) == 1:  # one long run: its start and end must not overlap
        end = first[max(len(start), len(first) - FRAGMENT_WORDS) :]
    return "#:~:text=" + _encode(" ".join(start)) + "," + _encode(" ".join(end))


def at_passage(url: str, quote: str) -> str:
    """url opened at the quoted passage: the directive follows the URL's own fragment if it has one
    ('…#section-2:~:text=…'), never a second '#'."""
    directive = text_fragment(quote)
    if not directive:
        return url
    return url + (directive[1:] if "#" in url else directive)


def same_words(src: Source) -> bool:
    """Whether the page at the source's address holds the very words we hold, so that a quote can be found
    there: not a translation, not a machine translation, not a video or someone else's summary of one."""
    return (
        bool(src.urls)
        and src.video is None
        and src.machine_translation == "no"
        and not src.original_language
        and src.format != "summary"
        and src.type != "third-party-summary"
    )


def archive_url(src: Source, url: str) -> str:
    """The Wayback Machine's copy nearest the publication date (its list of copies when undated)."""
    date = src.published if src.published != "undated" else None
    stamp = date.start.iso.replace("-", "").rstrip("s") if date is not None else "*"
    return f"https://web.archive.org/web/{stamp}/{url}"
