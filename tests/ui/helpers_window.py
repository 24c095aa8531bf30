"""Fixtures for main-window tests: private settings, a private recovery folder, prompts that
answer instead of blocking, and windows that are always closed and deleted afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from vsm_desktop.ui.dialogs import prompts
from vsm_desktop.ui.main_window import MainWindow
from vsm_desktop.ui.settings import AppSettings


class Answers:
    """What the patched prompts reply, and a log of what was asked."""

    def __init__(self) -> None:
        self.unsaved = prompts.UnsavedChoice.CANCEL
        self.recover = True
        self.save_path: str | None = None
        self.open_path: str | None = None
        self.export_path: str | None = None
        self.text: str | None = None
        self.asked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture(name="answers")
def answers_fixture(monkeypatch: pytest.MonkeyPatch) -> Answers:
    replies = Answers()

    def unsaved(_parent: object, name: str) -> prompts.UnsavedChoice:
        replies.asked.append(f"unsaved:{name}")
        return replies.unsaved

    def recover(_parent: object, name: str, _when: str) -> bool:
        replies.asked.append(f"recover:{name}")
        return replies.recover

    def error(_parent: object, title: str, text: str) -> None:
        replies.errors.append(f"{title}: {text}")

    monkeypatch.setattr(prompts, "ask_unsaved_changes", unsaved)
    monkeypatch.setattr(prompts, "ask_recover", recover)
    monkeypatch.setattr(prompts, "ask_save_path", lambda *_a: replies.save_path)
    monkeypatch.setattr(prompts, "ask_open_path", lambda *_a: replies.open_path)
    monkeypatch.setattr(prompts, "ask_export_path", lambda *_a: replies.export_path)
    monkeypatch.setattr(prompts, "ask_text", lambda *_a: replies.text)
    monkeypatch.setattr(prompts, "show_error", error)
    return replies


@pytest.fixture(name="settings_path")
def settings_path_fixture(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture(name="make_window")
def make_window_fixture(
    qtbot: object, tmp_path: Path, settings_path: Path, answers: Answers
) -> Iterator[Callable[..., MainWindow]]:
    """Build windows on private settings; every one is closed (discarding changes) at the end."""
    made: list[MainWindow] = []

    def make(*, demo: bool = True, autosave_s: int | None = 0) -> MainWindow:
        """``autosave_s=None`` takes the interval from the settings, as the app does."""
        window = MainWindow(
            settings=AppSettings.at(settings_path),
            recovery_dir=tmp_path / "recovery",
            autosave_s=autosave_s,
        )
        window.file_ops.start_untitled(demo=demo)
        made.append(window)
        return window

    yield make
    answers.unsaved = prompts.UnsavedChoice.DISCARD
    for window in made:
        if window.presentation.active:
            window.presentation.leave()
        window.close()
        window.deleteLater()
    # Delete now, not "later": leftover windows would slow every following test down.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(name="window")
def window_fixture(make_window: Callable[..., MainWindow], qtbot: object) -> MainWindow:
    win = make_window()
    win.show()
    qtbot.waitExposed(win)  # type: ignore[attr-defined]
    return win
