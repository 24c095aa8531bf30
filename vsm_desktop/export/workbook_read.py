"""Read back a workbook written by :func:`~vsm_desktop.export.workbook_write.export_workbook`,
as edited in Excel or LibreOffice, into one undoable change per map.

Row 2 of each map sheet gives the map's calendar and demand (see
:mod:`vsm_desktop.export.workbook_params`); they change in the same undo step as the stages.
What is read from each map sheet's stage table (by header text, so columns may move):
``id`` (hidden; keeps a stage's identity through renames), ``stage``, ``team``, ``touch (h)``,
``wait (h)``, ``%C&A``, ``people``, ``next``, ``rework_to``, ``rework_rate`` and any column that is
not one of ours (a data-box field). A row without an id is a new stage; a stage whose row is gone
is removed. Formula columns are never read, so the import works on files saved by any program
(openpyxl only sees the values a spreadsheet program cached).

The cells are checked by :func:`vsm_desktop.export.stage_table.parse_stage_rows` (the stage-table
rules: durations, percents, rates, unknown or duplicate names), the result by the analysis'
validation (loops without a rework handoff). Every problem is collected with its sheet, row and
column before :class:`WorkbookReadError` is raised; the workspace is never touched here.

Entity expansion: openpyxl parses worksheet XML with defusedxml when it is installed (a runtime
dependency of ours), which refuses entity declarations, and other parts with lxml's
``resolve_entities=False``; a workbook carrying an entity bomb is reported as unreadable.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from vsm_desktop.analysis import Comparison, validate
from vsm_desktop.model import (
    Command,
    MacroCommand,
    ReplaceMapContentCommand,
    ValueMap,
    Workspace,
)

from .stage_table import X_STEP, StageRow, StageTable, StageTableError, parse_stage_rows
from .stage_table import stage_table_command as _stage_table_command
from .workbook_changes import content_after, describe_changes
from .workbook_format import (
    EDITABLE,
    FORMAT_NAME,
    FORMAT_VERSION,
    KNOWN_HEADERS,
    META_SHEET,
    SECTION_TITLES,
    field_key,
)
from .workbook_params import read_params

__all__ = ["MapUpdate", "WorkbookError", "WorkbookReadError", "WorkbookUpdate", "read_workbook"]

#: Our header -> the stage-table column it is checked as.
_AS_STAGE_TABLE = {
    "stage": "stage",
    "team": "team",
    "touch (h)": "touch",
    "wait (h)": "wait",
    "%c&a": "pca",
    "next": "next",
    "rework_to": "rework_to",
    "rework_rate": "rework_rate",
    "people": "people",
}
_HEADER_SCAN_ROWS = 30
_SAME = 1e-6  # seconds: an hours value read back that differs by less is unchanged


@dataclass(frozen=True, slots=True)
class WorkbookError:
    """One problem: ``row`` as numbered in the spreadsheet (0: the whole sheet or file),
    ``column`` its letter ("" when none), ``header`` the column's title when known."""

    sheet: str
    row: int
    column: str
    message: str
    header: str = ""

    def __str__(self) -> str:
        where = [f"sheet {self.sheet!r}"] if self.sheet else ["workbook"]
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}" + (f" ({self.header})" if self.header else ""))
        return f"{', '.join(where)}: {self.message}"


class WorkbookReadError(ValueError):
    """The workbook cannot be read back; ``errors`` lists every problem. Nothing changed."""

    def __init__(self, source: str, errors: Sequence[WorkbookError], limit: int = 30) -> None:
        self.source = source
        self.errors = list(errors)
        lines = [f"{source}: {len(self.errors)} problem(s), nothing changed:"]
        lines += [f"  {e}" for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"  … and {len(self.errors) - limit} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class MapUpdate:
    """The change read for one map: apply ``command``; ``changes`` says what it does."""

    map_id: str
    map_name: str
    sheet: str
    command: ReplaceMapContentCommand
    comparison: Comparison
    changes: tuple[str, ...]


@dataclass(frozen=True)
class WorkbookUpdate:
    source: str
    maps: tuple[MapUpdate, ...]
    unchanged: tuple[str, ...]  # names of maps whose sheet holds no change

    @property
    def is_empty(self) -> bool:
        return not self.maps

    @property
    def command(self) -> Command | None:
        """One undo step for the whole workbook (``None`` when nothing changed)."""
        if not self.maps:
            return None
        if len(self.maps) == 1:
            return self.maps[0].command
        return MacroCommand("Update from Excel", [m.command for m in self.maps])

    def describe(self) -> list[str]:
        lines: list[str] = []
        for update in self.maps:
            lines.append(f"{update.map_name}:")
            lines += [f"  {change}" for change in update.changes]
        lines += [f"{name}: no change" for name in self.unchanged]
        return lines


def read_workbook(path: str | os.PathLike[str], ws: Workspace) -> WorkbookUpdate:
    """Read the edited workbook ``path`` against ``ws``; raises :class:`WorkbookReadError`."""
    import openpyxl

    source = os.fspath(path)
    if not openpyxl.DEFUSEDXML:  # defusedxml missing, or OPENPYXL_DEFUSEDXML=False
        message = "refusing to read workbooks without defusedxml (XML entity protection)"
        raise WorkbookReadError(source, [WorkbookError("", 0, "", message)])
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError:
        raise WorkbookReadError(source, [WorkbookError("", 0, "", "file not found")]) from None
    except Exception as exc:  # a corrupt or hostile file raises many kinds
        raise WorkbookReadError(source, [WorkbookError("", 0, "", _unreadable(exc))]) from None
    try:
        return _read(book, source, ws)
    except WorkbookReadError:
        raise
    except Exception as exc:  # worksheets are parsed lazily, while reading
        raise WorkbookReadError(source, [WorkbookError("", 0, "", _unreadable(exc))]) from None
    finally:
        book.close()


def _unreadable(exc: BaseException) -> str:
    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps the parser's error in its own
        name = type(cause).__name__
        if name in {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"} or (
            "entity" in str(cause).lower()
        ):
            return "the workbook's XML declares entities, which are refused for safety"
        cause = cause.__cause__ or cause.__context__
    first_line = (str(exc) or type(exc).__name__).splitlines()[0]
    return f"cannot read the workbook (not an .xlsx file, or damaged): {first_line}"


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def _read(book: Any, source: str, ws: Workspace) -> WorkbookUpdate:
    records = _meta(book, source)
    errors: list[WorkbookError] = []
    updates: list[MapUpdate] = []
    unchanged: list[str] = []
    for map_id, title, meta_row in records:
        if map_id not in ws.maps:
            errors.append(
                WorkbookError(
                    META_SHEET,
                    meta_row,
                    "A",
                    f"the map of sheet {title!r} is not in this workspace (it was exported from "
                    "another workspace, or deleted since)",
                )
            )
            continue
        if title not in book.sheetnames:
            errors.append(WorkbookError(title, 0, "", "the sheet of this map is missing"))
            continue
        value_map = ws.map(map_id)
        try:
            update = _read_map(title, _rows(book[title]), value_map)
        except _SheetProblems as problems:
            errors.extend(problems.errors)
            continue
        if update is None:
            unchanged.append(value_map.name)
        else:
            updates.append(update)
    if errors:
        raise WorkbookReadError(source, errors)
    return WorkbookUpdate(source, tuple(updates), tuple(unchanged))


def _meta(book: Any, source: str) -> list[tuple[str, str, int]]:
    not_ours = WorkbookError(
        "",
        0,
        "",
        "this workbook was not exported by VSM Desktop (no _vsm sheet); to read a plain stage "
        "table use 'vsm stages'",
    )
    if META_SHEET not in book.sheetnames:
        raise WorkbookReadError(source, [not_ours])
    rows = _rows(book[META_SHEET])
    info = {str(r[0]): r[1] for r in rows[:5] if len(r) > 1 and r[0] is not None}
    if info.get("format") != FORMAT_NAME:
        raise WorkbookReadError(source, [not_ours])
    version = info.get("version")
    if not isinstance(version, int | float) or version > FORMAT_VERSION:
        message = f"workbook format {version!r} is newer than this app reads ({FORMAT_VERSION})"
        raise WorkbookReadError(source, [WorkbookError(META_SHEET, 2, "B", message)])
    records: list[tuple[str, str, int]] = []
    for number, row in enumerate(rows[6:], start=7):
        if len(row) < 2 or not row[0]:
            break
        records.append((str(row[0]), str(row[1]), number))
    return records


class _SheetProblems(Exception):
    def __init__(self, errors: list[WorkbookError]) -> None:
        self.errors = errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _blank(row: Sequence[Any]) -> bool:
    return all(_text(v) == "" for v in row)


def _find_header(title: str, rows: list[tuple[Any, ...]]) -> int:
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        names = {_text(v).casefold() for v in row}
        if "stage" in names and "touch (h)" in names:
            return index
    raise _SheetProblems(
        [
            WorkbookError(
                title,
                0,
                "",
                "no stage table: no row with the headers 'stage' and "
                "'touch (h)' in the first 30 rows",
            )
        ]
    )


def _read_map(title: str, rows: list[tuple[Any, ...]], value_map: ValueMap) -> MapUpdate | None:
    h = _find_header(title, rows)
    header_row = h + 1
    headers = [_text(v) for v in rows[h]]
    # Row 2 first: text durations in the table are read with the calendar as edited there.
    params, param_errors = read_params(rows[:h], value_map)
    errors = [WorkbookError(title, r, col, msg, label) for r, col, label, msg in param_errors]
    ours: dict[str, int] = {}
    fields: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = header.casefold()
        if not key:
            continue
        letter = get_column_letter(index + 1)
        if key in ours or field_key(header) in fields:
            errors.append(WorkbookError(title, header_row, letter, "column appears twice", header))
        elif key in KNOWN_HEADERS:
            ours[key] = index
        else:
            fields[field_key(header)] = index
    missing = [name for name in EDITABLE if name.casefold() not in ours]
    if missing:
        errors.append(
            WorkbookError(title, header_row, "", f"missing column(s): {', '.join(missing)}")
        )
        raise _SheetProblems(errors)

    def cell(row: Sequence[Any], index: int | None) -> Any:
        return row[index] if index is not None and index < len(row) else None

    body: list[tuple[Any, ...]] = []
    stage_at, touch_at, wait_at = ours["stage"], ours["touch (h)"], ours["wait (h)"]
    for row in rows[h + 1 :]:
        if _blank(row):
            break  # the stage table ends at the first empty row; handoffs etc. follow
        if _text(cell(row, stage_at)) in SECTION_TITLES and not (
            _text(cell(row, touch_at)) or _text(cell(row, wait_at))
        ):
            break  # rows were added until the table ran into the next section
        body.append(row)

    table_columns = [(our, name) for our, name in _AS_STAGE_TABLE.items() if our in ours]
    cells: list[list[Any]] = [[] for _ in range(h)]
    cells.append([name for _, name in table_columns])
    for row in body:
        cells.append([cell(row, ours[our]) for our, _ in table_columns])
    letters = {name: get_column_letter(ours[our] + 1) for our, name in table_columns}
    titles = {name: headers[ours[our]] for our, name in table_columns}
    try:
        # The sheet describes the whole map: no rows is a map with no stages (as exported for
        # an empty map, or every row deleted), not a mistake.
        table = parse_stage_rows(cells, title, params.calendar, "h", allow_empty=True)
    except StageTableError as exc:
        for row_no, column, message in exc.errors:
            errors.append(
                WorkbookError(
                    title, row_no, letters.get(column, ""), message, titles.get(column, "")
                )
            )
    if errors:
        raise _SheetProblems(errors)

    by_row = {header_row + 1 + k: row for k, row in enumerate(body)}
    ids: dict[int, str] = {}  # sheet row -> id of the stage it keeps
    taken: set[str] = set()
    for stage_row in table.rows:
        stage_id = _text(cell(by_row[stage_row.row], ours["id"]))
        # A copied row carries its original's hidden id: the first one keeps it, copies are new.
        if stage_id in value_map.stages and stage_id not in taken:
            ids[stage_row.row] = stage_id
            taken.add(stage_id)
    table = _with_fields(table, by_row, fields)
    table = _snap(table, ids, value_map)
    command = _command(table, ids, value_map)
    command.map_changes = params.changes(value_map)  # the same undo step as the table's edits
    _check(title, table, command, value_map, letters)
    comparison, changes = describe_changes(value_map, command)
    if not changes:
        return None
    return MapUpdate(value_map.id, value_map.name, title, command, comparison, changes)


def _with_fields(
    table: StageTable, by_row: dict[int, tuple[Any, ...]], fields: dict[str, int]
) -> StageTable:
    rows = []
    for row in table.rows:
        raw = by_row[row.row]
        values = {k: _text(raw[i]) for k, i in fields.items() if i < len(raw) and _text(raw[i])}
        rows.append(dataclasses.replace(row, fields=values))
    return dataclasses.replace(table, rows=tuple(rows))


def _snap(table: StageTable, ids: dict[int, str], value_map: ValueMap) -> StageTable:
    """Hours written and read back may differ from the stored seconds in the last bit; keep
    the stored value then, so an untouched time is not reported (or recorded) as changed."""
    rows: list[StageRow] = []
    for row in table.rows:
        old = value_map.stages.get(ids.get(row.row, ""))
        if old is not None:
            changes: dict[str, Any] = {}
            for name in ("touch_s", "wait_s"):
                new, before = getattr(row, name), getattr(old, name)
                if (
                    new is not None
                    and before is not None
                    and math.isclose(new, before, rel_tol=1e-12, abs_tol=_SAME)
                ):
                    changes[name] = before
            row = dataclasses.replace(row, **changes)
        rows.append(row)
    return dataclasses.replace(table, rows=tuple(rows))


def _command(
    table: StageTable, ids: dict[int, str], value_map: ValueMap
) -> ReplaceMapContentCommand:
    """Build the new content with the stage-table rules, matching stages by id: a stand-in map
    whose kept stages carry their new names lets the name-matching builder keep each stage's
    id, position, notes, link, hooks and sources, and each handoff's id, kind and label."""
    names = {r.row: r.name for r in table.rows}
    stand_in = copy.copy(value_map)
    stand_in.stages = {
        stage_id: dataclasses.replace(value_map.stages[stage_id], name=names[row_no])
        for row_no, stage_id in ids.items()
    }
    command = _stage_table_command(table, stand_in)
    command.label = f"Update {value_map.name} from Excel"
    kept = [s for s in command.stages if s.id in value_map.stages]
    new = [s for s in command.stages if s.id not in value_map.stages]
    right = max((s.x for s in kept), default=-X_STEP)
    y = kept[-1].y if kept else 0.0
    for k, stage in enumerate(new, start=1):
        stage.x, stage.y = right + k * X_STEP, y
    return command


def _check(
    title: str,
    table: StageTable,
    command: ReplaceMapContentCommand,
    value_map: ValueMap,
    letters: dict[str, str],
) -> None:
    after = content_after(value_map, command)
    row_of = {}
    for stage, row in zip(command.stages, table.rows, strict=True):
        row_of[stage.id] = row.row
    errors = []
    for problem in validate(after):
        if problem.severity != "error":
            continue
        column = {"cycle": "next", "rework_rate": "rework_rate"}.get(problem.kind, "")
        first = min((row_of[s] for s in problem.stage_ids if s in row_of), default=0)
        errors.append(WorkbookError(title, first, letters.get(column, ""), problem.message, column))
    if errors:
        raise _SheetProblems(errors)
