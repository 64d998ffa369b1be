"""Checks against the source documents' own texts: quotes, locators, copying, coverage.

The texts are not part of the site (they are other publishers' work); they live in a folder given by
configuration ($REFSITE_TEXTS, default ../shared beside the project). Each source names its file in
`text_file`, a path inside that folder (`seeds/000_….txt`, `sources-2/100_….txt`); nothing outside the
folder is ever read, so a data file cannot make a check print someone else's file.

A text may start with a metadata header (`url: …`, `outlet: …`, … lines, then a line `---`); paragraph ¶N
is the Nth non-empty line after it (or of the whole file when there is no header). Video locators are the
summary's timestamps. Metadata locators (meta:published …) are facts about the document, not places in
its text: they are not checked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import unicodedata

from .dataset import Dataset
from .date_checks import check_dates
from .errors import DataError, printable
from .index import ClaimRef, Index, build_index
from .loader import relative_path_problem
from .models import META_RE, Citation, Claim, Entry, Quote, Source, date_bases

DEFAULT_TEXTS = Path(__file__).resolve().parent.parent.parent / "shared"
TIMESTAMP_ATTR = re.compile(r'data-t="(\d{2}:\d{2}:\d{2})"')
HEADER_LINE = re.compile(r"^[a-z][a-z_]*:")  # "url: …", "outlet_type: …"
COPY_WORDS = 10  # this many consecutive words shared with the source outside a quote counts as copying a sentence
MAX_TEXT_BYTES = 4 * 1024 * 1024  # the longest real text is a few dozen KB
SHOWN_UNCOVERED = 12  # locators named in one "not cited" message


def texts_dir() -> Path:
    return Path(os.environ.get("REFSITE_TEXTS") or DEFAULT_TEXTS)


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and whitespace so a quote matches however it was typed."""
    text = unicodedata.normalize("NFC", text)
    for a, b in _FOLDS:
        if a in text:
            text = text.replace(a, b)
    return " ".join(text.split())  # str.split's whitespace is the regular expressions' \s


_APOSTROPHES = (("‘", "'"), ("’", "'"))  # the only folds that can change a word (see _words)
_FOLDS = (*_APOSTROPHES, ("“", '"'), ("”", '"'), ("„", '"'), ("–", "-"), ("—", "-"))


def paragraphs_of(text: str) -> list[str]:
    """The non-empty lines of a text after its metadata header, if it has one."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "---":
            if i and all(HEADER_LINE.match(ln) for ln in lines[:i] if ln.strip()):
                lines = lines[i + 1 :]
            break
        if line.strip() and not HEADER_LINE.match(line):
            break  # a line of text before any '---': no header
    return [ln for ln in lines if ln.strip()]


@dataclass
class SourceText:
    source: Source
    paragraphs: list[str]  # ¶1 is paragraphs[0]
    timestamps: dict[str, str] = field(default_factory=dict)  # "00:10:36" -> the line it annotates

    def text_at(self, locator: str) -> str | None:
        if locator.startswith("¶"):
            n = int(locator[1:])
            return self.paragraphs[n - 1] if 1 <= n <= len(self.paragraphs) else None
        return self.timestamps.get(locator)


class Texts(dict[str, SourceText]):
    """The texts found, by source id, and the problems met reading them (each at the source's text_file)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.problems: list[DataError] = []


def read_text_file(folder: Path, rel: str) -> tuple[str | None, str, str]:
    """(text, problem, hint): the text of folder/rel, or None and why not. Never reads outside folder."""
    problem = relative_path_problem(rel)
    if problem:
        return None, f"text_file {rel!r} {problem}", "give a path inside the texts folder, e.g. sources-2/100_name.txt"
    root = folder.resolve()
    path = (folder / rel).resolve()
    if not path.is_relative_to(root):
        return (
            None,
            f"text_file {rel!r} leads outside the texts folder (through a link)",
            "texts must be files in the folder",
        )
    if not path.is_file():
        return (
            None,
            f"text_file {rel!r} is not a file in the texts folder {folder}",
            "put the document's text there (see CONTRIBUTING.md, 'The source's text')",
        )
    with path.open("rb") as fh:  # bounded, whatever the file is
        raw = fh.read(MAX_TEXT_BYTES + 1)
    if len(raw) > MAX_TEXT_BYTES:
        return None, f"text_file {rel!r} is over {MAX_TEXT_BYTES // 1024 // 1024} MB", "store the document's text only"
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), "", ""
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return (
            None,
            f"text_file {rel!r} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line})",
            "save it as UTF-8, e.g. iconv -f windows-1252 -t utf-8 OLD > NEW",
        )


def plain_line(line: str) -> str:
    """A video summary's line as readers see it: [[target | label]] reduced to its label, tags removed."""
    return re.sub(r"<[^>]+>|\[\[[^|\]]*\|\s*|\]\]", "", line)


def load_texts(dataset: Dataset, folder: Path) -> Texts:
    texts = Texts(folder)
    for source in dataset.of("sources").values():
        assert isinstance(source, Source)
        if not source.text_file:
            continue
        text, problem, hint = read_text_file(folder, source.text_file)
        if text is None:
            raw = dataset.raw[source.id]
            texts.problems.append(DataError(raw.path, *raw.where(("text_file",)), problem, hint))
            continue
        st = SourceText(source, paragraphs_of(text))
        for line in st.paragraphs:
            for m in TIMESTAMP_ATTR.finditer(line):
                st.timestamps[m[1]] = plain_line(line)
        texts[source.id] = st
    return texts


def _citations(dataset: Dataset) -> Iterator[tuple[Entry, tuple[str | int, ...], Citation | Quote, str | None]]:
    """Every (entry, loc, citation-or-quote, claim text) in the data that points into a text, date bases
    with a paragraph or timestamp included."""
    for entry in dataset.all():
        for loc, cit, claim in entry.citation_sites():
            if not META_RE.match(cit.locator):  # meta:published etc. have no paragraph to check
                yield entry, loc, cit, claim.text if isinstance(claim, Claim) else None
        for loc, _date, basis in date_bases(entry):
            if basis.locator and not META_RE.match(basis.locator):
                yield entry, loc, basis.citation, None


def check_texts(dataset: Dataset, texts: dict[str, SourceText]) -> list[DataError]:
    """Quotes verbatim at their locator, locators that exist, no run of COPY_WORDS words copied, and
    'paragraphs' equal to the text's count."""
    errors: list[DataError] = []
    grams: dict[tuple[str, str], set[tuple[str, ...]]] = {}  # (source, locator) -> its word runs
    folded: dict[tuple[str, str], str] = {}  # (source, locator) -> its text, normalised
    claim_runs: tuple[str | None, list[tuple[str, ...]]] = (None, [])  # the last claim's (its citations follow it)
    for entry, loc, cit, claim_text in _citations(dataset):
        st = texts.get(cit.source)
        if st is None:
            continue
        raw = dataset.raw[entry.id]
        here = st.text_at(cit.locator)
        if here is None:
            what = "timestamp" if ":" in cit.locator else "paragraph"
            errors.append(raw.error(loc, f"{cit.locator} is not a {what} of {cit.source}'s text"))
            continue
        quote = cit.text if isinstance(cit, Quote) else cit.quote
        key = (cit.source, cit.locator)
        if quote and key not in folded:
            folded[key] = normalise(here)
        if quote and normalise(quote) not in folded[key]:
            at = raw.where(loc + (("text",) if isinstance(cit, Quote) else ("quote",)))
            errors.append(_misquoted(raw.path, *at, quote, cit, st))
        if claim_text:
            if key not in grams:
                grams[key] = _grams(here)
            if claim_runs[0] is not claim_text:
                claim_runs = (claim_text, _word_runs(claim_text))
            # (isdisjoint looks in C; the first run copied is looked for only in a claim that copies one)
            if not grams[key].isdisjoint(claim_runs[1]):
                copied = next(" ".join(run) for run in claim_runs[1] if run in grams[key])
                errors.append(
                    raw.error(
                        loc,
                        f"claim text copies the source ({cit.locator}): “{copied}”",
                        "write the claim in your own words, or quote a named speaker",
                    )
                )
    errors += _paragraph_counts(dataset, texts)
    return errors


def _misquoted(path: str, line: int, col: int, quote: str, cit: Citation | Quote, st: SourceText) -> DataError:
    """A quote not found at its locator: where it is instead, if anywhere, or that it runs into the next
    paragraph."""
    if isinstance(cit, Quote):  # a statement's quote: its citation has the locator's paragraph
        cit = cit.citation
    wanted = normalise(quote)
    shown = quote if len(quote) <= 80 else quote[:77] + "…"
    found = [n for n, p in enumerate(st.paragraphs, 1) if wanted in normalise(p)]
    n = cit.paragraph if not st.timestamps else None
    if found and not st.timestamps:
        return DataError(
            path, line, col, f"quote {shown!r} is not at {cit.locator} of {cit.source}", f"it is at ¶{found[0]}"
        )
    for a in range(max(1, (n or 0) - 1), min(len(st.paragraphs), (n or 0) + 1)) if n else ():
        if wanted in normalise(st.paragraphs[a - 1] + " " + st.paragraphs[a]):
            return DataError(
                path,
                line,
                col,
                f"quote {shown!r} spans two paragraphs of {cit.source} (¶{a} and ¶{a + 1})",
                "a quote comes from one paragraph: cut it at the paragraph's end and cite the other paragraph "
                "with its own quote",
            )
    return DataError(
        path,
        line,
        col,
        f"quote {shown!r} is not in {cit.source} at {cit.locator}",
        f"copy the words verbatim: python -m refsite text {cit.source} {cit.locator} prints the passage",
    )


def _paragraph_counts(dataset: Dataset, texts: dict[str, SourceText]) -> list[DataError]:
    errors = []
    for sid, st in texts.items():
        src = st.source
        if src.locators == "paragraph" and src.paragraphs != len(st.paragraphs):
            raw = dataset.raw[sid]
            errors.append(
                DataError(
                    raw.path,
                    *raw.where(("paragraphs",)),
                    f"'paragraphs' is {src.paragraphs} but {src.text_file} has {len(st.paragraphs)}",
                    "count the non-empty lines (after the '---' line that ends a header)",
                )
            )
    return errors


_WORD = re.compile(r"[\w']+")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]|'[^']{12,}'")  # a claim's quoted passages (not its own words)


def _words(text: str) -> list[str]:
    """The words of normalise(text), lower-cased. Of normalise's folds only the single quotation marks' touch a
    word (its apostrophe); the others fold characters and whitespace that lie between words, so they are left out."""
    text = unicodedata.normalize("NFC", text)
    for a, b in _APOSTROPHES:
        text = text.replace(a, b)
    return _WORD.findall(text.lower())


def _runs(words: list[str]) -> list[tuple[str, ...]]:
    """Every run of COPY_WORDS consecutive words, in order (zip makes the tuples in C: a claim has dozens)."""
    return list(zip(*[words[i:] for i in range(COPY_WORDS)], strict=False))  # (the shorter tails end it)


def _grams(source_text: str) -> set[tuple[str, ...]]:
    return set(_runs(_words(source_text)))


def _word_runs(claim: str) -> list[tuple[str, ...]]:
    """A claim's runs of COPY_WORDS words outside its quoted passages, in order: the first one a paragraph's
    runs (_grams) also hold is copied from it."""
    if '"' in claim or "“" in claim or "'" in claim:
        claim = _QUOTED.sub(" ", claim)
    return _runs(_words(claim))


# --------------------------------------------------------------------------- coverage


@dataclass
class Row:
    locator: str
    text: str  # the paragraph or the line a timestamp annotates ("" without the text)
    refs: list[ClaimRef]  # claims citing it
    out_of_scope: str | None = None  # the reason, when the source lists it as deliberately uncited


@dataclass
class Coverage:
    source: Source
    rows: list[Row]

    @property
    def uncovered(self) -> list[str]:
        """Content locators neither cited nor listed in out_of_scope."""
        return [r.locator for r in self.rows if not r.refs and r.out_of_scope is None]

    @property
    def cited_out_of_scope(self) -> list[str]:
        return [r.locator for r in self.rows if r.refs and r.out_of_scope is not None]


def coverage(index: Index, texts: dict[str, SourceText]) -> list[Coverage]:
    out = []
    for source in index.sources:
        by_loc: dict[str, list[ClaimRef]] = {}
        for use in index.citations_of[source.id]:
            by_loc.setdefault(use.citation.locator, []).append(use.ref)
        reasons = {loc: part.reason for part in source.out_of_scope for loc in part.locators}
        st = texts.get(source.id)
        if st is None:
            pairs = [(loc, "") for loc in by_loc]
        elif source.locators == "paragraph":
            pairs = [(f"¶{n}", text) for n, text in enumerate(st.paragraphs, 1) if n not in source.not_content]
        else:
            pairs = sorted(st.timestamps.items())
        out.append(Coverage(source, [Row(loc, text, by_loc.get(loc, []), reasons.get(loc)) for loc, text in pairs]))
    return out


def coverage_errors(dataset: Dataset, cov: list[Coverage], texts: dict[str, SourceText]) -> list[DataError]:
    """One error per source whose text has content locators no claim cites and out_of_scope does not list."""
    errors = []
    for c in cov:
        if c.source.id not in texts:
            continue
        raw = dataset.raw[c.source.id]
        if c.uncovered:
            where = raw.where(("paragraphs",) if c.source.locators == "paragraph" else ("text_file",))
            shown = ", ".join(c.uncovered[:SHOWN_UNCOVERED]) + (" …" if len(c.uncovered) > SHOWN_UNCOVERED else "")
            errors.append(
                DataError(
                    raw.path,
                    *where,
                    f"{len(c.uncovered)} of {len(c.rows)} content locators are cited "
                    f"by no claim and not listed in out_of_scope: {shown}",
                    "cite each in a claim, or list it in out_of_scope with a reason "
                    "(python -m refsite coverage shows the text)",
                )
            )
        if c.cited_out_of_scope:
            errors.append(
                DataError(
                    raw.path,
                    *raw.where(("out_of_scope",)),
                    "out_of_scope lists locators that claims cite: " + ", ".join(c.cited_out_of_scope),
                    "remove them from out_of_scope",
                )
            )
    return errors


@dataclass
class TextChecks:
    """Everything `refsite validate` checks against the texts."""

    texts: Texts
    coverage: list[Coverage]
    problems: list[DataError]  # texts unreadable, quotes, locators, copying, paragraph counts, dates
    uncovered: list[DataError]  # content paragraphs cited by no claim and not out of scope

    @property
    def errors(self) -> list[DataError]:
        return self.problems + self.uncovered


def run_text_checks(dataset: Dataset, folder: Path, index: Index | None = None) -> TextChecks:
    texts = load_texts(dataset, folder)
    cov = coverage(index or build_index(dataset), texts)
    problems = texts.problems + check_texts(dataset, texts)
    problems += check_dates(dataset, texts)  # stated dates and claim years against the texts (date_checks.py)
    return TextChecks(texts, cov, problems, coverage_errors(dataset, cov, texts))


def checks_where_texts_are(
    dataset: Dataset, index: Index | None = None, folder: Path | None = None
) -> TextChecks | None:
    """The text checks when the texts folder is there (None when it is not): the build gates on them as
    `refsite validate` does, so a quote that is not at its locator fails `mkdocs build` and `make serve`."""
    folder = folder or texts_dir()
    return run_text_checks(dataset, folder, index) if folder.is_dir() else None


def coverage_report(cov: list[Coverage]) -> str:
    lines = []
    for c in cov:
        done = len(c.rows) - len(c.uncovered)
        lines.append(f"== {c.source.id} ({done}/{len(c.rows)} locators cited or out of scope)")
        for row in c.rows:
            mark = "  " if row.refs else ("--" if row.out_of_scope is not None else "!!")
            excerpt = re.sub(r"<[^>]+>|\[\[[^|\]]*\|?|\]\]", "", row.text)
            excerpt = (excerpt[:70] + "…") if len(excerpt) > 70 else excerpt
            if row.out_of_scope is not None and not row.refs:
                excerpt = f"out of scope: {row.out_of_scope[:60]} | {excerpt[:40]}"
            lines.append(printable(f"{mark} {row.locator:>9}  {len(row.refs):2d} claims  {excerpt}"))
    return "\n".join(lines)
