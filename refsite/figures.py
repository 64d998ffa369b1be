"""Figures in text: the numbers a claim gives, and the numbers a quoted passage holds.

A claim is English and writes its figures in digits ("30 tanks", "45%", "$1.2 billion", "1,500"); years,
decades, days of the month, ordinals and designations (MiG-29, S-400, T-72B1MS, G20) are not figures.
A quote is in its source's language and may give the same figure in digits with its own separators
("1.500", "1 500", "1,5" with a decimal comma) or as a number word ("thirty", "тридцать", "trideset",
"dreißig", "tridhjetë"), with a scale word ("milijarde", "млрд", "Millionen"). Every reading of a quote's
number is kept, so "1,500" holds both 1500 and 1.5: the check asks whether the claim's figure is among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
import re
import unicodedata

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "24 February", "24–25 February", "24th of February", "February 24", "February 24–25". The lookahead (a digit
# or a month's first letter, in either case) only lets the search pass over every other place quickly.
_DATES = re.compile(
    r"(?=[\dJFMASOND])"
    rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:[–-]|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?:{MONTHS})\.?(?![a-z])"
    rf"|\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[–-]\s*\d{{1,2}}(?:st|nd|rd|th)?)?(?!\d))",
    re.IGNORECASE,
)
# Every date _DATES finds names a month, whose first three letters are one of these once the text is case-folded
# (as the pattern's IGNORECASE matches letters: "ſep" too). A text without one holds no date, and is not searched
# with _DATES, which tries every place of a text; the stems are found in C.
_MONTH_STEM = re.compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_LINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")

# (021.rs: an address, not a figure.)
# A number as a claim writes it (English): 1,500 / 1.5 / 30; then an attached or following scale word.
# The patterns of numbers open with their first digit outside the alternatives (\d{1,3}… | \d+… written as
# \d(?:\d{0,2}… | \d*…), the same matches): a pattern that opens with one set of characters lets `re` skip in C
# to the next digit instead of trying both alternatives at every place (three times faster on claims and quotes).
_CLAIM_NUMBER = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)")
_EN_SCALE = re.compile(r"\s*(thousand|million|billion|trillion)\b|(bn|mn|m|k)\b", re.IGNORECASE)
_SCALES_EN = {
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "bn": 10**9,
    "mn": 10**6,
    "m": 10**6,
    "k": 1000,
}
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True)
class Figure:
    text: str  # as written in the claim, e.g. "45%", "$1.2 billion"
    value: Decimal


def _plain(text: str) -> str:
    """Claim text as read: link labels kept, link targets and emphasis marks dropped, dates and times out."""
    if "[[" in text:
        text = _LINK.sub(lambda m: m[2] or " ", text)
    text = text.replace("*", "")
    if _MONTH_STEM.search(text.casefold()):
        text = _DATES.sub(" ", text)
    return _TIME.sub(" ", text) if ":" in text else text


# What comes just before or after a number in a claim. The patterns that end with `$` look at the last few
# characters only (`before[-3:]`): as many as they can match, and a final line break.
_DESIGNATION_BEFORE = re.compile(r"[^\W\d_]-?$|[¶#]$|\d[.,/]?$")
_DESIGNATION_AFTER = re.compile(r"\.[^\W\d_]")
_UNIT_AFTER = re.compile(r"(km|kg|t|mm|cm|ha)\b")
_LETTER_AFTER = re.compile(r"[^\W\d_]")
_PERCENT_AFTER = re.compile(r"\s*(%|per\s?cent|percent)")
_CURRENCY_BEFORE = re.compile(r"([$€£₽]|US\$|RSD |EUR |USD )$")
_DIGIT = re.compile(r"\d")


def claim_figures(text: str) -> list[Figure]:
    """The figures a claim's text gives, in order (each once)."""
    if not _DIGIT.search(text):
        return []  # (a claim's numbers are digits)
    plain = _plain(text)
    found: list[Figure] = []
    values: set[Decimal] = set()  # (of found: each figure once)
    for m in _CLAIM_NUMBER.finditer(plain):
        before, after = plain[max(0, m.start() - 5) : m.start()], plain[m.end() :]
        if _DESIGNATION_BEFORE.search(before[-3:]) or _DESIGNATION_AFTER.match(
            after
        ):  # MiG-29, S-400, G20, ¶7: a designation, not a figure
            continue
        scale = _EN_SCALE.match(after)
        unit = _UNIT_AFTER.match(after)
        if not scale and not unit and _LETTER_AFTER.match(after):  # 21st, 1990s, 9K33 (40km is a figure)
            continue
        token = m[0]
        if YEAR.match(token) and not (scale or _PERCENT_AFTER.match(after)):
            continue  # a year: the date checks cover it
        value = Decimal(token.replace(",", ""))
        shown = token
        if scale:
            value *= _SCALES_EN[(scale[1] or scale[2]).lower()]
            shown = token + scale[0]
        pct = _PERCENT_AFTER.match(after)
        if pct and not scale:
            shown = token + pct[0]
        currency = _CURRENCY_BEFORE.search(before)  # (at most 4 characters and a line break)
        if currency:
            shown = currency[0] + shown
        if value not in values:
            values.add(value)
            found.append(Figure(shown, value))
    return found


# --------------------------------------------------------------------------- quotes


def _table(pairs: str) -> dict[str, Decimal]:
    """'one=1 two=2 half=0.5' -> {'one': Decimal(1), …}"""
    return {word: Decimal(value) for word, value in (pair.split("=") for pair in pairs.split())}


# Number words by language (lower case; Serbian Cyrillic is read in Latin script first). Small numbers,
# the tens and a hundred, with common inflected forms; larger numbers are written in digits.
_WORDS: dict[str, dict[str, Decimal]] = {
    "en": _table(
        "one=1 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10 eleven=11 twelve=12 "
        "thirteen=13 fourteen=14 fifteen=15 sixteen=16 seventeen=17 eighteen=18 nineteen=19 twenty=20 "
        "thirty=30 forty=40 fifty=50 sixty=60 seventy=70 eighty=80 ninety=90 hundred=100 dozen=12 "
        "single=1 both=2 pair=2 twice=2 half=0.5 "
    ),
    "sr": _table(
        "jedan=1 jedna=1 jedno=1 jednog=1 jednu=1 jednom=1 jednoj=1 dva=2 dve=2 dvije=2 dvoje=2 dvojica=2 "
        "dvaju=2 dvema=2 tri=3 troje=3 trojica=3 triju=3 četiri=4 četvoro=4 četvorica=4 pet=5 petoro=5 "
        "petorica=5 šest=6 sedam=7 osam=8 devet=9 deset=10 jedanaest=11 dvanaest=12 trinaest=13 "
        "četrnaest=14 petnaest=15 šesnaest=16 sedamnaest=17 osamnaest=18 devetnaest=19 dvadeset=20 "
        "trideset=30 četrdeset=40 pedeset=50 šezdeset=60 sedamdeset=70 osamdeset=80 devedeset=90 sto=100 "
        "stotinu=100 stotina=100 pola=0.5 "
    ),
    "ru": _table(
        "один=1 одна=1 одно=1 одного=1 одной=1 одну=1 одним=1 одном=1 два=2 две=2 двух=2 двум=2 двумя=2 "
        "оба=2 обе=2 три=3 трех=3 трёх=3 трем=3 трём=3 тремя=3 четыре=4 четырех=4 четырёх=4 четырем=4 "
        "четырьмя=4 пять=5 пяти=5 пятью=5 шесть=6 шести=6 семь=7 семи=7 восемь=8 восьми=8 девять=9 "
        "девяти=9 десять=10 десяти=10 одиннадцать=11 двенадцать=12 тринадцать=13 четырнадцать=14 "
        "пятнадцать=15 шестнадцать=16 семнадцать=17 восемнадцать=18 девятнадцать=19 двадцать=20 "
        "двадцати=20 тридцать=30 тридцати=30 сорок=40 сорока=40 пятьдесят=50 пятидесяти=50 шестьдесят=60 "
        "семьдесят=70 восемьдесят=80 девяносто=90 сто=100 ста=100 половина=0.5 половину=0.5 "
    ),
    "de": _table(
        "ein=1 eine=1 einen=1 einem=1 einer=1 eines=1 eins=1 zwei=2 beide=2 beiden=2 drei=3 vier=4 fünf=5 "
        "sechs=6 sieben=7 acht=8 neun=9 zehn=10 elf=11 zwölf=12 dreizehn=13 vierzehn=14 fünfzehn=15 "
        "sechzehn=16 siebzehn=17 achtzehn=18 neunzehn=19 zwanzig=20 dreißig=30 vierzig=40 fünfzig=50 "
        "sechzig=60 siebzig=70 achtzig=80 neunzig=90 hundert=100 einhundert=100 halb=0.5 hälfte=0.5 "
    ),
    "sq": _table(
        "një=1 dy=2 tre=3 tri=3 katër=4 pesë=5 gjashtë=6 shtatë=7 tetë=8 nëntë=9 dhjetë=10 "
        "njëmbëdhjetë=11 dymbëdhjetë=12 trembëdhjetë=13 katërmbëdhjetë=14 pesëmbëdhjetë=15 "
        "gjashtëmbëdhjetë=16 shtatëmbëdhjetë=17 tetëmbëdhjetë=18 nëntëmbëdhjetë=19 njëzet=20 tridhjetë=30 "
        "dyzet=40 pesëdhjetë=50 gjashtëdhjetë=60 shtatëdhjetë=70 tetëdhjetë=80 nëntëdhjetë=90 njëqind=100 "
        "qind=100 gjysmë=0.5 "
    ),
    "bg": _table(
        "един=1 една=1 едно=1 два=2 две=2 двама=2 три=3 трима=3 четири=4 пет=5 шест=6 седем=7 осем=8 "
        "девет=9 десет=10 двадесет=20 тридесет=30 сто=100 "
    ),
}
_WORDS["hr"] = _WORDS["bs"] = _WORDS["sr"]
_SCALE_WORDS: dict[str, Decimal] = _table(
    # en; sr, hr, bs (Latin: Cyrillic is transliterated first); ru, bg; de; sq
    "thousand=1000 thousands=1000 million=1000000 millions=1000000 billion=1000000000 bn=1000000000 "
    "mn=1000000 mln=1000000 trillion=1000000000000 hiljada=1000 hiljade=1000 hiljadu=1000 tisuća=1000 "
    "tisuće=1000 tisuću=1000 hilj=1000 milion=1000000 miliona=1000000 milijun=1000000 "
    "milijuna=1000000 milijarda=1000000000 milijarde=1000000000 milijardi=1000000000 "
    "milijardu=1000000000 mlrd=1000000000 mld=1000000000 тысяча=1000 тысячи=1000 тысяч=1000 тыс=1000 "
    "тысячу=1000 хиляди=1000 хиляда=1000 миллион=1000000 миллиона=1000000 миллионов=1000000 "
    "млн=1000000 милион=1000000 милиона=1000000 миллиард=1000000000 миллиарда=1000000000 "
    "миллиардов=1000000000 млрд=1000000000 милиарда=1000000000 tausend=1000 millionen=1000000 "
    "mio=1000000 milliarde=1000000000 milliarden=1000000000 mrd=1000000000 mijë=1000 milionë=1000000 "
    "miliard=1000000000 miliardë=1000000000 "
)

_SR_CYRILLIC = dict(
    zip(
        "абвгдђежзијклљмнњопрстћуфхцчџш",
        "a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š".split(),
        strict=True,
    )
)
# Digits with any separators: 1,500 / 1.500 / 1 500 (also no-break and thin spaces) / 1,5 / 30
_QUOTE_NUMBER = re.compile(r"\d(?:\d{0,2}(?:[,.\u00a0\u202f\u2009 ]\d{3})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


_SEPARATOR = re.compile(r"[,.\u00a0\u202f\u2009 ]")  # in a number: a thousands separator or a decimal mark
_SPACE = re.compile(r"[\u00a0\u202f\u2009 ]")


def _readings(token: str) -> set[Decimal]:
    """Every value a written number can have: separators as thousands, the last one as a decimal mark, or
    a space between two separate numbers."""
    if token.isdecimal():
        return {Decimal(token)}  # (most numbers: digits alone, one reading)
    values: set[Decimal] = set()
    groups = _SEPARATOR.split(token)
    seps = _SEPARATOR.findall(token)
    candidates = ["".join(groups)]
    if seps and seps[-1] in ",.":
        candidates.append("".join(groups[:-1]) + "." + groups[-1])
    if any(s not in ",." for s in seps):
        candidates += _SPACE.split(token)
        candidates += [c.replace(",", ".") for c in _SPACE.split(token)]
    for c in candidates:
        try:
            values.add(Decimal(c))
        except InvalidOperation:
            continue
    return values


_SR_CYRILLIC_LETTER = re.compile("[а-яђјљњћџ]")
_SCALE_WORD_AFTER = re.compile(r"\s*([^\W\d_]+)\.?")
_SCALE_ATTACHED = re.compile(r"(bn|mn|m|k)(?![^\W\d_])")
_TENS_AND_UNITS = re.compile(r"\s+(?:i\s+|и\s+|und\s+|e\s+)?")


def _fold_word(word: str, language: str) -> str:
    word = unicodedata.normalize("NFC", word.lower())
    if language in ("sr", "bs", "mk") and _SR_CYRILLIC_LETTER.search(word):
        word = "".join(_SR_CYRILLIC.get(ch, ch) for ch in word)
    return word.replace("ё", "е") if language == "ru" else word


@cache
def _number_words(language: str) -> dict[str, Decimal]:
    """The number words a quote in language may use: its own, and English ones longer than three letters."""
    words_of = _WORDS.get(language, {})
    if language != "en":
        words_of = {**words_of, **{k: v for k, v in _WORDS["en"].items() if len(k) > 3}}
    return words_of


def quote_values(quote: str, language: str, words: bool = True) -> set[Decimal]:
    """Every figure a quote holds, in digits or in words of its language, with and without its scale word.
    words=False: only the figures written in digits (with their scale words), found without folding each word
    of the quote: a subset of all its figures (what joins tens and units, "20 5", is spaces and a conjunction of
    _TENS_AND_UNITS, never a number word), so a figure found there is found in all of them."""
    text = unicodedata.normalize("NFC", quote)
    words_of = _number_words(language)
    values: set[Decimal] = set()
    tokens: list[tuple[int, int, set[Decimal]]] = []  # (start, end, readings) of numbers and number words
    for m in _QUOTE_NUMBER.finditer(text):
        tokens.append((m.start(), m.end(), _readings(m[0])))
    for m in _WORD.finditer(text) if words else ():
        word = _fold_word(m[0], language)
        parts = word.split("-")
        if word in words_of:
            tokens.append((m.start(), m.end(), {words_of[word]}))
        elif len(parts) == 2 and all(p in words_of for p in parts):  # twenty-five
            tokens.append((m.start(), m.end(), {words_of[parts[0]] + words_of[parts[1]]}))
        elif word.rstrip(".") in _SCALE_WORDS:
            values.add(_SCALE_WORDS[word.rstrip(".")])  # "a million"
    tokens.sort(key=lambda t: t[0])
    for i, (_, end, readings) in enumerate(tokens):
        values |= readings
        rest = text[end:]
        scale = _SCALE_WORD_AFTER.match(rest)
        attached = _SCALE_ATTACHED.match(rest)  # €500m, $1.2bn
        if attached:
            values |= {r * _SCALES_EN[attached[1]] for r in readings}
        elif scale and _fold_word(scale[1], language) in _SCALE_WORDS:
            values |= {r * _SCALE_WORDS[_fold_word(scale[1], language)] for r in readings}
        if i + 1 < len(tokens):  # "dvadeset pet", "twenty five", "двадцать пять": tens and units
            nxt_start, _, nxt = tokens[i + 1]
            if _TENS_AND_UNITS.fullmatch(text[end:nxt_start]):
                values |= {a + b for a in readings for b in nxt if a % 10 == 0 and 20 <= a <= 90 and 0 < b < 10}
    return values


def parse_figures(text: str) -> set[Decimal]:
    """The values of the figures in a short text as a claim writes them (for `derived` items)."""
    figures = claim_figures(text)
    if not figures:  # a year-like figure listed as derived ("2000 in all") is still a figure
        return {Decimal(m[0].replace(",", "")) for m in _CLAIM_NUMBER.finditer(text)}
    return {f.value for f in figures}
