"""The properties panel: an editor for the selected stage or handoff, or for the map."""

from .panel import PropertiesPanel

__all__ = ["PropertiesPanel"]
