"""The Excel export: every sheet's content, and every formula's result against the analysis,
worked out by an independent formula engine (and by LibreOffice where it is installed)."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from xlsx_eval import Values, evaluate, recalc_libreoffice, soffice

from vsm_desktop.analysis import analyze, compare_maps
from vsm_desktop.export.workbook_read import read_workbook
from vsm_desktop.export.workbook_write import ExportError, export_workbook
from vsm_desktop.model import (
    ELAPSED,
    Calendar,
    CommandStack,
    Handoff,
    MapRole,
    Stage,
    ValueMap,
    Workspace,
    format_duration,
)
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME, demo_workspace

H = 3600.0
SUMMARY_ROWS = {
    "lead_time": 5,
    "process_time": 6,
    "work_content": 7,
    "rework_lead_time": 8,
    "flow_efficiency": 9,
    "rolled_pca": 10,
    "handoffs": 11,
    "cross_team": 12,
    "rework_handoffs": 13,
    "stages": 14,
    "takt": 15,
    "lead_text": 16,
}


def columns(path: Path, sheet: str) -> dict[str, str]:
    """Header text -> column letter of a map sheet's stage table (header row 4)."""
    book = openpyxl.load_workbook(path)
    row = next(book[sheet].iter_rows(min_row=4, max_row=4))
    return {c.value: get_column_letter(c.column) for c in row if c.value}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path, Values]:
    ws = demo_workspace()
    path = tmp_path_factory.mktemp("xlsx") / "demo.xlsx"
    export_workbook(ws, path)
    return ws, path, evaluate(path)


def check_summary(ws: Workspace, values: Values, column: str, value_map: ValueMap) -> None:
    metrics = analyze(value_map, seed=0)

    def got(key: str) -> object:
        return values["Summary", f"{column}{SUMMARY_ROWS[key]}"]

    assert metrics.lead_time_s is not None and metrics.process_time_s is not None
    assert got("lead_time") == pytest.approx(metrics.lead_time_s / H)
    assert got("process_time") == pytest.approx(metrics.process_time_s / H)
    assert got("work_content") == pytest.approx(metrics.work_content_s / H)
    assert got("rework_lead_time") == pytest.approx(metrics.rework_adjusted_lead_time_s / H)
    assert got("flow_efficiency") == pytest.approx(metrics.flow_efficiency_pct / 100)
    assert got("rolled_pca") == pytest.approx(metrics.rolled_pca_pct / 100)
    assert got("handoffs") == metrics.handoffs
    assert got("cross_team") == metrics.cross_team_handoffs
    assert got("rework_handoffs") == metrics.rework_handoffs
    assert got("stages") == metrics.stage_count
    assert got("takt") == pytest.approx(metrics.takt_s / H)
    assert got("lead_text") == format_duration(metrics.lead_time_s, value_map.calendar)


def check_stage_rows(path: Path, values: Values, sheet: str, value_map: ValueMap) -> None:
    col = columns(path, sheet)
    metrics = analyze(value_map, seed=0)
    for row, stage in enumerate(value_map.stages.values(), start=5):
        assert values[sheet, f"{col['id']}{row}"] == stage.id
        assert values[sheet, f"{col['stage']}{row}"] == stage.name
        assert values[sheet, f"{col['touch (h)']}{row}"] == pytest.approx(stage.touch_s / H)
        assert values[sheet, f"{col['lead time (h)']}{row}"] == pytest.approx(stage.lead_time_s / H)
        for header, seconds in (("touch", stage.touch_s), ("wait", stage.wait_s)):
            expected = format_duration(seconds, value_map.calendar)
            assert values[sheet, f"{col[header]}{row}"] == expected, (stage.name, header)
        expected_flag = "Y" if stage.id in metrics.critical_set else "N"
        assert values[sheet, f"{col['critical path']}{row}"] == expected_flag, stage.name
        over = "Y" if stage.id in metrics.over_takt else "N"
        assert values[sheet, f"{col['over takt']}{row}"] == over, stage.name


def test_summary_formulas_give_the_analysis_figures(demo: tuple[Workspace, Path, Values]) -> None:
    ws, _path, values = demo
    assert values["Summary", "D4"] == CURRENT_NAME
    assert values["Summary", "E4"] == TARGET_NAME
    check_summary(ws, values, "D", ws.map_named(CURRENT_NAME))  # type: ignore[arg-type]
    check_summary(ws, values, "E", ws.map_named(TARGET_NAME))  # type: ignore[arg-type]
    path_names = values["Summary", "D17"]
    assert path_names.startswith("Idea intake → Discovery") and "Security review" in path_names


def test_map_sheets_hold_the_stage_table_and_critical_path(
    demo: tuple[Workspace, Path, Values],
) -> None:
    ws, path, values = demo
    for value_map in ws.maps.values():
        check_stage_rows(path, values, value_map.name, value_map)
    book = openpyxl.load_workbook(path)
    sheet = book[CURRENT_NAME]
    assert sheet.freeze_panes == "C5"
    assert "Stages_1" in sheet.tables and sheet.tables["Stages_1"].autoFilter is not None
    assert sheet.column_dimensions["A"].hidden  # the id column
    col = columns(path, CURRENT_NAME)
    # Demo: Code review hands to Test and Security review; Test reworks to Build at 25 %.
    assert sheet[f"{col['next']}10"].value == "Test; Security review"
    assert sheet[f"{col['rework_to']}11"].value == "Build"
    assert sheet[f"{col['rework_rate']}11"].value == 0.25
    assert sheet[f"{col['batch size']}9"].value == "8 stories"  # a data-box field
    # Hours are plain numbers (what import reads), lead time a formula over them.
    assert sheet[f"{col['touch (h)']}9"].value == 40
    assert sheet[f"{col['lead time (h)']}9"].value == f"={col['touch (h)']}9+{col['wait (h)']}9"


def test_handoffs_and_timeline(demo: tuple[Workspace, Path, Values]) -> None:
    _ws, path, values = demo
    sheet = CURRENT_NAME
    book = openpyxl.load_workbook(path)
    table = book[sheet].tables["Handoffs_1"]
    first = int(table.ref.split(":")[0][1:]) + 1
    rows = [tuple(values[sheet, f"{c}{r}"] or "" for c in "BCFJ") for r in range(first, first + 11)]
    assert ("Idea intake", "Discovery", "N", "N") in rows  # both Product
    assert ("Discovery", "Design", "N", "Y") in rows  # Product -> UX
    assert ("Test", "Build", "Y", "") in rows  # rework: not counted as a handoff
    timeline = book[sheet].tables["Timeline_1"]
    top, bottom = (int(part[1:]) for part in timeline.ref.split(":"))
    assert [values[sheet, f"C{r}"] for r in range(top + 1, bottom + 1)] == [
        "Idea intake", "Discovery", "Design", "Backlog refinement", "Build", "Code review",
        "Security review", "Release", "Validate outcome",
    ]  # fmt: skip
    total = bottom + 1
    assert values[sheet, f"E{total}"] == pytest.approx(704)  # waits on the path
    assert values[sheet, f"F{total}"] == pytest.approx(89)  # touch on the path = PT
    assert values[sheet, f"G{total}"] == pytest.approx(793)  # = lead time
    assert values[sheet, f"H{bottom}"] == pytest.approx(793)  # elapsed at the end


def test_compare_sheet(demo: tuple[Workspace, Path, Values]) -> None:
    ws, path, values = demo
    comparison = compare_maps(ws.map_named(CURRENT_NAME), ws.map_named(TARGET_NAME), seed=0)  # type: ignore[arg-type]
    lead = comparison.delta("lead_time_s")
    # Block: title row 4, header row 5, figures from row 6 in Summary order.
    assert values["Compare", "C6"] == pytest.approx(793)
    assert values["Compare", "D6"] == pytest.approx(198)
    assert values["Compare", "E6"] == pytest.approx(lead.abs / H)
    assert values["Compare", "F6"] == pytest.approx(lead.pct / 100)
    efficiency = comparison.delta("flow_efficiency_pct")
    assert values["Compare", "F10"] == pytest.approx(efficiency.pct / 100)
    book = openpyxl.load_workbook(path)
    texts = {
        (row[0].value, row[1].value)
        for row in book["Compare"].iter_rows(min_row=18, min_col=2, max_col=3)
    }
    assert ("Design", "removed") in texts and ("Backlog refinement", "removed") in texts
    assert ("Discovery & design", "renamed") in texts
    assert ("Test", "team") in texts
    assert len(book["Compare"]._charts) == 1


def _demo_with_test_touch_60h(path: Path) -> tuple[Workspace, dict[str, str]]:
    """The demo exported to ``path``, then Test's touch typed over as 60 h in the workbook;
    returns the demo and the current map's columns."""
    ws = demo_workspace()
    export_workbook(ws, path)
    col = columns(path, CURRENT_NAME)
    book = openpyxl.load_workbook(path)
    book[CURRENT_NAME][f"{col['touch (h)']}11"] = 60
    book.save(path)
    return ws, col


def test_formulas_follow_an_edited_time(tmp_path: Path) -> None:
    """Test's touch 18 h -> 60 h makes the Test branch (lead 100 h) longer than the security
    review (86 h): the critical path moves to Test. By hand: LT = 793 - 86 + 100 = 807 h,
    PT = 89 - 6 + 60 = 143 h, flow efficiency 143 / 807."""
    path = tmp_path / "demo.xlsx"
    ws, col = _demo_with_test_touch_60h(path)
    values = evaluate(path)
    assert values["Summary", "D5"] == pytest.approx(807)
    assert values["Summary", "D6"] == pytest.approx(143)
    assert values["Summary", "D9"] == pytest.approx(143 / 807)
    assert values["Summary", "D7"] == pytest.approx(107 - 18 + 60)
    assert values[CURRENT_NAME, f"{col['critical path']}11"] == "Y"  # Test
    assert values[CURRENT_NAME, f"{col['critical path']}12"] == "N"  # Security review
    assert values[CURRENT_NAME, f"{col['touch'].strip()}11"] == "1w 2.5d"


def rework_map() -> Workspace:
    """A -> B -> C, C reworks to B at 1 - %C&A(C) = 20 %: a chain on the critical path, so the
    rework-adjusted lead time has a closed form. LT = 2 + 4 + 4 = 10 h; the segment B..C is
    8 h; RALT = 10 + 8 * 0.2 / 0.8 = 12 h."""
    value_map = ValueMap("Loop", calendar=ELAPSED)
    a = Stage("A", "T1", touch_s=1 * H, wait_s=1 * H)
    b = Stage("B", "T1", touch_s=2 * H, wait_s=2 * H)
    c = Stage("C", "T2", touch_s=3 * H, wait_s=1 * H, pca=80)
    for stage in (a, b, c):
        value_map.stages[stage.id] = stage
    for handoff in (Handoff(a.id, b.id), Handoff(b.id, c.id), Handoff(c.id, b.id, rework=True)):
        value_map.handoffs[handoff.id] = handoff
    ws = Workspace()
    ws.add_map(value_map)
    return ws


def test_exact_rework_formula_follows_pca(tmp_path: Path) -> None:
    ws = rework_map()
    metrics = analyze(ws.map_named("Loop"))  # type: ignore[arg-type]
    assert metrics.rework is not None and metrics.rework.exact
    path = tmp_path / "loop.xlsx"
    export_workbook(ws, path)
    values = evaluate(path)
    assert values["Summary", "D5"] == pytest.approx(10)
    assert values["Summary", "D8"] == pytest.approx(12)
    col = columns(path, "Loop")
    book = openpyxl.load_workbook(path)
    book["Loop"][f"{col['%C&A']}7"] = 50  # rate 50 %: 10 + 8 * 0.5 / 0.5 = 18 h
    book.save(path)
    assert evaluate(path)["Summary", "D8"] == pytest.approx(18)
    book["Loop"][f"{col['rework_rate']}7"] = 0.25  # explicit rate: 10 + 8 / 3
    book.save(path)
    assert evaluate(path)["Summary", "D8"] == pytest.approx(10 + 8 / 3)


def test_libreoffice_computes_the_same_figures(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice not installed (CI installs it; the formulas test covers this)")
    path = tmp_path / "demo.xlsx"
    ws, col = _demo_with_test_touch_60h(path)
    values = recalc_libreoffice(path, tmp_path / "lo")
    assert values["Summary", "D5"] == pytest.approx(807)
    assert values["Summary", "D6"] == pytest.approx(143)
    assert values[CURRENT_NAME, f"{col['critical path']}11"] == "Y"
    check_summary(ws, values, "E", ws.map_named(TARGET_NAME))  # type: ignore[arg-type]
    check_stage_rows(path, values, TARGET_NAME, ws.map_named(TARGET_NAME))  # type: ignore[arg-type]
    assert values["Compare", "C6"] == pytest.approx(807)


@pytest.mark.parametrize("engine", ["formulas", "libreoffice"])
def test_row_2_edited_in_excel_gives_the_figures_the_app_shows_after_import(
    tmp_path: Path, engine: str
) -> None:
    """7.5 h days and 1 item a day typed into row 2: the recalculated sheet shows what the app
    shows once the workbook is read back. By hand: takt = 7.5 h; lead time 793 h = 21 weeks of
    37.5 h and 5.5 h = 21w 0.7d; Discovery's 14 h touch = 1d 6.5h."""
    if engine == "libreoffice" and soffice() is None:
        pytest.skip("LibreOffice not installed (CI installs it; the formulas case covers this)")
    ws = demo_workspace()
    path = tmp_path / "demo.xlsx"
    export_workbook(ws, path)
    book = openpyxl.load_workbook(path)
    book[CURRENT_NAME]["C2"], book[CURRENT_NAME]["G2"] = 7.5, 1
    book.save(path)
    values = evaluate(path) if engine == "formulas" else recalc_libreoffice(path, tmp_path / "lo")

    CommandStack(ws).push(read_workbook(path, ws).command)  # type: ignore[arg-type]
    value_map = ws.map_named(CURRENT_NAME)
    assert value_map is not None and value_map.calendar == Calendar(7.5, 5)
    check_summary(ws, values, "D", value_map)
    check_stage_rows(path, values, CURRENT_NAME, value_map)
    assert values["Summary", f"D{SUMMARY_ROWS['takt']}"] == pytest.approx(7.5)
    assert values["Summary", f"D{SUMMARY_ROWS['lead_text']}"] == "21w 0.7d"
    assert values[CURRENT_NAME, f"{columns(path, CURRENT_NAME)['touch']}6"] == "1d 6.5h"


def test_user_text_is_never_a_formula(tmp_path: Path) -> None:
    ws = rework_map()
    value_map = ws.map_named("Loop")
    assert value_map is not None
    a, b, c = value_map.stages.values()
    a.name, a.team = '=HYPERLINK("http://evil.example","x")', "+1+1"
    b.name, b.fields = "-2", {"note": "@SUM(1,1)"}
    c.team = "=1/0"
    path = tmp_path / "text.xlsx"
    export_workbook(ws, path)
    book = openpyxl.load_workbook(path)
    sheet = book[value_map.name]
    for address, text in (("B5", a.name), ("C5", "+1+1"), ("B6", "-2"), ("C7", "=1/0")):
        cell = sheet[address]
        assert cell.value == text and cell.data_type == "s", address
        assert cell.quotePrefix, address
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    formulas = "".join(re.findall(r"<f>(.*?)</f>", xml))
    assert formulas and "HYPERLINK" not in formulas and "1/0" not in formulas
    values = evaluate(path)
    assert values["Summary", "D5"] == pytest.approx(10)  # figures unaffected
    assert values["Loop", "B5"] == a.name


def test_awkward_map_names_and_invalid_maps(tmp_path: Path) -> None:
    ws = rework_map()
    loop = ws.map_named("Loop")
    assert loop is not None
    loop.name = "Team [flow]: a/b? and a very long name indeed"
    ws.add_map(ValueMap("Empty", role=MapRole.FREE))
    cyclic = ValueMap("Cyclic")
    x, y = Stage("X", touch_s=H), Stage("Y", touch_s=H)
    cyclic.stages = {x.id: x, y.id: y}
    for handoff in (Handoff(x.id, y.id), Handoff(y.id, x.id)):
        cyclic.handoffs[handoff.id] = handoff
    ws.add_map(cyclic)
    path = tmp_path / "odd.xlsx"
    export_workbook(ws, path)
    book = openpyxl.load_workbook(path)
    title = book.sheetnames[1]
    assert title == "Team -flow-- a-b- and a very lo"
    values = evaluate(path)
    assert values["Summary", "D5"] == pytest.approx(10)  # quoted sheet reference works
    assert values["Summary", "E14"] == 0  # the empty map
    assert values["Summary", "F5"] is None  # a loop has no lead time
    assert "loop" in values["Summary", "F18"]  # its problem is named


def test_quote_in_a_sheet_name_with_libreoffice(tmp_path: Path) -> None:
    # The ``formulas`` package cannot read a doubled quote in a sheet reference; Excel and
    # LibreOffice can, so this one is checked with the real engine only.
    if soffice() is None:
        pytest.skip("LibreOffice not installed")
    ws = rework_map()
    ws.map_named("Loop").name = "Team's flow"  # type: ignore[union-attr]
    path = tmp_path / "quote.xlsx"
    export_workbook(ws, path)
    assert openpyxl.load_workbook(path)["Summary"]["D5"].value == "=MAX('Team''s flow'!$P$5:$P$7)"
    assert recalc_libreoffice(path, tmp_path / "lo")["Summary", "D5"] == pytest.approx(10)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(3)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_picture_charts_and_marker_sheet(tmp_path: Path) -> None:
    ws = demo_workspace()
    current = ws.map_named(CURRENT_NAME)
    assert current is not None
    png = tiny_png()
    path = tmp_path / "pictures.xlsx"
    steps: list[float] = []
    export_workbook(ws, path, map_ids=[current.id], images={current.id: png},
                    progress=steps.append)  # fmt: skip
    assert steps[-1] == 1.0 and steps == sorted(steps)
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("xl/media/")]
        assert [archive.read(n) for n in media] == [png]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", CURRENT_NAME, "_vsm"]  # no target: no Compare
    chart = book[CURRENT_NAME]._charts[0]
    assert chart.grouping == "stacked" and len(chart.series) == 2
    meta = book["_vsm"]
    assert meta.sheet_state == "hidden"
    assert (meta["A1"].value, meta["B1"].value, meta["B2"].value) == (
        "format", "vsm-desktop-workbook", 1
    )  # fmt: skip
    assert (meta["A7"].value, meta["B7"].value) == (current.id, CURRENT_NAME)


def test_measured_figures(tmp_path: Path) -> None:
    """Item 1: Build 0-1 h, Test 2-3 h; item 2: Build 0-3 h, Test 3-4 h, on the elapsed
    calendar. Build touch 1 h and 3 h (mean 2 h); Test touch 1 h each, wait 1 h and 0 h."""
    from vsm_desktop.measure.events import EventTable
    from vsm_desktop.measure.stats import compute_figures

    value_map = ValueMap("Measured", calendar=ELAPSED)
    build = Stage("Build", hooks={"active": ["build"]})
    test = Stage("Test", hooks={"active": ["test"]})
    value_map.stages = {build.id: build, test.id: test}
    handoff = Handoff(build.id, test.id)
    value_map.handoffs[handoff.id] = handoff
    ws = Workspace()
    ws.add_map(value_map)
    events = EventTable.from_columns(
        ["1", "1", "2", "2"],
        ["build", "test", "build", "test"],
        [0, 2 * H, 0, 3 * H],
        [H, 3 * H, 3 * H, 4 * H],
    )
    figures = compute_figures(events, value_map, source="log.csv")
    path = tmp_path / "measured.xlsx"
    export_workbook(ws, path, measurements={value_map.id: figures})
    values = evaluate(path)
    book = openpyxl.load_workbook(path)
    table = book["Measured"].tables["Measured_1"]
    top = int(table.ref.split(":")[0][1:])
    headers = [values["Measured", f"{get_column_letter(c)}{top}"] for c in range(2, 14)]
    assert headers[:5] == ["stage", "items", "visits", "coverage", "touch mean (h)"]
    build_row = {h: values["Measured", f"{get_column_letter(2 + k)}{top + 1}"]
                 for k, h in enumerate(headers)}  # fmt: skip
    test_row = {h: values["Measured", f"{get_column_letter(2 + k)}{top + 2}"]
                for k, h in enumerate(headers)}  # fmt: skip
    assert build_row["stage"] == "Build" and build_row["items"] == 2
    assert build_row["touch mean (h)"] == pytest.approx(2)
    assert test_row["touch median (h)"] == pytest.approx(1)
    assert test_row["wait mean (h)"] == pytest.approx(0.5)
    assert book["Measured"].cell(top - 1, 2).value == "Measured (2 items, log.csv)"


def test_export_is_atomic_and_checks_its_input(tmp_path: Path) -> None:
    ws = demo_workspace()
    with pytest.raises(ExportError, match="no map with id nope"):
        export_workbook(ws, tmp_path / "x.xlsx", map_ids=["nope"])
    with pytest.raises(ExportError, match="does not exist"):
        export_workbook(ws, tmp_path / "missing" / "x.xlsx")
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old content")
    export_workbook(ws, target)
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # no temp file left


def test_ties_go_to_the_earlier_stage_as_in_the_analysis(tmp_path: Path) -> None:
    """A forks to B and C of equal lead time, which join at D; E is a second end as long as
    the path to D. The analysis takes B (earlier in the map) and D (the earlier end)."""
    value_map = ValueMap("Ties", calendar=ELAPSED)
    a, b, c, d = (Stage(n, touch_s=H, wait_s=H) for n in "ABCD")
    e = Stage("E", touch_s=3 * H, wait_s=H)  # A + E = 6 h = A + B + D
    for stage in (a, b, c, d, e):
        value_map.stages[stage.id] = stage
    for source, target in ((a, b), (a, c), (b, d), (c, d), (a, e)):
        handoff = Handoff(source.id, target.id)
        value_map.handoffs[handoff.id] = handoff
    ws = Workspace()
    ws.add_map(value_map)
    metrics = analyze(value_map)
    assert [value_map.stages[s].name for s in metrics.critical_path] == ["A", "B", "D"]
    path = tmp_path / "ties.xlsx"
    export_workbook(ws, path)
    values = evaluate(path)
    col = columns(path, "Ties")
    flags = [values["Ties", f"{col['critical path']}{row}"] for row in range(5, 10)]
    assert flags == ["Y", "Y", "N", "Y", "N"]
    assert values["Summary", "D5"] == pytest.approx(6)
    assert values["Summary", "D6"] == pytest.approx(3)


def test_cancelled_export_writes_nothing(tmp_path: Path) -> None:
    import threading

    from vsm_desktop.export.workbook_write import ExportCancelled

    flag = threading.Event()
    path = tmp_path / "never.xlsx"
    with pytest.raises(ExportCancelled):
        export_workbook(demo_workspace(), path, progress=lambda _share: flag.set(), cancel=flag)
    assert list(tmp_path.iterdir()) == []
