"""XLSX sheets, XES logs (start/complete pairing, XXE refused) and the three Jira shapes."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from vsm_desktop.measure.importers import read_events
from vsm_desktop.measure.problems import ImportFileError

DATA = Path(__file__).parent / "data"


def utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


# -- XLSX -------------------------------------------------------------------------------------
def _workbook(path: Path) -> Path:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes["A1"] = "exported from the tracker"
    log = book.create_sheet("Log")
    log.append([None])  # a blank first row: the header is the first non-empty one
    log.append(["Case ID", "Activity", "Start", "End"])
    log.append([101, "Build", datetime(2024, 3, 4, 9, 0), datetime(2024, 3, 4, 17, 0)])
    log.append(["102", "Build", 45356.375, None])  # Excel serial for 2024-03-05 09:00
    log.append([None, None, None, None])
    log.append(["103", "Test", "2024-03-06 10:00", "2024-03-06 09:00"])
    book.save(path)
    return path


def test_xlsx_chosen_sheet(tmp_path: Path) -> None:
    result = read_events(_workbook(tmp_path / "log.xlsx"), sheet="log")
    assert result.options["sheet"] == "Log"
    assert result.table.to_records() == [
        ("101", "Build", utc(2024, 3, 4, 9), utc(2024, 3, 4, 17), None),
        ("102", "Build", utc(2024, 3, 5, 9), None, None),
    ]
    assert [(p.row, p.reason) for p in result.problems] == [
        (6, "end '2024-03-06 09:00' is before start '2024-03-06 10:00'")
    ]


def test_xlsx_wrong_sheet_lists_the_sheets(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"no sheet named 'Data' \(sheets: 'Notes', 'Log'\)"):
        read_events(_workbook(tmp_path / "log.xlsx"), sheet="Data")


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 this is no zip at all")
    with pytest.raises(ImportFileError, match=r"not a readable \.xlsx workbook"):
        read_events(fake)


# -- XES --------------------------------------------------------------------------------------
def test_xes_start_and_complete_are_paired() -> None:
    result = read_events(DATA / "start_complete.xes")
    assert result.problems == []
    assert result.table.to_records() == [
        ("case-1", "Review", utc(2024, 3, 4, 8), utc(2024, 3, 4, 9, 30), "ann"),
        ("case-1", "Ship", utc(2024, 3, 5, 12), None, None),
        # schedule is ignored; two starts, one complete: the first start is completed
        ("case-2", "Review", utc(2024, 3, 4, 11), utc(2024, 3, 4, 12), None),
        ("case-2", "Review", utc(2024, 3, 4, 11, 15), None, None),
    ]


def test_gzipped_xes(tmp_path: Path) -> None:
    packed = tmp_path / "log.xes.gz"
    packed.write_bytes(gzip.compress((DATA / "start_complete.xes").read_bytes()))
    assert len(read_events(packed).table) == 4


def test_xes_external_entity_is_refused_not_expanded() -> None:
    with pytest.raises(ImportFileError, match="refused: the XML declares entities"):
        read_events(DATA / "xxe.xes")


def test_xes_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xes"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<log><trace><string key="concept:name" value="&b;"/></trace></log>\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match="refused"):
        read_events(bomb)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"<log><trace>", "not a well-formed XES file"),
        (b"<html><body/></html>", "not an XES event log"),
        (bytes(range(256)), "not a well-formed XES file"),
    ],
)
def test_xes_broken_files(tmp_path: Path, content: bytes, message: str) -> None:
    file = tmp_path / "broken.xes"
    file.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read_events(file)


def test_xes_bad_timestamp_is_a_row_problem(tmp_path: Path) -> None:
    file = tmp_path / "bad.xes"
    file.write_text(
        '<log><trace><string key="concept:name" value="c"/>'
        '<event><string key="concept:name" value="A"/>'
        '<date key="time:timestamp" value="yesterday"/></event>'
        '<event><string key="concept:name" value="B"/>'
        '<date key="time:timestamp" value="2024-03-04T09:00:00Z"/></event>'
        "</trace></log>",
        encoding="utf-8",
    )
    result = read_events(file)
    assert [(p.row, p.reason) for p in result.problems] == [
        (1, "cannot read 'yesterday' as a date and time")
    ]
    assert result.table.to_records() == [("c", "B", utc(2024, 3, 4, 9), None, None)]


# -- Jira -------------------------------------------------------------------------------------
STATUSES = [
    ("PRJ-1", "To Do", utc(2024, 3, 1, 9), utc(2024, 3, 2, 9), None),
    ("PRJ-1", "In Progress", utc(2024, 3, 2, 9), utc(2024, 3, 4, 17), None),
    ("PRJ-1", "Done", utc(2024, 3, 4, 17), None, None),
]


def test_jira_status_entered_table() -> None:
    result = read_events(DATA / "status_entered.csv", "jira")
    assert result.options["shape"] == "status-entered"
    assert result.table.to_records() == [
        *STATUSES,
        ("PRJ-2", "To Do", utc(2024, 3, 1, 12), None, None),
    ]


def test_jira_changelog_table_keeps_status_changes_only() -> None:
    result = read_events(DATA / "changelog.csv")  # recognised by its field/from/to columns
    assert result.format == "jira" and result.options["shape"] == "changelog"
    assert result.table.to_records() == [
        *STATUSES,
        ("PRJ-2", "To Do", utc(2024, 3, 1, 12), utc(2024, 3, 3, 12), None),
        ("PRJ-2", "In Review", utc(2024, 3, 3, 12), None, None),
    ]
    assert "1 changelog row(s) about fields other than status ignored" in result.notes


def test_jira_changelog_without_created_leaves_out_the_first_status(tmp_path: Path) -> None:
    file = tmp_path / "cl.csv"
    file.write_text(
        "Issue,Field,From,To,Date\nK-1,status,Open,Doing,2024-03-02 09:00\n"
        "K-1,status,Doing,Done,2024-03-03 09:00\n",
        encoding="utf-8",
    )
    result = read_events(file, "jira")
    assert result.table.to_records() == [
        ("K-1", "Doing", utc(2024, 3, 2, 9), utc(2024, 3, 3, 9), None),
        ("K-1", "Done", utc(2024, 3, 3, 9), None, None),
    ]
    assert any("left out" in note for note in result.notes)


def test_jira_search_json_first_status_from_first_change() -> None:
    result = read_events(DATA / "jira_search.json")
    # +0100 times: 09:00 local is 08:00 UTC. Histories come newest first in the file.
    assert result.table.to_records() == [
        ("PRJ-1", "To Do", utc(2024, 3, 1, 8), utc(2024, 3, 2, 8), None),
        ("PRJ-1", "In Progress", utc(2024, 3, 2, 8), utc(2024, 3, 4, 16), None),
        ("PRJ-1", "Done", utc(2024, 3, 4, 16), None, None),
        ("PRJ-2", "To Do", utc(2024, 3, 1, 12), None, None),
    ]


def test_jira_json_problems_name_the_issue(tmp_path: Path) -> None:
    file = tmp_path / "search.json"
    file.write_text(
        '{"issues": [{"key": "K-1", "fields": {"created": "whenever",'
        ' "status": {"name": "Open"}}}, 7]}',
        encoding="utf-8",
    )
    result = read_events(file)
    assert [(p.row, p.reason) for p in result.problems] == [
        (1, "issue K-1: cannot read 'whenever' as a date and time"),
        (2, "an issue is not a JSON object"),
    ]
    not_json = tmp_path / "broken.json"
    not_json.write_text("{", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a JSON file"):
        read_events(not_json)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"values": []}', encoding="utf-8")
    with pytest.raises(ImportFileError, match="an 'issues' list"):
        read_events(wrong)


@pytest.mark.parametrize("suffix", [".xes", ".xlsx", ".json", ".tsv"])
def test_random_bytes_in_any_format_are_refused_cleanly(tmp_path: Path, suffix: str) -> None:
    import random

    rng = random.Random(suffix)
    file = tmp_path / f"junk{suffix}"
    for size in (1, 7, 64, 300, 2000):
        file.write_bytes(bytes(rng.randrange(256) for _ in range(size)))
        try:
            read_events(file)
        except ImportFileError as exc:
            assert str(file) in str(exc)  # the message names the file
        # no other exception type may escape


def test_xes_with_a_plain_doctype_still_reads_and_stray_entities_fail(tmp_path: Path) -> None:
    text = (DATA / "start_complete.xes").read_text(encoding="utf-8")
    with_doctype = tmp_path / "doctype.xes"
    with_doctype.write_text(text.replace("?>\n", "?>\n<!DOCTYPE log>\n", 1), encoding="utf-8")
    # With a DOCTYPE the file goes through defusedxml, without it through plain expat: the
    # same rows either way.
    assert (
        read_events(with_doctype).table.to_records()
        == read_events(DATA / "start_complete.xes").table.to_records()
    )
    stray = tmp_path / "stray.xes"
    stray.write_text(text.replace('value="case-1"', 'value="&secret;"'), encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a well-formed XES file"):
        read_events(stray)


def test_xlsx_preview_lists_sheets_and_outcomes_read_from_a_sheet(tmp_path: Path) -> None:
    from vsm_desktop.measure.columns import preview
    from vsm_desktop.measure.importers.outcomes import read_outcomes

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Incidents"
    sheet.append(["Incident", "Opened", "Resolved", "Priority"])
    sheet.append(["INC-7", datetime(2024, 3, 1, 10), datetime(2024, 3, 1, 12, 30), "P1"])
    sheet.append(["INC-8", datetime(2024, 3, 2, 10), None, None])
    path = tmp_path / "ops.xlsx"
    book.save(path)
    shown = preview(path, rows=5)
    assert shown.sheets == ["Incidents"] and shown.sheet == "Incidents"
    assert shown.headers == ["Incident", "Opened", "Resolved", "Priority"]
    assert shown.rows[0][0] == "INC-7" and shown.detected_encoding is None
    result = read_outcomes(path, "incidents")
    assert result.problems == []
    table = result.table
    assert table.ident.tolist() == ["INC-7", "INC-8"]
    assert table.opened.tolist() == [utc(2024, 3, 1, 10), utc(2024, 3, 2, 10)]
    assert table.resolved[0] == utc(2024, 3, 1, 12, 30)
    assert table.severity.tolist() == ["P1", None]


def test_xes_pairs_by_instance_when_events_carry_one(tmp_path: Path) -> None:
    def event(instance: str, transition: str, time: str, who: str = "") -> str:
        res = f'<string key="org:resource" value="{who}"/>' if who else ""
        return (
            '<event><string key="concept:name" value="Test"/>'
            f'<string key="concept:instance" value="{instance}"/>'
            f'<string key="lifecycle:transition" value="{transition}"/>{res}'
            f'<date key="time:timestamp" value="2024-03-04T{time}:00Z"/></event>'
        )

    file = tmp_path / "inst.xes"
    file.write_text(
        '<log><trace><string key="concept:name" value="c"/>'
        + event("1", "start", "09:00")
        + event("2", "start", "09:30")
        + event("2", "complete", "10:00", "eve")  # completes the second start, not the first
        + event("1", "complete", "11:00")
        + "</trace></log>",
        encoding="utf-8",
    )
    assert read_events(file).table.to_records() == [
        ("c", "Test", utc(2024, 3, 4, 9), utc(2024, 3, 4, 11), None),
        ("c", "Test", utc(2024, 3, 4, 9, 30), utc(2024, 3, 4, 10), "eve"),
    ]


@pytest.mark.parametrize("doctype", ["", "<!DOCTYPE log>"])
def test_xes_nested_attributes_do_not_override_the_events_own(tmp_path: Path, doctype: str) -> None:
    file = tmp_path / "nested.xes"
    file.write_text(
        f'<?xml version="1.0"?>{doctype}<log><trace>'
        '<string key="concept:name" value="c"><string key="concept:name" value="meta"/></string>'
        '<event><string key="concept:name" value="A"/>'
        '<string key="org:resource" value="ann"><string key="concept:name" value="inner"/>'
        "</string>"
        '<date key="time:timestamp" value="2024-03-04T09:00:00Z"/></event>'
        "</trace></log>",
        encoding="utf-8",
    )
    assert read_events(file).table.to_records() == [("c", "A", utc(2024, 3, 4, 9), None, "ann")]
