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

SHOWN_PER_SECTION = 40  # entries listed per section before "and N more"
SHOWN_CLAIMS = 12  # claims listed per entry
TEXT_CHARS = 280  # of a claim's text or a value
# Fields that are not shown as "fields changed": they are reported in their own terms.
OWN_TERMS = set(CLAIM_LISTS) | {"disputes", "withdrawn", "version"}


class DiffError(Exception):
    """A revision that cannot be read (unknown, not a commit)."""


@dataclass
class Entry:
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


def _git(repo: Path, *args: str, binary: bool = False, stdout=None) -> Any:
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
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except DiffError:
        raise DiffError(f"unknown revision {rev!r} in {repo}") from None


def read_revision(repo: Path, commit: str, data: str = "data") -> dict[str, Entry]:
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
    entries: dict[str, Entry] = {}
    with tempfile.TemporaryFile() as tar_file:  # streamed to disk: data/ may be large
        _git(repo, "archive", "--format=tar", commit, "--", data, stdout=tar_file)
        tar_file.seek(0)
        with tarfile.open(fileobj=tar_file, mode="r:") as tar:
            for member in tar:
                entry = _entry_of(tar, member, data)
                if entry is not None:
                    entries[entry.id] = entry
    return entries


def _entry_of(tar: tarfile.TarFile, member: tarfile.TarInfo, data: str) -> Entry | None:
    parts = member.name.removeprefix(data + "/").split("/")
    if not member.isreg() or len(parts) != 2 or parts[0] not in ENTRY_TYPES or not parts[1].endswith(".yml"):
        return None
    kind, entry_id = parts[0], parts[1].removesuffix(".yml")
    fh = tar.extractfile(member)
    raw_bytes = fh.read(MAX_FILE_BYTES + 1) if fh else b""
    raw, _ = parse_entry(raw_bytes, kind, entry_id, f"data/{kind}/{parts[1]}")
    if raw is None or not isinstance(raw.data, dict):
        return Entry(kind, entry_id, {}, unreadable=True)
    return Entry(kind, entry_id, raw.data)


# --------------------------------------------------------------------------- comparing


@dataclass
class ClaimChange:
    part: str
    number: int  # 1-based, as in the anchor
    before: dict | None
    after: dict | None


@dataclass
class EntryChange:
    before: Entry | None
    after: Entry | None
    fields: list[str] = field(default_factory=list)  # other fields that changed
    claims: list[ClaimChange] = field(default_factory=list)

    @property
    def entry(self) -> Entry:
        return self.after or self.before  # type: ignore[return-value]


@dataclass
class Dispute:
    entry: Entry
    about: str
    values: list[dict]
    opened: bool  # False: resolved (gone from the entry)


@dataclass
class Changes:
    added: list[Entry] = field(default_factory=list)
    deleted: list[Entry] = field(default_factory=list)
    renamed: list[tuple[Entry, Entry]] = field(default_factory=list)  # (old, new): same content, new id
    changed: list[EntryChange] = field(default_factory=list)
    withdrawn: list[Entry] = field(default_factory=list)  # entries withdrawn by this change
    withdrawn_claims: list[tuple[Entry, ClaimChange]] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    unreadable: list[Entry] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.deleted or self.renamed or self.changed or self.unreadable)


def compare(base: dict[str, Entry], head: dict[str, Entry]) -> Changes:
    out = Changes()
    order = {kind: i for i, kind in enumerate(ENTRY_TYPES)}

    def key(e: Entry) -> tuple[int, str]:
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
        out.disputes += [Dispute(entry, str(d.get("about", "")), d.get("values") or [], True) for d in _disputes(entry)]
    return out


def _compare_entry(old: Entry, new: Entry, out: Changes) -> None:
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
    if change.fields or change.claims or (old.data.get("withdrawn") and not new.data.get("withdrawn")):
        out.changed.append(change)
    old_d = {str(d.get("about")): d for d in _disputes(old)}
    new_d = {str(d.get("about")): d for d in _disputes(new)}
    out.disputes += [Dispute(new, a, d.get("values") or [], True) for a, d in new_d.items() if old_d.get(a) != d]
    out.disputes += [Dispute(new, a, d.get("values") or [], False) for a, d in old_d.items() if a not in new_d]


def _find_renames(out: Changes) -> None:
    """A deleted entry whose content reappears under a new id was renamed: its address changed."""
    for old in list(out.deleted):
        new = next((e for e in out.added if e.kind == old.kind and e.data == old.data), None)
        if new is not None:
            out.deleted.remove(old)
            out.added.remove(new)
            out.renamed.append((old, new))


def _list(data: dict, name: str) -> list:
    value = data.get(name)
    return [x if isinstance(x, dict) else {"text": x} for x in value] if isinstance(value, list) else []


def _disputes(entry: Entry) -> list[dict]:
    return [d for d in _list(entry.data, "disputes") if isinstance(d, dict)]


# --------------------------------------------------------------------------- Markdown


def md(value: Any, limit: int = TEXT_CHARS) -> str:
    """value as plain text in GitHub Markdown: one line, cut to limit, every markup character escaped,
    no HTML, no @mention."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]()#+!|~:])", r"\\\1", text)
    return text.replace("@", "@\u2060")  # a word joiner: GitHub links no mention


def code(value: str) -> str:
    return f"`{value}`" if re.fullmatch(r"[\w./#¶:-]+", value) else md(value)


@dataclass
class Links:
    """Where the preview is: pages become links when its address is known, paths otherwise."""

    preview_url: str | None = None
    directory_urls: bool = True

    def path(self, page: str) -> str:
        """'timeline.md#x' -> 'timeline/#x' (or 'timeline.html#x' for a preview built without directory URLs)."""
        return built_path(page, self.directory_urls)

    def link(self, text: str, page: str) -> str:
        if self.preview_url:
            return f"[{text}]({self.preview_url.rstrip('/')}/{self.path(page)})"
        return f"{text} ({code(self.path(page))})"


def citation_text(cit: Any) -> str:
    if not isinstance(cit, dict):
        return md(cit, 80)
    text = f"{code(str(cit.get('source', '?')))} {md(cit.get('locator', '?'), 20)}"
    if cit.get("quote"):
        text += f" “{md(cit['quote'], 120)}”"
    return text


def claim_text(claim: dict | None) -> str:
    if claim is None:
        return "*(none)*"
    words = md(claim.get("text") or claim.get("title") or "")
    cites = "; ".join(citation_text(c) for c in claim.get("citations") or [])
    status = f" \\[{md(claim['status'], 30)}\\]" if claim.get("status") else ""
    return f"{words}{status} — cites {cites or '*nothing*'}"


def _value(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"“{md(value, 120)}”"
    if value is None:
        return "*(none)*"
    return "*(" + md(type(value).__name__, 20) + ")*"


class Report:
    """The Markdown report, section by section, each capped."""

    def __init__(self, changes: Changes, base: dict[str, Entry], head: dict[str, Entry], links: Links):
        self.c, self.base, self.head, self.links = changes, base, head, links
        self.lines: list[str] = []

    def entry_link(self, entry: Entry) -> str:
        return self.links.link(f"**{md(entry.title, 120)}**", entry.page)

    def section(self, title: str, items: list, render) -> None:
        if not items:
            return
        self.lines += ["", f"#### {title} ({len(items)})", ""]
        for item in items[:SHOWN_PER_SECTION]:
            self.lines += render(item)
        if len(items) > SHOWN_PER_SECTION:
            self.lines.append(f"- … and {len(items) - SHOWN_PER_SECTION} more")

    def added(self, e: Entry) -> list[str]:
        lines = [f"- {e.label.capitalize()} {self.entry_link(e)} · {code(e.path)}{self._date(e)}"]
        if e.kind == "sources":
            lines += self._source_lines(e)
        for part in CLAIM_LISTS:
            claims = _list(e.data, part)
            lines += [f"  - {CLAIM_LISTS[part]}{i}: {claim_text(c)}" for i, c in enumerate(claims[:SHOWN_CLAIMS], 1)]
            if len(claims) > SHOWN_CLAIMS:
                lines.append(f"  - … and {len(claims) - SHOWN_CLAIMS} more")
        return lines

    def changed(self, ch: EntryChange) -> list[str]:
        e = ch.entry
        lines = [f"- {e.label.capitalize()} {self.entry_link(e)} · {code(e.path)}"]
        if ch.before and ch.before.data.get("withdrawn") and not e.data.get("withdrawn"):
            lines.append("  - no longer withdrawn: back on the site")
        for name in ch.fields:
            old, new = (ch.before.data.get(name) if ch.before else None), e.data.get(name)
            lines.append(f"  - {code(name)}: {_value(old)} → {_value(new)}")
        for claim in ch.claims[:SHOWN_CLAIMS]:
            lines += self._claim_change(e, claim)
        if len(ch.claims) > SHOWN_CLAIMS:
            lines.append(f"  - … and {len(ch.claims) - SHOWN_CLAIMS} more claim changes")
        return lines

    def _claim_change(self, e: Entry, claim: ClaimChange) -> list[str]:
        name = f"{'role' if claim.part == 'roles' else 'claim'} {claim.number}"
        anchor = self.links.link(name, f"{e.page.partition('#')[0]}#{claim_anchor(e.id, claim.part, claim.number)}")
        if claim.before is None:
            return [f"  - {anchor} added: {claim_text(claim.after)}"]
        if claim.after is None:
            warning = f"  - ⚠ {name} removed (claims are withdrawn, never removed: later claims' addresses shift)"
            return [f"{warning}: {claim_text(claim.before)}"]
        return [
            f"  - {anchor} changed:",
            f"    - before: {claim_text(claim.before)}",
            f"    - after: {claim_text(claim.after)}",
        ]

    def withdrawn(self, e: Entry) -> list[str]:
        reason = (e.data.get("withdrawn") or {}).get("reason", "") if isinstance(e.data.get("withdrawn"), dict) else ""
        return [f"- {e.label.capitalize()} {self.entry_link(e)}: {md(reason) or '*no reason given*'}"]

    def withdrawn_claim(self, item: tuple[Entry, ClaimChange]) -> list[str]:
        e, claim = item
        reason = (claim.after or {}).get("withdrawn") or {}
        reason_text = md(reason.get("reason", "")) if isinstance(reason, dict) else ""
        text = md((claim.after or {}).get("text", ""))
        return [f"- claim {claim.number} of {self.entry_link(e)}: {text} — reason: {reason_text or '*none given*'}"]

    def dispute(self, d: Dispute) -> list[str]:
        values = "; ".join(
            f"“{md(v.get('value', ''), 60)}” (claim {_numbers(v.get('claims'))})"
            for v in d.values
            if isinstance(v, dict)
        )
        verb = "opened or changed" if d.opened else "resolved (removed)"
        return [
            f"- {verb} on {self.entry_link(d.entry)}: {md(d.about, 160)}"
            + (f" — {values}" if values and d.opened else "")
        ]

    def _date(self, e: Entry) -> str:
        for name in ("date", "fieldwork", "delivered", "ordered", "reported", "published"):
            if e.data.get(name):
                return f" · {md(e.data[name], 40)}"
        return ""

    def _source_lines(self, e: Entry) -> list[str]:
        d = e.data
        facts = [md(d.get(k), 60) for k in ("type", "format", "publisher") if d.get(k)]
        if d.get("published"):
            basis = f" ({md(d['published_basis'], 20)})" if d.get("published_basis") else ""
            facts.append(f"published {md(d['published'], 30)}{basis}")
        lines = [f"  - {', '.join(facts)}"] if facts else []
        chain = [self._relay(r) for r in _list(d, "relays")]
        if chain:
            lines.append("  - chain: this text " + " → ".join(chain))
        return lines

    def _relay(self, relay: dict) -> str:
        how = md(relay.get("how", "relays"), 20)
        if relay.get("source"):
            other = self.head.get(str(relay["source"]))
            who = self.links.link(md(other.title, 80), other.page) if other else code(str(relay["source"]))
        elif relay.get("actor"):
            other = self.head.get(str(relay["actor"]))
            who = md(other.title, 80) if other else code(str(relay["actor"]))
        else:
            who = md(relay.get("name", "?"), 80)
        what = f" ({md(relay['what'], 60)})" if relay.get("what") else ""
        return f"{how} {who}{what}"

    def pages(self) -> list[str]:
        """The pages whose content changes, linked into the preview."""
        pages: dict[str, None] = {}
        touched = (
            self.c.added
            + [ch.entry for ch in self.c.changed]
            + self.c.withdrawn
            + [new for _, new in self.c.renamed]
            + [e for e, _ in self.c.withdrawn_claims]
        )
        for e in touched:
            pages[e.page.partition("#")[0]] = None
            for old_or_new in (self.base.get(e.id), self.head.get(e.id)):
                pages.update(dict.fromkeys(self._related_pages(old_or_new)))
        if self.c.withdrawn or self.c.withdrawn_claims:
            pages[CORRECTIONS_PAGE] = None
        return [self.links.link(self._page_title(p), p) for p in sorted(pages)]

    def _page_title(self, page: str) -> str:
        """'timeline.md' -> 'Timeline'; 'sources/x.md' -> 'Source: <its title>'."""
        folder, _, name = page.removesuffix(".md").rpartition("/")
        entry = self.head.get(name) if folder else None
        if entry is not None and entry.kind == folder:
            return f"{entry.label.capitalize()}: {md(entry.title, 100)}"
        return md(shared_page_heading(page) or page.removesuffix(".md"))

    def _related_pages(self, e: Entry | None) -> list[str]:
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
        return text + "."

    def render(self, title: str) -> str:
        self.lines = [f"### {title}", "", self.summary()]
        c = self.c
        if c.empty:
            self.lines.append("No entry changes: readers see the same content.")
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
        self.section("Added", [e for e in c.added if e.kind != "sources"], self.added)
        self.section("New sources", [e for e in c.added if e.kind == "sources"], self.added)
        self.section("Changed", c.changed, self.changed)
        self.section("Withdrawn entries", c.withdrawn, self.withdrawn)
        self.section("Withdrawn claims", c.withdrawn_claims, self.withdrawn_claim)
        self.section("Disputes", c.disputes, self.dispute)
        self.section("Pages affected", self.pages(), lambda p: [f"- {p}"])
        return "\n".join(self.lines) + "\n"


def _numbers(value: Any) -> str:
    """[1, 3] -> '1, 3' (claim numbers as the anchors count them)."""
    values = value if isinstance(value, list) else [value]
    return md(", ".join(str(v) for v in values), 40)


def _ids(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [str(v) for v in values if isinstance(v, str)]


def cap(text: str, limit: int, cut_note: str) -> str:
    """text cut at a line boundary to at most limit characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    lines, kept, size = text.splitlines(), [], 0
    budget = limit - len(cut_note) - 80
    for line in lines:
        if size + len(line) + 1 > budget:
            break
        kept.append(line)
        size += len(line) + 1
    left = len(lines) - len(kept)
    return "\n".join(kept) + f"\n\n… {left} more lines cut to fit a comment. {cut_note}\n"


def diff_revisions(
    base: str,
    head: str = "HEAD",
    repo: Path = Path("."),
    data: str = "data",
    preview_url: str | None = None,
    directory_urls: bool = True,
    limit: int = 40000,
) -> str:
    """The Markdown report of what changing data/ from base to head does to the site."""
    base_commit, head_commit = resolve(repo, base), resolve(repo, head)
    before, after = read_revision(repo, base_commit, data), read_revision(repo, head_commit, data)
    report = Report(compare(before, after), before, after, Links(preview_url, directory_urls))
    title = f"What this change does to the site ({code(base_commit[:8])} → {code(head_commit[:8])})"
    text = report.render(title)
    return cap(text, limit, f"The whole report: `python -m refsite diff {base_commit[:12]} {head_commit[:12]}`.")
