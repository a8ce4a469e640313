"""DejaVu Sans, shipped with the package (licence in LICENSE) so PDFs print every script."""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
DEJAVU_SANS = FONT_DIR / "DejaVuSans.ttf"
DEJAVU_SANS_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
