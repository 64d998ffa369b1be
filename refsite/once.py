"""A value worked out on first use and kept on its object: `functools.cached_property` without the lock.

Python 3.11's `functools.cached_property` takes a lock on every first access (3.12 dropped it as a mistake): a
claim's anchor, URL, withdrawal and status and a date's first and last days are first read some 90,000 times a build
at 20 × the entries, and the lock cost about 0.3 µs each time. The pipeline runs in one thread; were a value ever
worked out twice, it would be the same value. As with functools' version, the value is stored in the object's
`__dict__` under the property's name, so every later read is a plain attribute lookup (and the class needs a
`__dict__`: no `__slots__`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class cached_property(Generic[T]):  # (named as the functools decorator it stands in for)
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
