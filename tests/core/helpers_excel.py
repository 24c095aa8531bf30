"""Shared by the workbook read-back tests: edit cells as a person would, and a snapshot of a
workspace that shows whether a refused workbook changed anything."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from vsm_desktop.analysis import analyze, metrics_json
from vsm_desktop.model import Workspace


def snapshot(ws: Workspace) -> str:
    """Every map's figures, calendar, demand and stages (id, name, times, position)."""
    return json.dumps(
        [
            [
                metrics_json(m, analyze(m)),
                [m.calendar.hours_per_day, m.calendar.days_per_week, m.demand_per_day],
                [(s.id, s.name, s.touch_s, s.wait_s, s.x) for s in m.stages.values()],
            ]
            for m in ws.maps.values()
        ],
        sort_keys=True,
        default=str,
    )


def edit(path: Path, cells: dict[str, object], sheet: str) -> None:
    """Set cells (``{"B5": "Intake"}``) of ``sheet`` and save, as an edit in Excel would."""
    book = openpyxl.load_workbook(path)
    for address, value in cells.items():
        book[sheet][address] = value
    book.save(path)
