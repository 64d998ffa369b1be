"""Arms as readers look for them (issue 21, M8): the table keeps a supplier's transfers together (the 2017 Russian
MiG-29s among Russia's); the chart places every transfer a source dates (rival years: at the earliest, marked
"year disputed"), says it counts transfers and gives units in its table, and keeps every status in the legend
on phones."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from refsite import charts as arms_chart_module
from refsite.charts import STATUS_ORDER, arms_by_year
from refsite.index import placing_year

from .conftest import real_index, soup_of_file

INDEX = real_index()
SVG = "{http://www.w3.org/2000/svg}"


def test_the_table_keeps_a_suppliers_transfers_together(site_dir):
    rows = soup_of_file(site_dir / "arms-deals" / "index.html").select(".arms-table tbody tr")
    ids = [tr.find("a")["href"].lstrip("#") for tr in rows]
    suppliers = [INDEX.view(INDEX.get(i).supplier).title for i in ids]
    assert suppliers == sorted(suppliers, key=str.lower)  # grouped, suppliers by name
    russian = [i for i, s in zip(ids, suppliers, strict=True) if s == "Russia"]
    assert "russian-fighter-jets-for-serbia" in russian
    years = [placing_year(INDEX.get(i)) for i in russian]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated) and years[: len(dated)] == dated  # by year, undated last
    assert placing_year(INDEX.get("russian-fighter-jets-for-serbia")) == 2017


def test_the_chart_places_every_dated_transfer_and_keeps_its_legend_on_phones():
    chart = arms_by_year(INDEX)
    assert chart is not None
    assert "deals, not units" in chart.description and "year disputed" in chart.description
    assert chart.table.headers[-1] == "Units"
    assert ["2017", "Russia", "year disputed", 1, "6"] in chart.table.rows
    placed = sum(1 for d in INDEX.arms_deals if placing_year(d) is not None)
    counted = sum(r[3] for r in chart.table.rows if r[0] != "year not stated")
    assert counted == placed
    statuses = [s for s in STATUS_ORDER if s in {r[2] for r in chart.table.rows}]
    for variant in ("wide", "narrow"):
        root = ET.fromstring(chart.drawing(variant))
        legend = [t.text for t in root.iter(f"{SVG}text") if t.text in STATUS_ORDER]
        assert legend == statuses, (variant, legend)


def test_the_intro_explains_every_status_the_table_shows(site_dir):
    page = soup_of_file(site_dir / "arms-deals" / "index.html")
    intro = page.select_one("article h1").find_next("p")
    explained = {em.get_text() for em in intro.find_all("em")}
    shown = {td.get_text(" ", strip=True).split(":")[0] for td in page.select(".arms-table tbody td:nth-child(7)")}
    shown = {s.split()[0] for s in shown}
    assert {"Delivered", "Ordered", "Reported", "Disputed"} <= shown  # what the real data shows today
    assert shown <= explained, shown - explained
    assert intro.find("a", href=lambda h: h and "contested" in h) is not None


def test_the_events_chart_labels_every_bar_with_its_decade():
    chart = arms_chart_module.events_by_decade(INDEX)
    assert chart is not None
    decades = sorted({e.date.year // 10 * 10 for e in INDEX.events if e.event_kind == "happening"})
    for variant in ("wide", "narrow"):
        root = ET.fromstring(chart.drawing(variant))
        bars = [r for r in root.iter(f"{SVG}rect") if "c-s-events" in r.get("class", "")]
        labels = {}
        for t in root.iter(f"{SVG}text"):
            if t.text and t.text.endswith("s") and t.text[:-1].isdigit():
                # an upright label's x is its baseline, a third of the font size right of its middle
                x = float(t.get("x")) - (float(t.get("font-size")) * 0.35 if t.get("transform") else 0)
                labels.setdefault(t.text, []).append(x)
        assert len(bars) == len(decades)
        for decade, bar in zip(decades, bars, strict=True):
            left, width = float(bar.get("x")), float(bar.get("width"))
            xs = labels.get(f"{decade}s", [])
            assert any(left <= x <= left + width for x in xs), (variant, decade, xs, left)
