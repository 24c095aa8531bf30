"""Render the app icon's PNG sizes from its SVG source, with Qt's SVG renderer offscreen.

Usage: ``.venv/bin/python packaging/render_icons.py`` (run from anywhere). Writes
``resources/icons/vsm-desktop-<size>.png`` for the Linux icon theme and the installers, copies the
sizes the window needs at run time into the package (``vsm_desktop/resources/icons/``), and
writes ``resources/icons/vsm-desktop.ico`` for the Windows executable.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "vsm-desktop.svg"
OUT = ROOT / "resources" / "icons"
PACKAGE_ICONS = ROOT / "vsm_desktop" / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)
#: What the running app loads for its window icon (the larger ones only matter to installers).
RUNTIME_SIZES = (16, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 32, 48, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write_ico(pngs: list[Path], target: Path) -> None:
    """A Windows .ico holding PNG-compressed images (valid since Windows Vista)."""
    import struct

    blobs = [p.read_bytes() for p in pngs]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = len(header) + 16 * len(blobs)
    entries = b""
    for path, blob in zip(pngs, blobs, strict=True):
        size = int(path.stem.rsplit("-", 1)[1])
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    target.write_bytes(header + entries + b"".join(blobs))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render_icons: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    PACKAGE_ICONS.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in SIZES:
        path = OUT / f"vsm-desktop-{size}.png"
        if not render(renderer, size).save(str(path), "PNG"):
            print(f"render_icons: could not write {path}", file=sys.stderr)
            return 1
        written[size] = path
        if size in RUNTIME_SIZES:
            shutil.copyfile(path, PACKAGE_ICONS / path.name)
        print(f"wrote {path.relative_to(ROOT)}")
    write_ico([written[s] for s in ICO_SIZES], OUT / "vsm-desktop.ico")
    print(f"wrote {(OUT / 'vsm-desktop.ico').relative_to(ROOT)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
