"""The map as a picture for slides and reports: PNG, SVG and PDF, plus PNG bytes for the Excel
export. Selection marks, hover handles and the snap grid are left out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from .scene import MapScene

__all__ = [
    "content_rect",
    "export_pdf",
    "export_png",
    "export_svg",
    "render_image",
    "render_png_bytes",
]

MARGIN = 30.0
MAX_PIXELS = 12000  # longest side of a PNG; larger maps are scaled down to fit


def content_rect(scene: MapScene) -> QRectF:
    rect = scene.visible_rect()
    if rect.isEmpty():
        rect = QRectF(0, 0, 200, 100)
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


@contextmanager
def _exporting(scene: MapScene) -> Iterator[None]:
    """Paint without selection marks and without item caches: a cached item would reach an
    SVG or PDF as a bitmap instead of vector shapes and text."""
    scene.exporting = True
    cached = [item for item in scene.items() if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    modes = [item.cacheMode() for item in cached]
    for item in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        scene.exporting = False
        for item, mode in zip(cached, modes, strict=True):
            item.setCacheMode(mode)


def render_image(scene: MapScene, scale: float = 2.0, source: QRectF | None = None) -> QImage:
    """The map (or ``source`` of it) rendered to an image, ``scale`` pixels per scene unit."""
    rect = source if source is not None else content_rect(scene)
    longest = max(rect.width(), rect.height()) * scale
    if longest > MAX_PIXELS:
        scale *= MAX_PIXELS / longest
    size = QSize(max(1, round(rect.width() * scale)), max(1, round(rect.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(1.0)
    image.fill(scene.palette.color("background"))
    with _exporting(scene):
        painter = QPainter(image)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        scene.render(
            painter,
            QRectF(0, 0, size.width(), size.height()),
            rect,
            Qt.AspectRatioMode.IgnoreAspectRatio,
        )
        painter.end()
    return image


def export_png(scene: MapScene, path: Path | str, scale: float = 2.0) -> Path:
    path = Path(path)
    if not render_image(scene, scale).save(str(path), "PNG"):
        raise OSError(f"could not write the PNG image {path}")
    return path


def render_png_bytes(scene: MapScene, scale: float = 2.0) -> bytes:
    """The map as PNG bytes (for embedding, e.g. in the Excel workbook)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    render_image(scene, scale).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def export_svg(scene: MapScene, path: Path | str, title: str = "") -> Path:
    path = Path(path)
    rect = content_rect(scene)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(rect.width()), round(rect.height())))
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle(title or _title(scene))
    generator.setDescription("Value-stream map exported by VSM Desktop")
    with _exporting(scene):
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"could not write the SVG file {path}")
        painter.fillRect(
            QRectF(0, 0, rect.width(), rect.height()), scene.palette.color("background")
        )
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
    return path


def export_pdf(scene: MapScene, path: Path | str, title: str = "") -> Path:
    """One landscape page sized to the map's proportions, vector content."""
    path = Path(path)
    rect = content_rect(scene)
    writer = QPdfWriter(str(path))
    writer.setTitle(title or _title(scene))
    writer.setCreator("VSM Desktop")
    writer.setResolution(300)
    width_mm = 297.0
    height_mm = max(40.0, width_mm * rect.height() / rect.width())
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    with _exporting(scene):
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"could not write the PDF file {path}")
        target = QRectF(painter.viewport())
        painter.fillRect(target, scene.palette.color("background"))
        scene.render(painter, target, rect)
        painter.end()
    return path


def _title(scene: MapScene) -> str:
    return scene.value_map.name if scene.map_id is not None else "Value-stream map"
