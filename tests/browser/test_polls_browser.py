"""The polls page as readers see it, in a real browser at 1280 and 390 px: every chart panel joins only figures
whose answer, as the results table on the same page words it, is the panel's title (the review's H2: CRTA's
"The West most responsible" once sat under "NATO responsible"); each point names its pollster; each poll's
own results render as a table, never as Markdown text (H1)."""

from __future__ import annotations

import pytest

from .test_reader_features import opened

READ_CHART = """fig => {
  const svg = [...fig.querySelectorAll('svg')].find(s => s.getBoundingClientRect().width > 0);
  return [...svg.querySelectorAll('g.c-panel')].map(g => {
    const texts = [...g.querySelectorAll('text')];
    const title = texts.filter(t => t.classList.contains('c-strong')).map(t => t.textContent).join(' ');
    return {
      title: title,
      labels: texts.filter(t => !t.classList.contains('c-strong') && !t.classList.contains('c-muted'))
                   .map(t => t.textContent),
      points: [...g.querySelectorAll('circle')].map(c => ({poll: c.dataset.poll,
                                                           title: c.querySelector('title').textContent})),
    };
  });
}"""

READ_TABLE = """t => [...t.querySelectorAll('tbody tr')].map(tr => {
  let g = tr;
  while (!g.querySelector('th[scope=rowgroup]')) g = g.previousElementSibling;
  const th = g.querySelector('th[scope=rowgroup]');
  return {poll: th.querySelector('a').getAttribute('href').slice(1), pollster: th.querySelector('a').textContent,
          answer: tr.querySelector('.poll-results__answer').textContent,
          share: tr.querySelector('.poll-results__share').textContent.match(/^[\\d.]+/)[0]};
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_each_chart_panel_joins_only_the_answer_it_names_and_labels_pollsters(browser, base_url, width):
    with opened(browser, base_url, viewport={"width": width, "height": 900}) as (page, log):
        page.goto("polls/")
        rows = page.locator("table.poll-results").evaluate(READ_TABLE)
        assert len(rows) >= 30
        panels = page.locator("#chart-polls-over-time").evaluate(READ_CHART)
        assert panels
        for panel in panels:
            title = panel["title"].strip("“”")
            assert len({p["poll"] for p in panel["points"]}) >= 2, panel
            for point in panel["points"]:
                share = point["title"].rsplit(": ", 1)[1].split("%")[0]
                row = [r for r in rows if r["poll"] == point["poll"] and r["share"] == share]
                assert row, (point, "not in the results table")
                answers = {r["answer"] for r in row}
                # The panel's title is the answer this figure gives (cut with … only when too long to fit).
                assert any(
                    a == title or (title.endswith("…") and a.startswith(title[:-1].rstrip())) for a in answers
                ), f"panel “{title}” plots {point['title']}, whose answer is {answers}"
                assert point["title"].startswith(row[0]["pollster"])
            # Each point's label names its pollster.
            assert all(any(ch.isalpha() for ch in label) for label in panel["labels"] if "%" in label), panel
        assert not log.problems(), log.problems()


def test_each_poll_row_shows_its_figures_as_a_table_not_as_markdown(browser, base_url):
    with opened(browser, base_url) as (page, log):
        page.goto("polls/#demostat-poll-2022-06")
        row = page.locator("details.row:has(#demostat-poll-2022-06)")
        assert row.evaluate("d => d.open")
        assert "|---" not in row.inner_text()
        table = row.locator("table").first
        assert table.is_visible() and table.locator("tbody tr").count() >= 10
        assert not log.problems(), log.problems()
