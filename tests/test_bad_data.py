"""Editors' mistakes fail the build with file:line messages naming the fix — never a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import run_build

EVENT = """version: 1
title: A test event
date: "2020-02-17"
themes: [history-before-1999]
claims:
  - text: Something happened.
    citations:
      - source: rferl-2020-02-17-shoigu-visit
        locator: '¶6'
"""


def validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refsite", "--data", str(project / "data"), "validate"],
                          capture_output=True, text=True, cwd=project)


def write(project: Path, rel: str, text: str) -> None:
    path = project / "data" / rel
    path.write_text(text, encoding="utf-8")


def test_valid_new_entry_builds(project, tmp_path):
    write(project, "events/test-event.yml", EVENT)
    result = run_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "A test event" in (tmp_path / "out" / "timeline" / "index.html").read_text(encoding="utf-8")


def test_claim_without_citation_fails_the_build(project, tmp_path):
    bad = EVENT.replace("""    citations:
      - source: rferl-2020-02-17-shoigu-visit
        locator: '¶6'
""", "")
    write(project, "events/test-event.yml", bad)
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "data/events/test-event.yml:6:5: claim 1 has no citations" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_source_fails_with_did_you_mean(project, tmp_path):
    write(project, "events/test-event.yml", EVENT.replace("rferl-2020-02-17-shoigu-visit", "rferl-2020"))
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert ("data/events/test-event.yml:8:9: claim 1, citation 1 cites unknown source 'rferl-2020' "
            "(did you mean 'rferl-2020-02-17-shoigu-visit'?)") in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_field_fails(project, tmp_path):
    write(project, "events/test-event.yml", EVENT.replace("title:", "titel: x\ntitle:"))
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "data/events/test-event.yml:2:1: unknown field 'titel' (did you mean 'title'?)" in result.stderr


def test_yaml_syntax_error_fails_with_line(project, tmp_path):
    write(project, "events/test-event.yml", EVENT.replace("themes: [history-before-1999]", "themes: [history-before-1999"))
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "data/events/test-event.yml:5:7: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_version_is_refused(project):
    write(project, "events/test-event.yml", EVENT.replace("version: 1", "version: 2"))
    result = validate(project)
    assert result.returncode == 1
    assert "data/events/test-event.yml:1:1: this file is written for data format version 2; this site reads version 1" in result.stdout


def test_every_error_is_reported_at_once(project):
    write(project, "events/test-event.yml", EVENT.replace("title:", "titel: x\ntitle:"))
    write(project, "events/other-event.yml", EVENT.replace("'¶6'", "'¶99'"))
    write(project, "events/third-event.yml", EVENT.replace("history-before-1999", "histroy-before-1999"))
    result = validate(project)
    out = result.stdout
    assert "test-event.yml:2:1: unknown field 'titel'" in out
    assert "other-event.yml:9:9: claim 1, citation 1: source 'rferl-2020-02-17-shoigu-visit' has 22 paragraphs, no ¶99" in out
    assert "third-event.yml:4:10: theme 1: unknown theme 'histroy-before-1999' (did you mean 'history-before-1999'?)" in out


def test_page_chrome_cannot_be_cited(project):
    write(project, "events/test-event.yml", EVENT.replace("'¶6'", "'¶21'"))
    result = validate(project)
    assert "¶21 of 'rferl-2020-02-17-shoigu-visit' is page chrome" in result.stdout


def test_text_from_data_is_escaped(project, tmp_path):
    evil = EVENT.replace("title: A test event", 'title: "<script>alert(1)</script> {#x onclick=alert(2)}"').replace(
        "text: Something happened.", 'text: "<img src=x onerror=alert(3)> [click](javascript:alert(4)) **ok**"')
    write(project, "events/test-event.yml", evil)
    result = run_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "onerror=alert(3)" not in html.replace("&lt;img src=x onerror=alert(3)&gt;", "")
    assert 'href="javascript:' not in html
    # The title appears as text in several forms (heading, citation, BibTeX): no element may get the attribute.
    from bs4 import BeautifulSoup
    assert not [t for t in BeautifulSoup(html, "html.parser").find_all(True) if "onclick" in t.attrs]
    assert "onclick=" not in html.replace("{#x onclick=alert(2)}", "").replace("&#123;#x onclick=alert(2)&#125;", "") \
        .replace(r"\{\#x onclick=alert(2)\}", "")
    assert "<strong>ok</strong>" in html
