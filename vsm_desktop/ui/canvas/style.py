"""Sizes and fonts of the canvas, in scene pixels, shared by items, tools and export.

A stage's ``(x, y)`` is the top-left corner of its process box. The strip of ``GAP`` pixels in
front of the box belongs to the stage: its inventory triangle (the wait) sits there, so a chain
laid out at 220 px steps leaves room for the arrows.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

BOX_W = 140.0
HEADER_H = 32.0
TEAM_H = 18.0
CELL_H = 40.0  # PT and %C&A cells: a finger-sized target each
FIELD_H = 15.0
MAX_FIELDS = 3
PAD = 6.0
GAP = 80.0  # space in front of a box for the inventory triangle and the incoming arrow
ANCHOR_Y = HEADER_H + TEAM_H / 2  # arrows meet boxes at this height, so a row lines up
TRIANGLE_W = 28.0
TRIANGLE_H = 24.0
TRIANGLE_CX = -30.0  # centre of the triangle, relative to the box's left edge
HANDLE_ZONE = 20.0  # connector zone: this much inside and outside the right edge (40 px total)
MIN_TARGET = 40.0  # smallest hit target for a finger
GRID = 20.0
NOTE_W = 150.0
NOTE_H = 90.0
KAIZEN_W = 180.0
KAIZEN_H = 104.0
END_W = 96.0
END_H = 58.0


@cache
def font(size: float, *, bold: bool = False) -> QFont:
    """A UI sans font at a pixel size (pixels, so text scales with the scene, not the dpi)."""
    result = QFont()
    result.setFamilies(["Inter", "Segoe UI", "Helvetica Neue", "Arial", "DejaVu Sans"])
    result.setPixelSize(max(1, round(size)))
    result.setBold(bold)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return result


def box_height(field_count: int) -> float:
    rows = min(field_count, MAX_FIELDS)
    return HEADER_H + TEAM_H + CELL_H + (rows * FIELD_H + PAD if rows else 0.0) + 2.0


def pen(
    color: QColor,
    width: float,
    line: Qt.PenStyle = Qt.PenStyle.SolidLine,
    cap: Qt.PenCapStyle = Qt.PenCapStyle.RoundCap,
    join: Qt.PenJoinStyle = Qt.PenJoinStyle.RoundJoin,
) -> QPen:
    return QPen(QBrush(color), width, line, cap, join)


def guarded_paint(paint: Callable[..., None]) -> Callable[..., None]:
    """Report an error raised while painting one item instead of letting it unwind through Qt's
    C++ paint loop (which can leave the painter half set up and take the window down)."""

    # Qt saves and restores the painter around each item (the view keeps the default
    # optimization flags for that), so a failed paint cannot leak its state to the next item.
    @functools.wraps(paint)
    def wrapper(self: object, painter: QPainter, *args: object) -> None:
        try:
            paint(self, painter, *args)
        except Exception:  # reported, not swallowed: the excepthook shows or records it
            sys.excepthook(*sys.exc_info())

    return wrapper
