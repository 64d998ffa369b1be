"""Search that forgives spelling: fold diacritics and scripts, and let every name find its aliases.

Material's search (lunr) matches typed words against the words of the index as they are, so "Vucic" never
finds "Vučić" and "Вучић" never finds either. After MkDocs has written search/search_index.json, the build
adds two fields to each of its documents (and to the index's field list, which Material's search worker
indexes as it finds them):

- ``folded_title`` / ``folded``: the title's / text's words folded to plain lower-case ASCII (Vučić -> vucic,
  Krušik -> krusik, Вучић -> vucic), only where folding changes a word, and the Cyrillic spellings of words
  written in Serbian Latin letters (Krušik -> крушик, Šojgu -> шојгу and шойгу), since Serbian Latin and
  Cyrillic map one to one;
- the names of every actor the document mentions, in all their spellings (name and aliases, as written and
  folded, their English-style transliterations and, for people, their Cyrillic spellings), so that a search
  for one spelling (Shoigu, Путин) finds the pages that use another (Šojgu, Putin);
- the reviewed variants of key words (refsite/search_variants.py) and hyphenated designations as one word.

Only words from data get other spellings: Cyrillic letters for every capitalised English word (Notes ->
нотес) were a quarter of the index and matched nothing a reader types. The displayed title and text are
untouched; the extra fields are never shown. Nothing here imports MkDocs: the hook only hands over the path
of the index and the actors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import functools
import html
import json
import operator
from pathlib import Path
import re
from typing import Any
import unicodedata

import orjson

from .search_variants import VARIANTS

# Serbian Cyrillic (the standard Latin transliteration), plus the Russian letters Serbian lacks. The result
# is then folded like any Latin text, so Вучић -> Vučić -> vucic and Шойгу -> Šojgu -> sojgu.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "đ",
    "е": "e",
    "ж": "ž",
    "з": "z",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "ć",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "č",
    "џ": "dž",
    "ш": "š",
    # Russian, Ukrainian, Belarusian, Macedonian
    "й": "j",
    "ё": "e",
    "ы": "y",
    "э": "e",
    "ю": "ju",
    "я": "ja",
    "щ": "šč",
    "ъ": "",
    "ь": "",
    "є": "je",
    "і": "i",
    "ї": "ji",
    "ґ": "g",
    "ў": "u",
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
}
# Letters that Unicode does not decompose into a base letter plus a mark.
_SPECIAL = {"đ": "dj", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "ı": "i", "þ": "th", "ð": "d"}
# Serbian Latin to Cyrillic, one to one (Vuk's alphabet; lj, nj and dž are single letters): so that any
# Cyrillic spelling of a name finds its entry without hand-listing it as an alias. The Russian
# spelling differs in a few letters (Шойгу, Вучич): that variant is added too.
_LATIN_TO_CYRILLIC = {
    "a": "а",
    "b": "б",
    "c": "ц",
    "č": "ч",
    "ć": "ћ",
    "d": "д",
    "đ": "ђ",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "ј",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "š": "ш",
    "t": "т",
    "u": "у",
    "v": "в",
    "z": "з",
    "ž": "ж",
}
_DIGRAPHS = (("dž", "џ"), ("lj", "љ"), ("nj", "њ"))
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)
_RUSSIAN_STYLE = str.maketrans({"ј": "й", "ћ": "ч", "ђ": "дж", "џ": "дж", "љ": "ль", "њ": "нь"})
_WORD = re.compile(r"\w+")
VARIANT_KEYS = frozenset(VARIANTS)
_TAG = re.compile(r"<[^>]*>")


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (Serbian conventions); other characters unchanged. Input is lower-case."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


# Both tables in one: Cyrillic letters map to their Latin letters with _SPECIAL already applied (ђ -> đ -> dj).
# The search index carries it (config.letters), so that search-on-demand.js folds a page's words as fold() does
# and marks Вучић on a page found by "Vucic".
FOLD_LETTERS = {**_SPECIAL, **{k: "".join(_SPECIAL.get(c, c) for c in v) for k, v in _CYRILLIC.items()}}
_TRANSLIT = str.maketrans(FOLD_LETTERS)
_NEEDS_TRANSLIT = re.compile("[" + re.escape("".join(_SPECIAL) + "".join(_CYRILLIC)) + "]")


def fold(text: str) -> str:
    """Lower-case plain-ASCII-letter form of text: 'Vučić' -> 'vucic', 'Вучић' -> 'vucic', 'Đilas' -> 'djilas'."""
    if text.isascii():  # most of the index: nothing to transliterate or strip
        return text.lower()
    # One C-level pass for both tables (the same as transliterate(), then _SPECIAL, char by char).
    text = unicodedata.normalize("NFC", text).lower()
    if _NEEDS_TRANSLIT.search(text):  # translate() looks up every character: only when it changes some
        text = text.translate(_TRANSLIT)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    marks = {ord(ch): None for ch in set(decomposed) if unicodedata.combining(ch)}
    return decomposed.translate(marks) if marks else decomposed


@functools.lru_cache(maxsize=65536)
def cyrillic(word: str) -> frozenset[str]:
    """The Cyrillic spellings of a word in Serbian Latin letters: Serbian (Šojgu -> шојгу, Krušik -> крушик)
    and Russian-style (шойгу, вучич). Empty for words with letters Serbian lacks (q, w, x, y) or none at all."""
    low = unicodedata.normalize("NFC", word.lower())
    if not low or any(ch not in _LATIN_TO_CYRILLIC for ch in low):
        return frozenset()
    with_digraphs = low
    for latin, letter in _DIGRAPHS:
        with_digraphs = with_digraphs.replace(latin, letter)
    out = {with_digraphs.translate(_TO_CYRILLIC), low.translate(_TO_CYRILLIC)}
    return frozenset(out | {w.translate(_RUSSIAN_STYLE) for w in out})


def variants(word: str) -> set[str]:
    """The spellings of one word a reader may type, lower-cased: as written, folded, and with đ -> d."""
    low = word.lower()
    out = {low, fold(low)}
    if "đ" in low or "ђ" in low:  # the letters that transliterate to đ (a word's transliteration costs a loop)
        out.add(fold(transliterate(low).replace("đ", "d")))
    return {v for v in out if v}


@functools.lru_cache(maxsize=65536)
def _variants(word: str) -> frozenset[str]:
    return frozenset(variants(word))  # words repeat across the whole index


_SERBIAN_LETTERS = re.compile("[čćšžđČĆŠŽĐ]")


@functools.lru_cache(maxsize=131072)
def _word_forms(word: str) -> frozenset[str]:
    """Every form a reader may type for one word of the index: as written, folded, and, for a word written in
    Serbian Latin letters (Krušik, Niš), its Cyrillic spellings."""
    forms = _variants(word)
    if _SERBIAN_LETTERS.search(word):
        forms = forms | cyrillic(word)
    return forms


# English-style transliterations of Serbian Latin letters (and so of Serbian and Russian Cyrillic, which
# transliterate to them): how English-language media spell the same names (Vučić: Vuchich, Vucich; Šojgu:
# Shoygu, Shojgu). Each letter's options; a word gets every combination, capped.
_ENGLISH = {"č": ("ch", "c"), "ć": ("ch", "c", "tch"), "š": ("sh", "s"), "ž": ("zh", "z"), "đ": ("dj", "d", "j")}
_ENGLISH_J = ("j", "y", "i")  # j between or after vowels: Šojgu -> Shoygu, Shoigu
_MAX_FORMS = 48


@functools.lru_cache(maxsize=65536)
def english_forms(word: str) -> frozenset[str]:
    """English-style spellings of a Serbian Latin (or Serbian or Russian Cyrillic) word, lower-cased:
    Vučić -> vuchich, vucich, vuchic …; Šojgu -> shoygu, shojgu, shoigu; plain ASCII words give nothing."""
    low = unicodedata.normalize("NFC", word.lower())
    if not _NEEDS_TRANSLIT.search(low) and "j" not in low and not any(ch in low for ch in _ENGLISH):
        return frozenset()
    low = transliterate(low)
    forms = [""]
    for i, ch in enumerate(low):
        if ch in _ENGLISH:
            options: tuple[str, ...] = _ENGLISH[ch]
        elif ch == "j" and i > 0 and low[i - 1] in "aeiou":
            options = _ENGLISH_J
        else:
            options = (ch,)
        forms = [f + o for f in forms for o in options][:_MAX_FORMS]
    out = {fold(f) for f in forms}
    out.discard(fold(low))
    return frozenset(v for v in out if v.isascii())


_COMPOUND = re.compile(r"\b([A-Za-z]{1,6})-(\d{1,4}[A-Za-z0-9]*)\b")
# A footnote mark as Material indexes it (attributes stripped: <sup>12</sup>) or as written (<sup id="fnref…">).
_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>|<sup>\s*\[?\d+\]?\s*</sup>', re.S)


def compounds(text: str) -> set[str]:
    """Designations written with a hyphen, also as one word: MiG-29 -> mig29, T-72B1MS -> t72b1ms (the search
    splits at hyphens, so 'Mig29' typed as one word found nothing)."""
    out = set()
    for letters, rest in _COMPOUND.findall(text):
        out.add((letters + rest).lower())
        out.add((letters + re.match(r"\d+", rest).group()).lower())  # type: ignore[union-attr]  # MiG-29s: mig29
    return out


# Two changes to a page's HTML for Material's search parser, made in one pass over the page:
# - a line after a line break and after the end of a table cell or row written without one: that parser drops
#   the tag without leaving a space ('excerpt</span><br><small>TASS' was indexed as 'excerptTASS',
#   '<th>Poll</th><th>Answer</th>' as 'PollAnswer'); a reader sees the same page (a new line after a break is
#   collapsed, and so is white space between cells);
# - tables' column headings out of the index: they say what the cells are, not what the page says, and opened
#   every snippet of a hit inside a table (Material shows the block of text a hit is in, and a table is one
#   block: "Value What the source says Source …" on Contested points).
_FOR_THE_SEARCH = re.compile(r"<(?:(br\s*/?|/t[dhr])>(?=\S)|thead>)", re.I)
_UNINDEXED_HEAD = '<thead data-search-exclude="">'


def _for_the_search(match: re.Match[str]) -> str:
    return _UNINDEXED_HEAD if match.group(1) is None else match.group(0) + "\n"


def page_html(html: str) -> str:
    """A page's HTML as the search should read it, the same page to a reader: words apart at line breaks and
    table cells, and tables' column headings out of the index."""
    return _FOR_THE_SEARCH.sub(_for_the_search, html)


def without_footnote_marks(markup: str) -> str:
    """The indexed HTML without footnote marks, which the search otherwise glues to the words before them
    ('Balkans.39404121')."""
    return _FOOTNOTE_REF.sub("", markup)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def plain_text(markup: str) -> str:
    """The readable text of the HTML fragment Material stores in its index."""
    return html.unescape(_TAG.sub(" ", markup))


@dataclass(frozen=True)
class NameGroup:
    """All spellings of one actor's name."""

    actor_id: str
    spellings: tuple[str, ...]  # as written in data: name, then aliases
    person: bool = False  # a person's name is written in Cyrillic as in Latin (Putin: путин); "Notes" is not

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(" ".join(words(fold(s))) for s in self.spellings if words(fold(s))))

    def index_words(self) -> set[str]:
        """Every word of every spelling, lower-cased and folded, in English-style transliteration and, for a
        person or a word in Serbian letters, in Cyrillic: what a search for any of them should find."""
        out: set[str] = set()
        for spelling in self.spellings:
            for w in words(spelling):
                out |= _word_forms(w) | english_forms(w)
                if self.person:
                    out |= cyrillic(w)
        return out


def name_groups(actors: Iterable[Any]) -> list[NameGroup]:
    """One group per actor that has more than one spelling, or is a person (whose one name still has its
    Cyrillic and English-style spellings)."""
    groups = []
    for actor in actors:
        spellings = tuple(dict.fromkeys([actor.name, *actor.aliases]))
        person = actor.type == "person"
        if len(spellings) > 1 or person:
            groups.append(NameGroup(actor.id, spellings, person))
    return groups


@dataclass(frozen=True, slots=True)
class _Token:
    """What one whitespace-separated token of a text gives the index; texts repeat their tokens, so each is
    worked out once per build. A token's words are the text's words there: no word spans white space, white
    space folds to white space, and lower() sees no letter across it."""

    present: frozenset[str]  # its words as written, lower-cased
    extra: frozenset[str]  # the forms a reader may type for them (_word_forms) and its compounds, less `present`
    folded: tuple[str, ...]  # its folded words
    folded_text: str  # the same in order, joined by spaces


@functools.lru_cache(maxsize=262144)
def _token(token: str) -> _Token:
    own = words(token)
    present = frozenset(w.lower() for w in own)
    extra = frozenset().union(*map(_word_forms, own))
    if "-" in token:
        extra |= compounds(token)
    folded = words(fold(token))
    # Most tokens are plain lower-case-able English words: nothing to add, an empty set to unite.
    return _Token(present, extra - present, tuple(folded), " ".join(folded))


_PRESENT = operator.attrgetter("present")
_EXTRA = operator.attrgetter("extra")
_FOLDED = operator.attrgetter("folded")
_FOLDED_TEXT = operator.attrgetter("folded_text")


class Folder:
    """Computes the extra search words of a title or a text; compiled once per build."""

    def __init__(self, groups: list[NameGroup]):
        self.groups = groups
        # Whole words only, on the folded text ("ap" must not match inside "chapter"). One dictionary for all
        # actors, so a text costs the same however many actors there are (a regex per actor made the build
        # quadratic: documents x actors): a one-word spelling is found among the text's folded words, a longer
        # one, once its first word is there, in the folded words joined by single spaces.
        self._one_word: dict[str, list[NameGroup]] = {}
        # first word -> (" spelling ", its words) -> groups
        self._longer: dict[str, dict[tuple[str, frozenset[str]], list[NameGroup]]] = {}
        for group in groups:
            for spelling in group.folded:
                first, space, _ = spelling.partition(" ")
                if space:
                    key = (f" {spelling} ", frozenset(spelling.split(" ")))
                    self._longer.setdefault(first, {}).setdefault(key, []).append(group)
                else:
                    self._one_word.setdefault(spelling, []).append(group)
        self._index_words = {group: frozenset(group.index_words()) for group in groups}

    def extra_words(self, text: str) -> list[str]:
        """Words to add to the index for text: folded forms that differ, the Cyrillic spellings of words in
        Serbian letters, all spellings of named actors, the reviewed variants of key words
        (refsite/search_variants.py) and hyphenated designations as one word."""
        tokens = text.split()
        distinct = set(tokens)
        seen = list(map(_token, distinct))  # map and union: C-level loops, texts have thousands of words
        present: set[str] = set().union(*map(_PRESENT, seen))
        extra: set[str] = set().union(*map(_EXTRA, seen))
        folded: set[str] = set().union(*map(_FOLDED, seen))
        for word in folded & VARIANT_KEYS:
            extra.update(VARIANTS[word])
        found: set[NameGroup] = set()
        for word in folded & self._one_word.keys():
            found.update(self._one_word[word])
        # Longer spellings of actors not found yet whose words are all in the text: are they in it in order?
        candidates = [
            (spelling, groups)
            for first in folded & self._longer.keys()
            for (spelling, its_words), groups in self._longer[first].items()
            if its_words <= folded and not found.issuperset(groups)
        ]
        if candidates:
            folded_text = dict(zip(distinct, map(_FOLDED_TEXT, seen), strict=True))  # a token without words: ""
            joined = " " + " ".join(filter(None, map(folded_text.__getitem__, tokens))) + " "
            for spelling, groups in candidates:
                if spelling in joined:
                    found.update(groups)
        for group in found:
            extra |= self._index_words[group]
        return sorted(extra - present)


def spellings(groups: Iterable[NameGroup]) -> dict[str, list[str]]:
    """What a page writes for each other spelling the index adds by name or by the reviewed list, folded:
    {'pantsyr': ['pantsir'], 'vuchich': ['vucic'], 'путин': ['putin'], 'gasprom': ['gazprom']}, so that a page
    opened from a search highlights the words the search found (search-on-demand.js; Material's highlighter
    marks only the typed words as written). Folded forms need no entry: the script folds the page's words.
    From the actors and the list alone, not the documents, so the preview's partial extensions agree."""
    out: dict[str, set[str]] = {}
    for group in groups:
        own = {fold(w) for spelling in group.spellings for w in words(spelling)}
        for spelling in group.spellings:
            for w in words(spelling):
                forms = _word_forms(w) | english_forms(w) | (cyrillic(w) if group.person else frozenset())
                for form in forms - own:
                    out.setdefault(form, set()).add(fold(w))
    for word, others in VARIANTS.items():
        for other in others:
            out.setdefault(other, set()).add(word)
    return {form: sorted(written) for form, written in sorted(out.items())}


def boost_of(location: str, boosts: dict[str, float]) -> float | None:
    """The boost of a search document by where it is: the longest matching prefix of its location
    ('sources/' -> 0.3, 'timeline/' -> 3); '' is the home page."""
    page = location.partition("#")[0]
    if page == "" and "" in boosts:
        return boosts[""]
    best = max((p for p in boosts if p and page.startswith(p)), key=len, default=None)
    return boosts[best] if best is not None else None


def _without_empty_sections(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sections whose text is all excluded from search (a source page's locators, data-search-exclude) come
    out of Material's index with no text and the page's title: a result for each that leads nowhere new, and
    much of the index's weight. They are left out; the page's own document stays."""
    titles: dict[str, str] = {}
    out = []
    for doc in docs:
        page, _, anchor = doc.get("location", "").partition("#")
        title = html.unescape(doc.get("title", ""))  # the page's is escaped once more ('&#34;' for '"')
        if not anchor:
            titles[page] = title
        elif not doc.get("text") and title == titles.get(page):
            continue
        out.append(doc)
    return out


def extend_index(
    index: dict[str, Any], actors: Iterable[Any], boosts: dict[str, float] | None = None
) -> dict[str, Any]:
    """Add the folded fields to a parsed search_index.json (in place) and return it; take footnote marks out of
    the texts; boost documents by where they are (answers above the source pages that back them)."""
    folder = Folder(name_groups(actors))
    # Titles and texts recur (a section's title on every page of a kind, a period's on each of its pages, empty
    # texts): each is worked out once per index.
    extra_words = functools.cache(folder.extra_words)
    fields = index.setdefault("config", {}).setdefault("fields", {})
    title_boost = fields.get("title", {}).get("boost", 1000)
    text_boost = fields.get("text", {}).get("boost", 1)
    fields["folded_title"] = {"boost": title_boost}
    fields["folded"] = {"boost": text_boost}
    index["config"]["spellings"] = spellings(folder.groups)
    index["config"]["letters"] = FOLD_LETTERS
    index["docs"] = _without_empty_sections(index.get("docs", []))
    page_boosts: dict[str, float | None] = {}  # a page's sections share its boost
    for doc in index["docs"]:
        if "<sup" in doc.get("text", ""):
            doc["text"] = without_footnote_marks(doc["text"])
        page = doc.get("location", "").partition("#")[0]
        if page not in page_boosts:
            page_boosts[page] = boost_of(page, boosts or {})
        boost = page_boosts[page]
        if boost is not None and "boost" not in doc:  # a page's own search.boost wins
            doc["boost"] = boost
        title_extra = extra_words(plain_text(doc.get("title", "")))
        text_extra = extra_words(plain_text(doc.get("text", "")))
        # Absent fields are skipped by the search worker: add them only where they hold something.
        for name, extra in (("folded_title", title_extra), ("folded", text_extra)):
            if extra:
                doc[name] = " ".join(extra)
            else:
                doc.pop(name, None)
    return index


def extend_index_file(path: Path | str, actors: Iterable[Any], boosts: dict[str, float] | None = None) -> None:
    """Rewrite the search index at path with the folded fields. A missing index (search off) is left alone."""
    path = Path(path)
    if not path.is_file():
        return
    index = _parsed(path.read_bytes())
    extend_index(index, actors, boosts)
    path.write_bytes(index_json(index))


def _parsed(data: bytes) -> Any:
    """The index MkDocs wrote, as json.loads reads it. orjson reads the same values from JSON in UTF-8 in a third of
    the time, with no text decoded first (7.7 MB at 20x the data: 0.07 -> 0.025 s); what it refuses and the json
    module reads (NaN, a lone surrogate escaped) goes to the json module, as before."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def index_json(index: dict[str, Any]) -> bytes:
    """search_index.json in UTF-8: compact JSON, non-ASCII characters as they are. orjson writes the bytes of
    json.dumps(index, ensure_ascii=False, separators=(",", ":")) in UTF-8 (tests/unit/test_search_variants.py) in a
    tenth of the time (7.7 MB at 20x the data: 0.06 -> 0.006 s), and they are written as they are."""
    return orjson.dumps(index)
