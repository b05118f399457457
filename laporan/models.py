"""Reports, exports and the payroll API (issue 12), above every app they read. First: the instansi's table from
Predikat Kinerja to the TPP/Tukin percentage (docs/rules.md §14.1)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import Instansi, audited
from penilaian.predikat import Predikat

PERSEN = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}
BATAS = [MinValueValidator(0), MaxValueValidator(200)]


@audited()
class TarifTpp(models.Model):
    """The percentage of TPP/Tukin paid for each Predikat Kinerja in one instansi. No national formula exists, so
    each instansi sets its own; an empty value means "not set yet" and reports show "—". Every change is kept in
    the audit trail (pghistory), which is the table's history."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="tarif_tpp")
    sangat_baik = models.DecimalField("Sangat Baik (%)", validators=BATAS, **PERSEN)
    baik = models.DecimalField("Baik (%)", validators=BATAS, **PERSEN)
    butuh_perbaikan = models.DecimalField("Butuh Perbaikan (%)", validators=BATAS, **PERSEN)
    kurang = models.DecimalField("Kurang/Misconduct (%)", validators=BATAS, **PERSEN)
    sangat_kurang = models.DecimalField("Sangat Kurang (%)", validators=BATAS, **PERSEN)

    class Meta:
        verbose_name = "tarif TPP per predikat"
        verbose_name_plural = "tarif TPP per predikat"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    *(
                        models.Q(**{f"{p}__isnull": True}) | models.Q(**{f"{p}__gte": 0, f"{p}__lte": 200})
                        for p in Predikat.values
                    )
                ),
                name="tarif_tpp_0_to_200",
            )
        ]

    def __str__(self) -> str:
        return f"Tarif TPP {self.instansi}"

    def persen(self, predikat: str):
        """The percentage for a predikat (a Predikat value), or None when not set or no predikat."""
        return getattr(self, predikat, None) if predikat in Predikat.values else None


class Jenjang(models.TextChoices):
    """Jenjang of a Jabatan Fungsional, keterampilan then keahlian."""

    PEMULA = "pemula", "Pemula"
    TERAMPIL = "terampil", "Terampil"
    MAHIR = "mahir", "Mahir"
    PENYELIA = "penyelia", "Penyelia"
    AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
    AHLI_MUDA = "ahli_muda", "Ahli Muda"
    AHLI_MADYA = "ahli_madya", "Ahli Madya"
    AHLI_UTAMA = "ahli_utama", "Ahli Utama"


@audited()
class KoefisienAngkaKredit(models.Model):
    """The yearly angka kredit coefficient of a jenjang, national data kept editable (docs/rules.md §14.2): a
    superadmin corrects it when the regulation changes, and the audit trail keeps the old value."""

    jenjang = models.CharField(max_length=20, choices=Jenjang.choices, unique=True)
    koefisien = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "koefisien angka kredit"
        verbose_name_plural = "koefisien angka kredit"
        ordering = ["koefisien", "jenjang"]

    def __str__(self) -> str:
        return f"{self.get_jenjang_display()}: {self.koefisien}"
