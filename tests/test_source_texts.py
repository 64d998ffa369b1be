"""Checks against the source documents' texts (folder from $REFSITE_TEXTS, default ../shared).

Quotes must be verbatim, locators must exist in the text, claims must not copy sentences, and every
content paragraph / timestamp must be cited (the coverage report: `python -m refsite coverage`).
"""

from __future__ import annotations

import warnings

import pytest

from refsite.dataset import load_dataset
from refsite.index import build_index
from refsite.source_texts import check_texts, coverage, coverage_report, load_texts, texts_dir

from .conftest import ROOT

TEXTS = texts_dir()


@pytest.fixture(scope="module")
def loaded():
    if not TEXTS.is_dir():
        message = f"SKIPPED: source texts folder {TEXTS} not found; quotes and locators were NOT checked against the texts (set REFSITE_TEXTS)"
        warnings.warn(message, stacklevel=2)
        pytest.skip(message)
    dataset = load_dataset(ROOT / "data")
    return dataset, load_texts(dataset, TEXTS)


def test_every_source_with_a_text_file_has_its_text(loaded):
    dataset, texts = loaded
    assert not texts.problems, "\n".join(map(str, texts.problems))
    missing = [s.id for s in dataset.of("sources").values() if s.text_file and s.id not in texts]
    assert not missing, f"text files not found in {TEXTS}: {missing}"


def test_quotes_are_verbatim_locators_exist_and_nothing_is_copied(loaded):
    dataset, texts = loaded
    problems = check_texts(dataset, texts)
    assert not problems, "\n".join(map(str, problems))


def test_every_content_paragraph_and_timestamp_is_cited(loaded):
    dataset, texts = loaded
    cov = coverage(build_index(dataset), texts)
    uncovered = {c.source.id: c.uncovered for c in cov if c.uncovered}
    assert not uncovered, coverage_report(cov)


def test_checks_catch_a_wrong_quote_and_a_copied_sentence(loaded, tmp_path):
    """The checks themselves must be able to fail."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "events" / "bad-quote.yml").write_text(
        "version: 2\ntitle: T\nkind: happening\ndate: '2020-02-17'\n"
        "date_basis: {basis: published, source: rferl-2020-02-17-shoigu-visit}\n"
        "themes: [military-cooperation-and-arms]\nclaims:\n"
        "  - text: Shoigu promised effort.\n    citations:\n"
        "      - {source: rferl-2020-02-17-shoigu-visit, locator: '¶8', quote: we will make every effort to win}\n"
        "  - text: Serbia maintains strong political and economic relations with Russia despite a proclaimed goal.\n"
        "    citations:\n      - {source: rferl-2020-02-17-shoigu-visit, locator: '¶9', quote: strong political}\n",
        encoding="utf-8",
    )
    dataset = load_dataset(data)
    problems = [str(p) for p in check_texts(dataset, load_texts(dataset, TEXTS))]
    assert any("bad-quote.yml:10:64: quote 'we will make every effort to win' is not in" in p for p in problems), (
        problems
    )
    assert any("bad-quote.yml:13:9: claim text copies the source" in p for p in problems), problems
