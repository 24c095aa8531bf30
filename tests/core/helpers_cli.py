"""Running the ``vsm`` command line in-process for the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from vsm_desktop.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """``vsm ARGS``: exit status, stdout and stderr; an error must never show a traceback."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err
