"""Browser fixtures: the built site served on localhost, and Debian chromium driven by Playwright.

Every test under tests/browser/ is marked `browser` automatically (the marker is registered in
pyproject.toml; deselect with `-m "not browser"`; `make test` runs them all). Fixtures:

- `site_dir` (from tests/conftest.py): the real site, built once per session.
- `server` / `base_url`: a localhost HTTP server thread serving `site_dir` (session; stops itself after
  `SERVER_MAX_SECONDS` at the latest, and when the session ends).
- `browser`: headless Debian chromium (session).
- `page`: a fresh context and page per test, with `base_url` set, so `page.goto("timeline/")` works.
  Every request that would leave localhost is aborted and recorded; console errors, page errors and
  failed requests are recorded too. `page_log` holds the records (`page_log.problems()` lists them all;
  `page_log.settle(page)` waits until the page's requests, its web workers' included, have finished).
- `page_factory(base_url)`: more pages, e.g. on another server (`start_server(dir)`), set up the same way.
- When a test using `page` or `page_factory` fails, a screenshot is written to test-artifacts/<test>.png
  (plus a .txt with the URL and the recorded problems).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import functools
import http.server
import json
import os
from pathlib import Path
import re
import threading
import time
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from ..conftest import ROOT

CHROMIUM = os.environ.get("REFSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
SERVER_MAX_SECONDS = 30 * 60  # the server thread shuts itself down after this, whatever happens
DEFAULT_TIMEOUT_MS = 15_000  # every Playwright wait is bounded
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


_REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


# --- the server -------------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    timeout = 10  # seconds per connection: a stuck client cannot hold a thread forever
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".css": "text/css",
        ".woff2": "font/woff2",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format, *args):
        pass


@dataclass
class Server:
    root: Path
    base_url: str
    httpd: http.server.ThreadingHTTPServer
    thread: threading.Thread

    def url(self, rel: str = "") -> str:
        return self.base_url + rel.lstrip("/")

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def start_server(root: Path, max_seconds: float = SERVER_MAX_SECONDS) -> Server:
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="site-server", daemon=True
    )
    thread.start()
    watchdog = threading.Timer(max_seconds, httpd.shutdown)
    watchdog.daemon = True
    watchdog.start()
    host, port = httpd.server_address[:2]
    return Server(root, f"http://{host}:{port}/", httpd, thread)


@pytest.fixture(scope="session")
def server(site_dir):
    srv = start_server(site_dir)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server.base_url


def use_small_search_index(page, site_dir: Path) -> None:
    """Serve `page` the site's search index cut to one document. Material's search worker indexes the whole
    site on every page it opens; a test that visits every page checks that once, not 150 times."""
    real = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    body = json.dumps({**real, "docs": real["docs"][:1]})
    page.route(
        "**/search/search_index.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )


# --- the browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: run `make setup` (it installs requirements-test.txt)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (apt-get install -y chromium)")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
    yield browser
    browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname in LOCAL_HOSTS


@dataclass
class PageLog:
    """What happened in the page: everything here is a problem on our offline site."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    in_flight: set = field(default_factory=set)  # requests started and not yet finished or failed
    # Loads cancelled (net::ERR_ABORTED), each with whether a navigation cut it off (_Navigations.judge)
    cancelled: list[tuple[str, Callable[[], bool]]] = field(default_factory=list)

    def settle(self, page, quiet_ms: int = 150, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Wait until no request has been in flight for quiet_ms (faster than Playwright's 500 ms networkidle)."""
        quiet = waited = 0
        while quiet < quiet_ms:
            if waited > timeout_ms:
                raise TimeoutError(f"requests still in flight after {timeout_ms} ms: {[r.url for r in self.in_flight]}")
            page.wait_for_timeout(25)
            waited += 25
            quiet = quiet + 25 if not self.in_flight else 0

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"failed request: {m}" for m, cut_off_by_navigation in self.cancelled if not cut_off_by_navigation()]
            + [f"request leaving localhost (blocked): {m}" for m in self.external_requests]
        )

    def clear(self) -> None:
        for records in (
            self.console_errors,
            self.page_errors,
            self.failed_requests,
            self.external_requests,
            self.in_flight,
            self.cancelled,
        ):
            records.clear()


class _Navigations:
    """Chromium cancels a page's loads in flight when the page navigates away (net::ERR_ABORTED): Material's own
    fetch of sitemap.xml, the icon, a script of a page that redirects. Such a cancellation is no fault of the site;
    any other failed request is. A load counts as cut off by a navigation when it started while a main-frame
    navigation was under way (begun, not yet committed), or when one began after it started and no later than
    GRACE_S after it failed: when a page's own script navigates, Chromium may report the cancellation just before
    the navigation's request. So the record is judged when it is read (PageLog.problems), not when it fails."""

    GRACE_S = 5.0

    def __init__(self, page) -> None:
        self.page = page
        self.begun: list[float] = []  # when each main-frame navigation began (time.monotonic)
        self.pending = False  # one begun and not yet committed
        self.at_start: dict = {}  # request -> (navigations begun, one pending) when it started

    def started(self, request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.begun.append(time.monotonic())
            self.pending = True
        self.at_start[request] = (len(self.begun), self.pending)

    def committed(self, frame) -> None:
        if frame == self.page.main_frame:
            self.pending = False

    def judge(self, request) -> Callable[[], bool]:
        """For a load that failed just now: whether a navigation cut it off, asked when the record is read."""
        failed_at = time.monotonic()
        begun, pending = self.at_start.get(request, (len(self.begun), False))
        if pending and not request.is_navigation_request():  # it belonged to the page being left
            return lambda: True
        # (a navigation's own request counts itself among the navigations begun: only a later one replaced it)
        return lambda: any(at <= failed_at + self.GRACE_S for at in self.begun[begun:])


def watch(page, log: PageLog) -> None:
    """Record console errors, uncaught exceptions and failed/HTTP-error responses of `page` into `log`."""

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            log.console_errors.append(f"{msg.text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    def on_response(response):
        if response.status >= 400:
            log.failed_requests.append(f"HTTP {response.status} {response.url}")

    navigations = _Navigations(page)

    def on_request(request):
        navigations.started(request)
        log.in_flight.add(request)

    def on_failed(request):
        log.in_flight.discard(request)
        if not is_local(request.url):
            return
        # Chromium also cancels its own favicon fetch while the page is busy (search indexing). A missing icon
        # still shows as an HTTP 404 above.
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/assets/images/favicon.png"):
            return
        message = f"{request.failure} {request.url}"
        if request.failure == "net::ERR_ABORTED":
            log.cancelled.append((message, navigations.judge(request)))
        else:
            log.failed_requests.append(message)

    page.on("request", on_request)
    page.on("requestfinished", lambda request: log.in_flight.discard(request))
    page.on("framenavigated", navigations.committed)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)


def block_external(context, log: PageLog) -> None:
    """Abort (and record) every request that would leave localhost, so the test also proves offline use."""

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            log.external_requests.append(r.request.url)
            r.abort("blockedbyclient")

    context.route("**/*", route)


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:150]


@pytest.fixture
def page_factory(browser, request):
    """new_page(base_url) -> (page, PageLog) in a fresh context; all are screenshotted if the test fails."""
    opened = []

    def new_page(url: str):
        log = PageLog()
        context = browser.new_context(base_url=url, service_workers="block")
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        block_external(context, log)
        pg = context.new_page()
        watch(pg, log)
        opened.append((context, pg, log))
        return pg, log

    yield new_page
    reports = request.node.stash.get(_REPORTS, {})
    failed = any(r.failed for r in reports.values())
    for n, (context, pg, log) in enumerate(opened):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = _artifact_name(request.node.nodeid) + (f"-{n}" if n else "")
            try:
                pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, timeout=10_000)
            except Exception as exc:  # a broken page must not hide the test's own failure
                (ARTIFACTS / f"{name}.screenshot-error.txt").write_text(repr(exc), encoding="utf-8")
            (ARTIFACTS / f"{name}.txt").write_text(
                f"url: {pg.url}\n" + "\n".join(log.problems()) + "\n", encoding="utf-8"
            )
        context.close()


@pytest.fixture
def _page_and_log(page_factory, base_url):
    return page_factory(base_url)


@pytest.fixture
def page(_page_and_log):
    return _page_and_log[0]


@pytest.fixture
def page_log(_page_and_log) -> PageLog:
    return _page_and_log[1]
