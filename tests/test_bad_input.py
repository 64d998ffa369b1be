"""Bad input, as an editor's mistakes and as an attacker's files.

Every bad file (tests/fixtures/bad/, plus the generated ones below) goes into one copy of the project
next to the real data. `refsite validate` and `mkdocs build` must each end with a clear
`data/<kind>/<file>.yml:LINE:COLUMN: message` for every one of them — never a traceback — within seconds
and with bounded memory (each run is killed after TIME_LIMIT seconds and cannot map more than
MEM_LIMIT_MB). Hostile text (HTML, script, javascript: URLs in every text field) must build and be shown
as text, never run.
"""

from __future__ import annotations

import os
from pathlib import Path
import re
import shutil
import sys
import time

from bs4 import BeautifulSoup
import pytest

from refsite.loader import read_entry

from .conftest import built_timeline_files, copy_project, soup_of_file
from .fixtures.hostile import HOSTILE_URLS, PAYLOAD, PWN_MARK
from .fixtures.measure import run_measured

FIXTURES = Path(__file__).parent / "fixtures" / "bad"
TIME_LIMIT = 30  # seconds, per run over the whole bad dataset (it takes about one)
MEM_LIMIT_MB = 1024  # address space; peak RSS is asserted far lower
PEAK_RSS_LIMIT_MB = 300

EVENT = """version: 2
title: {title}
kind: happening
date: "2020-02-17"
date_basis: {{basis: stated, source: rferl-2020-02-17-shoigu-visit, locator: '¶6', quote: on February 17}}
themes: [history-before-1999]
claims:
{claims}"""
CLAIM = """  - text: A claim long enough to make the file large.
    citations: [{{source: rferl-2020-02-17-shoigu-visit, locator: '¶6', quote: hosting a delegation}}]
"""


def _event(title="A generated event", claims=1) -> str:
    return EVENT.format(title=title, claims="".join(CLAIM.format(n=n) for n in range(claims)))


# Files that cannot carry an "# expect:" comment: name -> (bytes, expected "LINE:COL: text" or None if valid)
GENERATED: dict[str, tuple[bytes, str | None]] = {
    "events/empty.yml": (b"", "1:1: file is empty"),
    "events/not-utf8.yml": (
        _event("Vu\u010di\u0107").encode("utf-8").replace("Vučić".encode(), b"Vu\xe8i\xe6"),
        "2:10: file is not valid UTF-8 (byte 0xe8)",
    ),
    "events/utf16.yml": (_event().encode("utf-16"), "1:1: file is not valid UTF-8 (byte 0xff)"),
    "events/nul-byte.yml": (_event("A\x00B").encode(), "2:1: file contains a NUL byte"),
    "events/escape-codes.yml": (_event("\x1b[31mred\x1b[0m").encode(), "2:8: character U+001B is not allowed in YAML"),
    "events/huge-number.yml": (
        _event().replace("version: 2", "version: " + "9" * 5000).encode(),
        "1:10: value '99999999999999999999…' cannot be read as int",
    ),
    "events/too-large.yml": (_event(claims=2500).encode(), "1:1: file is over 256 KB"),
    "events/deep-flow-nesting.yml": (
        _event("[" * 100_000 + "]" * 100_000).encode(),
        "2:47: nesting is deeper than 40 levels",
    ),
    "events/deep-block-nesting.yml": (
        ("version: 2\nx:\n" + "".join(" " * i + "- \n" for i in range(1, 600))).encode(),
        "42:41: nesting is deeper than 40 levels",
    ),
    "events/large-but-valid.yml": (_event(claims=1500).encode(), None),
}
# Files the loader reads without complaint, refused by the checks after it: name -> (bytes, expected).
PLACED: dict[str, tuple[bytes, str]] = {
    # A .yml file directly in data/ used to be ignored without a word.
    "stray.yml": (_event().encode(), "1:1: files directly in data/ are not read"),
    # Small inputs, huge outputs: 20,000 aliases (160 KB) would grow the search index to tens of MB ...
    "actors/alias-flood.yml": (
        (
            "version: 2\nname: Alias Flood\ntype: person\naliases:\n" + "".join(f"- a{i}\n" for i in range(20_000))
        ).encode(),
        "4:1: 'aliases' has 20000 items; at most 50 are allowed",
    ),
    # ... and 5,000 poll results would draw megabytes of charts.
    "polls/results-flood.yml": (
        (
            "version: 2\ntitle: Results flood\nthemes: [public-opinion]\nresults: ["
            + ", ".join("{question: q, answer: a, share: 1, claim: 1}" for _ in range(5_000))
            + "]\n"
        ).encode(),
        "4:1: 'results' has 5000 items; at most 100 are allowed",
    ),
}
# Not regular files: a link to an endless device, and a pipe nobody writes to.
SPECIAL = {
    "events/link-to-dev-zero.yml": "1:1: not a regular file",
    "events/named-pipe.yml": "1:1: not a regular file",
}


def _fixture_expectations() -> list[tuple[str, str]]:
    out = []
    for file in sorted(FIXTURES.rglob("*.yml")):
        rel = "data/" + file.relative_to(FIXTURES).as_posix()
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.startswith("# expect: "):
                out.append((rel, line.removeprefix("# expect: ")))
    return out


EXPECTED = (
    _fixture_expectations()
    + [("data/" + rel, exp) for rel, (_, exp) in GENERATED.items() if exp]
    + [("data/" + rel, exp) for rel, (_, exp) in PLACED.items()]
    + [("data/" + rel, exp) for rel, exp in SPECIAL.items()]
)


def make_bad_project(target: Path) -> Path:
    project = copy_project(target)
    data = project / "data"
    for file in FIXTURES.rglob("*.yml"):
        dest = data / file.relative_to(FIXTURES)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(file, dest)
    for rel, (content, _) in {**GENERATED, **PLACED}.items():
        (data / rel).write_bytes(content)
    (data / "events" / "link-to-dev-zero.yml").symlink_to("/dev/zero")
    os.mkfifo(data / "events" / "named-pipe.yml")
    return project


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory) -> Path:
    return make_bad_project(tmp_path_factory.mktemp("bad") / "project")


@pytest.fixture(scope="module")
def validate_run(bad_project):
    return run_measured(
        [sys.executable, "-m", "refsite", "--data", str(bad_project / "data"), "validate"],
        cwd=bad_project,
        timeout=TIME_LIMIT,
        mem_limit_mb=MEM_LIMIT_MB,
    )


@pytest.fixture(scope="module")
def build_run(bad_project, tmp_path_factory):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return run_measured(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(bad_project / "mkdocs.yml"),
            "-d",
            str(tmp_path_factory.mktemp("bad-site")),
        ],
        cwd=bad_project,
        env=env,
        timeout=TIME_LIMIT,
        mem_limit_mb=MEM_LIMIT_MB,
    )


@pytest.mark.parametrize(
    "rel,expected", EXPECTED, ids=[f"{r.removeprefix('data/')}:{e.split(':')[0]}" for r, e in EXPECTED]
)
def test_mistake_is_reported_with_file_and_line(validate_run, build_run, rel, expected):
    message = f"{rel}:{expected}"
    assert message in validate_run.stdout, f"refsite validate did not say:\n  {message}\nIt said:\n" + "\n".join(
        line for line in validate_run.stdout.splitlines() if line.startswith(rel + ":")
    )
    assert message in build_run.stderr, f"mkdocs build did not say:\n  {message}"


@pytest.mark.parametrize("run", ["validate_run", "build_run"])
def test_bad_data_fails_cleanly_fast_and_in_bounded_memory(request, run):
    result = request.getfixturevalue(run)
    output = result.stdout + result.stderr
    assert not result.timed_out, f"{run} took more than {TIME_LIMIT} s"
    assert result.returncode != 0
    assert "Traceback" not in output and "MemoryError" not in output, output[-3000:]
    assert result.seconds < TIME_LIMIT
    assert result.peak_rss_mb < PEAK_RSS_LIMIT_MB, f"{run} peaked at {result.peak_rss_mb:.0f} MB"


def test_every_message_names_file_line_and_column(validate_run):
    lines = validate_run.stdout.splitlines()
    assert len(lines) >= len(EXPECTED)
    vague = [line for line in lines if not re.match(r"^data/([a-z-]+/)?[^:/]+\.yml:\d+:\d+: \S", line)]
    assert not vague, "\n".join(vague[:20])
    assert not any(len(line) > 1000 for line in lines), "a message quotes too much of the input"


def test_large_valid_file_is_accepted(validate_run):
    assert not any(line.startswith("data/events/large-but-valid.yml") for line in validate_run.stdout.splitlines())


@pytest.mark.parametrize("rel", sorted(GENERATED) + sorted(SPECIAL))
def test_loader_refuses_each_hostile_file_quickly(tmp_path, rel):
    """In-process, one file at a time: the loader spends under a second of CPU on each (CPU time, which a
    loaded machine does not inflate as it does the wall clock; the wall-clock bound only catches a hang)."""
    file = tmp_path / Path(rel).name
    if rel in SPECIAL:
        if "pipe" in rel:
            os.mkfifo(file)
        else:
            file.symlink_to("/dev/zero")
    else:
        file.write_bytes(GENERATED[rel][0])
    start, cpu = time.perf_counter(), time.process_time()
    raw, errors = read_entry(file, "events", rel)
    assert time.process_time() - cpu < 1.0
    assert time.perf_counter() - start < 15.0
    expected = GENERATED[rel][1] if rel in GENERATED else SPECIAL[rel]
    if expected is None:
        assert raw is not None and not errors
    else:
        assert any(
            f"{e.line}:{e.column}: {e.message}".startswith(expected.split(" (")[0])
            or expected in f"{e.line}:{e.column}: {e.message}"
            for e in errors
        ), errors


# --- hostile text -----------------------------------------------------------------------------------------


def hostile_findings(site: Path) -> list[str]:
    """Places where the payload would run: script text, on* handlers, script URLs, injected elements."""
    found = []
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site)
        for el in soup_of_file(html_file).find_all(True):
            if el.name in ("script", "style") and PWN_MARK in (el.string or ""):
                found.append(f"{rel}: <{el.name}> with the payload")
            if el.name in ("img", "svg", "iframe", "object", "embed") and PWN_MARK in str(el)[:400]:
                found.append(f"{rel}: injected <{el.name}>")
            for name, value in el.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if name.lower().startswith("on") and PWN_MARK in value:
                    found.append(f"{rel}: <{el.name} {name}={value[:40]!r}>")
                if name.lower() in (
                    "href",
                    "src",
                    "action",
                    "formaction",
                    "data",
                    "xlink:href",
                ) and squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"{rel}: <{el.name} {name}={value[:40]!r}>")
    return found


# `hostile_site` (tests/conftest.py): the hostile copy, built once per session and shared with the browser.


def test_hostile_text_is_shown_not_run(hostile_site):
    site, fields = hostile_site
    assert fields > 300  # every free-text field of every entry holds the payload
    findings = hostile_findings(site)
    assert not findings, f"{len(findings)} places where data would run as code:\n" + "\n".join(findings[:30])


def test_hostile_text_is_visible_as_typed(hostile_site):
    site, _ = hostile_site
    text = "".join(soup_of_file(f).get_text() for f in built_timeline_files(site))
    visible = PAYLOAD.split(" *e*")[0]  # the inline subset (*e*, **s**) becomes emphasis, as documented
    assert visible in text
    title = BeautifulSoup((site / "actors" / "serbia" / "index.html").read_text(encoding="utf-8"), "html.parser").title
    assert title.get_text().startswith("Hostile <script>pwn(1)</script>")  # the tab title shows the text, escaped once


def test_hostile_urls_stay_inside_their_attribute(hostile_site):
    site, _ = hostile_site
    source_page = next((site / "sources").glob("*/index.html"))
    soup = BeautifulSoup(source_page.read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    for url in HOSTILE_URLS:
        assert url in hrefs, url
        assert soup.find("a", string=url) is not None, f"link text of {url} is not the URL as typed"


def test_messages_never_carry_control_characters_to_the_terminal():
    """Messages quote values from data files: escape codes and line breaks are shown, not obeyed."""
    from refsite.errors import DataError

    err = DataError("data/events/x\x1b.yml", 3, 7, "'\x1b[31m2020' is not a date\nforged: line", "hint\x00\u202e")
    text = str(err)
    assert text == "data/events/x\\x1b.yml:3:7: '\\x1b[31m2020' is not a date\\nforged: line (hint\\x00\\u202e)"
    assert not any(ord(ch) < 32 for ch in text + err.github_annotation())
