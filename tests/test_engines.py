"""Both build tools: ProperDocs (the maintained continuation of MkDocs 1.x, pinned in requirements.txt) builds the
real site strictly, with the same files as MkDocs and the same bytes but for the generator tag, so the site
does not depend on one build tool (README: `make build ENGINE=properdocs`)."""

from __future__ import annotations

from pathlib import Path
import re
import subprocess

import pytest

from .conftest import ROOT, build_command, build_env, built_once

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build_with_properdocs(folder: Path) -> Path:
    command = build_command(ROOT, folder, engine="properdocs")
    result = subprocess.run(command, capture_output=True, text=True, env=build_env(), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory) -> Path:
    return Path(built_once(tmp_path_factory, "site-properdocs", _build_with_properdocs))


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_files(site_dir: Path, properdocs_site: Path) -> None:
    mkdocs_files, properdocs_files = _files(site_dir), _files(properdocs_site)
    assert len(mkdocs_files) > 200
    assert sorted(mkdocs_files - properdocs_files) == []
    assert sorted(properdocs_files - mkdocs_files) == []


def test_properdocs_writes_the_same_bytes_but_the_generator(site_dir: Path, properdocs_site: Path) -> None:
    generators = set()
    differ = []
    for rel in sorted(_files(site_dir)):
        ours, theirs = (site_dir / rel).read_bytes(), (properdocs_site / rel).read_bytes()
        if ours != theirs:
            generators |= {m.group(0) for m in GENERATOR.finditer(theirs)}
            if GENERATOR.sub(b"", ours) != GENERATOR.sub(b"", theirs):
                differ.append(rel)
    assert differ == []
    assert generators == {b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'}
