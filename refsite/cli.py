"""Command line: the generator usable without MkDocs.

    python -m refsite validate [--github]     check data/ like the build does, without building
    python -m refsite pages OUT_DIR           write the generated Markdown pages to a folder
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
import sys
import time

from .dataset import load_dataset
from .errors import DataErrors

ROOT = Path(__file__).resolve().parent.parent


def _data_dir(args) -> Path:
    return Path(args.data or os.environ.get("REFSITE_DATA") or ROOT / "data")


def cmd_validate(args) -> int:
    start = time.perf_counter()
    data_dir = _data_dir(args)
    try:
        dataset = load_dataset(data_dir)
    except DataErrors as exc:
        for err in exc.errors:
            print(err.github_annotation() if args.github else str(err))
        print(exc.summary(), file=sys.stderr)
        return 1
    n = sum(1 for _ in dataset.all())
    print(f"OK: {n} entries valid ({time.perf_counter() - start:.2f} s)", file=sys.stderr)
    return 0


def cmd_pages(args) -> int:
    from .site import generate_pages

    data_dir = _data_dir(args)
    try:
        pages = generate_pages(data_dir)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    out = Path(args.out)
    for rel, content in pages.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {out}", file=sys.stderr)
    return 0


def cmd_coverage(args) -> int:
    """Per source, each paragraph or timestamp and the claims citing it; uncovered ones marked '!!'."""
    from .index import build_index
    from .texts import check_texts, coverage, coverage_report, load_texts, texts_dir

    folder = Path(args.texts) if args.texts else texts_dir()
    if not folder.is_dir():
        print(f"texts folder not found: {folder} (set --texts or $REFSITE_TEXTS)", file=sys.stderr)
        return 2
    try:
        dataset = load_dataset(_data_dir(args))
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    texts = load_texts(dataset, folder)
    cov = coverage(build_index(dataset), texts)
    print(coverage_report(cov))
    problems = check_texts(dataset, texts)
    for err in problems:
        print(str(err), file=sys.stderr)
    uncovered = sum(len(c.uncovered) for c in cov)
    print(f"{uncovered} uncovered locators, {len(problems)} text problems", file=sys.stderr)
    return 1 if (problems or (args.strict and uncovered)) else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="refsite", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="data folder (default: data/ of the project, or $REFSITE_DATA)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check data/ without building")
    p.add_argument("--github", action="store_true", help="print errors as GitHub Actions annotations")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("pages", help="write the generated Markdown pages to a folder")
    p.add_argument("out")
    p.set_defaults(func=cmd_pages)
    p = sub.add_parser("coverage", help="which paragraphs/timestamps of each source are cited; checks quotes")
    p.add_argument("--texts", help="folder with the sources' texts (default: $REFSITE_TEXTS or ../shared/seeds)")
    p.add_argument("--strict", action="store_true", help="exit non-zero if any content locator is uncited")
    p.set_defaults(func=cmd_coverage)
    args = parser.parse_args(argv)
    return args.func(args)
