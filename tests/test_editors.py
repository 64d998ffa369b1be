"""Editors' workflow, tested as an editor meets it: the commands, CONTRIBUTING.md's worked example, the
built pages (dates, edit and history links, changes, corrections), the schemas, pre-commit and CI config.
"""

from __future__ import annotations

from pathlib import Path
import re
import shutil
import subprocess
import sys

from bs4 import BeautifulSoup
import jsonschema
import pytest
import yaml

from refsite import cli
from refsite.dataset import load_dataset
from refsite.errors import DataErrors
from refsite.history import load_history
from refsite.loader import read_entry
from refsite.models import ENTRY_TYPES
from refsite.scaffold import scaffold
from refsite.schema import schema_files, schema_of, stale_schemas

from .conftest import (
    ROOT,
    build_command,
    build_env,
    built_timeline_file,
    built_timeline_files,
    copy_project,
    git,
    soup_of_file,
)

REPO = "https://github.com/example/refsite"
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"<!-- (file|mistakes|output): ?(\S*) -->\n```(?:yaml|text)\n(.*?)```", re.S)
ERROR_LINE = re.compile(r"^(data|docs)/[^:]+:\d+:\d+: .+$")

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# --------------------------------------------------------------------------- helpers


def refsite(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `python -m refsite --data PROJECT/data ARGS` as an editor would, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "refsite", "--data", str(project / "data"), *args],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=120,
    )


def build(project: Path, out: Path, **env_overrides) -> subprocess.CompletedProcess:
    env = build_env(**env_overrides)
    for name in {"REPO_URL", "REPO_BRANCH"} - set(env_overrides):  # the repository is only what the test gives
        env.pop(name, None)
    result = subprocess.run(build_command(project, out), capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def contributing_blocks(kind: str) -> list[tuple[str, str]]:
    return [(path, text) for k, path, text in BLOCK.findall(CONTRIBUTING) if k == kind]


def write(project: Path, rel: str, text: str) -> Path:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entry_div(page: BeautifulSoup, entry_id: str):
    heading = page.find(id=entry_id)
    assert heading is not None, entry_id
    return heading.find_parent(class_="entry")  # a <details> row (templates/_macros.md.j2)


# --------------------------------------------------------------------------- validate


def test_validate_passes_on_todays_data_and_says_how_long_it_took():
    # Its speed is measured in `make bench`, not asserted here: a timed test fails on a loaded machine.
    result = refsite(ROOT, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"OK: \d+ entries valid \(\d+\.\d+ s\)", result.stderr), result.stderr


def test_contributing_example_validates_and_its_mistakes_give_the_documented_errors(project):
    files = contributing_blocks("file")
    assert {p for p, _ in files} == {
        "data/sources/example-news-2024-05-02-belgrade-talks.yml",
        "data/events/example-belgrade-talks-2024-05.yml",
    }
    for rel, text in files:
        write(project, rel, text)
    ok = refsite(project, "validate")
    assert ok.returncode == 0, ok.stdout + ok.stderr

    [(rel, bad)] = contributing_blocks("mistakes")
    [(_, documented)] = contributing_blocks("output")
    write(project, rel, bad)
    result = refsite(project, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == documented.splitlines()  # the guide shows exactly what editors get
    assert "7 data errors" in result.stderr

    github = refsite(project, "validate", "--github")
    assert github.returncode == 1
    lines = github.stdout.splitlines()
    assert len(lines) == 7
    assert all(
        re.match(r"^::error file=data/events/example-belgrade-talks-2024-05\.yml,line=\d+,col=\d+::\S", ln)
        for ln in lines
    ), lines
    assert (
        "::error file=data/events/example-belgrade-talks-2024-05.yml,line=12,col=10::theme 1: unknown theme "
        "'diplomacy-and-visit' (did you mean 'diplomacy-and-visits'?)" in lines
    )


def test_validate_reports_every_error_line_precisely_with_a_hint(project):
    write(
        project,
        "data/events/test-hints.yml",
        """version: 2
title: Hints
date: "2020-02-30"
themes: [diplomacy-and-visits]
actors: [serbai]
claims:
  - text: ""
    status: contested
    citations:
      - {source: rferl-2020-02-17-shoigu-visit, locator: '00:10:00'}
  - text: Fine.
    citations: []
kind: happening
date_basis: {basis: published, source: rferl-2020-02-17-shoigu-visit}
""",
    )
    result = refsite(project, "validate")
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert all(ERROR_LINE.match(line) for line in out), out
    expected = [
        "data/events/test-hints.yml:3:1: '2020-02-30' is not a real date: day is out of range for month",
        "data/events/test-hints.yml:5:10: actor 1: unknown actor 'serbai' (did you mean 'serbia'?)",
        "data/events/test-hints.yml:7:5: claim 1: 'text' is empty (Text in our own words.",
        "data/events/test-hints.yml:8:5: claim 1: 'contested' is not an allowed value for 'status' "
        "(allowed: 'reported', 'claimed', 'confirmed', 'denied', 'disputed' or 'analysis')",
        "data/events/test-hints.yml:10:49: claim 1, citation 1: '00:10:00' is a timestamp but source "
        "'rferl-2020-02-17-shoigu-visit' is located by paragraph (use '¶N')",
        "data/events/test-hints.yml:12:5: claim 2 has no citations: every claim needs at least one",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in out), (want, out)
    assert "expected forms: 2020-02-17" in result.stdout  # dates say which forms are accepted


def test_validate_checks_the_shortcodes_in_hand_written_pages(project):
    index = project / "docs" / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines()
    index.write_text("\n".join(lines + ["", "<!-- data:countz -->", ""]), encoding="utf-8")
    result = refsite(project, "validate")
    assert result.returncode == 1
    assert f"docs/index.md:{len(lines) + 2}:1: unknown shortcode 'data:countz' (known: " in result.stdout


def test_validate_refuses_a_live_claim_citing_a_withdrawn_source(project):
    src = project / "data" / "sources" / "rferl-2020-02-17-shoigu-visit.yml"
    src.write_text(
        src.read_text(encoding="utf-8") + 'withdrawn: {date: "2025-03-01", reason: Test.}\n', encoding="utf-8"
    )
    result = refsite(project, "validate")
    assert result.returncode == 1
    assert (
        "cites source 'rferl-2020-02-17-shoigu-visit', which is withdrawn (cite another source, or "
        "withdraw this claim too" in result.stdout
    )


# --------------------------------------------------------------------------- schemas


def test_committed_schemas_match_the_models():
    stale = stale_schemas(ROOT)
    assert not stale, f"{stale} differ from refsite/models.py: run `python -m refsite schema` and commit schemas/"


def test_schema_command_writes_and_checks(tmp_path):
    assert cli.main(["schema", "--root", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(f"{k}.json" for k in ENTRY_TYPES)
    assert cli.main(["schema", "--root", str(tmp_path), "--check"]) == 0
    events = tmp_path / "schemas" / "events.json"
    events.write_text(events.read_text(encoding="utf-8").replace('"title"', '"titel"'), encoding="utf-8")
    assert cli.main(["schema", "--root", str(tmp_path), "--check"]) == 1


def test_every_data_file_names_and_satisfies_its_schema():
    for kind in ENTRY_TYPES:
        schema = schema_of(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for file in sorted((ROOT / "data" / kind).glob("*.yml")):
            first = file.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.json", file
            raw, errors = read_entry(file, kind, file.name)
            assert not errors
            problems = [e.message for e in validator.iter_errors(raw.data)]
            assert not problems, (file, problems)


def test_schema_rejects_what_the_validator_rejects():
    validator = jsonschema.Draft202012Validator(schema_of("events"))
    good = {
        "version": 2,
        "title": "T",
        "kind": "happening",
        "date": "2020-02",
        "date_basis": {"basis": "published", "source": "s"},
        "themes": ["x"],
        "claims": [{"text": "C.", "citations": [{"source": "s", "locator": "¶3"}]}],
    }
    assert not list(validator.iter_errors(good))
    for bad in (
        {**good, "titel": "x"},
        {**good, "date": "2/5/2024"},
        {**good, "claims": []},
        {**good, "claims": [{"text": "C.", "status": "contested", "citations": [{"source": "s", "locator": "¶3"}]}]},
        {**good, "claims": [{"text": "C.", "citations": [{"source": "s", "locator": "p3"}]}]},
    ):
        assert list(validator.iter_errors(bad)), bad


# --------------------------------------------------------------------------- new entries

FILL = {
    "title": '"A test title"',
    "name": "Test Name",
    "publisher": "Test Publisher",
    "description": "Test.",
    "text": "A test claim.",
    "language": "en",
    "published": '"2024-05-02"',
    "date": '"2024-05"',
    "locators": "paragraph",
    "paragraphs": "12",
    "order": "99",
    "source": "rferl-2020-02-17-shoigu-visit",
    "locator": "'¶6'",
    "quote": "hosting a delegation led by Russian Defense Minister Sergei Shoigu",
    "supplier": "russia",
    "recipient": "serbia",
    "speaker": "aleksandar-vucic",
    "system": "Test system",
    "category": "aircraft",
    "deal_type": "purchase",
    "stance": "hedges",
    "themes": "[diplomacy-and-visits]",
    ("sources", "type"): "independent-outlet",
    ("actors", "type"): "person",
    ("arms-deals", "status"): "reported",
    "format": "article",
    "machine_translation": '"no"',
    "text_held": "whole",
    "published_basis": "page",
    # An event dated by its source's publication date (the RFE/RL report of 17 February 2020).
    "kind": "happening",
    "basis": "published",
    ("events", "date"): '"2020-02-17"',
    "question": '"A test question?"',
    "pages": "[home]",
    "answers": '["shoigu-visits-belgrade-2020-02-17#c1"]',
}
PLACEHOLDER = re.compile(r'^(\s*(?:- )?)([a-z_]+):(?: ""| \[\])?$')


def placeholders(lines: list[str]) -> dict[int, re.Match]:
    """Line number -> match for each placeholder: `key: ""`, `key: []`, or `key:` with nothing under it."""
    found = {}
    for i, line in enumerate(lines):
        m = PLACEHOLDER.match(line)
        if not m or m[2] == "version":
            continue
        if not line.endswith(('""', "[]")):
            following = [ln for ln in lines[i + 1 :] if ln.strip() and not ln.strip().startswith("#")]
            indent = len(m[1])
            if following and len(following[0]) - len(following[0].lstrip()) > indent - (2 if "- " in m[1] else 0):
                continue  # a mapping or list: its fields follow
        found[i + 1] = m
    return found


def fill(kind: str, text: str) -> str:
    lines = text.splitlines()
    for number, m in placeholders(lines).items():
        value = FILL.get((kind, m[2])) or FILL[m[2]]
        lines[number - 1] = f"{m[1]}{m[2]}: {value}"
    return "\n".join(lines) + "\n"


def test_new_writes_an_explained_file_that_validates_once_filled(project):
    data = project / "data"
    # One run as an editor types it; the other kinds in-process, to keep the suite fast.
    result = refsite(project, "new", "event", "test-new-event")
    assert result.returncode == 0, result.stderr
    assert "created" in result.stderr and "validate" in result.stderr
    paths = {"events": data / "events" / "test-new-event.yml"}
    for kind in ENTRY_TYPES:
        if kind != "events":
            assert cli.main(["--data", str(data), "new", kind, f"test-new-{kind}"]) == 0
            paths[kind] = data / kind / f"test-new-{kind}.yml"

    # Unfilled, every placeholder is an error on its own line.
    with pytest.raises(DataErrors) as exc:
        load_dataset(data)
    for kind, path in paths.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == f"# yaml-language-server: $schema=../../schemas/{kind}.json"
        expected = {n for n, m in placeholders(lines).items() if m[2] != "paragraphs"}  # may stay empty for videos
        reported = {e.line for e in exc.value.errors if e.path == f"data/{kind}/{path.name}"}
        assert expected and expected == reported, (kind, expected, reported)

    for kind, path in paths.items():
        path.write_text(fill(kind, path.read_text(encoding="utf-8")), encoding="utf-8")
    try:
        dataset = load_dataset(data)
    except DataErrors as exc:  # a filled scaffold must validate: show what does not
        raise AssertionError("\n".join(map(str, exc.errors))) from None
    assert all(dataset.get(f"test-new-{k}" if k != "events" else "test-new-event") for k in ENTRY_TYPES)


def test_new_never_overwrites_and_explains_refusals(project):
    data = project / "data"
    existing = data / "events" / sorted(p.name for p in (data / "events").glob("*.yml"))[0]
    before = existing.read_bytes()
    result = refsite(project, "new", "events", existing.stem)
    assert result.returncode == 1
    assert f"data/events/{existing.name} already exists; not overwriting it" in result.stderr
    assert existing.read_bytes() == before
    result = refsite(project, "new", "event", "serbia")  # an actor's id: ids are unique across data/
    assert result.returncode == 1 and "already used by data/actors/serbia.yml" in result.stderr
    assert not (data / "events" / "serbia.yml").exists()
    result = refsite(project, "new", "evnt", "x")
    assert result.returncode == 1 and "did you mean 'event'?" in result.stderr
    result = refsite(project, "new", "event", "Talks in Belgrade")
    assert result.returncode == 1 and "e.g. 'talks-in-belgrade'" in result.stderr


def test_new_comments_come_from_the_models_descriptions():
    def norm(text: str) -> str:
        return " ".join(text.split())

    for kind, model in ENTRY_TYPES.items():
        text = scaffold(kind)
        comments = norm(" ".join(ln.strip().lstrip("#") for ln in text.splitlines() if ln.strip().startswith("#")))
        for name, info in model.model_fields.items():
            if info.description:
                assert norm(info.description) in comments, (kind, name)
            assert re.search(rf"^(# )?{info.alias or name}:", text, re.M), (kind, name)


# --------------------------------------------------------------------------- history, links, changes


@needs_git
def test_history_is_read_with_one_git_log(monkeypatch):
    import refsite.history as history

    calls = []
    real_run = subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    result = load_history(ROOT / "data")
    n_files = sum(1 for _ in (ROOT / "data").glob("*/*.yml"))
    assert n_files > 50
    assert len(calls) <= 3 and sum("log" in c for c in calls) == 1, calls
    if result.available:
        assert result.head is not None


@needs_git
def test_history_of_a_shallow_clone_does_not_invent_dates(tmp_path):
    origin = tmp_path / "origin"
    write(origin, "data/events/a.yml", "version: 1\n")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "one", date="2024-01-10")
    write(origin, "data/events/a.yml", "version: 1\n# changed\n")
    git(origin, "commit", "-qam", "two", date="2024-02-20")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    history = load_history(clone / "data")
    assert history.available and history.shallow
    fh = history.files["events/a.yml"]
    assert fh.added is None and fh.changed.iso == "2024-02-20"


@needs_git
def test_contributing_example_end_to_end_with_dates_edit_links_and_changes(project, tmp_path):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "data")
    git(project, "commit", "-qm", "Data as it was", date="2024-01-10")
    events = sorted(p for p in (project / "data" / "events").glob("*.yml"))
    changed, dirty = events[0], events[1]
    for rel, text in contributing_blocks("file"):  # the editor follows CONTRIBUTING.md
        write(project, rel, text)
    changed.write_text(changed.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    write(project, "data/events/test-short-lived.yml", (project / contributing_blocks("file")[1][0]).read_text())
    git(project, "add", "data")
    git(project, "commit", "-qm", "Add the Belgrade talks", date="2024-02-20")
    git(project, "rm", "-q", "data/events/test-short-lived.yml")
    git(project, "commit", "-qm", "Remove a duplicate", date="2024-03-05")
    dirty.write_text(dirty.read_text(encoding="utf-8") + "# work in progress\n", encoding="utf-8")
    head = git(project, "log", "-1", "--format=%h", "--", "data").strip()

    out = tmp_path / "site"
    build(project, out, REPO_URL=REPO, REPO_BRANCH="main")

    def timeline(entry_id: str) -> BeautifulSoup:  # the Timeline's page that holds the event
        return BeautifulSoup(built_timeline_file(out, entry_id).read_text(encoding="utf-8"), "html.parser")

    entry = entry_div(timeline("example-belgrade-talks-2024-05"), "example-belgrade-talks-2024-05")
    versions = entry.find(class_="entry-versions")
    assert versions.get_text(" ", strip=True).startswith("Added 20 February 2024")
    assert versions.find("time")["datetime"] == "2024-02-20"
    edit = versions.find("a", string="Edit this entry")
    assert edit["href"] == f"{REPO}/edit/main/data/events/example-belgrade-talks-2024-05.yml"
    assert (
        versions.find("a", string="History")["href"]
        == f"{REPO}/commits/main/data/events/example-belgrade-talks-2024-05.yml"
    )
    # Its footnotes lead to the new source's page, which lists both claims.
    assert any(
        "sources/example-news-2024-05-02-belgrade-talks/#p3" in a["href"]
        for a in timeline("example-belgrade-talks-2024-05").find_all("a", href=True)
    )
    source = soup(out, "sources/example-news-2024-05-02-belgrade-talks")
    assert "Officials of the Serbian and Russian foreign ministries" in source.get_text()
    assert (
        source.find("a", string="Edit this entry")["href"]
        == f"{REPO}/edit/main/data/sources/example-news-2024-05-02-belgrade-talks.yml"
    )

    changed_text = (
        entry_div(timeline(changed.stem), changed.stem).find(class_="entry-versions").get_text(" ", strip=True)
    )
    # Added in the first import: only the later change is worth showing (issue 13).
    assert changed_text.startswith("Last changed 20 February 2024") and "Added" not in changed_text
    assert "Uncommitted changes" in entry_div(timeline(dirty.stem), dirty.stem).find(class_="entry-versions").get_text()

    changes = soup(out, "changes")
    days = [h["id"] for h in changes.select("article h2[id]")]
    assert days == ["changes-2024-03-05", "changes-2024-02-20", "changes-2024-01-10"]
    text = changes.get_text(" ", strip=True)
    assert "Removed Event test-short-lived (removed)" in text  # its type and id, never a raw file path
    feb = changes.find(id="changes-2024-02-20")
    section = []
    for sib in feb.find_next_siblings():
        if sib.name == "h2":
            break
        section.append(sib.get_text(" ", strip=True))
    section_text = " ".join(section)
    assert "Added" in section_text and "Serbian and Russian foreign ministry officials hold talks" in section_text
    assert "Changed" in section_text
    assert changes.find("a", href=f"{REPO}/commits/main/data/events/test-short-lived.yml") is not None

    footer = re.sub(r"\s+,", ",", soup(out, "").select_one(".md-copyright").get_text(" ", strip=True))
    # The footer names the version; that the working tree differs is said on the Changes page only, so that the
    # first edit while previewing does not change every page (issue 23).
    assert f"Data version: 5 March 2024, {head}" in footer and "uncommitted" not in footer
    assert f"Data version: 5 March 2024, {head} with uncommitted changes" in re.sub(r"\s+,", ",", text)

    # The schemas are published with the site, identical to the repository's.
    for rel, text in schema_files().items():
        assert (out / rel).read_text(encoding="utf-8") == text
    # Generated pages get no theme edit button pointing at a file that does not exist.
    built = list(out.rglob("*.html"))
    assert len(built) > 10 and (out / "timeline" / "index.html") in built
    assert all("md-content__button" not in p.read_text(encoding="utf-8") for p in built)


# --------------------------------------------------------------------------- corrections, no repository, no git

WITHDRAWN_EVENT = """# yaml-language-server: $schema=../../schemas/events.json
version: 2
title: A test event later withdrawn
kind: happening
date: "2020-02"
date_basis: {basis: published, source: test-withdrawn-source}
themes: [diplomacy-and-visits]
claims:
  - text: Something that turned out to be wrong.
    citations:
      - {source: test-withdrawn-source, locator: '¶2', quote: a test passage}
withdrawn:
  date: "2025-03-01"
  reason: The test report was misread.
"""
LIVE_EVENT = """# yaml-language-server: $schema=../../schemas/events.json
version: 2
title: A test event still shown
kind: happening
date: "2020-02"
date_basis: {basis: published, source: rferl-2020-02-17-shoigu-visit}
themes: [diplomacy-and-visits]
actors: [test-withdrawn-actor, serbia]
claims:
  - text: See [[test-withdrawn-event]] and [[test-withdrawn-actor|the actor]].
    citations:
      - {source: rferl-2020-02-17-shoigu-visit, locator: '¶6', quote: hosting a delegation}
  - text: A claim withdrawn on its own.
    citations:
      - {source: rferl-2020-02-17-shoigu-visit, locator: '¶7', quote: Serbia wants a strong army}
    withdrawn:
      date: "2025-04"
      reason: The paragraph says something else.
  - text: A third claim keeps its number.
    citations:
      - {source: rferl-2020-02-17-shoigu-visit, locator: '¶8', quote: we will make every effort}
"""
WITHDRAWN_ACTOR = """# yaml-language-server: $schema=../../schemas/actors.json
version: 2
name: Test Withdrawn Actor
type: organisation
withdrawn: {date: "2025-03-02", reason: No document names this actor.}
"""


WITHDRAWN_SOURCE = """# yaml-language-server: $schema=../../schemas/sources.json
version: 2
title: A test report later retracted
publisher: Test Publisher
type: independent-outlet
format: article
language: en
machine_translation: "no"
text_held: whole
published: "2020-02"
published_basis: page
locators: paragraph
paragraphs: 5
withdrawn: {date: "2025-03-01", reason: Retracted by its publisher.}
"""


@pytest.fixture(scope="module")
def corrections_site(tmp_path_factory) -> Path:
    """A copy with withdrawn entries and claims, built outside git, without REPO_URL, but with Material's
    own repo_url and edit button switched on (which must not reach generated pages)."""
    project = copy_project(tmp_path_factory.mktemp("corrections") / "project")
    write(project, "data/events/test-withdrawn-event.yml", WITHDRAWN_EVENT)
    write(project, "data/events/test-live-event.yml", LIVE_EVENT)
    write(project, "data/actors/test-withdrawn-actor.yml", WITHDRAWN_ACTOR)
    write(project, "data/sources/test-withdrawn-source.yml", WITHDRAWN_SOURCE)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  features:\n", "  features:\n    - content.action.edit\n", 1)
    config.write_text(text + f"\nrepo_url: {REPO}\nedit_uri: edit/main/docs/\n", encoding="utf-8")
    out = project.parent / "site"
    build(project, out)
    return out


def test_withdrawn_entries_and_claims_leave_the_pages_but_stay_on_corrections(corrections_site):
    out = corrections_site
    assert not any(soup_of_file(f).find(id="test-withdrawn-event") for f in built_timeline_files(out))
    live_page = built_timeline_file(out, "test-live-event")
    live = entry_div(soup_of_file(live_page), "test-live-event")
    assert live.find(id="test-live-event-c1") and live.find(id="test-live-event-c3")
    assert live.find(id="test-live-event-c2") is None
    assert "A claim withdrawn on its own" not in live.get_text()
    # Links to withdrawn entries lead to their place on the Corrections page (from a Timeline page's depth).
    hrefs = [a["href"] for a in live.find_all("a", href=True)]
    up = "../" * len(live_page.relative_to(out).parts[:-1])
    assert f"{up}corrections/#test-withdrawn-event" in hrefs and f"{up}corrections/#test-withdrawn-actor" in hrefs
    assert not (out / "actors" / "test-withdrawn-actor").exists()
    source = soup(out, "sources/rferl-2020-02-17-shoigu-visit").get_text()
    assert "Something that turned out to be wrong" not in source and "A claim withdrawn on its own" not in source

    corrections = soup(out, "corrections")
    event = corrections.find(id="test-withdrawn-event")
    assert event is not None and corrections.find(id="test-withdrawn-actor") is not None
    text = corrections.get_text(" ", strip=True)
    assert "Withdrawn 1 March 2025: The test report was misread." in text
    assert "Withdrawn 2 March 2025: No document names this actor." in text
    assert "Something that turned out to be wrong." in text
    # The withdrawn event cites a withdrawn source: its footnote leads to that source's correction.
    assert corrections.find(id="test-withdrawn-source") is not None
    assert corrections.find("a", href="#test-withdrawn-source") is not None
    assert not (out / "sources" / "test-withdrawn-source").exists()
    claim = corrections.find(id="test-live-event-c2")
    assert claim is not None
    item = claim.find_parent("li").get_text(" ", strip=True)
    assert (
        "A claim withdrawn on its own." in item and "withdrawn April 2025: The paragraph says something else." in item
    )
    live_url = "../" + live_page.parent.relative_to(out).as_posix() + "/#test-live-event"
    assert claim.find_parent("li").find("a", href=live_url) is not None


def test_without_repository_or_git_there_are_no_edit_links_or_dates(corrections_site):
    out = corrections_site
    for page in ("timeline", "actors/serbia", "corrections", "changes"):
        html = (out / page / "index.html").read_text(encoding="utf-8")
        assert "Edit this entry" not in html and "entry-versions" not in html, page
    assert "built without its version history" in soup(out, "changes").get_text()
    assert "Data version: unversioned" in soup(out, "").select_one(".md-copyright").get_text(" ", strip=True)


def test_generated_pages_get_no_theme_edit_button(corrections_site):
    out = corrections_site
    # Hand-written pages do get Material's edit button (the feature is on in this build) ...
    about = soup(out, "about").find("a", class_="md-content__button")
    assert about is not None and about["href"] == f"{REPO}/edit/main/docs/about.md"
    # ... generated ones never: their files do not exist in the repository.
    for page in ("timeline", "changes", "corrections", "sources", "actors/serbia"):
        assert soup(out, page).find("a", class_="md-content__button") is None, page


# --------------------------------------------------------------------------- pre-commit and CI


def test_pre_commit_runs_the_validator():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]}
    validate = hooks["refsite-validate"]
    assert validate["pass_filenames"] is False and "data" in validate["files"]
    assert validate["entry"].split()[-1] == "validate" and re.search(
        r"^validate:", (ROOT / "Makefile").read_text(), re.M
    )
    assert "schema --check" in hooks["refsite-schema"]["entry"]


def test_github_workflow_checks_every_pull_request_and_deploys_main():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert "REPO_URL" in workflow["env"] and "github." in workflow["env"]["REPO_URL"]
    steps = workflow["jobs"]["check"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "refsite validate --github" in runs and "mkdocs build --strict" in runs and "pytest" in runs
    assert steps[0]["uses"].startswith("actions/checkout") and steps[0]["with"]["fetch-depth"] == 0
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["permissions"]["pages"] == "write"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["steps"])
