"""Editors' mistakes fail the build with file:line messages naming the fix — never a traceback."""

from __future__ import annotations

from pathlib import Path
import subprocess
import sys

import pytest

from .conftest import ROOT, built_timeline_files, copy_project, run_build

EVENT = """version: 2
title: A test event
kind: happening
date: "2020-02-17"
date_basis: {basis: published, source: rferl-2020-02-17-shoigu-visit}
themes: [history-before-1999]
claims:
  - text: Something happened.
    citations:
      - source: rferl-2020-02-17-shoigu-visit
        locator: '¶6'
        quote: hosting a delegation led by Russian Defense Minister Sergei Shoigu
"""


def validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "refsite", "--data", str(project / "data"), "validate"],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )


def write(project: Path, rel: str, text: str) -> None:
    path = project / "data" / rel
    path.write_text(text, encoding="utf-8")


# Builds are shared: one of the project with two new valid entries (a plain one and one whose text is
# hostile), one with four broken files. Each test reads the output for its own file.
EVIL = EVENT.replace("title: A test event", 'title: "<script>alert(1)</script> {#x onclick=alert(2)}"').replace(
    "text: Something happened.",
    "text: \"<img src=x onerror=alert(3)> [click](javascript:alert(4)) **ok**\"\n    derived: ['3', '4']",
)
BROKEN = {
    "events/no-citation.yml": EVENT.replace(
        """    citations:
      - source: rferl-2020-02-17-shoigu-visit
        locator: '¶6'
        quote: hosting a delegation led by Russian Defense Minister Sergei Shoigu
""",
        "",
    ),
    "events/unknown-source.yml": EVENT.replace("rferl-2020-02-17-shoigu-visit", "rferl-2020"),
    "events/unknown-field.yml": EVENT.replace("title:", "titel: x\ntitle:"),
    "events/yaml-error.yml": EVENT.replace("themes: [history-before-1999]", "themes: [history-before-1999"),
}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    project = copy_project(tmp_path_factory.mktemp("good") / "project")
    write(project, "events/test-event.yml", EVENT)
    write(project, "events/escaped-event.yml", EVIL)
    out = project.parent / "out"
    return run_build(project, out), out


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory) -> subprocess.CompletedProcess:
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    for rel, text in BROKEN.items():
        write(project, rel, text)
    result = run_build(project, project.parent / "out")
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def test_valid_new_entry_builds(good_build):
    result, out = good_build
    assert result.returncode == 0, result.stderr
    assert any("A test event" in f.read_text(encoding="utf-8") for f in built_timeline_files(out))


def test_claim_without_citation_fails_the_build(broken_build):
    assert "data/events/no-citation.yml:8:5: claim 1 has no citations" in broken_build.stderr


def test_unknown_source_fails_with_did_you_mean(broken_build):
    assert (
        "data/events/unknown-source.yml:10:9: claim 1, citation 1 cites unknown source 'rferl-2020' "
        "(did you mean 'rferl-2020-02-17-shoigu-visit'?)"
    ) in broken_build.stderr


def test_unknown_field_fails(broken_build):
    assert "data/events/unknown-field.yml:2:1: unknown field 'titel' (did you mean 'title'?)" in broken_build.stderr


def test_yaml_syntax_error_fails_with_line(broken_build):
    assert "data/events/yaml-error.yml:7:7: YAML syntax error" in broken_build.stderr


def test_unknown_version_is_refused(project):
    write(project, "events/test-event.yml", EVENT.replace("version: 2", "version: 3"))
    result = validate(project)
    assert result.returncode == 1
    assert (
        "data/events/test-event.yml:1:1: this file is written for data format version 3; this site reads version 2"
        in result.stdout
    )


def test_every_error_is_reported_at_once(project):
    write(project, "events/test-event.yml", EVENT.replace("title:", "titel: x\ntitle:"))
    write(project, "events/other-event.yml", EVENT.replace("'¶6'", "'¶99'"))
    write(project, "events/third-event.yml", EVENT.replace("history-before-1999", "histroy-before-1999"))
    result = validate(project)
    out = result.stdout
    assert "test-event.yml:2:1: unknown field 'titel'" in out
    assert (
        "other-event.yml:11:9: claim 1, citation 1: source 'rferl-2020-02-17-shoigu-visit' has 22 paragraphs, no ¶99"
        in out
    )
    assert (
        "third-event.yml:6:10: theme 1: unknown theme 'histroy-before-1999' (did you mean 'history-before-1999'?)"
        in out
    )


def test_page_chrome_cannot_be_cited(project):
    write(project, "events/test-event.yml", EVENT.replace("'¶6'", "'¶21'"))
    result = validate(project)
    assert "¶21 of 'rferl-2020-02-17-shoigu-visit' is page chrome" in result.stdout


def test_text_from_data_is_escaped(good_build):
    result, out = good_build
    assert result.returncode == 0, result.stderr
    html = "".join(f.read_text(encoding="utf-8") for f in built_timeline_files(out))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "onerror=alert(3)" not in html.replace("&lt;img src=x onerror=alert(3)&gt;", "")
    assert 'href="javascript:' not in html
    # The title appears as text in several forms (heading, citation, BibTeX): no element may get the attribute.
    from bs4 import BeautifulSoup

    assert not [t for t in BeautifulSoup(html, "html.parser").find_all(True) if "onclick" in t.attrs]
    assert "onclick=" not in html.replace("{#x onclick=alert(2)}", "").replace(
        "&#123;#x onclick=alert(2)&#125;", ""
    ).replace(r"\{\#x onclick=alert(2)\}", "")
    assert "<strong>ok</strong>" in html


# --------------------------------------------------------------------------- checks against the texts
# A small dataset of its own and a texts folder beside it, so that these tests do not depend on the real
# data or on the shared texts: one theme, one source whose text has a metadata header, one event.

TEXT = """url: https://example.org/news/1
outlet: Example News
notes: No page chrome.
---
Officials meet in Belgrade

The foreign ministers of Serbia and Russia met in Belgrade on Tuesday to discuss energy supplies and trade.

"We had useful and frank talks," the Russian minister told reporters after the meeting ended late at night.
"""
MINI = {
    "themes/diplomacy.yml": "version: 2\ntitle: Diplomacy\ndescription: Visits and talks.\norder: 1\n",
    "sources/example-news-talks.yml": """version: 2
title: Officials meet in Belgrade
publisher: Example News
type: independent-outlet
format: article
language: en
machine_translation: "no"
text_held: whole
published: "2024-05-02"
published_basis: page
urls:
  - url: https://example.org/news/1
locators: paragraph
paragraphs: 3
text_file: sources-2/100_example.txt
""",
    "events/ministers-meet.yml": """version: 2
title: Foreign ministers meet in Belgrade
kind: happening
date: "2024-05"
date_basis: {basis: published, source: example-news-talks}
themes: [diplomacy]
claims:
  - text: Serbia's and Russia's foreign ministers held talks in Belgrade, according to Example News.
    citations:
      - {source: example-news-talks, locator: '¶1', quote: Officials meet in Belgrade}
      - {source: example-news-talks, locator: '¶2', quote: met in Belgrade}
  - text: The Russian minister called the talks useful and frank.
    citations:
      - {source: example-news-talks, locator: '¶3', quote: useful and frank}
      - {source: example-news-talks, locator: 'meta:published'}
""",
}
SOURCE = "data/sources/example-news-talks.yml"
EVENT_FILE = "data/events/ministers-meet.yml"


def mini_project(tmp_path: Path, text: bytes | str = TEXT, **changes: str) -> tuple[Path, Path]:
    """(data folder, texts folder); changes replace files of MINI, by name with '/' as '__'."""
    data, texts = tmp_path / "data", tmp_path / "texts"
    files = {**MINI, **{k.replace("__", "/"): v for k, v in changes.items()}}
    for rel, content in files.items():
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_text(content, encoding="utf-8")
    (texts / "sources-2").mkdir(parents=True)
    target = texts / "sources-2" / "100_example.txt"
    target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return data, texts


def refsite_run(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "refsite", "--data", str(data), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_validate_checks_the_texts_when_they_are_there(tmp_path):
    data, texts = mini_project(tmp_path)
    result = refsite_run(data, "validate", "--texts", str(texts))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"texts: 1 of 1 sources checked against their texts in {texts}" in result.stderr


def test_validate_says_plainly_when_the_texts_are_missing(tmp_path):
    data, _ = mini_project(tmp_path)
    result = refsite_run(data, "validate", "--texts", str(tmp_path / "nowhere"))
    assert result.returncode == 0, result.stdout + result.stderr  # the data itself is valid
    assert "were NOT checked against the sources' texts" in result.stderr
    github = refsite_run(data, "validate", "--github", "--texts", str(tmp_path / "nowhere"))
    assert "::warning title=Source texts not checked::" in github.stdout


def test_the_header_is_not_paragraphs_and_metadata_locators_are_not_checked_in_the_text(tmp_path):
    from refsite.dataset import load_dataset
    from refsite.source_texts import load_texts, paragraphs_of

    assert paragraphs_of(TEXT)[0] == "Officials meet in Belgrade"  # ¶1 is the first line after '---'
    assert paragraphs_of("No header: here.\n---\nSecond.\n") == ["No header: here.", "---", "Second."]
    data, texts = mini_project(tmp_path)
    loaded = load_texts(load_dataset(data), texts)
    assert len(loaded["example-news-talks"].paragraphs) == 3 and not loaded.problems


def test_a_quote_that_is_not_verbatim_fails_validation(tmp_path):
    event = MINI[EVENT_FILE.removeprefix("data/")].replace("quote: useful and frank", "quote: useful and open")
    data, texts = mini_project(tmp_path, **{"events__ministers-meet.yml": event})
    result = refsite_run(data, "validate", "--texts", str(texts))
    assert result.returncode == 1
    assert (
        f"{EVENT_FILE}:14:53: quote 'useful and open' is not in example-news-talks at ¶3 "
        "(copy the words verbatim: python -m refsite text example-news-talks ¶3 prints the passage)" in result.stdout
    )


def test_a_claim_copying_ten_words_fails_validation(tmp_path):
    copied = "The foreign ministers of Serbia and Russia met in Belgrade on Tuesday, Example News reported."
    event = MINI[EVENT_FILE.removeprefix("data/")].replace(
        "Serbia's and Russia's foreign ministers held talks in Belgrade, according to Example News.", copied
    )
    data, texts = mini_project(tmp_path, **{"events__ministers-meet.yml": event})
    result = refsite_run(data, "validate", "--texts", str(texts))
    assert result.returncode == 1
    assert (
        f"{EVENT_FILE}:11:9: claim text copies the source (¶2): “the foreign ministers of serbia and russia "
        "met in belgrade” (write the claim in your own words" in result.stdout
    )


def test_an_uncited_paragraph_fails_validation_unless_it_is_out_of_scope(tmp_path):
    event = MINI[EVENT_FILE.removeprefix("data/")].replace(
        "      - {source: example-news-talks, locator: '¶1', quote: Officials meet in Belgrade}\n", ""
    )
    data, texts = mini_project(tmp_path, **{"events__ministers-meet.yml": event})
    result = refsite_run(data, "validate", "--texts", str(texts))
    assert result.returncode == 1
    assert (
        f"{SOURCE}:14:1: 1 of 3 content locators are cited by no claim and not listed in out_of_scope: ¶1 "
        "(cite each in a claim, or list it in out_of_scope with a reason" in result.stdout
    )

    source = (
        MINI[SOURCE.removeprefix("data/")]
        + "out_of_scope:\n  - locators: ['¶1']\n    reason: The headline, repeated by ¶2.\n"
    )
    data, texts = mini_project(
        tmp_path / "scoped", **{"events__ministers-meet.yml": event, "sources__example-news-talks.yml": source}
    )
    result = refsite_run(data, "validate", "--texts", str(texts))
    assert result.returncode == 0, result.stdout + result.stderr
    coverage = refsite_run(data, "coverage", "--texts", str(texts))
    assert "--        ¶1   0 claims  out of scope: The headline, repeated by ¶2." in coverage.stdout


def test_text_file_may_not_lead_out_of_the_texts_folder_through_a_link(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LINE one\nSECRET-LINE two\nSECRET-LINE three\n", encoding="utf-8")
    data, texts = mini_project(tmp_path)
    (texts / "sources-2" / "100_example.txt").unlink()
    (texts / "sources-2" / "100_example.txt").symlink_to(secret)
    for args in (("validate", "--texts", str(texts)), ("coverage", "--texts", str(texts))):
        result = refsite_run(data, *args)
        assert (
            f"{SOURCE}:15:1: text_file 'sources-2/100_example.txt' leads outside the texts folder"
            in result.stdout + result.stderr
        ), args
        assert "SECRET-LINE" not in result.stdout + result.stderr


def test_a_text_that_is_not_utf8_gives_a_message_not_a_traceback(tmp_path):
    data, texts = mini_project(tmp_path, text=TEXT.replace("Officials", "Offici\u00e4ls").encode("cp1252"))
    for args in (("validate", "--texts", str(texts)), ("coverage", "--texts", str(texts))):
        result = refsite_run(data, *args)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in output, output
        assert (
            f"{SOURCE}:15:1: text_file 'sources-2/100_example.txt' is not valid UTF-8 (byte 0xe4 on line 5) "
            "(save it as UTF-8" in output
        )


def test_a_linked_folder_in_data_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "not-ours.yml").write_text("version: 2\ntitle: Outside data/\n", encoding="utf-8")
    data, texts = mini_project(tmp_path / "p")
    (data / "polls").symlink_to(outside)
    result = refsite_run(data, "validate", "--texts", str(texts))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/polls:1:1: links in data/ are not followed (entry folders must be real folders inside data/)"
    ]


def test_contributing_covers_what_editors_got_wrong():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for must in (
        "**The source's text.**",
        "`text_file: sources-2/",
        "**every content paragraph is cited**",
        "`out_of_scope`",
        "**A poll's `share` is a percentage**",
        "**Actors first.**",
        "refsite diff",
        "`site-preview`",
        "python3 -m http.server",
    ):
        assert must in guide, must


def test_new_refuses_reserved_ids_and_linked_folders(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "events").symlink_to(outside)
    linked = refsite_run(data, "new", "events", "an-event")
    assert linked.returncode == 1 and "data/events is a link, not a folder inside data/" in linked.stderr
    reserved = refsite_run(data, "new", "sources", "index")
    assert reserved.returncode == 1 and "the id 'index' is reserved" in reserved.stderr
    assert not list(outside.iterdir()) and not (data / "sources").exists()


def test_editors_see_words_not_regular_expressions_for_a_value_of_the_wrong_form():
    """The YAML language server shows patternErrorMessage (or errorMessage) instead of the pattern."""
    from refsite.models import ENTRY_TYPES
    from refsite.schema import schema_of

    def patterns(node):
        if isinstance(node, dict):
            if "pattern" in node:
                yield node
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, list):
            for value in node:
                yield from patterns(value)

    for kind in ENTRY_TYPES:
        for node in patterns(schema_of(kind)):
            message = node.get("patternErrorMessage") or node.get("errorMessage")
            assert message and "\\d" not in message and "^" not in message, (kind, node)
    dates = [n for n in patterns(schema_of("events")) if "\\d{4}" in n["pattern"]]
    assert dates and all("2020-02-17" in n["patternErrorMessage"] for n in dates)


def test_a_quote_not_at_its_locator_fails_the_build_where_the_texts_are(tmp_path, monkeypatch):
    """`mkdocs build` (and so `make serve`) makes the text checks whenever the texts folder is there."""
    fabricated = EVENT.replace("locator: '¶6'", "locator: '¶8'").replace(
        "quote: hosting a delegation led by Russian Defense Minister Sergei Shoigu", "quote: we shall win every war"
    )
    project = copy_project(tmp_path / "project")
    write(project, "events/test-event.yml", fabricated)
    monkeypatch.setenv("REFSITE_TEXTS", str(ROOT.parent / "shared"))
    if not (ROOT.parent / "shared").is_dir():
        pytest.skip("the texts folder ../shared is not there")
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert (
        "data/events/test-event.yml:12:9: quote 'we shall win every war' is not in rferl-2020-02-17-shoigu-visit "
        "at ¶8 (copy the words verbatim: python -m refsite text rferl-2020-02-17-shoigu-visit ¶8 prints the "
        "passage)" in result.stderr
    ), result.stderr[-2000:]
    monkeypatch.setenv("REFSITE_TEXTS", str(tmp_path / "no-texts"))  # without the texts, the data alone
    assert run_build(project, tmp_path / "out").returncode == 0


@pytest.mark.parametrize(
    "quote,message",
    [
        (
            "energy supplies and trade. “We had useful",
            "quote 'energy supplies and trade. “We had useful' spans two paragraphs of example-news-talks "
            "(¶2 and ¶3) (a quote comes from one paragraph: cut it at the paragraph's end and cite the other "
            "paragraph with its own quote)",
        ),
        (
            "to discuss energy supplies",
            "quote 'to discuss energy supplies' is not at ¶3 of example-news-talks (it is at ¶2)",
        ),
        # typographic quotation marks, dashes and spacing are folded: these match
        ('"We had  useful and frank talks,"', None),
    ],
)
def test_a_quote_is_told_where_it_is_or_that_it_spans_two_paragraphs(tmp_path, quote, message):
    event = MINI[EVENT_FILE.removeprefix("data/")].replace("quote: useful and frank}", f"quote: '{quote}'}}")
    data, texts = mini_project(tmp_path, **{"events__ministers-meet.yml": event})
    result = refsite_run(data, "validate", "--texts", str(texts))
    if message is None:
        assert result.returncode == 0, result.stdout
    else:
        assert f"{EVENT_FILE}:14:53: {message}" in result.stdout, result.stdout
