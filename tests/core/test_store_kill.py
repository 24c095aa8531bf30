"""A save killed at any moment leaves exactly the old or the new workspace, never a mix.

A subprocess saves a 20,000-stage workspace in a loop, alternating between two states and
between saving in place and replacing the file Save-As style; it is SIGKILLed at seeded random
moments, and after each kill the file must open as one of the two states.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_kill_save import big_workspace

from vsm_desktop.model import Workspace
from vsm_desktop.store import open_workspace, save_workspace, workspace_to_records

HELPER = Path(__file__).with_name("helpers_kill_save.py")
STAGES = 20_000
KILLS = 4


def _start(path: Path, other: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HELPER), str(path), str(other), str(STAGES)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _saving(path: Path, proc: subprocess.Popen[str]) -> bool:
    """True while a save by ``proc`` is half done: a rollback journal or its temporary file."""
    return (
        Path(f"{path}-journal").exists() or path.with_name(f"{path.name}.tmp-{proc.pid}").exists()
    )


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()
    assert proc.returncode == -signal.SIGKILL, "the saver stopped before it was killed"


@pytest.mark.slow
def test_killed_save_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    rng = random.Random(20261203)
    path = tmp_path / "big.vsm"
    other = tmp_path / "other.vsm"
    save_workspace(Workspace(), other)
    expected = {v: workspace_to_records(big_workspace(STAGES, v)) for v in "ab"}
    save_workspace(big_workspace(STAGES, "a"), path)
    interrupted = 0
    proc = _start(path, other)
    try:
        for kill in range(KILLS):
            _go(proc)
            if kill % 2:
                time.sleep(rng.uniform(0.05, 0.4))
            else:
                # wait for a save to be under way, then strike a little later: this is where a
                # non-atomic save would leave a broken or mixed file
                deadline = time.monotonic() + 10
                while not _saving(path, proc) and time.monotonic() < deadline:
                    time.sleep(0.001)
                time.sleep(rng.uniform(0.0, 0.03))
            _kill(proc)
            interrupted += _saving(path, proc)
            # start the next saver now; it waits for "go", its start-up overlapping this check
            proc = _start(path, other)

            records = workspace_to_records(open_workspace(path))
            variant = records["settings"].get("variant")
            assert variant in expected, f"settings of neither state: {records['settings']}"
            assert records == expected[variant], f"after kill {kill}: not exactly state {variant}"
    finally:
        _kill(proc)
    # at least one kill must have caught a save half way, or the test proved nothing
    assert interrupted >= 1
    # temporary files of killed savers are swept by later saves, not left to pile up
    assert len(list(tmp_path.glob("big.vsm.tmp-*"))) <= 1


_DIE_MID_SAVE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")  # spill changed pages into the file before commit
conn.execute("BEGIN")
conn.execute("DELETE FROM stages")
conn.execute("UPDATE maps SET name = 'half written'")
os._exit(0)  # die inside the transaction: the journal stays hot
"""


def test_replacing_a_file_with_a_hot_journal_is_not_spoiled_by_it(tmp_path: Path) -> None:
    path = tmp_path / "crashed.vsm"
    other = tmp_path / "other.vsm"
    save_workspace(big_workspace(2_000, "a"), path)
    save_workspace(Workspace(), other)
    subprocess.run([sys.executable, "-c", _DIE_MID_SAVE, str(path)], check=True)
    assert Path(f"{path}-journal").exists()

    new = big_workspace(200, "b")
    save_workspace(new, path, source=other)  # Save As over the crashed file

    assert not Path(f"{path}-journal").exists()
    assert workspace_to_records(open_workspace(path)) == workspace_to_records(new)
