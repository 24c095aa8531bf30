"""Editor of one handoff: kind, label, rework flag and rework rate."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from vsm_desktop.model import Handoff, HandoffKind

from .base import EditForm, set_combo_data, set_spin, set_text, spin_box

#: The spin box's lowest value stands for "no rate set: use 1 - %C&A of the source stage".
AUTO_RATE = -1.0

KIND_LABELS = {
    HandoffKind.PUSH: "Push",
    HandoffKind.PULL: "Pull",
    HandoffKind.FIFO: "FIFO lane",
    HandoffKind.INFORMATION: "Information",
}


class HandoffForm(EditForm):
    what = "handoff"
    title = "Handoff"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        for kind, text in KIND_LABELS.items():
            self.kind.addItem(text, kind)
        self.label = QLineEdit(self)
        self.label.setPlaceholderText("e.g. ticket, email, pull request")
        self.rework = QCheckBox("Rework: items go back upstream", self)
        self.rate = spin_box(AUTO_RATE, 99.9, decimals=1, step=5, suffix=" %")
        self.rate.setSpecialValueText("auto (1 − source %C&A)")
        self.form.addRow("Kind", self.kind)
        self.form.addRow("Label", self.label)
        self.form.addRow("", self.rework)
        self.form.addRow("Rework rate", self.rate)
        self.kind.activated.connect(self._on_kind)
        self.label.editingFinished.connect(self._on_label)
        self.rework.toggled.connect(self._on_rework)
        self.rate.valueChanged.connect(self._on_rate)

    def handoff(self) -> Handoff:
        assert self.document is not None
        return self.document.workspace.map(self.map_id).handoffs[self.obj_id]

    def _load(self) -> None:
        assert self.document is not None
        value_map = self.document.workspace.map(self.map_id)
        handoff = value_map.handoffs[self.obj_id]
        source = value_map.stages[handoff.source].name
        target = value_map.stages[handoff.target].name
        self.heading.setText("Rework loop" if handoff.rework else "Handoff")
        self.subheading.setText(f"{source} → {target}")
        set_combo_data(self.kind, handoff.kind)
        set_text(self.label, handoff.label)
        self.rework.setChecked(handoff.rework)
        rate = AUTO_RATE if handoff.rework_rate is None else handoff.rework_rate * 100
        set_spin(self.rate, rate)
        self.rate.setEnabled(handoff.rework)

    def _editable(self) -> bool:
        if self._loading or self.document is None:
            return False
        value_map = self.document.workspace.maps.get(self.map_id)
        return value_map is not None and self.obj_id in value_map.handoffs

    def _on_kind(self, _index: int) -> None:
        if self._editable() and self.kind.currentData() != self.handoff().kind:
            self.push({"kind": HandoffKind(self.kind.currentData())}, label="Change handoff kind")

    def _on_label(self) -> None:
        text = self.label.text().strip()
        if self._editable() and text != self.handoff().label:
            self.push({"label": text}, label="Edit handoff label")

    def _on_rework(self, checked: bool) -> None:
        if self._editable() and checked != self.handoff().rework:
            self.push({"rework": checked}, label="Mark rework" if checked else "Unmark rework")

    def _on_rate(self, value: float) -> None:
        if not self._editable():
            return
        rate = None if value <= AUTO_RATE else round(value / 100, 6)
        if rate != self.handoff().rework_rate:
            self.push({"rework_rate": rate}, mergeable=True, label="Edit rework rate")
