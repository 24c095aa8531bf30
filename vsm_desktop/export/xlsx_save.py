"""Saving a workbook: openpyxl's own writer, with the cell rows serialised here as text.

Without lxml, openpyxl builds an ElementTree element for every cell and serialises it with
et_xmlfile's pure-Python, namespace-aware writer: for the 230,000 cells of a big workspace that
was about two thirds of the export time (issue 4). The rows of cells are written here as text
instead, byte for byte what openpyxl writes for the cells the export makes: inline strings,
numbers and formulas, with or without a style. Everything else about the file (sheet views,
columns, tables, charts, pictures, styles, the package) is openpyxl's, and so is any row this
module does not know how to write exactly (a row height, a comment, a hyperlink, a date, rich
text, an array formula): such a row goes through openpyxl's writer unchanged.
``tests/core/test_excel_save.py`` checks the output against openpyxl's own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

__all__ = ["save_workbook"]


def save_workbook(book: Workbook, path: str | Path) -> None:
    """Write ``book`` to ``path`` as ``Workbook.save`` does, with the faster cell rows."""
    if book.read_only or book.write_only:  # neither keeps cells for this writer to speed up
        book.save(str(path))
        return
    # As openpyxl.writer.excel.save_workbook: the same archive and modification time.
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        book.properties.modified = datetime.now(UTC).replace(tzinfo=None)
        _BookWriter(book, archive).save()


class _BookWriter(ExcelWriter):
    def write_worksheet(self, ws: Worksheet) -> None:
        # openpyxl 3.1's ExcelWriter.write_worksheet for a workbook that is not write-only,
        # with the row writer below in place of WorksheetWriter.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


class _SheetWriter(WorksheetWriter):
    def write_row(self, xf: Any, row: list[Cell], row_idx: int) -> None:
        # et_xmlfile's writer hands raw text to the file through ``_file``; lxml's (used when
        # lxml is installed) has no such door and is fast on its own: leave it to openpyxl.
        raw: Callable[[str], object] | None = getattr(xf, "_file", None)
        if raw is not None and row_idx not in self.ws.row_dimensions:
            text = _row_xml(row, row_idx, self.ws.parent._cell_styles.add)
            if text is not None:
                raw(text)
                return
        super().write_row(xf, row, row_idx)


def _escape(text: str) -> str:
    # What ElementTree (and so et_xmlfile) escapes in text: only these three.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_LETTERS: list[str] = []  # column number -> letter; get_column_letter per cell showed up


def _letter(column: int) -> str:
    while len(_LETTERS) <= column:
        _LETTERS.append(get_column_letter(len(_LETTERS)) if _LETTERS else "")
    return _LETTERS[column]


def _row_xml(row: Iterable[Cell], row_idx: int, style_id: Callable[[Any], int]) -> str | None:
    """The ``<row>`` element as openpyxl writes it, or None when a cell needs openpyxl."""
    parts = [f'<row r="{row_idx}">']
    add = parts.append
    for cell in row:
        if cell._comment is not None or cell._hyperlink is not None:
            return None
        value = cell._value
        style = cell._style
        styled = style is not None and any(style)
        if value is None and not styled:
            continue  # openpyxl leaves such a cell out
        kind = cell.data_type
        # Attributes in openpyxl's order: r, s (the style's index, given out in order of first
        # use, as openpyxl does), t (no t on a formula).
        start = f'<c r="{_letter(cell.column)}{row_idx}"'
        if styled:
            start += f' s="{style_id(style)}"'
        if kind == "s":
            start += ' t="inlineStr"'
        elif kind != "f":
            start += f' t="{kind}"'
        if value is None or value == "":
            add(start + " />")
        elif kind == "s" and type(value) is str:
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and stripped != value else ""
            add(f"{start}><is><t{space}>{_escape(value)}</t></is></c>")
        elif kind == "f" and type(value) is str:
            add(f"{start}><f>{_escape(value[1:])}</f><v /></c>")
        elif kind == "n" and type(value) in (int, float) and math.isfinite(value):
            add(f"{start}><v>{value:.16g}</v></c>")
        else:
            return None  # dates, booleans, rich text, array formulas...: openpyxl's own
    parts.append("</row>")
    return "".join(parts)
