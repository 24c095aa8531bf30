"""Connections of a panel to the current document, dropped as one when the document changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMetaObject, QObject, SignalInstance
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document


class Connections:
    """Remembers the connections a panel makes to a document so ``clear`` undoes them all
    (a panel must never hear a closed document)."""

    def __init__(self) -> None:
        self._items: list[QMetaObject.Connection] = []

    def connect(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        self._items.append(signal.connect(slot))

    def clear(self) -> None:
        for connection in self._items:
            QObject.disconnect(connection)
        self._items.clear()


class CurrentMapPanel(QWidget):
    """A panel about the current map of a document (or of none), refreshed when the current
    map changes or its figures do; subclasses say how to :meth:`refresh`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Document | None = None
        self._connections = Connections()

    def refresh(self) -> None:
        raise NotImplementedError

    def set_document(self, document: Document | None) -> None:
        self._connections.clear()
        self._document = document
        if document is not None:
            self._connections.connect(document.metrics_changed, self._on_metrics_changed)
            self._connections.connect(document.current_map_changed, lambda _id: self.refresh())
        self.refresh()

    def _on_metrics_changed(self, map_id: str) -> None:
        if self._document is not None and map_id == self._document.current_map_id:
            self.refresh()
