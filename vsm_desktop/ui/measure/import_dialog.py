"""The column-mapping dialog of an import: preview, columns, bad rows, then the import itself
with a progress bar and a Cancel button, and the bad rows listed when there are any.

The choices live in :class:`ImportDialogState`; the dialog only shows them. The import runs in
the thread pool (:class:`ImportJob`); the dialog stays responsive and never waits on it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.measure.importers import ParseResult

from .import_state import FORMATS, KINDS, ROLE_LABELS, ImportDialogState
from .jobs import DraftSpec, ImportJob, ImportOutcome, start
from .time_options import TimeOptionsBox

__all__ = ["ImportDialog"]

_NONE = "(not in the file)"
#: Problems listed in the dialog; the rest are counted.
_SHOWN_PROBLEMS = 500


class ImportDialog(QDialog):
    """Signals: ``imported(ImportOutcome)`` after a successful import (the dialog closes)."""

    imported = Signal(object)

    def __init__(
        self,
        state: ImportDialogState,
        workspace: Path,
        *,
        map_name: str | None = None,
        map_id: str | None = None,
        draft: Callable[[str], DraftSpec] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(f"Import {state.path.name}")
        self.state = state
        self.workspace = workspace
        self.map_id = map_id
        self._draft = draft
        self.job: ImportJob | None = None
        self._parsed: ParseResult[Any] | None = None
        #: File rows the last run found bad (tinted in the preview).
        self._bad_rows: set[int] = set()
        #: Whether the user has seen the bad rows before they were skipped (the retry).
        self._problems_seen = False
        self._role_boxes: dict[str, QComboBox] = {}
        self._loading = False
        self.resize(960, 680)

        layout = QVBoxLayout(self)
        head = QLabel(
            f"<b>{state.path.name}</b> <span style='color:gray'>{state.path.parent}</span>"
        )
        head.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(head)

        top = QHBoxLayout()
        self.kind_box = QComboBox(objectName="kind_box")
        for key, text in KINDS.items():
            self.kind_box.addItem(text, key)
        self.format_box = QComboBox(objectName="format_box")
        self.sheet_box = QComboBox(objectName="sheet_box")
        self.sheet_label = QLabel("Sheet")
        form_top = QFormLayout()
        form_top.addRow("What", self.kind_box)
        top.addLayout(form_top, 2)
        form_fmt = QFormLayout()
        form_fmt.addRow("Format", self.format_box)
        top.addLayout(form_fmt, 1)
        form_sheet = QFormLayout()
        form_sheet.addRow(self.sheet_label, self.sheet_box)
        top.addLayout(form_sheet, 1)
        layout.addLayout(top)

        middle = QHBoxLayout()
        left = QVBoxLayout()
        self.columns_group = QGroupBox("Columns")
        self.columns_form = QFormLayout(self.columns_group)
        left.addWidget(self.columns_group, 0)
        self.times_box = TimeOptionsBox(state)
        self.times_box.setObjectName("times_box")
        # As wide as the columns box; the hint wraps instead of widening the left side.
        self.times_box.setMaximumWidth(420)
        self.times_box.changed.connect(self._on_times)
        left.addWidget(self.times_box, 0)
        left.addStretch(1)
        middle.addLayout(left, 0)
        self.preview_view = QTableView(objectName="preview_view")
        self.preview_model = QStandardItemModel(self)
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_view.verticalHeader().setDefaultSectionSize(22)
        self.preview_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        middle.addWidget(self.preview_view, 1)
        layout.addLayout(middle, 1)

        options = QHBoxLayout()
        bad = QGroupBox("Rows that cannot be read")
        bad_layout = QVBoxLayout(bad)
        self.abort_radio = QRadioButton("Stop and show them (nothing is imported)")
        self.skip_radio = QRadioButton("Skip them and import the rest")
        bad_layout.addWidget(self.abort_radio)
        bad_layout.addWidget(self.skip_radio)
        options.addWidget(bad, 1)
        use = QGroupBox("Use the events")
        use_layout = QVBoxLayout(use)
        self.attach_check = QCheckBox(
            f"Measure the map “{map_name}” with them" if map_name else "Attach to the current map"
        )
        self.attach_check.setEnabled(map_id is not None)
        self.draft_check = QCheckBox("Create a draft map from this log")
        self.draft_check.setToolTip(
            "One stage per activity, in the order items go through them, with handoffs, "
            "rework and median times (one undoable step)"
        )
        use_layout.addWidget(self.attach_check)
        use_layout.addWidget(self.draft_check)
        options.addWidget(use, 1)
        layout.addLayout(options)

        self.message = QLabel(objectName="import_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.problems_list = QListWidget(objectName="problems_list")
        self.problems_list.setMaximumHeight(160)
        layout.addWidget(self.problems_list)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar(objectName="import_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p %")
        self.cancel_button = QPushButton("Cancel import", objectName="cancel_import")
        self.cancel_button.clicked.connect(self.cancel_import)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_retry_button = QPushButton("Skip bad rows and import", objectName="skip_retry")
        self.skip_retry_button.clicked.connect(self.retry_skipping)
        self.import_button = QPushButton("Import", objectName="import_button")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton("Close", objectName="close_button")
        self.close_button.clicked.connect(self.reject)
        for button in (self.skip_retry_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.kind_box.currentIndexChanged.connect(self._on_kind)
        self.format_box.currentIndexChanged.connect(self._on_format)
        self.sheet_box.currentIndexChanged.connect(self._on_sheet)
        self.abort_radio.toggled.connect(self._on_bad_rows)
        self.draft_check.toggled.connect(self._on_draft)
        self.attach_check.toggled.connect(self._on_attach)
        self._show_state()
        self._set_running(False)
        self.problems_list.hide()
        self.skip_retry_button.hide()

    # -- state -> widgets ----------------------------------------------------------------------
    def _show_state(self) -> None:
        self._loading = True  # the widgets are written, not edited: no slot may react
        try:
            s = self.state
            self.kind_box.setCurrentIndex(self.kind_box.findData(s.kind))
            self.format_box.clear()
            for fmt in s.formats:
                self.format_box.addItem(FORMATS[fmt], fmt)
            self.format_box.setCurrentIndex(self.format_box.findData(s.format))
            self.sheet_box.clear()
            self.sheet_box.addItems(s.sheets)
            if s.sheet:
                self.sheet_box.setCurrentText(s.sheet)
            has_sheets = bool(s.sheets)
            self.sheet_box.setVisible(has_sheets)
            self.sheet_label.setVisible(has_sheets)
            self.abort_radio.setChecked(s.on_error == "abort")
            self.skip_radio.setChecked(s.on_error == "skip")
            events = s.kind == "events"
            self.draft_check.setEnabled(events)
            self.draft_check.setChecked(s.draft_map)
            self.attach_check.setEnabled(events and self.map_id is not None)
            self.attach_check.setChecked(s.attach_map and self.map_id is not None)
            self._build_role_boxes()
            self._fill_preview()
            self.times_box.refresh()
        finally:
            self._loading = False
        self._show_problems()

    def _build_role_boxes(self) -> None:
        while self.columns_form.rowCount():
            self.columns_form.removeRow(0)
        self._role_boxes.clear()
        s = self.state
        fixed = s.fixed_columns
        for role in s.roles:
            box = QComboBox(objectName=f"role_{role}")
            box.addItem(_NONE, None)
            for header in s.headers:
                box.addItem(header, header)
            column = s.mapping.get(role)
            box.setCurrentIndex(box.findData(column) if column else 0)
            box.setEnabled(not fixed)
            box.currentIndexChanged.connect(lambda _i, r=role, b=box: self._on_role(r, b))
            label = ROLE_LABELS[role] + (" *" if role in s.required else "")
            self.columns_form.addRow(label, box)
            self._role_boxes[role] = box
        self.columns_group.setTitle(
            "Columns (read by the importer)" if fixed else "Columns (* required)"
        )

    def _fill_preview(self) -> None:
        s = self.state
        model = self.preview_model
        model.clear()
        if s.preview is None:
            return
        by_column = {col: role for role, col in s.mapping.items() if col}
        model.setColumnCount(len(s.headers))
        for k, header in enumerate(s.headers):
            role = by_column.get(header)
            text = f"{header}\n→ {role}" if role and not s.fixed_columns else header
            model.setHorizontalHeaderItem(k, QStandardItem(text))
        for row in s.preview.rows:
            model.appendRow([QStandardItem("" if v is None else str(v)) for v in row])
        if not s.fixed_columns:
            # Line numbers of the file (the header is line 1), as the problems name them.
            for k in range(len(s.preview.rows)):
                model.setVerticalHeaderItem(k, QStandardItem(str(k + 2)))
        self._mark_bad_rows()

    def _mark_bad_rows(self) -> None:
        """Tint the preview rows the last run found bad."""
        if not self._bad_rows or self.state.fixed_columns:
            return
        bad = self._bad_rows
        tint = QColor("#c0392b")
        tint.setAlpha(40)
        for k in range(self.preview_model.rowCount()):
            if k + 2 in bad:
                for col in range(self.preview_model.columnCount()):
                    item = self.preview_model.item(k, col)
                    if item is not None:
                        item.setBackground(tint)

    def _show_problems(self) -> None:
        problems = self.state.problems()
        self.import_button.setEnabled(not problems and self.job is None)
        if problems:
            self._say("; ".join(problems), error=True)
        else:
            rows = len(self.state.preview.rows) if self.state.preview else 0
            self._say(f"Showing the first {rows} rows. Ready to import.")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")

    # -- widgets -> state ----------------------------------------------------------------------
    def _forget_run(self) -> None:
        """The choices changed: bad rows found with the old ones no longer apply."""
        self._parsed = None
        self._bad_rows = set()
        self.problems_list.clear()
        self.problems_list.hide()
        self.skip_retry_button.hide()

    def _on_kind(self, _index: int) -> None:
        if not self._loading:
            self._forget_run()
            self.state.set_kind(self.kind_box.currentData())
            self._show_state()

    def _on_format(self, _index: int) -> None:
        if not self._loading and self.format_box.currentData():
            self._forget_run()
            self.state.set_format(self.format_box.currentData())
            self._show_state()

    def _on_sheet(self, _index: int) -> None:
        if not self._loading and self.sheet_box.currentText():
            self._forget_run()
            self.state.set_sheet(self.sheet_box.currentText())
            self._show_state()

    def _on_role(self, role: str, box: QComboBox) -> None:
        if not self._loading:
            self._forget_run()
            self.state.set_column(role, box.currentData())
            self._fill_preview()
            self.times_box.refresh()  # another time column: other dates to read
            self._show_problems()

    def _on_times(self) -> None:
        # Rows found bad were read with the old zone or date order.
        self._forget_run()
        self._show_problems()

    def _on_bad_rows(self, abort: bool) -> None:
        if not self._loading:
            self.state.on_error = "abort" if abort else "skip"

    def _on_draft(self, on: bool) -> None:
        if not self._loading:
            self.state.draft_map = on

    def _on_attach(self, on: bool) -> None:
        if not self._loading:
            self.state.attach_map = on

    def set_role(self, role: str, column: str | None) -> None:
        """Choose a column the way the user does, through the role's combo box."""
        box = self._role_boxes[role]
        box.setCurrentIndex(box.findData(column) if column else 0)

    def role_box(self, role: str) -> QComboBox:
        return self._role_boxes[role]

    # -- running -------------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        for widget in self._choices():
            widget.setEnabled(not running)
        self.import_button.setEnabled(not running and self.state.can_import)
        self.skip_retry_button.setEnabled(not running)
        if running:
            self.progress.setValue(0)

    def _choices(self) -> tuple[QWidget, ...]:
        return (self.columns_group, self.times_box, self.kind_box, self.format_box, self.sheet_box)

    def start_import(self) -> None:
        """Start the import in the thread pool (the Import button)."""
        if self.job is not None or not self.state.can_import:
            return
        self._parsed = None
        self._bad_rows = set()
        self._problems_seen = False
        self.problems_list.clear()
        self.problems_list.hide()
        self.skip_retry_button.hide()
        self._run(self._new_job())

    def retry_skipping(self) -> None:
        """Store the rows that were read well, leaving out the bad ones."""
        if self.job is not None or self._parsed is None:
            return
        self.problems_list.hide()
        self.skip_retry_button.hide()
        self._problems_seen = True
        self._run(self._new_job(parsed=self._parsed, on_error="skip"))

    def _new_job(self, **kwargs: Any) -> ImportJob:
        request = self.state.request()
        draft = None
        if request.draft_map and self._draft is not None:
            draft = self._draft(request.path.stem)
        return ImportJob(
            self.workspace,
            request,
            map_id=self.map_id if request.attach_map else None,
            draft=draft,
            **kwargs,
        )

    def _run(self, job: ImportJob) -> None:
        self.job = job
        signals = job.signals
        signals.progressed.connect(self._on_progress)
        signals.finished.connect(self._on_finished)
        signals.problems.connect(self._on_problems)
        signals.failed.connect(self._on_failed)
        signals.cancelled.connect(self._on_cancelled)
        self._signals = signals  # kept alive until its last signal arrived
        self._set_running(True)
        self._say("Importing…")
        start(job)

    def cancel_import(self) -> None:
        if self.job is not None:
            self.job.cancel.set()
            self.cancel_button.setEnabled(False)
            self._say("Cancelling…")

    def _on_progress(self, share: float) -> None:
        self.progress.setValue(int(share * 1000))

    def _done(self) -> None:
        self.job = None
        self.cancel_button.setEnabled(True)
        self._set_running(False)

    def _on_finished(self, outcome: ImportOutcome) -> None:
        self._done()
        self.imported.emit(outcome)
        s = outcome.summary
        if not s.problems or self._problems_seen:
            self.accept()
            return
        # "Skip them" was chosen up front: say which rows were left out, and why, before the
        # dialog closes. The import is done, so nothing can start it a second time.
        self._list_problems(s.problems)
        self._say(
            f"Imported {s.rows:,} row(s) as import {s.import_id}; {s.skipped:,} bad row(s) "
            "left out, listed below."
        )
        self.import_button.hide()
        for widget in (*self._choices(), self.abort_radio, self.skip_radio):
            widget.setEnabled(False)
        self.attach_check.setEnabled(False)
        self.draft_check.setEnabled(False)
        self.close_button.setDefault(True)

    def _list_problems(self, problems: list[Any]) -> None:
        self._bad_rows = {p.row for p in problems}
        self.problems_list.clear()
        for problem in problems[:_SHOWN_PROBLEMS]:
            self.problems_list.addItem(str(problem))
        if len(problems) > _SHOWN_PROBLEMS:
            self.problems_list.addItem(f"… and {len(problems) - _SHOWN_PROBLEMS} more")
        self.problems_list.show()
        self._mark_bad_rows()

    def _on_cancelled(self) -> None:
        self._done()
        self._say("Import cancelled: nothing was imported.", error=True)

    def _on_failed(self, message: str) -> None:
        self._done()
        self._say(message, error=True)

    def _on_problems(self, parsed: ParseResult[Any]) -> None:
        self._done()
        self._parsed = parsed
        self._list_problems(parsed.problems)
        self.skip_retry_button.setVisible(len(parsed.table) > 0)
        good = len(parsed.table)
        self._say(
            f"{parsed.bad_rows} bad row(s), nothing imported. Skip them to import the other "
            f"{good} row(s), or fix the file or the columns and import again.",
            error=True,
        )

    def problem_texts(self) -> list[str]:
        return [self.problems_list.item(k).text() for k in range(self.problems_list.count())]

    def reject(self) -> None:
        if self.job is not None:
            # Closing while it runs cancels it; the dialog closes when it has stopped.
            self.cancel_import()
            self.job.signals.cancelled.connect(super().reject)
            return
        super().reject()
