"""Versioning visible to readers: when each entry was added and last changed, what changed when, and links
to edit an entry's file and see its commits in the repository.

All history comes from ONE `git log` over data/ (plus one `git rev-parse` and one `git status`), however
many entries there are, so the build stays linear. Outside a git checkout, or where git is missing, there
is simply no history: entries show no dates and the footer says the data is unversioned. Files not yet
committed are marked as such.

Edit and history links need the repository's address, which is configuration (never guessed): with no
repository URL there are no such links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
import os
from pathlib import Path
import re
import subprocess
from typing import TYPE_CHECKING
from urllib.parse import quote

from .dates import MONTHS
from .models import ENTRY_TYPES, ID_PATTERN, Entry

if TYPE_CHECKING:
    from .dataset import Dataset

GIT_TIMEOUT = 60  # seconds; a log of the whole history of data/ takes well under one

_ENTRY_FILE = re.compile(r"^(?P<kind>[a-z-]+)/(?P<id>[^/]+)\.yml$")


def day_label(day: dt.date) -> str:
    """'23 November 2026', the site's form for a day."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


class _Day:
    """A day's two forms, for what is dated by a day (a commit, a day of changes)."""

    date: dt.date

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def label(self) -> str:
        """'23 November 2026'."""
        return day_label(self.date)


@dataclass(frozen=True)
class Commit(_Day):
    sha: str
    short: str
    date: dt.date  # the commit date, in UTC


@dataclass
class FileHistory:
    """What git knows about one entry file. added is None when unknown (not committed, shallow clone)."""

    added: Commit | None = None
    changed: Commit | None = None  # the latest commit that touched the file
    uncommitted: bool = False  # new or modified in the working tree


@dataclass
class DayChanges(_Day):
    date: dt.date
    added: list[str] = field(default_factory=list)  # keys like "events/x.yml", sorted
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class History:
    """Git history of data/. available is False outside a git checkout (or without git)."""

    available: bool = False
    reason: str = ""  # why there is no history, for the build log
    prefix: str = ""  # path of the data folder inside the repository, e.g. "data/"
    files: dict[str, FileHistory] = field(default_factory=dict)  # by key "events/x.yml"
    days: list[DayChanges] = field(default_factory=list)  # newest first
    head: Commit | None = None  # the latest commit that touched data/: the data version
    dirty: bool = False  # data/ has uncommitted changes
    shallow: bool = False  # a shallow clone: the oldest dates are not known

    def of_key(self, key: str) -> FileHistory:
        return self.files.get(key) or FileHistory()


def entry_key(entry: Entry) -> str:
    return f"{entry.kind}/{entry.id}.yml"


def split_key(key: str) -> tuple[str, str] | None:
    """'events/x.yml' -> ('events', 'x') for entry files; None for anything else."""
    m = _ENTRY_FILE.match(key)
    if not m or m["kind"] not in ENTRY_TYPES or not re.match(ID_PATTERN, m["id"]):
        return None
    return m["kind"], m["id"]


def _git(data_dir: Path, *args: str) -> str:
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    result = subprocess.run(
        ["git", "-C", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=GIT_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[0] if result.stderr.strip() else f"git {args[0]} failed")
    return result.stdout


def _commit(header: str) -> Commit:
    sha, short, stamp = header.split("\x02")
    date = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC).date()
    return Commit(sha, short, date)


@dataclass(frozen=True)
class GitOutput:
    """The raw output of the three git calls, parsed by the pure functions below."""

    prefix: str  # `git rev-parse --show-prefix`: the data folder inside the repository, e.g. "data/"
    shallow: bool
    log: str  # `git log --name-status -z` in LOG_FORMAT, newest first
    status: str  # `git status --porcelain=v1 -z`


LOG_FORMAT = "%x01%H%x02%h%x02%ct"  # \x01 starts a commit; sha, short sha and commit time split by \x02


def read_git(data_dir: Path) -> GitOutput:
    """Run git (one rev-parse, one log, one status) over data_dir. Raises FileNotFoundError without git,
    RuntimeError or TimeoutExpired when git fails, IndexError on output that is not what rev-parse gives."""
    lines = _git(data_dir, "rev-parse", "--show-prefix", "--is-shallow-repository").split("\n")
    prefix, shallow = lines[0], lines[1] == "true"
    # One log for all of data/: first-parent, so a merged pull request counts from the day it was merged.
    log = _git(
        data_dir,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--name-status",
        "-z",
        f"--format={LOG_FORMAT}",
        "--",
        ".",
    )
    status = _git(data_dir, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    return GitOutput(prefix, shallow, log, status)


def load_history(data_dir: Path | str) -> History:
    """Read the history of data_dir from git. Never raises: without git, returns an empty History."""
    try:
        output = read_git(Path(data_dir))
    except FileNotFoundError:
        return History(reason="git is not installed")
    except (RuntimeError, subprocess.TimeoutExpired, IndexError) as exc:
        return History(reason=f"no git history ({exc})")
    return parse_history(output)


def parse_history(output: GitOutput) -> History:
    """The History that git's output describes (pure: no git call)."""
    history = History(available=True, prefix=output.prefix, shallow=output.shallow)
    commits = parse_log(output.log)
    if commits:
        history.head = commits[0][0]
    history.days = _file_changes(history, commits)
    for path in parse_status(output.status):
        key = _key_of(path, output.prefix)
        if key is not None:
            history.dirty = True
            history.files.setdefault(key, FileHistory()).uncommitted = True
    return history


Change = tuple[str, str]  # (status letter(s) such as "A", "M", "D", path inside the repository)


def parse_log(log: str) -> list[tuple[Commit, list[Change]]]:
    """Commits of `git log --name-status -z` in LOG_FORMAT, in the log's order, each with its changes."""
    commits: list[tuple[Commit, list[Change]]] = []
    for chunk in log.split("\x01")[1:]:
        header, _, rest = chunk.partition("\0")
        fields = rest.lstrip("\n").split("\0")
        changes = [(fields[i], fields[i + 1]) for i in range(0, len(fields) - 1, 2) if fields[i]]
        commits.append((_commit(header), changes))
    return commits


def parse_status(status: str) -> list[str]:
    """Paths of `git status --porcelain=v1 -z`: "XY path\0" records; a rename's second path is skipped."""
    records = status.split("\0")
    paths = []
    i = 0
    while i < len(records):
        rec = records[i]
        i += 1
        if len(rec) < 4:
            continue
        if rec[0] in "RC":
            i += 1
        paths.append(rec[3:])
    return paths


def _key_of(path: str, prefix: str) -> str | None:
    """'data/events/x.yml' -> 'events/x.yml' for paths inside the data folder; None outside it."""
    return path[len(prefix) :] if path.startswith(prefix) else None


def _file_changes(history: History, commits: list[tuple[Commit, list[Change]]]) -> list[DayChanges]:
    """Fill history.files from the commits (newest first) and return the days with changes, newest first."""
    days: dict[dt.date, DayChanges] = {}
    oldest = commits[-1][0] if commits else None
    for commit, changes in commits:
        day = days.setdefault(commit.date, DayChanges(commit.date))
        for status_code, path in changes:
            key = _key_of(path, history.prefix)
            if key is None or split_key(key) is None:
                continue
            fh = history.files.setdefault(key, FileHistory())
            if fh.changed is None and status_code != "D":
                fh.changed = commit
            code = status_code[:1]
            if code == "A":
                if history.shallow and commit == oldest:
                    continue  # the boundary of a shallow clone shows every file as added
                fh.added = commit
                day.added.append(key)
            elif code == "D":
                day.removed.append(key)
            else:
                day.changed.append(key)
    for day in days.values():
        added = set(day.added)
        day.added = sorted(added)
        day.changed = sorted(set(day.changed) - added)
        day.removed = sorted(set(day.removed) - added)
    return [d for d in sorted(days.values(), key=lambda d: d.date, reverse=True) if d.added or d.changed or d.removed]


@dataclass(frozen=True)
class Repository:
    """Where the project's files can be edited: a GitHub repository URL and branch (configuration)."""

    url: str
    branch: str = "main"

    @classmethod
    def from_settings(cls, url: str | None, branch: str | None = None) -> Repository | None:
        url = (url or "").strip().rstrip("/").removesuffix(".git")
        if not re.match(r"^https?://[^\s/]+/\S+$", url):
            return None
        return cls(url, (branch or "").strip() or "main")

    def edit_url(self, path: str) -> str:
        return f"{self.url}/edit/{quote(self.branch)}/{quote(path)}"

    def history_url(self, path: str) -> str:
        return f"{self.url}/commits/{quote(self.branch)}/{quote(path)}"


@dataclass(frozen=True)
class ChangedFile:
    path: str  # inside the repository
    label: str  # the entry type, e.g. "event"
    id: str  # the entry's id, its file name
    entry: Entry | None  # the entry if it is still in the data


class Versions:
    """What templates ask about versions: an entry's dates and links, the changes, the data version."""

    def __init__(self, history: History | None = None, repo: Repository | None = None, data_prefix: str = "data/"):
        self.history = history or History()
        self.repo = repo
        self.data_prefix = data_prefix  # path of the data folder inside the repository, e.g. "data/"

    @classmethod
    def load(cls, data_dir: Path | str, repo: Repository | None = None, use_git: bool = True) -> Versions:
        data_dir = Path(data_dir)
        history = load_history(data_dir) if use_git else History(reason="git history not requested")
        return cls(history, repo, history.prefix if history.available else data_dir.name + "/")

    def of(self, entry: Entry) -> FileHistory:
        return self.history.of_key(entry_key(entry))

    def repo_path(self, entry: Entry) -> str:
        """The entry file's path inside the repository, e.g. data/events/x.yml."""
        return self.key_path(entry_key(entry))

    def key_path(self, key: str) -> str:
        return self.data_prefix + key

    def lookup(self, key: str, dataset: Dataset) -> ChangedFile | None:
        """The entry a changed file holds (None if it is no longer in the data), for the Changes page."""
        parts = split_key(key)
        if parts is None:
            return None
        kind, entry_id = parts
        return ChangedFile(self.key_path(key), ENTRY_TYPES[kind].label, entry_id, dataset.of(kind).get(entry_id))

    def edit_url(self, entry: Entry) -> str | None:
        return self.repo.edit_url(self.repo_path(entry)) if self.repo else None

    def history_url(self, entry: Entry) -> str | None:
        return self.repo.history_url(self.repo_path(entry)) if self.repo else None

    def notes(self, entry: Entry) -> list[tuple[str, Commit | str | None]]:
        """What an entry's versions line shows, in order: ("added", commit), ("changed", commit), ("uncommitted",
        words), ("edit", url), ("history", url). Dates that only repeat the first import of the data say
        nothing: "added" only when the entry came later, "changed" only when it changed after it was added."""
        h, first = self.of(entry), self.first_import
        out: list[tuple[str, Commit | str | None]] = []
        if h.added and h.added.date != first:
            out.append(("added", h.added))
        if h.changed and (not h.added or h.changed.sha != h.added.sha) and h.changed.date != first:
            out.append(("changed", h.changed))
        if h.uncommitted:
            out.append(("uncommitted", "Uncommitted changes" if h.changed else "Not yet committed"))
        edit = self.edit_url(entry)
        if edit:
            out += [("edit", edit), ("history", self.history_url(entry))]
        return out

    def key_history_url(self, key: str) -> str | None:
        return self.repo.history_url(self.key_path(key)) if self.repo else None

    def commit_url(self, commit: Commit) -> str | None:
        return f"{self.repo.url}/commit/{commit.sha}" if self.repo else None

    @property
    def head(self) -> Commit | None:
        return self.history.head

    @property
    def first_import(self) -> dt.date | None:
        """The day of the oldest recorded change: entries added then and never changed since show no dates
        (they would only repeat the first import). None in a shallow clone, whose oldest day is not the first."""
        days = self.history.days
        return days[-1].date if days and not self.history.shallow else None

    @property
    def dirty(self) -> bool:
        return self.history.dirty
