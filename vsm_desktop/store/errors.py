"""Errors the workspace store raises."""

from __future__ import annotations


class WorkspaceFileError(Exception):
    """A workspace file could not be read or written; the message names the file and why."""


class RecordsError(ValueError):
    """Plain workspace records (autosave, clipboard) are malformed; the message says where."""
