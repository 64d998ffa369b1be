"""Charts drawn at build time as static SVG with matplotlib: no chart code ever reaches the browser.

Each chart is a `Chart`: an SVG per colour scheme (light and dark, so a chart matches the page), a title
and a text alternative written from the same numbers, and the table of those numbers that the page shows
next to it. Every SVG carries <title> and <desc> and role="img", so it stays accessible when opened alone.

- events per decade, by theme (a grid of counts: an event may belong to several themes);
- arms transfers per year, by supplier and status (one panel per supplier);
- poll results, for every poll whose source gives numbers.

Output is deterministic (fixed ids, no dates in the files), so an unchanged dataset gives unchanged files.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
import hashlib
import io
import json
import os
from pathlib import Path
import re
import xml.etree.ElementTree as ET

from .models import Poll

CHART_DIR = "charts"
CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "charts"  # git-ignored
CACHE_MAX_FILES = 400
SCHEMES = ("light", "dark")
NOT_STATED = "year not stated"

# Okabe–Ito: distinguishable with the common forms of colour blindness; status is also shown by hatching.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]

THEME_COLOURS = {
    # background and text match Material's default and slate schemes; grid and accents keep 4.5:1 for text.
    "light": {"bg": "#ffffff", "fg": "#1f1f1f", "muted": "#5f6368", "grid": "#d0d4da", "heat": ("#ffffff", "#0b3d91"),
              "edge": "#1f1f1f"},
    "dark": {"bg": "#1e2129", "fg": "#e2e4e9", "muted": "#b4b8c2", "grid": "#3b4150", "heat": ("#1e2129", "#9ecbff"),
             "edge": "#e2e4e9"},
}

_SVG_NS = "http://www.w3.org/2000/svg"
for _prefix, _uri in {"": _SVG_NS, "xlink": "http://www.w3.org/1999/xlink"}.items():
    ET.register_namespace(_prefix, _uri)


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list]
    text_columns: int = 1  # leading columns of text (left-aligned); the rest are numbers (right-aligned)


@dataclass
class Chart:
    id: str
    title: str
    description: str  # the text alternative: what the chart shows and what stands out
    table: Table
    svg: dict[str, str] = field(default_factory=dict)  # scheme -> SVG text
    size: tuple[int, int] = (0, 0)  # width, height in CSS pixels

    def path(self, scheme: str) -> str:
        return f"{CHART_DIR}/{self.id}-{scheme}.svg"

    alt: str = "Chart"  # short, fixed text; the description is shown beside the chart (aria-describedby)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# --------------------------------------------------------------------------- drawing

def _figure(width: float, height: float, scheme: str):
    # Imported here: pages that draw no chart (and `refsite validate`) never pay for importing matplotlib.
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({
        "svg.fonttype": "none",  # text stays text: selectable, small, in the reader's sans-serif font
        "svg.hashsalt": "refsite",  # stable ids, so unchanged data gives unchanged files
        "font.family": "sans-serif",
        "font.size": 10,
    })
    c = THEME_COLOURS[scheme]
    fig = Figure(figsize=(width, height), facecolor=c["bg"])
    return fig, c


def _style_axes(ax, c) -> None:
    ax.set_facecolor(c["bg"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(c["muted"])
    ax.tick_params(colors=c["fg"], labelcolor=c["fg"])
    ax.yaxis.label.set_color(c["fg"])
    ax.xaxis.label.set_color(c["fg"])
    ax.title.set_color(c["fg"])


def _svg(fig, chart: Chart) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                facecolor=fig.get_facecolor())
    return accessible_svg(buf.getvalue(), chart)


def accessible_svg(svg_text: str, chart: Chart) -> str:
    """Give matplotlib's SVG a <title>, a <desc>, role="img" and a language; drop its RDF metadata."""
    root = ET.fromstring(svg_text.encode("utf-8"))
    for meta in root.findall(f"{{{_SVG_NS}}}metadata"):
        root.remove(meta)
    title = ET.Element(f"{{{_SVG_NS}}}title", {"id": f"{chart.id}-title"})
    title.text = chart.title
    desc = ET.Element(f"{{{_SVG_NS}}}desc", {"id": f"{chart.id}-desc"})
    desc.text = chart.description
    root.insert(0, desc)
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart.id}-title {chart.id}-desc")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    return ET.tostring(root, encoding="unicode") + "\n"


def _cache_key(chart: Chart, scheme: str) -> str:
    """Everything a drawing depends on: the chart's numbers and texts, this module's code, matplotlib's version."""
    from importlib.metadata import version

    parts = [chart.id, chart.title, chart.description, chart.alt, chart.table.caption, chart.table.headers,
             chart.table.rows, scheme, version("matplotlib"), hashlib.sha256(Path(__file__).read_bytes()).hexdigest()]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _render(chart: Chart, draw, cache: bool = True) -> Chart:
    """Draw the chart in each scheme, or take the drawing from the cache when nothing it depends on changed.

    Drawing (and importing matplotlib) is most of a small build's time; the cache (.cache/charts/, keyed by
    a hash of every input) makes an unchanged chart free. Output is deterministic, so a cached file is
    byte-for-byte what drawing would give. REFSITE_CHART_CACHE=0 turns it off."""
    use_cache = cache and os.environ.get("REFSITE_CHART_CACHE", "1") != "0"
    for scheme in SCHEMES:
        path = CACHE_DIR / f"{_cache_key(chart, scheme)}.json" if use_cache else None
        if path is not None and path.is_file():
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                chart.svg[scheme], chart.size = stored["svg"], tuple(stored["size"])
                continue
            except (OSError, ValueError, KeyError):
                pass  # a damaged entry is drawn again
        fig = draw(scheme)
        chart.svg[scheme] = _svg(fig, chart)
        chart.size = _pixels(fig)
        if path is not None:
            _cache_put(path, {"svg": chart.svg[scheme], "size": list(chart.size)})
    return chart


def _cache_put(path: Path, value: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)  # atomic: parallel builds never read half a file
        entries = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-CACHE_MAX_FILES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only checkout simply draws every time


def _pixels(fig) -> tuple[int, int]:
    w, h = fig.get_size_inches()
    return round(w * 96), round(h * 96)  # matplotlib writes pt (72/in); CSS pixels are 96/in


# --------------------------------------------------------------------------- events per decade by theme

def events_by_decade(index, cache: bool = True) -> Chart | None:
    events = index.events
    if not events:
        return None
    # Only decades with events: the events span two centuries with long empty stretches, and a column for
    # every decade would shrink the grid to illegibility. Caption, text and table say so.
    decades = sorted({(e.date.year // 10) * 10 for e in events})
    themes = [t for t in index.themes if any(t.id in e.themes for e in events)]
    counts = {t.id: Counter() for t in themes}
    totals: Counter = Counter()
    for e in events:
        decade = (e.date.year // 10) * 10
        totals[decade] += 1
        for tid in dict.fromkeys(e.themes):
            if tid in counts:
                counts[tid][decade] += 1

    busiest = max(decades, key=lambda d: (totals[d], d))
    per_theme = sorted(themes, key=lambda t: -sum(counts[t.id].values()))
    description = (
        f"A grid of {len(themes)} themes by the {len(decades)} decades that have events, from the {decades[0]}s "
        f"to the {decades[-1]}s, giving the number of events on the timeline for each theme in each decade. "
        f"{_plural(len(events), 'event')} in all; the {busiest}s have the most ({totals[busiest]}). "
        f"The theme with the most events is {per_theme[0].title} ({sum(counts[per_theme[0].id].values())}). "
        "An event can belong to several themes, so the rows add up to more than the number of events."
    )
    shown = decades
    table = Table(
        caption="Events per decade, by theme (decades without events are left out)",
        headers=["Theme", *[f"{d}s" for d in shown], "Total"],
        rows=[[t.title, *[counts[t.id][d] for d in shown], sum(counts[t.id].values())] for t in themes]
        + [["All events", *[totals[d] for d in shown], len(events)]],
    )
    chart = Chart("events-by-decade-and-theme", "Events per decade, by theme (decades without events left out)",
                  description, table, alt="Chart of the number of events per decade, by theme")

    def draw(scheme: str):
        from matplotlib.colors import LinearSegmentedColormap

        width = 2.6 + 0.5 * len(decades)
        height = 0.75 + 0.34 * len(themes)
        fig, c = _figure(width, height, scheme)
        ax = fig.add_axes((2.45 / width, 0.45 / height, 1 - 2.55 / width, 1 - 0.55 / height))
        _style_axes(ax, c)
        matrix = [[counts[t.id][d] for d in decades] for t in themes]
        top = max(max(row) for row in matrix) or 1
        cmap = LinearSegmentedColormap.from_list("refsite", list(c["heat"]))
        import numpy as np

        # Empty cells stay background; the scale starts below 1 so that a single event is visibly tinted.
        ax.imshow(np.ma.masked_equal(np.array(matrix), 0), cmap=cmap, vmin=-0.35 * top, vmax=top, aspect="auto")
        for y, row in enumerate(matrix):
            for x, n in enumerate(row):
                if n:
                    strong = (n + 0.35 * top) / (1.35 * top) > 0.6
                    ax.text(x, y, str(n), ha="center", va="center", fontsize=9,
                            color=c["bg"] if strong else c["fg"])
        ax.set_xticks(range(len(decades)), [f"{d}s" for d in decades], fontsize=9)
        ax.set_yticks(range(len(themes)), [t.title for t in themes], fontsize=9)
        ax.set_xticks([x - 0.5 for x in range(1, len(decades))], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, len(themes))], minor=True)
        ax.grid(which="minor", color=c["grid"], linewidth=0.6)
        ax.tick_params(which="minor", length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        return fig

    return _render(chart, draw, cache)


# --------------------------------------------------------------------------- arms transfers

def arms_by_year(index, cache: bool = True) -> Chart | None:
    deals = index.arms_deals
    if not deals:
        return None
    actors = index.dataset.of("actors")

    def name(actor_id: str) -> str:
        a = actors.get(actor_id)
        return a.name if a else actor_id

    years = sorted({d.date.year for d in deals if d.date})
    columns: list = list(range(years[0], years[-1] + 1)) if years else []
    undated = [d for d in deals if not d.date]
    if undated:
        columns.append(NOT_STATED)
    suppliers = sorted({d.supplier for d in deals}, key=lambda s: (-sum(d.supplier == s for d in deals), name(s)))
    statuses = sorted({d.status for d in deals}, key=lambda s: (-sum(d.status == s for d in deals), s))
    counts: dict[tuple, int] = defaultdict(int)
    for d in deals:
        counts[(d.supplier, d.status, d.date.year if d.date else NOT_STATED)] += 1

    parts = []
    for s in suppliers:
        n = sum(d.supplier == s for d in deals)
        by_status = Counter(d.status for d in deals if d.supplier == s)
        parts.append(f"{name(s)}: {n} (" + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())) + ")")
    description = (
        f"Bar charts, one per supplier, of the number of arms transfers by year and status: "
        f"{_plural(len(deals), 'transfer')} in all. " + "; ".join(parts) + ". "
        + (f"{len(undated)} have no year in the sources and are shown apart. " if undated else "")
        + "The year is the year of delivery, order or report, whichever the sources give; for a period, its first year."
    )
    table = Table(
        caption="Arms transfers per year, by supplier and status", text_columns=2,
        headers=["Supplier", "Status", *[str(col) for col in columns], "Total"],
        rows=[[name(s), st, *[counts[(s, st, col)] for col in columns], sum(counts[(s, st, col)] for col in columns)]
              for s in suppliers for st in statuses if any(counts[(s, st, col)] for col in columns)],
    )
    chart = Chart("arms-transfers-by-year", "Arms transfers per year, by supplier and status", description, table,
                  alt="Chart of the number of arms transfers per year, by supplier and status")

    top = max(sum(counts[(s, st, col)] for st in statuses) for s in suppliers for col in columns)
    def draw(scheme: str):
        width = max(6.5, 2.6 + 0.85 * len(columns))
        height = 1.0 + 1.45 * len(suppliers)
        fig, c = _figure(width, height, scheme)
        axes = fig.subplots(len(suppliers), 1, sharex=True, squeeze=False)[:, 0]
        fig.subplots_adjust(left=0.8 / width, right=1 - 1.5 / width, top=1 - 0.4 / height,
                            bottom=0.6 / height, hspace=0.55)
        xs = range(len(columns))
        for ax, s in zip(axes, suppliers):
            _style_axes(ax, c)
            bottom = [0] * len(columns)
            for i, st in enumerate(statuses):
                values = [counts[(s, st, col)] for col in columns]
                ax.bar(xs, values, bottom=bottom, color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)],
                       edgecolor=c["bg"], linewidth=0.8, label=st, width=0.7)
                bottom = [b + v for b, v in zip(bottom, values)]
            for x, total in zip(xs, bottom):
                if total:
                    ax.text(x, total + 0.05 * top, str(total), ha="center", va="bottom", fontsize=8, color=c["fg"])
            ax.set_ylim(0, top * 1.35)
            ax.set_yticks(range(0, top + 1, max(1, top // 3)))
            ax.set_title(f"Supplier: {name(s)}", loc="left", fontsize=10, color=c["fg"])
            ax.grid(axis="y", color=c["grid"], linewidth=0.6)
            ax.set_axisbelow(True)
        axes[-1].set_xticks(list(xs), ["no year\nstated" if col == NOT_STATED else str(col) for col in columns],
                            fontsize=8)
        fig.supylabel("Transfers", color=c["fg"], fontsize=9)
        handles, labels = axes[0].get_legend_handles_labels()
        legend = fig.legend(handles, labels, title="Status", loc="upper right", frameon=False, fontsize=9,
                            title_fontsize=9, labelcolor=c["fg"])
        legend.get_title().set_color(c["fg"])
        return fig

    return _render(chart, draw, cache)


# --------------------------------------------------------------------------- polls

def poll_chart(poll: Poll, cache: bool = True) -> Chart | None:
    if not poll.results:
        return None
    results = list(poll.results)
    best = max(results, key=lambda r: r.share)
    description = (
        f"Horizontal bars of the share of respondents giving each answer: "
        + "; ".join(f"{r.answer} {r.share:g}%" for r in results)
        + f". The most common answer is {best.answer} ({best.share:g}%)."
    )
    table = Table(caption=f"Results: {poll.title}", headers=["Answer", "Share (%)"],
                  rows=[[r.answer, f"{r.share:g}"] for r in results])
    chart = Chart(f"poll-{poll.id}", f"Poll results: {poll.title}", description, table,
                  alt="Chart of the poll's results: share of respondents per answer")
    labels = [_wrap(r.answer, 28) for r in results]
    def draw(scheme: str):
        width = 6.0
        height = 0.7 + 0.42 * len(results) + 0.13 * sum(label.count("\n") for label in labels)
        fig, c = _figure(width, height, scheme)
        ax = fig.add_axes((2.3 / width, 0.45 / height, 1 - 2.8 / width, 1 - 0.6 / height))
        _style_axes(ax, c)
        ys = list(range(len(results)))[::-1]
        ax.barh(ys, [r.share for r in results], color=PALETTE[0], height=0.62)
        for y, r in zip(ys, results):
            ax.text(r.share + 1, y, f"{r.share:g}%", va="center", fontsize=9, color=c["fg"])
        ax.set_yticks(ys, labels, fontsize=9)
        ax.set_xlim(0, 100)
        ax.set_xlabel("Share of respondents (%)", fontsize=9)
        ax.grid(axis="x", color=c["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        return fig

    return _render(chart, draw, cache)


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


# --------------------------------------------------------------------------- all charts of a build

class Charts:
    """The charts of one build, drawn on first use and kept for the rest of the build."""

    def __init__(self, index, cache: bool = True):
        self.index = index
        self.use_cache = cache  # the drawings cache on disk (see _render)
        self._cache: dict[str, Chart | None] = {}

    def _get(self, key: str, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def events_by_decade(self) -> Chart | None:
        return self._get("events", lambda: events_by_decade(self.index, self.use_cache))

    @property
    def arms_by_year(self) -> Chart | None:
        return self._get("arms", lambda: arms_by_year(self.index, self.use_cache))

    def poll(self, poll: Poll) -> Chart | None:
        return self._get(f"poll:{poll.id}", lambda: poll_chart(poll, self.use_cache))

    def get(self, chart_id: str) -> Chart | None:
        """A chart by id, for shortcodes: events-by-decade-and-theme, arms-transfers-by-year, poll-<id>."""
        for chart in self.all():
            if chart.id == chart_id:
                return chart
        return None

    def all(self) -> list[Chart]:
        charts = [self.events_by_decade, self.arms_by_year, *(self.poll(p) for p in self.index.polls)]
        return [c for c in charts if c is not None]

    def files(self) -> dict[str, str]:
        """{"charts/<id>-light.svg": svg, ...}: the files the site must publish."""
        return {chart.path(s): chart.svg[s] for chart in self.all() for s in SCHEMES}


CHART_ID_RE = re.compile(r"^[a-z0-9-]+$")
