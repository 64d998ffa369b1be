"""The downloads (refsite/downloads.py): one JSON record per entry, encoded once, one entry per line."""

from __future__ import annotations

import csv
import io
import json
import random

from markupsafe import Markup

from refsite.downloads import Downloads, _csv, _json_line
from refsite.history import Versions
from refsite.index import built_path
from refsite.publication import Publication


def downloads(index) -> Downloads:
    return Downloads(index, Versions(), Publication.from_settings("Test site", None, Versions()))


def test_each_entry_is_one_line_and_the_files_parse_as_json(tiny_index):
    d = downloads(tiny_index)
    files = d.contents()
    for kind in ("events", "actors", "sources"):
        text = files[f"downloads/{kind}.json"]
        doc = json.loads(text)
        entries = doc["entries"]
        assert entries and doc["kind"] == kind
        lines = text.splitlines()
        # Each record on a line of its own, identical to the record built from the model.
        for entry in entries:
            assert any(json.loads(line.strip().rstrip(",")) == entry for line in lines if line.startswith("  {"))
        assert sum(1 for line in lines if line.startswith("  {")) == len(entries)


def test_all_json_holds_the_same_records_as_the_kind_files(tiny_index):
    files = downloads(tiny_index).contents()
    everything = json.loads(files["downloads/all.json"])
    for kind, records in everything["entries"].items():
        assert records == json.loads(files[f"downloads/{kind}.json"])["entries"]
    assert set(everything) >= {"title", "licence", "data_version", "schemas", "entries"}


def test_a_record_is_the_entry_in_full_on_one_line(tiny_index):
    d = downloads(tiny_index)
    line = d.record_json(tiny_index.get("ministers-meet"))
    assert b"\n" not in line
    record = json.loads(line)
    assert {k: record[k] for k in ("id", "url", "withdrawn", "added", "changed")} == {
        "id": "ministers-meet",
        "url": "/timeline/#ministers-meet",
        "withdrawn": False,
        "added": None,
        "changed": None,
    }
    entry = record["entry"]
    assert (entry["title"], entry["kind"], entry["date"], entry["themes"]) == (
        "Foreign ministers meet in Belgrade",
        "happening",
        "2024-05",
        ["diplomacy"],
    )
    assert [c["citations"][0]["locator"] for c in entry["claims"]] == ["¶1", "¶3"]


def test_a_withdrawn_claim_of_a_live_entry_links_to_its_anchor_on_corrections(tiny_index, tiny_pages):
    """The tiny data's lecture-on-ties keeps claim 1 and has withdrawn claim 2: claims.csv must send readers
    to Corrections, where that claim's anchor is, not to the timeline, where it is not."""
    rows = list(csv.DictReader(io.StringIO(downloads(tiny_index).contents()["downloads/claims.csv"])))
    by_anchor = {row["anchor"]: row for row in rows}
    assert by_anchor["lecture-on-ties-c1"]["url"] == "/timeline/#lecture-on-ties-c1"
    withdrawn = by_anchor["lecture-on-ties-c2"]
    assert (withdrawn["url"], withdrawn["withdrawn"], withdrawn["withdrawn_date"]) == (
        "/corrections/#lecture-on-ties-c2",
        "true",
        "2024-06",
    )
    assert withdrawn["withdrawn_reason"] == "The lecture was misheard."
    # Every claim's URL names a page that was rendered and an anchor on it.
    pages_by_url = {"/" + built_path(path): text for path, text in tiny_pages.items()}
    for row in rows:
        page, _, anchor = row["url"].partition("#")
        assert f'id="{anchor}"' in pages_by_url[page], row["url"]


def test_the_downloads_table_names_every_file_as_readers_read_it(tiny_index):
    """Reader review O4: the Data page listed one type in lower case ("questions: Every question entry …"), and
    said of sources and questions, which hold no claims, that their claims were included."""
    files = {f.path: f for f in downloads(tiny_index).files()}
    assert all(f.title[:1].isupper() for f in files.values()), [f.title for f in files.values()]
    assert files["downloads/questions.json"].title == "At-a-glance questions"
    for kind in ("questions", "sources"):
        assert files[f"downloads/{kind}.json"].description == f"Every {kind.removesuffix('s')} entry in full."
        assert files[f"downloads/{kind}.csv"].description == "One row per entry."
    assert files["downloads/events.json"].description == "Every event entry in full, claims and citations included."
    assert "claims.csv" in files["downloads/actors.csv"].description  # roles are claims


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_written_as_text():
    text = _csv(["a", "b", "c"], [["=1+1", None, 5], ["-2", "@SUM(A1)", "x=1"], ["+3", "\tTAB", ""]])
    assert text == "a,b,c\r\n'=1+1,,5\r\n'-2,'@SUM(A1),x=1\r\n'+3,'\tTAB,\r\n"


def _csv_module(columns: list[str], rows: list[list[object]]) -> str:
    """What the csv module's writer makes of the same cells, formulas guarded as _csv guards them."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    guard = "=+-@\t\r"
    for row in [columns, *rows]:
        cells = [str(v) if isinstance(v, str) else v for v in row]  # Markup's + would escape the apostrophe
        writer.writerow(["'" + v if isinstance(v, str) and v[:1] and v[0] in guard else v for v in cells])
    return buf.getvalue()


def test_csv_is_written_as_the_csv_module_writes_it():
    """_csv writes RFC 4180 itself (the csv module's writer was half the CSV files' time): the same text as the
    module's writer for cells with commas, quotes, line breaks, formula starts, Cyrillic, numbers, None, Markup."""
    pieces = ["a", ",", '"', "\n", "\r", "\r\n", " ", "=", "-", "+", "@", "\t", "'", ";", "Вучић", "č", "😀", "x y"]
    rnd = random.Random(23)
    cells: list[object] = ["".join(rnd.choices(pieces, k=rnd.randint(0, 6))) for _ in range(3000)]
    cells += [None, 0, -5, 3.25, -0.5, 1e16, True, False, "", Markup('say "no", <b>'), Markup("=1")]
    rows = [[cells[(i * 7 + j) % len(cells)] for j in range(5)] for i in range(len(cells))]
    columns = ["id", "text", "share", "note", "url"]
    assert _csv(columns, rows) == _csv_module(columns, rows)
    # Read back, each cell is the text written (formulas guarded), whatever it holds.
    back = list(csv.reader(io.StringIO(_csv(columns, rows), newline="")))
    guarded = ("=", "+", "-", "@", "\t", "\r")
    assert back[1:] == [
        ["" if v is None else "'" + str(v) if isinstance(v, str) and v[:1] in guarded else str(v) for v in row]
        for row in rows
    ]
    assert _csv(["a", "b"], [['He said "yes", then left', "line\nbreak"]]) == (
        'a,b\r\n"He said ""yes"", then left","line\nbreak"\r\n'
    )
    assert _csv([], []) == _csv_module([], []) == "\r\n"


def test_json_records_are_compact_and_an_integer_beyond_64_bits_is_written_whole():
    """orjson writes the records; it refuses integers beyond 64 bits, which the models accept (a theme's order): the
    json module writes such a record, in the same compact form."""
    record = {"id": "x", "title": "Vučić, “quoted”", "share": 45.5, "n": [1, True, None]}
    assert _json_line(record).decode() == '{"id":"x","title":"Vučić, “quoted”","share":45.5,"n":[1,true,null]}'
    huge = {"order": 10**23, "title": "Вучић"}
    assert _json_line(huge).decode() == '{"order":100000000000000000000000,"title":"Вучић"}'
    assert json.loads(_json_line(huge)) == huge


def test_csv_columns_written_whole_and_cell_by_cell_give_the_module_s_text():
    """_csv writes a column whose cells need no quotes and no formula guard as it is, in one piece: columns of ids,
    numbers (negative ones too), flags, None and Markup, each plain and then with one awkward cell at the end."""
    plain_columns: list[list[object]] = [
        ["ministers-meet", "vucic", "x-1"],
        [0, 3, 12],
        [-5, 2, 7],
        [3.25, -0.5, 1e16],
        [True, False, True],
        [None, "a", None],
        [Markup("<b>"), Markup("x"), "y"],
    ]
    awkward: list[object] = ['say "no"', "a,b", "line\nbreak", "cr\r", "=1", "+1", "-x", "@x", "\tx", Markup("=2")]
    for bad in awkward:
        columns = [[*column, bad] for column in plain_columns]
        rows = [list(row) for row in zip(*[column[:-1] for column in columns], strict=True)]
        rows.append([column[-1] for column in columns])
        names = [f"c{n}" for n in range(len(columns))]
        assert _csv(names, rows) == _csv_module(names, rows), bad
    rows = [list(row) for row in zip(*plain_columns, strict=True)]
    assert _csv(["a"] * len(plain_columns), rows) == (
        "a,a,a,a,a,a,a\r\nministers-meet,0,-5,3.25,True,,<b>\r\nvucic,3,2,-0.5,False,a,x\r\nx-1,12,7,1e+16,True,,y\r\n"
    )


def test_a_permalink_is_the_publication_s_each_page_worked_out_once(tiny_index):
    targets = ["index.md", "themes/index.md", "timeline.md#ministers-meet", "sources/x.md#p3", "sources/x.md#p4"]
    targets += ["sources/x.md", "sources/x.md#", "feed.xml", "timeline.md#ministers-meet"]
    for url in ("https://example.org/ref/", None):
        publication = Publication.from_settings("Site", url)
        d = Downloads(tiny_index, Versions(), publication)
        assert [d.permalink(t) for t in targets] == [publication.permalink(t) for t in targets]
        assert len(d._page_urls) == 5  # index, themes, timeline, sources/x, feed.xml
