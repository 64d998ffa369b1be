"""Search that finds answers first and forgives spellings (issue 21: M1, M2, L2): variants built from actors'
names, a reviewed list of key words, designations as one word, footnote marks out of snippets, empty sections
out of the index, and answers ranked above source pages."""

from __future__ import annotations

from types import SimpleNamespace
import unicodedata

from refsite import search
from refsite.index import Index
from refsite.models import Actor
from refsite.search_variants import VARIANTS
from refsite.site import ANSWER_BOOST, SOURCE_BOOST, Site


def actor(actor_id: str, name: str, aliases: list[str]) -> Actor:
    a = Actor.model_validate({"version": 2, "name": name, "aliases": aliases, "type": "person"})
    a.identify(actor_id)
    return a


def test_english_style_spellings_are_built_from_serbian_and_russian_names():
    assert {"vuchich", "vucich"} <= search.english_forms("Vučić")
    assert {"shoygu", "shojgu", "shoigu"} <= search.english_forms("Šojgu")
    assert {"shoygu", "shoigu"} <= search.english_forms("Шойгу")  # Russian Cyrillic alias
    assert search.english_forms("Belgrade") == frozenset()  # nothing to transliterate


def test_designations_are_also_one_word():
    assert search.compounds("six MiG-29s, T-72B1MS tanks and Mi-35M") == {
        "mig29s",
        "mig29",
        "t72b1ms",
        "t72",
        "mi35m",
        "mi35",
    }


def test_the_index_gets_variants_loses_footnote_marks_and_ranks_answers_first():
    index = {
        "config": {},
        "docs": [
            {"location": "", "title": "Home", "text": "<p>Serbia and sanctions.</p>"},
            {
                "location": "timeline/",
                "title": "Timeline",
                "text": '<p>Vučić met Šojgu in the Balkans.<sup id="fnref:3"><a class="footnote-ref" href="#fn:3">[3]</a>'
                "</sup> Gazprom; the MiG-29s.<sup>4</sup><sup>5</sup></p>",
            },
            {"location": "sources/x/", "title": "A source", "text": "<p>Sanctions on Russia.</p>"},
            {"location": "sources/x/#p3", "title": "A source", "text": ""},  # its text excluded from search
            {"location": "sources/x/#notes", "title": "Notes", "text": "<p>A note.</p>"},
        ],
    }
    actors = [
        actor("aleksandar-vucic", "Aleksandar Vučić", ["Vučić", "Вучић"]),
        actor("sergei-shoigu", "Sergei Shoigu", ["Šojgu", "Шойгу"]),
    ]
    search.extend_index(index, actors, {"": 3.0, "timeline/": 3.0, "sources/": 0.3})
    home, timeline, source, notes = index["docs"]  # the empty section is gone
    assert notes["location"] == "sources/x/#notes"
    assert timeline["text"] == "<p>Vučić met Šojgu in the Balkans. Gazprom; the MiG-29s.</p>"
    words = set(timeline["folded"].split())
    assert {"vuchich", "shoygu", "gasprom", "mig29"} <= words
    assert {"санкции", "sankcije", "sanctons"} <= set(home["folded"].split())
    assert (home["boost"], timeline["boost"], source["boost"], notes["boost"]) == (3.0, 3.0, 0.3, 0.3)


def test_line_breaks_and_table_cells_keep_words_apart_for_the_search():
    # Material's search parser drops <br> and cell ends without a space: 'excerpt<br>TASS' became 'excerptTASS'.
    html = '<td>TASS, ¶4 <span class="source-label">State media</span><br><small>via AP</small></td><td>x</td></tr>'
    assert search.page_html(html) == (
        '<td>TASS, ¶4 <span class="source-label">State media</span><br>\n<small>via AP</small></td>\n<td>x</td>\n</tr>'
    )
    already = "<p>one<br>\ntwo</p>\n<table><tr><td>a</td>\n<td>b</td>\n</tr>\n</table>"
    assert search.page_html(already) == already  # a line is added only where there is none


def test_tables_column_headings_are_kept_out_of_the_search():
    # Material's parser skips an element with data-search-exclude; the table looks the same to a reader.
    html = "<table>\n<thead>\n<tr>\n<th>Value</th>\n<th>Source</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>4</td>"
    assert search.page_html(html) == html.replace("<thead>", '<thead data-search-exclude="">')
    assert Site.page_html("<table><thead><tr><th>A</th><th>B</th></tr></thead></table>") == (
        '<table><thead data-search-exclude=""><tr><th>A</th>\n<th>B</th>\n</tr>\n</thead></table>'
    )


def test_a_question_on_several_pages_is_searched_on_one():
    def on(*pages: str) -> str:
        return Index.question_searched_on(SimpleNamespace(pages=list(pages)))  # type: ignore[arg-type]

    assert on("home") == "home"
    assert on("home", "arms-deals") == "arms-deals"  # the page of its own, with the table of transfers
    assert on("arms-deals", "home") == "arms-deals"
    assert on("home", "timeline", "un-votes") == "home"  # no one page of its own: the first


def test_the_reviewed_variants_are_folded_words_and_never_empty():
    for word, variants in VARIANTS.items():
        assert word == search.fold(word) and variants, word
        assert all(v == v.lower() and " " not in v for v in variants), word


def test_site_ranks_answers_above_source_pages(tiny_index):
    boosts = Site.of_index(tiny_index).search_boosts()
    assert boosts[""] == boosts["timeline/"] == boosts["polls/"] == boosts["un-votes/"] == ANSWER_BOOST
    assert boosts["sources/"] == SOURCE_BOOST < boosts["actors/"] < ANSWER_BOOST
    assert search.boost_of("sources/x/#p3", boosts) == SOURCE_BOOST
    assert search.boost_of("timeline/#decade-2020", boosts) == ANSWER_BOOST


def test_a_name_of_several_words_is_found_only_with_its_words_in_order():
    """The text is read token by token (each worked out once per build); a name of several words must still be
    found where its words follow one another, across punctuation, line ends and diacritics, and only there."""
    folder = search.Folder(search.name_groups([actor("gazprom-neft", "Gazprom Neft", ["GPN"])]))
    for text in (
        "Shares of Gazprom Neft rose.",
        "(Gazprom\nNeft's stake)",
        "GAZPROM–NEFT",
        "Gazprom, Neft",
        "Gâzprom Neft",
    ):
        assert "gpn" in folder.extra_words(text), text
    for text in ("Neft and Gazprom", "Gazprom said Neft", "Gazpromneft", "Gazprom Nefteyugansk"):
        assert "gpn" not in folder.extra_words(text), text
    # A one-word spelling is found wherever it stands; the name's other spellings come with it.
    assert {"gazprom", "neft"} <= set(folder.extra_words("GPN reported")), folder.extra_words("GPN reported")


def test_each_other_spelling_the_index_adds_says_what_the_page_writes_for_it():
    """A page opened from a search marks the words the search found in the page's own spelling (qa3 Q9b):
    search-on-demand.js folds the page's words itself, and looks up the rest here."""
    groups = search.name_groups([actor("aleksandar-vucic", "Aleksandar Vučić", ["Vučić", "Александар Вучић"])])
    spellings = search.spellings(groups)
    assert spellings["vuchich"] == ["vucic"]  # English-style
    assert spellings["вучич"] == ["vucic"]  # Russian-style Cyrillic
    assert spellings["александар"] == ["aleksandar"]
    assert spellings["pantsyr"] == ["pantsir"]  # the reviewed list
    assert spellings["санкции"] == ["sanctions"]
    assert "vucic" not in spellings and "aleksandar" not in spellings  # a folded spelling needs no entry
    assert list(spellings) == sorted(spellings)  # the index stays the same from build to build
    index = search.extend_index({"config": {}, "docs": []}, [], {})
    assert index["config"]["spellings"]["gasprom"] == ["gazprom"]


def test_the_index_is_written_as_json_dumps_writes_it():
    """search.index_json (orjson) writes the bytes that json.dumps(ensure_ascii=False, compact) wrote before it:
    letters outside ASCII as they are, quotes, backslashes, control characters and line separators escaped
    alike, boosts as the same numbers."""
    import json

    index = {
        "config": {"lang": ["en"], "separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000.0}, "folded": {}}},
        "docs": [
            {
                "location": "actors/vucic/",
                "title": "Aleksandar Vučić",
                "text": '«Вучић» said "no"\t<br>\u2028',
                "boost": 0.3,
            },
            {"location": "", "title": "", "text": "", "folded": "vucic вучич", "boost": 3},
        ],
    }
    written = search.index_json(index).decode()
    assert written == json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    assert written.startswith('{"config":{"lang":["en"],"separator":"[\\\\s\\\\-]+","fields":{"title":{"boost":1000.0}')
    assert '"text":"«Вучић» said \\"no\\"\\t<br>\u2028","boost":0.3}' in written


def test_the_index_is_read_as_json_loads_reads_it():
    """search._parsed reads Material's search_index.json (bytes, escaped as json.dumps escapes by default) to the
    values json.loads gives; what orjson refuses goes to the json module."""
    import json

    index = {
        "config": {"lang": ["en"], "separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000.0}}},
        "docs": [{"location": "actors/vucic/", "title": "Aleksandar Vučić", "text": "«Вучић»\t\u2028", "boost": 0.3}],
    }
    for written in (json.dumps(index), json.dumps(index, ensure_ascii=False)):
        assert search._parsed(written.encode()) == json.loads(written) == index
    assert search._parsed(b'{"boost": NaN, "text": "\\ud800"}')["text"] == "\ud800"  # the json module's reading


def test_the_index_carries_the_letters_a_page_folds_its_words_with():
    """search-on-demand.js folds a page's words with the index's config.letters: each character replaced by
    its entry, then decomposed and stripped of marks. That gives search.fold's word, in either script."""
    index = search.extend_index({"config": {}, "docs": []}, [], {})
    letters = index["config"]["letters"]
    assert letters["ч"] == "č" and letters["ђ"] == "dj" and letters["đ"] == "dj" and letters["ь"] == ""

    def as_the_page_folds(word: str) -> str:
        replaced = "".join(letters.get(ch, ch) for ch in word.lower())
        return "".join(ch for ch in unicodedata.normalize("NFKD", replaced) if not unicodedata.combining(ch))

    words = ["Вучић", "Шойгу", "Ђорђе", "Đilas", "Krušik", "Џонић", "Љубљана", "Straße", "Łódź", "Щукин", "Vučić"]
    assert [as_the_page_folds(w) for w in words] == [search.fold(w) for w in words]
    assert as_the_page_folds("Вучић") == "vucic" and as_the_page_folds("Шойгу") == "sojgu"
