"""Dockable panels of the main window: maps, properties, metrics, problems."""
