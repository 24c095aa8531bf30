"""The in-memory tables of imported measurements: :class:`EventTable` (events of work items)
and the outcome tables. Defined in :mod:`vsm_desktop.store.event_tables` (the store loads them
and may not depend on this layer); this is the name the measure code and the UI use."""

from vsm_desktop.store.event_tables import (
    DeployTable,
    EventTable,
    FeatureTable,
    IncidentTable,
    encode_into,
    encode_labels,
    labels_of,
)

__all__ = [
    "DeployTable",
    "EventTable",
    "FeatureTable",
    "IncidentTable",
    "encode_into",
    "encode_labels",
    "labels_of",
]
