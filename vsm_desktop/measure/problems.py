"""What can go wrong in an import: row problems, the abort with all of them, and cancelling."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "CancelFlag",
    "ImportCancelled",
    "ImportFileError",
    "ImportProblems",
    "Progress",
    "RowProblem",
    "check_cancel",
]

#: Called with the share done so far, 0.0 to 1.0.
Progress = Callable[[float], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()``; a :class:`threading.Event` is the usual one."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One bad row: ``row`` is its line in the file (1-based, the header being line 1 for
    tables), 0 when the problem is about the whole file."""

    row: int
    reason: str
    column: str | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        col = f", column {self.column!r}" if self.column else ""
        return f"{where}{col}: {self.reason}"


class ImportFileError(ValueError):
    """An import that cannot go ahead at all (unreadable file, wrong sheet, unknown column)."""


class ImportProblems(ImportFileError):
    """Rows were bad and ``on_error="abort"``: nothing was written. ``problems`` lists them."""

    def __init__(self, source: str, problems: Sequence[RowProblem], limit: int = 20) -> None:
        self.source = source
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:limit])
        more = len(self.problems) - limit
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(
            f"{source}: {len(self.problems)} bad row(s), nothing imported "
            f"(use skip-bad-rows to import the rest):\n{shown}{tail}"
        )


class ImportCancelled(Exception):
    """The user cancelled the import; nothing was written."""


def check_cancel(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled("import cancelled")
