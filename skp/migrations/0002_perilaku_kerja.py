"""The 7 BerAKHLAK core values and their panduan perilaku (docs/rules.md §2.12), as data."""

from django.db import migrations

from skp.perilaku import ensure_perilaku_kerja


def load(apps, schema_editor):
    ensure_perilaku_kerja(apps.get_model("skp", "PerilakuKerja"))


class Migration(migrations.Migration):
    dependencies = [("skp", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
