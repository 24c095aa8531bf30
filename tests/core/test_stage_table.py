"""Stage tables: reading CSV and XLSX, every bad-row case, and building map content."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from vsm_desktop.export.stage_table import (
    StageTableError,
    build_map_content,
    read_stage_table,
    stage_table_command,
)
from vsm_desktop.model import (
    ELAPSED,
    WORKING,
    CommandStack,
    Handoff,
    HandoffKind,
    Note,
    Stage,
    ValueMap,
    Workspace,
)

HEADER = "stage,team,touch,wait,pca,next"


def write(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def errors_of(path: Path, **kwargs: object) -> list[tuple[int, str, str]]:
    with pytest.raises(StageTableError) as info:
        read_stage_table(path, **kwargs)  # type: ignore[arg-type]
    return info.value.errors


def test_csv_chain_values(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER},batch size\n"
        "Intake,Product,30m,1d,95%,Build\n"
        "Build,Dev,2d 4h,,90,Test;Review\n"
        "Test,QA,1.5,2w,,\n"
        "Review,Dev,1h,0,100,\n",
    )
    table = read_stage_table(path)
    rows = {r.name: r for r in table.rows}
    assert [r.name for r in table.rows] == ["Intake", "Build", "Test", "Review"]
    assert rows["Intake"].touch_s == 1800
    assert rows["Intake"].wait_s == 8 * 3600  # a working day
    assert rows["Intake"].pca == 95
    assert rows["Build"].touch_s == 20 * 3600
    assert rows["Build"].wait_s is None  # empty cell: not yet known
    assert rows["Build"].next == ("Test", "Review")
    assert rows["Test"].touch_s == 5400  # bare number in the display unit (h)
    assert rows["Test"].wait_s == 2 * 40 * 3600
    assert rows["Test"].pca == 100  # empty pca = 100
    assert rows["Intake"].fields == {}  # an empty extra cell adds no field
    assert rows["Review"].row == 5


def test_extra_columns_become_fields_and_headers_are_loose(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        " Stage , TEAM,Touch,WAIT , PcA,Next,Batch size, Uptime \n"
        "A,T,1h,1h,100,B,10 items,\n"
        "B,T,1h,1h,100,,,95%\n",
    )
    rows = read_stage_table(path).rows
    assert rows[0].fields == {"Batch size": "10 items"}
    assert rows[1].fields == {"Uptime": "95%"}


def test_calendar_and_unit_are_used(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nA,T,2,1d,100,\n")
    elapsed = read_stage_table(path, calendar=ELAPSED, unit="d").rows[0]
    assert elapsed.touch_s == 2 * 24 * 3600
    assert elapsed.wait_s == 24 * 3600
    working = read_stage_table(path, calendar=WORKING, unit="m").rows[0]
    assert working.touch_s == 120
    assert working.wait_s == 8 * 3600


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("stage;team;touch;wait;pca;next\nÉtude;Équipe;1h;0;100;\"Prüfung\"\nPrüfung;QA;1h;0;100;\n",
         "utf-8"),
        ("stage\tteam\ttouch\twait\tpca\tnext\nÉtude\tÉquipe\t1h\t0\t100\tPrüfung\n"
         "Prüfung\tQA\t1h\t0\t100\t\n", "utf-8-sig"),
        ("stage,team,touch,wait,pca,next\nÉtude,Équipe,1h,0,100,Prüfung\nPrüfung,QA,1h,0,100,\n",
         "cp1252"),
    ],
)  # fmt: skip
def test_delimiters_and_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    rows = read_stage_table(write(tmp_path, text, encoding=encoding)).rows
    assert [r.name for r in rows] == ["Étude", "Prüfung"]
    assert rows[0].team == "Équipe"
    assert rows[0].next == ("Prüfung",)


def test_semicolon_file_with_quoted_successor_list(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'stage;team;touch;wait;pca;next\nA;T;1h;0;100;"B;C"\nB;T;1h;0;100;\nC;T;1h;0;100;\n',
    )
    assert read_stage_table(path).rows[0].next == ("B", "C")


def test_rework_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER},rework_to,rework_rate,people\n"
        "A,T,1h,0,100,B,,,\n"
        "B,T,1h,0,100,C,,,2\n"
        "C,T,1h,0,80,D,A;B,15%,\n"
        "D,T,1h,0,100,,A,0.15,1.5\n"
        "E,T,1h,0,100,,A,,\n",
    )
    rows = {r.name: r for r in read_stage_table(path).rows}
    assert rows["C"].rework_to == ("A", "B")
    assert rows["C"].rework_rate == pytest.approx(0.15)
    assert rows["D"].rework_rate == pytest.approx(0.15)
    assert rows["E"].rework_rate is None  # falls back to 1 - %C&A of E
    assert rows["B"].people == 2
    assert rows["D"].people == 1.5
    assert rows["A"].people == 1


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER},rework_to,rework_rate,people\n"  # row 1
        "A,T,1h,0,100,B,,,\n"  # 2 ok
        ",T,1h,0,100,,,,\n"  # 3 empty name
        "a,T,1h,0,100,,,,\n"  # 4 duplicate of A (case-insensitive)
        "B,T,soon,-1h,100,Nowhere,,,\n"  # 5 bad touch, negative wait, unknown successor
        "C,T,1h,0,101,,,,\n"  # 6 pca above 100
        "D,T,1h,0,-5%,,,,\n"  # 7 pca below 0
        "\n"  # 8 blank: skipped, still counted
        "E,T,1h,0,100,,A,15,\n"  # 9: a bare 15 is not a fraction
        "F,T,1h,0,100,,A,100%,\n"  # 10 rate 1 is outside [0, 1)
        "G,T,1h,0,100,,,0.2,\n"  # 11 rate without rework_to
        "H,T,1h,0,100,H,Ghost,,0\n"  # 12 names itself; unknown rework_to; zero people
        "I,T,1h,0,x,,,-0.1,\n",  # 13 pca not a number; negative rate
    )
    errors = errors_of(path)
    assert {(row, column) for row, column, _ in errors} == {
        (3, "stage"),
        (4, "stage"),
        (5, "touch"),
        (5, "wait"),
        (5, "next"),
        (6, "pca"),
        (7, "pca"),
        (9, "rework_rate"),
        (10, "rework_rate"),
        (11, "rework_rate"),
        (12, "next"),
        (12, "rework_to"),
        (12, "people"),
        (13, "pca"),
        (13, "rework_rate"),
    }
    messages = {(row, column): message for row, column, message in errors}
    assert "duplicate stage 'a' (first in row 2)" in messages[(4, "stage")]
    assert "'Nowhere'" in messages[(5, "next")]
    assert "negative" in messages[(5, "wait")]
    assert "write 15% for a percent" in messages[(9, "rework_rate")]
    assert "'Ghost'" in messages[(12, "rework_to")]
    assert [row for row, _, _ in errors] == sorted(row for row, _, _ in errors)


def test_error_message_names_file_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nA,T,1h,0,150,\n")
    with pytest.raises(StageTableError) as info:
        read_stage_table(path)
    text = str(info.value)
    assert str(path) in text
    assert "row 2, column 'pca'" in text
    assert "outside 0..100" in text


def test_missing_columns_and_empty_tables(tmp_path: Path) -> None:
    assert errors_of(write(tmp_path, "stage,team,touch\nA,T,1h\n")) == [
        (1, "", "missing column(s): wait, pca, next")
    ]
    assert errors_of(write(tmp_path, "\n\n", name="empty.csv"))[0][0] == 1
    assert errors_of(write(tmp_path, f"{HEADER}\n", name="head.csv"))[0][2] == (
        "the table has a header but no stages"
    )
    dup = errors_of(write(tmp_path, f"{HEADER},Stage\nA,T,1h,0,100,,x\n", name="dup.csv"))
    assert dup == [(1, "Stage", "column appears twice")]
    missing = errors_of(tmp_path / "nope.csv")
    assert missing == [(0, "", "file not found")]


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Stages") -> Path:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Notes"
    first.append(["not the stage table"])
    worksheet = workbook.create_sheet(sheet)
    for row in rows:
        worksheet.append(row)
    # %C&A typed as a percent-formatted cell holds 0.9 but shows 90%.
    worksheet["E3"].number_format = "0%"
    workbook.save(path)
    return path


def test_xlsx_named_sheet_numbers_and_percent_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        [
            ["Stage", "Team", "Touch", "Wait", "PCA", "Next", "Owner"],
            ["Build", "Dev", 2, "1d", 95, "Test", "Ann"],
            ["Test", "QA", 1.5, 0, 0.9, None, None],
        ],
    )
    rows = read_stage_table(path, sheet="Stages").rows
    assert [r.name for r in rows] == ["Build", "Test"]
    assert rows[0].touch_s == 7200
    assert rows[0].wait_s == 8 * 3600
    assert rows[0].fields == {"Owner": "Ann"}
    assert rows[1].touch_s == 5400
    assert rows[1].pca == pytest.approx(90)
    # The first sheet is not a stage table: reported, not guessed.
    assert errors_of(path)[0][2].startswith("missing column(s)")
    unknown = errors_of(path, sheet="Nope")
    assert unknown[0][2] == "no sheet 'Nope'; sheets: 'Notes', 'Stages'"


def test_xlsx_bad_rows_use_sheet_row_numbers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["stage", "team", "touch", "wait", "pca", "next"],
            ["A", "T", -1, 0, 100, "B"],
            ["A", "T", 1, 0, 1.0, None],  # E3 is percent-formatted: 1.0 shows as 100%
        ],
    )
    errors = errors_of(path, sheet="Stages")
    assert {(r, c) for r, c, _ in errors} == {(2, "touch"), (2, "next"), (3, "stage")}


def test_corrupt_xlsx_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "not a zip", name="broken.xlsx")
    [(row, column, message)] = errors_of(path)
    assert row == 0 and column == ""
    assert message.startswith("cannot read the file")


# -- building content -----------------------------------------------------------------------------
BRANCHED = (
    f"{HEADER},rework_to,rework_rate\n"
    "Plan,P,1h,0,100,Build,,\n"
    "Build,D,1h,0,100,Test;Scan,,\n"
    "Test,Q,1h,0,80,Ship,Build,20%\n"
    "Scan,S,1h,0,100,Ship,,\n"
    "Ship,O,1h,0,100,,,\n"
)


def test_new_map_layout_and_handoffs(tmp_path: Path) -> None:
    table = read_stage_table(write(tmp_path, BRANCHED))
    stages, handoffs = build_map_content(table, None)
    pos = {s.name: (s.x, s.y) for s in stages}
    assert pos == {
        "Plan": (0, 0),
        "Build": (220, 0),
        "Test": (440, -80),
        "Scan": (440, 80),
        "Ship": (660, 0),
    }
    names = {s.id: s.name for s in stages}
    forward = sorted((names[h.source], names[h.target]) for h in handoffs if not h.rework)
    assert forward == [
        ("Build", "Scan"),
        ("Build", "Test"),
        ("Plan", "Build"),
        ("Scan", "Ship"),
        ("Test", "Ship"),
    ]
    [rework] = [h for h in handoffs if h.rework]
    assert (names[rework.source], names[rework.target]) == ("Test", "Build")
    assert rework.rework_rate == pytest.approx(0.2)


def test_update_keeps_ids_positions_and_handoffs(tmp_path: Path) -> None:
    plan = Stage("plan", team="P", x=5, y=7, notes="keep me", sources={"touch_s": "import 1"})
    build = Stage("BUILD", team="D", x=300, y=9, touch_s=3600.0, sources={"touch_s": "import 2"})
    old_stage = Stage("Retired", x=900)
    value_map = ValueMap("M")
    for stage in (plan, build, old_stage):
        value_map.stages[stage.id] = stage
    kept = Handoff(plan.id, build.id, HandoffKind.PULL, label="kanban")
    gone = Handoff(build.id, old_stage.id)
    value_map.handoffs = {kept.id: kept, gone.id: gone}
    pinned = Note("pinned to a dropped stage", stage=old_stage.id)
    value_map.notes[pinned.id] = pinned
    workspace = Workspace()
    workspace.add_map(value_map)

    table = read_stage_table(write(tmp_path, BRANCHED))
    command = stage_table_command(table, value_map)
    stack = CommandStack(workspace)
    stack.push(command)

    by_name = {s.name: s for s in value_map.stages.values()}
    assert set(by_name) == {"Plan", "Build", "Test", "Scan", "Ship"}
    assert by_name["Plan"].id == plan.id and (by_name["Plan"].x, by_name["Plan"].y) == (5, 7)
    assert by_name["Plan"].notes == "keep me"
    assert by_name["Plan"].sources == {}  # touch changed from 0 to 1h: the import no longer holds
    assert by_name["Build"].id == build.id and by_name["Build"].x == 300
    assert by_name["Build"].sources == {"touch_s": "import 2"}  # still 1h, still from import 2
    assert by_name["Test"].x == 440  # new stages are laid out
    assert kept.id in value_map.handoffs
    assert value_map.handoffs[kept.id].kind is HandoffKind.PULL
    assert value_map.handoffs[kept.id].label == "kanban"
    assert gone.id not in value_map.handoffs
    assert value_map.notes[pinned.id].stage is None

    stack.undo()
    assert [s.name for s in value_map.stages.values()] == ["plan", "BUILD", "Retired"]
    assert set(value_map.handoffs) == {kept.id, gone.id}
    assert value_map.notes[pinned.id].stage == old_stage.id


def test_layout_of_long_reversed_chain_and_of_a_cycle(tmp_path: Path) -> None:
    count = 1500
    # Listed last stage first, so every column needs its predecessor placed before it.
    lines = [f"S{i},T,1h,0,100,{f'S{i + 1}' if i < count - 1 else ''}" for i in range(count)]
    path = write(tmp_path, "\n".join([HEADER, *reversed(lines)]) + "\n")
    stages, _ = build_map_content(read_stage_table(path), None)
    xs = {s.name: s.x for s in stages}
    assert xs["S0"] == 0 and xs["S1"] == 220 and xs[f"S{count - 1}"] == (count - 1) * 220

    cycle = write(tmp_path, f"{HEADER}\nA,T,1h,0,100,B\nB,T,1h,0,100,C\nC,T,1h,0,100,A\n", "c.csv")
    stages, _ = build_map_content(read_stage_table(cycle), None)
    assert [s.x for s in stages] == [0, 220, 440]
