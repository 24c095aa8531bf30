"""Native Excel charts: wait and touch per stage, current against target."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from .workbook_format import HEADER_ROW


def stage_time_chart(
    ws: Worksheet, letters: dict[str, str], first: int, last: int, anchor: str
) -> None:
    """A stacked horizontal bar per stage: wait then touch, in hours."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Where the time goes: wait and touch per stage (h)"
    chart.y_axis.title = "hours"
    chart.x_axis.scaling.orientation = "maxMin"  # first stage on top, as in the table
    names = Reference(
        ws, min_col=column_index_from_string(letters["stage"]), min_row=first, max_row=last
    )
    for key in ("wait_h", "touch_h"):
        col = column_index_from_string(letters[key])
        chart.add_data(
            Reference(ws, min_col=col, min_row=HEADER_ROW, max_row=last), titles_from_data=True
        )
    chart.set_categories(names)
    chart.series[0].graphicalProperties.solidFill = "F4B183"  # wait: warm, it is the waste
    chart.series[1].graphicalProperties.solidFill = "5B9BD5"
    chart.height = max(7.5, 0.6 * (last - first + 1) + 3)
    chart.width = 18
    ws.add_chart(chart, anchor)


def compare_chart(ws: Worksheet, header_row: int, first: int, last: int, anchor: str) -> None:
    """Clustered bars of the duration figures (rows ``first..last``), current and target."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Current vs target (h)"
    chart.y_axis.title = "hours"
    data = Reference(ws, min_col=3, max_col=4, min_row=header_row, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.series[0].graphicalProperties.solidFill = "A5A5A5"
    chart.series[1].graphicalProperties.solidFill = "70AD47"
    chart.height = 10
    chart.width = 18
    ws.add_chart(chart, anchor)
