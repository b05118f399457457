"""The demo's progres harian (harian.demo through seed_demo): something on every page the harian builds, made by the
real services, and a second run changes nothing."""

import io

from django.core.management import call_command

from harian.models import PengaturanHarian, ProgresHarian, SkpBulanan
from skp.models import Skp


def test_the_demo_instansi_has_progres_harian_on_with_a_month_in_each_state(clock):
    call_command("seed_demo", stdout=io.StringIO())
    assert PengaturanHarian.objects.get(instansi__nama="Pemerintah Kabupaten Sukamaju").aktif
    months = {m.pegawai.nama: m for m in SkpBulanan.objects.select_related("pegawai").with_counts()}
    assert set(months) == {"Ayu Kartika", "Ni Luh Putu Sari", "Made Suarjana"}
    guru = months["Ayu Kartika"]
    assert guru.disetujui and not guru.berubah and guru.menunggu == 0 and guru.jumlah_entri >= 6
    assert Skp.objects.get(pegawai=guru.pegawai, plt=None).penilai.nama == "Ni Luh Putu Sari"
    kepsek = months["Ni Luh Putu Sari"]
    assert not kepsek.disetujui and 0 < kepsek.menunggu < kepsek.jumlah_entri
    assert months["Made Suarjana"].berubah
    assert guru.target_list.filter(jenis="teknis").exists() and guru.target_list.filter(jenis="konseptual").exists()

    entries = ProgresHarian.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert ProgresHarian.objects.count() == entries
