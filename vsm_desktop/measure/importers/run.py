"""One call from a file to a stored import: parse, decide about bad rows, write.

``on_error="abort"`` (the default) raises :class:`ImportProblems` listing every bad row and
writes nothing; ``"skip"`` stores the good rows and counts the bad ones in ``imports.skipped``.
A cancel or any error leaves the workspace as it was.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..problems import CancelFlag, ImportFileError, ImportProblems, Progress, RowProblem
from ..timestamps import DateOrder, NumericKind
from . import ParseResult, read_events
from .outcomes import OUTCOME_KINDS, read_outcomes

__all__ = ["ImportSummary", "OnError", "import_file", "store_parsed"]

OnError = Literal["abort", "skip"]
#: Share of the progress bar for reading the file; the rest is writing.
_READ_SHARE = 0.6


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored."""

    import_id: int
    kind: str
    format: str
    source: str
    rows: int
    skipped: int
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _scaled(progress: Progress | None, lo: float, hi: float) -> Progress | None:
    if progress is None:
        return None
    return lambda share: progress(lo + (hi - lo) * min(max(share, 0.0), 1.0))


def import_file(
    workspace: str | os.PathLike[str],
    file: str | os.PathLike[str],
    *,
    kind: str = "events",
    format: str | None = None,
    sheet: str | None = None,
    columns: Mapping[str, str] | str | None = None,
    tz: str | None = None,
    date_order: DateOrder | None = None,
    numeric: NumericKind = "auto",
    map_id: str | None = None,
    on_error: OnError = "abort",
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ImportSummary:
    """Read ``file`` and store it in ``workspace`` (an existing ``.vsm`` file) as one import.

    ``kind`` is ``events`` (event logs and status histories) or an outcome kind
    (``incidents``, ``deploys``, ``features``).
    """
    reading = _scaled(progress, 0.0, _READ_SHARE)
    parsed: ParseResult[Any]
    if kind == "events":
        parsed = read_events(
            file,
            format,
            sheet=sheet,
            columns=columns,
            tz=tz,
            date_order=date_order,
            numeric=numeric,
            progress=reading,
            cancel=cancel,
        )
    elif kind in OUTCOME_KINDS:
        parsed = read_outcomes(
            file,
            kind,
            format,
            sheet=sheet,
            columns=columns,
            tz=tz,
            date_order=date_order,
            progress=reading,
            cancel=cancel,
        )
    else:
        raise ImportFileError(f"unknown import kind {kind!r}; use events or {OUTCOME_KINDS}")
    return store_parsed(
        workspace,
        parsed,
        kind=kind,
        map_id=map_id,
        on_error=on_error,
        progress=_scaled(progress, _READ_SHARE, 1.0),
        cancel=cancel,
    )


def store_parsed(
    workspace: str | os.PathLike[str],
    parsed: ParseResult[Any],
    *,
    kind: str = "events",
    map_id: str | None = None,
    on_error: OnError = "abort",
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ImportSummary:
    """Store an already parsed file (e.g. after the user saw its problems in a dialog)."""
    from vsm_desktop.store import measurements as store

    if on_error not in ("abort", "skip"):
        raise ValueError(f"on_error must be 'abort' or 'skip', not {on_error!r}")
    if parsed.problems and on_error == "abort":
        raise ImportProblems(parsed.source, parsed.problems)
    if len(parsed.table) == 0:
        if parsed.problems:
            raise ImportProblems(parsed.source, parsed.problems)
        raise ImportFileError(f"{parsed.source}: the file has no data rows")
    skipped = parsed.bad_rows
    options = dict(parsed.options)
    if parsed.notes:
        options["notes"] = parsed.notes
    common: dict[str, Any] = {
        "format": parsed.format,
        "source": parsed.source,
        "options": options,
        "skipped": skipped,
        "progress": progress,
        "cancel": cancel,
    }
    if kind == "events":
        import_id = store.import_events(workspace, parsed.table, map_id=map_id, **common)
    elif kind == "incidents":
        import_id = store.import_incidents(workspace, parsed.table, **common)
    elif kind == "deploys":
        import_id = store.import_deploys(workspace, parsed.table, **common)
    else:
        import_id = store.import_features(workspace, parsed.table, **common)
    return ImportSummary(
        import_id=import_id,
        kind=kind,
        format=parsed.format,
        source=parsed.source,
        rows=len(parsed.table),
        skipped=skipped,
        problems=list(parsed.problems),
        notes=list(parsed.notes),
    )
