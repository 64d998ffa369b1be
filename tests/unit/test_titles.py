"""Source titles as readers see them (issue 21, L10 and L14): a title not in English carries its translation where
the data gives one, or says its language (never a translation of our guessing), in footnotes, on the source's
page and in the Sources index; the index sorts titles by their first letter, not by a leading quotation mark."""

from __future__ import annotations

from pathlib import Path
import re

import pytest

from refsite.dataset import load_dataset
from refsite.errors import DataErrors
from refsite.index import build_index, title_sort_key
from refsite.site import Site

NEWS = "sources/example-news-talks.yml"


def _retitle(data: Path, title: str, extra: str = "", language: str = "en") -> None:
    path = data / NEWS
    text = path.read_text(encoding="utf-8").replace("title: Officials meet in Belgrade\n", f"title: {title}\n{extra}")
    path.write_text(re.sub(r"(?m)^language: en$", f"language: {language}", text), encoding="utf-8")


def _pages(data: Path) -> dict[str, str]:
    return Site.of_index(build_index(load_dataset(data))).pages()


def test_a_title_in_another_language_without_a_translation_says_its_language(tiny_data):
    _retitle(tiny_data, "Beamte treffen sich in Belgrad", language="de")
    pages = _pages(tiny_data)
    note = (
        '<span lang="de">Beamte treffen sich in Belgrad</span></a> <span class="title-gloss">(title in German)</span>'
    )
    assert note in pages["timeline.md"]  # the footnote
    source = pages["sources/example-news-talks.md"]
    assert "# Beamte treffen sich in Belgrad { lang=de }" in source
    assert '<p class="title-gloss">Title in German; this site gives no translation.</p>' in source
    assert "(title in German)" in pages["sources/index.md"]


def test_a_title_with_our_translation_shows_it_as_ours(tiny_data):
    _retitle(tiny_data, "Чиновники встретились в Белграде", "title_translation: Officials met in Belgrade\n", "ru")
    pages = _pages(tiny_data)
    gloss = '<span class="title-gloss">(in English: “Officials met in Belgrade”, our translation)</span>'
    assert gloss in pages["timeline.md"]
    assert "In English: “Officials met in Belgrade” (our translation)." in pages["sources/example-news-talks.md"]
    assert "title supplied" not in pages["timeline.md"]  # a translation is not a title the site made up


def test_an_english_title_of_ours_on_a_foreign_text_has_no_gloss(tiny_data):
    _retitle(tiny_data, "Example News report on talks in Belgrade", "title_language: en\n", "bg")
    pages = _pages(tiny_data)
    assert "title-gloss" not in pages["timeline.md"] and "title-gloss" not in pages["sources/example-news-talks.md"]
    assert '<span lang="bg">Example News report' not in pages["timeline.md"]


def test_an_english_title_takes_no_translation(tiny_data):
    _retitle(tiny_data, "Officials meet in Belgrade", "title_translation: Officials meet in Belgrade\n")
    with pytest.raises(DataErrors) as err:
        load_dataset(tiny_data)
    (message,) = [str(e) for e in err.value.errors]
    assert message.startswith(f"data/{NEWS}:3:") and "'title_translation' is for a title in another language" in message


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (['"Financial Times": exports', "Air Serbia turns back", "‘Stab in the back’"], [1, 0, 2]),
        (['"BEOGRAD JE DOBAR PRIJATELJ"', "A historical throw", "Bloomberg: thanks"], [1, 0, 2]),
    ],
)
def test_the_sources_index_sorts_titles_by_their_first_letter(titles, expected):
    assert sorted(range(len(titles)), key=lambda i: title_sort_key(titles[i])) == expected
