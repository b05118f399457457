"""The app's own unit kerja table, read-only: the bare page reads the same 20 rows and the same columns
(ekinerja/bench_views.COLUMNS) into the same kind of objects as /bench/twenty-rows/, so the two pages differ only
in what surrounds that work."""

from django.db import models


class Instansi(models.Model):
    nama = models.CharField(max_length=200)

    class Meta:
        managed = False
        db_table = "accounts_instansi"

    def __str__(self) -> str:
        return self.nama


class UnitKerja(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.DO_NOTHING, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.DO_NOTHING, null=True, related_name="+")
    nama = models.CharField(max_length=200)
    path = models.TextField()
    depth = models.PositiveSmallIntegerField()

    class Meta:
        managed = False
        db_table = "accounts_unitkerja"

    def __str__(self) -> str:
        return self.nama
