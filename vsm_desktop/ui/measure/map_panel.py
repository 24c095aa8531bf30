"""The base of the measure panels that show the current map against the imported data."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vsm_desktop.ui.document import Document

from .data import MeasureData

__all__ = ["MapPanel"]


class MapPanel(QWidget):
    """Follows the document's current map and the measure data; subclasses say how to
    :meth:`refresh` and call :meth:`follow` once their widgets exist."""

    def __init__(self, data: MeasureData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.document: Document = data.document

    def refresh(self) -> None:
        raise NotImplementedError

    def follow(self) -> None:
        self.data.imports_changed.connect(self.refresh)
        self.data.selection_changed.connect(self.refresh)
        self.data.measured.connect(self._on_map_changed)
        self._connect(self.document)

    def set_document(self, document: Document) -> None:
        self.document = document
        self._connect(document)
        self.refresh()

    def _connect(self, document: Document) -> None:
        document.metrics_changed.connect(self._on_map_changed)
        document.current_map_changed.connect(lambda _id: self.refresh())

    def _on_map_changed(self, map_id: str) -> None:
        """The figures of ``map_id`` changed, or its events were just measured."""
        if map_id == self.document.current_map_id:
            self.refresh()
