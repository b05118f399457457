"""What the print templates of every app share: how long a text is on paper, to decide what WeasyPrint may keep
on one page."""

from math import ceil

# WeasyPrint fails (an assertion in its page layout) on a row or row group marked `break-inside: avoid` that is
# taller than a page, and what users type has no length limit. So a row or an RHK with its indikator is kept on
# one page only when it is clearly shorter than half a page; a longer one may be split across pages.
CHARS_PER_LINE = 20  # the narrowest text column of the HASIL KERJA table at 8 pt, rounded down
MAX_LINES_KEPT = 30  # about 12 cm of the 24 cm a page has below the repeated table header


def lines(text: str, chars_per_line: int = CHARS_PER_LINE) -> int:
    """An overestimate of the lines `text` takes in a column `chars_per_line` characters wide."""
    return sum(max(1, ceil(len(line) / chars_per_line)) for line in (text or "").splitlines() or [""])


def fits_on_half_page(*line_counts: int) -> bool:
    """Whether cells of these heights (the tallest decides) may be kept together on one page."""
    return max(line_counts, default=1) <= MAX_LINES_KEPT
