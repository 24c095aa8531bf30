"""The workbook saver of the export (``export/xlsx_save.py``) writes what openpyxl writes, byte
for byte, and the export leaves Python's garbage collector as it found it."""

from __future__ import annotations

import gc
import io
import re
import threading
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from PIL import Image as PILImage

import vsm_desktop.export.workbook_write as workbook_write
from vsm_desktop.export import xlsx_save
from vsm_desktop.export.styles import add_table, put_formula, put_number, put_text
from vsm_desktop.export.workbook_write import ExportCancelled, export_workbook
from vsm_desktop.export.xlsx_save import save_workbook
from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.stats import compute_figures
from vsm_desktop.model.demo import demo_workspace

AWKWARD_TEXT = (
    "=1+1",
    "+t",
    "-x",
    "@SUM(A1)",
    " lead <b> & \"q\" 'a' ",
    "tab\there\nnew line",
    "   ",
    "trailing ",
    "\r\nz",
    "é — 😀",
    "x > y & y < z",
)


def png() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


def awkward_book() -> Workbook:
    """Every kind of cell the export writes, and some it does not (which openpyxl writes)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    for k, text in enumerate(AWKWARD_TEXT, start=1):
        put_text(ws, k, 1, text)
        put_number(ws, k, 2, [0, 1, -3, 1.5, 1e-20, 12345678901234567890.0, 2 / 3][k % 7])
        put_number(ws, k, 3, k / 7, "#,##0.0#")
        put_formula(ws, k, 4, f'IF(B{k}<2,"a&b",">")', "0.0%")
        put_formula(ws, k, 5, f'=A{k}&"<x>"')
    put_text(ws, 1, 6, "bold").font = Font(bold=True)
    ws.cell(row=2, column=6).fill = PatternFill("solid", fgColor="FFF2CC")  # styled, empty
    put_text(ws, 3, 6, "wrapped\ntext").alignment = Alignment(wrap_text=True)
    ws.row_dimensions[4].height = 30  # a row openpyxl writes
    ws.cell(row=5, column=6).comment = Comment("a comment", "me")
    ws.cell(row=6, column=6).hyperlink = "https://example.org/"
    ws.cell(row=7, column=6).value = datetime(2024, 5, 6, 7, 8)
    ws.cell(row=8, column=6).value = True
    ws.cell(row=40, column=3).font = Font(italic=True)  # an empty row with a styled cell
    add_table(ws, "Awkward", f"A1:E{len(AWKWARD_TEXT)}")
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 30
    other = book.create_sheet("Other 'sheet'")
    for row in range(1, 30):
        put_text(other, row, 1, f"stage {row}")
        put_number(other, row, 2, row * 1.25)
    chart = BarChart()
    chart.add_data(Reference(other, min_col=2, min_row=1, max_row=29))
    other.add_chart(chart, "D2")
    other.add_image(Image(io.BytesIO(png())), "D20")
    book.create_sheet("empty")
    return book


def parts(path: Path) -> dict[str, bytes]:
    """The workbook's parts; the save time (core.xml) and the export time (text) masked."""
    stamp = re.compile(rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?( UTC|Z)?")
    with zipfile.ZipFile(path) as archive:
        return {name: stamp.sub(b"TIME", archive.read(name)) for name in archive.namelist()}


@pytest.fixture
def fast_rows(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the rows the fast path wrote (so a test cannot pass by never taking it)."""
    written: list[int] = []
    row_xml = xlsx_save._row_xml

    def counting(*args: object) -> str | None:
        text = row_xml(*args)  # type: ignore[arg-type]
        if text is not None:
            written.append(1)
        return text

    monkeypatch.setattr(xlsx_save, "_row_xml", counting)
    yield written


def test_cells_are_written_as_openpyxl_writes_them(tmp_path: Path, fast_rows: list[int]) -> None:
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    save_workbook(awkward_book(), ours)
    assert len(fast_rows) >= len(AWKWARD_TEXT) + 20  # most rows took the fast path
    awkward_book().save(theirs)
    assert parts(ours) == parts(theirs)


def test_an_export_is_what_openpyxl_would_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_rows: list[int]
) -> None:
    """The demo workspace with awkward names, measured figures and pictures, saved by the
    export's saver and by openpyxl's own."""
    ws = demo_workspace()
    value_map = next(iter(ws.maps.values()))
    stages = list(value_map.stages.values())
    for stage, text in zip(stages, AWKWARD_TEXT, strict=False):
        stage.name = text + str(id(stage))  # names must differ
        stage.team = text
        stage.fields = {"note": text, "=f": " sp "}
        stage.hooks = {"active": [stage.name]}
    start = [float(3600 * k) for k in range(len(stages))]
    events = EventTable.from_columns(
        ["1"] * len(stages), [s.name for s in stages], start, [t + 1800 for t in start]
    )
    measurements = {value_map.id: compute_figures(events, value_map, source="log & <more>")}
    images = {map_id: png() for map_id in ws.maps}
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    export_workbook(ws, ours, measurements=measurements, images=images)
    assert fast_rows

    def openpyxl_save(book: Workbook, path: str | Path) -> None:
        book.save(path)

    monkeypatch.setattr(workbook_write, "save_workbook", openpyxl_save)
    export_workbook(ws, theirs, measurements=measurements, images=images)
    assert parts(ours) == parts(theirs)


def test_the_garbage_collector_is_left_as_it_was(tmp_path: Path) -> None:
    ws = demo_workspace()
    during: list[bool] = []
    assert gc.isenabled()
    export_workbook(ws, tmp_path / "a.xlsx", progress=lambda _share: during.append(gc.isenabled()))
    assert during and not any(during)  # paused while the cells are made
    assert gc.isenabled()

    flag = threading.Event()
    with pytest.raises(ExportCancelled):
        export_workbook(ws, tmp_path / "b.xlsx", progress=lambda _share: flag.set(), cancel=flag)
    assert gc.isenabled()

    gc.disable()
    try:
        export_workbook(ws, tmp_path / "c.xlsx")
        assert not gc.isenabled()  # a caller that keeps it off keeps it off
    finally:
        gc.enable()
