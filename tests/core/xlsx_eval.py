"""Work out the formulas of a workbook for tests, with a real spreadsheet engine or a peer library.

- :func:`recalc_libreoffice` opens the workbook in LibreOffice headless and saves it again as
  .xlsx: LibreOffice calculates every formula that has no cached value (openpyxl writes none),
  so reading the result with ``data_only=True`` gives the engine's numbers.
- :func:`evaluate` uses the ``formulas`` package (a dev dependency), an independent Python
  implementation of Excel's functions, where LibreOffice is not installed.

Both return a :class:`Values` lookup: ``values["Summary", "D5"]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import openpyxl


class Values:
    def __init__(self, cells: dict[tuple[str, str], Any]) -> None:
        self._cells = cells

    def __getitem__(self, key: tuple[str, str]) -> Any:
        sheet, cell = key
        return self._cells.get((sheet.upper(), cell.upper()))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalc_libreoffice(path: Path, outdir: Path) -> Values:
    """Open ``path`` in LibreOffice, save it as .xlsx in ``outdir`` and read the values."""
    binary = soffice()
    assert binary is not None, "LibreOffice is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    # A private profile: parallel runs (and a person's own LibreOffice) do not clash.
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(outdir),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": profile},
        )
    result = outdir / (path.stem + ".xlsx")
    assert result.exists(), f"LibreOffice wrote no {result}"
    return read_values(result)


def read_values(path: Path) -> Values:
    """The cached values of a workbook saved by a spreadsheet program."""
    book = openpyxl.load_workbook(path, data_only=True)
    cells: dict[tuple[str, str], Any] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells[(sheet.title.upper(), cell.coordinate)] = cell.value
    return Values(cells)


def evaluate(path: Path) -> Values:
    """Every cell of ``path`` worked out by the ``formulas`` package."""
    import formulas
    import numpy as np

    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    cells: dict[tuple[str, str], Any] = {}
    prefix = f"'[{path.name.upper()}]"
    for key, value in solution.items():
        name = str(key)
        if not name.upper().startswith(prefix) or ":" in name:
            continue
        sheet, _, cell = name[len(prefix) :].rpartition("'!")
        raw = getattr(value, "value", value)
        item = np.asarray(raw).ravel()[0] if np.ndim(raw) else raw
        if isinstance(item, np.generic):
            item = item.item()
        if type(item).__name__ in {"XlError"} or str(item) == "empty":
            item = None if str(item) == "empty" else str(item)
        cells[(sheet.upper(), cell.upper())] = item
    return Values(cells)
