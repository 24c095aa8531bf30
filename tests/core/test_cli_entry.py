"""The installed console script ``vsm`` and ``python -m vsm_desktop.launch``, as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vsm_desktop import __version__
from vsm_desktop.launch import show_in_terminal

H = 3600.0
VSM = Path(sys.executable).parent / "vsm"


def test_console_script_runs_demo_and_analyze(tmp_path: Path) -> None:
    assert VSM.exists(), f"{VSM} missing: install the project (pip install -e .)"
    version = subprocess.run([VSM, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"vsm {__version__}"
    ws = tmp_path / "demo.vsm"
    subprocess.run([VSM, "demo", ws], capture_output=True, text=True, check=True)
    done = subprocess.run([VSM, "analyze", ws, "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    current, target = json.loads(done.stdout)
    # Hand-figured in tests/core/test_demo.py: 793 h and 198 h of working time.
    assert current["lead_time_s"] == pytest.approx(793 * H)
    assert target["lead_time_s"] == pytest.approx(198 * H)
    missing = subprocess.run([VSM, "maps", tmp_path / "none.vsm"], capture_output=True, text=True)
    assert missing.returncode == 1
    assert "no such workspace file" in missing.stderr and "Traceback" not in missing.stderr


def test_launch_shows_the_demo_in_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert show_in_terminal([]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "data" / "vsm-desktop" / "demo.vsm").exists()
    assert "Feature delivery — target" in out
    assert "Critical path" in out
    written = (tmp_path / "data" / "vsm-desktop" / "demo.vsm").stat().st_mtime_ns
    assert show_in_terminal([]) == 0  # the demo is written once, never overwritten
    assert (tmp_path / "data" / "vsm-desktop" / "demo.vsm").stat().st_mtime_ns == written


def test_launch_shows_a_given_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "d.vsm"
    subprocess.run([VSM, "demo", ws], capture_output=True, check=True)
    assert show_in_terminal([str(ws)]) == 0
    assert "Feature delivery — current" in capsys.readouterr().out
    assert show_in_terminal([str(tmp_path / "none.vsm")]) == 1
