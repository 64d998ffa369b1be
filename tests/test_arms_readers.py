"""Arms as readers look for them (issue 21, item 5; reader review M8, O1, L7): the table keeps a supplier's
transfers together (the 2017 Russian MiG-29s among Russia's); the chart counts the units the sources state, one
segment per transfer coloured by supplier, draws a transfer without a stated number as a circle counted in no
bar, places every transfer a source dates (rival years: at the earliest, marked "year disputed"; an order at its
order year) and keys every supplier and status in both drawings; the intro explains every status; the
events-per-decade chart labels every bar."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from refsite import charts as arms_chart_module
from refsite.charts import arms_by_year, sum_label
from refsite.index import placing_year
from refsite.models import Quantity

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


def _stated_number(deal):
    """The number the chart counts: the quantity, unless sources give rival numbers (or none)."""
    rivals = any(x.field == "quantity" for x in deal.disputes)
    return deal.quantity.number if deal.quantity is not None and not rivals else None


def test_the_chart_counts_units_and_draws_every_transfer_once():
    chart = arms_by_year(INDEX)
    assert chart is not None
    assert "the units the sources state, by supplier" in chart.title and "not counted in the bars" in chart.title
    assert "A bar counts units, never transfers" in chart.description
    for variant in ("wide", "narrow"):
        root = ET.fromstring(chart.drawing(variant))
        segments = {r.get("data-deal"): r for r in root.iter(f"{SVG}rect") if r.get("data-deal")}
        circles = {c.get("data-deal"): c for c in root.iter(f"{SVG}circle") if c.get("data-deal")}
        numbers = {d.id: _stated_number(d) for d in INDEX.arms_deals}
        # Every transfer is drawn once: a segment when its number is stated, else a circle (not in any bar).
        assert set(segments) == {i for i, n in numbers.items() if n is not None}, variant
        assert set(circles) == {i for i, n in numbers.items() if n is None}, variant
        # A segment's height is its units: the same height per unit everywhere (6 jets are not 10 scout cars).
        per_unit = {round(float(r.get("height")) / numbers[i], 2) for i, r in segments.items()}
        assert max(per_unit) - min(per_unit) < 0.02, (variant, per_unit)
        # Each bar's total is the sum of its stated numbers, written above it.
        totals: dict[object, int] = {}
        for d in INDEX.arms_deals:
            if numbers[d.id] is not None:
                totals[placing_year(d)] = totals.get(placing_year(d), 0) + numbers[d.id]
        texts = [t.text for t in root.iter(f"{SVG}text")]
        for total in totals.values():
            assert str(total) in texts, (variant, total)


def test_the_2017_russian_mig29s_are_placed_at_2017_with_their_year_disputed():
    chart = arms_by_year(INDEX)
    mig = INDEX.get("russian-fighter-jets-for-serbia")
    assert placing_year(mig) == 2017 and mig.quantity.number == 6
    assert ["2017", "MiG-29", "Russia", "delivered; year disputed: sources give 2017, 2018 or 2020", "6"] in (
        chart.table.rows
    )
    for variant in ("wide", "narrow"):
        root = ET.fromstring(chart.drawing(variant))
        segment = next(r for r in root.iter(f"{SVG}rect") if r.get("data-deal") == mig.id)
        left, width = float(segment.get("x")), float(segment.get("width"))
        label = next(t for t in root.iter(f"{SVG}text") if t.text == "2017")
        assert left <= float(label.get("x")) <= left + width, variant
        outlined = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "c-year-disputed"]
        assert any(float(r.get("x")) == left and float(r.get("width")) == width for r in outlined), variant


def test_an_order_is_placed_at_its_order_year_and_rival_numbers_are_given_not_counted():
    pantsir = INDEX.get("russian-pantsir-air-defence-for-serbia")
    assert pantsir.status == "ordered" and pantsir.delivered.year == 2020
    assert placing_year(pantsir) == 2019  # six ordered in 2019; only the first delivered in 2020
    table = arms_by_year(INDEX).table.rows
    rows = {r[1]: r for r in table}
    tanks = INDEX.get("russian-battle-tanks-for-serbia")
    values = [v.value for d in tanks.disputes if d.field == "quantity" for v in d.values]
    assert values == ["30", "41"]
    assert rows[tanks.designation][4] == "disputed: 30 or 41"
    assert rows["Kornet"][4] == "not stated"
    assert rows["Pantsir-S1"][:4] == ["2019", "Pantsir-S1", "Russia", "ordered 2019; delivered February 2020 (1 of 6)"]
    assert len(table) == len(INDEX.arms_deals) and len({(r[1], r[2]) for r in table}) == len(table)


def test_the_legend_keys_every_supplier_and_status_in_both_drawings():
    chart = arms_by_year(INDEX)
    suppliers = {INDEX.view(d.supplier).title for d in INDEX.arms_deals}
    statuses = {d.status for d in INDEX.arms_deals}
    for variant, width in (("wide", 680), ("narrow", 340)):
        root = ET.fromstring(chart.drawing(variant))
        texts = [t for t in root.iter(f"{SVG}text")]
        words = [t.text for t in texts]
        status_from = words.index("Status:")
        assert set(words[words.index("Supplier:") + 1 : status_from]) == suppliers, variant
        keyed = " or ".join(words[status_from + 1 :])
        assert all(s in keyed for s in statuses), (variant, keyed)
        assert "year disputed" in words and "number not stated" in words
        for t in texts:
            if t.get("text-anchor") == "start":  # legend texts: inside the drawing, never cut at its edge
                assert float(t.get("x")) + len(t.text) * 12 * 0.6 <= width, (variant, t.text)


def test_sums_of_units_keep_their_precision():
    def q(number, precision="exact"):
        return Quantity(number=number, precision=precision)

    assert sum_label([q(6), q(1200)]) == "1,206"
    assert sum_label([q(6), q(4, "at-least")]) == "at least 10"
    assert sum_label([q(6, "more-than"), q(4, "more-than")]) == "more than 10"
    assert sum_label([q(6, "more-than"), q(4, "at-least")]) == "at least 10"
    assert sum_label([q(6), q(4, "up-to")]) == "up to 10"
    assert sum_label([q(6, "approximate"), q(4)]) == "c. 10"
    assert sum_label([q(2, "at-least"), q(3, "up-to")]) == "c. 5"


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


def test_a_row_whose_sources_give_rival_years_says_so_instead_of_no_date(site_dir):
    """The Details row of the MiG-29s (2017, 2018 or 2020 by source) read 'Date not stated' (reader review M8)."""
    assert INDEX.view(INDEX.get("russian-fighter-jets-for-serbia")).when.label == "Year disputed: 2017, 2018 or 2020"
    soup = soup_of_file(site_dir / "arms-deals" / "index.html")
    head = soup.select_one('h3[id="russian-fighter-jets-for-serbia"] .row__date')
    assert head is not None and head.get_text() == "Year disputed: 2017, 2018 or 2020"


def test_a_partial_delivery_says_how_many_of_the_number_arrived(site_dir):
    """Pantsir-S1: six ordered, the first delivered in February 2020. The table read Delivered "February 2020"
    beside Number 6, as if all six had arrived (readers' audit Q6)."""
    soup = soup_of_file(site_dir / "arms-deals" / "index.html")
    row = next(
        tr
        for tr in soup.select(".arms-table tbody tr")
        if tr.find("a")["href"] == "#russian-pantsir-air-defence-for-serbia"
    )
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[1] == "6" and cells[5] == "February 2020 (1 of 6)" and cells[6] == "Ordered"
    facts = soup.select_one('h3[id="russian-pantsir-air-defence-for-serbia"]').find_parent("details").get_text(" ")
    assert "delivered February 2020 (1 of 6)" in " ".join(facts.split())
    # Every other transfer delivered all it counts: its Delivered cell is the date alone.
    for tr in soup.select(".arms-table tbody tr"):
        deal = INDEX.get(tr.find("a")["href"].lstrip("#"))
        if deal.delivered is not None and deal.delivered_quantity is None and not INDEX.view(deal).rivals("delivered"):
            assert tr.find_all("td")[5].get_text(" ", strip=True) == deal.delivered.label
