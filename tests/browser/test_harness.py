"""The harness's own record of failed requests (conftest.watch): a load that leaving a page cuts off is no fault of
the site; any other failed or cancelled load is. Material's script fetches sitemap.xml on every page, and a test
that navigated on before it finished failed now and then on `net::ERR_ABORTED` (issue 23's closing notes)."""

from __future__ import annotations

from pathlib import Path
import re

import pytest

from .conftest import _Navigations, start_server

PAGE = """<!doctype html><meta charset="utf-8"><title>{title}</title><p>{title}</p><script>{script}</script>"""
# A fetch that is still in flight when the test moves on (the route below never answers it).
SLOW_FETCH = "window.slow = fetch('slow.xml').catch(() => {});"
# A fetch the page itself cancels, without navigating: a fault the record must keep.
# A page whose own script leaves it while it is still loading (as an old link's page forwards the reader): the
# parser waits for a script that never comes (the route below holds it) when the timer navigates.
LEAVES = "setTimeout(() => location.replace('next.html'), 150);</script><script src='slow.js'>"
CANCELLED = "const c = new AbortController(); fetch('slow.xml', {signal: c.signal}).catch(() => {}); setTimeout(() => c.abort(), 200);"


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("harness")
    for name, script in (("slow", SLOW_FETCH), ("next", ""), ("cancels", CANCELLED), ("leaves", LEAVES)):
        (root / f"{name}.html").write_text(PAGE.format(title=name, script=script), encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"")
    return root


@pytest.fixture
def tiny(tiny_site, page_factory):
    server = start_server(tiny_site, max_seconds=120)
    page, log = page_factory(server.base_url)
    held = []  # routes kept unanswered: the load stays in flight
    page.route(re.compile(r".*/slow\.(xml|js)$"), lambda route: held.append(route))
    yield page, log, held
    server.stop()


def _settles_with_no_problem(page, log, held):
    """After the page has moved on: the held fetch had started, and its cancellation is no problem."""
    page.wait_for_timeout(300)  # time for Chromium to report the cancelled load
    assert held, "the page's fetch did not start"
    assert not log.problems(), log.problems()


def test_a_load_cut_off_by_leaving_the_page_is_not_a_problem(tiny):
    page, log, held = tiny
    page.goto("slow.html")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(100)
    assert held, "the page's fetch did not start"
    page.goto("next.html")
    assert page.title() == "next"
    _settles_with_no_problem(page, log, held)


def test_a_load_the_page_cancels_itself_is_a_problem(tiny):
    page, log, held = tiny
    page.goto("cancels.html")
    page.wait_for_timeout(600)
    assert held, "the page's fetch did not start"
    assert [p for p in log.problems() if "ERR_ABORTED" in p and p.endswith("/slow.xml")], log.problems()


def test_a_missing_file_is_a_problem(tiny):
    page, log, _ = tiny
    page.goto("next.html")
    page.evaluate("fetch('missing.json').catch(() => {})")
    page.wait_for_timeout(300)
    assert any("HTTP 404" in p and p.endswith("/missing.json") for p in log.problems()), log.problems()


def test_a_load_cut_off_when_the_page_leaves_by_itself_is_not_a_problem(tiny):
    page, log, held = tiny
    page.goto("leaves.html")
    page.wait_for_url("**/next.html")
    _settles_with_no_problem(page, log, held)


def test_a_load_cancelled_well_before_the_reader_moves_on_stays_a_problem(tiny, monkeypatch):
    monkeypatch.setattr(_Navigations, "GRACE_S", 0.1)
    page, log, held = tiny
    page.goto("cancels.html")
    page.wait_for_timeout(600)  # cancelled at 200 ms
    page.goto("next.html")
    assert held, "the page's fetch did not start"
    assert [p for p in log.problems() if "ERR_ABORTED" in p and p.endswith("/slow.xml")], log.problems()
