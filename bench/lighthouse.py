"""Lighthouse scores of one page of each type of a built site, served as GitHub Pages serves it (gzip).

    python bench/lighthouse.py [SITE_DIR]      (default: site/, built by `make build`)

Runs npm's `lighthouse` (pinned in package.json; `make setup` installs it) against Debian's chromium with the
mobile preset (Lighthouse's default: a mid-range phone on a slow 4G network, simulated), and prints a table
of the four category scores per page (the median of --runs runs, 3 by default). Nothing leaves the machine: the site is served on 127.0.0.1 and
chromium runs with background networking off.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
from pathlib import Path
import statistics
import subprocess
import sys
import tempfile
import threading
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# One page per template, the largest of each kind of per-entry page, and a plain hand-written page.
PAGES = {
    "Home": "",
    "Timeline": "timeline/",
    "Arms deals": "arms-deals/",
    "Polls": "polls/",
    "Sanctions statements": "sanctions-statements/",
    "Contested points": "contested/",
    "Theme (largest)": "themes/{theme}/",
    "Source (largest)": "sources/{source}/",
    "Actor (largest)": "actors/{actor}/",
    "How to read (hand-written)": "about/",
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as GitHub Pages does)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:  # a file-like body: the gzipped bytes, or the base class's file
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def largest(site: Path, folder: str) -> str:
    pages = [p for p in (site / folder).glob("*/index.html")]
    return max(pages, key=lambda p: p.stat().st_size).parent.name


def score(url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            check=True, env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        data = json.loads(report.read_text(encoding="utf-8"))
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median score counts")
    args = parser.parse_args()
    site = Path(args.site).resolve()
    if not (site / "index.html").is_file() or not LIGHTHOUSE.exists():
        print(f"need a built site in {site} (make build) and npm's lighthouse (make setup)", file=sys.stderr)
        return 2
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    names = {"theme": largest(site, "themes"), "source": largest(site, "sources"), "actor": largest(site, "actors")}
    print("| Page | " + " | ".join(c.replace("-", " ").capitalize() for c in CATEGORIES) + " |")
    print("|---|" + "---:|" * len(CATEGORIES))
    for label, path in PAGES.items():
        # Lighthouse simulates a slow phone from the CPU time it observes: on a shared machine one run can be
        # 15 points off, so each page is scored several times and the median shown.
        runs = [score(base + path.format(**names)) for _ in range(args.runs)]
        scores = {c: int(statistics.median(r[c] for r in runs)) for c in CATEGORIES}
        print(f"| {label} (`{path.format(**names) or '/'}`) | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
        sys.stdout.flush()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
