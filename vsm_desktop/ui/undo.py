"""The thin adapter that feeds plain-Python :class:`Command` objects to a ``QUndoStack``.

Commands stay Qt-free (they are tested with :class:`~vsm_desktop.model.CommandStack`); Qt only
brings the clean state, undo/redo actions and their labels. :class:`QtCommand` maps
``merge_key()``/``merge()`` onto ``QUndoCommand.id()``/``mergeWith()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from vsm_desktop.model import Command

if TYPE_CHECKING:
    from .document import Document

__all__ = ["QtCommand", "macro", "merge_id"]


def merge_id(command: Command) -> int:
    """A non-negative int for ``QUndoCommand.id()``; -1 when the command never merges.

    A hash collision between different keys is harmless: ``mergeWith`` asks the command itself,
    which compares the full keys and refuses.
    """
    key = command.merge_key()
    if key is None:
        return -1
    return hash(key) & 0x3FFFFFFF


class QtCommand(QUndoCommand):
    """One undo step wrapping a :class:`Command`.

    :meth:`Document.push` applies the command itself before pushing (so a refused command raises
    in the caller instead of inside a C++ callback, and never reaches the stack); the first
    ``redo()`` that ``QUndoStack.push`` makes is therefore skipped.
    """

    def __init__(self, document: Document, command: Command, *, applied: bool = True) -> None:
        super().__init__(command.label or "Edit")
        self.document = document
        self.command = command
        self._skip_redo = applied

    def id(self) -> int:
        return merge_id(self.command)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.document._run(self.command.apply)

    def undo(self) -> None:
        self.document._run(self.command.revert)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, QtCommand):
            return False
        merged = self.command.merge(other.command)
        if merged:
            self.setText(self.command.label or self.text())
        return merged


@contextmanager
def macro(document: Document, label: str) -> Iterator[None]:
    """Group every :meth:`Document.push` inside the block into one undo step.

    The block is all or nothing: if it raises, the commands it already applied are reverted
    and nothing reaches the undo stack. Equivalent to ``document.macro(label)``.
    """
    with document.macro(label):
        yield
