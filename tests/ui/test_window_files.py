"""Files and settings of the main window: save and reopen, unsaved-change prompts, autosave and
crash recovery, recent files and window geometry kept in (private) settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers_window import Answers
from PySide6.QtCore import QSettings

from vsm_desktop.model import EditCommand
from vsm_desktop.store import read_autosave, save_workspace, workspace_to_records
from vsm_desktop.ui.dialogs.prompts import UnsavedChoice
from vsm_desktop.ui.main_window import MainWindow
from vsm_desktop.ui.settings import MAX_RECENT, AppSettings

H = 3600.0


def rename_first_stage(window: MainWindow, name: str) -> str:
    doc = window.document
    stage = next(iter(doc.current_map.stages.values()))
    doc.push(EditCommand("stage", doc.current_map_id, stage.id, {"name": name}))
    return stage.id


def test_save_reopen_same_map(
    tmp_path: Path, window: MainWindow, make_window: Callable, answers: Answers
) -> None:
    path = tmp_path / "workshop.vsm"
    answers.save_path = str(path)
    rename_first_stage(window, "Intake (renamed)")
    window.maps_panel.list.setCurrentRow(1)
    assert window.save()  # untitled: asks for a path
    assert path.exists() and not window.isWindowModified()
    assert window.document.path == path
    assert window.windowTitle().startswith("workshop.vsm")
    saved = workspace_to_records(window.document.workspace)

    other = make_window(demo=False)
    assert other.open_path(path)
    assert workspace_to_records(other.document.workspace) == saved
    # Reopened on the map that was on screen (the target), with its figures.
    assert other.document.current_map_id == window.document.current_map_id
    assert other.document.current_map.name == "Feature delivery — target"
    assert other.metrics_panel.value_text("lead_time") == "4w 4.8d"  # 198 h
    assert not other.document.is_modified
    assert other.settings.recent_files()[0] == str(path.resolve())


def test_close_with_unsaved_changes_cancel_keeps_window(
    qtbot, window: MainWindow, answers: Answers
) -> None:
    rename_first_stage(window, "Changed")
    answers.unsaved = UnsavedChoice.CANCEL
    assert not window.close()
    assert window.isVisible()
    assert answers.asked == ["unsaved:Untitled"]
    assert window.document.current_map.stage_named("Changed") is not None


def test_close_discard_and_save_choices(
    tmp_path: Path, make_window: Callable, answers: Answers
) -> None:
    discarded = make_window()
    discarded.show()
    rename_first_stage(discarded, "Changed")
    answers.unsaved = UnsavedChoice.DISCARD
    assert discarded.close()

    saved = make_window()
    saved.show()
    rename_first_stage(saved, "Kept")
    answers.unsaved = UnsavedChoice.SAVE
    answers.save_path = str(tmp_path / "kept.vsm")
    assert saved.close()
    from vsm_desktop.store import open_workspace

    reopened = open_workspace(tmp_path / "kept.vsm")
    assert any(m.stage_named("Kept") for m in reopened.maps.values())


def test_save_cancelled_in_dialog_keeps_window_open(window: MainWindow, answers: Answers) -> None:
    rename_first_stage(window, "Changed")
    answers.unsaved = UnsavedChoice.SAVE
    answers.save_path = None  # the user closes the file dialog
    assert not window.close()
    assert window.isVisible() and window.document.is_modified


def test_open_asks_before_dropping_changes(
    tmp_path: Path, window: MainWindow, answers: Answers
) -> None:
    other = tmp_path / "other.vsm"
    from vsm_desktop.model.demo import demo_workspace

    save_workspace(demo_workspace(), other)
    rename_first_stage(window, "Changed")
    answers.unsaved = UnsavedChoice.CANCEL
    assert not window.open_path(other)
    assert window.document.path is None
    answers.unsaved = UnsavedChoice.DISCARD
    assert window.open_path(other)
    assert window.document.path == other


def test_open_damaged_file_reports_and_keeps_document(
    tmp_path: Path, window: MainWindow, answers: Answers
) -> None:
    bad = tmp_path / "bad.vsm"
    bad.write_text("this is not a workspace")
    before = window.document
    assert not window.open_path(bad)
    assert window.document is before
    assert answers.errors and str(bad) in answers.errors[0]


def test_autosave_and_recovery_after_crash(
    tmp_path: Path, make_window: Callable, answers: Answers
) -> None:
    path = tmp_path / "crash.vsm"
    first = make_window()
    answers.save_path = str(path)
    assert first.save()
    stage_id = rename_first_stage(first, "Typed just before the crash")
    assert first.autosaver.autosave_now() == path
    snapshot = read_autosave(path)
    assert snapshot is not None
    expected = workspace_to_records(first.document.workspace)
    # Simulated crash: the window goes away without saving; the file still has the old name.
    first.document.undo_stack.setClean()

    answers.recover = True
    second = make_window(demo=False)
    assert second.open_path(path)
    assert answers.asked[-1] == "recover:crash.vsm"
    assert workspace_to_records(second.document.workspace) == expected
    assert second.document.current_map.stages[stage_id].name == "Typed just before the crash"
    assert second.document.is_modified and second.isWindowModified()
    assert second.document.path == path
    assert second.save()  # saving clears the snapshot
    assert read_autosave(path) is None


def test_declined_recovery_discards_snapshot(
    tmp_path: Path, make_window: Callable, answers: Answers
) -> None:
    path = tmp_path / "declined.vsm"
    first = make_window()
    answers.save_path = str(path)
    first.save()
    rename_first_stage(first, "Never saved")
    first.autosaver.autosave_now()
    first.document.undo_stack.setClean()
    answers.recover = False
    second = make_window(demo=False)
    assert second.open_path(path)
    assert second.document.current_map.stage_named("Never saved") is None
    assert read_autosave(path) is None


def test_untitled_work_is_recovered_from_app_data(
    tmp_path: Path, make_window: Callable, answers: Answers
) -> None:
    first = make_window()
    rename_first_stage(first, "Untitled work")
    written = first.autosaver.autosave_now()
    assert written == tmp_path / "recovery" / "untitled-recovery.vsm"
    first.document.undo_stack.setClean()  # crash: nothing asked, nothing saved

    second = make_window()  # starts untitled: finds the snapshot and offers it
    assert "recover:Untitled" in answers.asked
    assert second.document.path is None
    assert second.document.current_map.stage_named("Untitled work") is not None
    assert second.document.is_modified


def test_autosave_skips_unmodified_and_runs_on_timer(
    qtbot, tmp_path: Path, make_window: Callable, answers: Answers
) -> None:
    window = make_window(autosave_s=1)
    assert window.autosaver.timer.isActive() and window.autosaver.interval_s() == 1
    assert window.autosaver.autosave_now() is None  # nothing changed, nothing written
    rename_first_stage(window, "On the timer")
    with qtbot.waitSignal(window.autosaver.saved, timeout=3000) as blocker:
        pass
    assert blocker.args[0] == tmp_path / "recovery" / "untitled-recovery.vsm"
    assert window.status_autosave.text().startswith("Autosaved")


def test_settings_round_trip_geometry_and_recent(
    tmp_path: Path, settings_path: Path, make_window: Callable
) -> None:
    first = make_window()
    first.show()
    first.resize(760, 700)  # within the 800 x 800 offscreen screen
    first.dock("Problems").hide()
    first.save_layout()

    second = make_window()
    second.show()
    assert (second.width(), second.height()) == (760, 700)
    assert not second.dock("Problems").isVisible()
    assert second.dock("Maps").isVisible()

    settings = AppSettings.at(settings_path)
    files = [tmp_path / f"w{i}.vsm" for i in range(MAX_RECENT + 2)]
    for file in files:
        settings.add_recent_file(file)
    settings.add_recent_file(files[3])  # reopened: moves to the top, listed once
    recent = AppSettings.at(settings_path).recent_files()
    assert recent[0] == str(files[3].resolve())
    assert len(recent) == MAX_RECENT and len(set(recent)) == MAX_RECENT
    assert recent[1] == str(files[-1].resolve())
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).contains("files/recent")


def test_recent_menu_lists_files(tmp_path: Path, window: MainWindow, answers: Answers) -> None:
    path = tmp_path / "recent.vsm"
    answers.save_path = str(path)
    window.save()
    window.file_ops.fill_recent_menu()
    texts = [a.text() for a in window.window_actions.recent_menu.actions()]
    assert any("recent.vsm" in t for t in texts)


def test_export_map_as_png_svg_pdf(tmp_path: Path, window: MainWindow, answers: Answers) -> None:
    heads = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF"}
    for kind, head in heads.items():
        answers.export_path = str(tmp_path / f"map.{kind}")
        written = window.export_map(kind)
        assert written == tmp_path / f"map.{kind}"
        assert written.read_bytes().startswith(head), kind
    answers.export_path = None  # dialog cancelled: nothing written, nothing raised
    assert window.export_map("png") is None


def test_launch_starts_the_gui_on_a_file_and_paints(tmp_path: Path) -> None:
    """``python -m vsm_desktop.launch WS.vsm`` as a real process, quitting after first paint."""
    import os
    import subprocess
    import sys

    from vsm_desktop.model.demo import demo_workspace

    path = tmp_path / "launch.vsm"
    save_workspace(demo_workspace(), path)
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        VSM_STARTUP_PROBE="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the user's settings stay untouched
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "vsm_desktop.launch", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "startup-probe first-paint" in done.stdout
    assert "Traceback" not in done.stderr
    recent = AppSettings(
        QSettings(
            str(tmp_path / "config" / "VSM Desktop" / "VSM Desktop.conf"),
            QSettings.Format.IniFormat,
        )
    ).recent_files()
    assert recent == [str(path.resolve())]


def test_snapshot_of_undone_work_is_not_offered_after_a_clean_close(
    tmp_path: Path, make_window: Callable, answers: Answers
) -> None:
    first = make_window()
    rename_first_stage(first, "Tried and undone")
    assert first.autosaver.autosave_now() is not None
    first.document.undo()  # back to the state as opened: nothing to save
    assert not first.document.is_modified
    assert first.close()
    assert answers.asked == []  # nothing unsaved, nothing asked
    make_window()
    assert not any(a.startswith("recover:") for a in answers.asked)


def test_autosave_interval_from_file_menu_is_kept(
    window: MainWindow, make_window: Callable
) -> None:
    file_menu = window.menu("File")
    autosave = next(a.menu() for a in file_menu.actions() if a.menu() and "utosave" in a.text())
    every_5_min = next(a for a in autosave.actions() if a.data() == 300)
    every_5_min.trigger()
    assert window.autosaver.timer.isActive() and window.autosaver.interval_s() == 300
    assert window.settings.autosave_interval_s() == 300
    other = make_window(autosave_s=None)
    assert other.autosaver.interval_s() == 300
    off = next(a for a in autosave.actions() if a.data() == 0)
    off.trigger()
    assert not window.autosaver.timer.isActive()


def test_dropping_a_workspace_file_opens_it(
    tmp_path: Path, window: MainWindow, answers: Answers
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from vsm_desktop.model.demo import demo_workspace

    def drop(file: Path) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(file))])
        event = QDropEvent(
            QPointF(50, 50),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        window.dropEvent(event)  # QApplication does not deliver a drop without a real drag

    path = tmp_path / "dropped.vsm"
    save_workspace(demo_workspace(), path)
    drop(tmp_path / "notes.txt")
    assert window.document.path is None  # not a workspace: ignored
    drop(path)
    assert window.document.path == path


def test_new_asks_before_dropping_changes(window: MainWindow, answers: Answers) -> None:
    before = window.document
    rename_first_stage(window, "Changed")
    answers.unsaved = UnsavedChoice.CANCEL
    window.window_actions.new.trigger()
    assert window.document is before
    answers.unsaved = UnsavedChoice.DISCARD
    window.window_actions.new.trigger()
    assert window.document is not before
    assert [m.name for m in window.document.workspace.maps.values()] == ["Current state"]
    assert not window.isWindowModified()
