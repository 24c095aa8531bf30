"""The charts of a large log: their data computed in the thread pool, never stale, and handed to
pyqtgraph quickly. "Large" is forced down to every log, so the hand-worked logs serve."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from test_measure_panels import LOG_WITH_D, check_hand_worked_charts
from test_measure_support import import_log, open_measure_window

from vsm_desktop.model import EditCommand
from vsm_desktop.ui.measure import chart_data
from vsm_desktop.ui.measure import data as data_module
from vsm_desktop.ui.measure.charts import ChartsPanel


def _drawn(charts: ChartsPanel) -> bool:
    return charts.stack.currentWidget() is charts.tabs and not charts.drawing


def test_chart_data_is_computed_off_the_ui_thread_and_drawn_as_before(
    make_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(data_module, "ASYNC_ROWS", 0)  # every log counts as large
    threads: list[int] = []
    compute = chart_data.compute_charts

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return compute(*args, **kwargs)

    monkeypatch.setattr(chart_data, "compute_charts", recording)
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    import_log(controller, tmp_path, LOG_WITH_D)
    charts = controller.show_charts()
    assert charts.empty.text() == "Measuring…"  # the UI thread asked and went on
    assert charts.stack.currentWidget() is charts.empty
    qtbot.waitUntil(lambda: _drawn(charts), timeout=20000)

    assert threads and threading.main_thread().ident not in threads
    check_hand_worked_charts(charts)
    # Redrawing an unchanged map (another theme, say) takes the cached arrays: no new job.
    charts.redraw(force=True)
    qtbot.waitUntil(lambda: _drawn(charts), timeout=5000)
    assert len(threads) == 1 and not charts.feed.busy
    check_hand_worked_charts(charts)


def test_an_edit_while_the_chart_job_runs_never_shows_its_stale_charts(
    make_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(data_module, "ASYNC_ROWS", 0)
    gate = threading.Event()
    made: list[chart_data.ChartData] = []
    compute = chart_data.compute_charts

    def held_first(*args, **kwargs):
        if not made:
            gate.wait(20)  # the first job waits until the map was edited
        result = compute(*args, **kwargs)
        made.append(result)
        return result

    monkeypatch.setattr(chart_data, "compute_charts", held_first)
    drawn: list[chart_data.ChartData] = []
    draw_lead = ChartsPanel._draw_lead

    def recording(self, charts):
        drawn.append(charts)
        draw_lead(self, charts)

    monkeypatch.setattr(ChartsPanel, "_draw_lead", recording)
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    import_log(controller, tmp_path)
    charts = controller.show_charts()
    qtbot.waitUntil(lambda: charts.feed.busy, timeout=20000)  # figures in, charts on the way
    assert charts.empty.text() == "Drawing charts…"
    assert charts.stack.currentWidget() is charts.empty

    # Review becomes a waiting status while the first chart job still runs.
    map_id = window.document.current_map_id
    window.document.push(
        EditCommand("stage", map_id, "s-review", {"hooks": {"waiting": ["Review"]}})
    )
    assert charts.empty.text() == "Measuring…"
    gate.set()
    qtbot.waitUntil(
        lambda: len(made) == 2 and not charts.feed.busy and _drawn(charts), timeout=20000
    )
    qtbot.wait(50)  # anything still queued would land now

    assert drawn == [made[1]]  # the first job's charts were dropped, never shown
    # Before the edit Review had touch [0.5, 1, 2] and wait [1, 2, 3] h. As a waiting
    # status its whole time is wait: A 1+1, B 2+0.5, C 3+2 h -> median 2.5 h, no touch.
    assert list(charts.touch_bars.opts["height"]) == pytest.approx([2.0, 0.0])
    assert list(charts.wait_bars.opts["height"]) == pytest.approx([0.0, 2.5])
    x, _y = charts.scatter.getData()
    assert len(x) == 3
    assert charts.measured is controller.data.measure(map_id)


def test_a_scatter_of_alike_spots_draws_as_pyqtgraph_does(qtbot):
    """The fast path of UniformScatter: the same spots and the same pixels as pyqtgraph's
    own scatter; spots with a brush each still take pyqtgraph's path."""
    import pyqtgraph as pg
    from PySide6.QtGui import QColor

    from vsm_desktop.ui.measure.uniform_scatter import UniformScatter

    rng = np.random.default_rng(3)
    x, y = rng.random(5000) * 100, rng.random(5000) * 10
    images = []
    for cls in (pg.ScatterPlotItem, UniformScatter):
        plot = pg.PlotWidget(background="w")
        qtbot.addWidget(plot)
        plot.resize(500, 300)
        scatter = cls(size=7, pen=None)
        plot.addItem(scatter)
        scatter.setData(x=x, y=y, brush=pg.mkBrush(37, 99, 235, 150), data=np.arange(5000))
        plot.setRange(xRange=(0, 100), yRange=(0, 10), padding=0)
        images.append(plot.grab().toImage())
        assert list(scatter.getData()[0]) == list(x)
        assert (scatter.data["sourceRect"]["w"] > 0).all()
    assert images[0] == images[1]

    brushes = [pg.mkBrush(QColor("red")), pg.mkBrush(QColor("blue"))] * 2500
    scatter.setData(x=x, y=y, brush=brushes)
    assert (scatter.data["sourceRect"]["w"] > 0).all()
    assert {b.color().name() for b in scatter.data["brush"]} == {"#ff0000", "#0000ff"}
