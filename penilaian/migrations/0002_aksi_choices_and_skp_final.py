"""PeriodeStatusChange.aksi becomes a choices field (its old free-text values mapped to the codes), and the SKP
records whether one of its periods is final (Skp.penilaian_final), which skp reads instead of asking penilaian."""

from django.db import migrations, models

AKSI = {"Tetapkan": "tetapkan", "Buka kembali": "buka_kembali", "Buka batas waktu": "buka_batas_waktu"}


def forwards(apps, schema_editor):
    change = apps.get_model("penilaian", "PeriodeStatusChange")
    for old, new in AKSI.items():
        change.objects.filter(aksi=old).update(aksi=new)
    periode = apps.get_model("penilaian", "PeriodePenilaian")
    skp = apps.get_model("skp", "Skp")
    final = periode.objects.filter(status="ditetapkan").values("skp_id")
    skp.objects.filter(pk__in=final, penilaian_final=False).update(penilaian_final=True)


def backwards(apps, schema_editor):
    change = apps.get_model("penilaian", "PeriodeStatusChange")
    for old, new in AKSI.items():
        change.objects.filter(aksi=new).update(aksi=old)


class Migration(migrations.Migration):
    dependencies = [
        ("penilaian", "0001_initial"),
        ("skp", "0004_skp_penilaian_final"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="periodestatuschange",
            name="aksi",
            field=models.CharField(
                choices=[
                    ("tetapkan", "Tetapkan"),
                    ("buka_kembali", "Buka kembali"),
                    ("buka_batas_waktu", "Buka batas waktu"),
                ],
                max_length=20,
            ),
        ),
    ]
