"""A pyqtgraph scatter whose spots all look alike, handed 100,000 points in a few milliseconds.

pyqtgraph looks every spot's (symbol, size, pen, brush) up in its symbol atlas with a Python
key per spot: about 0.2 s of UI-thread time for the lead times of a million-event log. When no
spot has a style of its own, one look-up serves them all; the drawing is the same (tests
compare the pictures). Anything else, or a pyqtgraph whose insides differ, takes pyqtgraph's
own path.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg

__all__ = ["UniformScatter"]

#: What pyqtgraph stores in a spot's style columns to mean "the item's style".
_DEFAULTS = {"symbol": None, "size": -1, "pen": None, "brush": None}


class UniformScatter(pg.ScatterPlotItem):
    def updateSpots(self, dataSet: Any = None) -> None:
        if dataSet is None:
            dataSet = self.data
        try:
            fast = self.opts["pxMode"] and self.opts["useCache"] and not self.opts["hoverable"]
            mask = dataSet["sourceRect"]["w"] == 0
            fast = fast and bool(mask.any()) and self._uniform(dataSet, mask)
        except (AttributeError, KeyError, ValueError, IndexError):
            fast = False
        if not fast:
            super().updateSpots(dataSet)
            return
        style = tuple(self.opts[k] for k in ("symbol", "size", "pen", "brush"))
        dataSet["sourceRect"][mask] = self.fragmentAtlas[[style]][0]
        self._maybeRebuildAtlas()
        self._updateMaxSpotSizes(data=dataSet)
        self.invalidate()

    @staticmethod
    def _uniform(spots: np.ndarray, mask: np.ndarray) -> bool:
        """No spot of ``mask`` has a symbol, size, pen or brush of its own."""
        if not bool((spots["size"][mask] == _DEFAULTS["size"]).all()):
            return False
        return all(bool(np.equal(spots[k][mask], None).all()) for k in ("symbol", "pen", "brush"))
