"""Shared fixtures: build the real site once; build deliberately broken copies of the project.

Builds are the slow part of the suite (seconds each), so every site that several tests read is built
once per test run, however many pytest-xdist processes share it (`built_once`): `site_dir` (the real
data), `hostile_site` (every text field holds a payload; used by tests/test_bad_input.py and the browser). A test that changes data builds its own copy with
`copy_project` + `run_build` only when what it checks shows in a build alone (MkDocs' output, the theme,
the hook); the pieces of the pipeline are tested in tests/unit/ without MkDocs (`pytest -m unit`).

- `multiplied_site`: the site built from the real data with every listed entry written 20 times (the benchmark's
  size, bench/benchmark.py: multiply_real_data), for the page sizes and the landing of old links once pages split.
- `real_dataset()` / `real_index()`: data/ loaded and indexed once per session (read them, never change them).
- `soup_of_file(path)`: a built HTML page parsed once per session (read it, never change it).
- Tests marked `screenshots` write pictures for a person to look at: they run only with REFSITE_SCREENSHOTS=1.
"""

from __future__ import annotations

from collections.abc import Callable
import fcntl
import functools
import importlib.util
import json
import os
from pathlib import Path
import shutil
import subprocess
import sys
from typing import Any

from bs4 import BeautifulSoup
import pytest

from refsite.dataset import Dataset, load_dataset
from refsite.index import Index, build_index

from .fixtures.hostile import make_hostile_data
from .fixtures.measure import run_measured

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("REFSITE_TEXTS", ROOT.parent / "shared"))  # the sources' texts (refsite/source_texts.py)


def engine_command(action: str, project: Path, *options: str, engine: str = "mkdocs") -> list[str]:
    """The one spelling of a build-tool command in the tests: `python -m ENGINE ACTION -f project/mkdocs.yml …`,
    with this Python (the venv's packages), for MkDocs and ProperDocs alike."""
    return [sys.executable, "-m", engine, action, "-f", str(project / "mkdocs.yml"), *options]


def build_command(project: Path, out: Path, *options: str, engine: str = "mkdocs") -> list[str]:
    """A strict build of project into out. Never with -q: quiet MkDocs drops warnings before --strict can count
    them (a broken anchor passed so)."""
    return engine_command("build", project, "--strict", *options, "-d", str(out), engine=engine)


def build_env(**overrides: str) -> dict[str, str]:
    """The environment of a build in the tests: without the notices MkDocs and ProperDocs print about MkDocs 2."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", **overrides)


def run_build(project: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(project, out), capture_output=True, text=True, env=build_env(), timeout=300)


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in repo as a test editor (no signing, no hooks), optionally dated; its output."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Editor",
        GIT_AUTHOR_EMAIL="editor@example.org",
        GIT_COMMITTER_NAME="Editor",
        GIT_COMMITTER_EMAIL="editor@example.org",
    )
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{date}T12:00:00+00:00")
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def copy_project(target: Path) -> Path:
    """A copy of the project whose data/ a test may break; the code is linked, not copied."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, target / name)
    for name in ("docs", "data", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name)
    for name in ("hooks", "refsite"):
        (target / name).symlink_to(ROOT / name)
    return target


def built_once(tmp_path_factory, name: str, make: Callable[[Path], Any]) -> Any:
    """make(folder) once per test run, even when pytest-xdist runs the tests in several processes (`make test`
    does): the first process to need it builds, the others wait for it and reuse the folder. make's result
    must be JSON (a Path is stored as text)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, common to its workers
    done = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, whatever happens
        if not done.exists():
            folder = shared / name
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            done.write_text(json.dumps(make(folder), default=str), encoding="utf-8")
    return json.loads(done.read_text(encoding="utf-8"))


def _build_real_site(folder: Path) -> Path:
    result = run_build(ROOT, folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return Path(built_once(tmp_path_factory, "site", _build_real_site))


MULTIPLY = 20  # the benchmark's size: every listed entry of the real data written 20 times


def load_bench() -> Any:
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "bench" / "benchmark.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _build_multiplied(folder: Path) -> dict[str, Any]:
    project = folder / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("hooks", "refsite"):
        (project / name).symlink_to(ROOT / name)
    counts = load_bench().multiply_real_data(ROOT / "data", project / "data", MULTIPLY)
    out = folder / "site"
    # Without the texts folder: the copies' quotes are the originals', checked by the real build.
    env = build_env(REFSITE_TEXTS=str(folder / "no-texts"))
    result = subprocess.run(build_command(project, out), capture_output=True, text=True, env=env, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return {"site": str(out), "data": str(project / "data"), "counts": counts}


@pytest.fixture(scope="session")
def multiplied_site(tmp_path_factory) -> dict[str, Any]:
    """{"site": the built site, "data": its data/, "counts": entries per kind} at 20 times the real entries."""
    return built_once(tmp_path_factory, "site-x20", _build_multiplied)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("REFSITE_SCREENSHOTS") == "1":
        return
    skip = pytest.mark.skip(reason="screenshots for review are opt-in: REFSITE_SCREENSHOTS=1 pytest -m screenshots")
    for item in items:
        if item.get_closest_marker("screenshots"):
            item.add_marker(skip)


@functools.cache
def real_dataset() -> Dataset:
    """data/ loaded once per session, for module-level constants (parametrize ids) and fixtures alike."""
    return load_dataset(ROOT / "data")


@functools.cache
def real_index() -> Index:
    return build_index(real_dataset())


def timeline_pages(index: Index | None = None) -> list[str]:
    """The site paths ('timeline/2020-2024') of the pages that list events: the Timeline's period pages, or
    'timeline' while it is one page (refsite/periods.py)."""
    index = index or real_index()
    return [f"timeline/{p.slug}" for p in index.timeline] or ["timeline"]


def page_of(entry_id: str, index: Index | None = None) -> str:
    """The site path of the page that holds an entry ('timeline/2020-2024', 'sources/x'), from its entry view."""
    view = (index or real_index()).view(entry_id)
    return view.page.removesuffix(".md").removesuffix("/index").removesuffix("index")


def built_timeline_files(site: Path) -> list[Path]:
    """The built pages of a site that list events, as its build placed them (timeline/entries.json, written
    once the Timeline is split by period), else timeline/index.html."""
    moved = site / "timeline" / "entries.json"
    if not moved.is_file():
        return [site / "timeline" / "index.html"]
    paths = dict.fromkeys(
        p for p in json.loads(moved.read_text(encoding="utf-8")).values() if p.startswith("timeline/")
    )
    return [site / p / "index.html" for p in paths]


def built_timeline_file(site: Path, entry_id: str) -> Path:
    """The built page that holds an event (see built_timeline_files)."""
    moved = site / "timeline" / "entries.json"
    if not moved.is_file():
        return site / "timeline" / "index.html"
    return site / json.loads(moved.read_text(encoding="utf-8"))[entry_id] / "index.html"


@functools.cache
def soup_of_file(path: Path) -> BeautifulSoup:
    """A built page, parsed once per session: parsing every page takes seconds."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


HOSTILE_MEM_LIMIT_MB = 1024  # address space of the build: hostile text must not make it balloon


def _build_hostile_site(folder: Path) -> tuple[Path, int]:
    project = copy_project(folder / "project")
    fields = make_hostile_data(project / "data")
    out = folder / "site"
    # Without the texts: the payload replaces quotes and text_file names too, which the text checks refuse.
    env = build_env(REFSITE_TEXTS=str(folder / "no-texts"))
    result = run_measured(
        build_command(project, out),
        cwd=project,
        env=env,
        timeout=120,
        mem_limit_mb=HOSTILE_MEM_LIMIT_MB,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out, fields


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> tuple[Path, int]:
    """(site, number of fields holding the payload): the project built from data/ with every free-text field
    replaced by tests/fixtures/hostile.py's payload. Shared by tests/test_bad_input.py and the browser."""
    out, fields = built_once(tmp_path_factory, "hostile", _build_hostile_site)
    return Path(out), fields
