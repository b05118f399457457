"""The pegawai's Pelaksanaan Kinerja pages: Penilaian list, Tambah Periode Penilaian, a period's page."""

import datetime

import pytest
from django.urls import reverse

from penilaian.models import BuktiDukung, PeriodePenilaian, RencanaAksi
from tests.conftest import jakarta
from tests.factories import (
    BuktiDukungFactory,
    CapaianUnitFactory,
    PeriodePenilaianFactory,
    RencanaAksiFactory,
    SkpFactory,
    UserFactory,
    complete_skp,
    rencana_aksi_lengkap,
)

# The shared clock: 10 February 2026, inside Triwulan I.
pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def skp(pegawai):
    return complete_skp(
        SkpFactory(
            pegawai=pegawai,
            status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        ),
        rhk_count=2,
    )


def add_periode(client, skp, kode="2026-TW1"):
    return client.post(reverse("penilaian:periode_tambah", args=[skp.pk]), {"kode": kode})


def test_owner_adds_triwulan_i_and_fills_rencana_aksi_realisasi_and_bukti_dukung(client, pegawai, skp):
    client.force_login(pegawai)
    html = client.get(reverse("penilaian:daftar", args=[skp.pk])).content.decode()
    assert "Tambah Periode Penilaian" in html and "Triwulan I" in html
    response = add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    assert response.url == reverse("penilaian:periode", args=[periode.pk])
    page = client.get(response.url).content.decode()
    assert "5 April 2026" in page  # the batas waktu is stated
    assert "belum memiliki rencana aksi" in page
    rhk = skp.rhk_list.first()
    client.post(
        reverse("penilaian:rencana_aksi_tambah", args=[periode.pk, rhk.pk]),
        {"teks": "Menyusun daftar usulan", "target_angka": "3", "satuan": "dokumen"},
    )
    ra = RencanaAksi.objects.get(periode=periode)
    client.post(reverse("penilaian:realisasi_ubah", args=[ra.pk]), {"realisasi": "30", "sumber_data": "Laporan"})
    client.post(reverse("penilaian:bukti_tambah", args=[ra.pk]), {"nama": "Laporan", "link": "https://drive.example/x"})
    page = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    assert "30 berdasarkan Laporan" in page
    assert 'href="https://drive.example/x" rel="noopener noreferrer"' in page


def test_a_javascript_link_is_refused_and_the_typed_name_kept(client, pegawai, skp):
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    ra = RencanaAksiFactory(periode=periode, rhk=skp.rhk_list.first(), teks="RA")
    html = client.post(
        reverse("penilaian:bukti_tambah", args=[ra.pk]), {"nama": "Nama saya", "link": "javascript:alert(1)"}
    ).content.decode()
    assert "http:// atau https://" in html and 'value="Nama saya"' in html
    assert not BuktiDukung.objects.exists()


def test_after_the_batas_waktu_the_page_is_read_only_and_writes_are_refused(client, pegawai, skp, clock):
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    clock.move_to(jakarta(2026, 4, 6, 9, 0))
    client.force_login(pegawai)
    page = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    assert "sudah lewat" in page and "Tambah Rencana Aksi" not in page
    html = client.post(
        reverse("penilaian:rencana_aksi_tambah", args=[periode.pk, skp.rhk_list.first().pk]), {"teks": "Terlambat"}
    ).content.decode()
    assert "Batas waktu pengisian periode ini sudah lewat (05-04-2026)" in html
    assert "Terlambat</textarea>" in html
    assert not RencanaAksi.objects.exists()


def test_no_period_on_an_skp_that_is_not_approved(client, pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="pengajuan"))
    client.force_login(pegawai)
    html = client.get(reverse("penilaian:daftar", args=[skp.pk])).content.decode()
    assert "Tambah Periode Penilaian" not in html
    add_periode(client, skp)
    assert not PeriodePenilaian.objects.exists()


@pytest.mark.parametrize("who", ["pegawai_lain", "admin_lain"])
def test_periods_of_someone_else_are_not_found(client, request, skp, pegawai, who):
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("penilaian:periode", args=[periode.pk])).status_code == 404
    assert client.get(reverse("penilaian:daftar", args=[skp.pk])).status_code == 404


def test_the_penilai_reads_the_period_but_cannot_write(client, pegawai, atasan, skp):
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    client.force_login(atasan)
    page = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    assert "Pelaksanaan Kinerja" in page and "Tambah Rencana Aksi" not in page
    html = client.post(
        reverse("penilaian:rencana_aksi_tambah", args=[periode.pk, skp.rhk_list.first().pk]), {"teks": "x"}
    ).content.decode()
    assert "Hanya pegawai pemilik SKP" in html


@pytest.mark.parametrize("rhk_count", [5, 30])
def test_period_page_query_count_does_not_grow_with_rhk(client, pegawai, rhk_count, django_assert_num_queries):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan"), rhk_count=rhk_count, indikator_per_rhk=2)
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    for rhk in skp.rhk_list.all():
        ra = RencanaAksiFactory(periode=periode, rhk=rhk, teks="RA")
        BuktiDukungFactory(rencana_aksi=ra, nama="B", link="https://x.example/")
    url = reverse("penilaian:periode", args=[periode.pk])
    client.get(url)
    # The session with its user (accounts.sessions), the period, the batas waktu, RHK, rencana aksi, bukti dukung,
    # indikator, the Riwayat (issue 9), and the atasan's Umpan Balik (issue 10).
    with django_assert_num_queries(9):
        client.get(url)


def _give_feedback_everywhere(client, periode, skp):
    rencana_aksi_lengkap(periode)  # the pegawai's part, without which no rating is possible
    data = {}
    for rhk in skp.rhk_list.all():
        data |= {f"r{rhk.pk}-teks": "Sesuai rencana", f"r{rhk.pk}-polaritas": "positif"}
    for nomor in range(1, 8):
        data |= {f"p{nomor}-teks": "Baik", f"p{nomor}-polaritas": "positif"}
    response = client.post(reverse("penilaian:umpan_balik", args=[periode.pk]), data)  # Simpan semua umpan balik
    assert response.status_code == 302


def test_penilai_gives_feedback_rates_sees_the_predikat_and_tetapkan(client, pegawai, atasan, skp):
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    client.force_login(atasan)
    html = client.get(reverse("penilaian:pemantauan")).content.decode()
    assert "Belum mengisi: 1" in html and skp.pegawai_snapshot["nama"] in html
    page = client.get(reverse("penilaian:evaluasi", args=[periode.pk])).content.decode()
    assert "setelah pegawai mengisi rencana aksi" in page and "Rating Hasil Kerja" in page  # guidance, rating waits
    rate = {"rating_hasil_kerja": "diatas", "rating_perilaku": "diatas", "version": periode.version}
    client.post(reverse("penilaian:rating", args=[periode.pk]), rate)
    periode.refresh_from_db()
    assert periode.predikat == ""  # refused: no feedback yet
    _give_feedback_everywhere(client, periode, skp)
    periode.refresh_from_db()
    client.post(reverse("penilaian:rating", args=[periode.pk]), {**rate, "version": periode.version})
    periode.refresh_from_db()
    assert periode.predikat == "sangat_baik"
    assert "Sangat Baik" in client.get(reverse("penilaian:evaluasi", args=[periode.pk])).content.decode()
    client.post(reverse("penilaian:tetapkan", args=[periode.pk]), {"version": periode.version})
    periode.refresh_from_db()
    assert periode.status == "ditetapkan"
    assert "Ditetapkan: 1" in client.get(reverse("penilaian:pemantauan")).content.decode()


def test_only_the_penilai_opens_the_evaluation(client, pegawai, pegawai_lain, skp):
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    assert client.get(reverse("penilaian:evaluasi", args=[periode.pk])).status_code == 403  # the owner
    client.force_login(pegawai_lain)
    assert client.get(reverse("penilaian:evaluasi", args=[periode.pk])).status_code == 404


@pytest.mark.parametrize("bawahan", [3, 50])
def test_pemantauan_query_count_does_not_grow_with_bawahan(client, atasan, unit, bawahan, django_assert_num_queries):
    for _ in range(bawahan):
        user = UserFactory(unit_kerja=unit, atasan=atasan)
        skp = complete_skp(SkpFactory(pegawai=user, status="persetujuan"))
        client.force_login(user)
        add_periode(client, skp)
    client.force_login(atasan)
    client.get(reverse("penilaian:pemantauan"))
    # The session with its user, the periods' codes, the instansi's scheme, the rows, the bawahan yet to start.
    with django_assert_num_queries(5):
        response = client.get(reverse("penilaian:pemantauan"))
    assert len(response.context["rows"]) == bawahan


def test_lihat_kurva_draws_ideal_against_realised_and_lists_the_rules(
    client, atasan, admin_instansi, unit, skp, pegawai
):
    client.force_login(pegawai)
    add_periode(client, skp)
    PeriodePenilaian.objects.filter(skp=skp).update(predikat="baik")
    url = reverse("penilaian:kurva", args=[unit.pk, "2026-TW1"])
    client.force_login(atasan)
    assert "belum ditetapkan" in client.get(url).content.decode()
    client.post(url, {"capaian": "baik"})  # the head's own atasan is not in this unit: refused
    assert "belum ditetapkan" in client.get(url).content.decode()
    client.force_login(admin_instansi)
    client.post(url, {"capaian": "baik"})
    client.force_login(atasan)
    html = client.get(url).content.decode()
    assert "<svg" in html and 'fill="#c0392b"' in html and 'fill="#1e8449"' in html
    assert "✔ Terpenuhi" in html  # Baik is the largest group
    assert "✘ Belum terpenuhi" in html  # a Baik unit needs at least one Butuh Perbaikan or Kurang/Misconduct


def test_lihat_kurva_of_a_unit_where_one_assesses_nobody_is_not_found(client, pegawai_lain, unit):
    client.force_login(pegawai_lain)
    assert client.get(reverse("penilaian:kurva", args=[unit.pk, "2026-TW1"])).status_code == 404


def test_a_colleague_leaves_feedback_found_by_nip_and_the_owner_and_penilai_see_it(
    client, pegawai, pegawai_lain, atasan, skp
):
    client.force_login(pegawai_lain)
    html = client.post(reverse("penilaian:rekan"), {"nip": pegawai.nip}).content.decode()
    assert f'value="{skp.pk}"' in html
    response = client.post(
        reverse("penilaian:rekan"), {"skp": skp.pk, "teks": "Selalu sigap membantu", "polaritas": "positif"}
    )
    assert response.status_code == 302 and pegawai.nip not in response.url
    for viewer in (pegawai, atasan):
        client.force_login(viewer)
        html = client.get(reverse("penilaian:daftar", args=[skp.pk])).content.decode()
        assert "Selalu sigap membantu" in html and pegawai_lain.nama_lengkap in html


def test_feedback_on_a_colleague_of_another_instansi_finds_nothing(client, admin_lain, pegawai, skp):
    client.force_login(admin_lain)
    html = client.post(reverse("penilaian:rekan"), {"nip": pegawai.nip}).content.decode()
    assert "Tidak ada SKP yang sudah disetujui" in html
    client.post(reverse("penilaian:rekan"), {"skp": skp.pk, "teks": "x", "polaritas": "positif"})
    from penilaian.models import FeedbackRekan

    assert not FeedbackRekan.objects.exists()


def test_penilai_reopens_a_finalised_period_with_a_recorded_reason(client, pegawai, atasan, skp):
    from penilaian.models import PeriodeStatusChange

    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    PeriodePenilaian.objects.filter(pk=periode.pk).update(status="ditetapkan", predikat="baik")
    client.force_login(atasan)
    url = reverse("penilaian:buka_kembali", args=[periode.pk])
    client.post(url, {"catatan": ""})
    periode.refresh_from_db()
    assert periode.status == "ditetapkan"  # a reason is required
    client.post(url, {"catatan": "Bukti dukung baru diterima"})
    periode.refresh_from_db()
    assert periode.status == "terbuka"
    assert PeriodeStatusChange.objects.get(periode=periode).catatan == "Bukti dukung baru diterima"


@pytest.mark.parametrize("size", [3, 50])
def test_lihat_kurva_query_count_does_not_grow_with_the_unit(
    client, admin_instansi, unit, size, django_assert_num_queries
):
    for n in range(size):
        user = UserFactory(unit_kerja=unit)
        PeriodePenilaianFactory(
            skp__pegawai=user, kode="2026-TW1", predikat=["baik", "sangat_baik", "butuh_perbaikan"][n % 3]
        )
    CapaianUnitFactory(unit_kerja=unit, kode="2026-TW1", capaian="baik", oleh=admin_instansi)
    client.force_login(admin_instansi)
    url = reverse("penilaian:kurva", args=[unit.pk, "2026-TW1"])
    client.get(url)
    # The session and its user (one query, accounts.sessions), the unit, the governing capaian, the predikat
    # counts, and who sets the capaian (the atasan of the unit's head).
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert f"({size // 3 + (1 if size % 3 > 0 else 0)})" in html


def test_admin_instansi_reopening_a_period_lands_on_a_page_they_can_see(client, pegawai, admin_instansi, skp):
    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    PeriodePenilaian.objects.filter(pk=periode.pk).update(status="ditetapkan", predikat="baik")
    client.force_login(admin_instansi)
    response = client.post(
        reverse("penilaian:buka_kembali", args=[periode.pk]), {"catatan": "Koreksi data"}, follow=True
    )
    assert response.status_code == 200
    periode.refresh_from_db()
    assert periode.status == "terbuka"


def test_the_period_page_shows_its_riwayat_with_who_when_and_why(client, pegawai, atasan, admin_instansi, skp):
    from penilaian import services as penilaian_services
    from tests.factories import rencana_aksi_lengkap as lengkap

    client.force_login(pegawai)
    add_periode(client, skp)
    periode = PeriodePenilaian.objects.get(skp=skp)
    assert "Belum ada penetapan" in client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()
    lengkap(periode)
    client.force_login(atasan)
    _give_feedback_everywhere(client, periode, skp)
    penilaian_services.rating_set(
        actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    penilaian_services.periode_finalise(actor=atasan, periode_id=periode.pk, version=None)
    penilaian_services.periode_reopen(actor=admin_instansi, periode_id=periode.pk, catatan="Salah memilih rating")

    client.force_login(pegawai)
    html = client.get(reverse("penilaian:periode", args=[periode.pk])).content.decode()

    section = html[html.index('id="riwayat"') :]
    assert section.index("Tetapkan") < section.index("Buka kembali")
    assert atasan.nama_lengkap in section and admin_instansi.nama_lengkap in section
    assert "Salah memilih rating" in section


def test_pemantauan_lists_bawahan_who_have_not_added_the_period_yet(client, atasan, unit, pegawai, skp):
    """They are the ones to chase: counted as belum mengisi, with a link to their SKP."""
    belum = UserFactory(unit_kerja=unit, atasan=atasan, nama="Gita Belum Mulai")
    skp_belum = complete_skp(SkpFactory(pegawai=belum, status="persetujuan"))
    draft = UserFactory(unit_kerja=unit, atasan=atasan, nama="Hari Masih Draft")
    complete_skp(SkpFactory(pegawai=draft))
    client.force_login(pegawai)
    add_periode(client, skp)
    client.force_login(atasan)

    response = client.get(reverse("penilaian:pemantauan"), {"kode": "2026-TW1"})

    html = response.content.decode()
    assert "Gita Belum Mulai" in html and skp_belum.get_absolute_url() in html
    assert "Hari Masih Draft" not in html  # no approved SKP: nothing to fill yet
    assert response.context["counts"]["belum mengisi"] == 2  # the one who added it but wrote nothing, and Gita


def test_pemantauan_offers_the_current_period_before_any_bawahan_added_it(client, atasan, unit):
    complete_skp(SkpFactory(pegawai=UserFactory(unit_kerja=unit, atasan=atasan, nama="Ika"), status="persetujuan"))
    client.force_login(atasan)
    response = client.get(reverse("penilaian:pemantauan"))
    assert response.context["kode"] == "2026-TW1"  # the clock is in February
    assert "Ika" in response.content.decode()


def test_pemantauan_without_any_bawahan_to_assess_says_why(client, atasan):
    client.force_login(atasan)
    html = client.get(reverse("penilaian:pemantauan")).content.decode()
    assert "Belum ada bawahan dengan SKP yang sudah disetujui untuk periode ini." in html
