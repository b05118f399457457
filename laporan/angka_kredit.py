"""Angka kredit of a Jabatan Fungsional from a period's Predikat Kinerja (docs/rules.md §14.2):
AK = persentase predikat × koefisien jenjang × months / 12, with the percentage 150/100/75/50/25 for Sangat Baik,
Baik, Butuh Perbaikan, Kurang and Sangat Kurang. Pure functions; the koefisien comes from KoefisienAngkaKredit."""

from decimal import ROUND_HALF_UP, Decimal

from laporan.models import Jenjang
from penilaian.predikat import Predikat

PERSEN_PREDIKAT = {
    Predikat.SANGAT_BAIK: Decimal(150),
    Predikat.BAIK: Decimal(100),
    Predikat.BUTUH_PERBAIKAN: Decimal(75),
    Predikat.KURANG: Decimal(50),
    Predikat.SANGAT_KURANG: Decimal(25),
}

# The words of a jenjang in a jabatan's name, longest first ("Ahli Pertama" before "Ahli").
_JENJANG_WORDS = sorted(((j.label.lower(), j) for j in Jenjang), key=lambda pair: -len(pair[0]))


def angka_kredit(predikat: str, koefisien: Decimal, bulan: int) -> Decimal:
    """The angka kredit earned over `bulan` months at `predikat`, to three decimals (0 without a predikat)."""
    if predikat not in PERSEN_PREDIKAT or not 0 <= bulan <= 12:
        return Decimal(0)
    nilai = PERSEN_PREDIKAT[predikat] / 100 * koefisien * bulan / 12
    return nilai.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def jenjang_of(jabatan: str) -> Jenjang | None:
    """The jenjang named in a Jabatan Fungsional's name ("Analis Kebijakan Ahli Muda" → Ahli Muda), or None."""
    text = f" {jabatan.lower()} "
    return next((jenjang for words, jenjang in _JENJANG_WORDS if f" {words} " in text), None)


def angka_kredit_periode(periode) -> tuple[str, str] | None:
    """The angka kredit line of a rated period of a Jabatan Fungsional, for its page (penilaian.hasil): the jenjang
    from the jabatan as printed on the SKP, the koefisien of the jenjang, the months of the period. One query."""
    from laporan.exports import bulan_of
    from laporan.models import KoefisienAngkaKredit

    jenjang = jenjang_of(periode.skp.pegawai_snapshot.get("jabatan", ""))
    if jenjang is None:
        return None
    koefisien = KoefisienAngkaKredit.objects.filter(jenjang=jenjang).values_list("koefisien", flat=True).first()
    if koefisien is None:
        return None
    bulan = bulan_of(periode.mulai, periode.selesai)
    nilai = angka_kredit(periode.predikat, koefisien, bulan)
    angka = f"{nilai:.3f}".replace(".", ",")
    return "Angka Kredit", f"{angka} (jenjang {jenjang.label}, koefisien {koefisien}, {bulan} bulan)".replace(".", ",")
