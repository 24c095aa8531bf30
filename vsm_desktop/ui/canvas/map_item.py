"""The base of every item drawn on a map scene."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["MapItem"]


class MapItem(QGraphicsItem):
    """A graphics item that only ever lives on a :class:`MapScene` (stages, handoffs, notes,
    ends, lanes, the timeline), so its scene can be asked for the map, palette and items.

    Subclasses draw in :meth:`draw`; :meth:`paint` reports an error instead of raising it
    through Qt's paint loop (see :func:`style.guarded_paint`).
    """

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    @style.guarded_paint
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        self.draw(painter, option, self.map_scene())

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem, scene: MapScene) -> None:
        raise NotImplementedError
