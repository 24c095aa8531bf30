"""The live metrics of the current map in large type, refreshed on every edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLayout, QVBoxLayout, QWidget

from vsm_desktop.ui.theme import current_theme

from .binding import CurrentMapPanel
from .figures import Figure, headline_figures

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document


class FigureCard(QFrame):
    """One figure: caption, big value, small hint."""

    def __init__(self, key: str, value_pt: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        # Tight enough sideways that seven cards fit in one row on a 1280 px laptop.
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(0)
        self.caption = QLabel(self)
        self.value = QLabel("–", self)
        self.hint = QLabel(self)
        caption_font = QFont(self.font())
        caption_font.setPointSizeF(max(8.0, value_pt * 0.38))
        caption_font.setWeight(QFont.Weight.DemiBold)
        caption_font.setCapitalization(QFont.Capitalization.AllUppercase)
        caption_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.caption.setFont(caption_font)
        value_font = QFont(self.font())
        value_font.setPointSize(value_pt)
        value_font.setWeight(QFont.Weight.Bold)
        self.value.setFont(value_font)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint_font = QFont(self.font())
        hint_font.setPointSizeF(max(7.5, value_pt * 0.34))
        self.hint.setFont(hint_font)
        self.hint.setWordWrap(True)
        for label in (self.caption, self.value, self.hint):
            layout.addWidget(label)

    def show_figure(self, figure: Figure) -> None:
        t = current_theme()
        self.caption.setText(figure.label)
        self.value.setText(figure.value)
        self.hint.setText(figure.hint)
        self.setToolTip(f"{figure.label}: {figure.value}\n{figure.hint}".strip())
        tone = {"good": t.good, "warning": t.warning, "error": t.error}.get(figure.tone, t.text)
        self.setStyleSheet(
            f"#figureCard {{ background: {t.base}; border: 1px solid {t.border};"
            f" border-radius: 8px; }}"
        )
        self.caption.setStyleSheet(f"color: {t.muted}; background: transparent;")
        self.value.setStyleSheet(f"color: {tone}; background: transparent;")
        self.hint.setStyleSheet(f"color: {t.muted}; background: transparent;")


class FiguresStrip(QWidget):
    """Cards for :func:`headline_figures` in as many columns as fit (at most ``columns``)."""

    def __init__(
        self,
        value_pt: int = 22,
        columns: int = 4,
        show_hints: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._value_pt = value_pt
        self._max_columns = columns
        self._columns = columns
        self._show_hints = show_hints
        self._cards: dict[str, FigureCard] = {}
        self._figures: list[Figure] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(8, 8, 8, 8)
        self._grid.setSpacing(6)
        # An explicit minimum stops the grid from demanding room for all columns at once, so
        # a narrow strip can shrink and re-flow into more rows (see resizeEvent).
        self.setMinimumWidth(self.card_min_width() + 16)
        self.setMinimumHeight(60)
        self._height_timer = QTimer(self)
        self._height_timer.setSingleShot(True)
        self._height_timer.setInterval(0)
        self._height_timer.timeout.connect(self._fix_height)

    def set_value_pt(self, value_pt: int) -> None:
        """Change the figure size (presentation mode scales it to the screen)."""
        if value_pt == self._value_pt:
            return
        self._value_pt = value_pt
        self.setMinimumWidth(self.card_min_width() + 16)
        figures, self._figures = self._figures, []
        self.show_figures(figures)

    def card_min_width(self) -> int:
        # Wide enough for "19w 4.1d" in the value font; narrower cards would clip the figure.
        return int(self._value_pt * 6.5)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())
        if event.size().width() != event.oldSize().width():
            self._height_timer.start()  # wrapped hints take another line as cards narrow

    def _fit(self, width: int) -> None:
        """Use as many columns as the widest card allows at ``width``."""
        card_width = max(
            [self.card_min_width(), *(c.minimumSizeHint().width() for c in self._cards.values())]
        )
        fit = max(1, (width - 16) // (card_width + self._grid.spacing()))
        wanted = min(self._max_columns, fit)
        if wanted != self._columns:
            self._columns = wanted
            self._relayout()

    def set_columns(self, columns: int) -> None:
        """The most columns to use; fewer when the strip is too narrow."""
        self._max_columns = max(1, columns)
        if self._columns > self._max_columns or self._columns < self._max_columns:
            self._columns = self._max_columns
            self._relayout()

    def show_figures(self, figures: list[Figure]) -> None:
        keys = [f.key for f in figures]
        if keys != [f.key for f in self._figures]:
            for card in self._cards.values():
                # Hidden and detached now: deleteLater alone leaves it painted until the loop runs.
                card.hide()
                card.setParent(None)
                card.deleteLater()
            self._cards = {f.key: FigureCard(f.key, self._value_pt, self) for f in figures}
            for card in self._cards.values():
                card.hint.setVisible(self._show_hints)
            self._figures = figures
            self._relayout()
        self._figures = figures
        for figure in figures:
            self._cards[figure.key].show_figure(figure)
        self._fit(self.width())

    def card(self, key: str) -> FigureCard:
        return self._cards[key]

    def value_text(self, key: str) -> str:
        return self._cards[key].value.text()

    def _relayout(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        for index, figure in enumerate(self._figures):
            row, column = divmod(index, self._columns)
            self._grid.addWidget(self._cards[figure.key], row, column)
        for column in range(max(self._max_columns, len(self._figures))):
            self._grid.setColumnStretch(column, 1 if column < self._columns else 0)
        self._height_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._height_timer.start()

    def _fix_height(self) -> None:
        """Exactly as tall as the rows of cards at the current width. A docked strip squeezed
        below that showed empty frames (a 1280 px laptop wraps a hint to two lines, a narrow
        window the cards to several rows), and a dock that grew while the window was narrow
        never gave the room back to the canvas. Run once the event loop has settled the width:
        fixed while a window is still being built at its default width, the seven rows of a
        narrow strip made the window itself grow past the screen."""
        if not self.isVisible():
            return
        margins = self._grid.contentsMargins()
        spacing = self._grid.spacing()
        cards = [self._cards[f.key] for f in self._figures if f.key in self._cards]
        columns = max(1, self._columns)
        inner = self.width() - margins.left() - margins.right() - spacing * (columns - 1)
        card_width = max(1, inner // columns)
        height = margins.top() + margins.bottom()
        for start in range(0, len(cards), columns):
            row = cards[start : start + columns]
            height += max(
                max(c.minimumSizeHint().height(), c.heightForWidth(card_width)) for c in row
            )
            height += spacing if start else 0
        self.setFixedHeight(max(60, height))


class MetricsPanel(CurrentMapPanel):
    """Headline figures of the document's current map, updated on ``metrics_changed``."""

    def __init__(
        self,
        value_pt: int = 22,
        columns: int = 7,
        show_hints: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # No taller than the strip, so the Metrics dock leaves the rest to the canvas.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        self.strip = FiguresStrip(value_pt, columns, show_hints, parent=self)
        layout.addWidget(self.strip)
        self.refresh()

    def set_columns(self, columns: int) -> None:
        self.strip.set_columns(columns)

    def value_text(self, key: str) -> str:
        """The value shown for figure ``key`` (``lead_time``, ``flow_efficiency`` ...)."""
        return self.strip.value_text(key)

    def refresh(self) -> None:
        self.strip.show_figures(current_figures(self._document))


def current_figures(document: Document | None) -> list[Figure]:
    """The headline figures of the document's current map (placeholders without one)."""
    if document is None or not document.current_map_id:
        return headline_figures(None, None)
    map_id = document.current_map_id
    if map_id not in document.workspace.maps:
        return headline_figures(None, None)
    return headline_figures(document.metrics(map_id), document.workspace.map(map_id))
