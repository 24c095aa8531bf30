"""Create or update a map from a stage table (CSV or XLSX), one row per stage.

Columns (header names are case-insensitive and trimmed):

- required: ``stage, team, touch, wait, pca, next``
- optional: ``rework_to, rework_rate, people``
- any other column becomes a data-box field of the stage (``Stage.fields``).

``next`` and ``rework_to`` list stage names separated by ``;``. ``touch`` and ``wait`` are
durations read with the map's calendar (a bare number is in the display unit); an empty cell
means "not yet known". ``pca`` is a percent 0..100 (``%`` allowed; empty = 100). ``rework_rate``
is a share of items: ``15%`` is a percent, a bare number is a fraction (``0.15``); it must lie in
[0, 1); empty = ``1 - pca/100`` of the row's stage, as the design defines.

Every bad row is reported with its row number as a person sees it in the file (the header is
row 1); all errors are collected before :class:`StageTableError` is raised, and nothing is
changed. Nothing here imports Qt.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vsm_desktop.model import (
    WORKING,
    Calendar,
    DurationError,
    Handoff,
    Note,
    ReplaceMapContentCommand,
    Stage,
    ValueMap,
    parse_duration,
)

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "StageRow",
    "StageTable",
    "StageTableError",
    "build_map_content",
    "read_stage_table",
    "stage_table_command",
]

REQUIRED_COLUMNS = ("stage", "team", "touch", "wait", "pca", "next")
OPTIONAL_COLUMNS = ("rework_to", "rework_rate", "people")
X_STEP = 220.0
Y_STEP = 160.0

TableError = tuple[int, str, str]  # (row as seen in the file, column, message)


class StageTableError(ValueError):
    """A stage table could not be used; ``errors`` lists every ``(row, column, message)``."""

    def __init__(self, source: str, errors: Sequence[TableError]) -> None:
        self.source = source
        self.errors = list(errors)
        lines = [f"{source}: {len(self.errors)} problem(s) in the stage table:"]
        for row, column, message in self.errors:
            where = f"row {row}" if row else "file"
            if column:
                where += f", column {column!r}"
            lines.append(f"  {where}: {message}")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class StageRow:
    """One stage as read from the table; times in working seconds."""

    row: int
    name: str
    team: str
    touch_s: float | None
    wait_s: float | None
    pca: float
    next: tuple[str, ...]
    rework_to: tuple[str, ...] = ()
    rework_rate: float | None = None
    people: float = 1.0
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StageTable:
    """The checked rows of one stage table."""

    source: str
    rows: tuple[StageRow, ...]
    calendar: Calendar = WORKING
    unit: str = "h"


# -- reading the raw cells ----------------------------------------------------------------------
Cell = str | float | int | None


def _read_csv(path: Path) -> list[list[Cell]]:
    data = path.read_bytes()
    # utf-8-sig reads plain UTF-8 too and drops a BOM; cp1252 is what Excel on Windows writes;
    # UTF-16 with a BOM is Excel's "Unicode text", which cp1252 would turn into garbage headers.
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    delimiter = _sniff_delimiter(text)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _sniff_delimiter(text: str) -> str:
    # The header row decides: csv.Sniffer guesses wrong on short tables with ';' in cells.
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts: dict[str, int] = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_xlsx(path: Path, sheet: str | None) -> list[list[Cell]]:
    import openpyxl  # only needed for spreadsheets

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            names = ", ".join(repr(n) for n in workbook.sheetnames)
            raise StageTableError(str(path), [(0, "", f"no sheet {sheet!r}; sheets: {names}")])
        rows: list[list[Cell]] = []
        for raw in worksheet.iter_rows():
            cells: list[Cell] = []
            for cell in raw:
                value = getattr(cell, "value", None)
                fmt = str(getattr(cell, "number_format", "") or "")
                # A cell formatted as percent holds 0.85 for 85%: keep what the person sees.
                if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
                    cells.append(f"{value * 100:g}%")
                elif value is None or isinstance(value, str | int | float):
                    cells.append(value)
                else:
                    cells.append(str(value))
            rows.append(cells)
        return rows
    finally:
        workbook.close()


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _names(cell: Cell) -> tuple[str, ...]:
    parts = [p.strip() for p in _text(cell).split(";")]
    return tuple(dict.fromkeys(p for p in parts if p))


# -- parsing cell values ------------------------------------------------------------------------
def _percent(cell: Cell) -> float:
    """A percent 0..100 from ``85``, ``85%`` or ``85,5 %``; raises ValueError with the reason."""
    text = _text(cell)
    if not text:
        return 100.0
    number = text[:-1].strip() if text.endswith("%") else text
    try:
        value = float(number.replace(",", "."))
    except ValueError:
        raise ValueError(f"{text!r} is not a percent; write e.g. 85 or 85%") from None
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        raise ValueError(f"%C&A {text!r} is outside 0..100")
    return value


def _rate(cell: Cell) -> float | None:
    """A rework rate: ``15%`` is a percent, a bare number a fraction; must lie in [0, 1)."""
    text = _text(cell)
    if not text:
        return None
    is_percent = text.endswith("%")
    number = text[:-1].strip() if is_percent else text
    try:
        value = float(number.replace(",", "."))
    except ValueError:
        raise ValueError(f"{text!r} is not a rate; write e.g. 15% or 0.15") from None
    if is_percent:
        value /= 100.0
    if math.isnan(value) or not 0.0 <= value < 1.0:
        hint = "" if is_percent or value < 1 else f" (write {text}% for a percent)"
        raise ValueError(f"rework rate {text!r} is outside [0, 1){hint}")
    return value


def _people(cell: Cell) -> float:
    text = _text(cell)
    if not text:
        return 1.0
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{text!r} is not a number of people") from None
    if math.isnan(value) or math.isinf(value) or value <= 0:
        raise ValueError(f"people {text!r} must be a number above zero")
    return value


def _duration(cell: Cell, calendar: Calendar, unit: str) -> float | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return parse_duration(float(cell), calendar, unit)
    text = _text(cell)
    return parse_duration(text, calendar, unit) if text else None


# -- the table ----------------------------------------------------------------------------------
def read_stage_table(
    path: str | Path, calendar: Calendar = WORKING, unit: str = "h", sheet: str | None = None
) -> StageTable:
    """Read and check a CSV or XLSX stage table; raises :class:`StageTableError` listing every
    bad row. ``sheet`` picks a worksheet by name (XLSX only; default the first)."""
    path = Path(path)
    source = str(path)
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            cells = _read_xlsx(path, sheet)
        else:
            if sheet is not None:
                raise StageTableError(source, [(0, "", "--sheet applies to .xlsx files only")])
            cells = _read_csv(path)
    except StageTableError:
        raise
    except FileNotFoundError:
        raise StageTableError(source, [(0, "", "file not found")]) from None
    except Exception as exc:  # a corrupt workbook raises many kinds; report, don't trace back
        raise StageTableError(source, [(0, "", f"cannot read the file: {exc}")]) from None
    return parse_stage_rows(cells, source, calendar, unit)


def parse_stage_rows(
    cells: Sequence[Sequence[Cell]],
    source: str,
    calendar: Calendar = WORKING,
    unit: str = "h",
    *,
    allow_empty: bool = False,
) -> StageTable:
    """Check raw rows (the first non-empty one is the header) and return the table.

    A header with no rows is refused unless ``allow_empty``: a table file made to fill a map
    with none is a mistake, but an exported sheet of a map with no stages is just that map.
    """
    errors: list[TableError] = []
    numbered = [(i + 1, list(r)) for i, r in enumerate(cells) if any(_text(c) for c in r)]
    if not numbered:
        raise StageTableError(source, [(1, "", "the table is empty; expected a header row")])
    header_row, header = numbered[0]
    columns: dict[str, int] = {}
    extras: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = _text(cell)
        if not title:
            continue
        key = title.casefold()
        if key in columns or key in {t.casefold() for t in extras}:
            errors.append((header_row, title, "column appears twice"))
        elif key in REQUIRED_COLUMNS or key in OPTIONAL_COLUMNS:
            columns[key] = index
        else:
            extras[title] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        errors.append((header_row, "", f"missing column(s): {', '.join(missing)}"))
        raise StageTableError(source, errors)

    def get(raw: list[Cell], column: str) -> Cell:
        index = columns.get(column)
        return raw[index] if index is not None and index < len(raw) else None

    rows: list[StageRow] = []
    seen: dict[str, int] = {}
    # (row, name, next, rework_to) of every row, bad ones too, so all errors show at once.
    refs: list[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = []
    for row_no, raw in numbered[1:]:
        row_errors: list[TableError] = []
        name = _text(get(raw, "stage"))
        if not name:
            row_errors.append((row_no, "stage", "empty stage name"))
        elif name.casefold() in seen:
            first = seen[name.casefold()]
            row_errors.append((row_no, "stage", f"duplicate stage {name!r} (first in row {first})"))
        else:
            seen[name.casefold()] = row_no
        times: dict[str, float | None] = {}
        for column in ("touch", "wait"):
            try:
                times[column] = _duration(get(raw, column), calendar, unit)
            except DurationError as exc:
                row_errors.append((row_no, column, str(exc)))
        values: dict[str, object] = {}
        for column, parse in (("pca", _percent), ("rework_rate", _rate), ("people", _people)):
            try:
                values[column] = parse(get(raw, column))
            except ValueError as exc:
                row_errors.append((row_no, column, str(exc)))
        rework_to = _names(get(raw, "rework_to"))
        if values.get("rework_rate") is not None and not rework_to:
            row_errors.append((row_no, "rework_rate", "a rework rate needs a rework_to stage"))
        fields = {
            title: _text(raw[i]) for title, i in extras.items() if i < len(raw) and _text(raw[i])
        }
        refs.append((row_no, name, _names(get(raw, "next")), rework_to))
        errors.extend(row_errors)
        if row_errors:
            continue
        rows.append(
            StageRow(
                row=row_no,
                name=name,
                team=_text(get(raw, "team")),
                touch_s=times["touch"],
                wait_s=times["wait"],
                pca=float(values["pca"]),  # type: ignore[arg-type]
                next=_names(get(raw, "next")),
                rework_to=rework_to,
                rework_rate=values["rework_rate"],  # type: ignore[arg-type]
                people=float(values["people"]),  # type: ignore[arg-type]
                fields=fields,
            )
        )
    if len(numbered) == 1 and not allow_empty:
        errors.append((header_row, "", "the table has a header but no stages"))
    errors.extend(_check_references(refs, seen))
    if errors:
        raise StageTableError(source, sorted(errors, key=lambda e: e[0]))
    return StageTable(source, tuple(rows), calendar, unit)


def _check_references(
    refs: Iterable[tuple[int, str, tuple[str, ...], tuple[str, ...]]], known: dict[str, int]
) -> list[TableError]:
    errors: list[TableError] = []
    for row, own, successors, rework_to in refs:
        for column, names in (("next", successors), ("rework_to", rework_to)):
            for name in names:
                if name.casefold() not in known:
                    errors.append((row, column, f"unknown stage {name!r}"))
                elif own and name.casefold() == own.casefold():
                    errors.append((row, column, f"stage {own!r} names itself"))
    return errors


# -- building the map content -------------------------------------------------------------------
def build_map_content(
    table: StageTable, existing: ValueMap | None
) -> tuple[list[Stage], list[Handoff]]:
    """Stages and handoffs for the table. Stages matched by name (case-insensitive) in
    ``existing`` keep their id, position, notes, hooks and link; handoffs that already existed
    between the same stages keep their id, kind and label. New stages are laid out left to right.
    Apply the result with one :class:`ReplaceMapContentCommand`."""
    stages: list[Stage] = []
    by_name: dict[str, Stage] = {}
    placed: set[str] = set()
    for row in table.rows:
        old = existing.stage_named(row.name) if existing is not None else None
        stage = Stage(
            name=row.name,
            team=row.team,
            touch_s=row.touch_s,
            wait_s=row.wait_s,
            pca=row.pca,
            people=row.people,
            fields=dict(row.fields),
        )
        if old is not None:
            stage.id, stage.x, stage.y = old.id, old.x, old.y
            stage.notes, stage.link = old.notes, old.link
            stage.hooks = {k: list(v) for k, v in old.hooks.items()}
            # A recorded source stays only while its figure is the one it produced.
            stage.sources = {
                k: v for k, v in old.sources.items() if getattr(old, k, None) == getattr(stage, k)
            }
            placed.add(stage.id)
        stages.append(stage)
        by_name[row.name.casefold()] = stage

    old_handoffs: dict[tuple[str, str, bool], Handoff] = {}
    if existing is not None:
        for handoff in existing.handoffs.values():
            old_handoffs.setdefault((handoff.source, handoff.target, handoff.rework), handoff)
    handoffs: list[Handoff] = []
    for row in table.rows:
        source = by_name[row.name.casefold()]
        for name in row.next:
            handoffs.append(_handoff(old_handoffs, source.id, by_name[name.casefold()].id))
        for name in row.rework_to:
            handoff = _handoff(old_handoffs, source.id, by_name[name.casefold()].id, rework=True)
            handoff.rework_rate = row.rework_rate
            handoffs.append(handoff)
    _lay_out([s for s in stages if s.id not in placed], stages, handoffs)
    return stages, handoffs


def _handoff(
    old: dict[tuple[str, str, bool], Handoff], source: str, target: str, rework: bool = False
) -> Handoff:
    before = old.get((source, target, rework))
    if before is None:
        return Handoff(source=source, target=target, rework=rework)
    return Handoff(
        source=source,
        target=target,
        kind=before.kind,
        label=before.label,
        rework=rework,
        rework_rate=before.rework_rate,
        id=before.id,
    )


def _lay_out(unplaced: list[Stage], stages: list[Stage], handoffs: list[Handoff]) -> None:
    """Column = longest chain of forward handoffs before the stage; rows fan out by ±Y_STEP."""
    if not unplaced:
        return
    preds: dict[str, list[str]] = {s.id: [] for s in stages}
    for handoff in handoffs:
        if not handoff.rework:
            preds[handoff.target].append(handoff.source)
    # Longest chain of predecessors by Kahn's order (no recursion: tables can be long).
    succs: dict[str, list[str]] = {i: [] for i in preds}
    for target, sources in preds.items():
        for source in sources:
            succs[source].append(target)
    missing = {i: len(p) for i, p in preds.items()}
    depth: dict[str, int] = {}
    order = [s.id for s in stages]
    ready = deque(i for i in order if missing[i] == 0)
    next_in_table = 0
    while len(depth) < len(order):
        if not ready:  # a cycle: enter it at its first stage in table order; analysis reports it
            while order[next_in_table] in depth:
                next_in_table += 1
            ready.append(order[next_in_table])
        stage_id = ready.popleft()
        if stage_id in depth:
            continue
        depth[stage_id] = max((depth[p] + 1 for p in preds[stage_id] if p in depth), default=0)
        for succ in succs[stage_id]:
            missing[succ] -= 1
            if missing[succ] == 0 and succ not in depth:
                ready.append(succ)
    columns: dict[int, list[Stage]] = {}
    for stage in stages:
        columns.setdefault(depth[stage.id], []).append(stage)
    todo = {s.id for s in unplaced}
    for column, members in columns.items():
        # Centre each column on y = 0 in table order: 0; ±80; 0, ±160; ...
        for index, stage in enumerate(members):
            if stage.id in todo:
                stage.x = column * X_STEP
                stage.y = (index - (len(members) - 1) / 2) * Y_STEP


def stage_table_command(table: StageTable, value_map: ValueMap) -> ReplaceMapContentCommand:
    """One undoable command that makes ``value_map`` hold the table's stages. Notes pinned to a
    stage that the table drops stay on the canvas, unpinned."""
    stages, handoffs = build_map_content(table, value_map)
    kept = {s.id for s in stages}
    notes: list[Note] = []
    for note in value_map.notes.values():
        if note.stage is not None and note.stage not in kept:
            note = Note(text=note.text, kind=note.kind, x=note.x, y=note.y, stage=None, id=note.id)
        notes.append(note)
    return ReplaceMapContentCommand(
        value_map.id, stages, handoffs, notes, label=f"Import stage table into {value_map.name}"
    )
