"""Connections of a panel to the current document, dropped as one when the document changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, SignalInstance


class Connections:
    """Remembers the connections a panel makes to a document so ``clear`` undoes them all
    (a panel must never hear a closed document)."""

    def __init__(self) -> None:
        self._items: list[QMetaObject.Connection] = []

    def connect(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        self._items.append(signal.connect(slot))

    def clear(self) -> None:
        for connection in self._items:
            QObject.disconnect(connection)
        self._items.clear()
