"""The ``vsm`` command line, run in-process; figures worked out by hand from small tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_cli import run

from vsm_desktop import __version__
from vsm_desktop.cli.main import COMMANDS
from vsm_desktop.store import open_workspace

H = 3600.0
CHAIN = (
    "stage,team,touch,wait,pca,next\n"
    "Triage,Support,1h,1d,100,Fix\n"
    "Fix,Support,2h,0,90,Verify\n"
    "Verify,QA,3h,2h,80,\n"
)
TARGET = (
    "stage,team,touch,wait,pca,next\n"
    "Triage,Support,1h,2h,100,Fix\n"
    "Fix,Support,2h,0,95,Check\n"
    "Check,Support,1h,0,100,\n"
)


@pytest.fixture
def chain_ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    table = tmp_path / "chain.csv"
    table.write_text(CHAIN, encoding="utf-8")
    ws = tmp_path / "w.vsm"
    status, out, _ = run(capsys, "new", ws, "--map", "Now", "--stages", table, "--demand", "3")
    assert status == 0, out
    assert "added current map 'Now' with 3 stage(s)" in out
    return ws


def test_analyze_json_figures_by_hand(chain_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "analyze", chain_ws, "--map", "now", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["map"] == "Now"
    # Working calendar, 1d = 8h: (8+1) + (0+2) + (2+3) = 16 h lead time; touch 1+2+3 = 6 h.
    assert data["lead_time_s"] == pytest.approx(16 * H)
    assert data["process_time_s"] == pytest.approx(6 * H)
    assert data["work_content_s"] == pytest.approx(6 * H)
    assert data["flow_efficiency_pct"] == pytest.approx(37.5)
    assert data["rolled_pca_pct"] == pytest.approx(72.0)  # 1.0 * 0.9 * 0.8
    assert data["critical_path"] == ["Triage", "Fix", "Verify"]
    assert data["rework_adjusted_lead_time_s"] == pytest.approx(16 * H)
    assert data["handoffs"] == 2
    assert data["cross_team_handoffs"] == 1  # Fix (Support) -> Verify (QA)
    assert data["waste"][:2] == [
        {"stage": "Triage", "wait_s": pytest.approx(8 * H), "share_pct": pytest.approx(50.0)},
        {"stage": "Verify", "wait_s": pytest.approx(2 * H), "share_pct": pytest.approx(12.5)},
    ]
    # 8 working hours a day / 3 items a day = 2h 40m; only Verify's 3 h exceeds it.
    assert data["takt_s"] == pytest.approx(9600)
    assert data["over_takt"] == ["Verify"]


def test_analyze_human_output(chain_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "analyze", chain_ws)
    assert status == 0
    lines = [line.split() for line in out.splitlines()]
    assert ["Lead", "time", "2d"] in lines  # 16 h on the 8-hour calendar
    assert ["Process", "time", "6h"] in lines
    assert ["Flow", "efficiency", "37.5%"] in lines
    assert ["Takt", "time", "2h", "40m"] in lines
    assert ["Over", "takt", "Verify"] in lines
    assert ["Critical", "path", "Triage", "→", "Fix", "→", "Verify"] in lines
    assert ["Triage", "1d", "50.0%"] in lines  # waste table
    assert ["Verify", "QA", "3h", "2h", "80", "1", "*"] in lines  # stage table


def test_analyze_all_maps_json_is_a_list(
    chain_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "target.csv"
    table.write_text(TARGET, encoding="utf-8")
    assert run(capsys, "new", chain_ws, "--map", "Next", "--stages", table)[0] == 0
    status, out, _ = run(capsys, "analyze", chain_ws, "--json")
    assert status == 0
    data = json.loads(out)
    assert [d["map"] for d in data] == ["Now", "Next"]
    assert data[1]["lead_time_s"] == pytest.approx(6 * H)  # (2+1) + (0+2) + (0+1)
    assert data[1]["takt_s"] is None


def test_rework_and_calendars(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "rework.csv"
    table.write_text(
        CHAIN.replace("next\n", "next,rework_to,rework_rate\n").replace(
            "Verify,QA,3h,2h,80,", "Verify,QA,3h,2h,80,,Fix,20%"
        ),
        encoding="utf-8",
    )
    ws = tmp_path / "r.vsm"
    assert run(capsys, "new", ws, "--map", "Work", "--stages", table)[0] == 0
    assert (
        run(capsys, "new", ws, "--map", "Clock", "--stages", table, "--calendar", "elapsed")[0] == 0
    )
    args = ["--hours-per-day", "6", "--days-per-week", "4", "--demand", "3"]
    assert run(capsys, "new", ws, "--map", "Short", "--stages", table, *args)[0] == 0
    status, out, _ = run(capsys, "analyze", ws, "--json")
    assert status == 0
    work, clock, short = json.loads(out)
    # Rework Verify -> Fix at 20 %: segment Fix..Verify = 2 + 5 = 7 h adds 7 h * 0.2 / 0.8.
    assert work["rework_adjusted_lead_time_s"] == pytest.approx(16 * H + 1.75 * H)
    # Elapsed calendar: 1d = 24 h, so (24+1) + 2 + 5 = 32 h.
    assert clock["lead_time_s"] == pytest.approx(32 * H)
    # 6-hour days: (6+1) + 2 + 5 = 14 h; takt 6 h / 3 = 2 h, so Verify (3 h) is over takt.
    assert short["lead_time_s"] == pytest.approx(14 * H)
    assert short["takt_s"] == pytest.approx(2 * H)
    assert short["over_takt"] == ["Verify"]
    calendars = {m.name: m.calendar for m in open_workspace(ws).maps.values()}
    assert (calendars["Clock"].hours_per_day, calendars["Clock"].days_per_week) == (24, 7)
    assert (calendars["Short"].hours_per_day, calendars["Short"].days_per_week) == (6, 4)


def test_maps_lists_headline_figures(chain_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "maps", chain_ws)
    assert status == 0
    assert ["Now", "current", "3", "2d", "6h", "37.5%"] in [x.split() for x in out.splitlines()]


def test_compare_json(chain_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "target.csv"
    table.write_text(TARGET, encoding="utf-8")
    status, out, _ = run(capsys, "new", chain_ws, "--map", "Next", "--target-of", "Now",
                         "--stages", table)  # fmt: skip
    assert status == 0 and "added target map 'Next'" in out
    saved = open_workspace(chain_ws)
    now, nxt = saved.map_named("Now"), saved.map_named("Next")
    assert now is not None and nxt is not None
    assert nxt.target_of == now.id
    linked = {s.name: now.stages[s.link].name for s in nxt.stages.values() if s.link}
    assert linked == {"Triage": "Triage", "Fix": "Fix"}

    status, out, _ = run(capsys, "compare", chain_ws, "Now", "Next", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["current"]["lead_time_s"] == pytest.approx(16 * H)
    assert data["target"]["lead_time_s"] == pytest.approx(6 * H)
    assert data["delta"]["lead_time_s"]["abs"] == pytest.approx(-10 * H)
    assert data["delta"]["lead_time_s"]["pct"] == pytest.approx(-62.5)
    assert data["delta"]["cross_team_handoffs"]["abs"] == pytest.approx(-1)
    assert data["stages"]["added"] == ["Check"]
    assert data["stages"]["removed"] == ["Verify"]
    changed = {(c["stage"], c["field"]): (c["from"], c["to"]) for c in data["stages"]["changed"]}
    assert changed[("Triage", "wait_s")] == (pytest.approx(8 * H), pytest.approx(2 * H))
    assert changed[("Fix", "pca")] == (90, 95)

    status, out, _ = run(capsys, "compare", chain_ws, "Now", "Next")
    assert status == 0
    lines = [x.split() for x in out.splitlines()]
    assert ["Lead", "time", "2d", "6h", "-1d", "2h", "-62.5%"] in lines
    assert ["Added", "stages:", "Check"] in lines
    assert ["Removed", "stages:", "Verify"] in lines


def test_invalid_map_exits_1_and_names_stages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "cycle.csv"
    table.write_text(
        "stage,team,touch,wait,pca,next\nAlpha,T,1h,0,100,Beta\nBeta,T,1h,0,100,Alpha\n",
        encoding="utf-8",
    )
    ws = tmp_path / "c.vsm"
    assert run(capsys, "new", ws, "--map", "Loop", "--stages", table)[0] == 0
    status, out, err = run(capsys, "analyze", ws)
    assert status == 1
    assert "map 'Loop' is invalid" in err
    problems = out[out.index("Problems") :]
    assert "Alpha" in problems and "Beta" in problems
    status, out, _ = run(capsys, "analyze", ws, "--map", "Loop", "--json")
    assert status == 1
    assert json.loads(out)["valid"] is False
    assert run(capsys, "maps", ws)[1].split("\n")[2].split()[:4] == ["Loop", "current", "2",
                                                                    "invalid"]  # fmt: skip


def test_errors_say_what_and_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.vsm"
    status, _, err = run(capsys, "analyze", missing)
    assert status == 1 and f"{missing}: no such workspace file" in err
    assert run(capsys, "maps", missing)[0] == 1
    assert run(capsys, "compare", missing, "A", "B")[0] == 1

    ws = tmp_path / "w.vsm"
    assert run(capsys, "new", ws, "--map", "Only")[0] == 0
    status, _, err = run(capsys, "analyze", ws, "--map", "Nope")
    assert status == 2 and "no map named 'Nope' (maps: 'Only')" in err
    status, _, err = run(capsys, "new", ws, "--map", "only")
    assert status == 2 and "a map named 'only' already exists" in err and "vsm stages" in err
    status, _, err = run(capsys, "new", ws, "--map", "X", "--target-of", "Ghost")
    assert status == 2 and "no map named 'Ghost'" in err
    status, _, err = run(capsys, "new", ws, "--map", "X", "--target-of", "Only", "--role",
                         "current")  # fmt: skip
    assert status == 2 and "--target-of" in err
    status, _, err = run(capsys, "new", ws, "--map", "X", "--calendar", "elapsed",
                         "--hours-per-day", "8")  # fmt: skip
    assert status == 2 and "elapsed" in err
    status, _, err = run(capsys, "new", ws, "--map", "X", "--hours-per-day", "30")
    assert status == 2 and "hours per day" in err
    status, _, err = run(capsys, "new", ws, "--map", "X", "--demand", "0")
    assert status == 2 and "--demand" in err
    status, _, err = run(capsys, "analyze")  # usage error from argparse
    assert status == 2 and "usage: vsm analyze" in err

    garbage = tmp_path / "garbage.vsm"
    garbage.write_text("not a workspace", encoding="utf-8")
    status, _, err = run(capsys, "maps", garbage)
    assert status == 2 and str(garbage) in err


def test_bad_table_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(CHAIN + "Verify,QA,1h,0,120,\nShip,Ops,later,0,100,Nowhere\n", "utf-8")
    ws = tmp_path / "fresh.vsm"
    status, _, err = run(capsys, "new", ws, "--map", "M", "--stages", bad)
    assert status == 2
    assert not ws.exists()
    assert f"{bad}: 4 problem(s)" in err
    assert "row 5, column 'stage': duplicate stage 'Verify' (first in row 4)" in err
    assert "row 5, column 'pca'" in err
    assert "row 6, column 'touch'" in err
    assert "row 6, column 'next': unknown stage 'Nowhere'" in err


def test_version_help_and_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"vsm {__version__}"
    for module in COMMANDS:
        command = module.replace("_", "-")  # modules are named for their command
        status, out, _ = run(capsys, command, "--help")
        assert status == 0 and out.startswith(f"usage: vsm {command}")
    status, _, err = run(capsys)
    assert status == 2 and "required: COMMAND" in err


def test_demo_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "demo.vsm"
    status, out, _ = run(capsys, "demo", ws)
    assert status == 0 and "wrote the demo workspace" in out
    status, out, _ = run(capsys, "analyze", ws, "--json")
    assert status == 0
    assert [m["role"] for m in json.loads(out)] == ["current", "target"]

    status, _, err = run(capsys, "demo", ws)
    assert status == 2 and "add --force" in err
    # --force replaces the file whole: a map added since is gone afterwards.
    assert run(capsys, "new", ws, "--map", "Extra")[0] == 0
    assert run(capsys, "demo", ws, "--force")[0] == 0
    assert [m.name for m in open_workspace(ws).maps.values()] == [
        "Feature delivery — current",
        "Feature delivery — target",
    ]
    status, _, err = run(capsys, "demo", tmp_path / "no" / "such" / "dir.vsm")
    assert status == 2 and "no such folder" in err
