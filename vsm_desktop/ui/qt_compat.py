"""Work-arounds for defects of the Qt binding, applied once when ``vsm_desktop.ui`` loads.

PySide6 6.12.0 on CPython 3.11 returns ``None`` from every void C++ method without adding a
reference (it relies on ``None`` being immortal, which it is only from CPython 3.12, PEP 683).
Each such call (``QPainter.setPen``, ``QPainterPath.lineTo``, ``QObject.setObjectName`` ...)
takes one reference away from ``None``; after a few thousand calls the interpreter aborts with
"Fatal Python error: none_dealloc". Painting one big map makes ~100,000 such calls.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["protect_none"]

_HEADROOM = 1 << 48  # far more void calls than any session makes


def protect_none() -> None:
    """Give ``None`` enough spare references that lost ones can never free it (CPython < 3.12
    only; from 3.12 ``None`` is immortal and this does nothing)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    # ob_refcnt is the first field of every object in a release build of CPython 3.11.
    # True and False too: a bool emitted from Python (``signal.emit(True)``) also loses one.
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
