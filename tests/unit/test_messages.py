"""The validator's messages, in-process on a tiny dataset: file, line, column, what is wrong and the fix.

The same messages stop `mkdocs build` (tests/test_bad_data.py and tests/test_bad_input.py check that
through real builds); here each mistake costs milliseconds.
"""

from __future__ import annotations

import pytest

from ..fixtures.edits import edit, errors_of

EVENT = "events/ministers-meet.yml"


def test_the_tiny_dataset_is_valid(tiny_dataset):
    assert sum(1 for _ in tiny_dataset.all()) == 7


@pytest.mark.parametrize(
    "rel,old,new,message",
    [
        (
            EVENT,
            "title:",
            "titel: x\ntitle:",
            "data/events/ministers-meet.yml:2:1: unknown field 'titel' (did you mean 'title'?)",
        ),
        (
            EVENT,
            "locator: '¶1',",
            "locator: '¶9',",
            "data/events/ministers-meet.yml:11:38: claim 1, citation 1: source 'example-news-talks' has 3 paragraphs, no ¶9",
        ),
        (
            EVENT,
            "{source: example-news-talks, locator: '¶1',",
            "{source: example-news, locator: '¶1',",
            "data/events/ministers-meet.yml:11:10: claim 1, citation 1 cites unknown source 'example-news' "
            "(did you mean 'example-news-talks'?)",
        ),
        (
            EVENT,
            "themes: [diplomacy]",
            "themes: [diplomcy]",
            "data/events/ministers-meet.yml:6:10: theme 1: unknown theme 'diplomcy' (did you mean 'diplomacy'?)",
        ),
        (EVENT, "themes: [diplomacy]", "themes: [diplomacy", "data/events/ministers-meet.yml:7:7: YAML syntax error"),
        (
            EVENT,
            "version: 2",
            "version: 3",
            "data/events/ministers-meet.yml:1:1: this file is written for data format version 3; this site reads version 2",
        ),
        (
            "events/lecture-on-ties.yml",
            "    citations:\n      - {source: example-lecture, locator: '00:01:05', quote: the ties are close}\n",
            "",
            "data/events/lecture-on-ties.yml:8:5: claim 1 has no citations",
        ),
        (
            EVENT,
            'date: "2024-05"',
            'date: "2024-02-30"',
            "data/events/ministers-meet.yml:4:1: '2024-02-30' is not a real date",
        ),
    ],
)
def test_a_mistake_is_reported_at_its_line_with_the_fix(tiny_data, rel, old, new, message):
    edit(tiny_data, rel, old, new)
    errors = errors_of(tiny_data)
    assert any(e.startswith(message) for e in errors), "\n".join(errors)


def test_every_error_is_reported_at_once_in_file_order(tiny_data):
    edit(tiny_data, EVENT, "title:", "titel: x\ntitle:")
    edit(tiny_data, "events/lecture-on-ties.yml", "themes: [diplomacy]", "themes: [diplomcy]")
    edit(tiny_data, "sources/example-lecture.yml", "video: {id: abcdefghijk}\n", "")
    errors = errors_of(tiny_data)
    files = [e.split(":")[0] for e in errors]
    assert files == sorted(files) and len(set(files)) == 3, errors
    assert all(e.count(":") >= 3 and "Traceback" not in e for e in errors)


def test_a_reference_to_a_broken_file_is_not_a_second_error(tiny_data):
    edit(tiny_data, "sources/example-lecture.yml", "title:", "titel: x\ntitle:")
    errors = errors_of(tiny_data)
    assert [e.split(":")[0] for e in errors] == ["data/sources/example-lecture.yml"], errors
