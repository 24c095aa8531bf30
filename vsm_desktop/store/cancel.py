"""Progress reports and cancelling of long store work (imports), without Qt.

The GUI runs imports in a worker thread and passes a callback and a flag; both are plain
Python so the store and the importers stay testable without a QApplication.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

__all__ = ["CancelFlag", "ImportCancelled", "Progress", "check_cancel"]

#: Called with the share done so far, 0.0 to 1.0.
Progress = Callable[[float], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()``; a :class:`threading.Event` is the usual one."""

    def is_set(self) -> bool: ...


class ImportCancelled(Exception):
    """The user cancelled the import; nothing was written."""


def check_cancel(cancel: CancelFlag | None) -> None:
    """Raise :class:`ImportCancelled` when ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise ImportCancelled("import cancelled")
