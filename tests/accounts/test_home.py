"""The home page (Beranda): profile, atasan, bawahan, Plt. Its to-do list: tests/test_beranda.py."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import PltAssignmentFactory, UserFactory

HOME = reverse("accounts:home")


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_home_shows_profile_and_atasan(client, pegawai):
    client.force_login(pegawai)
    html = client.get(HOME).content.decode()
    assert pegawai.nama_lengkap in html
    assert pegawai.jabatan in html
    assert escape(pegawai.unit_kerja.path) in html
    assert "Penata Muda, III/a" in html
    assert "Budi Atasan" in html
    assert "bawahan-judul" not in html  # no Bawahan section for someone without bawahan


def test_home_without_atasan_says_who_can_fix_it(client, atasan):
    client.force_login(atasan)
    assert "Admin instansi Anda dapat mengaturnya" in client.get(HOME).content.decode()


def test_atasan_sees_active_bawahan_only(client, atasan, pegawai, pegawai_lain):
    pegawai_lain.is_active = False
    pegawai_lain.save()
    client.force_login(atasan)
    html = client.get(HOME).content.decode()
    assert "Bawahan (1)" in html
    assert pegawai.nama_lengkap in html
    assert pegawai_lain.nama_lengkap not in html


def test_plt_holder_sees_the_assignment_and_its_atasan_sees_the_plt(client, pegawai, atasan):
    PltAssignmentFactory(pegawai=pegawai, jabatan="Kepala Seksi Uji", atasan=atasan)
    client.force_login(pegawai)
    assert "Plt. Kepala Seksi Uji" in client.get(HOME).content.decode()
    client.force_login(atasan)
    html = client.get(HOME).content.decode()
    assert "Plt. Kepala Seksi Uji" in html


def test_finished_plt_is_not_shown(client, pegawai):
    import datetime

    PltAssignmentFactory(
        pegawai=pegawai,
        jabatan="Kepala Seksi Lama",
        mulai=datetime.date(2020, 1, 1),
        selesai=datetime.date(2020, 6, 30),
    )
    client.force_login(pegawai)
    assert "Kepala Seksi Lama" not in client.get(HOME).content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_home_query_count_does_not_grow_with_bawahan(client, atasan, size, django_assert_num_queries):
    UserFactory.create_batch(size, atasan=atasan, unit_kerja=atasan.unit_kerja)
    PltAssignmentFactory.create_batch(2, atasan=atasan)
    client.force_login(atasan)
    client.get(HOME)  # the first request after login touches the session
    # The session with its user, me + atasan + bawahan, the Plt posts; then the to-do list (tests/test_beranda.py):
    # the SKPs, the periods I rate, the scheme, my SKPs without the current period, my open periods (no batas waktu to
    # look up: none of them is there).
    with django_assert_num_queries(8):
        response = client.get(HOME)
    assert response.context["jumlah_bawahan"] == size + 2


def test_home_page_has_landmarks_and_skip_link(client, pegawai):
    client.force_login(pegawai)
    html = client.get(HOME).content.decode()
    assert '<html lang="id">' in html
    assert 'href="#konten"' in html and 'id="konten"' in html
    assert "<main" in html and "<nav" in html and "<header" in html
