"""Colours of the canvas: light, dark and a high-contrast set for projectors.

The window switches palettes with ``MapView.set_palette``; items read the scene's palette when
they paint, so a switch is one repaint and no item keeps a colour of its own.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor

__all__ = ["DARK", "HIGH_CONTRAST", "LIGHT", "PALETTES", "Palette"]


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    grid: str
    box_fill: str
    box_border: str
    text: str
    muted_text: str
    cell_fill: str
    critical: str
    selection: str
    waste: str
    inventory_fill: str
    inventory_border: str
    arrow: str
    info_arrow: str
    rework: str
    note_fill: str
    note_border: str
    kaizen_fill: str
    kaizen_border: str
    kaizen_text: str
    timeline: str
    summary_fill: str
    lane_a: str
    lane_b: str
    error: str
    #: Header tints for teams, picked by a stable hash of the team name.
    team_tints: tuple[str, ...]
    line_width: float = 1.2

    def color(self, name: str) -> QColor:
        return QColor(_color(self, name))

    def team_color(self, team: str, index: int | None = None) -> QColor:
        """The tint of a team: by its ``index`` in the map when given (distinct colours for
        the first teams), else by a stable hash of the name."""
        if not team.strip():
            return QColor(self.cell_fill)
        if index is None:
            index = zlib.crc32(team.strip().casefold().encode())
        return QColor(self.team_tints[index % len(self.team_tints)])


@cache
def _color(palette: Palette, name: str) -> QColor:
    # Parsing "#rrggbb" for every item on every paint is measurable on big maps.
    return QColor(getattr(palette, name))


LIGHT = Palette(
    name="light",
    background="#f7f8fa",
    grid="#e6e9ef",
    box_fill="#ffffff",
    box_border="#5b6472",
    text="#1f2430",
    muted_text="#667085",
    cell_fill="#f2f4f7",
    critical="#e8590c",
    selection="#2f6fed",
    waste="#d92d20",
    inventory_fill="#fffaeb",
    inventory_border="#7a5c12",
    arrow="#344054",
    info_arrow="#667085",
    rework="#c11574",
    note_fill="#fff4b8",
    note_border="#d6b400",
    kaizen_fill="#ffe3e3",
    kaizen_border="#e03131",
    kaizen_text="#8a1c1c",
    timeline="#344054",
    summary_fill="#ffffff",
    lane_a="#eef2f8",
    lane_b="#f6f8fb",
    error="#d92d20",
    team_tints=(
        "#dbe8ff", "#d3f4e4", "#fde7cf", "#ecdcfb", "#d5f1f6",
        "#fbdce8", "#e8ecd0", "#e2e4ea",
    ),
)  # fmt: skip

DARK = Palette(
    name="dark",
    background="#1b1f27",
    grid="#262b35",
    box_fill="#262b36",
    box_border="#98a2b3",
    text="#eef1f6",
    muted_text="#a3acbb",
    cell_fill="#2f3542",
    critical="#ff922b",
    selection="#74a7ff",
    waste="#ff6b6b",
    inventory_fill="#8a6d1d",
    inventory_border="#f5c542",
    arrow="#d0d5dd",
    info_arrow="#98a2b3",
    rework="#f783ac",
    note_fill="#5c5326",
    note_border="#d6b400",
    kaizen_fill="#5a2a2f",
    kaizen_border="#ff6b6b",
    kaizen_text="#ffe3e3",
    timeline="#d0d5dd",
    summary_fill="#262b36",
    lane_a="#20252f",
    lane_b="#1e222b",
    error="#ff6b6b",
    team_tints=(
        "#2c4470", "#1f5240", "#5e4224", "#4a3466", "#1f4c57",
        "#5c2e44", "#4a4f2a", "#3a3f4b",
    ),
)  # fmt: skip

HIGH_CONTRAST = Palette(
    name="high-contrast",
    background="#ffffff",
    grid="#ffffff",
    box_fill="#ffffff",
    box_border="#000000",
    text="#000000",
    muted_text="#1a1a1a",
    cell_fill="#ffffff",
    critical="#d40000",
    selection="#0047ff",
    waste="#d40000",
    inventory_fill="#ffd500",
    inventory_border="#000000",
    arrow="#000000",
    info_arrow="#000000",
    rework="#a0006e",
    note_fill="#fff200",
    note_border="#000000",
    kaizen_fill="#ffffff",
    kaizen_border="#d40000",
    kaizen_text="#000000",
    timeline="#000000",
    summary_fill="#ffffff",
    lane_a="#f0f0f0",
    lane_b="#ffffff",
    error="#d40000",
    team_tints=("#ffffff",),
    line_width=2.2,
)

PALETTES: dict[str, Palette] = {p.name: p for p in (LIGHT, DARK, HIGH_CONTRAST)}
