"""CSV event logs: encodings, delimiters, column guessing and mapping, every kind of bad input."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vsm_desktop.measure.columns import guess_mapping, parse_mapping_text, preview
from vsm_desktop.measure.importers import read_events
from vsm_desktop.measure.problems import ImportCancelled, ImportFileError

DATA = Path(__file__).parent / "data"


def utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


EXPECTED = [
    ("A-1", "Analysis", utc(2024, 3, 4, 9), utc(2024, 3, 4, 11, 30), "ann"),
    ("A-1", "Build", utc(2024, 3, 5, 10), utc(2024, 3, 5, 16), "bob"),
    ("A-2", "Analysis", utc(2024, 3, 4, 13), utc(2024, 3, 4, 14), None),
    ("A-2", "Build", utc(2024, 3, 6, 8), None, "bob"),
]


def test_fixture_log_reads_with_guessed_columns() -> None:
    result = read_events(DATA / "events.csv")
    assert result.problems == []
    assert result.table.to_records() == EXPECTED
    assert result.table.rows is not None and result.table.rows.tolist() == [2, 3, 4, 5]
    assert result.options["columns"] == {
        "item": "item",
        "activity": "activity",
        "start": "start",
        "end": "complete",
        "resource": "resource",
    }


PRUEFUNG = "Prüfung"
TEXT = f"Case ID{{d}}Activity{{d}}Timestamp\r\nC1{{d}}{PRUEFUNG}{{d}}2024-03-04 09:00\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter", "detected"),
    [
        ("utf-8", b"", ",", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", ";", "utf-8-sig"),
        ("cp1252", b"", "\t", "cp1252"),
        ("utf-16-le", b"\xff\xfe", "\t", "utf-16"),
        ("utf-8", b"", "|", "utf-8"),
    ],
)
def test_encodings_and_delimiters(
    tmp_path: Path, encoding: str, bom: bytes, delimiter: str, detected: str
) -> None:
    file = tmp_path / "log.csv"
    file.write_bytes(bom + TEXT.format(d=delimiter).encode(encoding))
    result = read_events(file)
    assert result.options["encoding"] == detected
    assert result.options["delimiter"] == delimiter
    assert result.table.to_records() == [("C1", PRUEFUNG, utc(2024, 3, 4, 9), None, None)]


def test_quoted_fields_with_delimiters_and_newlines(tmp_path: Path) -> None:
    file = tmp_path / "q.csv"
    file.write_text(
        'key,status,time entered\n"K-1","Waiting, blocked",2024-03-04 09:00\n'
        '"K-2","Two\nlines",2024-03-05 09:00\n',
        encoding="utf-8",
    )
    result = read_events(file)
    assert [r[1] for r in result.table.to_records()] == ["Waiting, blocked", "Two\nlines"]


def test_explicit_mapping_overrides_the_guess(tmp_path: Path) -> None:
    file = tmp_path / "m.csv"
    file.write_text(
        "ticket,state,when,finished\nT1,Open,2024-03-04 09:00,2024-03-04 10:00\n",
        encoding="utf-8",
    )
    # "timestamp" alone is the event's one time: it becomes the start, no end.
    result = read_events(file, columns="item=ticket,activity=state,timestamp=when")
    assert result.table.to_records() == [("T1", "Open", utc(2024, 3, 4, 9), None, None)]
    # With a start column mapped too, "timestamp" is the end (the XES export convention).
    result = read_events(file, columns={"start": "when", "timestamp": "finished"})
    assert result.table.to_records() == [
        ("T1", "Open", utc(2024, 3, 4, 9), utc(2024, 3, 4, 10), None)
    ]


def test_guess_recognises_xes_export_and_common_names() -> None:
    xes = ["case:concept:name", "concept:name", "time:timestamp", "start_timestamp", "org:resource"]
    assert guess_mapping(xes).columns == {
        "item": "case:concept:name",
        "activity": "concept:name",
        "start": "start_timestamp",
        "end": "time:timestamp",
        "resource": "org:resource",
    }
    assert guess_mapping(["Issue Key", "Status", "Created"]).columns == {
        "item": "Issue Key",
        "activity": "Status",
        "start": "Created",
    }
    assert guess_mapping(["Case_ID", "Activity", "Start Time", "End Time"]).columns == {
        "item": "Case_ID",
        "activity": "Activity",
        "start": "Start Time",
        "end": "End Time",
    }


def test_mapping_text_errors_name_the_problem() -> None:
    with pytest.raises(ImportFileError, match="unknown role 'colour'"):
        parse_mapping_text("colour=Red")
    with pytest.raises(ImportFileError, match="write it as ROLE=COLUMN"):
        parse_mapping_text("item")


def test_unknown_column_in_explicit_mapping_lists_the_columns() -> None:
    with pytest.raises(ImportFileError) as err:
        read_events(DATA / "events.csv", columns="item=Case")
    message = str(err.value)
    assert "no column named 'Case' for item" in message
    assert "'item', 'activity', 'start', 'complete', 'resource'" in message


def test_unguessable_columns_ask_for_a_mapping(tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="cannot tell which column holds the item"):
        read_events(file)


def test_bad_rows_are_reported_with_row_numbers_and_reasons(tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(
        "item,activity,start,end\n"
        "A,Build,2024-03-04 09:00,2024-03-04 10:00\n"  # 2: good
        ",Build,2024-03-04 09:00,\n"  # 3: no item
        "B,Build,next tuesday,\n"  # 4: unparsable start
        "C,Build,2024-03-04 09:00,2024-03-04 08:00\n"  # 5: end before start
        "A,Build,2024-03-04 09:00,2024-03-04 10:00\n"  # 6: duplicate of 2
        "D,,2024-03-04 09:00,\n"  # 7: no activity
        "E,Test,,\n"  # 8: no start
        "F,Test,2024-03-04 09:00,later\n"  # 9: unparsable end
        "\n"  # 10: blank line, ignored
        "G,Test,2024-03-04 09:00,2024-03-04 09:00,extra\n"  # 11: too many cells
        "H,Test,2024-03-04 09:00\n",  # 12: short row: the end is blank, fine
        encoding="utf-8",
    )
    result = read_events(file)
    got = [(p.row, p.column, p.reason) for p in result.problems]
    assert got == [
        (3, "item", "missing item id"),
        (4, "start", "cannot read 'next tuesday' as a date and time"),
        (5, "end", "end '2024-03-04 08:00' is before start '2024-03-04 09:00'"),
        (6, None, "duplicate of row 2"),
        (7, "activity", "missing activity"),
        (8, "start", "missing timestamp"),
        (9, "end", "cannot read 'later' as a date and time"),
        (11, None, "the row has 5 cells but the header has 4"),
    ]
    assert result.bad_rows == 8
    assert [r[0] for r in result.table.to_records()] == ["A", "H"]
    assert result.table.rows is not None and result.table.rows.tolist() == [2, 12]


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="the file is empty"):
        read_events(empty)
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\n \r\n")
    with pytest.raises(ImportFileError, match="the file is empty"):
        read_events(blank)
    header = tmp_path / "header.csv"
    header.write_text("item,activity,start\n", encoding="utf-8")
    result = read_events(header)
    assert len(result.table) == 0 and result.problems == []


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ImportFileError, match="not a text file"):
        read_events(junk)


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no such file"):
        read_events(tmp_path / "nope.csv")
    odd = tmp_path / "log.dat"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(ImportFileError, match="cannot tell the format"):
        read_events(odd)


def test_random_bytes_never_crash(tmp_path: Path) -> None:
    rng = random.Random(1849)
    file = tmp_path / "fuzz.csv"
    alphabet = b'item,activity,start;\t"\n\r 0123456789-:/TZ+abc\xff\xfe\x00\xc3\xa9'
    for round_ in range(150):
        size = rng.randrange(0, 400)
        if round_ % 3 == 0:
            data = bytes(rng.randrange(256) for _ in range(size))
        else:
            data = b"item,activity,start\n" + bytes(rng.choice(alphabet) for _ in range(size))
        file.write_bytes(data)
        try:
            result = read_events(file)
        except ImportFileError:
            continue  # a clear refusal is fine; anything else fails the test
        assert len(result.table) + result.bad_rows <= data.count(b"\n") + data.count(b"\r") + 1


def test_day_month_order_decided_over_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vsm_desktop.measure.importers import tabular

    # Batches of two rows: the first batch has only ambiguous dates (read day-first), a later
    # one proves month-first, so the file is read again month-first throughout.
    monkeypatch.setattr(tabular, "BATCH_ROWS", 2)
    file = tmp_path / "us.csv"
    rows = ["item,activity,start", '"I",A,03/04/2024', "I,B,04/05/2024", "J,A,12/25/2024"]
    file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = read_events(file)
    assert result.table.start.tolist() == [utc(2024, 3, 4), utc(2024, 4, 5), utc(2024, 12, 25)]
    assert "dates read as mdy (values above 12 show the order)" in result.notes


def test_progress_rises_to_one_and_cancel_stops(tmp_path: Path) -> None:
    import threading

    file = tmp_path / "big.csv"
    body = "".join(f"I{k % 50},A{k % 7},2024-03-04 09:{k % 60:02d}\n" for k in range(5000))
    file.write_text("item,activity,start\n" + body, encoding="utf-8")
    seen: list[float] = []
    read_events(file, progress=seen.append)
    assert seen and seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        read_events(file, cancel=cancel)


def test_preview_for_the_mapping_dialog() -> None:
    shown = preview(DATA / "events.csv", rows=2)
    assert shown.headers == ["item", "activity", "start", "complete", "resource"]
    assert shown.rows == [
        ["A-1", "Analysis", "2024-03-04 09:00", "2024-03-04 11:30", "ann"],
        ["A-1", "Build", "2024-03-05T10:00:00", "2024-03-05T16:00:00", "bob"],
    ]
    assert shown.guessed_mapping.columns["end"] == "complete"
    assert shown.detected_encoding == "utf-8" and shown.delimiter == ","
    xes = preview(DATA / "start_complete.xes")
    assert xes.headers[:3] == ["item", "activity", "start"]
    assert xes.rows[0][:2] == ["case-1", "Review"]
