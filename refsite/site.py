"""The whole pipeline in one call, with no MkDocs: data/ -> validated dataset -> index -> pages."""
from __future__ import annotations

from pathlib import Path

from .dataset import load_dataset
from .index import Index, build_index
from .render import Renderer


class Site:
    """Everything one build needs, made fresh per build (never cached across builds)."""

    def __init__(self, data_dir: Path | str):
        self.dataset = load_dataset(data_dir)
        self.index: Index = build_index(self.dataset)
        self.renderer = Renderer(self.index)

    def pages(self) -> dict[str, str]:
        return self.renderer.pages()


def generate_pages(data_dir: Path | str) -> dict[str, str]:
    return Site(data_dir).pages()
