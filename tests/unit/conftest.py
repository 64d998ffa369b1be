"""The unit layer: the pipeline's pieces tested in-process, without MkDocs and without building the site.

Every test under tests/unit/ is marked `unit` automatically: `pytest -m unit` runs the layer alone in a few
seconds. Fixtures:

- `tiny_data`: a fresh copy of tests/fixtures/tiny/data (a tiny dataset of each shape), for a test to break.
- `tiny_dataset` / `tiny_index` / `tiny_pages`: that dataset loaded, indexed and rendered to Markdown by the
  Renderer (no MkDocs), once per session. Read them; never change them.
"""

from __future__ import annotations

from pathlib import Path
import shutil

import pytest

from refsite.dataset import Dataset, load_dataset
from refsite.index import Index, build_index
from refsite.site import Site

UNIT_DIR = Path(__file__).resolve().parent
TINY = UNIT_DIR.parent / "fixtures" / "tiny" / "data"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if UNIT_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.unit)


@pytest.fixture
def tiny_data(tmp_path) -> Path:
    return Path(shutil.copytree(TINY, tmp_path / "data"))


@pytest.fixture(scope="session")
def tiny_dataset() -> Dataset:
    return load_dataset(TINY)


@pytest.fixture(scope="session")
def tiny_index(tiny_dataset) -> Index:
    return build_index(tiny_dataset)


@pytest.fixture(scope="session")
def tiny_pages(tiny_index) -> dict[str, str]:
    return Site.of_index(tiny_index).renderer.pages()
