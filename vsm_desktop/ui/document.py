"""The open workspace as the UI sees it: model, file path, undo history and cached metrics.

:class:`Document` is the one bridge between the Qt-free model and the widgets. The model's
plain-Python change events come out as the Qt signal :attr:`Document.changed`; every edit goes
in through :meth:`Document.push`; metrics are computed once per change of a map and shared by the
canvas, the panels and the export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from vsm_desktop.model import Change, Command, MacroCommand, ValueMap, Workspace

from .undo import QtCommand

if TYPE_CHECKING:
    from vsm_desktop.analysis.results import MapMetrics

__all__ = ["Document"]

#: Stage fields that do not enter any metric; edits of only these keep the cached metrics.
_LAYOUT_ONLY = frozenset({"x", "y"})


class Document(QObject):
    """An open workspace.

    Signals:
      * ``changed(Change)`` — every real model change, as the model reported it;
      * ``metrics_changed(str)`` — a map's metrics are stale; call :meth:`metrics` for the new
        ones. Emitted once per map after a whole command (or undo/redo step) is done;
      * ``current_map_changed(str)`` — the map the user looks at; ``""`` when there is none;
      * ``path_changed(object)`` — the file path (``Path`` or ``None``) after save/save-as;
      * ``modified_changed(bool)`` — unsaved changes appeared or went away.
    """

    changed = Signal(object)
    metrics_changed = Signal(str)
    current_map_changed = Signal(str)
    path_changed = Signal(object)
    modified_changed = Signal(bool)

    def __init__(
        self,
        workspace: Workspace | None = None,
        path: Path | str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace if workspace is not None else Workspace()
        self.path: Path | None = Path(path) if path is not None else None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._metrics: dict[str, MapMetrics] = {}
        self._depth = 0  # >0 while a command (or undo/redo step) runs
        self._dirty: set[str] = set()  # maps whose metrics went stale during that run
        self._macros: list[MacroCommand] = []
        self.current_map_id: str | None = next(iter(self.workspace.maps), None)
        self._unsubscribe = self.workspace.subscribe(self._on_change)

    # -- construction ----------------------------------------------------------------------------
    @classmethod
    def new(cls, name: str = "Current state", parent: QObject | None = None) -> Document:
        """A new unsaved workspace holding one empty map (no undo history)."""
        workspace = Workspace()
        value_map = ValueMap(name)
        workspace.maps[value_map.id] = value_map
        return cls(workspace, None, parent)

    @classmethod
    def open(cls, path: Path | str, parent: QObject | None = None) -> Document:
        """Load a workspace file into a fresh document with an empty history.

        Raises ``WorkspaceFileError`` (from the store) naming the file and what is wrong.
        """
        from vsm_desktop.store import open_workspace

        return cls(open_workspace(Path(path)), Path(path), parent)

    def save(self, path: Path | str | None = None) -> Path:
        """Write the workspace to ``path`` (or the current path) and mark the history clean."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("this workspace has never been saved; give a file path")
        from vsm_desktop.store import save_workspace

        save_workspace(self.workspace, target)
        self.undo_stack.setClean()
        if target != self.path:
            self.path = target
            self.path_changed.emit(target)
        return target

    def close(self) -> None:
        """Stop listening to the workspace (the window calls this before dropping a document)."""
        self._unsubscribe()
        # A dirty QUndoStack emits cleanChanged while it is destroyed, after this object's
        # Python side is gone; silence it so dropping a modified document raises nothing.
        self.undo_stack.blockSignals(True)

    # -- state -----------------------------------------------------------------------------------
    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def current_map(self) -> ValueMap | None:
        if self.current_map_id is None:
            return None
        return self.workspace.maps.get(self.current_map_id)

    def set_current_map(self, map_id: str | None) -> None:
        if map_id is not None and map_id not in self.workspace.maps:
            raise KeyError(f"no map with id {map_id!r} in this workspace")
        if map_id == self.current_map_id:
            return
        self.current_map_id = map_id
        self.current_map_changed.emit(map_id or "")

    # -- editing ---------------------------------------------------------------------------------
    def push(self, command: Command) -> None:
        """Apply ``command`` and record it as one undo step (or as part of an open macro).

        The only way to change the workspace. A command the model refuses raises here (e.g.
        ``ValueError``) and is not recorded.
        """
        self._run(command.apply)
        if self._macros:
            self._macros[-1].children.append(command)
            return
        self.undo_stack.push(QtCommand(self, command, applied=True))

    @contextmanager
    def macro(self, label: str) -> Iterator[None]:
        """Group every :meth:`push` in the block into one undo step; all or nothing."""
        group = MacroCommand(label)
        self._macros.append(group)
        self._depth += 1
        try:
            yield
        except BaseException:
            self._macros.pop()
            for child in reversed(group.children):
                child.revert(self.workspace)
            raise
        finally:
            self._depth -= 1
            self._flush()
        self._macros.pop()
        if not group.children:
            return
        if self._macros:
            self._macros[-1].children.append(group)
        else:
            self.undo_stack.push(QtCommand(self, group, applied=True))

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def _run(self, step: Callable[[Workspace], None]) -> None:
        """Run one apply/revert, then announce stale metrics once per touched map."""
        self._depth += 1
        try:
            step(self.workspace)
        finally:
            self._depth -= 1
            self._flush()

    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    # -- metrics ---------------------------------------------------------------------------------
    def metrics(self, map_id: str) -> MapMetrics:
        """The metrics of a map, computed on first use after each change and then cached."""
        cached = self._metrics.get(map_id)
        if cached is None:
            from vsm_desktop.analysis import analyze

            cached = analyze(self.workspace.map(map_id))
            self._metrics[map_id] = cached
        return cached

    # -- model events ----------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if change.what == "map" and change.action == "removed":
            self._metrics.pop(change.map_id, None)
            if change.map_id == self.current_map_id:
                self.set_current_map(next(iter(self.workspace.maps), None))
        elif change.what == "map" and change.action == "added" and self.current_map_id is None:
            self.set_current_map(change.map_id)
        self.changed.emit(change)
        if _affects_metrics(change):
            self._metrics.pop(change.map_id, None)
            self._dirty.add(change.map_id)
            if self._depth == 0:
                self._flush()

    def _flush(self) -> None:
        if self._depth:
            return
        dirty, self._dirty = self._dirty, set()
        for map_id in dirty:
            if map_id in self.workspace.maps:
                self.metrics_changed.emit(map_id)


def _affects_metrics(change: Change) -> bool:
    if change.what == "note":
        return False
    if change.what == "map" and change.action == "removed":
        return False
    return not (
        change.what == "stage" and change.action == "changed" and change.fields <= _LAYOUT_ONLY
    )
