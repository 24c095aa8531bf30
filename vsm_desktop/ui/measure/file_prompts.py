"""The modal questions of the measurement feature, one function each, so tests patch them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

IMPORT_FILTER = (
    "Event logs and exports (*.csv *.tsv *.txt *.xlsx *.xlsm *.xes *.xml *.json);;"
    "CSV (*.csv *.tsv *.txt);;Excel (*.xlsx *.xlsm);;XES event logs (*.xes *.xml);;"
    "Jira exports (*.json *.csv);;All files (*)"
)


def ask_import_file(parent: QWidget | None, directory: str = "") -> str | None:
    """A file to import, or ``None`` when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import data", directory, IMPORT_FILTER)
    return path or None


HOOKS_FILTER = "Hooks (*.csv);;All files (*)"


def ask_hooks_open(parent: QWidget | None, directory: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Load hooks", directory, HOOKS_FILTER)
    return path or None


def ask_hooks_save(parent: QWidget | None, suggested: str = "") -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save hooks", suggested, HOOKS_FILTER)
    if not path:
        return None
    return path if path.lower().endswith(".csv") else path + ".csv"
