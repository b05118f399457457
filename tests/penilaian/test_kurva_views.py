"""The penilai's pages for the head of a unit and Lihat Kurva (docs/rules.md §7.9, §8.7, §8.9): the derived Rating
Hasil Kerja with why, the review mark, the kurva of one's bawahan against the capaian that governs them, the
capaian form only for whoever may set it, the realised bars before any capaian, and bounded query counts."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts.models import UnitKerja
from penilaian import services
from penilaian.models import CapaianUnit, PeriodePenilaian
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating
from tests.factories import (
    PeriodePenilaianFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
    complete_skp,
    rencana_aksi_lengkap,
)
from tests.penilaian.test_services import beri_umpan_balik

pytestmark = pytest.mark.usefixtures("clock")

TW1 = "2026-TW1"
GREEN, RED = 'fill="#1e8449"', 'fill="#c0392b"'


def approved(pegawai, rhk_count=1):
    skp = SkpFactory(
        pegawai=pegawai,
        status="persetujuan",
        periode_awal=datetime.date(2026, 1, 1),
        periode_akhir=datetime.date(2026, 12, 31),
    )
    return complete_skp(skp, rhk_count=rhk_count)


@pytest.fixture
def org(instansi):
    """Dinas Pendidikan (head: the kepala dinas, whose atasan the sekda sits in the root unit) with two staff, and
    Bidang SD below it (head: the kabid, reporting to the kepala dinas) with one; each has a TW1 period."""
    root = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    sekda = UserFactory(unit_kerja=root, nama="Hendra Sekda")
    dinas = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan", parent=root)
    bidang = UnitKerjaFactory(instansi=instansi, nama="Bidang SD", parent=dinas)
    kadis = UserFactory(unit_kerja=dinas, atasan=sekda, nama="Siti Kadis")
    kabid = UserFactory(unit_kerja=bidang, atasan=kadis, nama="Made Kabid")
    staf = [UserFactory(unit_kerja=dinas, atasan=kadis, nama=f"Staf {n}") for n in range(2)]
    guru = UserFactory(unit_kerja=bidang, atasan=kabid, nama="Guru")
    periods = {u.nama: PeriodePenilaianFactory(skp=approved(u)) for u in (kadis, kabid, guru, *staf)}
    return SimpleNamespace(sekda=sekda, dinas=dinas, bidang=bidang, kadis=kadis, kabid=kabid, periods=periods)


def kurva_url(unit):
    return reverse("penilaian:kurva", args=[unit.pk, TW1])


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def rated(periode, penilai, hasil_kerja=Rating.SESUAI, perilaku=Rating.SESUAI):
    beri_umpan_balik(periode, penilai)
    services.rating_set(
        actor=penilai, periode_id=periode.pk, version=None, rating_hasil_kerja=hasil_kerja, rating_perilaku=perilaku
    )
    periode.refresh_from_db()
    return periode


def rating_select(html: str) -> str:
    return re.search(r'<select name="rating_hasil_kerja"[^>]*>', html).group(0)


# --- the head's evaluation ---------------------------------------------------------------------------------------


def test_the_heads_rating_hasil_kerja_is_shown_derived_with_why_and_saved_from_the_capaian(client, org):
    periode = org.periods["Siti Kadis"]
    services.capaian_set(actor=org.sekda, unit_kerja=org.dinas, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)
    beri_umpan_balik(periode, org.sekda)

    html = page(client, org.sekda, reverse("penilaian:evaluasi", args=[periode.pk]))

    assert (
        "Rating Hasil Kerja pimpinan unit mengikuti Capaian Kinerja Organisasi Dinas Pendidikan: "
        "Istimewa → Diatas Ekspektasi." in html
    )
    assert "disabled" in rating_select(html)  # shown, not a choice
    assert re.search(r'<option value="diatas" selected>', html)
    # A browser does not send a disabled field: the rating is saved from the capaian.
    periode.refresh_from_db()
    client.post(
        reverse("penilaian:rating", args=[periode.pk]), {"rating_perilaku": "diatas", "version": periode.version}
    )
    periode.refresh_from_db()
    assert (periode.rating_hasil_kerja, periode.predikat) == (Rating.DIATAS, Predikat.SANGAT_BAIK)


def test_until_the_unit_has_a_capaian_the_heads_form_says_who_sets_it_and_lets_the_penilai_choose(client, org):
    periode = org.periods["Siti Kadis"]
    beri_umpan_balik(periode, org.sekda)

    html = page(client, org.sekda, reverse("penilaian:evaluasi", args=[periode.pk]))

    assert "belum ditetapkan untuk periode ini oleh atasan pimpinan unit (Hendra Sekda) atau admin instansi" in html
    assert "disabled" not in rating_select(html)


def test_a_bawahan_who_heads_nothing_gets_no_note_and_a_free_choice(client, org):
    periode = org.periods["Staf 0"]
    services.capaian_set(actor=org.sekda, unit_kerja=org.dinas, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)
    beri_umpan_balik(periode, org.kadis)

    html = page(client, org.kadis, reverse("penilaian:evaluasi", args=[periode.pk]))

    assert "pimpinan unit mengikuti" not in html
    assert "disabled" not in rating_select(html)


def test_a_period_marked_for_review_says_so_to_the_penilai_and_the_admin(client, org, admin_instansi):
    periode = rated(org.periods["Siti Kadis"], org.sekda)
    services.periode_finalise(actor=org.sekda, periode_id=periode.pk, version=None)
    services.capaian_set(actor=org.sekda, unit_kerja=org.dinas, kode=TW1, capaian=CapaianOrganisasi.KURANG)

    html = page(client, org.sekda, reverse("penilaian:evaluasi", args=[periode.pk]))
    assert "Perlu ditinjau." in html and "menjadi Kurang setelah penilaian ini ditetapkan" in html
    assert "perlu ditinjau</strong>" in page(client, org.sekda, reverse("penilaian:pemantauan") + f"?kode={TW1}")

    services.periode_reopen(actor=org.sekda, periode_id=periode.pk, catatan="Capaian berubah")
    html = page(client, org.sekda, reverse("penilaian:evaluasi", args=[periode.pk]))
    assert "Simpan rating lagi" in html and reverse("penilaian:tetapkan", args=[periode.pk]) not in html

    marked = page(client, admin_instansi, reverse("admin:penilaian_periodepenilaian_changelist") + "?perlu_ditinjau=ya")
    assert "Siti Kadis" in marked and "Staf 0" not in marked
    assert "menjadi Kurang" in page(
        client, admin_instansi, reverse("admin:penilaian_periodepenilaian_change", args=[periode.pk])
    )


# --- Lihat Kurva -------------------------------------------------------------------------------------------------


def test_lihat_kurva_shows_the_penilais_bawahan_against_the_capaian_but_no_form_they_cannot_use(client, org):
    services.capaian_set(actor=org.sekda, unit_kerja=org.dinas, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    for nama in ("Staf 0", "Staf 1"):
        PeriodePenilaian.objects.filter(pk=org.periods[nama].pk).update(predikat=Predikat.SANGAT_BAIK)
    PeriodePenilaian.objects.filter(pk=org.periods["Guru"].pk).update(predikat=Predikat.BUTUH_PERBAIKAN)

    # The kepala dinas assesses the staff and the kabid, but may not set the capaian of the unit they head.
    html = page(client, org.kadis, kurva_url(org.dinas))

    assert "Kurva penilaian bawahan Anda" in html and "Distribusi Dinas Pendidikan" in html
    assert html.count(RED) == 10 and html.count(GREEN) == 10  # two charts, five predikat each
    assert "Sangat Baik" in html and "(2)" in html
    assert "Ditetapkan oleh atasan pimpinan unit (Hendra Sekda) atau admin instansi" in html
    assert 'name="capaian"' not in html
    # The Guru of Bidang SD (no capaian of its own) counts in the Dinas's distribution: 3 of them rated.
    assert "3 pegawai sudah diberi predikat" in html
    client.post(kurva_url(org.dinas), {"capaian": "istimewa"})  # posted anyway: refused
    assert CapaianUnit.objects.get(unit_kerja=org.dinas, kode=TW1).capaian == CapaianOrganisasi.BAIK


def test_lihat_kurva_without_a_capaian_says_who_sets_it_and_still_draws_the_realised_bars(client, org):
    PeriodePenilaian.objects.filter(pk=org.periods["Staf 0"].pk).update(predikat=Predikat.BAIK)

    html = page(client, org.kadis, kurva_url(org.dinas))

    assert "Capaian Kinerja Organisasi Dinas Pendidikan untuk periode ini belum ditetapkan" in html
    assert "ditetapkan oleh atasan pimpinan unit (Hendra Sekda) atau admin instansi" in html
    assert RED not in html
    assert re.search(rf'<rect x="\d+" y="20" width="30" height="180" {GREEN}/>', html)  # 1 of 1 Baik: 100 %


def test_the_atasan_of_the_head_sees_the_form_and_sets_the_capaian_there(client, org):
    html = page(client, org.sekda, kurva_url(org.dinas))
    assert 'name="capaian"' in html

    client.post(kurva_url(org.dinas), {"capaian": "istimewa"})

    assert "Capaian Kinerja Organisasi <strong>Istimewa</strong>" in page(client, org.sekda, kurva_url(org.dinas))


def test_lihat_kurva_links_to_the_unit_whose_capaian_governs_the_bawahan(client, org):
    services.capaian_set(actor=org.sekda, unit_kerja=org.dinas, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    guru = org.periods["Guru"]

    # The kabid's Guru works in Bidang SD, which has no capaian: the Dinas's governs them.
    pemantauan = page(client, org.kabid, reverse("penilaian:pemantauan") + f"?kode={TW1}")
    assert f'href="{kurva_url(org.dinas)}"' in pemantauan
    evaluasi = page(client, org.kabid, reverse("penilaian:evaluasi", args=[guru.pk]))
    assert f'href="{kurva_url(org.dinas)}"' in evaluasi
    html = page(client, org.kabid, kurva_url(org.dinas))
    assert "Kurva penilaian bawahan Anda" in html

    # Bidang SD's own page says that the Dinas governs it until it has a capaian of its own.
    bidang = page(client, org.kabid, kurva_url(org.bidang))
    assert "pegawainya dihitung dalam distribusi Dinas Pendidikan (Baik)" in bidang


def test_lihat_kurva_is_not_found_for_someone_who_neither_assesses_anyone_counted_nor_sets_it(client, org):
    outsider = UserFactory(unit_kerja=org.bidang, atasan=org.kabid)
    client.force_login(outsider)
    assert client.get(kurva_url(org.dinas)).status_code == 404


# --- query counts --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 40])
def test_lihat_kurva_of_a_penilai_takes_a_fixed_number_of_queries(client, org, size, django_assert_num_queries):
    services.capaian_set(actor=org.sekda, unit_kerja=org.dinas, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    for n in range(size):
        sub = UnitKerjaFactory(instansi=org.dinas.instansi, parent=org.bidang if n % 2 else org.dinas)
        user = UserFactory(unit_kerja=sub, atasan=org.kadis)
        PeriodePenilaianFactory(skp__pegawai=user, kode=TW1, predikat=["baik", "sangat_baik"][n % 2], penilai=org.kadis)
    client.force_login(org.kadis)
    client.get(kurva_url(org.dinas))
    # The session and its user (one query), the unit, the governing capaian, the predikat of the unit and of the
    # penilai's bawahan in it (one query), and who sets the capaian.
    with django_assert_num_queries(5):
        html = client.get(kurva_url(org.dinas)).content.decode()
    assert f"{size} pegawai sudah diberi predikat" in html


@pytest.mark.parametrize("size", [2, 30])
def test_the_heads_evaluation_takes_a_fixed_number_of_queries(client, org, size, django_assert_num_queries):
    services.capaian_set(actor=org.sekda, unit_kerja=org.dinas, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    for _ in range(size):
        user = UserFactory(unit_kerja=org.dinas, atasan=org.kadis)
        PeriodePenilaianFactory(skp__pegawai=user, kode=TW1, predikat="baik", penilai=org.kadis)
    periode = org.periods["Siti Kadis"]
    rencana_aksi_lengkap(periode)
    url = reverse("penilaian:evaluasi", args=[periode.pk])
    client.force_login(org.sekda)
    client.get(url)
    # The session and its user (one query); the period with its SKP, unit, pegawai and their atasan; the RHK, their
    # rencana aksi and bukti dukung; the umpan balik; the governing capaian (which says whether the head's unit has
    # its own) and the predikat of its distribution: as for any other bawahan; the Ekspektasi Khusus Pimpinan
    # shown beside each perilaku (issue 10).
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()
    assert "Sesuai Ekspektasi." in html  # Baik → Sesuai
