"""`mkdocs build` that also measures the CPU time the project's hooks take themselves.

    python bench/hook_cpu.py RESULT.json mkdocs-build-arguments…

Writes RESULT.json: {"import": seconds, "events": {event name: seconds}}, process CPU time (time.process_time)
spent importing each hook module and inside each of the hooks' event handlers (garbage collections that fall in them
included). This is what the hook does itself; the difference between a full and a plain build (bench/benchmark.py)
also holds what the hook saves plain MkDocs (reading the generated pages and files from disk) and what it costs
elsewhere (a larger heap). Plugins' handlers (Material's search …) are not counted. A plain project (no hooks) runs
the same wrapper, so both builds carry its small cost (one function call per handler call).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
import functools
import json
from pathlib import Path
import sys
import time
from typing import Any

from mkdocs.config import config_options
import mkdocs.plugins

_cpu: defaultdict[str, float] = defaultdict(float)
_hooks: set[str] = set()  # the hook modules' names (as mkdocs.yml gives them: 'hooks/refsite_hook.py')


def _timed_load(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def load(self: Any, name: str, path: str) -> Any:
        start = time.process_time()
        try:
            return original(self, name, path)
        finally:
            _cpu["import"] += time.process_time() - start
            _hooks.add(name)

    return load


def _timed(event: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def handler(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            _cpu[event] += time.process_time() - start

    return handler


def _register_event(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def register(self: Any, event_name: str, method: Callable[..., Any], plugin_name: str | None = None) -> Any:
        if getattr(method, "__module__", None) in _hooks:  # a hook's own handler, not a plugin's
            method = _timed(event_name, method)
        return original(self, event_name, method, plugin_name)

    return register


def main(result: Path, argv: list[str]) -> int:
    config_options.Hooks._load_hook = _timed_load(config_options.Hooks._load_hook)  # type: ignore[assignment]
    collection = mkdocs.plugins.PluginCollection
    collection._register_event = _register_event(collection._register_event)  # type: ignore[method-assign]
    from mkdocs.__main__ import cli

    try:
        cli.main(args=argv, prog_name="mkdocs", standalone_mode=False)
    finally:
        events = {k: v for k, v in sorted(_cpu.items()) if k != "import"}
        result.write_text(json.dumps({"import": _cpu["import"], "events": events}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
