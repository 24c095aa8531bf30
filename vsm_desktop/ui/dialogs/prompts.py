"""Every modal question the main window asks, one function each.

The window calls these through the module (``prompts.ask_unsaved_changes(...)``) so tests
replace one function with ``monkeypatch`` and never block on a real dialog.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

WORKSPACE_FILTER = "VSM workspaces (*.vsm);;All files (*)"


class UnsavedChoice(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved_changes(parent: QWidget | None, name: str) -> UnsavedChoice:
    """Save / Discard / Cancel for a modified workspace called ``name``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to “{name}”?")
    box.setInformativeText("Your changes will be lost if you don't save them.")
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setStandardButtons(buttons)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return UnsavedChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def ask_recover(parent: QWidget | None, name: str, saved_at: str) -> bool:
    """Offer to load an autosave of ``name`` newer than its last save."""
    answer = QMessageBox.question(
        parent,
        "Recover unsaved work",
        f"“{name}” has unsaved work from {saved_at} that is newer than the file.\n\n"
        "Recover it? (Choosing No keeps the file as last saved and discards the autosave.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_open_path(parent: QWidget | None, directory: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open workspace", directory, WORKSPACE_FILTER)
    return path or None


def ask_save_path(parent: QWidget | None, suggested: str = "") -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save workspace", suggested, WORKSPACE_FILTER)
    if not path:
        return None
    return path if path.lower().endswith(".vsm") else path + ".vsm"


def ask_export_path(parent: QWidget | None, suggested: str, kind: str) -> str | None:
    """A save path for an exported image of ``kind`` (``png``, ``svg`` or ``pdf``)."""
    filters = {
        "png": "PNG image (*.png)",
        "svg": "SVG drawing (*.svg)",
        "pdf": "PDF document (*.pdf)",
    }
    path, _ = QFileDialog.getSaveFileName(parent, "Export map", suggested, filters[kind])
    if not path:
        return None
    return path if path.lower().endswith("." + kind) else f"{path}.{kind}"


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A one-line text, stripped; ``None`` when cancelled or left empty."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    value = value.strip()
    return value if ok and value else None


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def show_about(parent: QWidget | None) -> None:
    from vsm_desktop import __version__

    QMessageBox.about(
        parent,
        "About VSM Desktop",
        f"<h3>VSM Desktop {__version__}</h3>"
        "<p>Map how work flows from idea to customer, see where the time goes, agree a target "
        "state and keep measuring it.</p>"
        "<p>Everything lives in one local <code>.vsm</code> file.</p>",
    )
