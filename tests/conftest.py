"""Shared fixtures: build the real site once; build deliberately broken copies of the project."""
from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys

import pytest

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
