"""Qt-free logic of the Excel dialogs: which maps to export, the default workbook name, and
the rows the change and error lists show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vsm_desktop.model import Workspace

if TYPE_CHECKING:
    # Only a type here: the module loads openpyxl (and NumPy), which start-up does not need.
    from vsm_desktop.export.workbook_read import WorkbookError

__all__ = [
    "ChangeLine",
    "MapChoice",
    "change_lines",
    "default_workbook_path",
    "error_rows",
    "with_xlsx_suffix",
]


@dataclass
class MapChoice:
    """The maps offered for export, in workspace order, and which are ticked (all at first:
    the Summary and Compare sheets are most useful with every map)."""

    maps: list[tuple[str, str]]  # (map id, label)
    chosen: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, workspace: Workspace) -> MapChoice:
        maps = []
        for value_map in workspace.maps.values():
            # The demo's maps say their role in the name already ("… — current").
            shown = value_map.role in ("current", "target")
            role = (
                f" ({value_map.role})"
                if shown and value_map.role not in value_map.name.lower()
                else ""
            )
            maps.append((value_map.id, f"{value_map.name}{role}"))
        return cls(maps, {map_id for map_id, _ in maps})

    def set_chosen(self, map_id: str, on: bool) -> None:
        if map_id not in {m for m, _ in self.maps}:
            raise KeyError(f"no map with id {map_id!r} to export")
        if on:
            self.chosen.add(map_id)
        else:
            self.chosen.discard(map_id)

    def set_all(self, on: bool) -> None:
        self.chosen = {m for m, _ in self.maps} if on else set()

    @property
    def can_export(self) -> bool:
        return bool(self.chosen)

    def chosen_ids(self) -> list[str]:
        """The ticked maps in workspace order (the workbook's sheet order)."""
        return [m for m, _ in self.maps if m in self.chosen]


def default_workbook_path(workspace_path: Path | None, last_directory: str = "") -> Path:
    """``<workspace>.xlsx`` beside the workspace file; an untitled workspace goes to the last
    folder used (else home) as ``Untitled.xlsx``."""
    if workspace_path is not None:
        return workspace_path.with_suffix(".xlsx")
    folder = Path(last_directory) if last_directory else Path.home()
    return folder / "Untitled.xlsx"


def with_xlsx_suffix(path: str) -> Path:
    """The chosen name, with ``.xlsx`` added when the user typed none (Excel needs it)."""
    return Path(path) if path.lower().endswith(".xlsx") else Path(f"{path}.xlsx")


@dataclass(frozen=True)
class ChangeLine:
    """One line of the change list: a map heading or one change under it."""

    text: str
    heading: bool


def change_lines(lines: Iterable[str]) -> list[ChangeLine]:
    """:meth:`WorkbookUpdate.describe` lines: unindented ones name a map, indented ones are its
    changes (shown without the indent, under their heading)."""
    out = []
    for line in lines:
        indented = line.startswith(" ")
        out.append(ChangeLine(line.strip(), heading=not indented))
    return out


def error_rows(errors: Sequence[WorkbookError]) -> list[tuple[str, str, str, str]]:
    """(sheet, row, column, problem) per error, as the error list shows them; ``—`` where the
    problem is not in one cell (a whole sheet or the file)."""
    rows = []
    for error in errors:
        column = error.column
        if column and error.header:
            column = f"{column} ({error.header})"
        rows.append(
            (
                error.sheet or "(workbook)",
                str(error.row) if error.row else "—",
                column or "—",
                error.message,
            )
        )
    return rows
