"""Files shipped inside the package (the app icon), found the same way from a source checkout,
an installed wheel and the PyInstaller bundle (which keeps the package's data files beside its
modules, see ``packaging/vsm-desktop.spec``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent / "icons"


def icon_files() -> list[Path]:
    """The app icon's PNG files, smallest first; rendered by ``packaging/render_icons.py``."""
    files = sorted(ICON_DIR.glob("vsm-desktop-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return files


def app_icon() -> QIcon:
    """The window and task-bar icon, one pixmap per size so Qt never has to scale one up."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon


def brand_application(app: object) -> None:
    """Give ``app`` (a ``QGuiApplication``) its icon and the name of its ``.desktop`` entry, so
    Linux docks group the window under VSM Desktop instead of "python"."""
    from PySide6.QtGui import QGuiApplication

    if isinstance(app, QGuiApplication):
        app.setWindowIcon(app_icon())
        app.setDesktopFileName("vsm-desktop")
