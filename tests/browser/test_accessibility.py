"""Accessibility in a real browser: axe-core finds no serious or critical violation, in light and dark.

axe-core is injected from node_modules (npm, pinned in package-lock.json), never from a CDN. It checks every
page with a template of its own and, of the per-entry pages (actors/x/, sources/x/, themes/x/), which share
one template per folder, the largest, the smallest and a video source; REFSITE_AXE_ALL=1 checks every page
(after a change to a template or to the CSS, say). Every page is loaded in tests/browser/test_pages.py.
The light scheme runs every rule; the dark one the rules that depend on colours (the markup is the same).
Rows, note lists and boxes are opened first, so that what they hold is checked too.
"""

from __future__ import annotations

from collections import defaultdict
import os
from pathlib import Path

import pytest

from ..conftest import real_index
from .conftest import use_small_search_index
from .test_reader_features import AXE, opened

INDEX = real_index()
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


ENTRY_PAGE_DIRS = ("actors", "sources", "themes")  # one page per entry, one template per folder


def page_urls(site_dir: Path) -> list[str]:
    """The pages axe checks: see the module's docstring (every page with REFSITE_AXE_ALL=1)."""
    files = sorted(site_dir.rglob("*.html"))
    if os.environ.get("REFSITE_AXE_ALL") != "1":
        by_dir: dict[str, list[Path]] = defaultdict(list)
        for file in files:
            rel = file.relative_to(site_dir).parts
            if len(rel) == 3 and rel[0] in ENTRY_PAGE_DIRS:  # actors/<id>/index.html
                by_dir[rel[0]].append(file)
        videos = {site_dir / "sources" / s.id / "index.html" for s in INDEX.sources if s.video}
        keep = {f for f in files if f not in {f for group in by_dir.values() for f in group}}
        for group in by_dir.values():
            by_size = sorted(group, key=lambda f: f.stat().st_size)
            keep |= {by_size[0], by_size[-1], *(f for f in group if f in videos)}
        files = [f for f in files if f in keep]
    return [p.relative_to(site_dir).as_posix().removesuffix("index.html") for p in files]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violations_on_any_page(browser, base_url, site_dir, scheme):
    assert AXE.is_file(), "axe-core is missing: run `make setup` (npm ci)"
    failures = {}
    urls = page_urls(site_dir)
    assert any(u.startswith("actors/") and u != "actors/" for u in urls) and len(urls) > 15, urls
    with opened(browser, base_url, scheme=scheme) as (page, log):
        use_small_search_index(page, site_dir)  # axe reads the page, not the search index
        for url in urls:
            page.goto(url, wait_until="load")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")  # scripts ran
            actual = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert actual == {"light": "default", "dark": "slate"}[scheme], f"{url}: scheme {actual}"
            # Rows out of view are not laid out (content-visibility: auto, readers.css), and axe cannot judge the
            # contrast of text without layout: render all of it, so that all of it is checked.
            page.add_style_tag(content="* { content-visibility: visible !important; }")
            # Nor can it judge what a closed row, note list or box holds: open them (the rival values of a
            # dispute, in a row, had links at 4.1:1 in the dark scheme).
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                """async (rules) => {
                const only = rules ? {runOnly: {type: 'rule', values: rules}} : {};
                const r = await axe.run(document, {resultTypes: ['violations'], ...only});
                return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => `${v.impact} ${v.id}: ${v.nodes.length}x, e.g. ${v.nodes[0].target.join(' ')}`);
            }""",
                None if scheme == "light" else COLOUR_RULES,
            )
            if violations:
                failures[url or "/"] = violations
        assert not log.external_requests, log.external_requests
    report = "\n".join(f"{url}:\n  " + "\n  ".join(v) for url, v in failures.items())
    assert not failures, f"{len(failures)} pages with serious or critical violations ({scheme}):\n{report}"
