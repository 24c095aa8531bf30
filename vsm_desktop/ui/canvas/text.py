"""Pre-laid-out text for items: built once per model change, drawn many times.

Laying out text is the costly part of painting a map; a :class:`QStaticText` keeps the layout, so
a repaint of thousands of boxes only blits glyphs.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QStaticText, QTransform

__all__ = ["Label", "elide", "wrap_lines"]


def elide(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, max(1.0, width))


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines, the last one elided."""
    metrics = QFontMetricsF(font)
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        lines.append(current)
    lines = [elide(line, font, width) for line in lines[:max_lines]]
    return lines or [""]


class Label:
    """Text (one line, or several separated by newlines) with its font, laid out once;
    ``draw`` aligns the block in a rect, each line centred or left/right aligned alike."""

    __slots__ = ("font", "height", "line_height", "lines", "text", "width")

    def __init__(self, text: str, font: QFont) -> None:
        self.text = text
        self.font = font
        self.line_height = QFontMetricsF(font).lineSpacing()
        self.lines: list[tuple[QStaticText, float]] = []
        for line in text.split("\n"):
            static = QStaticText(line)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
            static.prepare(QTransform(), font)
            self.lines.append((static, static.size().width()))
        self.width = max(width for _, width in self.lines)
        self.height = self.line_height * len(self.lines)

    def draw(
        self,
        painter: QPainter,
        rect: QRectF,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
    ) -> None:
        y = rect.top()
        if align & Qt.AlignmentFlag.AlignVCenter:
            y = rect.center().y() - self.height / 2
        elif align & Qt.AlignmentFlag.AlignBottom:
            y = rect.bottom() - self.height
        painter.setFont(self.font)
        for static, width in self.lines:
            x = rect.left()
            if align & Qt.AlignmentFlag.AlignHCenter:
                x = rect.center().x() - width / 2
            elif align & Qt.AlignmentFlag.AlignRight:
                x = rect.right() - width
            painter.drawStaticText(QPointF(x, y), static)
            y += self.line_height
