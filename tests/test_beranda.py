"""Beranda's to-do list, per role (decision 0015): each person sees what waits for them, with the count and the link
to the page where it is done; the page's queries do not grow with SKPs, periods or bawahan. The clock stands on 10
February 2026, inside Triwulan I (batas waktu 5 April)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from skp.models import SkpStatusChange
from tests.factories import (
    PejabatNonAsnFactory,
    PeriodePenilaianFactory,
    PltAssignmentFactory,
    RencanaAksiFactory,
    SkpFactory,
    UserFactory,
    complete_skp,
)

HOME = reverse("accounts:home")


def beranda(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_beranda_is_the_ekinerja_view_under_its_old_name(client, pegawai):
    from django.urls import resolve

    assert resolve(HOME).func.__module__ == "ekinerja.views"
    client.force_login(pegawai)
    response = client.get(HOME)
    assert f'<a href="{HOME}" aria-current="page">Beranda</a>' in response.content.decode()  # the menu marks it


def test_a_pegawai_without_an_skp_is_sent_to_tambah_skp(client, clock, pegawai):
    html = beranda(client, pegawai)
    assert "Yang perlu dikerjakan (1)" in html
    assert "Anda belum memiliki SKP tahun 2026." in html
    assert f'<a href="{reverse("skp:tambah")}">Tambah SKP</a>' in html


def test_a_pegawai_with_a_returned_skp_reads_the_atasans_note(client, clock, pegawai, atasan):
    skp = SkpFactory(pegawai=pegawai, status="revisi")
    SkpStatusChange.objects.create(skp=skp, actor=atasan, dari="pengajuan", ke="revisi", catatan="Target <RHK> 1 kabur")
    html = beranda(client, pegawai)
    assert "Yang perlu dikerjakan (1)" in html
    assert "dikembalikan oleh Budi Atasan untuk diperbaiki" in html and "Ajukan SKP lagi" in html
    assert f"Catatan: “{escape('Target <RHK> 1 kabur')}”" in html
    assert f'href="{skp.get_absolute_url()}">Detail SKP' in html
    assert "Anda belum memiliki SKP" not in html  # the returned one is its SKP for 2026


def test_a_pegawai_with_an_open_period_sees_the_batas_waktu_and_what_is_missing(client, clock, pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan"), rhk_count=2)
    html = beranda(client, pegawai)
    assert "Triwulan I 2026 (1 Jan – 31 Mar 2026) belum ditambahkan" in html
    assert (
        f'<a href="{reverse("penilaian:daftar", args=[skp.pk])}#tambah-periode-judul">Tambah Periode Penilaian</a>'
        in html
    )
    periode = PeriodePenilaianFactory(skp=skp)
    html = beranda(client, pegawai)
    assert "isi sebelum batas waktu <strong>5 April 2026</strong>" in html
    assert "2 RHK belum memiliki Rencana Aksi." in html
    assert f'<a href="{reverse("penilaian:periode", args=[periode.pk])}">Isi Rencana Aksi' in html
    assert "Tambah Periode Penilaian" not in html


def test_a_pegawai_with_everything_done_is_told_so(client, clock, pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan"))
    periode = PeriodePenilaianFactory(skp=skp)
    RencanaAksiFactory(periode=periode, rhk=skp.rhk_list.get(), realisasi="12 dokumen")
    html = beranda(client, pegawai)
    assert "Tidak ada yang menunggu Anda saat ini." in html
    assert "Yang perlu dikerjakan (" not in html


def test_an_atasan_sees_the_skp_and_the_periods_waiting_for_them(client, clock, atasan, pegawai, pegawai_lain):
    menunggu = SkpFactory(pegawai=pegawai, status="pengajuan")
    disetujui = complete_skp(SkpFactory(pegawai=pegawai_lain, status="persetujuan"))
    RencanaAksiFactory(periode=PeriodePenilaianFactory(skp=disetujui), rhk=disetujui.rhk_list.get())
    html = beranda(client, atasan)
    assert "SKP Bawahan menunggu persetujuan Anda (1)" in html
    assert "Ani Pegawai" in html and f'href="{menunggu.get_absolute_url()}">Detail SKP' in html
    assert f'href="{reverse("skp:bawahan")}?tahun=2026&amp;status=pengajuan">SKP Bawahan</a>' in html
    assert "Triwulan I 2026: 1 periode bawahan belum ditetapkan, 1 siap dinilai" in html
    assert f'href="{reverse("penilaian:pemantauan")}?kode=2026-TW1">Pemantauan dan Evaluasi' in html
    assert "Anda belum memiliki SKP tahun 2026." in html  # the atasan is a pegawai too
    assert "Yang perlu dikerjakan (3)" in html
    assert f'<a href="{reverse("laporan:kotak_masuk")}">Kotak Masuk</a>' in html


def test_a_long_queue_shows_ten_and_sends_to_skp_bawahan_for_the_rest(client, clock, atasan):
    for _ in range(12):
        SkpFactory(pegawai=UserFactory(unit_kerja=atasan.unit_kerja, atasan=atasan), status="pengajuan")
    html = beranda(client, atasan)
    assert "SKP Bawahan menunggu persetujuan Anda (12)" in html
    assert html.count(">Detail SKP<") == 10
    assert "Dan 2 SKP lainnya; semuanya ada di" in html


def test_the_kepala_daerah_sees_only_what_waits_for_him_as_penilai(client, clock, instansi):
    bupati = PejabatNonAsnFactory(instansi=instansi)
    sekda = UserFactory(unit_kerja__instansi=instansi, atasan=bupati, nama="Hendra Sekda", jabatan="Sekretaris Daerah")
    skp = SkpFactory(pegawai=sekda, status="pengajuan")
    html = beranda(client, bupati)
    assert "Yang perlu dikerjakan (1)" in html
    assert "Hendra Sekda" in html and f'href="{skp.get_absolute_url()}">Detail SKP' in html
    assert "Tambah SKP" not in html and "SKP Anda" not in html and "Penilaian Anda" not in html
    assert "Nama pengguna" in html  # his profile as before


def test_an_admin_instansi_sees_their_own_work_not_the_instansis(client, clock, admin_instansi, pegawai):
    own = SkpFactory(pegawai=admin_instansi)
    bawahan_lain = SkpFactory(pegawai=pegawai, status="pengajuan")  # visible to the admin, but not theirs to approve
    html = beranda(client, admin_instansi)
    assert "Yang perlu dikerjakan (1)" in html
    assert "belum diajukan: lengkapi dan Ajukan SKP" in html and own.get_absolute_url() in html
    assert bawahan_lain.get_absolute_url() not in html and "Ani Pegawai" not in html


def test_a_superadmin_without_instansi_has_nothing_to_make(client, clock, superadmin):
    assert "Tidak ada yang menunggu Anda saat ini." in beranda(client, superadmin)


def _busy_atasan(atasan, size: int) -> None:
    """An atasan with `size` of everything: bawahan SKPs waiting, bawahan periods with rencana aksi, their own SKPs
    of past years with a period the admin reopened, Plt posts without an SKP; this year's SKP without its period."""
    unit = atasan.unit_kerja
    for n in range(size):
        SkpFactory(pegawai=UserFactory(unit_kerja=unit, atasan=atasan), status="pengajuan")
        skp = complete_skp(SkpFactory(pegawai=UserFactory(unit_kerja=unit, atasan=atasan), status="persetujuan"))
        RencanaAksiFactory(periode=PeriodePenilaianFactory(skp=skp), rhk=skp.rhk_list.get())
        lalu = {"periode_awal": datetime.date(2025 - n, 1, 1), "periode_akhir": datetime.date(2025 - n, 12, 31)}
        own = complete_skp(SkpFactory(pegawai=atasan, status="persetujuan", **lalu), rhk_count=2)
        PeriodePenilaianFactory(skp=own, dibuka_hingga=datetime.date(2026, 3, 1))
        PltAssignmentFactory(pegawai=atasan, atasan=None, jabatan=f"Kepala Seksi {n}")
    complete_skp(SkpFactory(pegawai=atasan, status="persetujuan"))


@pytest.mark.parametrize("size", [1, 8])
def test_beranda_query_count_does_not_grow_with_skps_periods_or_bawahan(
    client, clock, atasan, size, django_assert_num_queries
):
    _busy_atasan(atasan, size)
    client.force_login(atasan)
    client.get(HOME)  # the first request after login touches the session
    # The session with its user; the profile: Plt posts, people; skp: the SKPs; penilaian: the periods the atasan
    # rates, the instansi's scheme, own SKPs without the current period, own open periods with their counts, the
    # batas waktu overrides.
    with django_assert_num_queries(9):
        response = client.get(HOME)
    skp_todo, penilaian_todo = response.context["skp_todo"], response.context["penilaian_todo"]
    assert (len(skp_todo.menunggu), len(skp_todo.baru)) == (size, size)
    assert (len(penilaian_todo.isi), len(penilaian_todo.tambah)) == (size, 1)
    assert penilaian_todo.nilai[0].siap_dinilai == size
    assert response.context["jumlah_tugas"] == 3 * size + 2


@pytest.mark.parametrize("size", [1, 8])
def test_the_kepala_daerahs_beranda_costs_five_queries_at_any_size(
    client, clock, instansi, size, django_assert_num_queries
):
    bupati = PejabatNonAsnFactory(instansi=instansi)
    for _ in range(size):
        SkpFactory(pegawai=UserFactory(unit_kerja__instansi=instansi, atasan=bupati), status="pengajuan")
        pegawai = UserFactory(unit_kerja__instansi=instansi, atasan=bupati)
        skp = complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan"))
        RencanaAksiFactory(periode=PeriodePenilaianFactory(skp=skp), rhk=skp.rhk_list.get())
    client.force_login(bupati)
    client.get(HOME)
    # The session with its user, the Plt posts, the people, the SKPs waiting for him, the periods he rates.
    with django_assert_num_queries(5):
        response = client.get(HOME)
    assert len(response.context["skp_todo"].menunggu) == size
    assert response.context["penilaian_todo"].nilai[0].siap_dinilai == size
