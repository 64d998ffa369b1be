"""Performance figures (issue 23) in one run, as ratios and sizes: the machine is shared, so absolute times mean little.

    make bench                      # real data and 20 x its entries, side by side; 7 timed edits under `make serve`
    .venv/bin/python bench/benchmark.py --repeat 3 --reloads 7 --keep /tmp/bench
    .venv/bin/python bench/benchmark.py --reloads-only          # only the edits under `make serve`
    .venv/bin/python bench/benchmark.py --sizes 500 2000 5000   # also synthetic data of these sizes

For the real data/ and for factor (20) times its listed entries (multiply_real_data: every event, arms deal,
statement and poll written 20 times; actors, sources and themes once) it builds

- full: `mkdocs build` of the project (the hook, the refsite pipeline, the theme);
- plain: `mkdocs build` of a project with the same mkdocs.yml minus the hook, whose docs/ holds the very
  Markdown the pipeline generated (Site.export: same pages, same theme and Markdown extensions),

in turn (full, plain, full, plain …, so that the load weighs on both alike), and reports the ratio full/plain of
CPU seconds (best of --repeat), what the hook adds per entry (full minus plain, ms of CPU, with each pair's
figure to show how much it moves), the hook's own CPU per entry and by event (measured inside the full build by
bench/hook_cpu.py, which runs every build), and the largest built pages; then it runs `make serve`'s `mkdocs serve --dirty` on a copy of the project (a git checkout, all
committed) and times, for --reloads successive edits of one event's title (the first after start included), the
seconds from saving the file to the server giving that event's page with the change (median and first), and the
CPU seconds the server spent on each. With --sizes it also times synthetic data of those sizes (_Synth: mixed
like the real data). Nothing here is a test; targets in docs/maintainers.md, "Performance".
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent  # refsite itself is installed (`pip install -e .`, by make)
HOOK_CPU = Path(__file__).resolve().parent / "hook_cpu.py"  # `mkdocs build` measuring the hooks' own CPU

# The real data's mix (per 114 entry files) and shapes.
MIX = {"actors": 47, "sources": 5, "themes": 9, "events": 37, "arms-deals": 8, "sanctions-statements": 5, "polls": 3}
CLAIMS_PER_ENTRY = {"events": (1, 4), "arms-deals": (1, 3), "sanctions-statements": (1, 2), "polls": (1, 2)}
PARAGRAPHS = 30
WORDS = (
    "Serbia Russia Belgrade Moscow Vučić Putin Kosovo energy gas sanctions visit minister defence "
    "agreement talks report statement government council army exercise delivery Pantsir MiG ammunition "
    "EU accession alignment poll opinion veto pipeline NIS Gazprom Šojgu Lavrov summit cooperation "
    "relations history Yugoslavia Tito partisans Ukraine invasion neutrality treaty loan"
).split()


def sentence(rng: random.Random, n_chars: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < n_chars:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


@dataclass
class Counts:
    total: int

    def of(self, kind: str) -> int:
        if kind == "themes":
            return MIX["themes"]  # themes are the site's editorial sections: as many as now, however much data
        return max(1, round((self.total - MIX["themes"]) * MIX[kind] / (sum(MIX.values()) - MIX["themes"])))


class _Synth:
    """Writes one synthetic data/ folder; one method per kind keeps each part readable."""

    def __init__(self, data: Path, counts: Counts, seed: int) -> None:
        self.data, self.counts, self.rng = data, counts, random.Random(seed)
        self.sources = [f"source-{i}" for i in range(counts.of("sources"))]
        self.video = {s for i, s in enumerate(self.sources) if i % 5 == 4}  # a fifth are videos (timestamps)
        self.actors = [f"actor-{i}" for i in range(counts.of("actors"))]
        self.themes = [f"theme-{i}" for i in range(counts.of("themes"))]

    def citation(self) -> dict[str, str]:
        rng = self.rng
        src = rng.choice(self.sources)
        quote = sentence(rng, rng.randint(30, 120)).rstrip(".")  # every citation carries its passage
        if src in self.video:
            return {"source": src, "locator": f"00:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}", "quote": quote}
        return {"source": src, "locator": f"¶{rng.randint(1, PARAGRAPHS)}", "quote": quote}

    def claims(self, lo: int, hi: int) -> list[dict[str, Any]]:
        rng = self.rng
        return [
            {
                "text": sentence(rng, rng.randint(80, 200)),
                "citations": [self.citation() for _ in range(1 if rng.random() < 0.9 else 2)],
            }
            for _ in range(rng.randint(lo, hi))
        ]

    def date(self) -> str:
        rng = self.rng
        y = rng.randint(1990, 2024)
        return rng.choice(
            [f"{y}", f"{y}-{rng.randint(1, 12):02d}", f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
        )

    def write(self, kind: str, entry_id: str, doc: dict[str, Any]) -> None:
        (self.data / kind / f"{entry_id}.yml").write_text(
            yaml.safe_dump({"version": 2, **doc}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )

    @staticmethod
    def stated(doc: dict[str, Any]) -> dict[str, str]:
        """Format 2: a date's basis; here the passage of the entry's first citation states it."""
        cit = doc["claims"][0]["citations"][0]
        return {"basis": "stated", "source": cit["source"], "locator": cit["locator"], "quote": cit["quote"]}

    def common(self, kind: str) -> dict[str, Any]:
        rng = self.rng
        return {
            "themes": rng.sample(self.themes, min(len(self.themes), rng.randint(1, 3))),
            "actors": rng.sample(self.actors, min(len(self.actors), rng.randint(2, 5))),
            "claims": self.claims(*CLAIMS_PER_ENTRY[kind]),
        }

    def write_sources(self) -> None:
        for i, sid in enumerate(self.sources):
            video = sid in self.video
            doc: dict[str, Any] = {
                "title": sentence(self.rng, 50),
                "publisher": f"Publisher {i % 40}",
                "type": "video-lecture" if video else "independent-outlet",
                "format": "video" if video else "article",
                "language": "en",
                "machine_translation": "no",
                "text_held": "whole",
                "published": self.date(),
                "published_basis": "page",
                "urls": [{"url": f"https://example.org/{sid}"}],
                "description": sentence(self.rng, 200),
            }
            if video:
                doc.update(locators="timestamp", video={"id": f"vid{i:08d}"})
            else:
                doc.update(locators="paragraph", paragraphs=PARAGRAPHS)
            self.write("sources", sid, doc)

    def write_actors_and_themes(self) -> None:
        rng = self.rng
        for i, aid in enumerate(self.actors):
            doc: dict[str, Any] = {
                "name": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}",
                "aliases": [f"Alias {i}"],
                "type": rng.choice(["person", "state", "organisation", "government-body", "company", "media"]),
            }
            if rng.random() < 0.45:
                doc["roles"] = [{"title": sentence(rng, 30), "citations": [self.citation()]}]
            self.write("actors", aid, doc)
        for i, tid in enumerate(self.themes):
            self.write(
                "themes",
                tid,
                {
                    "title": f"Theme {i}: {sentence(rng, 20)}",
                    "description": sentence(rng, 160),
                    "order": i,
                    "overview": self.claims(3, 4),
                },
            )

    def write_events_and_deals(self) -> None:
        rng = self.rng
        for i in range(self.counts.of("events")):
            doc = {
                "title": sentence(rng, 60),
                "kind": "happening" if i % 8 else "state",
                "date": self.date(),
                **self.common("events"),
            }
            self.write("events", f"event-{i}", {**doc, "date_basis": self.stated(doc)})
        for i in range(self.counts.of("arms-deals")):
            doc = {
                # As in the real data, a handful of states supply and receive arms.
                "title": sentence(rng, 50),
                "supplier": rng.choice(self.actors[:4]),
                "recipient": rng.choice(self.actors[4:7]),
                "system": "System " + rng.choice(WORDS),
                "designation": f"S-{i}",
                "category": rng.choice(["aircraft", "drones", "tanks", "other"]),
                "deal_type": "purchase",
                "ordered": self.date(),
                "status": "reported",
                **self.common("arms-deals"),
            }
            self.write("arms-deals", f"deal-{i}", {**doc, "ordered_basis": self.stated(doc)})

    def write_statements_and_polls(self) -> None:
        rng = self.rng
        for i in range(self.counts.of("sanctions-statements")):
            doc = {
                "title": sentence(rng, 60),
                "speaker": rng.choice(self.actors),
                "date": self.date(),
                "stance": "hedges",
                **self.common("sanctions-statements"),
            }
            self.write("sanctions-statements", f"statement-{i}", {**doc, "date_basis": self.stated(doc)})
        for i in range(self.counts.of("polls")):
            doc = {"title": sentence(rng, 50), "fieldwork": self.date(), **self.common("polls")}
            doc["fieldwork_basis"] = self.stated(doc)
            if i % 3 == 0:  # numbers only where a source gives them, each stated by a claim
                doc["claims"][0]["text"] += " 55.5% said yes and 44.5% no."
                doc["results"] = [
                    {"question": f"series-{i % 7}", "answer": "Yes", "share": 55.5, "claim": 1},
                    {"question": f"series-{i % 7}-no", "answer": "No", "share": 44.5, "claim": 1},
                ]
            self.write("polls", f"poll-{i}", doc)


def generate_data(data: Path, n: int, seed: int = 1) -> dict[str, int]:
    """Write a valid synthetic data/ of about n entry files; returns the count per kind."""
    shutil.rmtree(data, ignore_errors=True)
    for kind in MIX:
        (data / kind).mkdir(parents=True)
    synth = _Synth(data, Counts(n), seed)
    synth.write_sources()
    synth.write_actors_and_themes()
    synth.write_events_and_deals()
    synth.write_statements_and_polls()
    return {kind: len(list((data / kind).iterdir())) for kind in MIX}


# The kinds listed on shared pages (the Timeline, arms deals, statements, polls): what grows as sources are added.
MULTIPLIED = ("events", "arms-deals", "sanctions-statements", "polls")


# Words that make each copy's texts its own (letters only, so that no figure or year is added to a claim).
COPY_WORDS = (
    "Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima Mike November Oscar Papa Quebec Romeo "
    "Sierra Tango Uniform Victor Whiskey Xray Yankee Zulu"
).split()


def copy_word(k: int) -> str:
    """The word marking copy k (2, 3 …): Bravo … Zulu, then Bravo Bravo, Bravo Charlie …"""
    n = len(COPY_WORDS)
    i = k - 2
    return COPY_WORDS[i % n] if i < n else f"{COPY_WORDS[i // n - 1]} {COPY_WORDS[i % n]}"


def _distinct(text: str, word: str) -> str:
    """The entry file with its title, claim texts and notes ending in " (word)", the rest byte for byte as it is
    (each value is rewritten in place as a double-quoted scalar): caches keyed by text (escaping, search words)
    then save no more than with as many real entries, whose texts differ. Quotes, dates, citations and
    references are the real ones, so every check runs as on the real data."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    values = []
    for key, value in root.value if root is not None else ():
        if key.value in ("title", "notes") and isinstance(value, yaml.ScalarNode):
            values.append(value)
        elif key.value == "claims" and isinstance(value, yaml.SequenceNode):
            for claim in value.value:
                values += [v for k, v in claim.value if k.value == "text" and isinstance(v, yaml.ScalarNode)]
    for node in sorted(values, key=lambda n: n.start_mark.index, reverse=True):
        start, end = node.start_mark.index, node.end_mark.index
        tail = re.search(r"\s*$", text[start:end])  # a block scalar ends at the next line's indentation
        marked = json.dumps(f"{node.value.rstrip()} ({word})", ensure_ascii=False)
        text = text[:start] + marked + (tail.group() if tail else "") + text[end:]
    return text


def multiply_real_data(data: Path, target: Path, factor: int) -> dict[str, int]:
    """A copy of the real data/ with every entry of MULTIPLIED written factor times (the copies' ids end in
    -x2, -x3 …; actors, sources, themes and questions once): pages sized as with factor times the entries, with
    the real dates, quotes and citations. Each copy's title, claim texts and notes end in its own word (Bravo,
    Charlie …), so that no cache keyed by text flatters the figures. Returns the count per kind."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(data, target)
    for kind in MULTIPLIED:
        for path in sorted((data / kind).glob("*.yml")):
            text = path.read_text(encoding="utf-8")
            for k in range(2, factor + 1):
                (target / kind / f"{path.stem}-x{k}.yml").write_text(_distinct(text, copy_word(k)), encoding="utf-8")
    return {kind.name: len(list(kind.glob("*.yml"))) for kind in sorted(target.iterdir()) if kind.is_dir()}


def make_project(target: Path, n: int) -> dict[str, int]:
    """A copy of the project (code linked) with n synthetic entries."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("docs", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name)
    for name in ("hooks", "refsite"):
        (target / name).symlink_to(ROOT / name)
    return generate_data(target / "data", n)


def make_plain_project(full: Path, target: Path) -> int:
    """Same mkdocs.yml without the hook; docs/ = what the hook would publish (Site.export): the hand-written
    pages expanded, the generated pages and files, every page with its "Cite this page"."""
    from refsite.site import Site

    site = Site(full / "data", use_git=False)
    target.mkdir(parents=True, exist_ok=True)
    config = (full / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(hooks|watch):\n(?:  - .*\n)+", "", config, flags=re.M)
    config += "\nnot_in_nav: |\n  /actors/*/\n  /sources/*/\n  /themes/*/\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    if (full / "overrides").exists():
        shutil.copytree(full / "overrides", target / "overrides")
    written = site.export(target / "docs", full / "docs")
    hand_written = sum(1 for _ in (full / "docs").rglob("*.md"))
    return sum(1 for rel in written if rel.endswith(".md")) - hand_written  # the generated pages


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system CPU seconds of the build process: steadier on a shared machine
    peak_mb: float
    hook_cpu: dict[str, float] = field(default_factory=dict)  # CPU inside the hooks, by event, and their import

    @property
    def hook_total(self) -> float:
        return sum(self.hook_cpu.values())


def build(project: Path, out: Path) -> Run:
    """One `mkdocs build` in a fresh process: wall time and peak RSS of that process alone."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # Our code's bytecode is written and reused, as on an editor's machine after the first build (a shell with
    # PYTHONDONTWRITEBYTECODE would have every build compile refsite afresh: 0.3 s of CPU counted as the hook's).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    measured = out.with_name(out.name + "-hook-cpu.json")  # what bench/hook_cpu.py measured inside the build
    start = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HOOK_CPU),
            str(measured),
            "build",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert proc.stderr is not None  # stderr=PIPE
    stderr = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{stderr[-3000:]}")
    hook = json.loads(measured.read_text(encoding="utf-8"))
    measured.unlink()
    return Run(
        seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, {"import": hook["import"], **hook["events"]}
    )


def best(runs: list[Run]) -> Run:
    """The best of each figure (the least disturbed by the machine's other work); the hooks' CPU of the run whose
    own total is least."""
    hook = min(runs, key=lambda r: r.hook_total).hook_cpu
    return Run(min(r.seconds for r in runs), min(r.cpu for r in runs), max(r.peak_mb for r in runs), hook)


def side_by_side(full: Path, plain: Path, work: Path, repeat: int) -> tuple[Run, Run, list[float]]:
    """Full and plain builds taken in turn (full, plain, full, plain …), so that the machine's load weighs on
    both alike; the best of each, and each pair's difference of CPU seconds (full minus plain), to show how much
    the difference of the best two moves from run to run."""
    runs: list[tuple[Run, Run]] = []
    for _ in range(repeat):
        runs.append((build(full, work / f"site-{full.name}"), build(plain, work / f"site-{plain.name}")))
    return best([f for f, _ in runs]), best([p for _, p in runs]), [f.cpu - p.cpu for f, p in runs]


def largest_pages(site: Path, n: int = 3) -> list[tuple[int, str]]:
    sizes = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)
    return sizes[:n]


def copy_project(target: Path) -> Path:
    """A copy of the project (code linked) with the real data/."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("docs", "overrides", "data"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("hooks", "refsite"):
        (target / name).symlink_to(ROOT / name)
    return target


@dataclass
class Reload:
    seconds: float  # from saving the edit to the server giving the page with the change
    cpu: float  # CPU seconds the server process spent meanwhile: the rebuild's cost, steadier on a shared machine


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a running process so far (Linux /proc); 0.0 where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def commit_all(project: Path) -> None:
    """Make project a git repository with everything committed, as a checkout is (the footer's data version,
    entries' dates; an edit then makes its file uncommitted)."""
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org")
    env.update(GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "data"]):
        git = ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args]
        subprocess.run(git, cwd=project, env=env, check=True, capture_output=True, timeout=120)


def reload_times(project: Path, edits: int, port: int = 8765, engine: str = "mkdocs") -> list[Reload]:
    """`make serve` (`mkdocs serve --dirty`) on project, a git checkout: for each of edits successive edits to one
    event's title (the first one after start included), the seconds from saving the file to the server giving
    the event's page with the change, as a browser showing the page gets it (its livereload script waits for a
    newer build, then loads the page again: one request, where polling the page would load the server), and the
    CPU seconds the server spent meanwhile."""
    import urllib.request

    from refsite.dataset import load_dataset
    from refsite.index import build_index, built_path

    index = build_index(load_dataset(project / "data"))
    event = index.events[len(index.events) // 2]
    url = f"http://127.0.0.1:{port}/" + built_path(index.view(event).page)
    path = project / "data" / "events" / f"{event.id}.yml"
    original = path.read_text(encoding="utf-8")
    commit_all(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", engine, "serve", "--livereload", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8", "replace"))
        except OSError:
            return ""

    def newer_than(epoch: str) -> str:
        """As the browser's livereload script waits: the server answers when a build newer than epoch is done."""
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload/{epoch}/1", timeout=130) as response:
            return str(response.read().decode("ascii"))

    times = []
    try:
        deadline = time.monotonic() + 300
        while event.id not in page():  # the first build
            if time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.2)
        for n in range(edits):
            marker = f"edited {'abcdefghij'[n % 10] * (n // 10 + 1)}"
            doc = yaml.safe_load(original)
            doc["title"] = f"{doc['title']} ({marker})"
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
            time.sleep(1)  # the server is idle: the watcher's settling and the last request are over
            shown = re.search(r"livereload\((\d+),", page())  # the page open in the browser, and its build
            if shown is None:
                raise SystemExit("the server did not add its livereload script")
            epoch = shown.group(1)
            cpu, start = cpu_seconds(server.pid), time.monotonic()
            path.write_text(text, encoding="utf-8")
            while True:  # the browser's script waits for a newer build, then reloads the page
                epoch = newer_than(epoch)
                if f"({marker})" in page():
                    break
                if time.monotonic() - start > 120:
                    raise SystemExit("the edit did not show within 120 s")
            times.append(Reload(time.monotonic() - start, cpu_seconds(server.pid) - cpu))
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return times


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def report(work: Path, repeat: int, factor: int, reloads: int) -> None:
    """The figures of issue 23 in one run, as ratios and sizes: the real data and factor times its entries,
    each built in full and as plain MkDocs on the same generated pages, side by side; the hook's CPU per entry;
    the largest pages; the reload time of `make serve`."""
    real = copy_project(work / "real")
    grown = copy_project(work / f"x{factor}")
    counts = multiply_real_data(ROOT / "data", grown / "data", factor)
    rows = []
    for name, project in (("real data", real), (f"{factor} x the real entries", grown)):
        plain = work / f"plain-{project.name}"
        shutil.rmtree(plain, ignore_errors=True)
        make_plain_project(project, plain)
        full_run, plain_run, pairs = side_by_side(project, plain, work, repeat)
        entries = sum(1 for _ in (project / "data").rglob("*.yml"))
        rows.append((name, entries, full_run, plain_run, pairs, largest_pages(work / f"site-{project.name}")))
    print(f"Issue 23 figures ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; full and plain builds")
    print(f"taken in turn, best of {repeat}; CPU seconds of the build process):\n")
    print(
        "| Data | Entries | Full / plain (CPU) | Hook: ms CPU per entry (full minus plain; each pair) "
        "| Hook's own: ms CPU per entry | Largest pages (KB) |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for name, entries, f, p, pairs, pages in rows:
        largest = ", ".join(f"{rel.removesuffix('index.html') or '/'} {size // 1000:,}" for size, rel in pages)
        each = ", ".join(f"{1000 * d / entries:.2f}" for d in pairs)
        print(
            f"| {name} | {entries:,} | {f.cpu / p.cpu:.2f} ({f.cpu:.1f} / {p.cpu:.1f} s) "
            f"| {1000 * (f.cpu - p.cpu) / entries:.2f} ({each}) | {1000 * f.hook_total / entries:.2f} | {largest} |"
        )
    print(
        "\nThe hook's own CPU is measured inside the full build (bench/hook_cpu.py: its import and its event "
        "handlers); full minus plain also holds what the hook saves plain MkDocs (reading the generated pages and "
        "files from disk) and what it costs outside its handlers. The hook's own CPU by event, in seconds:\n"
    )
    for name, entries, f, p, _pairs, _pages in rows:
        print(hook_summary(name, entries, f, p))
    print(
        f"\n{factor} x: {counts.get('events', 0):,} events, {counts.get('arms-deals', 0):,} arms deals, "
        f"{counts.get('polls', 0):,} polls, {counts.get('sanctions-statements', 0):,} statements."
    )
    if reloads:
        report_reloads(work, reloads)


def hook_summary(name: str, entries: int, full: Run, plain: Run) -> str:
    """The hook's own CPU of a data size: in all, as a share of the plain build's CPU on the same pages and beside
    plain MkDocs' CPU per entry (milliseconds per entry measure the machine as well as the code; the share moves
    far less from machine to machine), then by event."""
    shown = sorted(((e, cpu) for e, cpu in full.hook_cpu.items() if cpu >= 0.005), key=lambda kv: -kv[1])
    parts = ", ".join(f"{event} {cpu:.2f}" for event, cpu in shown) + ", the others under 0.01"
    return (
        f"- {name}: {full.hook_total:.2f} s, {100 * full.hook_total / plain.cpu:.1f} % of the plain build's "
        f"{plain.cpu:.1f} s (plain MkDocs: {1000 * plain.cpu / entries:.1f} ms per entry) ({parts})"
    )


def report_reloads(work: Path, reloads: int, engine: str = "mkdocs") -> None:
    """The preview's figures: save -> page served, median and first edit; the server's CPU per edit."""
    times = reload_times(copy_project(work / "serve"), reloads, engine=engine)
    seconds = [t.seconds for t in times]
    print(
        f"\n`make serve` ({engine}), save -> page served with the change, {len(times)} edits of one event (load average "
        f"{os.getloadavg()[0]:.1f}): median {median(seconds):.2f} s, first {seconds[0]:.2f} s "
        f"(all: {', '.join(f'{t:.2f}' for t in seconds)}); the server's CPU per edit: median "
        f"{median([t.cpu for t in times]):.2f} s (all: {', '.join(f'{t.cpu:.2f}' for t in times)})."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[], help="also synthetic data of these sizes (e.g. 500 2000 5000)"
    )
    parser.add_argument("--factor", type=int, default=20, help="the real entries written this many times")
    parser.add_argument("--reloads", type=int, default=7, help="edits timed under `make serve` (0: none)")
    parser.add_argument("--reloads-only", action="store_true", help="only the edits under `make serve`, no builds")
    parser.add_argument("--engine", default="mkdocs", help="serve with mkdocs or properdocs (--reloads-only)")
    parser.add_argument("--repeat", type=int, default=2, help="builds per measurement; the best time counts")
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="refsite-bench-"))
    rows = []
    try:
        if args.reloads_only:
            report_reloads(work, args.reloads, args.engine)
            return 0
        report(work, args.repeat, args.factor, args.reloads)
        if not args.sizes:
            return 0
        # Cold: no bytecode of our code and a fresh output folder, as on a clean clone in CI or on Pages (there
        # is no other cache: charts are drawn on every build). Warm: the best of the builds after it.
        for folder in ("refsite", "hooks"):
            shutil.rmtree(ROOT / folder / "__pycache__", ignore_errors=True)
        real_cold = build(ROOT, work / "real-site")
        real = best([build(ROOT, work / "real-site") for _ in range(args.repeat)])
        real_plain = work / "plain-real"
        make_plain_project(ROOT, real_plain)
        real_p = best([build(real_plain, work / "site-plain-real") for _ in range(args.repeat)])
        print(f"real data/: {real.seconds:.2f} s ({real.cpu:.2f} s CPU), peak {real.peak_mb:.0f} MB", file=sys.stderr)
        for n in args.sizes:
            full = work / f"full-{n}"
            shutil.rmtree(full, ignore_errors=True)
            counts = make_project(full, n)
            plain = work / f"plain-{n}"
            shutil.rmtree(plain, ignore_errors=True)
            pages = make_plain_project(full, plain)
            f = best([build(full, work / f"site-full-{n}") for _ in range(args.repeat)])
            p = best([build(plain, work / f"site-plain-{n}") for _ in range(args.repeat)])
            entries = sum(counts.values())
            claims = sum(
                len(re.findall(r"^\s*- text:", file.read_text(encoding="utf-8"), re.M))
                for file in (full / "data").rglob("*.yml")
            )
            html = sum(1 for _ in (work / f"site-full-{n}").rglob("*.html"))
            rows.append((entries, claims, pages, html, f, p))
            print(
                f"{entries} entries: full {f.seconds:.2f} s ({f.cpu:.2f} CPU), plain {p.seconds:.2f} s "
                f"({p.cpu:.2f} CPU), ratio {f.seconds / p.seconds:.2f} ({f.cpu / p.cpu:.2f} CPU)",
                file=sys.stderr,
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"Real data ({sum(1 for _ in (ROOT / 'data').rglob('*.yml'))} entries): full build cold "
        f"{real_cold.seconds:.2f} s ({real_cold.cpu:.2f} s CPU), warm {real.seconds:.2f} s ({real.cpu:.2f} s CPU), "
        f"peak memory {real.peak_mb:.0f} MB; plain MkDocs on the same generated Markdown {real_p.seconds:.2f} s "
        f"({real_p.cpu:.2f} s CPU): ratio {real.seconds / real_p.seconds:.2f} ({real.cpu / real_p.cpu:.2f} CPU).\n"
    )
    print(
        "| Entries | Claims | Pages | Full build: s (CPU s) | ms/entry (CPU) | Plain MkDocs: s (CPU s) "
        "| ms/entry (CPU) | Ratio full/plain (CPU) | Hook: CPU s (ms/entry) | Peak memory full / plain (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for entries, claims, _pages, html, f, p in rows:
        print(
            f"| {entries:,} | {claims:,} | {html:,} | {f.seconds:.1f} ({f.cpu:.1f}) | {1000 * f.cpu / entries:.1f} "
            f"| {p.seconds:.1f} ({p.cpu:.1f}) | {1000 * p.cpu / entries:.1f} "
            f"| {f.seconds / p.seconds:.2f} ({f.cpu / p.cpu:.2f}) "
            f"| {f.cpu - p.cpu:.1f} ({1000 * (f.cpu - p.cpu) / entries:.1f}) | {f.peak_mb:.0f} / {p.peak_mb:.0f} |"
        )
    print(
        f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}; "
        f"best of {args.repeat} builds each; per-entry cost and ratio from CPU time."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
