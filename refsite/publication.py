"""The site as a publication: its name, configured address, licence and data version.

Citations (refsite/cite.py), downloads (refsite/downloads.py) and the feed name the site, link to it and say
which data version they hold; all of them read it from here. Permalinks are absolute only when the site's
address is configured (MkDocs' site_url); otherwise they are site-relative paths, never a guessed address.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import re

from .dates import MONTHS
from .history import Versions, day_label
from .index import built_path

SITE_NAME = "Serbia–Russia Relations Reference"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Publication:
    """The site as a publication: its name, address (if configured) and data version."""

    name: str = SITE_NAME
    url: str | None = None  # absolute base URL ending in "/", or None when not configured
    version_date: dt.date | None = None
    version_id: str | None = None  # short commit of the data version

    @classmethod
    def from_settings(cls, name: str | None, url: str | None, versions: Versions | None = None) -> Publication:
        url = (url or "").strip()
        if url and not re.match(r"^https?://[^\s/]+(/\S*)?$", url):
            url = ""
        head = versions.head if versions is not None else None
        return cls(
            name=(name or "").strip() or SITE_NAME,
            url=(url.rstrip("/") + "/") if url else None,
            version_date=head.date if head else None,
            version_id=head.short if head else None,
        )

    def permalink(self, md_target: str) -> str:
        """Absolute URL of 'timeline.md#x' (or '/timeline/#x' when the site's address is not configured)."""
        path = built_path(md_target)
        return (self.url + path) if self.url else "/" + path

    def absolute(self, path: str) -> str:
        """Absolute URL of a file of the site such as 'feed.xml' (site-relative without a configured address)."""
        return (self.url + path) if self.url else "/" + path

    @property
    def version_iso(self) -> str | None:
        return self.version_date.isoformat() if self.version_date else None

    @property
    def version_label(self) -> str:
        d = self.version_date
        if not d:
            return "unversioned"
        return day_label(d) + (f" ({self.version_id})" if self.version_id else "")

    @property
    def apa_date(self) -> str:
        return apa_date(self.version_date)


def apa_date(day: dt.date | None) -> str:
    """A date in a reference, in APA's order: '2026, December 3'; 'n.d.' without one."""
    return f"{day.year}, {MONTHS[day.month]} {day.day}" if day else "n.d."
