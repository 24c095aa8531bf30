"""``vsm compare``: a current map against its target, metric by metric and stage by stage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .common import (
    EXIT_INVALID,
    EXIT_OK,
    duration,
    find_map,
    open_ws,
    percent,
    render_table,
)

# (key in each map's object, key in "delta", label). Keys ending in _s are durations, _pct
# percentages, others counts.
FIGURES = (
    ("lead_time_s", "lead_time_s", "Lead time"),
    ("process_time_s", "process_time_s", "Process time"),
    ("work_content_s", "work_content_s", "Work content"),
    ("flow_efficiency_pct", "flow_efficiency_pct", "Flow efficiency"),
    ("rolled_pca_pct", "rolled_pca_pct", "Rolled %C&A"),
    ("rework_adjusted_lead_time_s", "rework_adjusted_lead_time_s", "Rework-adjusted LT"),
    ("handoffs", "handoffs", "Handoffs"),
    ("cross_team_handoffs", "cross_team_handoffs", "Cross-team handoffs"),
    ("rework_handoffs", "rework_handoffs", "Rework handoffs"),
    ("stages", "stage_count", "Stages"),
    ("takt_s", "takt_s", "Takt time"),
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "compare",
        help="compare two maps (current vs target) side by side",
        description=(
            "Every metric of CURRENT and TARGET with absolute and relative change; stages "
            "matched by explicit link, else by name, listed as added, removed or changed."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("current", metavar="CURRENT", help="name of the current map")
    parser.add_argument("target", metavar="TARGET", help="name of the target map")
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from vsm_desktop.analysis import compare_maps, comparison_json

    path: Path = args.workspace
    workspace = open_ws(path)
    current = find_map(workspace, args.current, path)
    target = find_map(workspace, args.target, path)
    comparison = compare_maps(current, target)
    pairs = ((current, comparison.current), (target, comparison.target))
    invalid = [m.name for m, metrics in pairs if not metrics.valid]
    data: dict[str, Any] = comparison_json(current, target, comparison)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(report(data, current.calendar, current.name, target.name))
    for name in invalid:
        print(f"vsm compare: {path}: map {name!r} is invalid; see 'vsm analyze'", file=sys.stderr)
    return EXIT_INVALID if invalid else EXIT_OK


def _value(key: str, value: Any, calendar: Any) -> str:
    if value is None:
        return "–"
    if key.endswith("_s"):
        return duration(value, calendar)
    if key.endswith("_pct"):
        return percent(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _change(key: str, delta: dict[str, Any] | None, calendar: Any) -> tuple[str, str]:
    if not delta or delta.get("abs") is None:
        return "–", "–"
    absolute = delta["abs"]
    if key.endswith("_s"):
        sign = "-" if absolute < 0 else "+"
        text = sign + duration(abs(absolute), calendar)
    elif key.endswith("_pct"):
        text = f"{absolute:+.1f} pts"
    else:
        text = f"{absolute:+g}"
    pct = delta.get("pct")
    return text, "–" if pct is None else f"{pct:+.1f}%"


def report(data: dict[str, Any], calendar: Any, current_name: str, target_name: str) -> str:
    """Side-by-side figures in the current map's calendar, then the stage differences."""
    cur, tgt, delta = data.get("current", {}), data.get("target", {}), data.get("delta", {})
    rows = []
    for key, delta_key, label in FIGURES:
        change, pct = _change(key, delta.get(delta_key), calendar)
        before, after = _value(key, cur.get(key), calendar), _value(key, tgt.get(key), calendar)
        rows.append([label, before, after, change, pct])
    lines = [
        f"Compare {current_name!r} → {target_name!r}",
        "",
        render_table(["Figure", current_name, target_name, "Change", "Change %"], rows, "1234"),
    ]
    stages = data.get("stages", {})
    for key, title in (("added", "Added stages"), ("removed", "Removed stages")):
        names = [s if isinstance(s, str) else str(s.get("stage", s)) for s in stages.get(key, [])]
        lines += ["", f"{title}: {', '.join(names) if names else 'none'}"]
    changed = stages.get("changed", [])
    if changed:
        lines += ["", "Changed stages"]
        rows = [
            [
                str(c.get("stage")),
                str(c.get("field")),
                _field(c, "from", calendar),
                _field(c, "to", calendar),
            ]
            for c in changed
        ]
        lines.append(render_table(["Stage", "Field", "From", "To"], rows))
    return "\n".join(lines)


def _field(change: dict[str, Any], which: str, calendar: Any) -> str:
    value = change.get(which)
    if value is None:
        return "–"
    if str(change.get("field", "")).endswith("_s") and isinstance(value, int | float):
        return duration(value, calendar)
    return f"{value:g}" if isinstance(value, float) else str(value)
