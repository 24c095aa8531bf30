"""Timestamp columns: every accepted form, zones, day/month order, numbers, bad values."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from vsm_desktop.measure.problems import ImportFileError
from vsm_desktop.measure.timestamps import parse_timestamps


def utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


def test_iso_forms_without_zone_are_utc() -> None:
    values = [
        "2024-03-04T09:30:00",
        "2024-03-04 09:30",
        "2024-03-04 09:30:15.250",
        "2024-03-04",
        " 2024-03-04T09:30:00 ",
    ]
    got = parse_timestamps(values)
    assert not got.bad.any() and not got.blank.any()
    assert got.seconds.tolist() == [
        utc(2024, 3, 4, 9, 30),
        utc(2024, 3, 4, 9, 30),
        utc(2024, 3, 4, 9, 30, 15) + 0.25,
        utc(2024, 3, 4),
        utc(2024, 3, 4, 9, 30),
    ]


def test_iso_with_zone_is_exact() -> None:
    got = parse_timestamps(
        ["2024-03-04T10:30:00+01:00", "2024-03-04T09:30:00Z", "2024-03-04T04:30:00.000-0500"]
    )
    assert got.seconds.tolist() == [utc(2024, 3, 4, 9, 30)] * 3


def test_zone_option_applies_to_naive_values_only_and_follows_dst() -> None:
    got = parse_timestamps(
        ["2024-01-15 12:00", "2024-07-15 12:00", "2024-07-15T12:00:00Z"], tz="Europe/Berlin"
    )
    # Berlin is UTC+1 in winter, UTC+2 in summer; a value with its own zone keeps it.
    assert got.seconds.tolist() == [
        utc(2024, 1, 15, 11),
        utc(2024, 7, 15, 10),
        utc(2024, 7, 15, 12),
    ]


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(ImportFileError, match="unknown time zone 'Mars/Olympus'"):
        parse_timestamps(["2024-01-01"], tz="Mars/Olympus")


@pytest.mark.parametrize("name", ["Europe", "Europe/", "x" * 300, "../etc/passwd"])
def test_a_region_or_path_as_zone_is_refused_not_a_crash(name: str) -> None:
    # "Europe" is a folder of the zone database: ZoneInfo raises IsADirectoryError there.
    with pytest.raises(ImportFileError, match="unknown time zone"):
        parse_timestamps(["2024-01-01"], tz=name)


def test_day_first_detected_from_a_day_above_12() -> None:
    got = parse_timestamps(["03/04/2024 10:00", "25/12/2024 08:15"])
    assert got.seconds.tolist() == [utc(2024, 4, 3, 10), utc(2024, 12, 25, 8, 15)]
    assert got.order_used == "dmy" and got.order_evidence


def test_month_first_detected_from_a_second_field_above_12() -> None:
    got = parse_timestamps(["03/04/2024", "12/25/2024 8:15 PM"])
    assert got.seconds.tolist() == [utc(2024, 3, 4), utc(2024, 12, 25, 20, 15)]
    assert got.order_used == "mdy"


def test_ambiguous_dates_default_to_day_first_with_a_note_or_follow_the_option() -> None:
    got = parse_timestamps(["03/04/2024", "05/06/2024"])
    assert got.seconds.tolist() == [utc(2024, 4, 3), utc(2024, 6, 5)]
    assert got.notes and "DD/MM/YYYY" in got.notes[0]
    assert not got.order_evidence
    us = parse_timestamps(["03/04/2024", "05/06/2024"], date_order="mdy")
    assert us.seconds.tolist() == [utc(2024, 3, 4), utc(2024, 5, 6)]
    assert not us.notes


def test_year_first_with_slashes_and_two_digit_years() -> None:
    got = parse_timestamps(["2024/03/04 10:00", "25/12/24"])
    assert got.seconds.tolist() == [utc(2024, 3, 4, 10), utc(2024, 12, 25)]


def test_excel_serials_epoch_seconds_and_milliseconds() -> None:
    # Excel: day 45000 is 2023-03-15 (serial 25569 is 1970-01-01).
    assert parse_timestamps([45000.5, "45001"]).seconds.tolist() == [
        utc(2023, 3, 15, 12),
        utc(2023, 3, 16),
    ]
    assert parse_timestamps(["1709544600"]).seconds.tolist() == [utc(2024, 3, 4, 9, 30)]
    assert parse_timestamps([1709544600000]).seconds.tolist() == [utc(2024, 3, 4, 9, 30)]
    forced = parse_timestamps([45000], numeric="epoch")
    assert forced.seconds.tolist() == [45000.0]


def test_numbers_that_are_no_known_time_are_bad() -> None:
    got = parse_timestamps(["5000000"])
    assert got.bad.tolist() == [True]
    assert "neither an Excel date" in got.reasons[0]


def test_datetime_objects_from_excel_cells() -> None:
    aware = datetime(2024, 3, 4, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    got = parse_timestamps([datetime(2024, 3, 4, 9, 30), aware], tz="Europe/Berlin")
    assert got.seconds.tolist() == [utc(2024, 3, 4, 8, 30), utc(2024, 3, 4, 9, 30)]


def test_blank_and_bad_values_are_told_apart() -> None:
    got = parse_timestamps(["", None, "  ", math.nan, "soon", "NaT", "2024-13-01", "31/02/2024"])
    assert got.blank.tolist() == [True, True, True, True, False, False, False, False]
    assert got.bad.tolist() == [False] * 4 + [True] * 4
    assert np.isnan(got.seconds).all()
    assert got.reasons[4] == "cannot read 'soon' as a date and time"
    assert "31/02/2024" in got.reasons[7]


def test_bare_integers_among_iso_text_are_not_read_as_nanoseconds() -> None:
    # numpy alone would read "20240304" as a count of nanoseconds since 1970.
    got = parse_timestamps(["2024-03-04", "20240304"])
    assert got.seconds[0] == utc(2024, 3, 4)
    assert got.bad[1]


def test_a_large_iso_column_is_parsed_whole() -> None:
    base = np.datetime64("2024-01-01T00:00:00") + np.arange(200_000) * np.timedelta64(61, "s")
    text = np.datetime_as_string(base, unit="s").astype(object)
    text[12345] = ""
    text[150_000] = "later"
    got = parse_timestamps(text)
    expected = base.astype("datetime64[s]").astype(np.int64).astype(float)
    ok = np.ones(len(text), dtype=bool)
    ok[[12345, 150_000]] = False
    assert np.array_equal(got.seconds[ok], expected[ok])
    assert got.blank.sum() == 1 and got.blank[12345]
    assert got.bad.sum() == 1 and got.bad[150_000]


def test_month_names_as_in_jira_exports() -> None:
    got = parse_timestamps(["12/Mar/24 10:15 AM", "04-Mar-2024", "4 March 2024 14:00", "1/Foo/24"])
    assert got.seconds[:3].tolist() == [
        utc(2024, 3, 12, 10, 15),
        utc(2024, 3, 4),
        utc(2024, 3, 4, 14),
    ]
    assert got.bad.tolist() == [False, False, False, True]
    # Month names settle the order: no note about ambiguity.
    assert not got.notes


def test_dotted_german_dates() -> None:
    got = parse_timestamps(["04.03.2024 10:15", "31.12.2023"])
    assert got.seconds.tolist() == [utc(2024, 3, 4, 10, 15), utc(2023, 12, 31)]


@pytest.mark.parametrize(("order", "fmt"), [("dmy", "%d/%m/%Y %H:%M"), ("mdy", "%m/%d/%Y")])
def test_large_day_month_columns_match_strptime(order: str, fmt: str) -> None:
    rng = np.random.default_rng(3)
    stamps = 1_600_000_000 + rng.integers(0, 200_000_000, 70_000) // 60 * 60
    text = [datetime.fromtimestamp(int(t), UTC).strftime(fmt) for t in stamps]
    text[5] = "1/2/2024 9:05" if order == "dmy" else "1/2/2024"  # unpadded fields
    text[69_000] = "31/02/2024" if order == "dmy" else "02/31/2024"  # no such day
    got = parse_timestamps(np.array(text, dtype=object))
    assert got.order_used == order and got.order_evidence
    expected = [datetime.strptime(t, fmt).replace(tzinfo=UTC).timestamp() for t in text[:5]]
    assert got.seconds[:5].tolist() == expected
    assert got.seconds[5] == (utc(2024, 2, 1, 9, 5) if order == "dmy" else utc(2024, 1, 2))
    assert got.bad.tolist().count(True) == 1 and got.bad[69_000]
    assert "day is out of range" in got.reasons[69_000]
    ok = np.ones(len(text), dtype=bool)
    ok[[5, 69_000]] = False
    reference = np.array(
        [datetime.strptime(t, fmt).replace(tzinfo=UTC).timestamp() for t in np.array(text)[ok]]
    )
    assert np.array_equal(got.seconds[ok], reference)


def test_a_column_of_utc_z_times_ignores_the_zone_option() -> None:
    text = [f"2024-03-04T09:{m:02d}:00Z" for m in range(60)]
    got = parse_timestamps(text, tz="Europe/Berlin")
    assert got.seconds.tolist() == [utc(2024, 3, 4, 9, m) for m in range(60)]
    mixed = parse_timestamps(["2024-03-04T09:00:00Z", "2024-03-04 09:00"], tz="Europe/Berlin")
    assert mixed.seconds.tolist() == [utc(2024, 3, 4, 9), utc(2024, 3, 4, 8)]


def test_order_evidence_tells_which_values_show_the_order() -> None:
    from vsm_desktop.measure.slashed_dates import order_evidence

    values = ["03/04/2026", "14/03/2026 09:00", "05/05/2026", "2026/03/04", "4 Mar 2026", None]
    seen = order_evidence(values)
    # Year-first and month-name dates say nothing about the order; 05/05 reads the same.
    assert (seen.dates, seen.day_first, seen.month_first) == ([0, 1, 2], [1], [])
    assert seen.ambiguous == [0]
    assert seen.order() == ("dmy", True)
    assert seen.order("mdy") == ("mdy", False)  # an explicit order wins, as in the importer
    assert order_evidence(["03/14/2026"]).order() == ("mdy", True)
    assert order_evidence(["03/04/2026"]).order() == ("dmy", False)  # the default
