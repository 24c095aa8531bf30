"""``vsm measure`` and ``vsm apply`` on a workspace file with an imported log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_measure import TEAM_ROWS, H, log

from vsm_desktop.cli.main import main
from vsm_desktop.model import ELAPSED, Stage, ValueMap, Workspace
from vsm_desktop.store import open_workspace, save_workspace
from vsm_desktop.store.measurements import import_events, list_imports


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    value_map = ValueMap("Current", calendar=ELAPSED)
    for stage in (Stage("Dev", touch_s=1.0), Stage("Review"), Stage("Docs", touch_s=5.0)):
        value_map.stages[stage.id] = stage
    ws = Workspace()
    ws.add_map(value_map)
    path = tmp_path / "team.vsm"
    save_workspace(ws, path)
    import_events(path, log(TEAM_ROWS), format="csv", source="log.csv")
    return path


def test_measure_json(workspace_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", str(workspace_file), "--map", "current", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["items"] == 3
    assert data["lead_time_median_s"] == pytest.approx(9.5 * H)
    assert data["lead_time_p85_s"] == pytest.approx(9.85 * H)
    assert data["throughput_per_week"] == 3.0  # all three done in 2026-W02
    dev, review, docs = data["stages"]
    assert (dev["stage"], dev["items"], dev["visits"]) == ("Dev", 3, 4)
    assert dev["touch_median_s"] == pytest.approx(2.5 * H)
    assert dev["wait_p85_s"] == pytest.approx(1.1 * H)
    assert review["touch_mean_s"] == pytest.approx(1.625 * H)
    assert docs["items"] == 0 and docs["touch_median_s"] is None
    assert data["unhooked"] == ["Deploy"]


def test_measure_text_and_errors(workspace_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", str(workspace_file), "--map", "Current"]) == 0
    out = capsys.readouterr().out
    assert "Dev" in out and "Events no stage hooks: Deploy" in out
    assert main(["measure", str(workspace_file), "--map", "Current", "--import", "9"]) == 2
    assert "no event import with id 9" in capsys.readouterr().err
    assert main(["measure", str(workspace_file), "--map", "Nope"]) == 2


def test_apply_saves_the_figures_and_keeps_measurements(
    workspace_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["apply", str(workspace_file), "--map", "Current", "--statistic", "p85"]
    assert main(argv) == 0
    assert "p85" in capsys.readouterr().out
    ws = open_workspace(workspace_file)
    dev, review, docs = ws.maps[next(iter(ws.maps))].stages.values()
    assert dev.touch_s == pytest.approx(3.0 * H)
    assert dev.sources["touch_s"] == "p85 of 4 passes by 3 items, import 1"
    assert review.wait_s == pytest.approx(2.1 * H)  # wait [0, 0.5, 1, 3]: 1 + 2 * 0.55
    assert docs.touch_s == 5.0
    assert [r.id for r in list_imports(workspace_file)] == [1]
