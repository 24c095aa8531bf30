"""The properties panel: shows the form for what is selected on the canvas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from vsm_desktop.model import Change
from vsm_desktop.ui.panels.binding import Connections

from .base import EditForm
from .handoff_form import HandoffForm
from .map_form import MapForm
from .note_form import NoteForm
from .stage_form import StageForm

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document


class PropertiesPanel(QWidget):
    """Edits the single selected stage, handoff or note; with no (or a multiple) selection, the
    map."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Document | None = None
        self._connections = Connections()
        self._stage_ids: tuple[str, ...] = ()
        self._handoff_ids: tuple[str, ...] = ()
        self._note_ids: tuple[str, ...] = ()
        self.stage_form = StageForm()
        self.handoff_form = HandoffForm()
        self.map_form = MapForm()
        self.note_form = NoteForm()
        self.empty = QLabel("Open or create a map to edit its properties.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        for page in (self.empty, self.map_form, self.stage_form, self.handoff_form, self.note_form):
            self.stack.addWidget(page)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.setMinimumWidth(300)
        self._show_current()

    # -- wiring ------------------------------------------------------------------------------
    def set_document(self, document: Document | None) -> None:
        self._connections.clear()
        for form in self._forms():
            form.unbind()
        self._document = document
        self._stage_ids, self._handoff_ids, self._note_ids = (), (), ()
        if document is not None:
            self._connections.connect(document.changed, self._on_changed)
            self._connections.connect(document.current_map_changed, self._on_current_map)
        self._show_current()

    def show_selection(
        self,
        stage_ids: Sequence[str],
        handoff_ids: Sequence[str] = (),
        note_ids: Sequence[str] = (),
    ) -> None:
        """Called when the canvas selection changes."""
        self._stage_ids, self._handoff_ids = tuple(stage_ids), tuple(handoff_ids)
        self._note_ids = tuple(note_ids)
        self._show_current()

    def current_form(self) -> EditForm | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, EditForm) else None

    # -- internals ---------------------------------------------------------------------------
    def _forms(self) -> tuple[EditForm, ...]:
        return (self.map_form, self.stage_form, self.handoff_form, self.note_form)

    def _show_current(self) -> None:
        doc = self._document
        map_id = doc.current_map_id if doc is not None else None
        if doc is None or map_id is None or map_id not in doc.workspace.maps:
            for form in self._forms():
                form.unbind()
            self.stack.setCurrentWidget(self.empty)
            return
        value_map = doc.workspace.map(map_id)
        stage_ids = [s for s in self._stage_ids if s in value_map.stages]
        handoff_ids = [h for h in self._handoff_ids if h in value_map.handoffs]
        note_ids = [n for n in self._note_ids if n in value_map.notes]
        count = len(stage_ids) + len(handoff_ids) + len(note_ids)
        if count == 1 and stage_ids:
            self._show(self.stage_form, doc, map_id, stage_ids[0])
        elif count == 1 and handoff_ids:
            self._show(self.handoff_form, doc, map_id, handoff_ids[0])
        elif count == 1 and note_ids:
            self._show(self.note_form, doc, map_id, note_ids[0])
        else:
            self._show(self.map_form, doc, map_id, map_id)
            if count > 1:
                self.map_form.subheading.setText(
                    f"{count} items selected · select one stage or handoff to edit it"
                )

    def _show(self, form: EditForm, doc: Document, map_id: str, obj_id: str) -> None:
        for other in self._forms():
            if other is not form:
                other.unbind()
        form.bind(doc, map_id, obj_id)
        self.stack.setCurrentWidget(form)

    def _on_current_map(self, _map_id: str) -> None:
        self._stage_ids, self._handoff_ids, self._note_ids = (), (), ()
        self._show_current()

    def _on_changed(self, change: Change) -> None:
        form = self.current_form()
        if form is None or not form.is_bound():
            if change.what == "map":
                self._show_current()
            return
        if change.map_id != form.map_id:
            return
        if change.action == "removed" and (change.obj_id == form.obj_id or change.what == "map"):
            self._show_current()
        else:
            # Stage names show in the handoff form, team lists and counts in the others: any
            # change of the map may alter what the form displays. Loading is cheap.
            form.load()
