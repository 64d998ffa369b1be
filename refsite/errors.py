"""Data errors: every problem found in data/ is reported with its file, line and a fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import difflib
import re

# Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """text with every control character written as an escape (ESC -> \\x1b): messages quote values from
    data files, and a value must not drive the terminal or split a message over lines."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class DataError:
    path: str  # relative to the project root, e.g. "data/events/x.yml"
    line: int
    column: int
    message: str
    hint: str = ""

    @classmethod
    def for_file(cls, path: str, message: str, hint: str = "") -> DataError:
        """An error about a whole file (its name, its folder, a clash): reported at its first line."""
        return cls(path, 1, 1, message, hint)

    def __post_init__(self) -> None:
        for name in ("path", "message", "hint"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def github_annotation(self) -> str:
        # GitHub Actions turns this workflow command into an annotation on the PR line.
        msg = self.message + (f" ({self.hint})" if self.hint else "")
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = path.replace(":", "%3A").replace(",", "%2C")  # property values escape these too
        return f"::error file={path},line={self.line},col={self.column}::{msg}"


class DataErrors(Exception):
    """Raised when data/ does not validate; carries every error found, sorted by file and line."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.summary())

    def summary(self) -> str:
        n = len(self.errors)
        return f"{n} data error{'s' if n != 1 else ''} in data/ (see above; fix them and rebuild)"

    def report(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint for a mistyped id, or the empty string."""
    choices = list(choices)
    matches = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not matches:
        # Ids are often typed as a prefix of the real one ('rferl-2020' for 'rferl-2020-02-17').
        prefixed = sorted(c for c in choices if c.startswith(value) or value.startswith(c))
        matches = prefixed[:1]
    return f"did you mean '{matches[0]}'?" if matches else ""
