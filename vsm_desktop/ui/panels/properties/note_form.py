"""Editor of a sticky note or kaizen burst: its text and kind."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from vsm_desktop.model import Note, NoteKind

from .base import EditForm, set_combo_data
from .fields import NotesEdit

KIND_LABELS = {NoteKind.NOTE: "Sticky note", NoteKind.KAIZEN: "Kaizen burst (improvement idea)"}


class NoteForm(EditForm):
    what = "note"
    title = "Note"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        for kind, text in KIND_LABELS.items():
            self.kind.addItem(text, kind)
        self.text = NotesEdit(self)
        self.text.setMinimumHeight(90)
        self.text.setMaximumHeight(200)
        self.form.addRow("Kind", self.kind)
        self.form.addRow("Text", self.text)
        self.kind.activated.connect(self._on_kind)
        self.text.editing_finished.connect(self._on_text)

    def note(self) -> Note:
        assert self.document is not None
        return self.document.workspace.map(self.map_id).notes[self.obj_id]

    def _load(self) -> None:
        assert self.document is not None
        value_map = self.document.workspace.map(self.map_id)
        note = value_map.notes[self.obj_id]
        self.heading.setText("Kaizen burst" if note.kind == NoteKind.KAIZEN else "Note")
        stage = value_map.stages.get(note.stage) if note.stage else None
        self.subheading.setText(
            f"Attached to {stage.name}" if stage is not None else f"In {value_map.name}"
        )
        set_combo_data(self.kind, note.kind)
        if self.text.toPlainText() != note.text and not self.text.hasFocus():
            self.text.setPlainText(note.text)

    def _editable(self) -> bool:
        if self._loading or self.document is None:
            return False
        value_map = self.document.workspace.maps.get(self.map_id)
        return value_map is not None and self.obj_id in value_map.notes

    def _on_kind(self, _index: int) -> None:
        if self._editable() and self.kind.currentData() != self.note().kind:
            self.push({"kind": NoteKind(self.kind.currentData())}, label="Change note kind")

    def _on_text(self) -> None:
        if self._editable() and self.text.toPlainText() != self.note().text:
            self.push({"text": self.text.toPlainText()}, label="Edit note")
