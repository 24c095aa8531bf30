"""Editor of one stage: name, team, touch and wait, %C&A, people, data box and notes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from vsm_desktop.model import Stage, format_duration

from .base import EditForm, set_combo_text, set_spin, set_text, spin_box
from .fields import DurationField, FieldsTable, NotesEdit


class StageForm(EditForm):
    what = "stage"
    title = "Stage"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.team = QComboBox(self)
        self.team.setEditable(True)
        self.team.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.touch = DurationField(self)
        self.wait = DurationField(self)
        self.lead = QLabel(self)
        self.pca = spin_box(0, 100, decimals=1, step=5, suffix=" %")
        self.people = spin_box(0, 10_000, decimals=1, step=1)
        self.fields = FieldsTable(self)
        self.notes = NotesEdit(self)
        self.notes.setPlaceholderText("What happens here, who is involved, what goes wrong")
        self.notes.setMinimumHeight(70)
        self.notes.setMaximumHeight(140)
        self.form.addRow("Name", self.name)
        self.form.addRow("Team", self.team)
        self.form.addRow("Touch time", self.touch)
        self.form.addRow("Wait time", self.wait)
        self.form.addRow("Lead time", self.lead)
        self.form.addRow("%C&&A", self.pca)
        self.form.addRow("People", self.people)
        self.form.addRow("Data box", self.fields)
        self.form.addRow("Notes", self.notes)
        self.name.editingFinished.connect(self._on_name)
        team_edit = self.team.lineEdit()
        assert team_edit is not None  # an editable combo box always has one
        team_edit.editingFinished.connect(self._on_team)
        self.team.activated.connect(lambda _index: self._on_team())
        self.touch.committed.connect(lambda value: self._on_duration("touch_s", value))
        self.wait.committed.connect(lambda value: self._on_duration("wait_s", value))
        self.pca.valueChanged.connect(lambda value: self._on_number("pca", value))
        self.people.valueChanged.connect(lambda value: self._on_number("people", value))
        self.fields.edited.connect(self._on_fields)
        self.notes.editing_finished.connect(self._on_notes)
        self.touch.edit.setToolTip("Hands-on work per item")
        self.wait.edit.setToolTip("Queue time before work on the item starts here")

    def stage(self) -> Stage:
        assert self.document is not None
        return self.document.workspace.map(self.map_id).stages[self.obj_id]

    def _load(self) -> None:
        assert self.document is not None
        value_map = self.document.workspace.map(self.map_id)
        stage = value_map.stages[self.obj_id]
        cal, unit = value_map.calendar, value_map.display_unit
        self.heading.setText(stage.name or "Stage")
        sources = ", ".join(f"{k.removesuffix('_s')}: {v}" for k, v in stage.sources.items())
        self.subheading.setText(
            f"In {value_map.name}" + (f" · measured ({sources})" if sources else "")
        )
        set_text(self.name, stage.name)
        teams = sorted({s.team for s in value_map.stages.values() if s.team})
        if [self.team.itemText(i) for i in range(self.team.count())] != teams:
            self.team.clear()
            self.team.addItems(teams)
        set_combo_text(self.team, stage.team)
        self.team.setEditText(stage.team)
        self.touch.set_value(stage.touch_s, cal, unit)
        self.wait.set_value(stage.wait_s, cal, unit)
        self.lead.setText(format_duration(stage.lead_time_s, cal) + "  (wait + touch)")
        set_spin(self.pca, stage.pca)
        set_spin(self.people, stage.people)
        if self.fields.fields() != stage.fields:
            self.fields.set_fields(stage.fields)
        if self.notes.toPlainText() != stage.notes and not self.notes.hasFocus():
            self.notes.setPlainText(stage.notes)

    # -- slots -------------------------------------------------------------------------------
    def _on_name(self) -> None:
        if not self._editable():
            return
        name = self.name.text().strip()
        if not name:
            self.show_message("a stage needs a name; the old name is kept")
            self.load()
            return
        if name != self.stage().name:
            self.push({"name": name}, label="Rename stage")

    def _on_team(self) -> None:
        if not self._editable():
            return
        team = self.team.currentText().strip()
        if team != self.stage().team:
            self.push({"team": team}, label="Change team")

    def _on_duration(self, key: str, value: float | None) -> None:
        if not self._editable():
            return
        if getattr(self.stage(), key) != value:
            label = "Edit touch time" if key == "touch_s" else "Edit wait time"
            # A typed figure replaces a measured one: forget where the old one came from.
            changes: dict[str, object] = {key: value}
            sources = self.stage().sources
            if key in sources:
                changes["sources"] = {k: v for k, v in sources.items() if k != key}
            self.push(changes, label=label)

    def _on_number(self, key: str, value: float) -> None:
        if not self._editable():
            return
        if abs(getattr(self.stage(), key) - value) > 1e-9:
            label = "Edit %C&A" if key == "pca" else "Edit people"
            self.push({key: float(value)}, mergeable=True, label=label)

    def _on_fields(self, fields: dict[str, str]) -> None:
        if not self._editable():
            return
        if fields != self.stage().fields:
            self.push({"fields": fields}, label="Edit data box")

    def _on_notes(self) -> None:
        if not self._editable():
            return
        text = self.notes.toPlainText()
        if text != self.stage().notes:
            self.push({"notes": text}, label="Edit notes")

    def _editable(self) -> bool:
        # Focus-out commits can arrive after the stage was deleted or the document closed.
        if self._loading or self.document is None:
            return False
        value_map = self.document.workspace.maps.get(self.map_id)
        return value_map is not None and self.obj_id in value_map.stages
