"""Big workspaces for the store's kill test and a subprocess that saves them in a loop.

Run as a script: ``python helpers_kill_save.py <file> <other-file> <stages>``. It builds both
states, prints ``ready``, waits for a line on stdin (so the test can start it while it checks
the previous kill) and then saves B, A, B, ... until killed, now in place and now Save-As-style,
replacing the file from ``<other-file>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vsm_desktop.model import (
    Calendar,
    Handoff,
    HandoffKind,
    MapRole,
    Note,
    Stage,
    ValueMap,
    Workspace,
)


def big_workspace(stages: int, variant: str) -> Workspace:
    """A workspace of two maps whose every row differs between variants ``"a"`` and ``"b"``.

    The variants also differ in row counts, so a mix of the two could not pass for either.
    """
    count = stages if variant == "a" else stages - stages // 10
    factor = 1.0 if variant == "a" else 2.0
    ws = Workspace(settings={"variant": variant})
    for m in range(2):
        value_map = ValueMap(
            name=f"{variant}-map-{m}",
            role=MapRole.CURRENT if m == 0 else MapRole.TARGET,
            calendar=Calendar(8.0, 5.0) if variant == "a" else Calendar(7.5, 4.0),
            id=f"{variant}m{m}",
        )
        ids = []
        for i in range(count // 2):
            stage = Stage(
                name=f"{variant} stage {i}",
                team=f"team {i % 7}",
                touch_s=i * factor,
                wait_s=i * 3.0 * factor,
                fields={"batch": str(i)},
                hooks={"start": [f"{variant}-s{i}"]},
                x=float(i),
                y=float(m),
                id=f"{variant}{m}s{i}",
            )
            value_map.stages[stage.id] = stage
            ids.append(stage.id)
        for i in range(len(ids) - 1):
            handoff = Handoff(ids[i], ids[i + 1], HandoffKind.PULL, id=f"{variant}{m}h{i}")
            value_map.handoffs[handoff.id] = handoff
        note = Note(f"{variant} note", x=1.0, id=f"{variant}{m}n")
        value_map.notes[note.id] = note
        ws.maps[value_map.id] = value_map
    return ws


def main() -> None:
    from vsm_desktop.store import save_workspace

    path, other, stages = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    states = [big_workspace(stages, "a"), big_workspace(stages, "b")]
    print("ready", flush=True)
    sys.stdin.readline()
    turn = 1
    while True:
        source = other if turn % 4 == 3 else path
        save_workspace(states[turn % 2], path, source=source)
        turn += 1


if __name__ == "__main__":
    main()
