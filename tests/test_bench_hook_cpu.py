"""bench/hook_cpu.py, which `make bench` builds with: it counts a hook's own CPU by event, and nothing else's."""

from __future__ import annotations

import json
from pathlib import Path
import subprocess
import sys

from tests.conftest import ROOT, build_env, load_bench

HOOK = """
import time


def _busy(seconds):
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass


def on_files(files, config, **kwargs):
    _busy(0.3)
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    _busy(0.05)
    return markdown
"""


def _project(folder: Path, hook: bool) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    config = "site_name: Bench test\ntheme: mkdocs\nplugins: [search]\n"
    if hook:
        (folder / "hooks").mkdir()
        (folder / "hooks" / "busy.py").write_text(HOOK, encoding="utf-8")
        config += "hooks:\n  - hooks/busy.py\n"
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def _measure(project: Path, tmp_path: Path) -> dict:
    result = tmp_path / f"{project.name}.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "hook_cpu.py"), str(result), "build", "-q"]
        + ["-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / f"{project.name}-site")],
        capture_output=True,
        text=True,
        env=build_env(),
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / f"{project.name}-site" / "other" / "index.html").is_file()  # the build itself ran
    measured: dict = json.loads(result.read_text(encoding="utf-8"))
    return measured


def test_the_hooks_own_cpu_is_counted_by_event(tmp_path):
    measured = _measure(_project(tmp_path / "full", hook=True), tmp_path)
    events = measured["events"]
    assert set(events) == {"files", "page_markdown"}  # the hook's handlers; not the search plugin's
    assert 0.3 <= events["files"] < 1.5
    assert 0.1 <= events["page_markdown"] < 1.0  # two pages, 0.05 s each
    assert measured["import"] > 0


def test_a_project_without_hooks_counts_nothing(tmp_path):
    measured = _measure(_project(tmp_path / "plain", hook=False), tmp_path)
    assert measured == {"import": 0, "events": {}}


def test_the_report_gives_the_hooks_share_of_the_plain_build():
    benchmark = load_bench()
    full = benchmark.Run(40.0, 40.5, 600.0, {"import": 0.14, "files": 3.6, "post_build": 0.42, "page_context": 0.004})
    plain = benchmark.Run(36.0, 36.2, 270.0)
    assert benchmark.hook_summary("20 x the real entries", 3160, full, plain) == (
        "- 20 x the real entries: 4.16 s, 11.5 % of the plain build's 36.2 s (plain MkDocs: 11.5 ms per entry) "
        "(files 3.60, post_build 0.42, import 0.14, the others under 0.01)"
    )
