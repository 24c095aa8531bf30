"""What can go wrong in an import: row problems, the abort with all of them, and cancelling
(the cancel primitives live in :mod:`vsm_desktop.store.cancel`, re-exported here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vsm_desktop.store.cancel import CancelFlag, ImportCancelled, Progress, check_cancel

__all__ = [
    "CancelFlag",
    "ImportCancelled",
    "ImportFileError",
    "ImportProblems",
    "Progress",
    "RowProblem",
    "check_cancel",
]


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
            f"(skip the bad rows to import the rest):\n{shown}{tail}"
        )
