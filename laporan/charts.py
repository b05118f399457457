"""Charts of the dashboard as geometry for server-rendered SVG (no JavaScript, no chart library): it prints, and each
chart stands beside the same numbers in words. Pure functions."""

from dataclasses import dataclass

from laporan.dashboard import Sel

LEBAR = 600  # the viewBox width of a bar chart; the bar scales with the page


@dataclass(frozen=True)
class Segmen:
    """One category's part of a 100 % stacked bar; the geometry as SVG numbers (a dot, whatever the locale)."""

    x: str
    lebar: str
    warna: str
    label: str
    jumlah: int
    persen: int


def stacked(sels: list[Sel], lebar: int = LEBAR) -> list[Segmen]:
    """The parts of a 100 % bar, left to right in the section's order; an empty category takes no room, and an
    empty section gives no parts (the template then draws the empty frame)."""
    total = sum(s.jumlah for s in sels)
    if not total:
        return []
    parts, x = [], 0.0
    for s in sels:
        if s.jumlah:
            w = lebar * s.jumlah / total
            parts.append(Segmen(f"{x:.2f}", f"{w:.2f}", s.kategori.warna, s.kategori.label, s.jumlah, s.persen))
            x += w
    return parts
