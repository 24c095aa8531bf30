"""Pictures of a map for slides and the Excel export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from vsm_desktop.ui.canvas.export_image import (
    content_rect,
    export_pdf,
    export_png,
    export_svg,
    render_png_bytes,
)
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.document import Document


def _scene(document: Document) -> MapScene:
    scene = MapScene(document)
    scene.set_map(document.current_map_id)
    return scene


def test_png_file_and_bytes(document: Document, tmp_path: Path) -> None:
    scene = _scene(document)
    rect = content_rect(scene)
    path = export_png(scene, tmp_path / "map.png", scale=2.0)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (round(rect.width() * 2), round(rect.height() * 2))
    data = render_png_bytes(scene, scale=1.0)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    decoded = QImage.fromData(data)
    assert (decoded.width(), decoded.height()) == (round(rect.width()), round(rect.height()))


def test_export_leaves_out_the_selection(document: Document) -> None:
    scene = _scene(document)
    before = render_png_bytes(scene, scale=1.0)
    scene.item_for_stage["s-build"].setSelected(True)
    assert render_png_bytes(scene, scale=1.0) == before


def test_svg_is_vector_with_the_stage_names(document: Document, tmp_path: Path) -> None:
    scene = _scene(document)
    path = export_svg(scene, tmp_path / "map.svg")
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "<title>Release flow</title>" in text
    for name in ("Idea", "Build", "Test", "Release"):
        assert f">{name}<" in text  # text stays text, searchable on a slide


def test_pdf_is_one_page(document: Document, tmp_path: Path) -> None:
    scene = _scene(document)
    path = export_pdf(scene, tmp_path / "map.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert (
        data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1
    )
    assert b"/Count 1" in data
