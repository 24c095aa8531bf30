"""Opening a schema-0 file: a backup first, then an upgrade in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers_store import make_v0_file, table_counts, v0_expected

from vsm_desktop.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    WorkspaceFileError,
    open_workspace,
    save_workspace,
    workspace_to_records,
)


def _version(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        conn.close()


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    finally:
        conn.close()


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_registry_reaches_the_current_version_in_order() -> None:
    versions = [(m.from_version, m.to_version) for m in MIGRATIONS]
    assert versions == [(v, v + 1) for v in range(SCHEMA_VERSION)]


def test_v0_file_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.vsm"
    make_v0_file(path)
    original = _dump(path)

    loaded = open_workspace(path)

    assert workspace_to_records(loaded) == workspace_to_records(v0_expected())
    assert list(loaded.maps["m0"].stages) == ["b", "a"]
    backup = tmp_path / "old.vsm.bak-v0"
    assert _dump(backup) == original
    assert _version(backup) == "0"
    assert _version(path) == str(SCHEMA_VERSION)
    assert "hooks" in _columns(path, "stages") and "sources" in _columns(path, "stages")
    counts = table_counts(path)
    for table in ("autosave", "imports", "events", "incidents", "deploys", "features"):
        assert counts[table] == 0
    assert loaded.maps["m0"].stages["a"].hooks == {}

    # the upgraded file behaves like any current one
    loaded.maps["m0"].stages["a"].hooks = {"start": ["Doing"]}
    save_workspace(loaded, path)
    again = open_workspace(path)
    assert again.maps["m0"].stages["a"].hooks == {"start": ["Doing"]}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.vsm", "old.vsm.bak-v0"]


def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "clash.vsm"
    make_v0_file(path)
    # a stray table of the name the migration wants to create makes it fail half way
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE deploys (x TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceFileError, match="upgrading from schema 0 failed") as info:
        open_workspace(path)
    assert "the file is unchanged" in str(info.value)
    assert _version(path) == "0"
    assert "hooks" not in _columns(path, "stages")
    assert path.read_bytes() == before
    assert (tmp_path / "clash.vsm.bak-v0").exists()
