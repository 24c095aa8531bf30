"""Write a workspace to an Excel workbook a facilitator can mail round and read back.

Sheets: ``Summary`` (headline figures of every map, formulas over the map sheets), one sheet
per map (stage table, handoffs, critical-path timeline, measured figures, a stage chart, the map
picture), ``Compare`` (each exported target against its current map) and a hidden ``_vsm`` sheet
that marks the workbook as ours for :func:`vsm_desktop.export.workbook_read.read_workbook`.
See docs/excel.md. Nothing here imports Qt: map pictures come in as PNG bytes.
"""

from __future__ import annotations

import gc
import io
import os
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from vsm_desktop import __version__
from vsm_desktop.analysis import MapMetrics, analyze, compare_maps
from vsm_desktop.model import ValueMap, Workspace

from .charts import stage_time_chart
from .sheets_map import CHART_MAX_STAGES, MapSheet, write_map_sheet
from .sheets_summary import write_compare, write_summary
from .styles import put_number, put_text
from .workbook_format import (
    COMPARE_SHEET,
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_ROW,
    META_SHEET,
    SUMMARY_SHEET,
    sheet_title,
)
from .xlsx_save import save_workbook

if TYPE_CHECKING:
    from vsm_desktop.measure.stats import Figures

__all__ = ["CancelFlag", "ExportCancelled", "ExportError", "Progress", "export_workbook"]

#: Called with the share done so far, 0.0 to 1.0.
Progress = Callable[[float], None]


class ExportError(ValueError):
    """The export cannot go ahead (unknown map id, unwritable path); the message says why."""


class ExportCancelled(Exception):
    """The user cancelled the export; no file was written."""


class CancelFlag(Protocol):
    """Anything with ``is_set()``; a :class:`threading.Event` is the usual one."""

    def is_set(self) -> bool: ...


def export_workbook(
    ws: Workspace,
    path: str | os.PathLike[str],
    *,
    map_ids: Sequence[str] | None = None,
    images: Mapping[str, bytes] | None = None,
    measurements: Mapping[str, Figures] | None = None,
    metrics: Mapping[str, MapMetrics] | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> None:
    """Write the maps ``map_ids`` (default: all, in workspace order) of ``ws`` to ``path``.

    ``images`` maps a map id to a PNG picture of the map; ``measurements`` a map id to its
    measured figures (:func:`vsm_desktop.measure.stats.compute_figures`); ``metrics`` a map id to
    its analysis, when the caller has it already (the app caches it; analysed here otherwise).

    The file appears whole or not at all: it is written beside ``path`` and then moved into
    place. ``progress`` hears the share done (0..1); when ``cancel.is_set()`` turns true the
    export stops with :class:`ExportCancelled` and writes nothing.
    """
    maps = _chosen_maps(ws, map_ids)
    with _collector_paused():
        _export(ws, path, maps, images, measurements, metrics, progress, cancel)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the workbook is built and saved.

    A big workspace makes a quarter of a million openpyxl cells, each an object the collector
    tracks, and none of them garbage until the whole workbook is: the collections they set off
    re-scanned the growing heap over and over and took about 0.6 s of a 1.5 s export. Nothing
    is lost by waiting: reference counting still frees what it can, and the cycles (the
    workbook and its cells) are collected once the collector is back on. Only switched back on
    if it was on: a caller that keeps it off keeps it off.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _export(
    ws: Workspace,
    path: str | os.PathLike[str],
    maps: list[ValueMap],
    images: Mapping[str, bytes] | None,
    measurements: Mapping[str, Figures] | None,
    metrics: Mapping[str, MapMetrics] | None,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> None:
    report = progress or (lambda _share: None)
    known = metrics or {}
    figures_of: dict[str, MapMetrics] = {
        m.id: known[m.id] if m.id in known else analyze(m, seed=0) for m in maps
    }
    exported_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    taken: set[str] = {SUMMARY_SHEET.casefold()}
    sheets: dict[str, MapSheet] = {}
    for index, value_map in enumerate(maps, start=1):
        sheet = book.create_sheet(sheet_title(value_map.name, taken))
        figures = measurements.get(value_map.id) if measurements else None
        map_sheet = write_map_sheet(sheet, value_map, figures_of[value_map.id], index, figures)
        sheets[value_map.id] = map_sheet
        _decorate(sheet, map_sheet, (images or {}).get(value_map.id))
        report(0.8 * index / max(1, len(maps)))
        if cancel is not None and cancel.is_set():
            raise ExportCancelled("export cancelled")

    cells = write_summary(summary, maps, figures_of, sheets, exported_at)
    exported = {m.id for m in maps}
    pairs = [
        (ws.map(m.target_of), m, compare_maps(ws.map(m.target_of), m, seed=0))
        for m in maps
        if m.target_of is not None and m.target_of in exported and m.target_of != m.id
    ]
    if pairs:
        compare = book.create_sheet(COMPARE_SHEET, index=1)
        write_compare(compare, pairs, cells)
    _write_meta(book, maps, sheets, exported_at)
    report(0.9)
    _save_atomically(book, Path(path))
    # The cells and their sheets point at each other, so only the collector could free them,
    # by a scan of them all (0.2 s on a big workspace) as soon as it is back on; emptied
    # sheets let reference counting free them here, at a tenth of that.
    for sheet in book.worksheets:
        sheet._cells.clear()
    report(1.0)


def _chosen_maps(ws: Workspace, map_ids: Sequence[str] | None) -> list[ValueMap]:
    if map_ids is None:
        return list(ws.maps.values())
    unknown = [m for m in map_ids if m not in ws.maps]
    if unknown:
        raise ExportError(f"no map with id {', '.join(unknown)} in the workspace")
    return [ws.maps[m] for m in dict.fromkeys(map_ids)]


def _decorate(sheet: object, map_sheet: MapSheet, image: bytes | None) -> None:
    """The stage chart and the map picture, to the right of the stage table."""
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    right = get_column_letter(sheet.max_column + 2)
    row = HEADER_ROW
    if 0 < map_sheet.stage_count <= CHART_MAX_STAGES:
        stage_time_chart(sheet, map_sheet.letters, map_sheet.first_row, map_sheet.last_row,
                         f"{right}{row}")  # fmt: skip
        row += int(max(7.5, 0.6 * map_sheet.stage_count + 3) / 0.5) + 2
    if image:
        from openpyxl.drawing.image import Image  # needs Pillow, which reads the PNG size

        picture = Image(io.BytesIO(image))
        scale = min(1.0, 900 / max(1, picture.width))
        picture.width, picture.height = picture.width * scale, picture.height * scale
        sheet.add_image(picture, f"{right}{row}")


def _write_meta(
    book: Workbook, maps: Sequence[ValueMap], sheets: Mapping[str, MapSheet], exported_at: str
) -> None:
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for row, (key, value) in enumerate(
        (("format", FORMAT_NAME), ("version", FORMAT_VERSION), ("exported_at", exported_at),
         ("app_version", __version__)),
        start=1,
    ):  # fmt: skip
        put_text(meta, row, 1, key)
        if isinstance(value, int):
            put_number(meta, row, 2, value)
        else:
            put_text(meta, row, 2, value)
    put_text(meta, 6, 1, "map_id")
    put_text(meta, 6, 2, "sheet")
    put_text(meta, 6, 3, "map")
    put_text(meta, 6, 4, "stages")
    for k, value_map in enumerate(maps):
        put_text(meta, 7 + k, 1, value_map.id)
        put_text(meta, 7 + k, 2, sheets[value_map.id].title)
        put_text(meta, 7 + k, 3, value_map.name)
        put_number(meta, 7 + k, 4, len(value_map.stages))


def _create_temporary(path: Path, folder: Path) -> tuple[int, str]:
    """A new empty file beside ``path``, with the mode any new file gets (0666 less the umask).

    ``tempfile.mkstemp`` makes it 0600, and the rename carried that to the workbook, which
    colleagues on a shared folder then could not open.
    """
    for _ in range(100):
        temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(temp)
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free name for a temporary file")


def _save_atomically(book: Workbook, path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    handle, temp = _create_temporary(path, folder)
    os.close(handle)
    try:
        save_workbook(book, temp)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
