"""Issue 10: Hapus on Daftar SKP works with JavaScript on (its hx-target is on the page), and the SKP forms opened as
pages of their own (a link in a new tab, Tambah RHK from the matrix) are plain forms, since only Detail SKP has the
#panel that the in-place forms post into."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from skp.models import MphRow, Rhk, Skp, StatusSkp
from tests.factories import IndikatorFactory, RhkFactory, SkpFactory, complete_skp

DAFTAR = reverse("skp:daftar")
HTMX = {"HX-Request": "true"}


def url(name: str, *args) -> str:
    return reverse(f"skp:{name}", args=args)


def html_of(response) -> str:
    return response.content.decode()


def form_tag(html: str, action: str) -> str:
    """The start tag of the form that posts to `action`."""
    match = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>', html)
    assert match, f"no form posting to {action}"
    return match[0]


@pytest.fixture
def draft(pegawai):
    return complete_skp(SkpFactory(pegawai=pegawai))


def test_hapus_on_daftar_skp_asks_first_then_the_list_shows_the_skp_gone(client, pegawai, draft):
    client.force_login(pegawai)
    hapus = url("hapus", draft.pk)
    page = html_of(client.get(DAFTAR))
    tag = form_tag(page, hapus)
    assert 'hx-confirm="Hapus SKP ini beserta seluruh isinya?"' in tag
    assert f'hx-post="{hapus}"' in tag
    assert 'hx-target="#panel"' in tag
    assert 'id="panel"' in page  # the target is on this page, so the button does something

    response = client.post(hapus, headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == DAFTAR  # the browser opens the list again
    assert not Skp.objects.filter(pk=draft.pk).exists()
    page = client.get(DAFTAR)
    assert "SKP dihapus." in [str(m) for m in get_messages(page.wsgi_request)]
    assert hapus not in html_of(page)
    assert "Anda belum memiliki SKP." in html_of(page)


def test_hapus_without_javascript_asks_first_then_redirects_to_the_list(client, pegawai, draft):
    client.force_login(pegawai)
    assert "<h1>Hapus SKP?</h1>" in html_of(client.post(url("hapus", draft.pk)))
    assert Skp.objects.filter(pk=draft.pk).exists()
    response = client.post(url("hapus", draft.pk), {"yakin": "1"})
    assert (response.status_code, response.url) == (302, DAFTAR)
    assert not Skp.objects.filter(pk=draft.pk).exists()


def test_a_refused_hapus_on_daftar_skp_says_why_in_the_panel_of_the_list(client, atasan, pegawai):
    """The atasan's Draft whose RHK a bawahan already intervenes cannot be deleted: the reason lands in #panel."""
    own = SkpFactory(pegawai=atasan)
    rhk = RhkFactory(skp=own)
    RhkFactory(skp=SkpFactory(pegawai=pegawai), rhk_atasan=rhk)
    client.force_login(atasan)
    assert 'id="panel"' in html_of(client.get(DAFTAR))

    response = client.post(url("hapus", own.pk), headers=HTMX)

    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert "ada RHK bawahan yang mengintervensi RHK-nya" in html_of(response)
    assert Skp.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("view", ["rhk_tambah", "rhk_ubah", "indikator_ubah", "lampiran_tambah", "ubah"])
def test_a_form_opened_as_a_page_of_its_own_is_a_plain_form_and_in_the_panel_an_htmx_one(client, pegawai, draft, view):
    rhk = draft.rhk_list.get()
    args = {
        "rhk_tambah": [draft.pk],
        "rhk_ubah": [draft.pk, rhk.pk],
        "indikator_ubah": [draft.pk, rhk.indikator_list.get().pk],
        "lampiran_tambah": [draft.pk],
        "ubah": [draft.pk],
    }[view]
    page_url = url(view, *args)
    client.force_login(pegawai)

    page = html_of(client.get(page_url))
    assert "hx-" not in page.split("<main", 1)[-1]  # nothing on the page aims at a #panel it does not have
    assert f'<a href="{draft.get_absolute_url()}">Batal</a>' in page

    fragment = html_of(client.get(page_url, headers=HTMX))
    assert f'hx-post="{page_url}" hx-target="#panel"' in form_tag(fragment, page_url)
    assert f'hx-get="{draft.get_absolute_url()}?panel=tutup" hx-target="#panel"' in fragment


def test_tambah_rhk_as_a_page_saves_with_a_plain_post_and_goes_back_to_detail_skp(client, atasan, pegawai, draft):
    rhk_atasan = RhkFactory(skp=SkpFactory(pegawai=atasan, status=StatusSkp.PERSETUJUAN))
    client.force_login(pegawai)
    data = {
        "jenis": "utama",
        "klasifikasi": "individu",
        "teks": "Tersusunnya laporan bulanan",
        "rhk_atasan": rhk_atasan.pk,
    }
    response = client.post(url("rhk_tambah", draft.pk), data)
    rhk = Rhk.objects.get(skp=draft, teks="Tersusunnya laporan bulanan")
    assert (response.status_code, response.url) == (302, f"{draft.get_absolute_url()}#rhk-{rhk.pk}")


def test_hapus_rhk_on_the_ubah_rhk_page_is_a_plain_post_that_returns_to_detail_skp(client, pegawai, draft):
    rhk = draft.rhk_list.get()
    client.force_login(pegawai)
    hapus = url("rhk_hapus", draft.pk, rhk.pk)
    tag = form_tag(html_of(client.get(url("rhk_ubah", draft.pk, rhk.pk))), hapus)
    assert "hx-" not in tag

    assert "<h1>Hapus RHK?</h1>" in html_of(client.post(hapus, {"version": rhk.version}))  # it asks first
    response = client.post(hapus, {"version": rhk.version, "yakin": "1"})

    assert (response.status_code, response.url) == (302, f"{draft.get_absolute_url()}#hasil-kerja")
    assert not Rhk.objects.filter(pk=rhk.pk).exists()


def test_tambah_rhk_from_the_matrix_is_a_plain_form_that_leads_back_to_the_matrix(client, atasan, pegawai):
    skp_atasan = SkpFactory(pegawai=atasan, status=StatusSkp.PERSETUJUAN)
    rhk_atasan = RhkFactory(skp=skp_atasan)
    IndikatorFactory(rhk=rhk_atasan)
    member = SkpFactory(pegawai=pegawai)
    row = MphRow.objects.create(instansi=member.instansi, penilai_skp=skp_atasan, skp=member)
    cell = url("matriks_rhk", skp_atasan.pk, row.pk, rhk_atasan.pk)
    matriks = url("matriks", skp_atasan.pk)
    client.force_login(atasan)

    page = html_of(client.get(cell))

    assert "hx-" not in page.split("<main", 1)[-1]
    assert f'<a class="back-link" href="{matriks}">← Kembali ke Matriks Peran Hasil</a>' in page
    assert f'<a href="{matriks}">Batal</a>' in page
    response = client.post(cell, {"jenis": "utama", "teks": "Terverifikasinya berkas"})
    assert (response.status_code, response.url) == (302, matriks)
    assert member.rhk_list.get().teks == "Terverifikasinya berkas"
