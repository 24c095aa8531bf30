"""Pure analysis of maps on NetworkX snapshots; results are frozen and shared (no Qt)."""

from .compare import Comparison, Delta, FieldChange, compare_maps, match_stages
from .graph import MapGraph, build_graph
from .metrics import analyze, critical_path
from .report import comparison_json, metrics_json
from .results import MapMetrics, Problem, ReworkLoop, ReworkResult, WasteEntry
from .validation import validate

__all__ = [
    "Comparison",
    "Delta",
    "FieldChange",
    "MapGraph",
    "MapMetrics",
    "Problem",
    "ReworkLoop",
    "ReworkResult",
    "WasteEntry",
    "analyze",
    "build_graph",
    "compare_maps",
    "comparison_json",
    "critical_path",
    "match_stages",
    "metrics_json",
    "validate",
]
