"""Entry point of the PyInstaller bundle (both executables run this script).

* ``vsm-desktop [WS.vsm] [--demo] [--version] ...`` starts the desktop app.
* ``vsm ARGS`` (the second executable in the same folder) and ``vsm-desktop --cli ARGS`` run the
  command-line tool, e.g. ``vsm export WS.vsm --xlsx OUT.xlsx``.
* ``vsm-desktop --smoke OUT.xlsx [WS.vsm]`` (or ``vsm --smoke ...``) is the bundle's self-test:
  it starts the real window (headless under ``QT_QPA_PLATFORM=offscreen``) on the demo
  workspace or ``WS.vsm``, waits for the first paint, runs the app's own Export to Excel on
  every map, and exits 0 when the workbook was written. ``scripts/smoke_bundle`` runs
  it.

It also runs from a source checkout (``python packaging/entry.py --smoke out.xlsx``), which is
how the smoke path is checked before a bundle exists.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

#: Executable names that mean "run the command-line tool".
CLI_NAMES = frozenset({"vsm", "vsm-cli"})


def wants_cli(executable: str, argv: Sequence[str]) -> tuple[bool, list[str]]:
    """Whether this launch is a CLI launch, and the arguments to hand on."""
    args = list(argv)
    if args[:1] == ["--cli"]:
        return True, args[1:]
    return Path(executable).stem.lower() in CLI_NAMES, args


def foreign_files() -> list[str] | None:
    """Python modules and shared libraries loaded from outside the bundle (system libraries in
    /lib and /usr/lib aside); ``None`` when not running from a bundle."""
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return None
    root = Path(base).resolve()
    found = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        # Relative names are PyInstaller's and shiboken's embedded bootstrap code.
        if file and Path(file).is_absolute() and not Path(file).resolve().is_relative_to(root):
            found.add(file)
    maps = Path("/proc/self/maps")
    if maps.exists():
        system = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/share/")
        for line in maps.read_text().splitlines():
            path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
            outside = not path.startswith(system) and not Path(path).resolve().is_relative_to(root)
            if ".so" in path and outside:
                found.add(path)
    return sorted(found)


def smoke(out: Path, workspace: Path | None) -> int:
    """Open the window, wait for its first paint, export to ``out``; 0 when the file is there."""
    import time

    from PySide6.QtCore import QTimer

    from vsm_desktop.ui.app import create_window, make_application
    from vsm_desktop.ui.settings import AppSettings
    from vsm_desktop.ui.startup_probe import on_first_paint

    started = time.perf_counter()
    app = make_application()
    # A throw-away settings file: a smoke run must neither read nor change the user's settings.
    scratch = out.with_suffix(".smoke-settings.ini")
    window = create_window(workspace, demo=True, settings=AppSettings.at(scratch))
    result: dict[str, object] = {}

    def export() -> None:
        """File > Export to Excel… without its two questions: every map, to ``out``. Runs the
        app's own export (pictures drawn on the UI thread, workbook written in the pool)."""
        from vsm_desktop.ui.excel import excel_feature

        try:
            exporter = excel_feature(window).exporter
            exporter.done.connect(finish)
            exporter.start(list(window.document.workspace.maps), out)
        except Exception as exc:  # reported below; the smoke run must end, not hang
            result["error"] = f"{type(exc).__name__}: {exc}"
            finish("failed")

    def finish(outcome: str) -> None:
        if outcome != "exported":
            result.setdefault("error", f"the Excel export {outcome}")
        result["maps"] = len(window.document.workspace.maps)
        window.document.undo_stack.setClean()  # nothing to save: closing must not ask
        window.close()
        app.quit()

    def painted() -> None:
        result["painted"] = time.perf_counter() - started
        QTimer.singleShot(0, export)

    on_first_paint(window, painted)
    # Never hang a build: give up after a minute without a first paint.
    QTimer.singleShot(60_000, lambda: (result.setdefault("error", "no paint in 60 s"), app.quit()))
    window.show()
    app.exec()
    scratch.unlink(missing_ok=True)
    if "error" in result:
        print(f"vsm-desktop --smoke: {result['error']}", file=sys.stderr)
        return 1
    if not out.is_file():
        print(f"vsm-desktop --smoke: {out} was not written", file=sys.stderr)
        return 1
    print(
        f"smoke ok: first paint {result['painted']:.2f} s, {result['maps']} map(s) exported "
        f"to {out} ({out.stat().st_size} bytes)"
    )
    foreign = foreign_files()
    if foreign is None:
        print("modules outside the bundle: not checked (not running from a bundle)")
    else:
        print(f"modules outside the bundle: {', '.join(foreign) if foreign else 'none'}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # --smoke first, from either executable: on Windows only the console one (vsm.exe) can
    # print the result, the windowed vsm-desktop.exe has no stdout.
    if args[:1] == ["--smoke"]:
        if len(args) not in (2, 3):
            print("usage: vsm-desktop --smoke OUT.xlsx [WS.vsm]", file=sys.stderr)
            return 2
        return smoke(Path(args[1]).resolve(), Path(args[2]) if len(args) == 3 else None)
    cli, args = wants_cli(sys.executable, args)
    if cli:
        from vsm_desktop.cli.main import main as vsm

        return vsm(args)
    from vsm_desktop.ui.app import main as app_main

    return int(app_main(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
