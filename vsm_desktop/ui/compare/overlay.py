"""The overlay layout of the compare view: the target map drawn over the current one, faded.

One canvas, one scale: a room sees in a single picture which boxes stay, which go and what the
target adds. The current map stays an ordinary editor underneath; the target is a picture of the
target pane's own scene (kept live by that scene's ``changed`` signal), so it needs no second set
of items and takes no clicks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from vsm_desktop.ui.canvas.view import MapView

if TYPE_CHECKING:
    from vsm_desktop.ui.canvas.scene import MapScene

__all__ = ["DEFAULT_GHOST_OPACITY", "GHOST_TINT", "OverlayMapView"]

#: Blue, for "to be": the target stands apart from the current map in any theme.
GHOST_TINT = QColor(37, 99, 235, 80)
#: Half-way: both maps readable, and the target still tells itself apart from the current.
DEFAULT_GHOST_OPACITY = 0.5


class OverlayMapView(MapView):
    """A map view that can draw another map scene (the ghost) over its own, semi-transparent."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._ghost: MapScene | None = None
        self._ghost_opacity = DEFAULT_GHOST_OPACITY

    @property
    def ghost(self) -> MapScene | None:
        return self._ghost

    @property
    def ghost_opacity(self) -> float:
        return self._ghost_opacity

    def set_ghost(self, scene: MapScene | None) -> None:
        """Draw ``scene`` over this view's map (None: stop)."""
        if scene is self._ghost:
            return
        if self._ghost is not None:
            self._ghost.changed.disconnect(self._ghost_changed)
        self._ghost = scene
        if scene is not None:
            scene.changed.connect(self._ghost_changed)
        self.viewport().update()

    def set_ghost_opacity(self, opacity: float) -> None:
        self._ghost_opacity = max(0.0, min(1.0, opacity))
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        ghost = self._ghost
        if ghost is None or self._ghost_opacity <= 0.0:
            return
        # Items paint with their own opacity, so a faded ghost is drawn whole into an image
        # first and that image is laid over the map. Both maps share one scene coordinate
        # system: the ghost's exposed rectangle is the same rectangle of the scene.
        device = painter.worldTransform().mapRect(rect).toAlignedRect()
        if device.isEmpty():
            return
        ratio = self.devicePixelRatioF()
        image = QImage(
            round(device.width() * ratio),
            round(device.height() * ratio),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        layer = QPainter(image)
        layer.setRenderHints(self.renderHints())
        # Its background and selection marks would only hide the map below.
        ghost.transparent = ghost.exporting = True
        try:
            source = painter.worldTransform().inverted()[0].mapRect(QRectF(device))
            ghost.render(layer, QRectF(0, 0, device.width(), device.height()), source)
        finally:
            ghost.transparent = ghost.exporting = False
        # A tint over what was drawn tells the two maps apart where their boxes overlap.
        layer.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceAtop)
        layer.fillRect(QRectF(0, 0, device.width(), device.height()), GHOST_TINT)
        layer.end()
        painter.save()
        painter.resetTransform()
        painter.setOpacity(self._ghost_opacity)
        painter.drawImage(device.topLeft(), image)
        painter.restore()

    def _ghost_changed(self, _regions: object) -> None:
        self.viewport().update()
