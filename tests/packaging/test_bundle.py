"""The built bundle in dist/vsm-desktop/ works on its own: run by ./scripts/smoke_bundle.

These tests start the bundle's executables as a user would, with an environment that points at
no Python (no PYTHONPATH/PYTHONHOME, no virtualenv on PATH, a fresh HOME), headless through Qt's
offscreen platform. They are kept out of ``./scripts/test`` (see ``testpaths`` in
pyproject.toml) because they need a build first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from vsm_desktop import __version__

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(os.environ.get("VSM_BUNDLE_DIR", ROOT / "dist" / "vsm-desktop"))
EXE = ".exe" if sys.platform == "win32" else ""
APP = BUNDLE / f"vsm-desktop{EXE}"
CLI = BUNDLE / f"vsm{EXE}"
#: The windowed Windows executable has no stdout; the console one runs the same smoke code.
SMOKE = CLI if sys.platform == "win32" else APP
DEMO_MAPS = ("Feature delivery — current", "Feature delivery — target")


@pytest.fixture(scope="module", autouse=True)
def built() -> None:
    assert APP.is_file(), f"no bundle at {BUNDLE}: run ./scripts/build_bundle first"
    assert CLI.is_file(), f"{CLI} is missing from the bundle"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user's environment without any Python: only system folders on PATH, fresh HOME."""
    home = tmp_path / "home"
    home.mkdir()
    keep = {k: v for k, v in os.environ.items() if k in {"LANG", "LC_ALL", "TZ", "SYSTEMROOT"}}
    return {
        **keep,
        "PATH": os.pathsep.join(["/usr/bin", "/bin"]) if os.name != "nt" else os.environ["PATH"],
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def run(args: list[str | Path], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def sheet_names(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def test_both_executables_answer_version(env: dict[str, str], tmp_path: Path) -> None:
    app = run([APP, "--version"], env, tmp_path)
    assert app.returncode == 0, app.stderr
    assert app.stdout.strip() == f"VSM Desktop {__version__}"
    cli = run([CLI, "--version"], env, tmp_path)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.strip() == f"vsm {__version__}"
    via_flag = run([APP, "--cli", "--version"], env, tmp_path)
    assert via_flag.stdout.strip() == f"vsm {__version__}"


def test_app_opens_the_demo_and_exports_it_to_excel(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "demo export.xlsx"
    result = run([SMOKE, "--smoke", out], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke ok" in result.stdout
    # Every Python module came from inside the bundle, none from a Python on this machine.
    assert "modules outside the bundle: none" in result.stdout, result.stdout
    names = sheet_names(out)
    assert names[0] == "Summary"
    assert set(DEMO_MAPS) <= set(names), names
    book = openpyxl.load_workbook(out)
    try:
        pictures = sum(len(ws._images) for ws in book.worksheets)
        assert pictures == 2, "a picture of each map, drawn by the canvas, belongs in the workbook"
        assert book[DEMO_MAPS[0]].max_row > 10  # ten stages below the header
    finally:
        book.close()


def test_cli_makes_analyses_and_exports_a_workspace(env: dict[str, str], tmp_path: Path) -> None:
    workspace = tmp_path / "workshop.vsm"
    made = run([CLI, "demo", workspace], env, tmp_path)
    assert made.returncode == 0, made.stderr
    assert workspace.is_file()
    analysis = run([CLI, "analyze", workspace], env, tmp_path)
    assert analysis.returncode == 0, analysis.stderr
    assert "Idea intake" in analysis.stdout
    out = tmp_path / "cli.xlsx"
    exported = run([CLI, "export", workspace, "--xlsx", out], env, tmp_path)
    assert exported.returncode == 0, exported.stderr
    names = sheet_names(out)
    assert "Summary" in names and len(names) >= 3


def test_app_opens_a_workspace_file_given_on_the_command_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    workspace = tmp_path / "given.vsm"
    assert run([CLI, "demo", workspace], env, tmp_path).returncode == 0
    out = tmp_path / "given.xlsx"
    result = run([SMOKE, "--smoke", out, workspace], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 map(s) exported" in result.stdout
    assert out.is_file()


def test_bundle_carries_the_icon_and_the_qt_platforms(tmp_path: Path) -> None:
    internal = BUNDLE / "_internal"
    icons = internal / "vsm_desktop" / "resources" / "icons"
    assert sorted(p.name for p in icons.glob("*.png")) == sorted(
        f"vsm-desktop-{s}.png" for s in (16, 32, 48, 64, 128, 256)
    )
    platforms = {p.name.split(".")[0].removeprefix("lib") for p in internal.rglob("platforms/*")}
    if sys.platform.startswith("linux"):
        assert {"qxcb", "qwayland", "qoffscreen"} <= platforms
        assert "qeglfs" not in platforms and "qvnc" not in platforms
    assert not list(internal.rglob("tkinter")), "tkinter should be excluded"
    assert not list(internal.rglob("QtQml*")), "unused Qt modules should be excluded"
