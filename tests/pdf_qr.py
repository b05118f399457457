"""Reading the QR codes of a generated PDF the way a phone would: each page rasterised by pdftoppm, then read by
zbarimg (Debian's zbar-tools, installed by scripts/setup-system.sh). Only the bottom margin of each page is read,
so a code found there is one the print base put in the page margin (docs/rules.md §10.5)."""

import subprocess
import tempfile
from pathlib import Path

DPI = 150
# A4 at 150 dpi is 1240 × 1754 pixels; the bottom margin (24 mm, templates/pdf/base.html) is the last 141 of them.
A4_PIXELS = (1240, 1754)
BOTTOM_MARGIN_PIXELS = 141


def qr_codes_per_page(content: bytes) -> list[list[str]]:
    """The QR codes read in the bottom margin of each page of the PDF, page by page."""
    width, height = A4_PIXELS
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(content)
        crop = ["-x", "0", "-y", str(height - BOTTOM_MARGIN_PIXELS), "-W", str(width), "-H", str(BOTTOM_MARGIN_PIXELS)]
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), *crop, str(pdf), f"{folder}/page"], check=True)
        pages = []
        # pdftoppm pads page numbers to the same width, so the names sort in page order.
        for image in sorted(Path(folder).glob("page-*.png")):
            result = subprocess.run(
                ["zbarimg", "--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable", str(image)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode in (0, 4), result.stderr  # 4: no code found on this page
            pages.append(result.stdout.split())
        return pages
