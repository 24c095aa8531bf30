"""Keep the zoom and the visible part of two graphics views in step.

Whichever view the user zooms or pans leads; the other copies its scale and centres on the same
scene point. A guard flag stops the follower's own scroll signals from coming back (no feedback
loop), and nothing happens while the link is off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer
from PySide6.QtWidgets import QGraphicsView

__all__ = ["ViewLink"]


class ViewLink(QObject):
    """Links the transforms and scroll positions of two views (both ways)."""

    def __init__(self, first: QGraphicsView, second: QGraphicsView, parent: QObject | None = None):
        super().__init__(parent)
        self.views = (first, second)
        self.enabled = True
        self._syncing = False
        for view in self.views:
            for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
                bar.valueChanged.connect(lambda _v, v=view: self.follow(v))
                bar.rangeChanged.connect(lambda _a, _b, v=view: self.follow(v))
            # Zoom without a scroll-range change (scene fits) only shows up as an event; check
            # right after the view handled it.
            view.viewport().installEventFilter(self)
            zoomed = getattr(view, "zoom_changed", None)
            if zoomed is not None:
                zoomed.connect(lambda *_a, v=view: self.follow(v))

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if on:
            self.follow(self.views[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.Wheel, QEvent.Type.Gesture, QEvent.Type.TouchEnd)
        if event.type() in kinds:
            for view in self.views:
                if view.viewport() is watched:
                    QTimer.singleShot(0, lambda v=view: self.follow(v))
        return False

    def follow(self, leader: QGraphicsView) -> None:
        """Make the other view show what ``leader`` shows: same scale, same centre."""
        if self._syncing or not self.enabled:
            return
        follower = self.views[1] if leader is self.views[0] else self.views[0]
        self._syncing = True
        try:
            if follower.transform() != leader.transform():
                follower.setTransform(leader.transform())
            centre = leader.mapToScene(leader.viewport().rect().center())
            if _distance(follower.mapToScene(follower.viewport().rect().center()), centre) > 0.5:
                follower.centerOn(centre)
        finally:
            self._syncing = False


def _distance(a: QPointF, b: QPointF) -> float:
    return abs(a.x() - b.x()) + abs(a.y() - b.y())
