"""`refsite diff BASE [HEAD]`: what a change to data/ does to the site, in readers' terms, as Markdown.

Reviewers of a pull request otherwise see only a YAML diff. This reads data/ at two git revisions
(`git archive`, so the working tree is never touched or checked out), compares the entries as plain
data, and reports entries added, changed and withdrawn; for each changed claim its old and new text and
citations; new sources with their type and provenance chain; disputes opened or resolved; and the pages
affected, linked into a preview of the site when its address is given. The comparison uses the loader
only, not validation, so it works across a change of data format and on data that does not validate yet
(the validator reports that). The report is capped for a pull-request comment and says what was cut.

Everything quoted from the data is escaped for GitHub's Markdown: a pull request cannot put links,
images, HTML or @mentions into the comment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
import re
import subprocess
import tarfile
import tempfile
from typing import Any

from .index import CLAIM_LISTS, CORRECTIONS_PAGE, KINDS, built_path, claim_anchor, shared_page_heading
from .loader import MAX_FILE_BYTES, parse_entry
from .models import ENTRY_TYPES

SHOWN_PER_SECTION = 40  # added entries listed per section before "and N more" (changes are all listed)
SHOWN_PAGE_LINES = 40  # changed lines of a hand-written page
TEXT_CHARS = 300  # of a short value (a title, a name)
FULL_TEXT = 4000  # of a text (the models allow 2,000 characters: a valid text is never cut)
URL_CHARS = 2000  # of an address (the models' limit)
# Fields that are not shown as "fields changed": they are reported in their own terms.
OWN_TERMS = set(CLAIM_LISTS) | {"disputes", "withdrawn", "version"}
# Files outside the entries, by what they change for readers (first match wins).
PATH_KINDS = [
    ("docs/", "hand-written page or the site's scripts and styles"),
    ("overrides/", "theme override (the HTML of every page)"),
    ("hooks/", "MkDocs hook (runs at build time)"),
    ("refsite/", "the generator (runs at build time and makes this report)"),
    (".github/", "GitHub workflow or settings"),
    ("mkdocs.yml", "site configuration (every page)"),
    ("data/", "a file in data/ that is not an entry"),
    ("schemas/", "JSON Schemas for editors"),
    ("tests/", "tests"),
    ("bench/", "benchmarks"),
    ("Makefile", "build commands"),
    ("pyproject.toml", "package configuration"),
    ("requirements", "pinned packages"),
    ("package", "npm packages"),
    (".ci/", "CI script"),
    (".pre-commit-config.yaml", "pre-commit hooks"),
]


class DiffError(Exception):
    """A revision that cannot be read (unknown, not a commit)."""


@dataclass
class EntryFile:
    """One entry file at one revision, as plain data."""

    kind: str
    id: str
    data: dict[str, Any]  # {} when the file cannot be read
    unreadable: bool = False

    @property
    def title(self) -> str:
        return str(self.data.get("title") or self.data.get("name") or self.id)

    @property
    def label(self) -> str:
        return ENTRY_TYPES[self.kind].label

    @property
    def path(self) -> str:
        return f"data/{self.kind}/{self.id}.yml"

    @property
    def page(self) -> str:
        """Page of the entry ('timeline.md#id', 'sources/id.md'), as the site places it."""
        return KINDS[self.kind].target(self.id, bool(self.data.get("withdrawn")))


# --------------------------------------------------------------------------- reading a revision


def _git(repo: Path, *args: str, binary: bool = False, stdout: Any = None) -> Any:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        stdout=stdout or subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise DiffError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout if binary or stdout else result.stdout.decode("utf-8", "replace").strip()


def resolve(repo: Path, rev: str) -> str:
    """The commit id of rev, or DiffError."""
    if not rev or rev.startswith("-"):
        raise DiffError(f"not a revision: {rev!r}")
    try:
        return str(_git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"))
    except DiffError:
        raise DiffError(f"unknown revision {rev!r} in {repo}") from None


def read_revision(repo: Path, commit: str, data: str = "data") -> dict[str, EntryFile]:
    """Every data/<kind>/<id>.yml at commit, by id. Only regular files are read (a link is not followed)."""
    data = data.strip("/")
    has_data = (
        subprocess.run(
            ["git", "-C", str(repo), "cat-file", "-e", f"{commit}:{data}"], capture_output=True, timeout=60, check=False
        ).returncode
        == 0
    )
    if not has_data:
        return {}
    entries: dict[str, EntryFile] = {}
    with tempfile.TemporaryFile() as tar_file:  # streamed to disk: data/ may be large
        _git(repo, "archive", "--format=tar", commit, "--", data, stdout=tar_file)
        tar_file.seek(0)
        with tarfile.open(fileobj=tar_file, mode="r:") as tar:
            for member in tar:
                entry = _entry_of(tar, member, data)
                if entry is not None:
                    entries[entry.id] = entry
    return entries


def changed_paths(repo: Path, base: str, head: str, data: str = "data") -> list[PathChange]:
    """Every changed file between base and head that is not an entry file (data/<kind>/<id>.yml), with the
    changed lines of hand-written pages and of the site's configuration (text readers see)."""
    data = data.strip("/")
    raw = _git(repo, "diff", "--name-status", "-z", "--no-renames", base, head, "--", binary=True)
    fields = raw.decode("utf-8", "replace").split("\0")
    out = []
    for status, path in zip(fields[0::2], fields[1::2], strict=False):
        parts = path.removeprefix(data + "/").split("/") if path.startswith(data + "/") else []
        if len(parts) == 2 and parts[0] in ENTRY_TYPES and parts[1].endswith(".yml"):
            continue  # an entry: reported in readers' terms
        change = PathChange(status[:1], path)
        if (path.startswith("docs/") and path.endswith(".md")) or path == "mkdocs.yml":
            change.lines = _changed_lines(repo, base, head, path)
        out.append(change)
    return out


def _changed_lines(repo: Path, base: str, head: str, path: str) -> list[tuple[str, str]]:
    text = _git(repo, "diff", "--no-color", "--unified=0", base, head, "--", path, binary=True)
    lines = text.decode("utf-8", "replace").splitlines()
    return [
        (line[0], line[1:])
        for line in lines
        if line[:1] in "+-" and not line.startswith(("+++ ", "--- ")) and line[1:].strip()
    ]


def _entry_of(tar: tarfile.TarFile, member: tarfile.TarInfo, data: str) -> EntryFile | None:
    parts = member.name.removeprefix(data + "/").split("/")
    if not member.isreg() or len(parts) != 2 or parts[0] not in ENTRY_TYPES or not parts[1].endswith(".yml"):
        return None
    kind, entry_id = parts[0], parts[1].removesuffix(".yml")
    fh = tar.extractfile(member)
    raw_bytes = fh.read(MAX_FILE_BYTES + 1) if fh else b""
    raw, _ = parse_entry(raw_bytes, kind, entry_id, f"data/{kind}/{parts[1]}")
    if raw is None or not isinstance(raw.data, dict):
        return EntryFile(kind, entry_id, {}, unreadable=True)
    return EntryFile(kind, entry_id, raw.data)


# --------------------------------------------------------------------------- comparing


@dataclass
class ClaimChange:
    part: str
    number: int  # 1-based, as in the anchor
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class EntryChange:
    before: EntryFile | None
    after: EntryFile | None
    fields: list[str] = field(default_factory=list)  # other fields that changed
    claims: list[ClaimChange] = field(default_factory=list)

    @property
    def entry(self) -> EntryFile:
        return self.after or self.before  # type: ignore[return-value]


@dataclass
class DisputeChange:
    entry: EntryFile
    about: str
    values: list[dict[str, Any]]
    opened: bool  # False: resolved (gone from the entry)


@dataclass
class Changes:
    added: list[EntryFile] = field(default_factory=list)
    deleted: list[EntryFile] = field(default_factory=list)
    renamed: list[tuple[EntryFile, EntryFile]] = field(default_factory=list)  # (old, new): same content, new id
    changed: list[EntryChange] = field(default_factory=list)
    withdrawn: list[EntryFile] = field(default_factory=list)  # entries withdrawn by this change
    withdrawn_claims: list[tuple[EntryFile, ClaimChange]] = field(default_factory=list)
    disputes: list[DisputeChange] = field(default_factory=list)
    unreadable: list[EntryFile] = field(default_factory=list)
    others: list[PathChange] = field(default_factory=list)  # files that are not entries: code, pages, configuration

    @property
    def empty(self) -> bool:
        """Nothing a reader could see changed (an entry, a claim, a withdrawal, a dispute, or any other file)."""
        return not (
            self.added
            or self.deleted
            or self.renamed
            or self.changed
            or self.unreadable
            or self.withdrawn
            or self.withdrawn_claims
            or self.disputes
            or self.others
        )


@dataclass
class PathChange:
    """A changed file that is not an entry of data/ (a page, the configuration, the generator, a workflow)."""

    status: str  # git's letter: A added, M modified, D deleted, T type changed
    path: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # ('+' or '-', text) of a page's changed lines

    @property
    def what(self) -> str:
        return next((what for prefix, what in PATH_KINDS if self.path.startswith(prefix)), "another file")


def compare(base: dict[str, EntryFile], head: dict[str, EntryFile]) -> Changes:
    out = Changes()
    order = {kind: i for i, kind in enumerate(ENTRY_TYPES)}

    def key(e: EntryFile) -> tuple[int, str]:
        return order[e.kind], e.id

    for entry in sorted(head.values(), key=key):
        old = base.get(entry.id)
        if entry.unreadable:
            out.unreadable.append(entry)
        elif old is None or old.kind != entry.kind:
            out.added.append(entry)
        elif old.data != entry.data:
            _compare_entry(old, entry, out)
    out.deleted = sorted((e for e in base.values() if e.id not in head or head[e.id].kind != e.kind), key=key)
    _find_renames(out)
    for entry in out.added:
        out.disputes += [
            DisputeChange(entry, str(d.get("about", "")), d.get("values") or [], True) for d in _disputes(entry)
        ]
    return out


def _compare_entry(old: EntryFile, new: EntryFile, out: Changes) -> None:
    change = EntryChange(old, new)
    change.fields = sorted(
        k for k in set(old.data) | set(new.data) if k not in OWN_TERMS and old.data.get(k) != new.data.get(k)
    )
    for part in CLAIM_LISTS:
        before, after = _list(old.data, part), _list(new.data, part)
        for i in range(max(len(before), len(after))):
            b, a = (before[i] if i < len(before) else None), (after[i] if i < len(after) else None)
            if b != a:
                claim = ClaimChange(part, i + 1, b, a)
                if a and a.get("withdrawn") and not (b or {}).get("withdrawn"):
                    out.withdrawn_claims.append((new, claim))
                else:
                    change.claims.append(claim)
    if new.data.get("withdrawn") and not old.data.get("withdrawn"):
        out.withdrawn.append(new)
    elif old.data.get("withdrawn") and new.data.get("withdrawn") != old.data.get("withdrawn"):
        change.fields.append("withdrawn")  # a withdrawn entry's reason or date, as the Corrections page shows
    if change.fields or change.claims or (old.data.get("withdrawn") and not new.data.get("withdrawn")):
        out.changed.append(change)
    old_d = {str(d.get("about")): d for d in _disputes(old)}
    new_d = {str(d.get("about")): d for d in _disputes(new)}
    out.disputes += [DisputeChange(new, a, d.get("values") or [], True) for a, d in new_d.items() if old_d.get(a) != d]
    out.disputes += [DisputeChange(new, a, d.get("values") or [], False) for a, d in old_d.items() if a not in new_d]


def _find_renames(out: Changes) -> None:
    """A deleted entry whose content reappears under a new id was renamed: its address changed."""
    for old in list(out.deleted):
        new = next((e for e in out.added if e.kind == old.kind and e.data == old.data), None)
        if new is not None:
            out.deleted.remove(old)
            out.added.remove(new)
            out.renamed.append((old, new))


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    return [x if isinstance(x, dict) else {"text": x} for x in value] if isinstance(value, list) else []


def _disputes(entry: EntryFile) -> list[dict[str, Any]]:
    return [d for d in _list(entry.data, "disputes") if isinstance(d, dict)]


# --------------------------------------------------------------------------- Markdown

# Control characters, and characters that reorder or hide text (bidirectional overrides and isolates,
# zero-width and invisible ones), are shown as escapes (\u202e): never sent to a terminal or a comment as such.
_UNSEEN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]"
)
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+!|~:$])")  # '$' too: GitHub renders $…$ as math


def md(value: Any, limit: int | None = TEXT_CHARS) -> str:
    """value as plain text in GitHub Markdown: one line, every markup character escaped, no HTML, no math, no
    autolink (www., http:), no @mention, no #123 reference, control and invisible characters as escapes.
    Text over limit is cut, saying so."""
    text = _UNSEEN.sub(lambda m: f"\\u{ord(m[0]):04x}", " ".join(str(value).split()))
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"… ({len(text) - limit} more characters)"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text)
    text = re.sub(r"(?i)\bwww\.", lambda m: m[0][:3] + "\\.", text)  # GitHub's www. autolink needs 'www.'
    text = re.sub(r"(?i)\b(gh)-(?=\d)", "\\1\u2060-", text)  # GH-1 is an issue reference
    text = text.replace("\\#", "\\#\u2060")  # a word joiner: #1 and owner/repo#1 link no issue
    return text.replace("@", "@\u2060")  # nor does @name mention anyone


def code(value: str) -> str:
    return f"`{value}`" if re.fullmatch(r"[A-Za-z0-9_./#¶:-]+", value) else md(value)


def url_text(value: str) -> str:
    """A URL in full, its host in bold: a look-alike domain stands out."""
    match = re.match(r"^(https?://)([^/?#]*)(.*)$", value, re.S)
    if not match:
        return md(value, URL_CHARS)
    scheme, host, rest = match.groups()
    return f"{md(scheme)}**{md(host, 300)}**{md(rest, URL_CHARS)}" if host else md(value, URL_CHARS)


def hosts(value: Any) -> set[str]:
    """Hosts of every URL in plain data."""
    if isinstance(value, str):
        match = re.match(r"^https?://([^/?#]*)", value)
        return {match[1].lower()} if match else set()
    if isinstance(value, dict):
        return set().union(*(hosts(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(hosts(v) for v in value)) if value else set()
    return set()


def value_text(value: Any) -> str:
    """Any value of the data in full, as text: mappings as 'key: value; …', lists as '[a; b]', URLs highlighted."""
    if value is None:
        return "*(none)*"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return md(value)
    if isinstance(value, str):
        return f"“{url_text(value)}”" if re.match(r"^https?://", value) else f"“{md(value, FULL_TEXT)}”"
    if isinstance(value, dict):
        return "{" + "; ".join(f"{code(str(k))}: {value_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + "; ".join(value_text(v) for v in value) + "]"
    return md(repr(value))


@dataclass
class Links:
    """Where the preview is: pages become links when its address is known, paths otherwise."""

    preview_url: str | None = None
    directory_urls: bool = True

    def path(self, page: str) -> str:
        """'timeline.md#x' -> 'timeline/#x' (or 'timeline.html#x' for a preview built without directory URLs)."""
        return built_path(page, self.directory_urls)

    def link(self, text: str, page: str) -> str:
        path = self.path(page)
        if self.preview_url and re.fullmatch(r"[a-z0-9/._#-]+", path):  # an id from a file name may hold anything
            return f"[{text}]({self.preview_url.rstrip('/')}/{path})"
        return f"{text} ({code(path)})"


def citation_text(cit: Any) -> str:
    """'`source` ¶3: “the quote”' (the quote in full: reviewers read the words the claim rests on)."""
    if not isinstance(cit, dict):
        return value_text(cit)
    text = f"{code(str(cit.get('source', '?')))} {md(cit.get('locator', '?'), 40)}"
    if cit.get("quote"):
        text += f": “{md(cit['quote'], FULL_TEXT)}”"
    extra = {k: v for k, v in cit.items() if k not in ("source", "locator", "quote")}
    return text + "".join(f" · {code(str(k))}: {value_text(v)}" for k, v in extra.items())


CLAIM_SHOWN = ("text", "title", "citations", "status")


def claim_lines(claim: dict[str, Any] | None, head: str, indent: str = "  ") -> list[str]:
    """A claim (or role) in full: its text after head, then beneath it each citation with its quote, then any
    other field it has (a note, derived figures, a withdrawal, a role's date)."""
    if claim is None:
        return [f"{indent}- {head} *(none)*"]
    words = md(claim.get("text") or claim.get("title") or "", FULL_TEXT)
    status = f" \\[{md(claim['status'], 30)}\\]" if claim.get("status") else ""
    lines = [f"{indent}- {head} {words}{status}"]
    citations = claim.get("citations") or []
    lines += [f"{indent}  - cites {citation_text(c)}" for c in citations] or [f"{indent}  - cites *nothing*"]
    lines += [f"{indent}  - {code(str(k))}: {value_text(v)}" for k, v in claim.items() if k not in CLAIM_SHOWN]
    return lines


def field_lines(name: str, old: Any, new: Any, indent: str = "  ") -> list[str]:
    """A changed field item by item: a mapping key by key, a list's items removed and added (each in full)."""
    label = code(name)
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key) != new.get(key):
                lines += field_lines(f"{name}.{key}", old.get(key), new.get(key), indent)
        return lines
    if isinstance(old, list) and isinstance(new, list):
        removed = [x for x in old if x not in new]
        added = [x for x in new if x not in old]
        lines = [f"{indent}- {label}:" + ("" if removed or added else " same items, new order:")]
        lines += [f"{indent}  - removed: {value_text(x)}" for x in removed]
        lines += [f"{indent}  - added: {value_text(x)}" for x in added]
        if not (removed or added):
            lines += [f"{indent}  - {value_text(x)}" for x in new]
    else:
        lines = [f"{indent}- {label}: {value_text(old)} → {value_text(new)}"]
    old_hosts, new_hosts = hosts(old), hosts(new)
    if old_hosts != new_hosts and old_hosts and new_hosts:
        lines.append(
            f"{indent}  - ⚠ **the address leads to another site**: "
            f"{', '.join(md(h) for h in sorted(old_hosts - new_hosts)) or '—'} → "
            f"**{', '.join(md(h) for h in sorted(new_hosts - old_hosts)) or '—'}**"
        )
    return lines


class Report:
    """The Markdown report, section by section. When it is too long for a comment, additions are summarised
    first; changes to what readers already see are never cut for room."""

    def __init__(
        self, changes: Changes, base: dict[str, EntryFile], head: dict[str, EntryFile], links: Links, brief: int = 0
    ):
        self.c, self.base, self.head, self.links = changes, base, head, links
        self.brief = brief  # 0: everything; 1: additions one line each; 2: additions and pages counted only
        self.lines: list[str] = []

    def entry_link(self, entry: EntryFile) -> str:
        return self.links.link(f"**{md(entry.title, 300)}**", entry.page)

    def section(
        self, title: str, items: list[Any], render: Callable[[Any], list[str]], limit: int | None = SHOWN_PER_SECTION
    ) -> None:
        if not items:
            return
        self.lines += ["", f"#### {title} ({len(items)})", ""]
        shown = items if limit is None else items[:limit]
        for item in shown:
            self.lines += render(item)
        if len(items) > len(shown):
            self.lines.append(f"- … and {len(items) - len(shown)} more")

    def others(self) -> list[str]:
        """Files that are not entries, first: a maintainer reviews them; this report cannot describe them."""
        if not self.c.others:
            return []
        verbs = {"A": "added", "D": "deleted", "M": "changed", "T": "changed"}
        lines = [
            f"#### ⚠ This pull request changes code or configuration ({len(self.c.others)} files)",
            "",
            "A maintainer must review these files in the pull request itself: they can change every page, "
            "what the site runs in readers' browsers, and this report. What follows describes data/ only.",
            "",
        ]
        for change in self.c.others:
            lines.append(f"- {verbs.get(change.status, 'changed')}: {code(change.path)} ({change.what})")
            shown = change.lines[:SHOWN_PAGE_LINES]
            lines += [f"  - {'added' if sign == '+' else 'removed'}: “{md(text, FULL_TEXT)}”" for sign, text in shown]
            if len(change.lines) > len(shown):
                lines.append(f"  - … and {len(change.lines) - len(shown)} more changed lines")
        return lines

    def added(self, e: EntryFile) -> list[str]:
        lines = [f"- {e.label.capitalize()} {self.entry_link(e)} · {code(e.path)}{self._date(e)}"]
        if self.brief:
            claims = sum(len(_list(e.data, part)) for part in CLAIM_LISTS)
            return [lines[0] + f" · {claims} claim{'s' if claims != 1 else ''} (not listed: the report is long)"]
        shown = set(CLAIM_LISTS) | {"version", "title", "name", "relays", "disputes"}
        if e.kind == "sources":
            lines += self._source_lines(e)
            shown |= {"type", "format", "publisher", "published", "published_basis"}
        lines += [f"  - {code(k)}: {value_text(v)}" for k, v in e.data.items() if k not in shown]
        for part in CLAIM_LISTS:
            for i, claim in enumerate(_list(e.data, part), 1):
                lines += claim_lines(claim, f"{CLAIM_LISTS[part]}{i}:")
        return lines

    def changed(self, ch: EntryChange) -> list[str]:
        e = ch.entry
        lines = [f"- {e.label.capitalize()} {self.entry_link(e)} · {code(e.path)}"]
        if ch.before and ch.before.data.get("withdrawn") and not e.data.get("withdrawn"):
            lines.append("  - no longer withdrawn: back on the site")
        for name in ch.fields:
            lines += field_lines(name, ch.before.data.get(name) if ch.before else None, e.data.get(name))
        for claim in ch.claims:
            lines += self._claim_change(e, claim)
        return lines

    def _claim_change(self, e: EntryFile, claim: ClaimChange) -> list[str]:
        name = f"{'role' if claim.part == 'roles' else 'claim'} {claim.number}"
        anchor = self.links.link(name, f"{e.page.partition('#')[0]}#{claim_anchor(e.id, claim.part, claim.number)}")
        if claim.before is None:
            return claim_lines(claim.after, f"{anchor} added:")
        if claim.after is None:
            return claim_lines(
                claim.before,
                f"⚠ {name} removed (claims are withdrawn, never removed: later claims' addresses shift):",
            )
        return [
            f"  - {anchor} changed:",
            *claim_lines(claim.before, "before:", "    "),
            *claim_lines(claim.after, "after:", "    "),
        ]

    def withdrawn(self, e: EntryFile) -> list[str]:
        withdrawal = e.data.get("withdrawn")
        reason = withdrawal.get("reason", "") if isinstance(withdrawal, dict) else ""
        before = self.base.get(e.id)
        page = before.page if before is not None else e.page
        lines = [
            f"- {e.label.capitalize()} {self.entry_link(e)}: reason: {md(reason, FULL_TEXT) or '*no reason given*'}",
            f"  - leaves {self.links.link(self._page_title(page.partition('#')[0]), page)}; "
            f"listed on {self.links.link('Corrections', CORRECTIONS_PAGE)} with its claims",
        ]
        for part in CLAIM_LISTS:
            for i, claim in enumerate(_list(e.data, part), 1):
                lines += claim_lines(claim, f"{CLAIM_LISTS[part]}{i}:")
        return lines

    def withdrawn_claim(self, item: tuple[EntryFile, ClaimChange]) -> list[str]:
        e, claim = item
        withdrawal = (claim.after or {}).get("withdrawn") or {}
        reason = md(withdrawal.get("reason", ""), FULL_TEXT) if isinstance(withdrawal, dict) else ""
        name = f"{'role' if claim.part == 'roles' else 'claim'} {claim.number}"
        page = e.page.partition("#")[0]
        return [
            f"- {name} of {self.entry_link(e)}: reason: {reason or '*none given*'}",
            f"  - leaves {self.links.link(self._page_title(page), page)}; listed on "
            f"{self.links.link('Corrections', CORRECTIONS_PAGE)}",
            *claim_lines(claim.before or claim.after, "the claim readers saw:"),
        ]

    def dispute(self, d: DisputeChange) -> list[str]:
        values = "; ".join(
            f"“{md(v.get('value', ''), 300)}” (claim {_numbers(v.get('claims'))})"
            for v in d.values
            if isinstance(v, dict)
        )
        verb = "opened or changed" if d.opened else "resolved (removed)"
        return [
            f"- {verb} on {self.entry_link(d.entry)}: {md(d.about, 300)}"
            + (f" — {values}" if values and d.opened else "")
        ]

    def _date(self, e: EntryFile) -> str:
        for name in ("date", "fieldwork", "delivered", "ordered", "reported", "published"):
            if e.data.get(name):
                return f" · {md(e.data[name], 40)}"
        return ""

    def _source_lines(self, e: EntryFile) -> list[str]:
        d = e.data
        facts = [md(d.get(k), 300) for k in ("type", "format", "publisher") if d.get(k)]
        if d.get("published"):
            basis = f" ({md(d['published_basis'], 20)})" if d.get("published_basis") else ""
            facts.append(f"published {md(d['published'], 30)}{basis}")
        lines = [f"  - {', '.join(facts)}"] if facts else []
        chain = [self._relay(r) for r in _list(d, "relays")]
        if chain:
            lines.append("  - chain: this text " + " → ".join(chain))
        return lines

    def _relay(self, relay: dict[str, Any]) -> str:
        how = md(relay.get("how", "relays"), 20)
        if relay.get("source"):
            other = self.head.get(str(relay["source"]))
            who = self.links.link(md(other.title, 300), other.page) if other else code(str(relay["source"]))
        elif relay.get("actor"):
            other = self.head.get(str(relay["actor"]))
            who = md(other.title, 300) if other else code(str(relay["actor"]))
        else:
            who = md(relay.get("name", "?"), 300)
        what = f" ({md(relay['what'], 300)})" if relay.get("what") else ""
        address = f" at {value_text(relay['url'])}" if relay.get("url") else ""
        return f"{how} {who}{what}{address}"

    def pages(self) -> list[str]:
        """The pages whose content changes, linked into the preview."""
        pages: dict[str, None] = {}
        touched = (
            self.c.added
            + [ch.entry for ch in self.c.changed]
            + self.c.withdrawn
            + [new for _, new in self.c.renamed]
            + [e for e, _ in self.c.withdrawn_claims]
            + [d.entry for d in self.c.disputes]
        )
        for e in touched:
            pages[e.page.partition("#")[0]] = None
            for old_or_new in (self.base.get(e.id), self.head.get(e.id)):
                if old_or_new is not None:
                    pages[old_or_new.page.partition("#")[0]] = None
                pages.update(dict.fromkeys(self._related_pages(old_or_new)))
        if self.c.withdrawn or self.c.withdrawn_claims:
            pages[CORRECTIONS_PAGE] = None
        if self.c.disputes:
            pages["contested.md"] = None
        return [self.links.link(self._page_title(p), p) for p in sorted(pages)]

    def _page_title(self, page: str) -> str:
        """'timeline.md' -> 'Timeline'; 'sources/x.md' -> 'Source: <its title>'."""
        folder, _, name = page.removesuffix(".md").rpartition("/")
        entry = self.head.get(name) if folder else None
        if entry is not None and entry.kind == folder:
            return f"{entry.label.capitalize()}: {md(entry.title, 300)}"
        heading = "Contested points" if page == "contested.md" else shared_page_heading(page)
        return md(heading or page.removesuffix(".md"))

    def _related_pages(self, e: EntryFile | None) -> list[str]:
        """Theme, actor and source pages that list the entry or its claims."""
        if e is None:
            return []
        out = [f"themes/{t}.md" for t in _ids(e.data.get("themes")) if t in self.head]
        for name in ("actors", "via", "speaker", "supplier", "recipient", "manufacturer", "pollster", "sponsor"):
            out += [f"actors/{a}.md" for a in _ids(e.data.get(name)) if a in self.head]
        for part in CLAIM_LISTS:
            for claim in _list(e.data, part):
                out += [
                    f"sources/{c.get('source')}.md"
                    for c in claim.get("citations") or []
                    if isinstance(c, dict) and str(c.get("source")) in self.head
                ]
        return out

    def summary(self) -> str:
        c = self.c
        sources = sum(1 for e in c.added if e.kind == "sources")
        text = f"Entries: {len(c.added)} added" + (f" ({sources} of them sources)" if sources else "")
        text += f" · {len(c.changed)} changed · {len(c.withdrawn)} withdrawn"
        if c.withdrawn_claims:
            n = len(c.withdrawn_claims)
            text += f" · {n} claim{'s' if n != 1 else ''} withdrawn"
        opened = sum(1 for d in c.disputes if d.opened)
        if c.disputes:
            text += f" · disputes: {opened} opened or changed, {len(c.disputes) - opened} resolved"
        if c.others:
            text += f" · ⚠ {len(c.others)} other file{'s' if len(c.others) != 1 else ''} (code, pages or configuration)"
        return text + "."

    def render(self, title: str, first_line: str = "") -> str:
        self.lines = ([first_line, ""] if first_line else []) + [f"### {title}", ""]
        self.lines += self.others()
        self.lines += ["", self.summary()] if self.c.others else [self.summary()]
        c = self.c
        if c.empty:
            self.lines.append("No changes: readers see the same content.")
            return "\n".join(self.lines) + "\n"
        for e in c.deleted:
            self.lines.append(
                f"\n⚠ {code(e.path)} was **deleted**: its address ({code(self.links.path(e.page))}) "
                "stops working. Withdraw entries instead (`withdrawn: {date, reason}`)."
            )
        for old, new in c.renamed:
            self.lines.append(
                f"\n⚠ {code(old.path)} was **renamed** to {code(new.path)}: ids are permanent "
                "addresses; readers' links to the old one break."
            )
        for e in c.unreadable:
            self.lines.append(f"\n⚠ {code(e.path)} cannot be read (see the validator's messages).")
        # What readers already see, in full, before what is new.
        self.section("Changed", c.changed, self.changed, None)
        self.section("Withdrawn entries", c.withdrawn, self.withdrawn, None)
        self.section("Withdrawn claims", c.withdrawn_claims, self.withdrawn_claim, None)
        self.section("Disputes", c.disputes, self.dispute, None)
        added = [e for e in c.added if e.kind != "sources"]
        sources = [e for e in c.added if e.kind == "sources"]
        if self.brief >= 2:
            if c.added:
                self.lines += [
                    "",
                    f"#### Added ({len(added)}) and new sources ({len(sources)}): not listed, the report is "
                    "too long; see the whole report below",
                ]
        else:
            self.section("Added", added, self.added)
            self.section("New sources", sources, self.added)
        pages = self.pages()
        if self.brief >= 2:
            self.lines += ["", f"#### Pages affected ({len(pages)}): not listed, the report is too long"]
        else:
            self.section("Pages affected", pages, lambda p: [f"- {p}"])
        return "\n".join(self.lines) + "\n"


def _numbers(value: Any) -> str:
    """[1, 3] -> '1, 3' (claim numbers as the anchors count them)."""
    values = value if isinstance(value, list) else [value]
    return md(", ".join(str(v) for v in values), 40)


def _ids(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [str(v) for v in values if isinstance(v, str)]


def cap(text: str, limit: int, cut_note: str) -> str:
    """text cut at a line boundary to at most limit characters, saying so at the top and at the cut."""
    if len(text) <= limit:
        return text
    warning = f"⚠ **This report is cut to fit a comment: read the whole of it** ({cut_note.strip()})"
    lines, kept, size = text.splitlines(), [warning, ""], len(warning) + 1
    budget = limit - len(cut_note) - 80
    for line in lines:
        if size + len(line) + 1 > budget:
            break
        kept.append(line)
        size += len(line) + 1
    left = len(lines) - (len(kept) - 2)
    return "\n".join(kept) + f"\n\n… {left} more lines cut to fit a comment. {cut_note}\n"


TEXTS_NOT_CHECKED = (
    "⚠ **Quotes and locators were not checked** against the sources' texts here (no texts folder): "
    "a maintainer runs `python -m refsite validate` with the texts before merging."
)


def diff_revisions(
    base: str,
    head: str = "HEAD",
    repo: Path = Path("."),
    data: str = "data",
    preview_url: str | None = None,
    directory_urls: bool = True,
    limit: int = 40000,
    texts_checked: bool = True,
) -> str:
    """The Markdown report of what changing the repository from base to head does to the site."""
    base_commit, head_commit = resolve(repo, base), resolve(repo, head)
    before, after = read_revision(repo, base_commit, data), read_revision(repo, head_commit, data)
    changes = compare(before, after)
    changes.others = changed_paths(repo, base_commit, head_commit, data)
    title = f"What this change does to the site ({code(base_commit[:8])} → {code(head_commit[:8])})"
    first_line = "" if texts_checked else TEXTS_NOT_CHECKED
    links = Links(preview_url, directory_urls)
    for brief in (0, 1, 2):
        text = Report(changes, before, after, links, brief).render(title, first_line)
        if len(text) <= limit:
            return text
    return cap(text, limit, f"The whole report: `python -m refsite diff {base_commit[:12]} {head_commit[:12]}`.")
