"""Command line: the generator usable without MkDocs.

python -m refsite validate [--github]     check data/ like the build does, without building, and check
                                          quotes, locators and coverage against the texts when present
python -m refsite diff BASE [HEAD]        what a change does to the site, in readers' terms (Markdown)
python -m refsite new KIND ID             start a new entry: data/KIND/ID.yml with every field explained
python -m refsite schema [--check]        (re)write schemas/*.json from the models, or check they match
python -m refsite pages OUT_DIR           write everything a build publishes (Markdown pages, files) to a folder
python -m refsite text SOURCE [LOCATOR]   the passage at a locator (¶7, 00:10:36) of a source's text, to copy
                                          a quote from; without LOCATOR, every paragraph with its locator
python -m refsite coverage [--strict]     which paragraphs or timestamps of each source are cited (uncited ones
                                          marked '!!'), and the quotes checked against the texts
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import sys
import time

from .dataset import Dataset, load_dataset
from .errors import DataError, DataErrors
from .index import Index, build_index
from .references import passage_report

ROOT = Path(__file__).resolve().parent.parent


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data or os.environ.get("REFSITE_DATA") or ROOT / "data")


def cmd_validate(args: argparse.Namespace) -> int:
    """Every check the build makes on data/ (and on the data shortcodes in docs/), all errors at once, and
    the checks against the sources' texts when the texts folder is there."""
    start = time.perf_counter()
    data_dir = _data_dir(args)
    errors: list[DataError] = []
    dataset = None
    try:
        dataset = load_dataset(data_dir)
    except DataErrors as exc:
        errors += exc.errors
    index = build_index(dataset) if dataset is not None else None  # once, for the pages and the texts
    errors += _check_docs(data_dir.parent / "docs", dataset, index)
    if dataset is not None:
        text_errors, texts_note, texts_found = _check_texts(dataset, args, index)
        errors += text_errors
    else:
        texts_note, texts_found = "texts: not checked until the errors above are fixed", True
    if errors:
        final = DataErrors(errors)
        for err in final.errors:
            print(err.github_annotation() if args.github else str(err))
        sys.stdout.flush()
        print(texts_note, file=sys.stderr)
        print(final.summary(), file=sys.stderr)
        return 1
    if args.github and not texts_found:  # said plainly on the run's summary page too
        print(f"::warning title=Source texts not checked::{texts_note}")
    assert dataset is not None  # no errors, so it loaded
    n = len(list(dataset.all()))
    print(texts_note, file=sys.stderr)
    for line in passage_report(dataset).summary():  # quotes and figures, counted while not yet enforced
        print(line, file=sys.stderr)
    print(f"OK: {n} entries valid ({time.perf_counter() - start:.2f} s)", file=sys.stderr)
    return 0


def _texts_folder(args: argparse.Namespace) -> Path:
    from .source_texts import texts_dir

    texts = vars(args).get("texts")  # not every command has --texts
    return Path(texts) if texts else texts_dir()


def _check_texts(
    dataset: Dataset, args: argparse.Namespace, index: Index | None = None
) -> tuple[list[DataError], str, bool]:
    """(errors, a line saying what was checked, whether the texts folder was found)."""
    from .source_texts import run_text_checks

    folder = _texts_folder(args)
    if not folder.is_dir():
        return (
            [],
            (
                f"texts: folder {folder} not found, so quotes, locators, copying and uncited paragraphs were "
                "NOT checked against the sources' texts (set --texts or $REFSITE_TEXTS)"
            ),
            False,
        )
    checks = run_text_checks(dataset, folder, index)
    sources = dataset.of("sources")
    without = sum(1 for s in sources.values() if not s.text_file)
    note = f"texts: {len(checks.texts)} of {len(sources)} sources checked against their texts in {folder}"
    return checks.errors, note + (f" ({without} name no text_file)" if without else ""), True


def _check_docs(docs: Path, dataset: Dataset | None, index: Index | None = None) -> list[DataError]:
    """What the build checks in hand-written pages: their data shortcodes, and no clash with entry pages."""
    if not docs.is_dir():
        return []
    with_codes = []  # (path, rel, text) of the pages holding a <!-- … --> (a shortcode, maybe)
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        if "<!--" in text:
            with_codes.append((path, path.relative_to(docs.parent).as_posix(), text))
    if dataset is None:  # data errors: check shortcode names only; the data is needed to expand them
        return _unknown_shortcodes(with_codes)
    return _page_clashes(docs, dataset) + _expand_shortcodes(docs, with_codes, index or build_index(dataset))


def _page_clashes(docs: Path, dataset: Dataset) -> list[DataError]:
    from .index import KINDS

    errors = []
    for entry in dataset.all():
        kind = KINDS[entry.kind]
        page = kind.home(entry.id)
        if kind.generated and not entry.withdrawn and (docs / page).is_file():
            errors.append(
                DataError(
                    entry.path,
                    1,
                    1,
                    f"this entry's page {page} clashes with docs/{page}",
                    "rename the entry (its file) or the page",
                )
            )
    return errors


def _unknown_shortcodes(with_codes: list[tuple[Path, str, str]]) -> list[DataError]:
    from .shortcodes import KNOWN, SHORTCODE_RE

    return [
        DataError(
            rel,
            text[: m.start()].count("\n") + 1,
            1,
            f"unknown shortcode 'data:{m[1]}'",
            "known: " + ", ".join(sorted(KNOWN)),
        )
        for _, rel, text in with_codes
        for m in SHORTCODE_RE.finditer(text)
        if m[1] not in KNOWN
    ]


def _expand_shortcodes(docs: Path, with_codes: list[tuple[Path, str, str]], index: Index) -> list[DataError]:
    from . import shortcodes
    from .site import Site

    errors: list[DataError] = []
    if not with_codes:
        return errors
    renderer = Site.of_index(index).renderer
    for path, rel, text in with_codes:
        try:
            shortcodes.expand(text, path.relative_to(docs).as_posix(), renderer, rel)
        except DataErrors as exc:
            errors += exc.errors
    return errors


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_entry

    data_dir = _data_dir(args)
    try:
        path = new_entry(data_dir, args.kind, args.id)
    except ScaffoldError as exc:
        print(f"refsite new: {exc.message}" + (f" ({exc.hint})" if exc.hint else ""), file=sys.stderr)
        return 1
    try:
        shown = path.relative_to(Path.cwd())
    except ValueError:
        shown = path
    print(f'created {shown}: fill in every "" and [], then run: python -m refsite validate', file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import stale_schemas, write_schemas

    root = Path(args.root) if args.root else ROOT
    if args.check:
        stale = stale_schemas(root)
        for rel in stale:
            print(f"{rel}: out of date with refsite/models.py", file=sys.stderr)
        if stale:
            print("run: python -m refsite schema", file=sys.stderr)
            return 1
        print("OK: schemas/ matches the models", file=sys.stderr)
        return 0
    changed = write_schemas(root)
    print(
        f"wrote {len(changed)} schema file(s) to {root / 'schemas'}" if changed else "schemas/ already up to date",
        file=sys.stderr,
    )
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    """Everything the build publishes, as Markdown and files (Site.export): the content without MkDocs."""
    from .site import Site

    data_dir = _data_dir(args)
    out = Path(args.out)
    try:
        # Same settings as the MkDocs build (mkdocs.yml's extra.repo_url reads $REPO_URL, site_url $SITE_URL).
        site = Site(
            data_dir,
            repo_url=os.environ.get("REPO_URL"),
            repo_branch=os.environ.get("REPO_BRANCH"),
            site_url=os.environ.get("SITE_URL"),
        )
        written = site.export(out, data_dir.parent / "docs")
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"wrote {len(written)} pages and files to {out}", file=sys.stderr)
    return 0


def _texts_and_dataset(args: argparse.Namespace, command: str) -> tuple[Path, Dataset] | int:
    """The texts folder and the loaded data for a command that reads both, or its exit code (and message)."""
    folder = _texts_folder(args)
    if not folder.is_dir():
        print(f"{command}: texts folder not found: {folder} (set --texts or $REFSITE_TEXTS)", file=sys.stderr)
        return 2
    try:
        return folder, load_dataset(_data_dir(args))
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1


def cmd_coverage(args: argparse.Namespace) -> int:
    """Per source, each paragraph or timestamp and the claims citing it; uncovered ones marked '!!'."""
    from .source_texts import coverage_report, run_text_checks

    loaded = _texts_and_dataset(args, "refsite coverage")
    if isinstance(loaded, int):
        return loaded
    folder, dataset = loaded
    checks = run_text_checks(dataset, folder)
    print(coverage_report(checks.coverage))
    for err in checks.problems:
        print(str(err), file=sys.stderr)
    uncovered = sum(len(c.uncovered) for c in checks.coverage)
    print(f"{uncovered} uncovered locators, {len(checks.problems)} text problems", file=sys.stderr)
    return 1 if (checks.problems or (args.strict and uncovered)) else 0


def cmd_text(args: argparse.Namespace) -> int:
    """The paragraph (or timestamped line) at a locator of a source's text, exactly as the checks read it."""
    from .errors import printable
    from .models import PARAGRAPH_RE, TIMESTAMP_RE
    from .source_texts import load_texts

    loaded = _texts_and_dataset(args, "refsite text")
    if isinstance(loaded, int):
        return loaded
    folder, dataset = loaded
    sources = dataset.of("sources")
    if args.source not in sources:
        from .errors import did_you_mean

        hint = did_you_mean(args.source, sources)
        print(f"refsite text: no source '{printable(args.source)}'" + (f" ({hint})" if hint else ""), file=sys.stderr)
        return 2
    src = sources[args.source]
    texts = load_texts(dataset, folder)
    if args.source not in texts:
        why = "; ".join(str(p) for p in texts.problems if p.path == src.path) or "it names no text_file"
        print(f"refsite text: no text for '{src.id}': {why}", file=sys.stderr)
        return 1
    st = texts[args.source]
    locator = (args.locator or "").strip()
    if locator and not locator.startswith("¶") and locator.isdigit():
        locator = "¶" + locator  # "7" for "¶7": the pilcrow is awkward to type
    if not locator:
        chrome = set(src.not_content)
        rows = [(f"¶{n}", p) for n, p in enumerate(st.paragraphs, 1)] if not st.timestamps else st.timestamps.items()
        for loc, text in rows:
            mark = " (page chrome)" if loc.startswith("¶") and int(loc[1:]) in chrome else ""
            print(printable(f"{loc}{mark}  {text}"))
        return 0
    if not (PARAGRAPH_RE.match(locator) or TIMESTAMP_RE.match(locator)):
        print(f"refsite text: {printable(locator)!r} is not a locator (¶7, or a timestamp 00:10:36)", file=sys.stderr)
        return 2
    here = st.text_at(locator)
    if here is None:
        what = f"{len(st.paragraphs)} paragraphs" if not st.timestamps else f"{len(st.timestamps)} timestamps"
        print(f"refsite text: {src.id} has no {locator} (its text has {what})", file=sys.stderr)
        return 1
    print(printable(here))
    print(
        f"({src.id} {locator}, {src.language}: quote the shortest words that support the claim, at most 50 words, "
        f"as {{source: {src.id}, locator: '{locator}', quote: '…'}})",
        file=sys.stderr,
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import DiffError, diff_revisions
    from .errors import printable

    try:
        print(
            diff_revisions(
                args.base,
                args.head,
                repo=Path(args.repo) if args.repo else ROOT,
                data=args.data_path,
                preview_url=args.preview_url,
                directory_urls=not args.no_directory_urls,
                limit=args.max_chars,
                texts_checked=_texts_folder(args).is_dir(),
            )
        )
    except DiffError as exc:
        print(f"refsite diff: {printable(str(exc))}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="refsite", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", help="data folder (default: data/ of the project, or $REFSITE_DATA)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check data/ without building")
    p.add_argument("--github", action="store_true", help="print errors as GitHub Actions annotations")
    p.add_argument("--texts", help="folder with the sources' texts (default: $REFSITE_TEXTS or ../shared)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("diff", help="what the change from BASE to HEAD (git revisions) does to the site, as Markdown")
    p.add_argument("base", help="the revision before the change, e.g. origin/main")
    p.add_argument("head", nargs="?", default="HEAD", help="the revision after it (default: HEAD)")
    p.add_argument("--repo", help="the git repository (default: this project)")
    p.add_argument("--data-path", default="data", help="the data folder inside the repository (default: data)")
    p.add_argument(
        "--texts",
        help="folder with the sources' texts (default: $REFSITE_TEXTS or ../shared); without it the report's "
        "first line says that quotes and locators were not checked",
    )
    p.add_argument("--preview-url", help="address of the built preview; pages are linked there")
    p.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="link pages as timeline.html#x, for a preview built with mkdocs build --no-directory-urls",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=40000,
        help="cut the report to this many characters, saying what was left out (default: 40000)",
    )
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("new", help="start a new entry file with every field explained (never overwrites)")
    p.add_argument(
        "kind",
        help="events, sources, actors, themes, arms-deals, sanctions-statements or polls "
        "(or the singular: event, source …)",
    )
    p.add_argument("id", help="the new entry's id, which is its file name: lower-case words joined by hyphens")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("schema", help="(re)write the JSON Schemas in schemas/ from the models")
    p.add_argument("--check", action="store_true", help="only check that schemas/ matches the models")
    p.add_argument("--root", help="project folder holding schemas/ (default: this project)")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("pages", help="write everything a build publishes (Markdown pages, files) to a folder")
    p.add_argument("out")
    p.set_defaults(func=cmd_pages)
    p = sub.add_parser("text", help="print the passage at a locator of a source's text, to copy a quote from")
    p.add_argument("source", help="the source's id (its file name in data/sources/)")
    p.add_argument("locator", nargs="?", help="¶7 (or just 7), or a timestamp 00:10:36; none: the whole text")
    p.add_argument("--texts", help="folder with the sources' texts (default: $REFSITE_TEXTS or ../shared)")
    p.set_defaults(func=cmd_text)
    p = sub.add_parser("coverage", help="which paragraphs/timestamps of each source are cited; checks quotes")
    p.add_argument("--texts", help="folder with the sources' texts (default: $REFSITE_TEXTS or ../shared)")
    p.add_argument("--strict", action="store_true", help="exit non-zero if any content locator is uncited")
    p.set_defaults(func=cmd_coverage)
    args = parser.parse_args(argv)
    return int(args.func(args))
