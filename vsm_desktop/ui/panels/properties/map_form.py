"""Editor of the map itself: name, role, calendar, demand, display unit, swimlanes."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from vsm_desktop.model import Calendar, MapRole, ValueMap, format_duration
from vsm_desktop.model.duration import UNITS

from ..maps_panel import name_taken
from .base import EditForm, set_combo_data, set_spin, set_text, spin_box

ROLE_LABELS = {
    MapRole.CURRENT: "Current state",
    MapRole.TARGET: "Target state",
    MapRole.FREE: "Other",
}
UNIT_LABELS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "working days", "w": "weeks"}


class MapForm(EditForm):
    what = "map"
    title = "Map"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.role = QComboBox(self)
        for role, text in ROLE_LABELS.items():
            self.role.addItem(text, role)
        self.supplier = QLineEdit(self)
        self.customer = QLineEdit(self)
        self.hours_per_day = spin_box(0.5, 24, decimals=1, step=0.5, suffix=" h / day")
        self.days_per_week = spin_box(0.5, 7, decimals=1, step=0.5, suffix=" days / week")
        self.demand = spin_box(0, 1_000_000, decimals=2, step=1, suffix=" / day")
        self.demand.setSpecialValueText("no demand set")
        self.unit = QComboBox(self)
        for unit in UNITS:
            self.unit.addItem(UNIT_LABELS[unit], unit)
        self.swimlanes = QCheckBox("Show team swimlanes", self)
        self.form.addRow("Name", self.name)
        self.form.addRow("Role", self.role)
        self.form.addRow("Supplier", self.supplier)
        self.form.addRow("Customer", self.customer)
        self.form.addRow("Working day", self.hours_per_day)
        self.form.addRow("Working week", self.days_per_week)
        self.form.addRow("Demand", self.demand)
        self.form.addRow("Bare numbers in", self.unit)
        self.form.addRow("", self.swimlanes)
        self.name.editingFinished.connect(self._on_name)
        self.role.activated.connect(self._on_role)
        self.supplier.editingFinished.connect(lambda: self._on_text("supplier", self.supplier))
        self.customer.editingFinished.connect(lambda: self._on_text("customer", self.customer))
        self.hours_per_day.valueChanged.connect(self._on_calendar)
        self.days_per_week.valueChanged.connect(self._on_calendar)
        self.demand.valueChanged.connect(self._on_demand)
        self.unit.activated.connect(self._on_unit)
        self.swimlanes.toggled.connect(self._on_swimlanes)

    def bind_map(self, document: object, map_id: str) -> None:
        self.bind(document, map_id, map_id)  # type: ignore[arg-type]

    def value_map(self) -> ValueMap:
        assert self.document is not None
        return self.document.workspace.map(self.map_id)

    def _load(self) -> None:
        value_map = self.value_map()
        self.heading.setText(value_map.name or "Map")
        stages = len(value_map.stages)
        summary = f"{stages} stage{'s' * (stages != 1)}, {len(value_map.handoffs)} handoffs"
        if value_map.demand_per_day:
            day = value_map.calendar.day_s
            summary += (
                f" · takt {format_duration(day / value_map.demand_per_day, value_map.calendar)}"
            )
        self.subheading.setText(summary + " · select a stage or handoff to edit it")
        set_text(self.name, value_map.name)
        set_combo_data(self.role, value_map.role)
        set_text(self.supplier, value_map.supplier)
        set_text(self.customer, value_map.customer)
        set_spin(self.hours_per_day, value_map.calendar.hours_per_day)
        set_spin(self.days_per_week, value_map.calendar.days_per_week)
        set_spin(self.demand, value_map.demand_per_day or 0.0)
        set_combo_data(self.unit, value_map.display_unit)
        self.swimlanes.setChecked(value_map.show_swimlanes)

    def _editable(self) -> bool:
        if self._loading or self.document is None:
            return False
        return self.map_id in self.document.workspace.maps

    def _on_name(self) -> None:
        if not self._editable() or self.document is None:
            return
        name = self.name.text().strip()
        if not name:
            self.show_message("a map needs a name; the old name is kept")
            self.load()
            return
        if name != self.value_map().name:
            if name_taken(self.document.workspace, name, self.map_id):
                self.show_message(f"another map is already named {name!r}; the old name is kept")
                self.load()
                return
            self.push({"name": name}, label="Rename map")

    def _on_role(self, _index: int) -> None:
        if self._editable() and self.role.currentData() != self.value_map().role:
            self.push({"role": MapRole(self.role.currentData())}, label="Change map role")

    def _on_text(self, key: str, edit: QLineEdit) -> None:
        text = edit.text().strip()
        if self._editable() and text != getattr(self.value_map(), key):
            self.push({key: text}, label=f"Edit {key}")

    def _on_calendar(self, _value: float) -> None:
        if not self._editable():
            return
        try:
            calendar = Calendar(self.hours_per_day.value(), self.days_per_week.value())
        except ValueError as exc:
            self.show_message(str(exc))
            return
        if calendar != self.value_map().calendar:
            self.push({"calendar": calendar}, mergeable=True, label="Edit calendar")

    def _on_demand(self, value: float) -> None:
        if not self._editable():
            return
        demand = None if value <= 0 else float(value)
        if demand != self.value_map().demand_per_day:
            self.push({"demand_per_day": demand}, mergeable=True, label="Edit demand")

    def _on_unit(self, _index: int) -> None:
        if self._editable() and self.unit.currentData() != self.value_map().display_unit:
            self.push({"display_unit": self.unit.currentData()}, label="Change display unit")

    def _on_swimlanes(self, checked: bool) -> None:
        if self._editable() and checked != self.value_map().show_swimlanes:
            self.push({"show_swimlanes": checked}, label="Toggle swimlanes")
