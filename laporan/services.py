"""Reads for reports: the instansi's TPP table (docs/rules.md §14.1)."""

from decimal import Decimal

from laporan.models import TarifTpp


def tpp_persen(instansi_id: int, predikat: str) -> Decimal | None:
    """The TPP/Tukin percentage the instansi pays for a predikat, or None while its table does not say."""
    tarif = TarifTpp.objects.filter(instansi_id=instansi_id).first()
    return tarif.persen(predikat) if tarif is not None else None
