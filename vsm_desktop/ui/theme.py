"""Application themes: light, dark and the high-contrast one used for presentation mode.

Each theme is a ``QPalette`` for the widgets plus the name of the canvas palette
(``ui/canvas/palette.py``) so the map and the chrome around it always match.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

LIGHT = "light"
DARK = "dark"
HIGH_CONTRAST = "high-contrast"


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    window: str
    base: str
    alternate: str
    text: str
    muted: str
    button: str
    highlight: str
    highlight_text: str
    accent: str
    error: str
    warning: str
    good: str
    border: str
    #: Background of checked tool buttons and soft highlights.
    subtle: str


THEMES: dict[str, Theme] = {
    LIGHT: Theme(
        name=LIGHT,
        window="#f3f4f6",
        base="#ffffff",
        alternate="#f7f8fa",
        text="#1f2933",
        muted="#616e7c",
        button="#eceef1",
        highlight="#2563eb",
        highlight_text="#ffffff",
        accent="#2563eb",
        error="#c81e1e",
        warning="#b45309",
        good="#047857",
        border="#d2d6dc",
        subtle="#dbe7fd",
    ),
    DARK: Theme(
        name=DARK,
        window="#1e2127",
        base="#16181d",
        alternate="#22252b",
        text="#e5e7eb",
        muted="#9aa5b1",
        button="#2a2e35",
        highlight="#3b82f6",
        highlight_text="#ffffff",
        accent="#60a5fa",
        error="#f87171",
        warning="#fbbf24",
        good="#34d399",
        border="#3a3f47",
        subtle="#1e3a5f",
    ),
    # Black on white like the canvas's high-contrast palette: what projectors in lit rooms
    # show best.
    HIGH_CONTRAST: Theme(
        name=HIGH_CONTRAST,
        window="#ffffff",
        base="#ffffff",
        alternate="#f0f0f0",
        text="#000000",
        muted="#1a1a1a",
        button="#f0f0f0",
        highlight="#0047ff",
        highlight_text="#ffffff",
        accent="#0047ff",
        error="#d40000",
        warning="#a04000",
        good="#006b2d",
        border="#000000",
        subtle="#e6edff",
    ),
}


def theme(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}") from None


def palette_for(name: str) -> QPalette:
    """The widget palette of theme ``name``."""
    t = theme(name)
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: t.window,
        QPalette.ColorRole.WindowText: t.text,
        QPalette.ColorRole.Base: t.base,
        QPalette.ColorRole.AlternateBase: t.alternate,
        QPalette.ColorRole.ToolTipBase: t.base,
        QPalette.ColorRole.ToolTipText: t.text,
        QPalette.ColorRole.PlaceholderText: t.muted,
        QPalette.ColorRole.Text: t.text,
        QPalette.ColorRole.Button: t.button,
        QPalette.ColorRole.ButtonText: t.text,
        QPalette.ColorRole.BrightText: t.error,
        QPalette.ColorRole.Highlight: t.highlight,
        QPalette.ColorRole.HighlightedText: t.highlight_text,
        QPalette.ColorRole.Link: t.accent,
        QPalette.ColorRole.Light: t.base,
        QPalette.ColorRole.Midlight: t.alternate,
        QPalette.ColorRole.Mid: t.border,
        QPalette.ColorRole.Dark: t.border,
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    disabled = QColor(t.muted)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def _stylesheet(t: Theme) -> str:
    # Only what a palette cannot express: dock title bars, splitter handles and tool bar spacing.
    return f"""
QMainWindow::separator {{ background: {t.border}; width: 1px; height: 1px; }}
QDockWidget {{ font-weight: 600; }}
QDockWidget::title {{
    background: {t.window}; padding: 6px 8px; border-bottom: 1px solid {t.border};
}}
QToolBar {{ spacing: 4px; padding: 3px; border-bottom: 1px solid {t.border}; }}
QToolBar QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: {t.button}; }}
QToolBar QToolButton:checked {{
    background: {t.subtle}; color: {t.accent}; border: 1px solid {t.accent};
}}
QListWidget, QTreeWidget, QTableWidget {{ border: 1px solid {t.border}; border-radius: 4px; }}
QStatusBar {{ color: {t.muted}; }}
"""


def apply_theme(app: QApplication, name: str) -> Theme:
    """Switch the whole application to theme ``name`` (Fusion style for identical look
    across platforms, so screenshots and projectors show the same thing)."""
    t = theme(name)
    if app.property("vsm_theme") == name:
        # Re-applying a style sheet re-polishes every widget of the app: skip when unchanged.
        return t
    if app.style().objectName().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette_for(name))
    app.setStyleSheet(_stylesheet(t))
    app.setProperty("vsm_theme", name)
    return t


def current_theme(app: QApplication | None = None) -> Theme:
    app = app or QApplication.instance()  # type: ignore[assignment]
    name = app.property("vsm_theme") if app is not None else None
    return THEMES.get(str(name), THEMES[LIGHT])
