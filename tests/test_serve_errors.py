"""The preview server shows a data error in the browser and recovers on the next good save (issue 22, finding 10):
`mkdocs serve` used to hold every request until the data was fixed, saying why only in the terminal."""

from __future__ import annotations

from pathlib import Path
import socket
import subprocess
import time
import urllib.error
import urllib.request

from refsite.errors import DataError
from refsite.serve_errors import error_html, error_markdown, error_pages

from .conftest import build_command, build_env, copy_project, engine_command, page_of

EVENT = "data/events/vucic-putin-gas-contract-2022-05-29.yml"


def test_the_error_pages_list_each_error_escaped():
    errors = [DataError("data/events/<x>.yml", 3, 7, "'<script>' is not a date", "fix it")]
    for text in (error_markdown(errors), error_html(errors)):
        assert (
            "<li><code>data/events/&lt;x&gt;.yml:3:7: &#x27;&lt;script&gt;&#x27; is not a date (fix it)</code></li>"
            in text
        )
        assert "<script>" not in text
    assert '<meta http-equiv="refresh" content="3">' in error_html(errors)
    pages = error_pages(errors, ["index.md", "about.md"])
    assert "timeline.md" in pages and "sources/index.md" in pages and "index.md" not in pages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _wait_for(url: str, text: str, seconds: float = 180) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    status, body = 0, ""
    while time.monotonic() < deadline:
        try:
            status, body = _get(url)
            if text in body:
                return status, body
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}; last: {status} {body[:300]}")


def test_serve_shows_a_data_error_in_the_browser_and_recovers(tmp_path):
    project = copy_project(tmp_path / "project")
    good = (project / EVENT).read_text(encoding="utf-8")
    assert "locator: '¶1'" in good
    (project / EVENT).write_text(good.replace("locator: '¶1'", "locator: '¶99'", 1), encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(
        engine_command("serve", project, "--dev-addr", f"127.0.0.1:{port}"),
        cwd=project,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, page = _wait_for(f"{base}/timeline/", "The data has errors")
        assert status == 200 and f"{EVENT}:" in page and "¶99" in page  # file:line:col and the message
        status, page = _wait_for(f"{base}/actors/serbia/", "The data has errors")  # any other address
        assert status == 404 and f"{EVENT}:" in page and 'http-equiv="refresh"' in page
        status, page = _wait_for(f"{base}/about/", "The data has errors")  # hand-written pages too
        (project / EVENT).write_text(good, encoding="utf-8")  # the next good save
        holder = page_of("vucic-putin-gas-contract-2022-05-29")  # the Timeline's period that holds it
        status, page = _wait_for(f"{base}/{holder}/", 'id="vucic-putin-gas-contract-2022-05-29"')
        assert status == 200 and "The data has errors" not in page
        assert _get(f"{base}/actors/serbia/")[0] == 200
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_build_with_a_data_error_still_fails(tmp_path):
    project = copy_project(tmp_path / "project")
    path: Path = project / EVENT
    path.write_text(path.read_text(encoding="utf-8").replace("locator: '¶1'", "locator: '¶99'", 1), encoding="utf-8")
    result = subprocess.run(
        build_command(project, tmp_path / "s"),
        capture_output=True,
        text=True,
        env=build_env(REFSITE_MKDOCS_SERVING="1"),  # a stale variable changes nothing
        timeout=300,
        check=False,
    )
    assert result.returncode == 1 and f"{EVENT}:" in result.stderr
