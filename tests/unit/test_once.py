"""refsite/once.py: a property worked out on first use and kept on its object, as functools.cached_property."""

from __future__ import annotations

from dataclasses import dataclass
import threading

from refsite.dates import FuzzyDate
from refsite.once import cached_property


@dataclass(frozen=True)
class Counted:
    base: int
    calls: list[int]

    @cached_property
    def doubled(self) -> int:
        """Twice base."""
        self.calls.append(self.base)
        return 2 * self.base


def test_worked_out_once_and_kept_on_the_object() -> None:
    calls: list[int] = []
    a, b = Counted(3, calls), Counted(5, calls)
    assert "doubled" not in a.__dict__
    assert (a.doubled, a.doubled, b.doubled, a.doubled) == (6, 6, 10, 6)
    assert calls == [3, 5]  # once per object, however often it is read
    assert a.__dict__["doubled"] == 6  # later reads are plain attribute lookups (a frozen dataclass too)


def test_read_on_the_class_is_the_descriptor() -> None:
    prop = Counted.doubled
    assert isinstance(prop, cached_property)
    assert (prop.name, prop.__doc__) == ("doubled", "Twice base.")


def test_takes_no_lock() -> None:
    # (functools.cached_property in Python 3.11 holds an RLock while it works the value out: the cost this avoids)
    assert not any(isinstance(v, type(threading.RLock())) for v in vars(Counted.doubled).values())


def test_dates_use_it() -> None:
    date = FuzzyDate.parse("2019-10/2020")
    assert date.sort_key == (date.start.first_day, date.end.last_day)
    assert str(date.sort_key[1]) == "2020-12-31"
    assert date.__dict__["sort_key"] is date.sort_key
