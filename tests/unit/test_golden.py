"""Golden pages: every page and download the tiny dataset (tests/fixtures/tiny/data) renders to, compared with
the expected files in tests/fixtures/tiny/expected/. A change to what readers get shows as a readable diff.

After a deliberate change, regenerate them and review the diff before committing:
    REFSITE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil

from refsite.site import Site, page_title

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "tiny" / "expected"
UPDATE = os.environ.get("REFSITE_UPDATE_GOLDEN") == "1"


def rendered(tiny_index) -> dict[str, str]:
    """The generated pages (each with its "Cite this page") and the downloads, without git history."""
    site = Site.of_index(tiny_index)
    out = {
        path: site.page_markdown(text, path, page_title(text, path), hand_written=False)
        for path, text in site.pages().items()
    }
    out.update({path: text for path, text in site.downloads.contents().items()})
    return out


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as f:  # CSV rows end in CRLF: keep them
        return f.read()


def test_the_tiny_dataset_renders_the_expected_pages_and_downloads(tiny_index, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: the feed's date without history
    got = rendered(tiny_index)
    if UPDATE:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, text in got.items():
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            with (EXPECTED / path).open("w", encoding="utf-8", newline="") as f:
                f.write(text)
    expected = {p.relative_to(EXPECTED).as_posix(): read(p) for p in EXPECTED.rglob("*") if p.is_file()}
    assert sorted(got) == sorted(expected), "pages added or removed: run with REFSITE_UPDATE_GOLDEN=1 and review"
    for path in sorted(got):
        assert got[path] == expected[path], f"{path} differs from tests/fixtures/tiny/expected/{path}"
