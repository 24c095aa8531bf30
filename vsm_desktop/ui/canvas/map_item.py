"""The base of every item drawn on a map scene."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGraphicsItem

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["MapItem"]


class MapItem(QGraphicsItem):
    """A graphics item that only ever lives on a :class:`MapScene` (stages, handoffs, notes,
    ends, lanes, the timeline), so its scene can be asked for the map, palette and items."""

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]
