"""The Hooks panel: which events or statuses start, end, work in and wait in each stage.

A table lists every stage of the current map with its hooks and the share of items they find
in the imported data; below it the selected stage's four hook lists offer every activity or
status in the data, ticked when hooked. Apply sends all edits as one undo step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.measure.hooks import HOOK_KEYS, HookCoverage, hook_coverage
from vsm_desktop.ui.dialogs import prompts

from . import file_prompts
from .data import MeasureData, map_key
from .hooks_state import HOOK_TITLES, HooksEditState
from .jobs import CallJob, start
from .map_panel import MapPanel

__all__ = ["HooksPanel"]

_COLUMNS = ("Stage", *(HOOK_TITLES[k] for k in HOOK_KEYS), "Coverage")


class HooksPanel(MapPanel):
    def __init__(self, data: MeasureData, parent: QWidget | None = None) -> None:
        super().__init__(data, parent)
        self.setObjectName("hooks_panel")
        self.state: HooksEditState | None = None
        self._writing = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.hint = QLabel(objectName="hooks_hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = QTableWidget(0, len(_COLUMNS), objectName="hooks_table")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(_COLUMNS) - 1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 3)

        self.editor = QGroupBox("Stage")
        lists = QHBoxLayout(self.editor)
        self.lists: dict[str, QListWidget] = {}
        for key in HOOK_KEYS:
            column = QVBoxLayout()
            column.addWidget(QLabel(HOOK_TITLES[key]))
            widget = QListWidget(objectName=f"hooks_{key}")
            widget.itemChanged.connect(lambda item, k=key: self._on_item_changed(k, item))
            column.addWidget(widget)
            lists.addLayout(column)
            self.lists[key] = widget
        layout.addWidget(self.editor, 2)

        buttons = QHBoxLayout()
        self.status = QLabel(objectName="hooks_status")
        buttons.addWidget(self.status, 1)
        self.load_button = QPushButton("Load hooks…", objectName="hooks_load")
        self.load_button.setToolTip(
            "Read the hooks of this map from a CSV (stage, start, end, active, waiting)"
        )
        self.load_button.clicked.connect(self.load_csv)
        self.save_button = QPushButton("Save hooks…", objectName="hooks_save")
        self.save_button.setToolTip("Keep the hooks as a CSV the team can review and reuse")
        self.save_button.clicked.connect(self.save_csv)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.save_button)
        self.reset_button = QPushButton("Reset", objectName="hooks_reset")
        self.reset_button.clicked.connect(self.reset)
        self.apply_button = QPushButton("Apply hooks", objectName="hooks_apply")
        self.apply_button.clicked.connect(self.apply)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.apply_button)
        layout.addLayout(buttons)

        self.table.itemSelectionChanged.connect(self._show_editor)
        self._shown_for: tuple[Any, ...] | None = None  # (map state, events) last shown
        self._coverage_cache: dict[tuple[Any, ...], dict[str, HookCoverage]] = {}
        self._coverage_jobs: dict[tuple[Any, ...], CallJob] = {}
        self._coverage_pending = False
        self.follow()
        self.rebuild()

    def refresh(self) -> None:
        self.rebuild()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._coverage_pending:
            self._coverage_pending = False
            if self.state is not None:
                self._fill_table()

    def _on_map_changed(self, map_id: str) -> None:
        # Stages or hooks changed, or a large log was just measured (offer its names now); an
        # edited estimate changes nothing here.
        if map_id == self.document.current_map_id and self._shown_key() != self._shown_for:
            self.rebuild()

    def _shown_key(self) -> tuple[Any, ...]:
        value_map = self.document.current_map
        events = self.data.events(wait=False)
        stages = map_key(value_map, {}) if value_map is not None else None
        return (stages, id(events) if events is not None else None)

    # -- state -> widgets ----------------------------------------------------------------------
    def rebuild(self) -> None:
        """Show the map's stored hooks against the data, keeping the user's edits while the
        stored hooks they started from are unchanged."""
        value_map = self.document.current_map
        selected = self.selected_stage_id()
        events = self.data.events(wait=False)
        self._shown_for = self._shown_key()
        old = self.state
        if value_map is None:
            self.state = None
        else:
            labels = events.activity_labels if events is not None else ()
            self.state = HooksEditState(value_map, labels)
            if old is not None and old.value_map is value_map and old.stored == self.state.stored:
                self.state.hooks = old.hooks
        if events is None and self.data.large:
            self.hint.setText("Loading the imported events…")
        elif events is None:
            self.hint.setText(
                "Import events (Data ▸ Import events…) to pick the hooks from the statuses and "
                "activities in your data. A stage without hooks takes the status with its name."
            )
        else:
            self.hint.setText(
                "Pick per stage the events or statuses that start and end it and those that "
                "count as active (touch) or waiting. Apply makes all edits one undo step."
            )
        self._fill_table()
        if selected is not None and self.state is not None and selected in self.state.hooks:
            self.select_stage(selected)
        elif self.table.rowCount():
            self.table.selectRow(0)
        self._show_editor()

    def _coverage(self, state: HooksEditState) -> dict[str, HookCoverage]:
        """Coverage of the edited hooks: computed here for small logs, in the pool for large
        ones (a tick in a list must not freeze the window), cached per set of hooks."""
        events = self.data.events(wait=False)
        if events is None:
            return {}
        key = (id(events), repr(sorted(state.hooks.items())))
        if key in self._coverage_cache:
            return self._coverage_cache[key]
        if not self.data.large:
            result = state.coverage(events)
            self._coverage_cache = {key: result}
            return result
        if key not in self._coverage_jobs:
            if not self.isVisible():
                # Nobody is looking: a pass over a large log would only take a core from the
                # measuring and charting someone is waiting for. Asked again when shown.
                self._coverage_pending = True
                return {}
            preview = state.preview_map()
            job = CallJob(lambda: {c.stage_id: c for c in hook_coverage(preview, events)})
            self._coverage_jobs[key] = job

            def done(result: dict[str, HookCoverage]) -> None:
                self._coverage_jobs.pop(key, None)
                self._coverage_cache[key] = result
                if self.state is not None:
                    self._fill_table()

            job.signals.done.connect(done)
            job.signals.failed.connect(lambda _m: self._coverage_jobs.pop(key, None))
            start(job)
        return {}

    def _fill_table(self) -> None:
        state = self.state
        self._writing = True
        try:
            if state is None:
                self.table.setRowCount(0)
                return
            coverage = self._coverage(state)
            stages = state.value_map.stages
            ids = state.stage_ids
            if [
                self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
                if self.table.item(r, 0)
                else None
                for r in range(self.table.rowCount())
            ] != ids:
                self.table.setRowCount(0)
                self.table.setRowCount(len(ids))
            changed = state.changed()
            for row, sid in enumerate(ids):
                cells = [stages[sid].name, *("; ".join(state.names(sid, k)) for k in HOOK_KEYS)]
                cov = coverage.get(sid)
                cells.append(f"{cov.coverage * 100:.0f} %" if cov is not None else "–")
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, sid)
                    if col == len(cells) - 1:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                        if cov is not None and cov.items == 0:
                            item.setForeground(QBrush(QColor("#c0392b")))
                            item.setToolTip("No item in the data has a row for this stage")
                    if sid in changed:
                        font = item.font()
                        font.setItalic(True)
                        item.setFont(font)
                    self.table.setItem(row, col, item)
        finally:
            self._writing = False
        dirty = bool(state and state.dirty)
        self.apply_button.setEnabled(dirty)
        self.reset_button.setEnabled(dirty)
        self.status.setText("Edited, not applied yet" if dirty else "")

    def _show_editor(self) -> None:
        sid = self.selected_stage_id()
        state = self.state
        self._writing = True
        try:
            for key, widget in self.lists.items():
                widget.clear()
                if state is None or sid is None:
                    continue
                for name, checked, in_data in state.choices(sid, key):
                    item = QListWidgetItem(name if in_data else f"{name} (not in the data)")
                    item.setData(Qt.ItemDataRole.UserRole, name)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
                    others = [o for o in state.owners(name) if o != sid]
                    if others and not checked:
                        owner = state.value_map.stages[others[0]].name
                        item.setForeground(QBrush(QColor("#8a8f98")))
                        item.setToolTip(f"Hooked to {owner}")
                    widget.addItem(item)
        finally:
            self._writing = False
        if state is not None and sid is not None:
            self.editor.setTitle(f"Hooks of {state.value_map.stages[sid].name}")
        else:
            self.editor.setTitle("Stage")

    # -- widgets -> state ----------------------------------------------------------------------
    def _on_item_changed(self, key: str, item: QListWidgetItem) -> None:
        sid = self.selected_stage_id()
        if self._writing or self.state is None or sid is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        self.state.toggle(sid, key, name, item.checkState() == Qt.CheckState.Checked)
        self._fill_table()  # rows stay, so the selection and this list stay as they are

    def selected_stage_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_stage(self, stage_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == stage_id:
                self._writing = True
                try:
                    self.table.selectRow(row)
                finally:
                    self._writing = False
                self._show_editor()
                return
        raise KeyError(f"no stage {stage_id!r} in the hooks table")

    def set_checked(self, key: str, name: str, on: bool) -> None:
        """Tick or untick a name in the selected stage's list, as the user does."""
        widget = self.lists[key]
        for k in range(widget.count()):
            item = widget.item(k)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(f"no {name!r} in the {key} list")

    def coverage_text(self, stage_name: str) -> str:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == stage_name:
                return self.table.item(row, len(_COLUMNS) - 1).text()
        raise KeyError(stage_name)

    def apply(self) -> bool:
        if self.state is None:
            return False
        command = self.state.command()
        if command is None:
            return False
        self.document.push(command)  # the map change rebuilds the state from the new hooks
        return True

    def reset(self) -> None:
        if self.state is not None:
            self.state.reset()
            sid = self.selected_stage_id()
            self._fill_table()
            if sid is not None:
                self.select_stage(sid)

    # -- hooks files ---------------------------------------------------------------------------
    def _folder(self) -> str:
        path = self.document.path
        return str(path.parent) if path is not None else ""

    def load_csv(self) -> bool:
        """Read hooks from a CSV as edits (Apply makes them one undo step)."""
        from vsm_desktop.measure.hooks import HooksError, read_hooks_csv

        if self.state is None:
            return False
        file = file_prompts.ask_hooks_open(self, self._folder())
        if not file:
            return False
        try:
            hooks = read_hooks_csv(file, self.state.value_map)
        except HooksError as exc:
            prompts.show_error(self, "Cannot load hooks", str(exc))
            return False
        sid = self.selected_stage_id()
        self.state.load(hooks)
        self._fill_table()
        if sid is not None:
            self.select_stage(sid)
        self.status.setText(f"Loaded hooks of {len(hooks)} stage(s); Apply to keep them")
        return True

    def save_csv(self) -> bool:
        """Write the hooks as shown (edits included) to a CSV."""
        from vsm_desktop.measure.hooks import write_hooks_csv

        if self.state is None:
            return False
        name = f"{self.state.value_map.name} hooks.csv".replace("/", "-")
        file = file_prompts.ask_hooks_save(self, str(Path(self._folder()) / name))
        if not file:
            return False
        try:
            write_hooks_csv(file, self.state.preview_map())
        except OSError as exc:
            prompts.show_error(self, "Cannot save hooks", f"{file}: {exc.strerror or exc}")
            return False
        self.status.setText(f"Saved {Path(file).name}")
        return True
