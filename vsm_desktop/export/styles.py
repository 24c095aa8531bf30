"""Cell writing helpers and the look of the workbook.

Text typed by people (stage names, teams, notes, field values) is written through
:func:`put_text` only: it is stored as a string and marked with a quote prefix when it starts
with a character a spreadsheet would read as the start of a formula, so neither opening nor
re-editing the cell in Excel or LibreOffice ever runs it. Formulas are written only by
:func:`put_formula`, from text this package composes itself.
"""

from __future__ import annotations

import math

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TITLE_FONT = Font(size=16, bold=True, color="1F3864")
SUBTITLE_FONT = Font(size=10, italic=True, color="595959")
SECTION_FONT = Font(size=12, bold=True, color="1F3864")
LABEL_FONT = Font(bold=True)
NOTE_FONT = Font(size=9, italic=True, color="595959")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells import reads back
GOOD_FONT = Font(color="006100")
BAD_FONT = Font(color="9C0006")
WRAP = Alignment(wrap_text=True, vertical="top")

HEADER_FILL = PatternFill("solid", fgColor="305496")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SUBHEADER_FILL = PatternFill("solid", fgColor="D9E1F2")

HOURS = "#,##0.0#"
PERCENT = "0.0%"
COUNT = "0"


def put_text(ws: Worksheet, row: int, column: int, text: object) -> Cell:
    """Write text as text, whatever it starts with."""
    value = "" if text is None else str(text)
    cell: Cell = ws.cell(row=row, column=column)
    if not value:
        return cell
    cell.value = value
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def put_number(
    ws: Worksheet, row: int, column: int, value: float | None, number_format: str = "General"
) -> Cell:
    cell: Cell = ws.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return cell
    cell.value = value
    cell.number_format = number_format
    return cell


def put_formula(
    ws: Worksheet, row: int, column: int, formula: str, number_format: str = "General"
) -> Cell:
    cell: Cell = ws.cell(row=row, column=column)
    cell.value = formula if formula.startswith("=") else "=" + formula
    cell.number_format = number_format
    return cell


def add_table(ws: Worksheet, name: str, ref: str, style: str = "TableStyleMedium2") -> None:
    """An Excel table (banded rows, a filter button on every header)."""
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
    ws.add_table(table)


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600.0


def quoted(text: str) -> str:
    """A string literal for a formula (only for text we compose, never for user text)."""
    return '"' + text.replace('"', '""') + '"'


def style_header(ws: Worksheet, row: int, first: int, last: int, *, strong: bool = True) -> None:
    """Header cells that look like one in any program (LibreOffice ignores table styles)."""
    for column in range(first, last + 1):
        cell = ws.cell(row=row, column=column)
        if cell.fill is not None and cell.fill == EDITABLE_FILL:
            continue  # editable columns keep their yellow
        cell.fill = HEADER_FILL if strong else SUBHEADER_FILL
        cell.font = HEADER_FONT if strong else LABEL_FONT


def set_page(ws: Worksheet, *, landscape: bool = True) -> None:
    """Print (and PDF) one page wide, as many pages tall as needed."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
