"""Kotak Masuk Penilai (docs/rules.md §14.6): the bawahan's SKPs to approve, periods to rate and to Tetapkan, each
linking to where the penilai acts; only the user's own bawahan."""

import re

import pytest
from django.urls import reverse

from tests.laporan.conftest import pegawai_with

URL = reverse("laporan:kotak_masuk")


def test_the_penilai_sees_what_waits_for_them_with_where_to_act(client, tree, atasan):
    client.force_login(atasan)
    page = client.get(URL).content.decode()
    skp = tree.people["pengajuan"].skp_list.get()
    assert "SKP Bawahan menunggu persetujuan (1)" in page and f'href="{skp.get_absolute_url()}"' in page
    assert "Periode siap dinilai (2)" in page
    for who in ("sudah_mengisi", "umpan_balik"):
        periode = tree.people[who].skp_list.get().periode_list.get()
        assert f'href="{reverse("penilaian:evaluasi", args=[periode.pk])}"' in page
    assert "Sudah dinilai, menunggu Tetapkan (1)" in page and "Dini Dinilai" in page
    assert "Tika Tetap" not in page  # ditetapkan: nothing left to do
    assert (
        "Dewi Draft" not in page and "Rudi Revisi" not in page
    )  # a Draft is never shown; a Revisi waits for its owner
    assert "<h1>Kotak Masuk Penilai (4)</h1>" in page


def test_someone_elses_bawahan_never_show(client, tree, pegawai):
    client.force_login(pegawai)
    page = client.get(URL).content.decode()
    assert "Tidak ada yang menunggu Anda saat ini." in page
    assert not re.search(r"Putri|Umar|Dini", page)


def test_an_admin_instansi_sees_only_their_own_bawahan_not_the_instansi(client, tree):
    client.force_login(tree.admin)
    assert "Tidak ada yang menunggu Anda saat ini." in client.get(URL).content.decode()


def test_the_anonymous_are_sent_to_login(client):
    assert client.get(URL).url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("size", [1, 6])
def test_the_inbox_queries_do_not_grow_with_bawahan(client, tree, atasan, size, django_assert_num_queries):
    for _ in range(size):
        pegawai_with(tree.unit, atasan, skp="pengajuan")
        pegawai_with(tree.unit, atasan, skp="persetujuan", periode="umpan_balik")
        pegawai_with(tree.unit, atasan, skp="persetujuan", periode="dinilai")
    client.force_login(atasan)
    client.get(URL)
    # The session with its user, the SKPs in Pengajuan, the periods.
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
