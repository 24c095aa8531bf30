"""The user's application settings (window layout, recent files, theme, snap, autosave).

A thin typed layer over ``QSettings`` so the rest of the UI never spells a key twice and tests
can point the whole app at a throw-away ini file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "VSM Desktop"
APPLICATION = "VSM Desktop"
MAX_RECENT = 10
DEFAULT_AUTOSAVE_S = 60
THEMES = ("light", "dark")


class AppSettings:
    """Typed access to the user's settings.

    Without an argument the platform's native store for ``VSM Desktop/VSM Desktop`` is used; pass
    ``AppSettings.at(path)`` (an ini file) in tests so the user's settings are never touched.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    @classmethod
    def at(cls, path: str | Path) -> AppSettings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def qsettings(self) -> QSettings:
        return self._q

    def sync(self) -> None:
        self._q.sync()

    # -- window ------------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, data: QByteArray) -> None:
        self._q.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, data: QByteArray) -> None:
        self._q.setValue("window/state", data)

    # -- recent files ------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self._q.value("files/recent", [])
        if isinstance(value, str):  # QSettings folds a one-item list into a plain string
            value = [value]
        if not isinstance(value, list | tuple):
            return []
        return [str(v) for v in value if v]

    def add_recent_file(self, path: str | Path) -> list[str]:
        """Put ``path`` first (once) and keep at most :data:`MAX_RECENT`; returns the list."""
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        files = files[:MAX_RECENT]
        self._q.setValue("files/recent", files)
        return files

    def remove_recent_file(self, path: str | Path) -> list[str]:
        text = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != text]
        self._q.setValue("files/recent", files)
        return files

    def clear_recent_files(self) -> None:
        self._q.setValue("files/recent", [])

    def last_directory(self) -> str:
        return str(self._q.value("files/last_directory", "") or "")

    def set_last_directory(self, path: str | Path) -> None:
        self._q.setValue("files/last_directory", str(path))

    def last_map(self, path: str | Path) -> str | None:
        """The map the user last looked at in the workspace at ``path``."""
        value = self._q.value(f"last_map/{_path_key(path)}")
        return str(value) if value else None

    def set_last_map(self, path: str | Path, map_id: str) -> None:
        self._q.setValue(f"last_map/{_path_key(path)}", map_id)

    # -- view --------------------------------------------------------------------------------
    def theme(self) -> str:
        value = str(self._q.value("view/theme", "light"))
        return value if value in THEMES else "light"

    def set_theme(self, name: str) -> None:
        if name not in THEMES:
            raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}")
        self._q.setValue("view/theme", name)

    def snap(self) -> bool:
        return self._bool("view/snap", True)

    def set_snap(self, on: bool) -> None:
        self._q.setValue("view/snap", bool(on))

    def waste_coloring(self) -> bool:
        return self._bool("view/waste_coloring", True)

    def set_waste_coloring(self, on: bool) -> None:
        self._q.setValue("view/waste_coloring", bool(on))

    # -- autosave ----------------------------------------------------------------------------
    def autosave_interval_s(self) -> int:
        """Seconds between autosaves; 0 turns autosave off."""
        try:
            value = int(str(self._q.value("autosave/interval_s", DEFAULT_AUTOSAVE_S)))
        except (TypeError, ValueError):
            return DEFAULT_AUTOSAVE_S
        return max(0, value)

    def set_autosave_interval_s(self, seconds: int) -> None:
        if seconds < 0:
            raise ValueError(f"autosave interval must be 0 (off) or more seconds, not {seconds}")
        self._q.setValue("autosave/interval_s", int(seconds))

    # -- helpers -----------------------------------------------------------------------------
    def _bytes(self, key: str) -> QByteArray | None:
        value = self._q.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None

    def _bool(self, key: str, default: bool) -> bool:
        value = self._q.value(key, default)
        # Ini files give booleans back as the strings "true"/"false".
        if isinstance(value, str):
            return value.strip().lower() in {"true", "1", "yes", "on"}
        return bool(value)


def _path_key(path: str | Path) -> str:
    # QSettings keys treat "/" and "\\" as group separators: key files by a digest of the path.
    return hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
