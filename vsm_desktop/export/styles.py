"""Cell writing helpers and the look of the workbook.

Text typed by people (stage names, teams, notes, field values) is written through
:func:`put_text` only: it is stored as a string and marked with a quote prefix when it starts
with a character a spreadsheet would read as the start of a formula, so neither opening nor
re-editing the cell in Excel or LibreOffice ever runs it. Formulas are written only by
:func:`put_formula`, from text this package composes itself.
"""

from __future__ import annotations

import math
import weakref

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
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


# Writing cells: ``Worksheet.cell`` and per-cell style assignment were two thirds of the export
# time of a big workspace, so cells go straight into the sheet's cell store with a style array
# shared per (number format, quote prefix); openpyxl writes them as it writes any cell.
_STYLES: weakref.WeakKeyDictionary[Workbook, dict[tuple[str, bool], StyleArray]] = (
    weakref.WeakKeyDictionary()
)


def _new_cell(ws: Worksheet, row: int, column: int, number_format: str, quote: bool) -> Cell:
    if number_format == "General" and not quote:  # no style at all: the cheapest cell
        cell = Cell(ws, row=row, column=column)
        ws._cells[(row, column)] = cell
        return cell
    styles = _STYLES.setdefault(ws.parent, {})
    key = (number_format, quote)
    style = styles.get(key)
    if style is None:
        scratch = Cell(ws)
        scratch.number_format = number_format
        if quote:
            scratch.quotePrefix = True
        style = styles[key] = scratch._style
    cell = Cell(ws, row=row, column=column, style_array=style)
    ws._cells[(row, column)] = cell
    return cell


def put_text(ws: Worksheet, row: int, column: int, text: object) -> Cell:
    """Write text as text, whatever it starts with (characters XML cannot hold are dropped)."""
    value = "" if text is None else ILLEGAL_CHARACTERS_RE.sub("", str(text))[:32767]
    if not value:
        return Cell(ws, row=row, column=column)  # not stored: an empty cell costs time to write
    cell = _new_cell(ws, row, column, "General", value.startswith(FORMULA_STARTS))
    cell._value = value
    cell.data_type = "s"  # never "f": openpyxl would store "=..." as a formula
    return cell


def put_number(
    ws: Worksheet, row: int, column: int, value: float | None, number_format: str = "General"
) -> Cell:
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return Cell(ws, row=row, column=column)  # not stored, as for empty text
    cell = _new_cell(ws, row, column, number_format, False)
    cell._value = value
    cell.data_type = "n"
    return cell


def put_formula(
    ws: Worksheet, row: int, column: int, formula: str, number_format: str = "General"
) -> Cell:
    cell = _new_cell(ws, row, column, number_format, False)
    cell._value = formula if formula.startswith("=") else "=" + formula
    cell.data_type = "f"
    return cell


def add_table(ws: Worksheet, name: str, ref: str, style: str = "TableStyleMedium2") -> None:
    """An Excel table (banded rows, a filter button on every header). The columns are named
    here from the header cells: left to openpyxl, it would look up (and create) every cell of
    the range while saving."""
    min_col, min_row, max_col, _max_row = range_boundaries(ref)
    table = Table(displayName=name, ref=ref, autoFilter=AutoFilter(ref=ref))
    table.tableColumns = [
        TableColumn(id=k + 1, name=str(ws._cells[(min_row, column)].value))
        for k, column in enumerate(range(min_col, max_col + 1))
    ]
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
