"""`refsite diff`: what a pull request does to the site, in readers' terms, tested on a real git history
built here; and the workflow and pre-commit configuration that put it in front of reviewers.
"""

from __future__ import annotations

from pathlib import Path
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from refsite.diff import Changes, DiffError, compare, diff_revisions, md, read_revision, resolve

from .conftest import ROOT, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

THEME = "version: 2\ntitle: Diplomacy\ndescription: Visits and talks.\norder: 1\n"
SOURCE = """version: 2
title: Officials meet in Belgrade
publisher: Example News
type: independent-outlet
format: article
language: en
machine_translation: "no"
text_held: whole
published: "2024-05-02"
published_basis: page
locators: paragraph
paragraphs: 3
"""
EVENT = """version: 2
title: Foreign ministers meet in Belgrade
kind: happening
date: "2024-05"
date_basis: {basis: published, source: example-news}
themes: [diplomacy]
actors: [serbia]
claims:
  - text: The foreign ministers held talks in Belgrade, according to Example News.
    citations:
      - {source: example-news, locator: '¶1'}
  - text: The Russian minister called the talks useful.
    citations:
      - {source: example-news, locator: '¶3', quote: useful}
"""
OTHER = """version: 2
title: Second meeting
kind: happening
date: "2024-06"
date_basis: {basis: published, source: example-news}
themes: [diplomacy]
claims:
  - text: A second meeting took place.
    citations:
      - {source: example-news, locator: '¶2'}
"""
ACTOR = "version: 2\nname: Serbia\ntype: state\n"

BASE_FILES = {
    "themes/diplomacy.yml": THEME,
    "sources/example-news.yml": SOURCE,
    "events/ministers-meet.yml": EVENT,
    "events/second-meeting.yml": OTHER,
    "events/to-be-withdrawn.yml": OTHER.replace("Second meeting", "A meeting that did not happen"),
    "events/to-be-deleted.yml": OTHER.replace("Second meeting", "Deleted meeting"),
    "actors/serbia.yml": ACTOR,
    "actors/old-name.yml": "version: 2\nname: Renamed Actor\ntype: person\n",
}
HOSTILE = "<img src=x onerror=alert(1)> @octocat [click](javascript:alert(2)) **bold** | cell"


def head_files() -> dict[str, str | None]:
    """The change under review: None deletes a file."""
    changed = (
        EVENT.replace(
            "held talks in Belgrade, according to Example News.", "met in Belgrade for talks, Example News reported."
        ).replace("locator: '¶3', quote: useful}", "locator: '¶2', quote: useful}")
        + """  - text: A third claim.
    citations:
      - {source: example-news, locator: '¶2'}
disputes:
  - about: Number of meetings
    values:
      - {value: "one", claims: [1]}
      - {value: "two", claims: [3]}
"""
    )
    withdrawn_claim = OTHER + "    withdrawn: {date: '2024-07-01', reason: The report was corrected.}\n"
    new_source = (
        SOURCE.replace("Officials meet in Belgrade", "A relay of the report").replace(
            "independent-outlet", "aggregator"
        )
        + """relays:
  - {name: RIA Novosti, how: reposts}
  - {source: example-news, how: cites}
  - {actor: serbia, how: cites, what: a statement}
"""
    )
    return {
        "events/ministers-meet.yml": changed,
        "events/second-meeting.yml": withdrawn_claim,
        "events/to-be-withdrawn.yml": BASE_FILES["events/to-be-withdrawn.yml"]
        + "withdrawn: {date: '2024-07-01', reason: No such meeting took place.}\n",
        "events/to-be-deleted.yml": None,
        "events/new-event.yml": OTHER.replace("Second meeting", HOSTILE),
        "sources/relay-of-the-report.yml": new_source,
        "actors/old-name.yml": None,
        "actors/new-name.yml": BASE_FILES["actors/old-name.yml"],
    }


def write_files(repo: Path, files: dict[str, str | None]) -> None:
    for rel, content in files.items():
        path = repo / "data" / rel
        if content is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, str, str]:
    """A repository with two commits: the base data and the change. Returns (repo, base, head)."""
    repo = tmp_path_factory.mktemp("diff-repo")
    git(repo, "init", "-q", "-b", "main")
    write_files(repo, BASE_FILES)
    (repo / "README.md").write_text("A project.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    write_files(repo, head_files())
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the change")
    return repo, base, git(repo, "rev-parse", "HEAD").strip()


def run_diff(repo: Path, *args: str) -> subprocess.CompletedProcess:
    # A texts folder that is there, wherever the project is cloned: the report then begins with its heading
    # (without one, with the warning that quotes were not checked: tests/test_diff_review.py).
    return subprocess.run(
        [sys.executable, "-m", "refsite", "diff", *args, "--repo", str(repo), "--texts", str(repo)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def report(repo) -> str:
    path, base, head = repo
    result = run_diff(path, base, head, "--preview-url", "https://preview.example.org/pr-7/")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_summary_counts_entries_added_changed_and_withdrawn(report, repo):
    _, base, head = repo
    assert report.startswith(f"### What this change does to the site (`{base[:8]}` → `{head[:8]}`)")
    assert (
        "Entries: 2 added (1 of them sources) · 1 changed · 1 withdrawn · 1 claim withdrawn · "
        "disputes: 1 opened or changed, 0 resolved." in report
    )


def test_a_changed_claim_shows_old_and_new_text_with_each_citation_and_quote_beneath(report):
    assert (
        "- Event [**Foreign ministers meet in Belgrade**](https://preview.example.org/pr-7/timeline/#ministers-meet)"
        " · `data/events/ministers-meet.yml`" in report
    )
    assert (
        "  - [claim 1](https://preview.example.org/pr-7/timeline/#ministers-meet-c1) changed:\n"
        "    - before: The foreign ministers held talks in Belgrade, according to Example News.\n"
        "      - cites `example-news` ¶1\n"
        "    - after: The foreign ministers met in Belgrade for talks, Example News reported.\n"
        "      - cites `example-news` ¶1\n" in report
    )
    assert (
        "    - before: The Russian minister called the talks useful.\n      - cites `example-news` ¶3: “useful”\n"
        "    - after: The Russian minister called the talks useful.\n      - cites `example-news` ¶2: “useful”\n"
        in report
    )
    assert (
        "  - [claim 3](https://preview.example.org/pr-7/timeline/#ministers-meet-c3) added: A third claim.\n"
        "    - cites `example-news` ¶2\n" in report
    )


def test_new_sources_show_their_type_and_chain(report):
    section = report.split("#### New sources (1)")[1].split("####")[0]
    assert (
        "- Source [**A relay of the report**](https://preview.example.org/pr-7/sources/relay-of-the-report/)" in section
    )
    assert "  - aggregator, article, Example News, published 2024-05-02 (page)" in section
    assert (
        "  - chain: this text reposts RIA Novosti → cites [Officials meet in Belgrade]"
        "(https://preview.example.org/pr-7/sources/example-news/) → cites Serbia (a statement)" in section
    )


def test_withdrawals_disputes_deletions_and_renames_are_reported(report):
    assert (
        "#### Withdrawn entries (1)\n\n- Event [**A meeting that did not happen**]"
        "(https://preview.example.org/pr-7/corrections/#to-be-withdrawn): reason: No such meeting took place.\n"
        "  - leaves [Timeline](https://preview.example.org/pr-7/timeline/#to-be-withdrawn); listed on "
        "[Corrections](https://preview.example.org/pr-7/corrections/) with its claims\n"
        "  - c1: A second meeting took place.\n" in report
    )
    assert (
        "- claim 1 of [**Second meeting**](https://preview.example.org/pr-7/timeline/#second-meeting): "
        "reason: The report was corrected.\n"
        "  - leaves [Timeline](https://preview.example.org/pr-7/timeline/); listed on "
        "[Corrections](https://preview.example.org/pr-7/corrections/)\n"
        "  - the claim readers saw: A second meeting took place.\n"
        "    - cites `example-news` ¶2\n" in report
    )
    assert (
        "- opened or changed on [**Foreign ministers meet in Belgrade**]"
        "(https://preview.example.org/pr-7/timeline/#ministers-meet): Number of meetings — "
        "“one” (claim 1); “two” (claim 3)" in report
    )
    assert "⚠ `data/events/to-be-deleted.yml` was **deleted**" in report
    assert "⚠ `data/actors/old-name.yml` was **renamed** to `data/actors/new-name.yml`" in report


def test_pages_affected_are_linked_into_the_preview(report):
    pages = report.split("#### Pages affected")[1]
    for title, url in (
        ("Timeline", "timeline/"),
        ("Corrections", "corrections/"),
        ("Contested points", "contested/"),
        ("Theme: Diplomacy", "themes/diplomacy/"),
        ("Actor: Serbia", "actors/serbia/"),
        ("Source: Officials meet in Belgrade", "sources/example-news/"),
        ("Source: A relay of the report", "sources/relay-of-the-report/"),
    ):
        assert f"- [{title}](https://preview.example.org/pr-7/{url})" in pages, url


def test_paths_match_a_preview_built_without_directory_urls(repo):
    path, base, head = repo
    result = run_diff(path, base, head, "--no-directory-urls")
    assert result.returncode == 0, result.stderr
    assert "**Foreign ministers meet in Belgrade** (`timeline.html#ministers-meet`)" in result.stdout
    assert "- Source: A relay of the report (`sources/relay-of-the-report.html`)" in result.stdout


def test_data_is_shown_as_text_never_as_markup(report):
    line = next(ln for ln in report.splitlines() if "onerror" in ln)
    assert "<img" not in line and "&lt;img src=x onerror=alert\\(1\\)&gt;" in line
    assert "](javascript" not in report and "\\[click\\]\\(javascript\\:alert\\(2\\)\\)" in line
    assert "@octocat" not in report and "@\u2060octocat" in line  # no mention notifies anyone
    assert "**bold**" not in line and "\\*\\*bold\\*\\* \\| cell" in line


def test_the_working_tree_is_neither_read_nor_touched(repo):
    path, base, head = repo
    (path / "data" / "events" / "ministers-meet.yml").write_text("uncommitted: edit\n", encoding="utf-8")
    (path / "data" / "events" / "untracked.yml").write_text(EVENT, encoding="utf-8")
    try:
        before = git(path, "status", "--porcelain")
        result = run_diff(path, base, head)
        assert result.returncode == 0, result.stderr
        assert "untracked" not in result.stdout and "uncommitted" not in result.stdout
        assert git(path, "status", "--porcelain") == before and git(path, "rev-parse", "HEAD").strip() == head
    finally:
        git(path, "checkout", "-q", "--", "data/events/ministers-meet.yml")
        (path / "data" / "events" / "untracked.yml").unlink()


def test_a_long_report_is_cut_and_says_so(repo):
    path, base, head = repo
    result = run_diff(path, base, head, "--max-chars", "1200")
    assert result.returncode == 0
    assert len(result.stdout) <= 1200
    assert re.search(
        r"… \d+ more lines cut to fit a comment\. The whole report: `python -m refsite diff "
        rf"{base[:12]} {head[:12]}`\.",
        result.stdout,
    ), result.stdout


def test_no_change_to_data_says_so(repo):
    path, base, _ = repo
    result = run_diff(path, base, base)
    assert result.returncode == 0
    assert "No changes: readers see the same content." in result.stdout


def test_an_unknown_revision_is_a_message_not_a_traceback(repo):
    path = repo[0]
    result = run_diff(path, "no-such-branch", "HEAD")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("refsite diff: unknown revision 'no-such-branch'")
    with pytest.raises(DiffError, match="not a revision"):  # never passed to git as an option
        resolve(path, "--output=/tmp/x")


def test_a_linked_folder_in_a_revision_is_not_followed(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write_files(repo, {"themes/diplomacy.yml": THEME})
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yml").write_text("version: 2\ntitle: SECRET\n", encoding="utf-8")
    (repo / "data" / "polls").symlink_to(tmp_path / "outside")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link")
    entries = read_revision(repo, resolve(repo, "HEAD"))
    assert set(entries) == {"diplomacy"}


def test_compare_in_process():
    assert compare({}, {}).empty and isinstance(compare({}, {}), Changes)
    assert md("a|b <c> @d") == "a\\|b &lt;c&gt; @\u2060d"


def test_diff_revisions_function(repo):
    path, base, head = repo
    text = diff_revisions(base, head, repo=path)
    assert "#### Changed (1)" in text and "**Foreign ministers meet in Belgrade** (`timeline/#ministers-meet`)" in text


# --------------------------------------------------------------------------- the workflow and pre-commit

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))


def _steps(job: str) -> list[dict]:
    return WORKFLOW["jobs"][job]["steps"]


COMMENT = yaml.safe_load((ROOT / ".github" / "workflows" / "site-comment.yml").read_text(encoding="utf-8"))
WORKFLOW_TEXTS = {
    name: (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
    for name in ("site.yml", "site-comment.yml")
}


def test_the_report_is_made_by_the_base_branchs_code_with_no_write_token():
    report = WORKFLOW["jobs"]["report"]
    assert report["if"] == "github.event_name == 'pull_request'"
    assert report["permissions"] == {"contents": "read"}
    checkouts = [s for s in report["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [c["with"]["path"] for c in checkouts] == ["base", "pr"]
    assert checkouts[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert all(c["with"]["persist-credentials"] is False for c in checkouts)
    runs = "\n".join(s.get("run", "") for s in report["steps"])
    assert "make -C base .venv/.installed" in runs  # the base branch's packages and code
    assert 'base/.venv/bin/python -P -m refsite diff "$BASE_SHA" HEAD --repo pr --no-directory-urls' in runs
    assert "GITHUB_STEP_SUMMARY" in runs and "pr-report/pr-number.txt" in runs
    upload = next(s for s in report["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "pr-report"
    assert "refsite diff" not in " ".join(s.get("run", "") for s in _steps("check"))  # never the PR's own code


def test_fork_pull_requests_get_the_comment_from_a_workflow_run_follow_up():
    triggers = COMMENT.get("on", COMMENT.get(True))
    assert triggers == {"workflow_run": {"workflows": ["Site"], "types": ["completed"]}}
    assert COMMENT["permissions"] == {}
    job = COMMENT["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert not any("checkout" in s.get("uses", "") for s in job["steps"])  # runs none of the PR's code
    download = job["steps"][0]
    assert download["uses"].startswith("actions/download-artifact@") and download["with"]["name"] == "pr-report"
    script = job["steps"][1]["with"]["script"]
    assert "${{" not in script  # event data reaches the script through env, never pasted into its code
    assert "pr.head.sha !== process.env.HEAD_SHA" in script  # the number in the artifact is checked
    for neutralised in ('"&lt;"', '"]\\\\("', '"@\\u2060"', '"#\\u2060"', '"$1\\\\."', ".slice(0, 60000)"):
        assert neutralised in script, neutralised
    assert 'startsWith(".github/")' in script and "updateComment" in script and "createComment" in script


def test_only_the_comment_workflow_may_write_to_pull_requests():
    assert WORKFLOW["permissions"] == {"contents": "read"}
    for name, job in WORKFLOW["jobs"].items():
        assert "pull-requests" not in job.get("permissions", {}), name


def test_code_from_the_pull_request_runs_with_no_token_in_git_config():
    checkout = next(s for s in _steps("check") if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_actions_are_pinned_by_commit_with_the_release_in_a_comment():
    for name, text in WORKFLOW_TEXTS.items():
        uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", text, re.M)
        assert uses, name
        for action, comment in uses:
            assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
            assert re.fullmatch(r"  # v\d+\.\d+\.\d+", comment), (action, comment)


def test_the_preview_is_documented_as_untrusted():
    readme = next(s["run"] for s in _steps("check") if "README.txt" in s.get("run", ""))
    assert "UNTRUSTED: this folder was built by the pull request's own code" in readme
    assert "untrusted" in COMMENT["jobs"]["comment"]["steps"][1]["with"]["script"]


def test_the_preview_opens_from_disk():
    runs = " ".join(s.get("run", "") for s in _steps("check"))
    assert "mkdocs build --strict --no-directory-urls -d preview" in runs
    assert "README.txt" in runs and "python3 -m http.server" in runs
    upload = next(s for s in _steps("check") if s.get("id") == "preview")
    assert upload["with"]["name"] == "site-preview" and upload["with"]["path"] == "preview/"


def test_a_push_to_main_does_not_cancel_a_deploy_and_a_manual_run_can_deploy():
    cancel = str(WORKFLOW["concurrency"]["cancel-in-progress"])
    assert "pull_request" in cancel  # only pull requests' runs replace each other
    deploy = WORKFLOW["jobs"]["deploy"]
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))
    assert "workflow_dispatch" in triggers


def test_pip_is_cached():
    cache = next(s for s in _steps("check") if s.get("uses", "").startswith("actions/cache"))
    # Keyed by the lock, which is what make installs: a new version or hash starts a new cache.
    assert cache["with"]["path"] == "~/.cache/pip" and "hashFiles('requirements-test.lock')" in cache["with"]["key"]


def test_pre_commit_needs_no_ready_made_venv():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    for hook in (h for repo in config["repos"] for h in repo["hooks"]):
        entry = hook["entry"]
        # Every hook goes through make, which creates .venv first (a clone has none).
        assert entry.startswith(("make ", "sh -c 'make ")), entry
