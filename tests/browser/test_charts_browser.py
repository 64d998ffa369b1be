"""The charts as drawn in a real browser (Debian chromium) at 1280 and 390 px: every bar of the events-per-decade
chart on /themes/ has its decade's label under it (reader review L7); the arms chart keeps every key of its
legend on phones and places the transfers the sources date (issue 21, item 5); in both, no text covers another."""

from __future__ import annotations

import re

import pytest

from ..conftest import real_index
from .test_reader_features import opened

INDEX = real_index()
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def visible_svg(page, figure_id: str):
    return page.locator(f"#{figure_id} svg.chart__svg:visible").first


def boxes(svg, selector: str) -> list[dict]:
    return svg.locator(selector).evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return {text: e.textContent, cls: e.getAttribute('class') || '', x: b.x, y: b.y, w: b.width, h: b.height,"
        " deal: e.getAttribute('data-deal') || ''}; })"
    )


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and a["y"] < b["y"] + b["h"] - 0.5
        and (b["y"] < a["y"] + a["h"] - 0.5)
    )


def no_text_covers_another(texts: list[dict], device: str) -> None:
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert not overlap(a, b), (device, a["text"], b["text"])


@pytest.mark.parametrize("device", WIDTHS)
def test_every_decade_bar_has_its_label_and_labels_never_overlap(browser, base_url, device):
    decades = sorted({e.date.year // 10 * 10 for e in INDEX.events if e.event_kind == "happening"})
    with opened(browser, base_url, viewport=WIDTHS[device]) as (page, log):
        page.goto("themes/")
        svg = visible_svg(page, "chart-events-by-decade")
        bars = [b for b in boxes(svg, "rect") if "c-s-events" in b["cls"]]
        labels = [t for t in boxes(svg, "text") if re.fullmatch(r"\d{4}s", t["text"])]
        assert len(bars) == len(decades)
        for decade, bar in zip(decades, bars, strict=True):
            under = [t["text"] for t in labels if bar["x"] <= t["x"] + t["w"] / 2 <= bar["x"] + bar["w"]]
            assert under == [f"{decade}s"], (device, decade, under)
        for a in labels:
            assert a["h"] >= 11 and a["w"] >= 11  # 12 px text as rendered, upright or across
        no_text_covers_another(boxes(svg, "text"), device)
        assert not log.problems(), log.problems()


@pytest.mark.parametrize("device", WIDTHS)
def test_the_arms_chart_keeps_every_key_on_phones_and_places_the_2017_migs(browser, base_url, device):
    suppliers = {INDEX.view(d.supplier).title for d in INDEX.arms_deals}
    with opened(browser, base_url, viewport=WIDTHS[device]) as (page, log):
        page.goto("arms-deals/")
        svg = visible_svg(page, "chart-arms-transfers-by-year")
        frame = svg.bounding_box()
        texts = boxes(svg, "text")
        words = [t["text"] for t in texts]
        legend = texts[words.index("Supplier:") : words.index("number not stated") + 1]
        assert suppliers <= {t["text"] for t in legend}, device
        assert {"Status:", "year disputed", "number not stated"} <= {t["text"] for t in legend}
        for a in legend:  # every key inside the drawing
            assert frame["x"] - 0.5 <= a["x"] and a["x"] + a["w"] <= frame["x"] + frame["width"] + 0.5, a["text"]
            assert a["h"] >= 11, a  # 12 px as rendered
        no_text_covers_another(texts, device)  # keys, totals, year labels
        mig = next(b for b in boxes(svg, "[data-deal]") if b["deal"] == "russian-fighter-jets-for-serbia")
        year = next(t for t in texts if t["text"] == "2017")
        assert mig["x"] <= year["x"] + year["w"] / 2 <= mig["x"] + mig["w"], device
        assert not log.problems(), log.problems()
