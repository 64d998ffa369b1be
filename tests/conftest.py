"""Shared fixtures: build the real site once; build deliberately broken copies of the project.

Builds are the slow part of the suite (seconds each), so every site that several tests read is built
once per session: `site_dir` (the real data), `hostile_site` (every text field holds a payload; used by
tests/test_bad_input.py and the browser). A test that changes data builds its own copy with
`copy_project` + `run_build` only when what it checks shows in a build alone (MkDocs' output, the theme,
the hook); the pieces of the pipeline are tested in tests/unit/ without MkDocs (`pytest -m unit`).

- `real_dataset()` / `real_index()`: data/ loaded and indexed once per session (read them, never change them).
- `soup_of_file(path)`: a built HTML page parsed once per session (read it, never change it).
- Tests marked `screenshots` write pictures for a person to look at: they run only with REFSITE_SCREENSHOTS=1.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
import shutil
import subprocess
import sys

from bs4 import BeautifulSoup
import pytest

from refsite.dataset import Dataset, load_dataset
from refsite.index import Index, build_index

from .fixtures.hostile import make_hostile_data
from .fixtures.measure import run_measured

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("REFSITE_TEXTS", ROOT.parent / "shared"))  # the sources' texts (refsite/source_texts.py)


def run_build(project: Path, out: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )


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


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


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


@functools.cache
def soup_of_file(path: Path) -> BeautifulSoup:
    """A built page, parsed once per session: parsing every page takes seconds."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


HOSTILE_MEM_LIMIT_MB = 1024  # address space of the build: hostile text must not make it balloon


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> tuple[Path, int]:
    """(site, number of fields holding the payload): the project built from data/ with every free-text field
    replaced by tests/fixtures/hostile.py's payload. Shared by tests/test_bad_input.py and the browser."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    fields = make_hostile_data(project / "data")
    out = tmp_path_factory.mktemp("hostile-site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = run_measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(out)], cwd=project, env=env, timeout=120, mem_limit_mb=HOSTILE_MEM_LIMIT_MB)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, fields
