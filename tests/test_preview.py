"""The preview (`make serve`, `mkdocs serve --dirty`) rebuilds only what an edit changed, and writes the very files a
clean build of the edited data writes (issue 23, item 1).

The rebuilds run in this process exactly as MkDocs' server runs them: the configuration loaded afresh, the site's
address set to the server's, then a dirty build into the same folder; the hook's on_startup was told `serve` with
--dirty. Each result is compared, file by file and byte by byte, with a clean `mkdocs build` of the same data in
a fresh process.
"""

from __future__ import annotations

import filecmp
import importlib
import json
import logging
import os
from pathlib import Path
import re
import subprocess
import sys

import pytest

from refsite import preview

from .conftest import copy_project, git

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1764806400"  # the sitemap's dates and its gzip header come from SOURCE_DATE_EPOCH, or else the clock


class Server:
    """What `mkdocs serve --dirty` (or `properdocs serve --dirty`) does with the project, without the web server."""

    def __init__(self, project: Path, site: Path, engine: str = "mkdocs"):
        self.project, self.site = project, site
        self.build = importlib.import_module(f"{engine}.commands.build").build
        self.load_config = importlib.import_module(f"{engine}.config").load_config
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugins = config.plugins
        self.rebuild(config)

    def config(self):  # serve's get_config()
        config = self.load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self, config=None) -> list[str]:
        """One rebuild; the URLs of the pages it rendered."""
        self.build(config or self.config(), serve_url=SERVE_URL, dirty=True)
        session = preview.session()
        assert session is not None and session.incremental
        return list(session.rebuilt)

    def stop(self) -> None:
        self.plugins.on_shutdown()


def clean_build(project: Path, out: Path, engine: str = "mkdocs") -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=SERVE_URL, SOURCE_DATE_EPOCH=EPOCH)
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def assert_same_site(served: Path, clean: Path) -> None:
    assert files_of(served) == files_of(clean)
    _, mismatch, errors = filecmp.cmpfiles(served, clean, sorted(files_of(clean)), shallow=False)
    assert (mismatch, errors) == ([], [])


def set_title(path: Path, suffix: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited, n = re.subn(r"^title: (.*)$", lambda m: f"title: {m.group(1).rstrip()} {suffix}", text, count=1, flags=re.M)
    assert n == 1
    path.write_text(edited, encoding="utf-8")


def unreferenced_event(project: Path) -> Path:
    """An event no other entry names (deleting it breaks no reference)."""
    files = sorted((project / "data").rglob("*.yml"))
    texts = {f: f.read_text(encoding="utf-8") for f in files}
    for event in sorted((project / "data" / "events").glob("*.yml"))[5:]:
        if not any(event.stem in text for f, text in texts.items() if f != event):
            return event
    raise AssertionError("every event is referenced")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project in a git repository of its own, everything committed (an edit is uncommitted)."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "data", "docs", "mkdocs.yml")
    git(project, "commit", "-q", "-m", "data", date="2026-11-30")
    return project


@pytest.fixture
def served(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    server = Server(project, tmp_path / "served")
    yield project, server
    server.stop()
    assert preview.session() is None


def edit_and_rebuild(project: Path, site: Path, engine: str) -> dict[str, object]:
    """Start the server's builds, edit one event's title, rebuild: what the assertions below need."""
    server = Server(project, site, engine)
    try:
        pages = len(list(site.rglob("index.html")))
        event = sorted((project / "data" / "events").glob("*.yml"))[40]
        set_title(event, "(edited in preview)")
        untouched = site / "actors" / "index.html"
        before = untouched.stat().st_mtime_ns
        rebuilt = server.rebuild()
        return {"pages": pages, "rebuilt": rebuilt, "untouched": untouched.stat().st_mtime_ns == before}
    finally:
        server.stop()


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_an_edit_rebuilds_a_few_pages_and_the_site_is_what_a_clean_build_writes(project, tmp_path, engine):
    # In a process of its own: ProperDocs redirects every import of mkdocs (the hook's too) to itself.
    code = (
        ("import properdocs.replacement\n" if engine == "properdocs" else "")
        + "import json, sys\nfrom pathlib import Path\nfrom tests.test_preview import edit_and_rebuild\n"
        + "print(json.dumps(edit_and_rebuild(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])))"
    )
    site = tmp_path / "served"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH)
    result = subprocess.run(
        [sys.executable, "-c", code, str(project), str(site), engine],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # The event's period page, its themes' and actors' pages, its sources' pages, the lists that count it:
    # not the whole site (which the first edit used to be, as every footer gained "with uncommitted changes").
    assert 3 <= len(out["rebuilt"]) <= 30 < out["pages"], out["rebuilt"]
    assert out["untouched"] is True
    assert "changes/" in out["rebuilt"]  # the edit is uncommitted: the Changes page says so
    assert_same_site(site, clean_build(project, tmp_path / "clean", engine))


def test_deletions_additions_shared_entries_and_data_errors_end_in_a_clean_builds_site(served, tmp_path):
    project, server = served
    events = project / "data" / "events"
    gone = unreferenced_event(project)
    gone.unlink()
    server.rebuild()
    added = events / "preview-test-added-event-2024.yml"
    added.write_text(
        (events / sorted(p.name for p in events.glob("*.yml"))[10]).read_text(encoding="utf-8"), encoding="utf-8"
    )
    set_title(added, "(a copy)")
    server.rebuild()
    source = sorted((project / "data" / "sources").glob("*.yml"))[3]
    set_title(source, "(retitled)")  # a source: every footnote citing it changes
    server.rebuild()
    good = added.read_text(encoding="utf-8")
    added.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    rebuilt = server.rebuild()  # every page shows the errors; an entry's page is gone (the server's 404 shows them)
    assert "The data has errors" in (server.site / "about" / "index.html").read_text(encoding="utf-8")
    assert len(rebuilt) == len(list(server.site.rglob("index.html"))) > 10
    assert not (server.site / "actors" / "serbia").exists()
    added.write_text(good, encoding="utf-8")
    server.rebuild()
    assert not (server.site / "timeline" / gone.stem).exists()
    assert_same_site(server.site, clean_build(project, tmp_path / "clean"))
