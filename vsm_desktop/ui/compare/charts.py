"""Bar charts of the two maps: the headline times and flow efficiency, and wait versus touch per
stage. Drawn with pyqtgraph from a :class:`ChartData`; no figures are computed here."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from vsm_desktop.model.percent import format_percent
from vsm_desktop.ui.theme import Theme, current_theme

from .state import ChartData

__all__ = ["StageChart", "TotalsChart", "series_colors"]

_BAR = 0.36  # width of one map's bar in a group (a group is 1 unit wide)
#: (side, offset of its bar from the group centre): current first, target beside it
_SIDES = (("current", -_BAR / 2 - 0.02), ("target", _BAR / 2 + 0.02))


def series_colors(t: Theme) -> dict[str, QColor]:
    """Current map in slate grey, target in the theme accent; wait is the same hue faded into
    the background, so touch reads as the solid core of each bar (opaque colours, so the
    legend swatches in rich text match the bars exactly)."""
    accent = QColor(t.accent)
    current = QColor("#64748b")
    base = QColor(t.base)
    return {
        "current": current,
        "current_wait": _blend(current, base, 0.6),
        "target": accent,
        "target_wait": _blend(accent, base, 0.6),
    }


def _blend(color: QColor, base: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        color.redF() + (base.redF() - color.redF()) * amount,
        color.greenF() + (base.greenF() - color.greenF()) * amount,
        color.blueF() + (base.blueF() - color.blueF()) * amount,
    )


def _swatch(color: QColor, text: str, t: Theme) -> str:
    return (
        f"<span style='color:{color.name()}; font-size:13pt'>■</span>"
        f"<span style='color:{t.muted}'>&nbsp;{text}</span>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Chart(QWidget):
    """A legend line over one or more plots that are built once and redrawn in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(2)
        # The legend is a label above the plots: a legend box inside a plot would hide bars.
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.row = QHBoxLayout()
        self.row.setSpacing(6)
        layout.addWidget(self.legend)
        layout.addLayout(self.row, 1)

    def _new_plot(self) -> pg.PlotWidget:
        plot = pg.PlotWidget()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setMinimumHeight(160)
        self.row.addWidget(plot)
        return plot

    @staticmethod
    def _style(plot: pg.PlotWidget, t: Theme, title: str) -> None:
        plot.setBackground(t.base)
        item = plot.getPlotItem()
        item.setTitle(f"<span style='color:{t.text}; font-weight:600'>{title}</span>", size="10pt")
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(t.border))
            axis.setTextPen(pg.mkPen(t.muted))


def _value_text(value: float, unit: str) -> str:
    if unit == "%":
        return format_percent(value, whole_from=10)
    short = {"days": "d", "hours": "h", "minutes": "m"}.get(unit, unit)
    return f"{value:.0f}{short}" if value >= 10 else f"{value:.1f}{short}"


class TotalsChart(_Chart):
    """Lead time and process time (grouped bars, chart unit) beside flow efficiency (percent),
    each bar labelled with its value so the chart reads from the back of the room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.times_plot = self._new_plot()
        self.efficiency_plot = self._new_plot()
        self.row.setStretch(0, 3)
        self.row.setStretch(1, 2)
        #: the drawn series, for reading back (tests, export): "times_current", ...
        self.bars: dict[str, pg.BarGraphItem] = {}

    def show_data(self, data: ChartData, current_name: str, target_name: str) -> None:
        t = current_theme()
        colors = series_colors(t)
        self.legend.setText(
            "&nbsp;&nbsp;&nbsp;".join(
                (
                    _swatch(colors["current"], _escape(current_name), t),
                    _swatch(colors["target"], _escape(target_name), t),
                )
            )
        )
        self.bars.clear()
        self._style(self.times_plot, t, f"Lead time and process time ({data.unit})")
        self._style(self.efficiency_plot, t, "Flow efficiency (%)")
        groups = (("Lead time", data.lead_time), ("Process time", data.process_time))
        self._grouped(self.times_plot, "times", groups, data.unit, colors, t)
        efficiency = (("Flow efficiency", data.flow_efficiency),)
        self._grouped(self.efficiency_plot, "efficiency", efficiency, "%", colors, t)

    def _grouped(
        self,
        plot: pg.PlotWidget,
        name: str,
        groups: tuple[tuple[str, tuple[float | None, float | None]], ...],
        unit: str,
        colors: dict[str, QColor],
        t: Theme,
    ) -> None:
        plot.clear()
        xs = np.arange(len(groups), dtype=float)
        top = 0.0
        font = QFont()
        font.setPointSizeF(8.5)
        font.setBold(True)
        for index, (side, offset) in enumerate(_SIDES):
            heights = np.array([g[1][index] or 0.0 for g in groups], dtype=float)
            bars = pg.BarGraphItem(
                x=xs + offset, height=heights, width=_BAR, brush=colors[side], pen=pg.mkPen(None)
            )
            plot.addItem(bars)
            self.bars[f"{name}_{side}"] = bars
            top = max(top, float(heights.max(initial=0.0)))
            for x, value in zip(xs + offset, heights, strict=True):
                label = pg.TextItem(_value_text(value, unit), color=t.text, anchor=(0.5, 1.0))
                label.setFont(font)
                label.setPos(x, value)
                plot.addItem(label)
        axis = plot.getPlotItem().getAxis("bottom")
        axis.setTicks([[(float(x), label) for x, (label, _) in zip(xs, groups, strict=True)]])
        plot.setXRange(-0.6, len(groups) - 0.4, padding=0)
        plot.setYRange(0, (top or 1.0) * 1.15, padding=0)


class StageChart(_Chart):
    """Wait versus touch per stage for both maps: horizontal stacked bars (touch, then wait),
    current above target in each row, stage names on the left axis, first stage on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = self._new_plot()
        self.plot.getPlotItem().invertY(True)
        #: "current_touch", "current_wait", "target_touch", "target_wait"
        self.bars: dict[str, pg.BarGraphItem] = {}
        #: row labels in drawing order, top to bottom
        self.labels: list[str] = []

    def show_data(self, data: ChartData, current_name: str, target_name: str) -> None:
        t = current_theme()
        colors = series_colors(t)
        self.legend.setText(
            "&nbsp;&nbsp;&nbsp;".join(
                (
                    _swatch(colors["current"], f"{_escape(current_name)}: touch", t),
                    _swatch(colors["current_wait"], "wait", t),
                    _swatch(colors["target"], f"{_escape(target_name)}: touch", t),
                    _swatch(colors["target_wait"], "wait", t),
                )
            )
        )
        plot = self.plot
        plot.clear()
        self.bars.clear()
        self._style(plot, t, f"Wait and touch per stage ({data.unit})")
        item = plot.getPlotItem()
        self.labels = [_row_label(row.label, row.kind) for row in data.stages]
        widest = 0.0
        for side, offset in _SIDES:
            rows = [
                (i, getattr(row, f"{side}_touch"), getattr(row, f"{side}_wait"))
                for i, row in enumerate(data.stages)
                if getattr(row, f"{side}_touch") is not None
            ]
            ys = np.array([i + offset for i, _, _ in rows], dtype=float)
            touch = np.array([tt for _, tt, _ in rows], dtype=float)
            wait = np.array([w for _, _, w in rows], dtype=float)
            touch_bars = pg.BarGraphItem(
                x0=np.zeros_like(touch), y=ys, width=touch, height=_BAR,
                brush=colors[side], pen=pg.mkPen(None),
            )  # fmt: skip
            wait_bars = pg.BarGraphItem(
                x0=touch, y=ys, width=wait, height=_BAR,
                brush=colors[f"{side}_wait"], pen=pg.mkPen(None),
            )  # fmt: skip
            plot.addItem(touch_bars)
            plot.addItem(wait_bars)
            self.bars[f"{side}_touch"] = touch_bars
            self.bars[f"{side}_wait"] = wait_bars
            if len(rows):
                widest = max(widest, float((touch + wait).max()))
        left = item.getAxis("left")
        left.setTicks([[(float(i), label) for i, label in enumerate(self.labels)]])
        # Wide enough for the longest name: pyqtgraph silently drops labels that do not fit.
        metrics = QFontMetrics(left.style.get("tickFont") or self.font())
        left.setWidth(max((metrics.horizontalAdvance(x) for x in self.labels), default=60) + 18)
        item.getAxis("bottom").setLabel(data.unit, color=t.muted)
        plot.setYRange(-0.6, max(len(self.labels), 1) - 0.4, padding=0)
        plot.setXRange(0, (widest or 1.0) * 1.04, padding=0)


def _row_label(name: str, kind: str) -> str:
    if kind == "added":
        return f"{name} (new)"
    if kind == "removed":
        return f"{name} (removed)"
    return name
