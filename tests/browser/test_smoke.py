"""The browser fixtures work: the home page loads from the local server with no problems."""
from __future__ import annotations


def test_home_page_loads_cleanly(page, page_log):
    page.goto("")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    assert not page_log.problems(), "\n".join(page_log.problems())
