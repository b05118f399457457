"""The admin instansi sets the period scheme and per-period deadlines of their own instansi only."""

import datetime

from django.test import Client
from django.urls import reverse

from penilaian.models import BatasWaktu, PeriodeStatusChange, SkemaPenilaian
from tests.factories import PeriodePenilaianFactory


def test_admin_instansi_finds_the_default_scheme_chooses_another_and_changes_it_again(client, admin_instansi):
    client.force_login(admin_instansi)
    html = client.get(reverse("admin:penilaian_skemapenilaian_changelist")).content.decode()
    assert "memakai skema bawaan, Triwulan" in html
    assert not SkemaPenilaian.objects.exists()  # opening the page wrote nothing

    response = client.post(reverse("admin:penilaian_skemapenilaian_add"), {"skema": "semester"})
    assert response.status_code == 302
    skema = SkemaPenilaian.objects.get(instansi=admin_instansi.instansi)
    assert skema.skema == "semester"
    assert client.get(reverse("admin:penilaian_skemapenilaian_add")).status_code == 403  # one per instansi

    response = client.post(reverse("admin:penilaian_skemapenilaian_change", args=[skema.pk]), {"skema": "bulanan"})
    assert response.status_code == 302
    skema.refresh_from_db()
    assert skema.skema == "bulanan"


def test_admin_instansi_sets_a_deadline_for_their_instansi_only(client, admin_instansi, admin_lain):
    client.force_login(admin_instansi)
    response = client.post(reverse("admin:penilaian_bataswaktu_add"), {"kode": "2026-TW1", "batas_waktu": "2026-04-15"})
    assert response.status_code == 302
    batas = BatasWaktu.objects.get()
    assert (batas.instansi, batas.batas_waktu) == (admin_instansi.instansi, datetime.date(2026, 4, 15))
    other = Client()
    other.force_login(admin_lain)
    assert "2026-TW1" not in other.get(reverse("admin:penilaian_bataswaktu_changelist")).content.decode()
    response = other.get(reverse("admin:penilaian_bataswaktu_change", args=[batas.pk]))
    assert response.status_code == 302  # another instansi's row is "not found"


def test_a_second_deadline_for_the_same_period_is_a_form_error_not_a_server_error(client, admin_instansi, admin_lain):
    """One batas waktu per period code per instansi: the instansi is not on the admin instansi's form, so Django's
    own check skipped the rule and the database refused the row with a 500 (accounts.admin.own_instansi_form)."""
    client.force_login(admin_instansi)
    add = reverse("admin:penilaian_bataswaktu_add")
    assert client.post(add, {"kode": "2026-TW1", "batas_waktu": "2026-04-15"}).status_code == 302
    response = client.post(add, {"kode": "2026-TW1", "batas_waktu": "2026-04-20"})
    assert response.status_code == 200 and "Batas waktu periode ini sudah diatur" in response.content.decode()
    assert 'value="2026-04-20"' in response.content.decode()  # what was typed is kept
    other = Client()
    other.force_login(admin_lain)  # another instansi sets its own for the same code
    assert other.post(add, {"kode": "2026-TW1", "batas_waktu": "2026-04-10"}).status_code == 302
    assert BatasWaktu.objects.count() == 2


def test_admin_instansi_opens_one_pegawais_period_after_its_batas_waktu(client, admin_instansi, pegawai):
    periode = PeriodePenilaianFactory(skp__pegawai=pegawai)
    client.force_login(admin_instansi)
    hingga = datetime.date.today() + datetime.timedelta(days=7)
    url = reverse("admin:penilaian_periodepenilaian_change", args=[periode.pk])
    response = client.post(url, {"dibuka_hingga": hingga.isoformat(), "alasan": "Sakit, surat dokter terlampir"})
    assert response.status_code == 302
    periode.refresh_from_db()
    assert periode.dibuka_hingga == hingga
    assert PeriodeStatusChange.objects.get(periode=periode).catatan.endswith("Sakit, surat dokter terlampir")


def test_an_unlock_without_a_reason_is_refused(client, admin_instansi, pegawai):
    periode = PeriodePenilaianFactory(skp__pegawai=pegawai)
    client.force_login(admin_instansi)
    url = reverse("admin:penilaian_periodepenilaian_change", args=[periode.pk])
    response = client.post(url, {"dibuka_hingga": datetime.date.today().isoformat(), "alasan": ""})
    assert response.status_code == 200
    periode.refresh_from_db()
    assert periode.dibuka_hingga is None


def test_an_unlock_with_an_overlong_reason_is_a_form_error_that_keeps_the_text(client, admin_instansi, pegawai):
    periode = PeriodePenilaianFactory(skp__pegawai=pegawai)
    client.force_login(admin_instansi)
    url = reverse("admin:penilaian_periodepenilaian_change", args=[periode.pk])
    alasan = "x" * 2001
    response = client.post(url, {"dibuka_hingga": datetime.date.today().isoformat(), "alasan": alasan})
    assert response.status_code == 200
    assert "alasan" in response.context["adminform"].form.errors
    assert alasan in response.content.decode()
    periode.refresh_from_db()
    assert periode.dibuka_hingga is None


def test_admin_instansi_reopens_a_finalised_period_from_the_admin_with_a_recorded_reason(
    client, admin_instansi, admin_lain, pegawai
):
    periode = PeriodePenilaianFactory(
        skp__pegawai=pegawai,
        status="ditetapkan",
        rating_hasil_kerja="sesuai",
        rating_perilaku="sesuai",
        predikat="baik",
    )
    change = reverse("admin:penilaian_periodepenilaian_change", args=[periode.pk])
    reopen = reverse("admin:penilaian_periodepenilaian_buka_kembali", args=[periode.pk])
    other = Client()
    other.force_login(admin_lain)
    assert other.post(reopen, {"catatan": "Coba"}).status_code == 404

    client.force_login(admin_instansi)
    assert reopen in client.get(change).content.decode()
    assert "Alasan membuka kembali" in client.get(reopen).content.decode()
    assert client.post(reopen, {"catatan": ""}).status_code == 200  # a reason is required
    response = client.post(reopen, {"catatan": "Rating tertukar dengan pegawai lain"})

    assert response.status_code == 302 and response.url == change
    periode.refresh_from_db()
    assert periode.status == "terbuka"
    assert PeriodeStatusChange.objects.get(periode=periode).catatan == "Rating tertukar dengan pegawai lain"
