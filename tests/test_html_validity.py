"""HTML validity: the W3C Nu HTML checker (vnu.jar from npm's vnu-jar, on Java 17) over every built page.

Zero errors and zero warnings from our own markup (templates, hand-written pages, overrides/ and our CSS).
What Material for MkDocs itself emits on every page is listed in THEME_ONLY below, each with the markup
it must match (so our markup can never hide behind it) and why it is there; docs/maintainers.md
("Quality gates") repeats the list. An allowlist entry that no longer matches anything fails the test, so
the list stays true when the theme changes. Info messages (e.g. "trailing slash on void elements", which
Python-Markdown writes for <hr />) are not failures.

Setup: `make setup` runs `npm ci`, which installs the pinned vnu-jar from package-lock.json.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
import json
from pathlib import Path
import re
import shutil
import subprocess

import pytest

from .conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class ThemeOnly:
    message: str  # regex on vnu's message
    markup: str  # regex the highlighted markup must match: the theme's own elements
    why: str


THEME_ONLY = (
    ThemeOnly(
        message=r"^Attribute “autocomplete” is only allowed when the input type is",
        markup=r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">$',
        why="Material's hidden checkboxes that open the navigation drawer and the search overlay carry "
        "autocomplete=off (so Firefox does not restore them checked); HTML allows the attribute only on text-like inputs.",
    ),
    ThemeOnly(
        message=r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control\.$",
        markup=r'^<label class="md-nav__title" for="__(toc|drawer|nav_\d+(_\d+)*)">$',
        why="Material's navigation titles are labels for its hidden checkbox toggles (the table of contents "
        "and nested navigation on small screens); the checker wants labels only for visible controls.",
    ),
)

FAILING_TYPES = {
    ("error", ""),
    ("error", "fatal"),
    ("info", "warning"),
    ("non-document-error", "io"),
    ("non-document-error", "schema"),
    ("non-document-error", "internal"),
    ("non-document-error", ""),
}


def highlighted(msg: dict) -> str:
    """The markup vnu highlights. Its offsets are sometimes one character early (the extract then starts a line
    sooner, depending on where the page falls in the checker's read buffer), so surrounding whitespace is dropped."""
    extract = msg.get("extract", "")
    start, length = msg.get("hiliteStart"), msg.get("hiliteLength")
    return (extract[start : start + length] if start is not None and length else extract).strip()


def theme_entry(msg: dict) -> ThemeOnly | None:
    for entry in THEME_ONLY:
        if re.search(entry.message, msg.get("message", "")) and re.search(entry.markup, highlighted(msg)):
            return entry
    return None


def our_css(site_dir: Path) -> list[Path]:
    """Our own stylesheets as built: those from docs/ and overrides/ (not the theme's)."""
    out = []
    for base in (ROOT / "docs", ROOT / "overrides"):
        for css in sorted(base.rglob("*.css")) if base.is_dir() else []:
            built = site_dir / css.relative_to(base)
            if built.is_file():
                out.append(built)
    return out


def run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `make setup` (the checker needs Java 17+)")
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run `make setup` (npm ci installs vnu-jar)")
    result = subprocess.run(
        # C1 only (TieredStopAtLevel=1): a run of seconds is over before C2's compilation would pay back;
        # it halves the checker's CPU time.
        [
            java,
            "-Xss4m",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            "--no-langdetect",
            "--also-check-css",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"vnu gave no JSON report (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )


BAD_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>\n'
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
    '<h1>x</h1><h3>skipped a level</h3><p id="a">1</p><p id="a">2</p></body></html>\n'
)


@pytest.fixture(scope="module")
def vnu_run(site_dir, tmp_path_factory) -> tuple[list[dict], list[dict]]:
    """One run of the checker (each start of Java costs seconds): (the site's messages, the messages about
    BAD_PAGE, a page with our own invalid markup)."""
    pages = sorted(site_dir.rglob("*.html"))
    assert pages
    bad = tmp_path_factory.mktemp("vnu") / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    messages = run_vnu(pages + our_css(site_dir) + [bad])
    about_bad = [m for m in messages if m.get("url", "").removeprefix("file:") == str(bad)]
    return [m for m in messages if m not in about_bad], about_bad


@pytest.fixture(scope="module")
def vnu_messages(vnu_run) -> list[dict]:
    return vnu_run[0]


def where(site_dir: Path, msg: dict) -> str:
    url = msg.get("url", "")
    path = url.removeprefix("file:")
    with contextlib.suppress(ValueError):  # a message about a file outside the site keeps its full path
        path = str(Path(path).relative_to(site_dir))
    return f"{path}:{msg.get('lastLine', '?')}"


def test_no_html_or_css_errors_from_our_markup(site_dir, vnu_messages):
    ours = [
        m for m in vnu_messages if (m.get("type"), m.get("subType", "")) in FAILING_TYPES and theme_entry(m) is None
    ]
    report = "\n".join(
        f"{where(site_dir, m)}: {m['type']}: {m['message']}\n    {highlighted(m).strip()[:200]}" for m in ours[:40]
    )
    assert not ours, f"{len(ours)} validity problems in our markup:\n{report}"


def test_theme_allowlist_is_current(vnu_messages):
    used = {theme_entry(m) for m in vnu_messages}
    stale = [e.message for e in THEME_ONLY if e not in used]
    assert not stale, (
        "allowlisted theme messages that no longer occur (remove them from THEME_ONLY and docs):\n" + "\n".join(stale)
    )


def test_checker_sees_our_mistakes(vnu_run):
    """The checker and the filter work: a page with our own invalid markup is reported, the theme's is not."""
    msgs = [m for m in vnu_run[1] if m.get("type") == "error"]
    ours = [m["message"] for m in msgs if theme_entry(m) is None]
    assert any("Duplicate ID" in m for m in ours), ours
    assert any("skipping 1 heading level" in m for m in ours), ours
    assert any(theme_entry(m) for m in msgs)
