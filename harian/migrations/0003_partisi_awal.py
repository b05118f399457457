"""The daily log's first monthly partitions: last year, this year and next year, each with its no-overlap exclusion
constraint (decision 0019). Later years come from `manage.py partisi_harian`, run on a schedule."""

from django.db import migrations
from django.utils import timezone


def buat(apps, schema_editor):
    from harian.partisi import partisi_tahun

    tahun = timezone.localdate().year
    for year in (tahun - 1, tahun, tahun + 1):
        partisi_tahun(year)


class Migration(migrations.Migration):
    dependencies = [("harian", "0002_progres_harian")]

    # Dropping the parent (0002 reversed) drops its partitions.
    operations = [migrations.RunPython(buat, migrations.RunPython.noop)]
