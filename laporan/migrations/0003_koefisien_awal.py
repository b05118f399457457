"""The koefisien angka kredit per jenjang as PermenPANRB 1/2023 sets them (docs/rules.md §14.2); editable after."""

from decimal import Decimal

from django.db import migrations

KOEFISIEN = {
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
}


def isi(apps, schema_editor):
    model = apps.get_model("laporan", "KoefisienAngkaKredit")
    for jenjang, koefisien in KOEFISIEN.items():
        model.objects.get_or_create(jenjang=jenjang, defaults={"koefisien": koefisien})


class Migration(migrations.Migration):
    dependencies = [("laporan", "0002_koefisien_angka_kredit")]

    operations = [migrations.RunPython(isi, migrations.RunPython.noop)]
