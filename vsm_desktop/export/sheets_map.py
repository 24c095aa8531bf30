"""One worksheet per map: the stage table (editable), handoffs, the critical-path timeline and
the measured figures, with formulas that keep the figures true when a time is edited.

The critical path of a general flow is a longest path, which no single spreadsheet function
computes. The sheet works it out row by row from the exported graph instead:

- ``finish (h)`` = the stage's lead time + MAX(0, finish of each predecessor): the longest path
  ending at the stage. The map's lead time is the MAX of the column.
- ``critical from`` (hidden) = the id of the predecessor with the largest finish, the earlier
  one in the map on a tie (as the analysis breaks ties), and ``path touch (h)`` (hidden) carries
  the touch time along that predecessor: the process time of the critical path ending there.
- ``critical path`` is Y for the first stage (in map order) with the largest finish and for
  every stage that is the ``critical from`` of a critical stage.

The formulas follow the graph as exported: editing times, %C&A, rates or teams updates every
figure; adding stages or changing ``next`` takes effect after an import and a fresh export.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vsm_desktop.analysis import MapMetrics, build_graph
from vsm_desktop.model import Handoff, ValueMap

from .styles import (
    COUNT,
    EDITABLE_FILL,
    HOURS,
    LABEL_FONT,
    NOTE_FONT,
    PERCENT,
    SECTION_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    add_table,
    hours,
    put_formula,
    put_number,
    put_text,
    set_page,
    style_header,
)
from .workbook_format import (
    DAYS_PER_WEEK_LABEL,
    DEMAND_LABEL,
    EDITABLE,
    HANDOFFS_TITLE,
    HEADER_ROW,
    HELPER_COLUMNS,
    HOURS_PER_DAY_LABEL,
    PARAM_ROW,
    STAGE_COLUMNS,
    TIMELINE_TITLE,
    Column,
    field_header,
    sheet_ref,
)

if TYPE_CHECKING:
    from vsm_desktop.measure.stats import Figures

#: Charts of more stages than this are unreadable; the table still has them all.
CHART_MAX_STAGES = 60
_HPD = f"$C${PARAM_ROW}"
_DPW = f"$E${PARAM_ROW}"
_WEEK = f"$K${PARAM_ROW}"  # hours per working week, a formula cell
_TAKT = f"$I${PARAM_ROW}"


def text_duration(x: str, hpd: str = _HPD, dpw: str = _DPW) -> str:
    """A formula showing hours ``x`` as the app's ``format_duration`` does (``2w 1.1d``,
    ``1d 6h``, ``2h 30m``): two consecutive units at most (weeks then days, never weeks then
    hours), the value first rounded to a tenth of the second unit, so a remainder below a day
    after whole weeks reads ``0.7d`` as in the app, and 39.97 h reads ``1w``. Working days of
    ``hpd`` hours and weeks of ``dpw`` days; seconds are left out."""
    week = f"({hpd}*{dpw})" if dpw != _DPW else _WEEK

    def show(tenth: str, size: str, name: str, small: str, small_name: str) -> str:
        # x rounded to a tenth of the smaller unit, then whole big units and the rest in small
        # ones to a tenth; the tiny nudge keeps a hair below a whole unit from reading 0.
        r = f"ROUND({x}/({tenth}),0)*({tenth})"
        rest = f"ROUND(MOD({r}+1E-9,{size})/({small}),1)"
        return f'INT({r}/{size}+1E-9)&"{name}"&IF({rest}=0,""," "&{rest}&"{small_name}")'

    # Which units show follows the value rounded as the next smaller pair would round it, so a
    # value that rounds up to a whole unit shows that unit, as format_duration's second pass.
    return (
        f'IF({x}="","",IF({x}<=0,"0",'
        f"IF(ROUND({x}*10,0)/10>={week},{show(f'{hpd}/10', week, 'w', hpd, 'd')},"
        f"IF(ROUND({x}*600,0)/600>={hpd},{show('1/10', hpd, 'd', '1', 'h')},"
        f"IF(ROUND({x}*36000,0)/36000>=1,{show('1/600', '1', 'h', '1/60', 'm')},"
        f'ROUND({x}*60,1)&"m")))))'
    )


@dataclass
class MapSheet:
    """Where a map's figures live on its sheet, for the Summary and Compare formulas."""

    map_id: str
    title: str
    stage_count: int
    first_row: int
    last_row: int
    letters: dict[str, str]
    acyclic: bool
    handoff_rework: str | None = None  # sheet-qualified range of the handoffs' rework Y/N
    handoff_cross: str | None = None
    ralt_terms: list[str] = field(default_factory=list)  # added to LT when exact
    ralt_static: float | None = None  # simulated value (hours) when no closed form exists

    def rng(self, key: str) -> str:
        letter = self.letters[key]
        return f"{sheet_ref(self.title)}${letter}${self.first_row}:${letter}${self.last_row}"

    def cell(self, address: str) -> str:
        return sheet_ref(self.title) + address

    # Headline figures as formulas (hours, or fractions for percentages); None = no formula.
    def lead_time(self) -> str | None:
        if not self.stage_count or not self.acyclic:
            return None
        return f"MAX({self.rng('finish_h')})"

    def process_time(self) -> str | None:
        if not self.stage_count or not self.acyclic:
            return None
        finish = self.rng("finish_h")
        return f"INDEX({self.rng('path_touch_h')},MATCH(MAX({finish}),{finish},0))"


def _stage_columns(value_map: ValueMap) -> tuple[list[Column], list[str]]:
    keys: list[str] = []
    for stage in value_map.stages.values():
        for key in stage.fields:
            if key not in keys:
                keys.append(key)
    fields = [Column(f"field:{k}", field_header(k), max(10, min(30, len(k) + 4))) for k in keys]
    return [*STAGE_COLUMNS, *fields, *HELPER_COLUMNS], keys


def write_map_sheet(
    ws: Worksheet,
    value_map: ValueMap,
    metrics: MapMetrics,
    index: int,
    figures: Figures | None = None,
) -> MapSheet:
    """Fill ``ws`` with ``value_map``; ``index`` makes table names unique in the workbook."""
    stages = list(value_map.stages.values())
    columns, field_keys = _stage_columns(value_map)
    letters = {c.key: get_column_letter(i + 1) for i, c in enumerate(columns)}
    number = {c.key: i + 1 for i, c in enumerate(columns)}
    first = HEADER_ROW + 1
    last = HEADER_ROW + len(stages)
    row_of = {s.id: first + i for i, s in enumerate(stages)}
    order = {s.id: i for i, s in enumerate(stages)}
    acyclic = metrics.lead_time_s is not None
    sheet = MapSheet(value_map.id, ws.title, len(stages), first, last, letters, acyclic)

    _write_header(ws, value_map)
    for column in columns:
        cell = put_text(ws, HEADER_ROW, number[column.key], column.header)
        if column.header in EDITABLE or column.key.startswith("field:"):
            cell.fill = EDITABLE_FILL
            cell.font = LABEL_FONT
        dim = ws.column_dimensions[letters[column.key]]
        dim.width = column.width
        dim.hidden = column.hidden
    style_header(ws, HEADER_ROW, 1, len(columns))

    preds: dict[str, list[str]] = {s.id: [] for s in stages}
    succs: dict[str, list[str]] = {s.id: [] for s in stages}
    rework_out: dict[str, list[Handoff]] = {s.id: [] for s in stages}
    for handoff in value_map.handoffs.values():
        if handoff.rework:
            rework_out[handoff.source].append(handoff)
        else:
            if handoff.source not in preds[handoff.target]:
                preds[handoff.target].append(handoff.source)
            if handoff.target not in succs[handoff.source]:
                succs[handoff.source].append(handoff.target)
    for stage_id in preds:
        preds[stage_id].sort(key=order.__getitem__)

    L = letters
    finish_rng = f"${L['finish_h']}${first}:${L['finish_h']}${last}"
    for i, stage in enumerate(stages):
        r = row_of[stage.id]
        put_text(ws, r, number["id"], stage.id)
        put_text(ws, r, number["stage"], stage.name)
        put_text(ws, r, number["team"], stage.team)
        put_number(ws, r, number["touch_h"], hours(stage.touch_s), HOURS)
        put_number(ws, r, number["wait_h"], hours(stage.wait_s), HOURS)
        put_formula(ws, r, number["lead_h"], f"{L['touch_h']}{r}+{L['wait_h']}{r}", HOURS)
        for key, source in (("touch_text", "touch_h"), ("wait_text", "wait_h")):
            put_formula(ws, r, number[key], text_duration(f"{L[source]}{r}"))
        put_formula(ws, r, number["lead_text"], text_duration(f"{L['lead_h']}{r}"))
        put_number(ws, r, number["pca"], stage.pca)
        put_number(ws, r, number["people"], stage.people)
        put_text(
            ws, r, number["next"], "; ".join(value_map.stages[s].name for s in succs[stage.id])
        )
        out = rework_out[stage.id]
        put_text(
            ws, r, number["rework_to"], "; ".join(value_map.stages[h.target].name for h in out)
        )
        if out and out[0].rework_rate is not None:
            put_number(ws, r, number["rework_rate"], out[0].rework_rate, "0.0%")
        for key in field_keys:
            put_text(ws, r, number[f"field:{key}"], stage.fields.get(key, ""))
        over = (
            f"IF(AND(N({_TAKT})>0,N({L['people']}{r})>0),"
            f'IF({L["touch_h"]}{r}/{L["people"]}{r}>{_TAKT},"Y","N"),"N")'
        )
        put_formula(ws, r, number["over_takt"], over)
        pca = f"{L['pca']}{r}/100"
        rolled = pca if i == 0 else f"{L['rolled_pca']}{r - 1}*{pca}"
        put_formula(ws, r, number["rolled_pca"], rolled, PERCENT)
        if acyclic:
            _write_path_cells(ws, r, i, stage.id, preds, succs, row_of, L, number, finish_rng)

    if stages:
        ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"
        add_table(ws, f"Stages_{index}", ref)
    ws.freeze_panes = f"C{first}"
    set_page(ws)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    row = max(last, HEADER_ROW) + 3
    row = _write_handoffs(ws, value_map, sheet, row_of, index, row, rework_out)
    row = _write_timeline(ws, value_map, metrics, sheet, row_of, index, row + 2)
    if figures is not None:
        row = _write_measured(ws, value_map, figures, row_of, L, index, row + 2)
    _rework_terms(value_map, metrics, sheet, row_of, rework_out)
    # Print the tables; the chart and picture to their right are for the screen.
    ws.print_area = f"A1:{get_column_letter(len(columns))}{max(row, last)}"
    return sheet


def _write_header(ws: Worksheet, value_map: ValueMap) -> None:
    put_text(ws, 1, 2, value_map.name).font = TITLE_FONT
    labels = (
        (HOURS_PER_DAY_LABEL, value_map.calendar.hours_per_day),
        (DAYS_PER_WEEK_LABEL, value_map.calendar.days_per_week),
        (DEMAND_LABEL, value_map.demand_per_day),
    )
    for k, (label, value) in enumerate(labels):
        put_text(ws, PARAM_ROW, 2 + 2 * k, label).font = LABEL_FONT
        put_number(ws, PARAM_ROW, 3 + 2 * k, value)
        # Yellow as the headers import reads; an empty demand cell is made so it shows too.
        ws.cell(PARAM_ROW, 3 + 2 * k).fill = EDITABLE_FILL
    put_text(ws, PARAM_ROW, 8, "Takt (h)").font = LABEL_FONT
    put_text(ws, PARAM_ROW, 10, "Week (h)").font = LABEL_FONT
    put_formula(ws, PARAM_ROW, 11, f"C{PARAM_ROW}*E{PARAM_ROW}")
    put_formula(ws, PARAM_ROW, 9, f'IF(N(G{PARAM_ROW})>0,C{PARAM_ROW}/G{PARAM_ROW},"")', HOURS)
    role = f"{value_map.role} map" + (f" · from {value_map.supplier}" if value_map.supplier else "")
    role += f" to {value_map.customer}" if value_map.customer else ""
    put_text(ws, 3, 2, role).font = SUBTITLE_FONT
    put_text(
        ws,
        3,
        12,
        "Yellow headers and row 2: read back by 'Update from Excel'. Times in working hours.",
    ).font = NOTE_FONT


def _write_path_cells(
    ws: Worksheet,
    r: int,
    i: int,
    stage_id: str,
    preds: dict[str, list[str]],
    succs: dict[str, list[str]],
    row_of: dict[str, int],
    L: dict[str, str],
    number: dict[str, int],
    finish_rng: str,
) -> None:
    fin, pt, via = L["finish_h"], L["path_touch_h"], L["critical_from"]
    before = [row_of[p] for p in preds[stage_id]]
    if before:
        finishes = ",".join(f"{fin}{p}" for p in before)
        put_formula(ws, r, number["finish_h"], f"{L['lead_h']}{r}+MAX(0,{finishes})", HOURS)
        best = f"MAX({finishes})"
        chosen_pt = f"{pt}{before[-1]}"
        chosen_id = f"{L['id']}{before[-1]}"
        for p in reversed(before[:-1]):  # the earliest predecessor wins a tie
            chosen_pt = f"IF({fin}{p}={best},{pt}{p},{chosen_pt})"
            chosen_id = f"IF({fin}{p}={best},{L['id']}{p},{chosen_id})"
        put_formula(ws, r, number["path_touch_h"], f"N({L['touch_h']}{r})+{chosen_pt}", HOURS)
        put_formula(ws, r, number["critical_from"], chosen_id)
    else:
        put_formula(ws, r, number["finish_h"], f"{L['lead_h']}{r}", HOURS)
        put_formula(ws, r, number["path_touch_h"], f"N({L['touch_h']}{r})", HOURS)
        put_text(ws, r, number["critical_from"], "")
    crit = L["critical"]
    terms = [f"MATCH(MAX({finish_rng}),{finish_rng},0)={i + 1}"]
    terms += [f'AND({crit}{row_of[s]}="Y",{via}{row_of[s]}={L["id"]}{r})' for s in succs[stage_id]]
    put_formula(ws, r, number["critical"], f'IF(OR({",".join(terms)}),"Y","N")')


def _write_handoffs(
    ws: Worksheet,
    value_map: ValueMap,
    sheet: MapSheet,
    row_of: dict[str, int],
    index: int,
    row: int,
    rework_out: dict[str, list[Handoff]],
) -> int:
    put_text(ws, row, 2, HANDOFFS_TITLE).font = SECTION_FONT
    headers = (
        "from",
        "to",
        "kind",
        "label",
        "rework",
        "rate",
        "from team",
        "to team",
        "cross-team",
    )
    top = row + 1
    for k, header in enumerate(headers):
        put_text(ws, top, 2 + k, header)
    style_header(ws, top, 2, 1 + len(headers), strong=False)
    handoffs = list(value_map.handoffs.values())
    if not handoffs:
        put_text(ws, top + 1, 2, "No handoffs.").font = NOTE_FONT
        return top + 1
    L = sheet.letters
    for k, handoff in enumerate(handoffs):
        r = top + 1 + k
        src, tgt = row_of[handoff.source], row_of[handoff.target]
        put_formula(ws, r, 2, f"{L['stage']}{src}")
        put_formula(ws, r, 3, f"{L['stage']}{tgt}")
        put_text(ws, r, 4, str(handoff.kind))
        put_text(ws, r, 5, handoff.label)
        put_text(ws, r, 6, "Y" if handoff.rework else "N")
        if handoff.rework:
            put_formula(ws, r, 7, _rate_formula(handoff, src, L, rework_out), "0.0%")
        put_formula(ws, r, 8, f"{L['team']}{src}")
        put_formula(ws, r, 9, f"{L['team']}{tgt}")
        cross = f'IF(F{r}="Y","",IF(TRIM(H{r})=TRIM(I{r}),"N","Y"))'
        put_formula(ws, r, 10, cross)
    bottom = top + len(handoffs)
    add_table(ws, f"Handoffs_{index}", f"B{top}:J{bottom}", "TableStyleLight9")
    sheet.handoff_rework = sheet.cell(f"$F${top + 1}:$F${bottom}")
    sheet.handoff_cross = sheet.cell(f"$J${top + 1}:$J${bottom}")
    return bottom


def _rate_formula(
    handoff: Handoff,
    src: int,
    L: dict[str, str],
    rework_out: dict[str, list[Handoff]],
    prefix: str = "",
) -> str:
    """The rate of a rework handoff, following the stage row's rework_rate and %C&A cells when
    that row describes this handoff (its first rework handoff), else as exported. ``prefix``
    qualifies the cell references with the sheet, for formulas on other sheets."""
    rate_cell = f"{prefix}${L['rework_rate']}${src}" if prefix else f"{L['rework_rate']}{src}"
    pca_cell = f"{prefix}${L['pca']}${src}" if prefix else f"{L['pca']}{src}"
    if rework_out[handoff.source] and rework_out[handoff.source][0] is handoff:
        return f'IF({rate_cell}="",1-{pca_cell}/100,{rate_cell})'
    if handoff.rework_rate is None:
        return f"1-{pca_cell}/100"
    return repr(float(handoff.rework_rate))


def _rework_terms(
    value_map: ValueMap,
    metrics: MapMetrics,
    sheet: MapSheet,
    row_of: dict[str, int],
    rework_out: dict[str, list[Handoff]],
) -> None:
    rework = metrics.rework
    if rework is None:
        return
    if not rework.exact:
        sheet.ralt_static = hours(rework.adjusted_lead_time_s)
        return
    graph = build_graph(value_map)
    L = sheet.letters
    for loop in rework.loops:
        handoff = value_map.handoffs[loop.handoff_id]
        nodes = sorted(graph.between(loop.target_id, loop.source_id), key=row_of.__getitem__)
        segment = "+".join(sheet.cell(f"${L['lead_h']}${row_of[n]}") for n in nodes)
        prefix = sheet_ref(sheet.title)
        rate = _rate_formula(handoff, row_of[handoff.source], L, rework_out, prefix)
        sheet.ralt_terms.append(f"({segment})*({rate})/(1-({rate}))")


def _write_timeline(
    ws: Worksheet,
    value_map: ValueMap,
    metrics: MapMetrics,
    sheet: MapSheet,
    row_of: dict[str, int],
    index: int,
    row: int,
) -> int:
    put_text(ws, row, 2, TIMELINE_TITLE).font = SECTION_FONT
    if not metrics.critical_path:
        put_text(ws, row + 1, 2, "No critical path (the map is empty or has a loop).")
        return row + 1
    put_text(ws, row, 5, "Stages as exported; the figures follow the stage table.").font = NOTE_FONT
    headers = ("step", "stage", "team", "wait (h)", "touch (h)", "lead time (h)", "elapsed (h)")
    top = row + 1
    for k, header in enumerate(headers):
        put_text(ws, top, 2 + k, header)
    style_header(ws, top, 2, 1 + len(headers), strong=False)
    L = sheet.letters
    for k, stage_id in enumerate(metrics.critical_path):
        r = top + 1 + k
        src = row_of[stage_id]
        put_number(ws, r, 2, k + 1, COUNT)
        put_formula(ws, r, 3, f"{L['stage']}{src}")
        put_formula(ws, r, 4, f"{L['team']}{src}")
        put_formula(ws, r, 5, f"N({L['wait_h']}{src})", HOURS)
        put_formula(ws, r, 6, f"N({L['touch_h']}{src})", HOURS)
        put_formula(ws, r, 7, f"{L['lead_h']}{src}", HOURS)
        put_formula(ws, r, 8, f"G{r}" if k == 0 else f"H{r - 1}+G{r}", HOURS)
    bottom = top + len(metrics.critical_path)
    add_table(ws, f"Timeline_{index}", f"B{top}:H{bottom}", "TableStyleLight9")
    total = bottom + 1
    put_text(ws, total, 3, "Total").font = LABEL_FONT
    for col in "EFG":
        cell = put_formula(
            ws, total, "ABCDEFGH".index(col) + 1, f"SUM({col}{top + 1}:{col}{bottom})"
        )
        cell.number_format = HOURS
        cell.font = LABEL_FONT
    put_formula(ws, total, 9, f'IF(G{total}>0,F{total}/G{total},"")', PERCENT).font = LABEL_FONT
    put_text(ws, total, 10, "flow efficiency").font = NOTE_FONT
    return total


def _write_measured(
    ws: Worksheet,
    value_map: ValueMap,
    figures: Figures,
    row_of: dict[str, int],
    L: dict[str, str],
    index: int,
    row: int,
) -> int:
    title = f"Measured ({figures.item_count} items"
    title += f", {figures.source})" if figures.source else ")"
    put_text(ws, row, 2, title).font = SECTION_FONT
    headers = ["stage", "items", "visits", "coverage"]
    stats = ("mean", "median", "p85", "p95")
    headers += [f"touch {s} (h)" for s in stats] + [f"wait {s} (h)" for s in stats]
    top = row + 1
    for k, header in enumerate(headers):
        put_text(ws, top, 2 + k, header)
    style_header(ws, top, 2, 1 + len(headers), strong=False)
    r = top
    for stage in value_map.stages.values():
        measured = figures.stage(stage.id)
        if measured is None:
            continue
        r += 1
        put_formula(ws, r, 2, f"{L['stage']}{row_of[stage.id]}")
        put_number(ws, r, 3, measured.items, COUNT)
        put_number(ws, r, 4, measured.visits, COUNT)
        put_number(ws, r, 5, measured.coverage, PERCENT)
        for k, stat in enumerate(stats):
            put_number(ws, r, 6 + k, _h(measured.touch.get(stat)), HOURS)
            put_number(ws, r, 10 + k, _h(measured.wait.get(stat)), HOURS)
    if r == top:
        put_text(ws, top + 1, 2, "No stage of this map has measured data.").font = NOTE_FONT
        return top + 1
    add_table(
        ws,
        f"Measured_{index}",
        f"B{top}:{get_column_letter(1 + len(headers))}{r}",
        "TableStyleLight11",
    )
    return r


def _h(seconds: float) -> float | None:
    return None if math.isnan(seconds) else seconds / 3600.0
