"""Arms as readers look for them (issue 21, M8): the table keeps a supplier's transfers together (the 2017 Russian
MiG-29s among Russia's); the chart places every transfer a source dates (rival years: at the earliest, marked
"year disputed"), says it counts transfers and gives units in its table, and keeps every status in the legend
on phones."""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
