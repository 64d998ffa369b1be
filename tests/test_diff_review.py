"""The reviewers' report against the hostile-input review of December 2026 (issue 22): each case the review
found that made `refsite diff` hide or misstate a change, on a small git history built here.
"""

from __future__ import annotations

from pathlib import Path
import re
import shutil
import subprocess
import sys

import pytest

from refsite.diff import diff_revisions, md

from .conftest import ROOT, git
from .test_diff import BASE_FILES, EVENT, SOURCE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

POLL = """version: 2
title: A poll on sanctions
pollster: serbia
fieldwork: "2024-05"
fieldwork_basis: {basis: published, source: example-news}
themes: [diplomacy]
claims:
  - text: 40% were against sanctions.
    citations:
      - {source: example-news, locator: '¶1'}
results:
  - {question: sanctions-against, answer: Against, share: 40, claim: 1}
"""
FILES = {
    **{f"data/{k}": v for k, v in BASE_FILES.items()},
    "data/sources/example-news.yml": SOURCE + "urls:\n  - url: https://www.bbc.co.uk/news/world-1\n",
    "data/polls/sanctions-poll.yml": POLL,
    "docs/about.md": "# About\n\nThe site is maintained by volunteers.\n",
    "mkdocs.yml": "site_name: Example\nextra_javascript:\n  - assets/readers.js\n",
    "refsite/diff.py": "# the report's code\n",
}


def make_repo(tmp_path: Path, change: dict[str, str | None], files: dict | None = None) -> tuple[Path, str, str]:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _write(repo, files or FILES)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    _write(repo, change)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the change")
    return repo, base, git(repo, "rev-parse", "HEAD").strip()


def _write(repo: Path, files: dict) -> None:
    for rel, content in files.items():
        path = repo / rel
        if content is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def report_of(tmp_path: Path, change: dict, **kwargs) -> str:
    repo, base, head = make_repo(tmp_path, change)
    return diff_revisions(base, head, repo=repo, **kwargs)


# --------------------------------------------------------------------------- findings 1-2: code and pages


def test_changes_outside_data_are_listed_first_and_flagged(tmp_path):
    report = report_of(
        tmp_path,
        {
            "docs/about.md": "# About\n\nThe site is maintained by volunteers.\nThe site is endorsed by the UN.\n",
            "mkdocs.yml": "site_name: Example\nextra_javascript:\n  - assets/readers.js\n  - https://evil.example/t.js\n",
            "refsite/diff.py": "# the report's code, changed\n",
            "data/events/ministers-meet.yml": EVENT.replace("called the talks useful", "called the talks a failure"),
        },
    )
    flagged = report.index("#### ⚠ This pull request changes code or configuration (3 files)")
    assert flagged < report.index("Entries: 0 added · 1 changed") < report.index("#### Changed (1)")
    assert (
        "- changed: `docs/about.md` (hand-written page or the site's scripts and styles)\n"
        "  - added: “The site is endorsed by the UN.”\n" in report
    )
    assert (
        "- changed: `mkdocs.yml` (site configuration (every page))\n"
        "  - added: “- https\\://evil.example/t.js”\n" in report
    )
    assert "- changed: `refsite/diff.py` (the generator (runs at build time and makes this report))" in report
    assert "No changes" not in report


def test_a_change_to_code_alone_is_not_reported_as_no_change(tmp_path):
    report = report_of(tmp_path, {"mkdocs.yml": "site_name: Evil\n"})
    assert "No changes" not in report and "this pull request changes code or configuration" in report.lower()
    assert "⚠ 1 other file (code, pages or configuration)." in report


# --------------------------------------------------------------------------- finding 3: withdrawals


def test_a_withdrawn_claim_is_reported_with_its_text_reason_and_pages(tmp_path):
    withdrawn = EVENT.replace(
        "      - {source: example-news, locator: '¶3', quote: useful}\n",
        "      - {source: example-news, locator: '¶3', quote: useful}\n"
        "    withdrawn: {date: '2025-06-01', reason: The passage does not say this.}\n",
    )
    report = report_of(tmp_path, {"data/events/ministers-meet.yml": withdrawn})
    assert "Entries: 0 added · 0 changed · 0 withdrawn · 1 claim withdrawn." in report
    assert "No changes" not in report
    assert (
        "- claim 2 of **Foreign ministers meet in Belgrade** (`timeline/#ministers-meet`): reason: The passage "
        "does not say this.\n"
        "  - leaves Timeline (`timeline/`); listed on Corrections (`corrections/`)\n"
        "  - the claim readers saw: The Russian minister called the talks useful.\n"
        "    - cites `example-news` ¶3: “useful”\n" in report
    )


# --------------------------------------------------------------------------- finding 4: lists and mappings


def test_list_and_mapping_fields_are_shown_item_by_item(tmp_path):
    report = report_of(
        tmp_path,
        {
            "data/sources/example-news.yml": SOURCE
            + "urls:\n  - url: https://www.bbc.co.uk.evil.example/news/world-1\n",
            "data/events/ministers-meet.yml": EVENT.replace("actors: [serbia]", "actors: []").replace(
                "date_basis: {basis: published, source: example-news}", "date_basis: {basis: published, source: other}"
            ),
            "data/polls/sanctions-poll.yml": POLL.replace("question: sanctions-against", "question: sanctions-for"),
        },
    )
    assert (
        "  - `urls`:\n"
        "    - removed: [{`url`: “https\\://**www\\.bbc.co.uk**/news/world-1”}]\n"
        "    - added: [{`url`: “https\\://**www\\.bbc.co.uk.evil.example**/news/world-1”}]\n"
        "    - ⚠ **the address leads to another site**: www\\.bbc.co.uk → **www\\.bbc.co.uk.evil.example**\n"
    ).replace("[{", "{").replace("}]", "}") in report
    assert "  - `actors`:\n    - removed: “serbia”\n" in report
    assert "  - `date_basis.source`: “example-news” → “other”\n" in report
    assert (
        "  - `results`:\n"
        "    - removed: {`question`: “sanctions-against”; `answer`: “Against”; `share`: 40; `claim`: 1}\n"
        "    - added: {`question`: “sanctions-for”; `answer`: “Against”; `share`: 40; `claim`: 1}\n" in report
    )
    assert "*(list)*" not in report and "*(dict)*" not in report


def test_a_changed_published_claim_is_never_cut_for_room(tmp_path):
    big = "".join(
        f"  - text: Claim {i} {'of some length ' * 60}\n    citations:\n      - {{source: example-news, locator: '¶1'}}\n"
        for i in range(12)
    )
    change = {f"data/events/new-{i}.yml": EVENT.split("claims:")[0] + "claims:\n" + big for i in range(45)}
    change["data/events/second-meeting.yml"] = BASE_FILES["events/second-meeting.yml"].replace(
        "A second meeting took place.", "Serbia said it would impose sanctions on Russia within a month."
    )
    report = report_of(tmp_path, change)
    assert len(report) <= 40000
    assert "impose sanctions on Russia within a month" in report
    assert "Entries: 45 added · 1 changed" in report
    assert "(not listed: the report is long)" in report or "not listed, the report is too long" in report


# --------------------------------------------------------------------------- finding 5: escaping


def test_github_markdown_constructs_and_hidden_characters_are_escaped():
    payload = (
        "$\\huge\\color{green}{\\text{✔ Validated by maintainers}}$ www.evil.example/login WWW.X.org "
        "owner/repo#1 #2 GH-3 @octocat http://evil.example \u202eevil\u202c zero\u200bwidth \x1b[2J"
    )
    text = md(payload, None)
    assert "$" not in text.replace("\\$", "")  # every $ escaped: no math
    assert "www." not in text.lower()  # no www. autolink
    assert "http:" not in text  # no URL autolink (the ':' is escaped)
    assert re.search(r"#\d", text) is None and "GH-3" not in text  # no issue reference
    assert "@octocat" not in text
    assert not re.search("[\x00-\x1f\x7f-\x9f\u200b\u202a-\u202e]", text)
    assert "\\\\u202e" in text and "\\\\u200b" in text and "\\\\u001b" in text


def test_control_characters_in_keys_and_file_names_never_reach_the_report(tmp_path):
    report = report_of(
        tmp_path,
        {
            "data/events/ministers-meet.yml": EVENT + '"\\e[2J\\e[31mPWNED\\e[0m": 1\n',
            "data/events/\x1b[2J\x1b[31mpwned.yml": BASE_FILES["events/second-meeting.yml"],
        },
    )
    assert "\x1b" not in report and "PWNED" in report and "pwned" in report
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", report)


def test_the_command_prints_no_control_character(tmp_path):
    repo, base, head = make_repo(tmp_path, {"data/events/\x1b[31mx.yml": "version: 2\ntitle: \x1b[31m\n"})
    result = subprocess.run(
        [sys.executable, "-m", "refsite", "diff", base, head, "--repo", str(repo), "--texts", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr


# --------------------------------------------------------------------------- finding 7 (the report's part)


def test_without_the_texts_the_first_line_says_quotes_were_not_checked(tmp_path):
    repo, base, head = make_repo(tmp_path, {"data/events/ministers-meet.yml": EVENT.replace("¶1", "¶2")})
    without = diff_revisions(base, head, repo=repo, texts_checked=False)
    assert without.splitlines()[0].startswith("⚠ **Quotes and locators were not checked** against the sources' texts")
    assert diff_revisions(base, head, repo=repo).startswith("### What this change does to the site")
