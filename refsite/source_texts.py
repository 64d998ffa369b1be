"""Checks against the source documents' own texts: quotes, locators, copying, coverage.

The texts are not part of the site (they are other publishers' work); they live in a folder given by
configuration ($REFSITE_TEXTS, default ../shared/seeds beside the project). Each source names its file
in `text_file`. Paragraph ¶N is the Nth non-empty line; video locators are the summary's timestamps.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import unicodedata

from .dataset import Dataset
from .errors import DataError
from .index import ClaimRef, Index
from .models import Quote, Source

DEFAULT_TEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
TIMESTAMP_ATTR = re.compile(r'data-t="(\d{2}:\d{2}:\d{2})"')
COPY_WORDS = 10  # this many consecutive words shared with the source outside a quote counts as copying a sentence


def texts_dir() -> Path:
    return Path(os.environ.get("REFSITE_TEXTS") or DEFAULT_TEXTS)


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and whitespace so a quote matches however it was typed."""
    text = unicodedata.normalize("NFC", text)
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("–", "-"), ("—", "-"), ("\u00a0", " ")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


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


def load_texts(dataset: Dataset, folder: Path) -> dict[str, SourceText]:
    out: dict[str, SourceText] = {}
    for source in dataset.of("sources").values():
        if not source.text_file:
            continue
        path = folder / source.text_file
        if not path.is_file():
            continue
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        st = SourceText(source, lines)
        for line in lines:
            for m in TIMESTAMP_ATTR.finditer(line):
                st.timestamps[m[1]] = line
        out[source.id] = st
    return out


def _citations(dataset: Dataset):
    """Every (entry, loc, citation-or-quote) in the data, with the text that cites it."""
    for entry in dataset.all():
        for loc, cit, claim in entry.citations():
            yield entry, loc, cit, getattr(claim, "text", None)


def check_texts(dataset: Dataset, texts: dict[str, SourceText]) -> list[DataError]:
    errors: list[DataError] = []
    for entry, loc, cit, claim_text in _citations(dataset):
        st = texts.get(cit.source)
        if st is None:
            continue
        raw = dataset.raw[entry.id]
        line, col = raw.where(loc)
        here = st.text_at(cit.locator)
        if here is None:
            what = "timestamp" if ":" in cit.locator else "paragraph"
            errors.append(DataError(raw.path, line, col, f"{cit.locator} is not a {what} of {cit.source}'s text"))
            continue
        quote = cit.text if isinstance(cit, Quote) else cit.quote
        if quote and normalise(quote) not in normalise(here):
            where_else = [p for p in range(len(st.paragraphs)) if normalise(quote) in normalise(st.paragraphs[p])]
            hint = f"it appears at ¶{where_else[0] + 1}" if where_else and not st.timestamps else "copy it verbatim"
            errors.append(DataError(raw.path, line, col,
                                    f"quote {quote!r} does not appear in {cit.source} at {cit.locator}", hint))
        if claim_text:
            copied = _copied_run(claim_text, here)
            if copied:
                errors.append(DataError(raw.path, line, col,
                                        f"claim text copies the source ({cit.locator}): “{copied}”",
                                        "write the claim in your own words, or quote a named speaker"))
    for sid, st in texts.items():
        src = st.source
        if src.locators == "paragraph" and src.paragraphs != len(st.paragraphs):
            raw = dataset.raw[sid]
            errors.append(DataError(raw.path, *raw.where(("paragraphs",)),
                                    f"'paragraphs' is {src.paragraphs} but {src.text_file} has {len(st.paragraphs)} non-empty lines"))
    return errors


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", normalise(text).lower())


def _copied_run(claim: str, source_text: str) -> str | None:
    """The first run of COPY_WORDS words the claim shares with the source, ignoring quoted passages."""
    unquoted = re.sub(r"[\"“][^\"”]*[\"”]|'[^']{12,}'", " ", claim)
    cw, sw = _words(unquoted), _words(source_text)
    grams = {tuple(sw[i : i + COPY_WORDS]) for i in range(len(sw) - COPY_WORDS + 1)}
    for i in range(len(cw) - COPY_WORDS + 1):
        if tuple(cw[i : i + COPY_WORDS]) in grams:
            return " ".join(cw[i : i + COPY_WORDS])
    return None


@dataclass
class Coverage:
    source: Source
    locators: list[tuple[str, str, list[ClaimRef]]]  # (locator, text excerpt, claims citing it)

    @property
    def uncovered(self) -> list[str]:
        return [loc for loc, _, refs in self.locators if not refs]


def coverage(index: Index, texts: dict[str, SourceText]) -> list[Coverage]:
    out = []
    for source in index.sources:
        st = texts.get(source.id)
        by_loc: dict[str, list[ClaimRef]] = {}
        for use in index.citations_of[source.id]:
            by_loc.setdefault(use.citation.locator, []).append(use.ref)
        rows = []
        if st is None:
            rows = [(loc, "", refs) for loc, refs in by_loc.items()]
        elif source.locators == "paragraph":
            for n, text in enumerate(st.paragraphs, 1):
                if n not in source.not_content:
                    rows.append((f"¶{n}", text, by_loc.get(f"¶{n}", [])))
        else:
            for ts, line in sorted(st.timestamps.items()):
                rows.append((ts, line, by_loc.get(ts, [])))
        out.append(Coverage(source, rows))
    return out


def coverage_report(cov: list[Coverage]) -> str:
    lines = []
    for c in cov:
        lines.append(f"== {c.source.id} ({len(c.locators) - len(c.uncovered)}/{len(c.locators)} locators cited)")
        for loc, text, refs in c.locators:
            mark = "  " if refs else "!!"
            excerpt = re.sub(r"<[^>]+>|\[\[[^|\]]*\|?|\]\]", "", text)
            excerpt = (excerpt[:70] + "…") if len(excerpt) > 70 else excerpt
            lines.append(f"{mark} {loc:>9}  {len(refs):2d} claims  {excerpt}")
    return "\n".join(lines)
