"""The Summary sheet (headline figures of every map, as formulas over the map sheets) and the
Compare sheet (current against target, changes as formulas, the stage diff)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vsm_desktop.analysis import Comparison, MapMetrics
from vsm_desktop.model import ValueMap, format_duration

from .charts import compare_chart
from .sheets_map import MapSheet, text_duration
from .styles import (
    HOURS,
    LABEL_FONT,
    NOTE_FONT,
    PERCENT,
    SECTION_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    WRAP,
    add_table,
    hours,
    put_formula,
    put_number,
    put_text,
    set_page,
    style_header,
)
from .workbook_format import SUMMARY_SHEET, sheet_ref

FIRST_ROW = 5


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    number_format: str


#: Duration figures first: the Compare chart takes the first four rows.
FIGURES: tuple[Figure, ...] = (
    Figure("lead_time", "Lead time", "h", HOURS),
    Figure("process_time", "Process time (critical path)", "h", HOURS),
    Figure("work_content", "Work content (all touch)", "h", HOURS),
    Figure("rework_lead_time", "Rework-adjusted lead time", "h", HOURS),
    Figure("flow_efficiency", "Flow efficiency", "%", PERCENT),
    Figure("rolled_pca", "Rolled %C&A", "%", PERCENT),
    Figure("handoffs", "Handoffs", "count", "0"),
    Figure("cross_team", "Cross-team handoffs", "count", "0"),
    Figure("rework_handoffs", "Rework handoffs", "count", "0"),
    Figure("stages", "Stages", "count", "0"),
    Figure("takt", "Takt time", "h", HOURS),
)
COMPARED = len(FIGURES)
TEXT_ROWS = ("Lead time (days and hours)", "Critical path", "Problems")


def write_summary(
    ws: Worksheet,
    maps: Sequence[ValueMap],
    metrics: dict[str, MapMetrics],
    sheets: dict[str, MapSheet],
    exported_at: str,
) -> dict[str, dict[str, str]]:
    """Write the Summary; return, per map id, the Summary cell of each figure (for Compare)."""
    put_text(ws, 1, 2, "Value-stream maps: headline figures").font = TITLE_FONT
    put_text(
        ws,
        2,
        2,
        f"Exported from VSM Desktop {exported_at}. Figures are formulas over the map sheets: "
        "change a time there and they follow.",
    ).font = SUBTITLE_FONT
    header = FIRST_ROW - 1
    put_text(ws, header, 2, "figure")
    put_text(ws, header, 3, "unit")
    ws.column_dimensions["A"].width = 2
    ws.column_dimensions["B"].width = 32
    ws.column_dimensions["C"].width = 7
    cells: dict[str, dict[str, str]] = {}
    for k, figure in enumerate(FIGURES):
        put_text(ws, FIRST_ROW + k, 2, figure.label)
        put_text(ws, FIRST_ROW + k, 3, figure.unit)
    text_row = FIRST_ROW + len(FIGURES)
    for k, label in enumerate(TEXT_ROWS):
        put_text(ws, text_row + k, 2, label).alignment = WRAP
        put_text(ws, text_row + k, 3, "")
    seen: set[str] = {"figure", "unit"}
    for m, value_map in enumerate(maps):
        col = 4 + m
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 24
        title = value_map.name.strip() or "(unnamed)"
        while title.casefold() in seen:  # table headers must differ
            title += " "
        seen.add(title.casefold())
        put_text(ws, header, col, title).font = LABEL_FONT
        own = _map_figures(value_map, metrics[value_map.id], sheets[value_map.id], letter)
        cells[value_map.id] = {}
        for k, figure in enumerate(FIGURES):
            row = FIRST_ROW + k
            formula, static = own[figure.key]
            if formula is not None:
                put_formula(ws, row, col, formula, figure.number_format)
            else:
                put_number(ws, row, col, static, figure.number_format)
            cells[value_map.id][figure.key] = f"{sheet_ref(SUMMARY_SHEET)}${letter}${row}"
        sheet = sheets[value_map.id]
        put_formula(
            ws,
            text_row,
            col,
            text_duration(f"{letter}{FIRST_ROW}", sheet.cell("$C$2"), sheet.cell("$E$2")),
        )
        names = [value_map.stages[s].name for s in metrics[value_map.id].critical_path]
        put_text(ws, text_row + 1, col, " → ".join(names)).alignment = WRAP
        problems = [p.message for p in metrics[value_map.id].problems]
        put_text(ws, text_row + 2, col, "\n".join(problems) or "none").alignment = WRAP
    style_header(ws, header, 2, 3 + len(maps))
    for k in range(1, len(TEXT_ROWS)):  # the first text row is a formula
        lines = max(
            (
                len(str(ws.cell(row=text_row + k, column=4 + m).value or "")) // 30 + 1
                for m in range(len(maps))
            ),
            default=1,
        )
        ws.row_dimensions[text_row + k].height = 15 * min(lines, 12)
    last_col = get_column_letter(3 + max(1, len(maps)))
    if maps:
        add_table(ws, "SummaryTable", f"B{header}:{last_col}{text_row + len(TEXT_ROWS) - 1}")
    note_row = text_row + len(TEXT_ROWS) + 1
    put_text(
        ws,
        note_row,
        2,
        "Rework-adjusted lead time is a formula where it has a closed form; a simulated value "
        "(seeded, 4000 runs) stays as exported. The critical path text is as exported.",
    ).font = NOTE_FONT
    ws.freeze_panes = f"D{FIRST_ROW}"
    set_page(ws)
    return cells


def _map_figures(
    value_map: ValueMap, metrics: MapMetrics, sheet: MapSheet, letter: str
) -> dict[str, tuple[str | None, float | None]]:
    """Per figure: a formula, or (when none can follow the sheet) the exported value."""

    def row(key: str) -> str:
        return f"{letter}{FIRST_ROW + [f.key for f in FIGURES].index(key)}"

    n = sheet.stage_count
    lead = sheet.lead_time()
    ralt: str | None = None
    if sheet.ralt_static is None and lead is not None:
        ralt = "+".join([row("lead_time"), *sheet.ralt_terms])
    rolled = None
    if n:
        rolled = sheet.cell(f"${sheet.letters['rolled_pca']}${sheet.last_row}")
    eff = None
    if lead is not None:
        eff = f'IF(N({row("lead_time")})>0,{row("process_time")}/{row("lead_time")},"")'

    def count(rng: str | None, what: str) -> str | None:
        return f'COUNTIF({rng},"{what}")' if rng else None

    pct = metrics.flow_efficiency_pct
    return {
        "lead_time": (lead, hours(metrics.lead_time_s)),
        "process_time": (sheet.process_time(), hours(metrics.process_time_s)),
        "work_content": (f"SUM({sheet.rng('touch_h')})" if n else None, 0.0),
        "rework_lead_time": (ralt, sheet.ralt_static or hours(metrics.rework_adjusted_lead_time_s)),
        "flow_efficiency": (eff, None if pct is None else pct / 100),
        "rolled_pca": (rolled, metrics.rolled_pca_pct / 100),
        "handoffs": (count(sheet.handoff_rework, "N"), float(metrics.handoffs)),
        "cross_team": (count(sheet.handoff_cross, "Y"), float(metrics.cross_team_handoffs)),
        "rework_handoffs": (count(sheet.handoff_rework, "Y"), float(metrics.rework_handoffs)),
        "stages": (f"COUNTA({sheet.rng('stage')})" if n else None, float(n)),
        "takt": (sheet.cell("$I$2"), hours(metrics.takt_s)),
    }


def write_compare(
    ws: Worksheet,
    pairs: Sequence[tuple[ValueMap, ValueMap, Comparison]],
    cells: dict[str, dict[str, str]],
) -> None:
    """One block per current/target pair: figures side by side, changes, chart, stage diff."""
    put_text(ws, 1, 2, "Current vs target").font = TITLE_FONT
    put_text(
        ws,
        2,
        2,
        "Change = target − current; a negative change in a time is an improvement.",
    ).font = SUBTITLE_FONT
    for letter, width in zip("ABCDEFG", (2, 32, 22, 22, 22, 12, 2), strict=True):
        ws.column_dimensions[letter].width = width
    set_page(ws)
    row = 4
    for index, (current, target, comparison) in enumerate(pairs, start=1):
        row = _compare_block(ws, index, row, current, target, comparison, cells) + 3


def _compare_block(
    ws: Worksheet,
    index: int,
    row: int,
    current: ValueMap,
    target: ValueMap,
    comparison: Comparison,
    cells: dict[str, dict[str, str]],
) -> int:
    put_text(ws, row, 2, f"{current.name} → {target.name}").font = SECTION_FONT
    header = row + 1
    for k, title in enumerate(("figure", "current", "target", "change", "change %")):
        put_text(ws, header, 2 + k, title)
    style_header(ws, header, 2, 6)
    for k, figure in enumerate(FIGURES):
        r = header + 1 + k
        put_text(ws, r, 2, f"{figure.label} ({figure.unit})")
        put_formula(ws, r, 3, cells[current.id][figure.key], figure.number_format)
        put_formula(ws, r, 4, cells[target.id][figure.key], figure.number_format)
        put_formula(ws, r, 5, f'IF(OR(C{r}="",D{r}=""),"",D{r}-C{r})', figure.number_format)
        put_formula(ws, r, 6, f'IF(OR(C{r}="",D{r}="",N(C{r})=0),"",(D{r}-C{r})/C{r})', PERCENT)
    last = header + len(FIGURES)
    add_table(ws, f"Compare_{index}", f"B{header}:F{last}")
    compare_chart(ws, header, header + 1, header + 4, f"H{row}")
    return _stage_diff(ws, last + 2, current, target, comparison)


def _value_text(field: str, value: object, value_map: ValueMap) -> str:
    if field in ("touch_s", "wait_s"):
        return format_duration(
            value if isinstance(value, float | int) else None, value_map.calendar
        )
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


_FIELD_NAMES = {"touch_s": "touch", "wait_s": "wait", "pca": "%C&A", "name": "renamed"}


def _stage_diff(
    ws: Worksheet, row: int, current: ValueMap, target: ValueMap, comparison: Comparison
) -> int:
    put_text(ws, row, 2, "Stage changes").font = SECTION_FONT
    top = row + 1
    for k, title in enumerate(("stage", "change", "current", "target")):
        put_text(ws, top, 2 + k, title)
    style_header(ws, top, 2, 5, strong=False)
    r = top
    for stage_id in comparison.added:
        r += 1
        put_text(ws, r, 2, target.stages[stage_id].name)
        put_text(ws, r, 3, "added")
    for stage_id in comparison.removed:
        r += 1
        put_text(ws, r, 2, current.stages[stage_id].name)
        put_text(ws, r, 3, "removed")
    for change in comparison.changed:
        r += 1
        put_text(ws, r, 2, change.stage)
        put_text(ws, r, 3, _FIELD_NAMES.get(change.field, change.field.removeprefix("fields.")))
        put_text(ws, r, 4, _value_text(change.field, change.old, current))
        put_text(ws, r, 5, _value_text(change.field, change.new, target))
    if r == top:
        put_text(ws, top + 1, 2, "No stage differs.").font = NOTE_FONT
        return top + 1
    return r
