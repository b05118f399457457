"""What the apps above penilaian add to a period's result on its page, such as laporan's angka kredit of a Jabatan
Fungsional (docs/rules.md §14.2): penilaian may not import them, so each registers a hook in its AppConfig.ready,
as the printed kinds do (decision 0012). A hook takes a period with a predikat and gives (label, value) or None."""

from collections.abc import Callable

HASIL_TAMBAHAN: list[Callable] = []


def register_hasil(hook: Callable) -> None:
    if hook not in HASIL_TAMBAHAN:
        HASIL_TAMBAHAN.append(hook)


def hasil_tambahan(periode) -> list[tuple[str, str]]:
    """The registered additions to a rated period's result, in registration order; none before it has a predikat."""
    if not periode.predikat:
        return []
    return [row for hook in HASIL_TAMBAHAN if (row := hook(periode))]
