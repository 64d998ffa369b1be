"""Charts written at build time as inline SVG: no chart code reaches the browser, and nothing is drawn twice.

Each chart is a `Chart`: a title that states what is shown, a description written from the same numbers
(the text alternative, shown beside the chart), the table of those numbers, and two drawings of the same
data, a wide one and a narrow one for phones, so that its text is at least 12 px as rendered at either
width (docs/assets/readers.css shows the one that fits). The SVG is written here as text: colours are CSS
classes (readers.css), so one drawing follows the reader's colour scheme, and building costs milliseconds.

The charts never mislead about time: axes are continuous (empty decades and years keep their place), a
report's date is never plotted as the date of what it reports (a transfer whose year the sources do not
give is counted apart, and says so), and states of affairs and analyses are not counted as events.

- events per decade (things that happened, from the timeline);
- arms transfers per year: the units the sources state, one segment per transfer coloured by its supplier and
  drawn with its status's look; a transfer whose number is not stated (or disputed) is a circle under its year,
  counted in no bar;
- poll results over time, one panel per question and answer asked in more than one poll, each point labelled
  with its pollster, figures known only through aggregators hollow.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
import datetime as dt
from html import escape
from typing import Any

from .index import Index, PollResultView, listed, placing_year, rival_years
from .models import PRECISION_PREFIX, ArmsDeal, Quantity

NOT_STATED = "not stated"  # a transfer whose sources give no year, in the table and on the axis
FONT = 13  # SVG units; each drawing is shown at about its own width, so this is the size as rendered
SMALL = 12
WIDE, NARROW = 680, 340  # drawing widths: the content column at 1280 px, a phone's at 390 px


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Any]]
    text_columns: int = 1  # leading columns of text (left-aligned); the rest are numbers (right-aligned)
    cards: str = ""  # on phones, one card per row, styled by `.cards--<cards>` in readers.css ("" = a table)


@dataclass
class Chart:
    id: str
    title: str  # states what is shown, and what is left out
    description: str  # the text alternative: what the chart shows and what stands out
    table: Table | None  # its numbers; None when the page shows them in a table of its own
    svg: dict[str, str] = field(default_factory=dict)  # "wide" / "narrow" -> SVG markup

    def drawing(self, width: str) -> str:
        return self.svg[width]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# --------------------------------------------------------------------------- SVG writing


class Svg:
    """A drawing as a list of SVG elements; every text from data is XML-escaped here."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, cls: str, fill: str = "") -> None:
        fill_attr = f' fill="{fill}"' if fill else ""
        self.parts.append(
            f'<rect class="{cls}"{fill_attr} x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}"/>'
        )

    def segment(self, x: float, y: float, w: float, h: float, colour: str, p: Placed) -> None:
        """One transfer's units in a bar: its supplier's colour, its status's look over it, a dashed outline
        when its year is disputed; it names its transfer (data-deal) and says what it is on hover."""
        self.parts.append(
            f'<rect class="c-bar {colour}" data-deal="{escape(p.deal.id)}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{max(w, 0):.1f}" height="{max(h, 0):.1f}"><title>{escape(_mark_title(p))}</title></rect>'
        )
        if p.look != "solid":
            self.rect(x, y, w, h, "c-over", fill=f"url(#{_BASE}-{p.look})")
        if p.rival_years:
            self.rect(x, y, w, h, "c-year-disputed")

    def token(self, cx: float, cy: float, r: float, colour: str, p: Placed) -> None:
        """A transfer whose number is not stated (or disputed): a circle, with the same looks as a segment."""
        self.parts.append(
            f'<circle class="c-token {colour}" data-deal="{escape(p.deal.id)}" cx="{cx:.1f}" cy="{cy:.1f}" '
            f'r="{r}"><title>{escape(_mark_title(p))}</title></circle>'
        )
        if p.look != "solid":
            self.parts.append(
                f'<circle class="c-over" fill="url(#{_BASE}-{p.look})" cx="{cx:.1f}" cy="{cy:.1f}" r="{r}"/>'
            )
        if p.rival_years:
            self.parts.append(f'<circle class="c-year-disputed" cx="{cx:.1f}" cy="{cy:.1f}" r="{r + 1.5}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.parts.append(f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')

    def text(
        self,
        x: float,
        y: float,
        text: str,
        cls: str = "c-text",
        anchor: str = "middle",
        size: int = FONT,
        rotate: int = 0,
    ) -> None:
        """A text at (x, y); rotate=-90 writes it upright, reading upwards, ending (anchor "end") at (x, y)."""
        turn = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate else ""
        self.parts.append(
            f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}"{turn} text-anchor="{anchor}" font-size="{size}">'
            f"{escape(str(text))}</text>"
        )

    def path(self, d: str, cls: str) -> None:
        self.parts.append(f'<path class="{cls}" d="{d}"/>')

    def circle(self, x: float, y: float, r: float, cls: str, title: str = "", poll: str = "") -> None:
        """A point; with a title (shown on hover) and the id of the poll it belongs to (data-poll)."""
        attrs = f' data-poll="{escape(poll)}"' if poll else ""
        inner = f"<title>{escape(title)}</title></circle>" if title else "/>"
        self.parts.append(
            f'<circle class="{cls}"{attrs} cx="{x:.1f}" cy="{y:.1f}" r="{r}"{">" if title else ""}{inner}'
        )

    def group(self, cls: str) -> None:
        self.parts.append(f'<g class="{cls}">')

    def end_group(self) -> None:
        self.parts.append("</g>")

    def render(self, chart: Chart, variant: str) -> str:
        base = f"chart-{chart.id}-{variant}"
        body = "".join(self.parts).replace(_BASE, base)
        # One line: the page's Markdown keeps a raw HTML block intact only up to a blank line.
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg chart__svg--{variant}" '
            f'width="{self.width}" height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'role="img" aria-labelledby="{base}-title {base}-desc">'
            f'<title id="{base}-title">{escape(chart.title)}</title><desc id="{base}-desc">{escape(chart.description)}</desc>'
            + (_PATTERNS.replace(_BASE, base) if f"#{base}-" in body else "")
            + body
            + "</svg>"
        )


# Looks drawn over a supplier's colour: stripes for ordered transfers, cross-hatching for those known only from
# reports, disputed or denied (ids unique per drawing: a page holds two drawings of each chart).
_BASE = "\0"  # stands for the drawing's id prefix until render(): never in escaped text (no NUL in data)
_PATTERNS = (
    "<defs>"
    '<pattern id="\0-stripe" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<line class="c-hatch-over" x1="0" y1="0" x2="0" y2="6"/></pattern>'
    '<pattern id="\0-cross" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<line class="c-hatch-over" x1="0" y1="0" x2="0" y2="6"/><line class="c-hatch-over" x1="0" y1="0" x2="6" y2="0"/>'
    "</pattern></defs>"
)


def _mark_title(p: Placed) -> str:
    """What a transfer's segment or circle says on hover: 'MiG-29, Russia: 6 units; delivered: …'."""
    units = f"{p.units_label} units" if p.units is not None else f"number {p.units_label}"
    return f"{p.name}, {p.supplier}: {units}; {p.when}"


def _label_every(slots: int, slot_width: float, label_width: float) -> int:
    """Label every nth slot so that labels never overlap."""
    n = 1
    while n * slot_width < label_width and n < slots:
        n += 1
    return n


def _bars(values: list[dict[str, int]], labels: list[str], series: list[str], width: int, top: int = 24) -> Svg:
    """Vertical bars on a continuous time axis (one slot per label, empty ones included), stacked by series,
    with the total above each bar. Every bar is labelled: when every slot's label fits across its slot, each
    slot is labelled; otherwise labels are written upright (reading upwards): every slot's where slots are at
    least two lines of text wide (empty ones muted), else the bars' only (empty slots keep a tick), so no bar
    ever stands between two labels."""
    left, right = 8, 8
    slot = (width - left - right) / max(len(labels), 1)
    label_w = max((len(x) for x in labels), default=4) * SMALL * 0.6 + 8
    upright = slot < label_w
    bottom = round(label_w) + 10 if upright else 40
    peak = max((sum(v.values()) for v in values), default=0) or 1
    height = (160 if width >= WIDE else 140) + bottom
    svg = Svg(width, height)
    plot_h = height - top - bottom
    base_y = top + plot_h
    svg.line(left, base_y, left + slot * len(labels), base_y, "c-axis")
    for pos, (value, label) in enumerate(zip(values, labels, strict=True)):
        x = left + pos * slot
        bar_w = max(slot * 0.72, 1.5)
        y: float = base_y
        for name in series:
            n = value.get(name, 0)
            if n:
                h = plot_h * n / peak
                svg.rect(x + (slot - bar_w) / 2, y - h, bar_w, h, f"c-bar c-s-{name}")
                y -= h
        total = sum(value.values())
        if total:
            svg.text(x + slot / 2, y - 5, str(total), "c-text", size=SMALL)
        svg.line(x + slot / 2, base_y, x + slot / 2, base_y + 4, "c-axis")
        ends = pos in (0, len(labels) - 1)
        if not upright:
            svg.text(x + slot / 2, base_y + 19, label, "c-text", size=SMALL)
        elif total or ends or slot >= 2 * SMALL:
            # Upright; an empty slot's label is muted, and left out where slots are too narrow for every label.
            cls = "c-text" if total or ends else "c-text c-muted"
            svg.text(x + slot / 2 + SMALL * 0.35, base_y + 8, label, cls, anchor="end", size=SMALL, rotate=-90)
    return svg


# --------------------------------------------------------------------------- events per decade


def events_by_decade(index: Index) -> Chart | None:
    events = [e for e in index.events if e.event_kind == "happening"]
    if not events:
        return None
    left_out = len(index.events) - len(events)
    counts: Counter[int] = Counter((e.date.year // 10) * 10 for e in events)
    first, last = min(counts), max(counts)
    decades = list(range(first, last + 10, 10))  # every decade, empty ones too: the axis is continuous
    by_theme: dict[int, Counter[str]] = defaultdict(Counter)
    titles = {t.id: t.title for t in index.themes}
    for e in events:
        for tid in dict.fromkeys(e.themes):
            by_theme[(e.date.year // 10) * 10][titles.get(tid, tid)] += 1
    busiest = max(decades, key=lambda d: (counts[d], d))
    empty = sum(1 for d in decades if not counts[d])
    title = f"Events per decade, {first}s–{last}s"
    description = (
        f"Bars of the number of events on the timeline in each decade from the {first}s to the {last}s: "
        f"{_plural(len(events), 'event')} in all; the {busiest}s have the most ({counts[busiest]}). "
        + (f"{_plural(empty, 'decade')} of the {len(decades)} have none. " if empty else "")
        + (
            f"States of affairs and analyses ({left_out}) are dated by the documents that describe them, not by "
            "when something happened, and are not counted."
            if left_out
            else ""
        )
    )
    table = Table(
        caption="Events per decade, by theme (decades without events are not listed; an event can belong to "
        "several themes)",
        headers=["Decade", "Events", "By theme"],
        rows=[
            [f"{d}s", counts[d], ", ".join(f"{name} {n}" for name, n in by_theme[d].most_common())]
            for d in decades
            if counts[d]
        ],
        text_columns=1,
    )
    chart = Chart("events-by-decade", title, description, table)
    values = [{"events": counts[d]} for d in decades]
    labels = [f"{d}s" for d in decades]
    for variant, width in (("wide", WIDE), ("narrow", NARROW)):
        chart.svg[variant] = _bars(values, labels, ["events"], width).render(chart, variant)
    return chart


# --------------------------------------------------------------------------- arms transfers

# How a transfer's status looks, in the bars and the circles: firm ones solid, ordered ones striped, the rest
# (known only from reports, disputed, unclear, denied) cross-hatched; colour is the supplier's.
LOOKS = {
    "solid": ["delivered", "confirmed"],
    "stripe": ["ordered"],
    "cross": ["reported", "disputed", "unclear", "denied"],
}
LOOK_OF = {status: look for look, statuses in LOOKS.items() for status in statuses}
SUPPLIER_COLOURS = 6  # c-sup-1 … c-sup-6 in readers.css; further suppliers share "other suppliers"


@dataclass(frozen=True)
class Placed:
    """An arms transfer as the chart places it."""

    deal: ArmsDeal
    name: str  # designation, or the system in words
    supplier: str  # the supplier's name
    year: int | None  # index.placing_year: None when no source gives a year
    units: Quantity | None  # the number the sources state; None: not stated, or rival numbers
    units_label: str  # "6", "disputed: 30 or 41", "not stated"
    rival_years: list[int]  # the years sources give when they disagree (placed at the earliest)
    when: str  # the status with the dates as the sources give them: "delivered 2018–February 2020"

    @property
    def look(self) -> str:
        return LOOK_OF.get(self.deal.status, "cross")


def _place(index: Index, deal: ArmsDeal) -> Placed:
    view = index.view(deal)
    rivals = view.rivals("quantity")
    if rivals is not None:
        units_label = "disputed: " + listed((v.value for v in rivals.values), "or")
    else:
        units_label = deal.quantity.label if deal.quantity is not None else "not stated"
    years = rival_years(deal)
    dates = {"ordered": deal.ordered.label if deal.ordered else None, "delivered": view.delivered}
    own = dates.get(deal.status)
    when = [f"{deal.status} {own}" if own is not None else deal.status]
    when += [f"{name} {label}" for name, label in dates.items() if label is not None and name != deal.status]
    if years:
        when.append("year disputed: sources give " + listed((str(y) for y in years), "or"))
    elif deal.reported is not None and deal.delivered is None and deal.ordered is None:
        when.append(f"report of {deal.reported.label}")
    return Placed(
        deal=deal,
        name=deal.designation or deal.system,
        supplier=index.view(deal.supplier).title,
        year=placing_year(deal),
        units=deal.quantity if rivals is None else None,
        units_label=units_label,
        rival_years=years,
        when="; ".join(when),
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ". "


def sum_label(quantities: list[Quantity]) -> str:
    """The sum of stated numbers, keeping their precision: 6 + 'at least 4' is 'at least 10', 6 + 'c. 4' is
    'c. 10'; bounds that pull different ways ('at least' with 'up to') make the sum approximate."""
    total = sum(q.number for q in quantities)
    kinds = {q.precision for q in quantities} - {"exact"}
    if not kinds:
        return f"{total:,}"
    if kinds <= {"more-than", "at-least"}:
        kind = "more-than" if kinds == {"more-than"} else "at-least"
    elif kinds == {"up-to"}:
        kind = "up-to"
    else:
        kind = "approximate"
    return PRECISION_PREFIX[kind] + f"{total:,}"


def arms_by_year(index: Index, deals: list[ArmsDeal] | None = None) -> Chart | None:
    """The arms transfers per year (of deals only: a page of Arms deals once split by period)."""
    deals = index.arms_deals if deals is None else deals
    if not deals:
        return None
    placed = [_place(index, d) for d in deals]
    dated = sorted({p.year for p in placed if p.year is not None})
    if not dated:
        return None  # no transfer has a year: a chart by year would show one bar; the table says it all
    years = list(range(dated[0], dated[-1] + 1))
    by_supplier = Counter(p.supplier for p in placed)
    suppliers = sorted(by_supplier, key=lambda s: (-by_supplier[s], s.lower()))
    colour = {s: (f"c-sup-{i + 1}" if i < SUPPLIER_COLOURS else "c-sup-other") for i, s in enumerate(suppliers)}
    keys = [(s, colour[s]) for s in suppliers[:SUPPLIER_COLOURS]]
    if len(suppliers) > SUPPLIER_COLOURS:
        keys.append(("other suppliers", "c-sup-other"))
    order = {s: i for i, s in enumerate(suppliers)}
    placed.sort(key=lambda p: (p.year is None, p.year or 0, order[p.supplier], p.name.lower()))
    undated = [p for p in placed if p.year is None]
    counted = [p for p in placed if p.units is not None]
    tokens = [p for p in placed if p.units is None]
    looks = [look for look in LOOKS if any(p.look == look for p in placed)]

    title = (
        "Arms transfers per year: the units the sources state, by supplier. A circle is a transfer whose number "
        "the sources do not state, or give rival numbers for; circles are not counted in the bars"
    )
    description = _arms_description(placed, years, suppliers, counted, tokens, undated, looks)
    table = Table(
        caption="Each arms transfer as the chart places it: the year, the supplier, its status with the dates as "
        "the sources give them, and the units they state",
        headers=["Year", "Transfer", "Supplier", "Status and dates", "Units"],
        rows=[
            [str(p.year) if p.year is not None else NOT_STATED, p.name, p.supplier, p.when, p.units_label]
            for p in placed
        ],
        text_columns=5,
        cards="arms-chart",  # five columns of words do not fit a phone's width
    )
    chart = Chart("arms-transfers-by-year", title, description, table)
    columns: list[int | None] = [*years, *([None] if undated else [])]
    for variant, width in (("wide", WIDE), ("narrow", NARROW)):
        chart.svg[variant] = _arms_drawing(placed, columns, colour, keys, looks, width).render(chart, variant)
    return chart


def _look_label(look: str, placed: list[Placed]) -> str:
    """'delivered', 'reported or disputed': the statuses of this look that the transfers have."""
    return listed((s for s in LOOKS[look] if any(p.deal.status == s for p in placed)), "or")


def _arms_description(
    placed: list[Placed],
    years: list[int],
    suppliers: list[str],
    counted: list[Placed],
    tokens: list[Placed],
    undated: list[Placed],
    looks: list[str],
) -> str:
    def per_supplier(s: str) -> str:
        mine = [p for p in counted if p.supplier == s]
        without = sum(1 for p in tokens if p.supplier == s)
        units = [p.units for p in mine if p.units is not None]
        parts = [f"{sum_label(units)} units in {_plural(len(mine), 'transfer')}"] if mine else []
        if without:
            parts.append(f"{_plural(without, 'transfer')} without a stated number")
        return f"{s}: {', and '.join(parts)}"

    look_words = {"solid": "solid", "stripe": "striped", "cross": "cross-hatched"}
    rivals = [p for p in placed if p.rival_years]
    text = (
        f"Stacked bars, one per year from {years[0]} to {years[-1]}, of the units (aircraft, vehicles, systems) "
        f"the sources state for each arms transfer, one segment per transfer, coloured by supplier: "
        f"{_plural(len(placed), 'transfer')} in all; " + "; ".join(per_supplier(s) for s in suppliers) + ". "
        "A bar counts units, never transfers, and adds up units of different kinds of equipment. "
    )
    if tokens:
        unstated = [f"{p.name} ({p.supplier})" for p in tokens if p.units_label == "not stated"]
        rival = [
            f"{p.name} ({p.supplier}): {p.units_label.removeprefix('disputed: ')}"
            for p in tokens
            if p.units_label.startswith("disputed: ")
        ]
        text += (
            f"The {_plural(len(tokens), 'transfer')} whose number the sources do not state, or give rival numbers "
            "for, are circles under their year, one circle each, and are not counted in any bar"
            + (f"; number not stated: {', '.join(unstated)}" if unstated else "")
            + (f"; rival numbers: {'; '.join(rival)}" if rival else "")
            + ". "
        )
    text += (
        _sentence("; ".join(f"{look_words[look]}: {_look_label(look, placed)}" for look in looks))
        + "A transfer is placed at its year of delivery (a delivery over a span of time at the span's first year), "
        "or at its year of order while it is on order or has no delivery date; never at the date of a report. "
    )
    for p in rivals:
        text += (
            f"{p.name} ({p.supplier}): sources give {listed((str(y) for y in p.rival_years), 'or')}; placed at {p.year} "
            "with a dashed outline, “year disputed”. "
        )
    if undated:
        text += (
            f"{_plural(len(undated), 'transfer')} whose sources give no year ("
            + listed(dict.fromkeys(p.deal.status for p in undated), "or")
            + ") stand apart at the right, under “not stated”."
        )
    return text.strip()


def _arms_drawing(
    placed: list[Placed],
    columns: list[int | None],
    colour: dict[str, str],
    keys: list[tuple[str, str]],
    looks: list[str],
    width: int,
) -> Svg:
    """Units stacked by transfer, coloured by supplier, on a continuous year axis, with the transfers without a
    stated number as circles under their year and those without a year apart at the right; the legend above
    wraps, so every key stays on a phone."""
    left, right, r = 8, 8, 6
    items = _arms_legend_items(placed, keys, looks)
    top = 10 + 18 * legend_lines(items, width) + 16  # room for the totals above bars
    slot = (width - left - right) / (len(columns) + (1 if columns[-1] is None else 0))  # a gap before "not stated"
    per_row = max(1, int(slot * 0.8 // (2 * r + 3)))
    token_rows = max(
        (-(-sum(1 for p in placed if p.year == c and p.units is None) // per_row) for c in columns), default=0
    )
    labels = [str(c) if c is not None else NOT_STATED for c in columns]
    label_w = max(len(x) for x in labels if x != NOT_STATED) * SMALL * 0.6 + 8
    upright = slot < label_w
    axis_h = (round(label_w) + 10) if upright else 26
    plot_h = 150 if width >= WIDE else 130
    height = top + plot_h + axis_h + token_rows * (2 * r + 3) + 6
    svg = Svg(width, height)
    base_y = top + plot_h
    totals = [sum(p.units.number for p in placed if p.year == c and p.units is not None) for c in columns]
    peak = max(totals) or 1
    _arms_legend(svg, items, width)
    for i, col in enumerate(columns):
        pos = i + (1 if col is None else 0)
        x = left + pos * slot
        mine = [p for p in placed if p.year == col]
        bar_w, y = slot * 0.72, float(base_y)
        counted = []
        for p in mine:
            if p.units is not None:
                h = plot_h * p.units.number / peak
                svg.segment(x + (slot - bar_w) / 2, y - h, bar_w, h, colour[p.supplier], p)
                y -= h
                counted.append(p.units)
        if counted:
            svg.text(x + slot / 2, y - 5, sum_label(counted), "c-text", size=SMALL)
        svg.line(x, base_y, x + slot, base_y, "c-axis")
        svg.line(x + slot / 2, base_y, x + slot / 2, base_y + 4, "c-axis")
        if col is None:  # "not stated", set apart at the right
            svg.text(width - right, base_y + 19, labels[i], "c-text", anchor="end", size=SMALL)
        elif upright:
            svg.text(x + slot / 2 + SMALL * 0.35, base_y + 8, labels[i], "c-text", anchor="end", size=SMALL, rotate=-90)
        else:
            svg.text(x + slot / 2, base_y + 19, labels[i], "c-text", size=SMALL)
        for j, p in enumerate(p for p in mine if p.units is None):
            row, k = divmod(j, per_row)
            in_row = min(per_row, sum(1 for q in mine if q.units is None) - row * per_row)
            cx = x + slot / 2 + (k - (in_row - 1) / 2) * (2 * r + 3)
            svg.token(cx, base_y + axis_h + r + row * (2 * r + 3), r, colour[p.supplier], p)
    return svg


def _arms_legend_items(placed: list[Placed], keys: list[tuple[str, str]], looks: list[str]) -> list[tuple[str, str]]:
    """(label, swatch) for every key, in two groups, each headed: the suppliers' colours; the looks of the
    statuses, year disputed and the circle."""
    items = [("Supplier:", "head")] + [(name, f"sup {cls}") for name, cls in keys]
    items += [("Status:", "head")] + [(_look_label(look, placed), f"look {look}") for look in looks]
    if any(p.rival_years for p in placed):
        items.append(("year disputed", "year-disputed"))
    if any(p.units is None for p in placed):
        items.append(("number not stated", "token"))
    return items


def legend_lines(items: list[tuple[str, str]], width: int) -> int:
    """How many lines the legend takes at width: it wraps, so a phone's keeps every key."""
    layout = _legend_layout(items, width)
    return layout[-1][1] if layout else 0


def _legend_layout(items: list[tuple[str, str]], width: int) -> list[tuple[float, int]]:
    """(x, line) of each legend item, lines counted from 1: a group's heading starts a line, and an item that
    does not fit wraps to the next."""
    out: list[tuple[float, int]] = []
    x, line = 8.0, 0
    for label, swatch in items:
        text_w = len(label) * SMALL * 0.6
        w = text_w + 6 if swatch == "head" else 18 + text_w + 14
        if swatch == "head" or (x + w - 14 > width - 8 and x > 8):
            x, line = 8.0, line + 1
        out.append((x, line))
        x += w
    return out


def _arms_legend(svg: Svg, items: list[tuple[str, str]], width: int) -> None:
    for (label, swatch), (x, line) in zip(items, _legend_layout(items, width), strict=True):
        y = 14.0 + 18 * (line - 1)
        kind, _, cls = swatch.partition(" ")
        if kind == "head":
            svg.text(x, y, label, "c-text c-strong", anchor="start", size=SMALL)
            continue
        if kind == "sup":
            svg.rect(x, y - 10, 11, 11, f"c-bar {cls}")
        elif kind == "look":
            svg.rect(x, y - 10, 11, 11, "c-bar c-key")
            if cls != "solid":
                svg.rect(x, y - 10, 11, 11, "c-over", fill=f"url(#{_BASE}-{cls})")
        elif kind == "year-disputed":
            svg.rect(x, y - 10, 11, 11, "c-bar c-key")
            svg.rect(x - 1.5, y - 11.5, 14, 14, "c-year-disputed")
        else:
            svg.circle(x + 5.5, y - 4.5, 5.5, "c-token c-key")
        svg.text(x + 18, y, label, "c-text", anchor="start", size=SMALL)


# --------------------------------------------------------------------------- polls over time


def _midpoint(date: Any) -> dt.date:  # a FuzzyDate: the fieldwork, which every result drawn has
    first = date.start.first_day
    last = (date.end or date.start).last_day
    middle: dt.date = first + (last - first) / 2
    return middle


def poll_series(results: list[PollResultView]) -> dict[tuple[str, str], list[PollResultView]]:
    """(series id, answer) -> the results (PollResultViews) of polls with fieldwork dates, by date: one panel
    per answer of a question. A report's date is never drawn as the date of a poll."""
    series: dict[tuple[str, str], list[PollResultView]] = defaultdict(list)
    for r in results:
        if r.fieldwork:
            series[(r.series, r.result.answer)].append(r)
    return {k: sorted(v, key=lambda r: _midpoint(r.when.date)) for k, v in series.items()}


def polls_over_time(index: Index, results: list[PollResultView] | None = None) -> Chart | None:
    """The chart of results (PollResultViews): every live poll's, or the figures of one page of Polls once the
    polls are split by period (a panel then joins only that page's polls)."""
    results = index.poll_results if results is None else results
    series = {k: v for k, v in poll_series(results).items() if len({r.poll.id for r in v}) >= 2}
    if not series:
        return None
    all_results = len(results)
    shown = sum(len(v) for v in series.values())
    dates = [_midpoint(r.when.date) for v in series.values() for r in v]
    start, end = dt.date(min(dates).year, 1, 1), dt.date(max(dates).year + 1, 1, 1)
    names = {k: k[1] for k in series}  # the answer, worded alike in every poll of the panel
    order = sorted(series, key=lambda k: (-len(series[k]), names[k]))
    second_hand = sum(r.second_hand for v in series.values() for r in v)
    one_year = end.year - 1 == start.year  # a page of Polls split by period may hold a single year
    years = str(start.year) if one_year else f"{start.year}–{end.year - 1}"
    axis = f"of {start.year}" if one_year else f"from {start.year} to {end.year - 1}"
    title = f"Poll results over time, {years}: one panel per question asked in more than one poll"
    parts = []
    for k in order:
        points = ", ".join(f"{r.pollster_for} {r.when.label} {r.result.share:g}%" for r in series[k])
        parts.append(f"“{names[k]}”: {points}")
    description = (
        f"{len(order)} small panels, one per question and answer, each titled with the answer's wording, of the "
        f"share of respondents giving it (0 to 100%) against the middle of the fieldwork dates, on one continuous "
        f"time axis {axis}. " + "; ".join(parts) + ". A panel joins only results of "
        "the same question, worded alike or presented by the pollster as the same; each point is labelled with "
        "its pollster; rival figures for one poll stand together; lines join one pollster's successive polls "
        "only, never figures of different pollsters. "
        + (
            f"{_plural(second_hand, 'hollow point')}: figures known only through an aggregator or content farm. "
            if second_hand
            else ""
        )
        + f"{all_results - shown} other results (asked in one poll only, or without fieldwork dates: a report's "
        "date is never drawn as a poll's) are not drawn."
    )
    chart = Chart("polls-over-time", title, description, None)
    for variant, width, cols in (("wide", WIDE, 2), ("narrow", NARROW, 1)):
        chart.svg[variant] = _poll_panels(series, order, names, start, end, width, cols, second_hand > 0).render(
            chart, variant
        )
    return chart


def _wrap(text: str, max_chars: int, lines: int) -> list[str]:
    """text in at most `lines` lines of max_chars, the last cut with '…' if it does not fit."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= max_chars:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = out[-1][: max_chars - 1].rstrip() + "…"
    return out


def _poll_panels(
    series: dict[tuple[str, str], list[PollResultView]],
    order: list[tuple[str, str]],
    names: dict[tuple[str, str], str],
    start: dt.date,
    end: dt.date,
    width: int,
    cols: int,
    legend: bool,
) -> Svg:
    panel_w = width / cols
    panel_h = 150
    rows = (len(order) + cols - 1) // cols
    svg = Svg(width, rows * panel_h + 24 + (22 if legend else 0))
    span = (end - start).days
    for i, key in enumerate(order):
        ox, oy = (i % cols) * panel_w, (i // cols) * panel_h
        svg.group("c-panel")
        left, right, top, bottom = ox + 34, ox + panel_w - 14, oy + 56, oy + panel_h - 16
        max_chars = int((panel_w - 12) / (SMALL * 0.55))
        for j, line in enumerate(_wrap(f"“{names[key]}”", max_chars, 2)):
            svg.text(ox + 6, oy + 16 + 15 * j, line, "c-text c-strong", anchor="start", size=SMALL)
        for pct in (0, 50, 100):
            y = bottom - (bottom - top) * pct / 100
            svg.line(left, y, right, y, "c-grid")
            svg.text(left - 4, y + 4, f"{pct}%", "c-text c-muted", anchor="end", size=SMALL)
        pts = []
        for r in series[key]:
            x = left + (right - left) * (_midpoint(r.when.date) - start).days / span
            y = bottom - (bottom - top) * r.result.share / 100
            pts.append((x, y, r))
        for a, b in _trend_segments(series[key], pts):
            svg.path(f"M{a[0]:.1f},{a[1]:.1f} L{b[0]:.1f},{b[1]:.1f}", "c-series")
        for x, y, r in pts:
            title = f"{r.pollster_for}, {r.when.label}: {r.result.share:g}%" + (
                " (known only via an aggregator or content farm)" if r.second_hand else ""
            )
            cls = "c-point c-point--second-hand" if r.second_hand else "c-point"
            svg.circle(x, y, 3.5, cls, title, r.poll.id)
        _point_labels(svg, pts, left, right)
        svg.end_group()
    # One year axis for all panels, at the bottom.
    axis_y = rows * panel_h + 14
    years = list(range(start.year, end.year))
    col_w = panel_w
    for c in range(cols):
        left, right = c * col_w + 34, c * col_w + col_w - 14
        step = _label_every(len(years), (right - left) / max(len(years), 1), 40)
        for j, year in enumerate(years):
            if j % step:
                continue
            x = left + (right - left) * (dt.date(year, 7, 1) - start).days / span
            svg.text(x, axis_y, str(year), "c-text c-muted", size=SMALL)
    if legend:
        y = axis_y + 20
        svg.circle(12, y - 4, 3.5, "c-point")
        svg.text(20, y, "poll's figure", "c-text", anchor="start", size=SMALL)
        svg.circle(112, y - 4, 3.5, "c-point c-point--second-hand")
        svg.text(120, y, "known only via an aggregator", "c-text", anchor="start", size=SMALL)
    return svg


def _trend_segments(results: list[PollResultView], pts: list[tuple[float, float, Any]]) -> list[tuple[Any, ...]]:
    """Lines join one pollster's successive polls only: pollsters word and sample differently, so a line from
    one pollster's figure to another's would draw a trend no poll measured. Rival figures of one poll are
    points side by side, never joined."""
    segments = []
    last: dict[str, tuple[Any, tuple[float, float, Any]]] = {}
    for r, pt in zip(results, pts, strict=True):
        pollster = r.poll.pollster
        if pollster is None:
            continue
        previous = last.get(pollster)
        if previous is not None and previous[0] is r.poll:
            continue  # a rival figure of the same poll
        if previous is not None:
            segments.append((previous[1], pt))
        last[pollster] = (r.poll, pt)
    return segments


def _point_labels(svg: Svg, pts: list[tuple[float, float, Any]], left: float, right: float) -> None:
    """Each point's pollster and value, never on top of a neighbour's: values at one date (rival figures of one
    poll) share one label ('Demostat 45 / 40%'); a label too close to the previous one goes below its point;
    labels stay inside their panel."""
    groups: list[list[tuple[float, float, Any]]] = []
    for pt in pts:
        if groups and abs(pt[0] - groups[-1][0][0]) < 1 and pt[2].poll is groups[-1][0][2].poll:
            groups[-1].append(pt)
        else:
            groups.append([pt])
    last_end, last_below = -1e9, True
    for group in groups:
        x = group[0][0]
        top_y = min(y for _, y, _ in group)
        low_y = max(y for _, y, _ in group)
        text = f"{group[0][2].pollster_short} " + " / ".join(f"{r.result.share:g}" for _, _, r in group) + "%"
        half = len(text) * SMALL * 0.3
        cx = min(max(x, left + half), right - half)
        below = cx - half < last_end + 4 and not last_below
        svg.text(cx, low_y + 18 if below else top_y - 8, text, "c-text", size=SMALL)
        last_end, last_below = cx + half, below


# --------------------------------------------------------------------------- all charts of a build


class Charts:
    """The charts of one build, made on first use and kept for the rest of the build."""

    def __init__(self, index: Index):
        self.index = index
        self._made: dict[str, Chart | None] = {}

    def _get(self, key: str, make: Callable[[Index], Chart | None]) -> Chart | None:
        if key not in self._made:
            self._made[key] = make(self.index)
        return self._made[key]

    @property
    def events_by_decade(self) -> Chart | None:
        return self._get("events", events_by_decade)

    @property
    def arms_by_year(self) -> Chart | None:
        return self._get("arms", arms_by_year)

    @property
    def polls_over_time(self) -> Chart | None:
        return self._get("polls", polls_over_time)

    def polls_of(self, key: str, results: list[PollResultView]) -> Chart | None:
        """The poll chart of some results only: a page of Polls once split by period (key: the page's slug)."""
        return self._get(f"polls {key}", lambda index: polls_over_time(index, results))

    def arms_of(self, key: str, deals: list[ArmsDeal]) -> Chart | None:
        """The arms chart of some deals only: a page of Arms deals once split by period (key: the page's slug)."""
        return self._get(f"arms {key}", lambda index: arms_by_year(index, deals))

    def all(self) -> list[Chart]:
        return [c for c in (self.events_by_decade, self.arms_by_year, self.polls_over_time) if c is not None]

    def files(self) -> dict[str, str]:
        """Charts are inline in their pages: no files to publish."""
        return {}
