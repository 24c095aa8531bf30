"""New, open, save, save as, export and crash recovery for the main window.

Every question to the user goes through :mod:`.dialogs.prompts`, so tests answer by replacing
one function there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .autosave import Recovery, discard_snapshot, find_recovery
from .dialogs import prompts
from .dialogs.prompts import UnsavedChoice
from .document import Document

if TYPE_CHECKING:
    from .main_window import MainWindow


class FileOps:
    """The file side of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def document(self) -> Document:
        return self.window.document

    # -- asking before losing work ----------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded or unchanged)."""
        doc = self.document
        if not doc.is_modified:
            # A snapshot taken before the user undid back to the saved state is not work.
            self.window.autosaver.discard(doc)
            return True
        name = doc.path.name if doc.path is not None else "Untitled"
        choice = prompts.ask_unsaved_changes(self.window, name)
        if choice == UnsavedChoice.SAVE:
            return self.save()
        if choice == UnsavedChoice.DISCARD:
            self.window.autosaver.discard(doc)
            return True
        return False

    # -- new / open --------------------------------------------------------------------------
    def new_workspace(self) -> bool:
        if not self.maybe_save():
            return False
        self.window.set_document(Document.new())
        self.window.statusBar().showMessage("New workspace", 4000)
        return True

    def ask_open(self) -> bool:
        path = prompts.ask_open_path(self.window, self.window.settings.last_directory())
        return self.open_path(Path(path)) if path else False

    def open_path(self, path: Path) -> bool:
        """Open ``path`` (after asking about unsaved work); offers a newer autosave."""
        from vsm_desktop.store import WorkspaceFileError

        if not self.maybe_save():
            return False
        try:
            document = Document.open(path)
        except WorkspaceFileError as exc:
            prompts.show_error(self.window, "Cannot open workspace", str(exc))
            self.window.settings.remove_recent_file(path)
            return False
        recovery = find_recovery(path)
        if recovery is not None:
            if prompts.ask_recover(self.window, path.name, recovery.describe_time()):
                document.close()
                document.deleteLater()
                document = recovered_document(recovery)
            else:
                discard_snapshot(path, untitled=False)
        last_map = self.window.settings.last_map(path)
        if last_map is not None and last_map in document.workspace.maps:
            document.set_current_map(last_map)  # reopen where the user left off
        self.window.set_document(document)
        self._remember(path)
        self.window.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    def start_untitled(self, *, demo: bool = True) -> None:
        """First document of a session with no file: recovered unsaved work if there is some
        and the user wants it, else the demo workspace (or an empty one)."""
        recovery = self.window.autosaver.pending_untitled()
        if recovery is not None:
            if prompts.ask_recover(self.window, "Untitled", recovery.describe_time()):
                self.window.set_document(recovered_document(recovery))
                return
            discard_snapshot(self.window.autosaver.recovery_path, untitled=True)
        if demo:
            from vsm_desktop.model.demo import demo_workspace

            self.window.set_document(Document(demo_workspace()))
        else:
            self.window.set_document(Document.new())

    # -- save --------------------------------------------------------------------------------
    def save(self) -> bool:
        doc = self.document
        if doc.path is None:
            return self.save_as()
        return self._save_to(doc.path)

    def save_as(self) -> bool:
        doc = self.document
        suggested = (
            str(doc.path)
            if doc.path is not None
            else str(Path(self.window.settings.last_directory() or Path.home()) / "Untitled.vsm")
        )
        path = prompts.ask_save_path(self.window, suggested)
        return self._save_to(Path(path)) if path else False

    def _save_to(self, path: Path) -> bool:
        from vsm_desktop.store import WorkspaceFileError

        doc = self.document
        was_untitled = doc.path is None
        try:
            doc.save(path)
        except (WorkspaceFileError, OSError) as exc:
            prompts.show_error(self.window, "Cannot save workspace", str(exc))
            return False
        if was_untitled:
            # The untitled recovery snapshot is now safely in a real file.
            discard_snapshot(self.window.autosaver.recovery_path, untitled=True)
        self._remember(path)
        if doc.current_map_id:
            self.window.settings.set_last_map(path, doc.current_map_id)
        self.window.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    # -- export ------------------------------------------------------------------------------
    def export_map(self, kind: str) -> Path | None:
        """Export the current map as ``png``, ``svg`` or ``pdf`` through a file dialog."""
        from .canvas import export_image

        if kind not in ("png", "svg", "pdf"):
            raise ValueError(f"cannot export a map as {kind!r}; use png, svg or pdf")
        view = self.window.view
        value_map = self.document.current_map
        if view is None or value_map is None:
            return None
        directory = Path(self.window.settings.last_directory() or Path.home())
        path = prompts.ask_export_path(
            self.window, str(directory / f"{value_map.name}.{kind}"), kind
        )
        if not path:
            return None
        writers: dict[str, Callable[[Any, Path], Path]] = {
            "png": export_image.export_png,
            "svg": export_image.export_svg,
            "pdf": export_image.export_pdf,
        }
        writer = writers[kind]
        try:
            writer(view.scene(), Path(path))
        except OSError as exc:
            prompts.show_error(self.window, "Cannot export map", f"{path}: {exc}")
            return None
        self.window.statusBar().showMessage(f"Exported {path}", 4000)
        return Path(path)

    # -- recent files ------------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        settings = self.window.settings
        settings.add_recent_file(path)
        settings.set_last_directory(path.resolve().parent)

    def fill_recent_menu(self) -> None:
        menu = self.window.window_actions.recent_menu
        menu.clear()
        files = self.window.settings.recent_files()
        for index, file in enumerate(files, start=1):
            action = menu.addAction(f"&{index % 10}  {Path(file).name}")
            action.setToolTip(file)
            action.setStatusTip(file)
            action.triggered.connect(partial(self._open_recent, file))
        if not files:
            menu.addAction("No recent workspaces").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear Recent")
        clear.setEnabled(bool(files))
        clear.triggered.connect(self.window.settings.clear_recent_files)

    def _open_recent(self, file: str, _checked: bool = False) -> None:
        if not Path(file).exists():
            prompts.show_error(self.window, "Cannot open workspace", f"{file} no longer exists.")
            self.window.settings.remove_recent_file(file)
            return
        self.open_path(Path(file))


def recovered_document(recovery: Recovery) -> Document:
    """A document holding recovered work: its file path kept, marked as unsaved."""
    document = Document(recovery.workspace, recovery.path)
    # Recovered work is not on disk yet; the user must see the unsaved mark and be asked.
    document.undo_stack.resetClean()
    return document
