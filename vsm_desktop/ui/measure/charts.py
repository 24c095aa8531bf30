"""The Charts panel: measured lead time, its distribution, cumulative flow, a Gantt of recent
items, wait versus touch per stage, and the outcomes over weeks. Drawn with pyqtgraph from
:mod:`.chart_data`, whose arrays :class:`.chart_feed.ChartFeed` computes (in the thread pool for
a large log), so drawing is only handing them over; charts are redrawn only while the panel is
visible."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPen, QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from vsm_desktop.ui.theme import current_theme

from . import chart_data as cd
from .chart_feed import ChartFeed
from .data import Measured, MeasureData
from .map_panel import MapPanel
from .uniform_scatter import UniformScatter

__all__ = ["GANTT_ITEMS", "ChartsPanel", "stage_colors"]

#: Items shown in the Gantt chart (the most recently started).
GANTT_ITEMS = 25
_PALETTE = (
    "#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#65a30d", "#db2777",
    "#4f46e5", "#ca8a04", "#0d9488", "#7c3aed",
)  # fmt: skip


def _blend(color: QColor, base: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        color.redF() + (base.redF() - color.redF()) * amount,
        color.greenF() + (base.greenF() - color.greenF()) * amount,
        color.blueF() + (base.blueF() - color.blueF()) * amount,
    )


def _swatch(color: QColor, text: str) -> str:
    safe = text.replace("&", "&amp;").replace("<", "&lt;")
    return f"<span style='color:{color.name()}; font-size:13pt'>■</span>&nbsp;{safe}"


def _legend_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def _with_legend(plot: QWidget, legend: QLabel) -> QWidget:
    """A plot with its legend as a line of text above it, so no legend box hides data."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(legend)
    layout.addWidget(plot, 1)
    return box


def stage_colors(n: int) -> list[QColor]:
    return [QColor(_PALETTE[k % len(_PALETTE)]) for k in range(n)]


def _label(plot: pg.PlotWidget, side: str, text: str) -> None:
    plot.setLabel(side, text, color=current_theme().muted)


def _plot(title: str, left: str, *, dates: bool = False) -> pg.PlotWidget:
    t = current_theme()
    axis = {"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)} if dates else {}
    plot = pg.PlotWidget(axisItems=axis, background=t.base)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.showGrid(x=False, y=True, alpha=0.25)
    plot.setTitle(title, color=t.text, size="11pt")
    plot.setLabel("left", left, color=t.muted)
    for name in ("left", "bottom"):
        plot.getAxis(name).setTextPen(pg.mkPen(t.muted))
        plot.getAxis(name).setPen(pg.mkPen(t.border))
    return plot


class ChartsPanel(MapPanel):
    """Tabs of measurement charts for the current map; attributes hold the plot items."""

    def __init__(self, data: MeasureData, parent: QWidget | None = None) -> None:
        super().__init__(data, parent)
        self.setObjectName("charts_panel")
        self._stale = True
        self.measured: Measured | None = None
        self.feed = ChartFeed(data, GANTT_ITEMS, self)
        self.feed.ready.connect(self._on_map_changed)
        self.feed.failed.connect(self._on_failed)
        self._drawn: tuple[object, object] = (None, None)
        self._queued: list[Callable[[], None]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.stack = QStackedWidget(self)
        self.empty = QLabel("Import events (Data ▸ Import events…) to see charts of the real flow.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.tabs = QTabWidget(objectName="charts_tabs")
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        layout.addWidget(self.stack)

        self.lead_plot = _plot("Lead time per item, by completion date", "hours", dates=True)
        self.scatter = UniformScatter(size=7, pen=None)
        self.median_line = pg.PlotDataItem(pen=pg.mkPen("#16a34a", width=2))
        self.p85_line = pg.PlotDataItem(
            pen=pg.mkPen("#d97706", width=2, style=Qt.PenStyle.DashLine)
        )
        legend = self.lead_plot.addLegend(offset=(10, 10))
        self.lead_plot.addItem(self.scatter)
        self.lead_plot.addItem(self.median_line)
        self.lead_plot.addItem(self.p85_line)
        legend.addItem(self.median_line, "median")
        legend.addItem(self.p85_line, "85th percentile")
        self.tabs.addTab(self.lead_plot, "Lead time")

        self.hist_plot = _plot("Lead time distribution (done items)", "items")
        self.histogram = pg.BarGraphItem(x0=[], x1=[], height=[], brush="#2563eb", pen="#1e40af")
        self.hist_plot.addItem(self.histogram)
        self.tabs.addTab(self.hist_plot, "Distribution")

        self.cfd_plot = _plot(
            "Cumulative flow (items per stage at the end of each day)", "items", dates=True
        )
        self.cfd_legend = _legend_label()
        self.cfd_curves: dict[str, pg.PlotDataItem] = {}
        self.tabs.addTab(_with_legend(self.cfd_plot, self.cfd_legend), "Cumulative flow")

        self.gantt_plot = _plot(
            f"The {GANTT_ITEMS} most recent items across stages (solid: touch, hatched: wait)",
            "",
            dates=True,
        )
        self.gantt_plot.invertY(True)
        self.gantt_touch = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[])
        self.gantt_wait = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[])
        self.gantt_plot.addItem(self.gantt_wait)
        self.gantt_plot.addItem(self.gantt_touch)
        self.gantt_legend = _legend_label()
        self.gantt: cd.GanttBars | None = None
        self.gantt_plot.getAxis("left").setWidth(90)
        self.tabs.addTab(_with_legend(self.gantt_plot, self.gantt_legend), "Gantt")

        self.wt_plot = _plot("Median touch and wait per stage", "hours")
        self.touch_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush="#2563eb")
        self.wait_bars = pg.BarGraphItem(
            x=[], height=[], width=0.38, brush=QBrush(QColor("#d97706"), Qt.BrushStyle.BDiagPattern)
        )
        self.wt_plot.addItem(self.touch_bars)
        self.wt_plot.addItem(self.wait_bars)
        wt_legend = _legend_label()
        wt_legend.setText(
            _swatch(QColor("#2563eb"), "touch (solid)")
            + "&nbsp;&nbsp;"
            + _swatch(QColor("#d97706"), "wait (hatched)")
        )
        self.tabs.addTab(_with_legend(self.wt_plot, wt_legend), "Wait vs touch")

        self.outcomes_widget = pg.GraphicsLayoutWidget()
        self.outcomes_widget.setBackground(current_theme().base)
        self.outcome_curves: dict[str, pg.PlotDataItem] = {}
        self.outcome_plots: dict[str, pg.PlotItem] = {}
        titles = (
            ("lead", "Median lead time (hours)"),
            ("incidents", "Incidents per week"),
            ("recover", "Median time to recover (hours)"),
            ("deploys", "Deploys per week"),
            ("cfr", "Change failure rate (%)"),
            ("hit", "Hit rate of feature bets (%)"),
        )
        for k, (key, title) in enumerate(titles):
            plot = self.outcomes_widget.addPlot(
                row=k // 2,
                col=k % 2,
                title=title,
                axisItems={"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)},
            )
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.showGrid(x=False, y=True, alpha=0.25)
            curve = plot.plot(
                pen=pg.mkPen(_PALETTE[k], width=2),
                symbol="o",
                symbolSize=5,
                symbolBrush=_PALETTE[k],
            )
            plot.getAxis("left").setWidth(44)  # equal widths keep the weeks aligned
            if self.outcome_plots:
                # One time axis for all: lead time and the outcomes line up week by week.
                plot.setXLink(next(iter(self.outcome_plots.values())))
            self.outcome_plots[key] = plot
            self.outcome_curves[key] = curve
        self.tabs.addTab(self.outcomes_widget, "Outcomes")

        self.apply_theme()
        self.follow()

    # -- following the document ----------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The app sets its palette before it records the theme name: restyle afterwards.
            QTimer.singleShot(0, self.apply_theme)

    def apply_theme(self) -> None:
        """Plot backgrounds, axes and titles in the current light or dark theme."""
        t = current_theme()
        plots = [w.getPlotItem() for w in self._plot_widgets()]
        plots += list(self.outcome_plots.values())
        for widget in self._plot_widgets():
            widget.setBackground(t.base)
        self.outcomes_widget.setBackground(t.base)
        for plot in plots:
            plot.setTitle(plot.titleLabel.text, color=t.text, size="11pt")
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setTextPen(pg.mkPen(t.muted))
                axis.setPen(pg.mkPen(t.border))
                if axis.labelText:
                    axis.setLabel(axis.labelText, color=t.muted)
        if self.isVisible():
            self.redraw(force=True)
        else:
            self._stale = True
            self._drawn = (None, None)

    def _plot_widgets(self) -> list[pg.PlotWidget]:
        return [self.lead_plot, self.hist_plot, self.cfd_plot, self.gantt_plot, self.wt_plot]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.redraw()

    # -- drawing -------------------------------------------------------------------------------
    _NO_DATA = "Import events (Data ▸ Import events…) to see charts of the real flow."

    def redraw(self, *, force: bool = False) -> None:
        self._stale = False
        value_map = self.document.current_map
        measured = self.data.measure(value_map.id) if value_map is not None else None
        outcomes = self.data.outcomes()
        charts = None
        if value_map is not None and measured is not None:
            charts = self.feed.charts(value_map, measured)
        elif value_map is not None:
            self.feed.forget(value_map.id)  # a chart job still running is for an older state
        drawn = (charts, outcomes)
        if (
            not force
            and charts is not None
            and all(a is b for a, b in zip(drawn, self._drawn, strict=True))
        ):
            return  # an edit that leaves the measured figures as they were
        self._drawn = drawn
        self._queued = []  # what is left of an older redraw is out of date
        self.measured = measured if charts is not None else None
        busy = ""
        if value_map is not None and self.data.measuring(value_map.id):
            busy = "Measuring…"
        elif measured is not None and charts is None:
            busy = "Drawing charts…"
        if value_map is None or busy or (charts is None and outcomes is None):
            # Never the charts of an older state while the new ones are on their way.
            self.empty.setText(busy or self._NO_DATA)
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.tabs)
        steps = self._steps(charts)
        first = self.tabs.currentIndex()
        order = [steps[first], *(step for k, step in enumerate(steps) if k != first)]
        if not self.data.large:
            for step in order:
                step()
            return
        # pyqtgraph takes its time over the 100,000 points of the lead-time scatter: the tab in
        # view is drawn now, each other one in an event-loop turn of its own, so the window
        # keeps answering between them.
        order[0]()
        self._queued = order[1:]
        QTimer.singleShot(0, lambda queued=self._queued: self._draw_next(queued))

    @property
    def drawing(self) -> bool:
        """Charts are still being handed to pyqtgraph, a tab at a time (large logs)."""
        return bool(self._queued)

    def _draw_next(self, queued: list[Callable[[], None]]) -> None:
        if queued is not self._queued or not queued:
            return  # a newer redraw replaced these
        queued.pop(0)()
        if queued:
            QTimer.singleShot(0, lambda: self._draw_next(queued))

    def _steps(self, charts: cd.ChartData | None) -> list[Callable[[], None]]:
        """What draws each tab, in tab order."""
        outcomes = partial(self._draw_outcomes, charts)
        if charts is None:
            return [lambda: None] * 5 + [outcomes]
        return [
            partial(self._draw_lead, charts),
            partial(self._draw_histogram, charts),
            partial(self._draw_flow, charts.flow, list(charts.stage_names)),
            partial(self._draw_gantt, charts.gantt),
            partial(self._draw_wait_touch, *charts.wait_touch),
            outcomes,
        ]

    def _on_failed(self, message: str) -> None:
        self._drawn = (None, None)
        self._queued = []
        self.empty.setText(f"The charts could not be drawn: {message}")
        self.stack.setCurrentWidget(self.empty)

    def _draw_lead(self, charts: cd.ChartData) -> None:
        s = charts.lead
        self.scatter.setData(
            x=s.done_at, y=s.lead, brush=pg.mkBrush(37, 99, 235, 150), data=charts.lead_points
        )
        if s.done_at.size:
            span = np.array([s.done_at.min(), s.done_at.max()])
            if span[0] == span[1]:
                span = span + np.array([-43200.0, 43200.0])
            self.median_line.setData(span, [s.median, s.median])
            self.p85_line.setData(span, [s.p85, s.p85])
        else:
            self.median_line.setData([], [])
            self.p85_line.setData([], [])
        _label(self.lead_plot, "left", f"lead time ({s.unit})")
        if s.lead.size:
            self.lead_plot.setTitle(
                f"Lead time per item, by completion date: median {s.median:.1f}, "
                f"85th percentile {s.p85:.1f} {s.unit}",
                color=current_theme().text,
                size="11pt",
            )
        self.lead_plot.autoRange()

    def _draw_histogram(self, charts: cd.ChartData) -> None:
        edges, counts = charts.histogram
        self.histogram.setOpts(x0=edges[:-1], x1=edges[1:], height=counts)
        _label(self.hist_plot, "bottom", f"lead time ({charts.lead.unit})")
        self.hist_plot.autoRange()

    def _draw_flow(self, flow: cd.StackedFlow, stage_names: list[str]) -> None:
        for item in self.cfd_curves.values():
            self.cfd_plot.removeItem(item)
        self.cfd_curves.clear()
        palette = stage_colors(max(len(stage_names), 1))
        # The same colour per stage as in the Gantt chart.
        colors = {name: palette[k] for k, name in enumerate(stage_names)}
        colors["(other)"] = QColor("#cbd5e1")
        base = QColor(current_theme().base)
        swatches = []
        # Each area is filled down to zero, drawn from the top band down, so every band
        # covers the one above it from below: stacked areas without gaps.
        for k in reversed(range(len(flow.labels))):
            label = flow.labels[k]
            color = colors.get(label, QColor("#9ca3af"))
            fill = _blend(color, base, 0.35)
            curve = pg.PlotDataItem(
                flow.days,
                flow.tops[:, k].astype(float),
                pen=pg.mkPen(color, width=1),
                fillLevel=0.0,
                brush=pg.mkBrush(fill),
            )
            self.cfd_plot.addItem(curve)
            self.cfd_curves[label] = curve
            swatches.append(_swatch(fill, label))
        self.cfd_legend.setText("&nbsp;&nbsp;".join(swatches))
        self.cfd_plot.autoRange()

    def _draw_gantt(self, g: cd.GanttBars) -> None:
        self.gantt = g
        colors = stage_colors(len(g.stages))

        def opts(bars: np.ndarray, hatched: bool) -> dict[str, object]:
            if not len(bars):
                # pyqtgraph 0.13 fails on empty per-bar pen lists: no bars, no per-bar pens.
                empty = np.zeros(0)
                return {
                    "x0": empty,
                    "x1": empty,
                    "y0": empty,
                    "y1": empty,
                    "pens": None,
                    "brushes": None,
                    "pen": None,
                    "brush": None,
                }
            brushes = [
                QBrush(
                    colors[int(s)],
                    Qt.BrushStyle.BDiagPattern if hatched else Qt.BrushStyle.SolidPattern,
                )
                for s in bars[:, 3]
            ]
            pens = [QPen(colors[int(s)], 0) for s in bars[:, 3]]
            return {
                "x0": bars[:, 1],
                "x1": bars[:, 2],
                "y0": bars[:, 0] - (0.34 if not hatched else 0.22),
                "y1": bars[:, 0] + (0.34 if not hatched else 0.22),
                "brushes": brushes,
                "pens": pens,
            }

        self.gantt_touch.setOpts(**opts(g.touch, False))
        self.gantt_wait.setOpts(**opts(g.wait, True))
        left = self.gantt_plot.getAxis("left")
        left.setTicks([[(float(k), label) for k, label in enumerate(g.items)]])
        used = sorted({int(s) for s in np.concatenate((g.touch[:, 3], g.wait[:, 3]))})
        self.gantt_legend.setText(
            "&nbsp;&nbsp;".join(_swatch(colors[s], g.stages[s]) for s in used)
        )
        self.gantt_plot.autoRange()

    def _draw_wait_touch(
        self, names: tuple[str, ...], touch: np.ndarray, wait: np.ndarray, unit: str
    ) -> None:
        x = np.arange(len(names), dtype=float)
        self.touch_bars.setOpts(x=x - 0.2, height=np.nan_to_num(touch), width=0.38)
        self.wait_bars.setOpts(x=x + 0.2, height=np.nan_to_num(wait), width=0.38)
        self.wt_plot.getAxis("bottom").setTicks([[(float(k), n) for k, n in enumerate(names)]])
        _label(self.wt_plot, "left", unit)
        self.wt_plot.autoRange()

    def _draw_outcomes(self, charts: cd.ChartData | None) -> None:
        outcomes = self.data.outcomes()
        series: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if charts is not None:
            series["lead"] = (charts.lead_weeks, charts.lead_week_hours)
            hours = "working hours" if charts.working_hours else "hours"
            self.outcome_plots["lead"].setTitle(f"Median lead time per week ({hours})")
        if outcomes is not None:
            series["incidents"] = (
                outcomes.incidents_per_week.starts,
                outcomes.incidents_per_week.values,
            )
            rec = outcomes.recover_median_per_week
            series["recover"] = (rec.starts, rec.values / 3600.0)
            series["deploys"] = (outcomes.deploys_per_week.starts, outcomes.deploys_per_week.values)
            cfr = outcomes.change_failure_rate_per_week
            series["cfr"] = (cfr.starts, cfr.values * 100.0)
            hit = outcomes.hit_rate_per_week
            series["hit"] = (hit.starts, hit.values * 100.0)
        weeks: list[float] = []
        for key, curve in self.outcome_curves.items():
            x, y = series.get(key, (np.zeros(0), np.zeros(0)))
            # Weeks without a value (NaN) break the line instead of dropping to zero.
            curve.setData(x, y, connect="finite")
            if len(x) and np.isfinite(y).any():
                weeks += [float(np.min(x)), float(np.max(x))]
                self.outcome_plots[key].enableAutoRange(axis="y")
        if weeks:
            first = next(iter(self.outcome_plots.values()))
            first.setXRange(min(weeks) - 3 * 86400.0, max(weeks) + 3 * 86400.0, padding=0)
