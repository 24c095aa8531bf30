"""Reading an exported workbook back after a person edited it: the map and its figures follow,
bad edits are refused with sheet, row and column, and nothing changes on refusal."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers_excel import edit as edit_cells
from helpers_excel import snapshot
from xlsx_eval import soffice

from vsm_desktop.analysis import analyze
from vsm_desktop.cli.main import main
from vsm_desktop.export.workbook_read import WorkbookReadError, read_workbook
from vsm_desktop.export.workbook_write import export_workbook
from vsm_desktop.model import CommandStack, Workspace
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME, demo_workspace

H = 3600.0
SHEET = CURRENT_NAME
# Rows of the current demo map's stage table (header in row 4), and the columns read back.
ROW = {
    "Idea intake": 5, "Discovery": 6, "Design": 7, "Backlog refinement": 8, "Build": 9,
    "Code review": 10, "Test": 11, "Security review": 12, "Release": 13, "Validate outcome": 14,
}  # fmt: skip
STAGE, TEAM, TOUCH, WAIT, PCA, NEXT, RATE = "B", "C", "D", "E", "J", "L", "N"


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Workspace, Path]:
    ws = demo_workspace()
    path = tmp_path / "demo.xlsx"
    export_workbook(ws, path)
    book = openpyxl.load_workbook(path)
    headers = [c.value for c in book[SHEET][4]]
    # The test's column letters are the documented layout; fail loudly if it moves.
    assert [headers[i] for i in (1, 2, 3, 4, 9, 11, 13)] == [
        "stage", "team", "touch (h)", "wait (h)", "%C&A", "next", "rework_rate",
    ]  # fmt: skip
    return ws, path


def edit(path: Path, cells: dict[str, object], sheet: str = SHEET) -> None:
    edit_cells(path, cells, sheet)


def test_untouched_workbook_changes_nothing(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    update = read_workbook(path, ws)
    assert update.is_empty and update.command is None
    assert update.describe() == [f"{CURRENT_NAME}: no change", f"{TARGET_NAME}: no change"]


def test_round_trip_of_a_persons_edits(exported: tuple[Workspace, Path]) -> None:
    """Idea intake touch 2 h -> 10 h; Discovery renamed; Security review deleted (Code review now
    hands to Test only); a new stage Monitor (1 h touch, 2 h wait) after Validate outcome.

    By hand, the map is now one chain: lead time = 50 + 94 + 92 + 124 + 80 + 27 + 58 + 84 + 164
    + 3 = 776 h; process time = 10 + 14 + 12 + 4 + 40 + 3 + 18 + 4 + 4 + 1 = 110 h."""
    ws, path = exported
    current = ws.map_named(CURRENT_NAME)
    assert current is not None
    before = {s.name: s for s in current.stages.values()}
    old_ids = set(current.stages)
    security_note = next(n for n in current.notes.values()
                         if n.stage == before["Security review"].id)  # fmt: skip

    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    sheet[f"{TOUCH}5"] = 10
    sheet[f"{STAGE}6"] = "Discovery & framing"
    sheet[f"{NEXT}5"] = "Discovery & framing"
    sheet[f"{NEXT}10"] = "Test"
    sheet.delete_rows(ROW["Security review"])  # Release and Validate outcome move up a row
    sheet.insert_rows(14)
    for column, value in ((STAGE, "Monitor"), (TEAM, "Ops"), (TOUCH, 1), (WAIT, 2), (PCA, 100)):
        sheet[f"{column}14"] = value
    sheet[f"{NEXT}13"] = "Monitor"
    book.save(path)

    update = read_workbook(path, ws)
    lines = update.describe()
    assert lines[0] == f"{CURRENT_NAME}:"
    assert "  added stage 'Monitor'" in lines
    assert "  removed stage 'Security review'" in lines
    assert "  Discovery & framing: renamed 'Discovery' → 'Discovery & framing'" in lines
    assert "  Idea intake: touch 2h → 1d 2h" in lines
    assert not any(line.startswith("  Idea intake: next") for line in lines)  # only a rename
    assert f"{TARGET_NAME}: no change" in lines
    assert any(line.startswith("  lead time: ") for line in lines)

    stack = CommandStack(ws)
    stack.push(update.command)  # type: ignore[arg-type]
    after = {s.name: s for s in current.stages.values()}
    metrics = analyze(current)
    assert metrics.lead_time_s == pytest.approx(776 * H)
    assert metrics.process_time_s == pytest.approx(110 * H)
    assert len(metrics.critical_path) == 10
    assert after["Discovery & framing"].id == before["Discovery"].id  # kept through a rename
    assert (after["Discovery & framing"].x, after["Discovery & framing"].y) == (
        before["Discovery"].x, before["Discovery"].y,
    )  # fmt: skip
    assert after["Idea intake"].touch_s == 10 * H
    assert after["Build"].fields == {"batch size": "8 stories"}
    monitor = after["Monitor"]
    assert monitor.id not in old_ids
    assert (monitor.x, monitor.y) == (before["Validate outcome"].x + 220, 0.0)
    assert current.notes[security_note.id].stage is None  # the note stays, unpinned
    rework = [h for h in current.handoffs.values() if h.rework]
    assert [(current.stages[h.source].name, h.rework_rate) for h in rework] == [("Test", 0.25)]

    assert stack.undo()
    assert {s.name for s in current.stages.values()} == set(before)
    assert analyze(current).lead_time_s == pytest.approx(793 * H)


def test_fields_and_a_new_column(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    headers = {c.value: c.column_letter for c in sheet[4] if c.value}
    sheet[f"{headers['batch size']}9"] = "4 stories"
    sheet.cell(4, sheet.max_column + 1, "owner")
    owner = sheet.max_column
    sheet.cell(ROW["Test"], owner, "Kim")
    book.save(path)
    update = read_workbook(path, ws)
    assert "  Build: batch size '8 stories' → '4 stories'" in update.describe()
    assert "  Test: owner – → 'Kim'" in update.describe()
    CommandStack(ws).push(update.command)  # type: ignore[arg-type]
    current = ws.map_named(CURRENT_NAME)
    assert current is not None
    assert current.stage_named("Build").fields == {"batch size": "4 stories"}  # type: ignore[union-attr]
    assert current.stage_named("Test").fields == {  # type: ignore[union-attr]
        "environment uptime": "70%", "owner": "Kim",
    }  # fmt: skip


def test_bad_edits_are_all_reported_and_change_nothing(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    before = snapshot(ws)
    edit(
        path,
        {
            f"{WAIT}7": -5,
            f"{PCA}8": 150,
            f"{TOUCH}9": "lots",
            f"{RATE}11": 1.5,
            f"{NEXT}13": "Validate outcome; Nowhere",
        },
    )
    with pytest.raises(WorkbookReadError) as caught:
        read_workbook(path, ws)
    where = {(e.sheet, e.row, e.column) for e in caught.value.errors}
    assert where == {
        (SHEET, 7, WAIT), (SHEET, 8, PCA), (SHEET, 9, TOUCH), (SHEET, 11, RATE), (SHEET, 13, NEXT),
    }  # fmt: skip
    text = str(caught.value)
    assert f"sheet {SHEET!r}, row 13, column L (next): unknown stage 'Nowhere'" in text
    assert "row 7, column E (wait (h)):" in text and "negative" in text
    assert "nothing changed" in text
    assert snapshot(ws) == before


def test_a_loop_without_rework_is_refused(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    before = snapshot(ws)
    edit(path, {f"{NEXT}{ROW['Release']}": "Validate outcome; Build"})
    with pytest.raises(WorkbookReadError) as caught:
        read_workbook(path, ws)
    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == (SHEET, ROW["Build"], NEXT)
    assert "loop" in error.message and "Release" in error.message
    assert snapshot(ws) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("plain", "not exported by VSM Desktop"),
        ("text", "cannot read the workbook"),
        ("other_workspace", "not in this workspace"),
        ("newer", "newer than this app reads"),
        ("no_next_column", "missing column(s): next"),
    ],
)
def test_workbooks_that_are_not_ours_or_broken(
    exported: tuple[Workspace, Path], tmp_path: Path, make: str, message: str
) -> None:
    ws, path = exported
    if make == "plain":
        book = openpyxl.Workbook()
        book.active["A1"] = "stage"  # type: ignore[index]
        book.save(path)
    elif make == "text":
        path.write_text("stage,team\n")
    elif make == "other_workspace":
        export_workbook(demo_workspace(), path)  # same names, other ids
    elif make == "newer":
        edit(path, {"B2": 99}, sheet="_vsm")
    else:
        edit(path, {f"{NEXT}4": "successors"})
    before = snapshot(ws)
    with pytest.raises(WorkbookReadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_workbook(path, ws)
    assert snapshot(ws) == before


BOMB = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + ("" if i == 2 else str(i - 1)) + ";") * 10}">'
        for i in range(2, 10)
    )
    + "]>\n"
)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet5.xml", "xl/workbook.xml"])
def test_entity_expansion_bomb_is_refused(
    exported: tuple[Workspace, Path], tmp_path: Path, part: str
) -> None:
    """A billion-laughs DOCTYPE in the marker sheet (read by defusedxml) or in the workbook part
    (read by lxml without entity resolution) is refused at once, without expanding it."""
    assert openpyxl.DEFUSEDXML  # openpyxl reads worksheets through defusedxml
    ws, path = exported
    hostile = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(hostile, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                text = data.decode()
                if text.startswith("<?xml"):
                    text = text[text.index("?>") + 2 :].lstrip()
                if "worksheets" in part:
                    cell = '<row r="99"><c r="A99" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                    text = text.replace("</sheetData>", cell + "</sheetData>")
                else:
                    text = text.replace("<sheets>", "<sheets>&lol9;")
                data = (BOMB + text).encode()
            out.writestr(item, data)
    with pytest.raises(WorkbookReadError, match="refused for safety"):
        read_workbook(hostile, ws)


def test_copied_row_becomes_a_new_stage(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    sheet.insert_rows(15)
    for cell in sheet[ROW["Validate outcome"]]:
        sheet.cell(15, cell.column, cell.value)  # the hidden id comes along
    sheet[f"{STAGE}15"] = "Validate outcome again"
    sheet[f"{NEXT}15"] = None
    book.save(path)
    update = read_workbook(path, ws)
    assert update.describe()[1] == "  added stage 'Validate outcome again'"
    CommandStack(ws).push(update.command)  # type: ignore[arg-type]
    current = ws.map_named(CURRENT_NAME)
    assert current is not None and len(current.stages) == 11


def test_a_workbook_saved_by_libreoffice_reads_back(
    exported: tuple[Workspace, Path], tmp_path: Path
) -> None:
    import subprocess

    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice not installed (CI installs it)")
    ws, path = exported
    edit(path, {f"{WAIT}{ROW['Test']}": 16})
    out = tmp_path / "lo"
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    update = read_workbook(out / path.name, ws)
    assert update.describe() == [
        f"{CURRENT_NAME}:",
        "  Test: wait 1w → 2d",
        # Test is off the critical path, so only the simulated rework figure moves.
        *[line for line in update.describe() if line.startswith("  rework-adjusted")],
        f"{TARGET_NAME}: no change",
    ]


def test_cli_export_and_update(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vsm_desktop.store import open_workspace, save_workspace

    workspace_path = tmp_path / "demo.vsm"
    save_workspace(demo_workspace(), workspace_path)
    out = tmp_path / "out.xlsx"
    assert main(["export", str(workspace_path), "--xlsx", str(out), "--no-pictures",
                 "--map", CURRENT_NAME]) == 0  # fmt: skip
    assert "1 map(s) exported" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", CURRENT_NAME, "_vsm"]

    edit(out, {f"{TOUCH}5": 10})
    assert main(["update-from-xlsx", str(workspace_path), str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "  Idea intake: touch 2h → 1d 2h" in printed and "dry run" in printed
    reopened = open_workspace(workspace_path).map_named(CURRENT_NAME)
    assert reopened is not None and reopened.stage_named("Idea intake").touch_s == 2 * H  # type: ignore[union-attr]

    assert main(["update-from-xlsx", str(workspace_path), str(out)]) == 0
    assert "1 map(s) updated" in capsys.readouterr().out
    reopened = open_workspace(workspace_path).map_named(CURRENT_NAME)
    assert reopened is not None and reopened.stage_named("Idea intake").touch_s == 10 * H  # type: ignore[union-attr]
    assert analyze(reopened).lead_time_s == pytest.approx(801 * H)  # 793 + 8

    edit(out, {f"{PCA}6": 101})
    assert main(["update-from-xlsx", str(workspace_path), str(out)]) == 2
    error = capsys.readouterr().err
    assert f"sheet {CURRENT_NAME!r}, row 6, column J (%C&A)" in error


def test_rows_added_up_to_the_handoffs_block(exported: tuple[Workspace, Path]) -> None:
    """Two stages typed into the two empty rows under the table: it now runs straight into the
    'Handoffs' title, which must not be read as a stage."""
    ws, path = exported
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    assert sheet["B17"].value == "Handoffs" and sheet["B15"].value is None
    for row, name in ((15, "Monitor"), (16, "Learn")):
        sheet[f"{STAGE}{row}"] = name
        sheet[f"{TOUCH}{row}"] = 1
    sheet[f"{NEXT}14"] = "Monitor"
    sheet[f"{NEXT}15"] = "Learn"
    book.save(path)
    update = read_workbook(path, ws)
    assert update.describe()[1:3] == ["  added stage 'Monitor'", "  added stage 'Learn'"]
    CommandStack(ws).push(update.command)  # type: ignore[arg-type]
    current = ws.map_named(CURRENT_NAME)
    assert current is not None and len(current.stages) == 12
    assert analyze(current).lead_time_s == pytest.approx((793 + 2) * H)


def test_cli_export_includes_measured_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vsm_desktop.measure.events import EventTable
    from vsm_desktop.store import save_workspace
    from vsm_desktop.store.measurements import import_events

    ws = demo_workspace()
    current = ws.map_named(CURRENT_NAME)
    assert current is not None
    current.stage_named("Build").hooks = {"active": ["in progress"]}  # type: ignore[union-attr]
    workspace_path = tmp_path / "measured.vsm"
    save_workspace(ws, workspace_path)
    events = EventTable.from_columns(["A-1", "A-2"], ["in progress"] * 2, [0.0, 0.0],
                                     [3600.0, 7200.0])  # fmt: skip
    import_events(workspace_path, events, format="csv", source="jira.csv")
    out = tmp_path / "measured.xlsx"
    assert main(["export", str(workspace_path), "--xlsx", str(out), "--no-pictures"]) == 0
    assert "measured figures of 1 map(s)" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out)[CURRENT_NAME]
    titles = [c.value for c in sheet["B"] if isinstance(c.value, str)]
    assert "Measured (2 items, all event imports)" in titles


def test_edits_of_two_maps_are_one_undo_step(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    before = snapshot(ws)
    edit(path, {f"{TOUCH}5": 3})
    edit(path, {f"{TOUCH}5": 2}, sheet=TARGET_NAME)  # target's Idea intake: 1 h -> 2 h
    update = read_workbook(path, ws)
    assert [m.map_name for m in update.maps] == [CURRENT_NAME, TARGET_NAME]
    stack = CommandStack(ws)
    stack.push(update.command)  # type: ignore[arg-type]
    target = ws.map_named(TARGET_NAME)
    assert target is not None and analyze(target).lead_time_s == pytest.approx(199 * H)
    assert stack.undo() and not stack.can_undo
    assert snapshot(ws) == before
