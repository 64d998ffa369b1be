"""Link integrity and "nothing lost", on the built site.

- Every internal link (a, link, img, script, source, iframe, form) resolves to a file, and every
  #anchor to an id on the target page; no page uses a resource from outside the site (it works offline);
  no javascript: URL anywhere; no duplicate ids on a page.
- Crawling from index.html along links reaches every page (but 404.html).
- Every entry and every claim in data/ is on the page that is its permalink, with its text, and that
  page is reachable from the home page. Withdrawn ones are on the Corrections page.
"""

from __future__ import annotations

from collections import Counter, deque
import csv
from dataclasses import dataclass
import io
from pathlib import Path
import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
import pytest

from refsite import markup
from refsite.references import LINK_RE

from .conftest import real_dataset, real_index, soup_of_file

# Attributes that hold URLs, by tag. Links in <a> may leave the site; the others load resources.
URL_ATTRS = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "form": "action",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def scheme_of(url: str) -> str:
    """The URL's scheme as a browser reads it (it ignores whitespace and control characters), or ''."""
    m = _SCHEME.match(re.sub(r"[\s\x00-\x1f]", "", url).lower())
    return m[1] if m else ""


@dataclass
class HtmlPage:
    file: Path
    soup: BeautifulSoup
    ids: set[str]


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[Path, HtmlPage]:
    out = {}
    for html_file in sorted(site_dir.rglob("*.html")):
        soup = soup_of_file(html_file)  # parsed once per session, shared with other modules
        ids = {t["id"] for t in soup.find_all(id=True)} | {t["name"] for t in soup.find_all("a", attrs={"name": True})}
        out[html_file.resolve()] = HtmlPage(html_file, soup, ids)
    return out


def resolve(site: Path, from_file: Path, url: str) -> tuple[Path, str]:
    """The file a relative or root-relative URL points to, and its fragment."""
    parts = urlsplit(url)
    base = site if parts.path.startswith("/") else from_file.parent  # 404.html uses root-relative links
    target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else from_file.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def urls_of(page: HtmlPage):
    for tag, attr in URL_ATTRS.items():
        for el in page.soup.find_all(tag, attrs={attr: True}):
            yield tag, el[attr].strip()
        for el in page.soup.find_all(tag, attrs={"srcset": True}):
            for candidate in el["srcset"].split(","):
                if candidate.strip():
                    yield tag, candidate.split()[0]


def test_internal_links_and_anchors_resolve(site_dir, pages):
    site = site_dir.resolve()
    broken = []
    for page in pages.values():
        rel = page.file.relative_to(site_dir)
        for tag, url in urls_of(page):
            if scheme_of(url) or url.startswith("//"):
                continue  # external; other schemes are checked by test_no_javascript_or_unknown_schemes
            target, fragment = resolve(site, page.file, url)
            if not target.is_file() or site not in target.parents:
                broken.append(f"{rel}: <{tag}> {url} -> missing {target}")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{rel}: <{tag}> {url} -> no id '{fragment}' on {target.relative_to(site)}")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def test_no_resource_from_outside_the_site(site_dir, pages):
    """Only <a> links may point elsewhere; styles, scripts, images and frames must be local (offline)."""
    # <link rel="canonical"> and rel="alternate" name the page's public address (site_url): never fetched.
    named = {
        (p.file, el["href"].strip())
        for p in pages.values()
        for el in p.soup.find_all("link", href=True)
        if {"canonical", "alternate"} & set(el.get("rel") or [])
    }
    outside = [
        f"{p.file.relative_to(site_dir)}: <{tag}> {url}"
        for p in pages.values()
        for tag, url in urls_of(p)
        if tag != "a" and re.match(r"^(https?:)?//", url, re.I) and (p.file, url) not in named
    ]
    assert not outside, "\n".join(outside[:40])


def test_no_javascript_or_unknown_schemes(site_dir, pages):
    bad = []
    for p in pages.values():
        for tag, url in urls_of(p):
            scheme = scheme_of(url)
            if scheme and scheme not in ("http", "https", "mailto", "data"):
                bad.append(f"{p.file.relative_to(site_dir)}: <{tag}> {url}")
            elif scheme == "data" and tag in ("a", "iframe", "object", "embed"):
                bad.append(f"{p.file.relative_to(site_dir)}: <{tag}> {url[:60]}")
    assert not bad, "\n".join(bad[:40])


def test_ids_are_unique_on_every_page(site_dir, pages):
    dupes = []
    for p in pages.values():
        counts = Counter(t["id"] for t in p.soup.find_all(id=True))
        dupes += [f"{p.file.relative_to(site_dir)}: id '{i}' x{n}" for i, n in counts.items() if n > 1]
    assert not dupes, "\n".join(dupes[:40])


def crawl(site_dir: Path, pages: dict[Path, HtmlPage]) -> set[Path]:
    """Every page reachable from index.html by following <a href> links within the site."""
    site = site_dir.resolve()
    start = (site / "index.html").resolve()
    seen = {start}
    queue = deque([start])
    while queue:
        page = pages[queue.popleft()]
        for a in page.soup.find_all("a", href=True):
            href = a["href"].strip()
            if scheme_of(href) or href.startswith(("#", "//")):
                continue
            target, _ = resolve(site, page.file, href)
            if target in pages and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


@pytest.fixture(scope="module")
def reachable(site_dir, pages) -> set[Path]:
    return crawl(site_dir, pages)


def test_every_page_is_reachable_from_home(site_dir, pages, reachable):
    orphans = sorted(
        str(p.relative_to(site_dir.resolve())) for p in pages if p not in reachable and p.name != "404.html"
    )
    assert not orphans, "pages no link leads to:\n" + "\n".join(orphans)


# --- nothing lost -----------------------------------------------------------------------------------------

DATASET = real_dataset()
INDEX = real_index()


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shown_text(value: str) -> str:
    """The text a reader sees for an inline value: [[id]] becomes the entry's title, *em* its words."""

    def link(m: re.Match) -> str:
        if m[2]:
            return m[2]
        entry = DATASET.get(m[1].strip())
        return INDEX.view(entry).title if entry else m[1]

    return norm(markup.plain(LINK_RE.sub(link, value)))


def html_file_of(site_dir: Path, md_path: str) -> Path:
    md = Path(md_path)
    stem = md.with_suffix("")
    if stem.name == "index":
        return (site_dir / stem.parent / "index.html").resolve()
    return (site_dir / stem / "index.html").resolve()


def claim_text_near(page: HtmlPage, anchor: str) -> str:
    el = page.soup.find(id=anchor)
    assert el is not None, anchor
    holder = el.find_parent("li") or el.parent
    # No separator: a claim is inline text, and a link inside it ("(see Title)") must not gain spaces.
    return norm(holder.get_text())


def test_every_entry_is_on_its_page_reachable_from_home(site_dir, pages, reachable):
    missing = []
    for entry in DATASET.all():
        md_path = INDEX.view(entry).page  # Corrections once withdrawn
        target = html_file_of(site_dir, md_path)
        if target not in pages:
            missing.append(f"{entry.path}: page {md_path} was not built")
            continue
        if target not in reachable:
            missing.append(f"{entry.path}: page {md_path} is not reachable from the home page")
        page = pages[target]
        if entry.withdrawn or entry.kind in ("events", "arms-deals", "sanctions-statements", "polls", "questions"):
            heading = page.soup.find(id=entry.id)
            if heading is None:
                missing.append(f"{entry.path}: no #{entry.id} on {md_path}")
                continue
            shown = norm(heading.get_text(" "))
        else:
            shown = norm(page.soup.find("h1").get_text(" "))
        if norm(markup.plain(INDEX.view(entry).title)) not in shown:
            missing.append(f"{entry.path}: title {INDEX.view(entry).title!r} not shown on {md_path} (got {shown!r})")
    assert not missing, "\n".join(missing[:40])


def test_every_claim_is_on_the_site_with_its_text(site_dir, pages):
    missing = []
    checked = 0
    for entry in DATASET.all():
        for part in ("claims", "overview", "roles"):
            items = getattr(entry, part, None) or []
            for number, claim in enumerate(items, 1):
                if entry.withdrawn:
                    page, anchor = pages[html_file_of(site_dir, "corrections.md")], entry.id
                    shown = norm(page.soup.get_text(" "))
                elif getattr(claim, "withdrawn", None):
                    page = pages[html_file_of(site_dir, "corrections.md")]
                    anchor = f"{entry.id}-{'role' if part == 'roles' else 'c'}{number}"
                    shown = claim_text_near(page, anchor) if anchor in page.ids else ""
                else:
                    page = pages[html_file_of(site_dir, INDEX.view(entry).page)]
                    anchor = f"{entry.id}-{'role' if part == 'roles' else 'c'}{number}"
                    if anchor not in page.ids:
                        missing.append(f"{entry.path}: {part} {number}: no #{anchor} on {INDEX.view(entry).page}")
                        continue
                    shown = claim_text_near(page, anchor)
                expected = shown_text(claim.title if part == "roles" else claim.text)
                if expected not in shown:
                    missing.append(
                        f"{entry.path}: {part} {number} text not shown near #{anchor}:\n"
                        f"    expected {expected!r}\n    got      {shown[:300]!r}"
                    )
                checked += 1
    assert not missing, "\n".join(missing[:20])
    assert checked > 50


def test_every_claim_url_in_the_claims_download_is_an_anchor_on_its_page(site_dir, pages):
    """downloads/claims.csv gives each claim's permalink: that page is built and the anchor is an id on it."""
    rows = list(csv.DictReader(io.StringIO((site_dir / "downloads" / "claims.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(
        len(getattr(e, part, None) or []) for e in DATASET.all() for part in ("claims", "overview", "roles")
    )
    broken = []
    for row in rows:
        path = re.sub(r"^(https?://[^/]+)?/", "", row["url"])
        target, anchor = resolve(site_dir, site_dir / "index.html", path)
        if target not in pages:
            broken.append(f"{row['entry_id']} {row['part']} {row['number']}: {row['url']}: no such page")
        elif anchor != row["anchor"] or anchor not in pages[target].ids:
            broken.append(f"{row['entry_id']} {row['part']} {row['number']}: {row['url']}: no #{row['anchor']}")
    assert not broken, "\n".join(broken[:20])


def test_links_resolve_in_a_build_without_directory_urls(tmp_path):
    """Every internal link of a build without directory URLs resolves. Footnotes are raw HTML, which MkDocs does
    not rewrite: their links must follow the build's URL style.
    The pull-request preview is built with --no-directory-urls (pages as x.html, opened from disk)."""
    import subprocess

    from .conftest import ROOT, build_command, build_env

    out = tmp_path / "preview"
    command = build_command(ROOT, out, "--no-directory-urls")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=build_env())
    assert result.returncode == 0, result.stderr[-3000:]
    site, broken, checked = out.resolve(), [], 0
    ids_of: dict[Path, set[str]] = {}
    for html_file in sorted(out.rglob("*.html")):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a[href]"):  # footnotes first of all, but any raw HTML link could have the issue
            url = a["href"]
            if scheme_of(url) or url.startswith("//"):
                continue
            target, fragment = resolve(site, html_file, url)
            checked += 1
            if not target.is_file():
                broken.append(f"{html_file.relative_to(out)}: {url} -> missing {target}")
            elif fragment:
                if target not in ids_of:
                    ids_of[target] = {t["id"] for t in soup_of_file(target).find_all(id=True)}
                if fragment not in ids_of[target]:
                    broken.append(f"{html_file.relative_to(out)}: {url} -> no #{fragment}")
    assert checked > 500 and not broken, "\n".join(broken[:20])
