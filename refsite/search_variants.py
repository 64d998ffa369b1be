"""The reviewed list of other spellings readers type for key words of this site, for search (refsite/search.py).

Names of actors need no entry here: their aliases (data/actors) and the spellings built from them (Serbian
Cyrillic, Russian-style Cyrillic, English-style transliterations such as Vučić -> Vuchich, Šojgu -> Shoygu)
are added automatically. This list is for words that are not actors' names, and for spellings no rule
builds: a common word in Serbian and Russian, a common misspelling, a transliteration of a system's name.
Each key is a word as it appears on the site, folded (lower case, no diacritics); a page containing it also
answers to each variant. Keep it short and reviewed: every variant makes the search index larger.
"""

from __future__ import annotations

VARIANTS: dict[str, tuple[str, ...]] = {
    # Key words in Serbian and Russian, and common misspellings
    "sanctions": ("sankcije", "санкције", "санкции", "санкций", "sanctons", "sancitons", "sanctios"),
    "sanction": ("sankcija", "санкција", "санкция"),
    "gas": ("gasa", "гас", "газ"),
    "oil": ("nafta", "нафта", "нефть"),
    "arms": ("oružje", "оружје", "оружие"),
    "poll": ("anketa", "анкета", "опрос"),
    "referendum": ("референдум",),
    "neutrality": ("neutralnost", "неутралност", "нейтралитет"),
    "putin": ("putn", "puttin", "poutine"),
    "kosovo": ("kosova", "kosove", "косово", "косова"),
    "ukraine": ("ukrajina", "украјина", "украина", "ukrain"),
    "russia": ("rusija", "русија", "россия", "rossiya"),
    "serbia": ("srbija", "србија", "сербия"),
    "belgrade": ("beograd", "београд", "белград"),
    "moscow": ("moskva", "москва"),
    # Companies and weapons, as transliterated in different ways
    "gazprom": ("gasprom", "gazprom's"),
    "pantsir": ("pantsyr", "pancir", "панцирь", "панцир"),
    "kornet": ("корнет",),
    "mig": ("миг",),
    "nis": ("naftna", "нис"),
}
