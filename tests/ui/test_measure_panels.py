"""The Hooks panel and the charts, on the hand-worked log of test_measure_support."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from test_measure_support import JAN5, LOG_CSV, H, import_log, open_measure_window

from vsm_desktop.ui.measure.charts import ChartsPanel

#: The log plus an item D still in Review (its last status has no end: not done).
LOG_WITH_D = LOG_CSV + "7,D,Dev,2026-01-06 11:00,2026-01-06 12:00\n8,D,Review,2026-01-06 20:00,\n"


def test_hooks_editor_picks_statuses_from_the_data_in_one_undo_step(make_window, qtbot, tmp_path):
    # Stage names that match no status: nothing is measured until hooks say where to look.
    window, controller = open_measure_window(make_window, qtbot, tmp_path, names=("Build", "Check"))
    import_log(controller, tmp_path)
    panel = controller.hooks
    assert panel.coverage_text("Build") == "0 %"
    assert controller.measurements.measured is not None
    assert controller.measurements.cell("Build", "Items") == "0"

    panel.select_stage("s-build")
    names = [panel.lists["active"].item(k).text() for k in range(panel.lists["active"].count())]
    # Every status in the data, plus the stage's default hook (its own name) that the data lacks.
    assert names == ["Dev", "Review", "Build (not in the data)"]
    panel.set_checked("active", "Build", False)
    panel.set_checked("active", "Dev", True)
    panel.select_stage("s-check")
    panel.set_checked("active", "Check", False)
    panel.set_checked("waiting", "Review", True)
    assert panel.coverage_text("Build") == "100 %"  # the edited hooks, before applying
    assert panel.apply_button.isEnabled()

    steps = window.document.undo_stack.count()
    panel.apply_button.click()
    assert window.document.undo_stack.count() == steps + 1
    stages = window.document.current_map.stages
    assert stages["s-build"].hooks == {"active": ["Dev"]}
    assert stages["s-check"].hooks == {"waiting": ["Review"]}
    # Review as a waiting status: its whole time (gap + duration) is wait, A 1+1, B 2+0.5,
    # C 3+2 hours -> median 2.5 h, and no touch.
    table = controller.measurements
    assert table.cell("Build", "Items") == "3"
    wait_median = table.table.item(1, 9).data(Qt.ItemDataRole.UserRole)
    assert wait_median == pytest.approx(2.5 * H)
    assert table.cell("Check", "Touch median") == "0"
    assert not panel.apply_button.isEnabled()

    window.document.undo()
    assert stages["s-build"].hooks == {} and stages["s-check"].hooks == {}
    assert panel.coverage_text("Build") == "0 %"


def test_charts_draw_the_hand_worked_figures(make_window, qtbot, tmp_path):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    import_log(controller, tmp_path, LOG_WITH_D)
    charts = controller.show_charts()
    qtbot.waitExposed(charts)
    check_hand_worked_charts(charts)


def check_hand_worked_charts(charts: ChartsPanel) -> None:
    """The charts of LOG_WITH_D on the Dev/Review map, worked by hand (also used by
    test_measure_charts, for the charts computed in the thread pool)."""
    # Lead time of the done items A, B, C over when they were done; D is still in Review.
    x, y = charts.scatter.getData()
    assert list(x) == [JAN5 + 13 * H, JAN5 + 16.5 * H, JAN5 + 39 * H]
    assert list(y) == pytest.approx([4.0, 6.5, 6.0])
    mx, my = charts.median_line.getData()
    assert list(mx) == [JAN5 + 13 * H, JAN5 + 39 * H]
    assert list(my) == pytest.approx([6.0, 6.0])
    assert list(charts.p85_line.getData()[1]) == pytest.approx([6.35, 6.35])  # 6 + 0.7 x 0.5

    # 5 bins from 4 h to 6.5 h: 4 in the first, 6 and 6.5 in the last.
    hist = charts.histogram.opts
    assert list(hist["x0"]) == pytest.approx([4.0, 4.5, 5.0, 5.5, 6.0])
    assert list(hist["height"]) == [1, 0, 0, 0, 2]

    # End of 5 Jan: A and B done. End of 6 Jan: C done, D in Review. Dev holds nobody at
    # either midnight, so it has no band.
    assert list(charts.cfd_curves) == ["Review", "(done)"]  # drawn top band first
    assert list(charts.cfd_curves["(done)"].getData()[0]) == [JAN5, JAN5 + 24 * H]
    assert list(charts.cfd_curves["(done)"].getData()[1]) == [2.0, 3.0]
    assert list(charts.cfd_curves["Review"].getData()[1]) == [2.0, 4.0]

    # Gantt: most recent first (D, C, B, A); C's row is 1.
    g = charts.gantt
    assert g is not None and g.items == ("D", "C", "B", "A")
    c_touch = g.touch[g.touch[:, 0] == 1]
    c_wait = g.wait[g.wait[:, 0] == 1]
    jan6 = JAN5 + 24 * H
    assert c_touch[:, 1:].tolist() == [
        [jan6 + 9 * H, jan6 + 10 * H, 0],
        [jan6 + 13 * H, jan6 + 15 * H, 1],
    ]
    assert c_wait[:, 1:].tolist() == [[jan6 + 10 * H, jan6 + 13 * H, 1]]
    assert g.wait[g.wait[:, 0] == 0, 1:].tolist() == [[jan6 + 12 * H, jan6 + 20 * H, 1]]
    drawn = charts.gantt_touch.opts
    assert list(drawn["x0"]) == list(g.touch[:, 1]) and list(drawn["x1"]) == list(g.touch[:, 2])
    brushes = charts.gantt_wait.opts["brushes"]
    assert {b.style() for b in brushes} == {Qt.BrushStyle.BDiagPattern}  # hatched
    assert {b.style() for b in charts.gantt_touch.opts["brushes"]} == {Qt.BrushStyle.SolidPattern}

    # Median touch per stage: Dev [1, 1, 2, 4] -> 1.5 h, Review [0.5, 1, 2] -> 1 h (D's open
    # Review row has no known time); wait: Dev 0, Review [1, 2, 3] -> 2 h.
    assert list(charts.touch_bars.opts["height"]) == pytest.approx([1.5, 1.0])
    assert list(charts.wait_bars.opts["height"]) == pytest.approx([0.0, 2.0])

    # Outcomes tab: median lead time per ISO week beside the (absent) outcome series.
    lx, ly = charts.outcome_curves["lead"].getData()
    assert list(lx) == [JAN5] and list(ly) == pytest.approx([6.0])
    assert charts.outcome_curves["deploys"].getData()[0] is None or not len(
        charts.outcome_curves["deploys"].getData()[0]
    )
    assert np.isfinite(ly).all()


def test_large_logs_are_measured_in_the_pool_and_cached(make_window, qtbot, tmp_path, monkeypatch):
    from vsm_desktop.ui.measure import data as data_module

    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    monkeypatch.setattr(data_module, "ASYNC_ROWS", 0)  # every log counts as large
    with qtbot.waitSignal(controller.data.measured, timeout=20000) as blocker:
        import_log(controller, tmp_path)
        # The panel asked, got nothing yet and says so; the UI thread did not wait.
        assert controller.measurements.summary.text() == "Measuring…"
    assert blocker.args == [window.document.current_map_id]
    # The hooks panel got the events the job loaded. Hidden, it leaves the cores to the
    # measuring: its coverage is worked out in the pool once someone looks at it.
    assert not controller.hooks.isVisible()
    assert controller.hooks.coverage_text("Review") == "–"
    assert not controller.hooks._coverage_jobs
    controller.hooks_dock.show()
    controller.hooks_dock.raise_()
    qtbot.waitUntil(lambda: controller.hooks.coverage_text("Review") == "100 %", timeout=20000)
    panel = controller.measurements
    assert panel.cell("Review", "Wait median") == "2h"
    first = controller.data.measure(window.document.current_map_id)
    # An estimate edited on the map is not an input of the measured figures: cache kept.
    from vsm_desktop.model import EditCommand

    map_id = window.document.current_map_id
    window.document.push(EditCommand("stage", map_id, "s-dev", {"touch_s": 60.0}))
    assert controller.data.measure(map_id) is first


def test_measure_one_import_or_all(make_window, qtbot, tmp_path):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    import_log(controller, tmp_path)
    second = "ID,Work,Status,Start,End\n1,Z,Dev,2026-02-02 09:00,2026-02-02 10:00\n"
    second += "2,Z,Review,2026-02-02 11:00,2026-02-02 12:00\n"
    import_log(controller, tmp_path, second)
    panel = controller.measurements
    box = panel.imports_box
    assert [box.itemText(k) for k in range(box.count())] == [
        "All event imports (2)",
        "Import 1: log.csv (6 rows)",
        "Import 2: log.csv (2 rows)",
    ]
    assert panel.cell("Dev", "Items") == "4"
    panel.choose_import(2)
    assert panel.cell("Dev", "Items") == "1"
    assert panel.cell("Review", "Wait median") == "1h"
    assert "from import 2" in panel.summary.text()
    assert controller.hooks.state is not None
    panel.choose_import(None)
    assert panel.cell("Dev", "Items") == "4"
    assert "from imports 1, 2" in panel.summary.text()


def test_hooks_travel_as_a_csv(make_window, qtbot, tmp_path, monkeypatch, answers):
    from vsm_desktop.ui.measure import file_prompts

    window, controller = open_measure_window(make_window, qtbot, tmp_path, names=("Build", "Check"))
    import_log(controller, tmp_path)
    panel = controller.hooks
    hooks_file = tmp_path / "team hooks.csv"
    hooks_file.write_text("stage,active,waiting\nBuild,Dev,\nCheck,,Review; Blocked\n")
    monkeypatch.setattr(file_prompts, "ask_hooks_open", lambda *_a: str(hooks_file))
    panel.load_button.click()
    assert panel.coverage_text("Build") == "100 %" and panel.apply_button.isEnabled()
    steps = window.document.undo_stack.count()
    panel.apply_button.click()
    assert window.document.undo_stack.count() == steps + 1
    stages = window.document.current_map.stages
    assert stages["s-check"].hooks == {"waiting": ["Review", "Blocked"]}

    saved = tmp_path / "out.csv"
    monkeypatch.setattr(file_prompts, "ask_hooks_save", lambda *_a: str(saved))
    panel.save_button.click()
    assert saved.read_text().splitlines() == [
        "stage,start,end,active,waiting",
        "Build,,,Dev,",
        "Check,,,,Review; Blocked",
    ]

    hooks_file.write_text("stage,active\nDeploy,Dev\n")
    panel.load_button.click()
    assert answers.errors == [
        f"Cannot load hooks: {hooks_file}: row 2: no stage named 'Deploy' in map 'Delivery'"
    ]
    assert not panel.apply_button.isEnabled()  # nothing loaded


def test_charts_follow_the_dark_theme(make_window, qtbot, tmp_path):
    from PySide6.QtGui import QColor

    from vsm_desktop.ui.theme import THEMES

    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    import_log(controller, tmp_path)
    charts = controller.show_charts()
    qtbot.waitExposed(charts)
    window.set_theme("dark", remember=False)
    dark = QColor(THEMES["dark"].base)
    qtbot.waitUntil(lambda: charts.lead_plot.backgroundBrush().color() == dark, timeout=5000)
    x, _y = charts.scatter.getData()
    assert len(x) == 3  # redrawn, not emptied
    window.set_theme("light", remember=False)
    light = QColor(THEMES["light"].base)
    qtbot.waitUntil(lambda: charts.lead_plot.backgroundBrush().color() == light, timeout=5000)
