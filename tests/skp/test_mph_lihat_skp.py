"""Issue 10: "Lihat SKP" on a Matriks Peran Hasil row added with Tambah Pegawai opens the colleague's SKP once they
accepted (read-only, from Pengajuan on), and gives nobody else, nor a pending or declined row, any access
(docs/rules.md §4.6)."""

import re

import pytest
from django.urls import Resolver404, resolve, reverse

from skp.models import MphRow, Skp, StatusSkp
from tests.factories import IndikatorFactory, RhkFactory, SkpFactory, UnitKerjaFactory, UserFactory, complete_skp

LIHAT = "Lihat SKP"


def url(name: str, *args) -> str:
    return reverse(f"skp:{name}", args=args)


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def skp_atasan(atasan, pegawai):
    """The atasan's own SKP (he is a penilai: `pegawai` is his bawahan), with an RHK as the matrix's column."""
    skp = SkpFactory(pegawai=atasan, status=StatusSkp.PERSETUJUAN)
    IndikatorFactory(rhk=RhkFactory(skp=skp, teks="Tertibnya administrasi mutasi pegawai"))
    return skp


@pytest.fixture
def rekan(instansi):
    """A colleague of another unit, with a penilai of their own: not the atasan's bawahan."""
    unit = UnitKerjaFactory(instansi=instansi, nama="Bidang Pengadaan")
    kabid = UserFactory(unit_kerja=unit, nama="Fajar Kabid Pengadaan", jabatan="Kepala Bidang Pengadaan")
    return UserFactory(unit_kerja=unit, atasan=kabid, nama="Joko Tim Lintas")


@pytest.fixture
def skp_rekan(rekan):
    skp = complete_skp(SkpFactory(pegawai=rekan, status=StatusSkp.PENGAJUAN))
    skp.rhk_list.update(teks="Terselenggaranya pengadaan barang tepat waktu")
    return skp


def tambah_pegawai(client, atasan, skp_atasan, member: Skp) -> MphRow:
    client.force_login(atasan)
    response = client.post(url("matriks_tambah_pegawai", skp_atasan.pk), {"skp_anggota": member.pk})
    assert response.status_code == 302
    return MphRow.objects.get(penilai_skp=skp_atasan, skp=member)


def jawab(client, member: Skp, row: MphRow, jawaban: str) -> None:
    client.force_login(member.pegawai)
    assert client.post(url("matriks_ajakan", row.pk), {"jawaban": jawaban}).status_code == 302


def matrix_row(client, atasan, skp_atasan, member: Skp) -> str:
    """The header cell of the member's row in the atasan's matrix."""
    client.force_login(atasan)
    html = html_of(client.get(url("matriks", skp_atasan.pk)))
    match = re.search(rf'<th scope="row">{member.pegawai_snapshot["nama"]}.*?</th>', html, re.S)
    assert match, "the member has no row in the matrix"
    return match[0]


def test_lihat_skp_of_an_accepted_tambah_pegawai_row_opens_the_skp_read_only(client, atasan, skp_atasan, skp_rekan):
    row = tambah_pegawai(client, atasan, skp_atasan, skp_rekan)
    jawab(client, skp_rekan, row, "terima")

    header = matrix_row(client, atasan, skp_atasan, skp_rekan)
    assert f'<a href="{skp_rekan.get_absolute_url()}">{LIHAT}</a>' in header
    response = client.get(skp_rekan.get_absolute_url())

    assert response.status_code == 200
    page = html_of(response)
    assert "Terselenggaranya pengadaan barang tepat waktu" in page
    assert "SKP ini termasuk dalam Matriks Peran Hasil Anda. Anda hanya dapat melihatnya" in page
    assert f'<a href="{url("matriks", skp_atasan.pk)}">← Matriks Peran Hasil</a>' in page
    # Read-only: no Edit Status, no editing, no Ekspektasi, and no Cetak or Penilaian (outside his scope).
    for absent in ("Edit Status", "Ubah Periode", "Ajukan SKP", "Ubah ekspektasi", "Tambah Rencana", "Cetak", "<form"):
        assert absent not in page.split("<main", 1)[1], absent


def test_every_link_on_the_read_only_skp_opens_for_the_matrix_owner(client, atasan, skp_atasan, skp_rekan):
    """The page the link opens must not lead to a 404 either (the bug this issue is about, one page further)."""
    row = tambah_pegawai(client, atasan, skp_atasan, skp_rekan)
    jawab(client, skp_rekan, row, "terima")
    client.force_login(atasan)
    page = html_of(client.get(skp_rekan.get_absolute_url())).split("<main", 1)[1]
    links = {href for href in re.findall(r'href="(/[^"#]*)', page)}
    assert url("matriks", skp_atasan.pk) in links
    for href in links:
        try:
            resolve(href.split("?")[0])
        except Resolver404:
            continue
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize(
    "name",
    ["ubah", "ajukan", "edit_status", "rhk_tambah", "lampiran_tambah", "matriks", "cetak", "penilaian"],
)
def test_the_matrix_owner_gets_no_other_page_of_the_accepted_skp(client, atasan, skp_atasan, skp_rekan, name):
    row = tambah_pegawai(client, atasan, skp_atasan, skp_rekan)
    jawab(client, skp_rekan, row, "terima")
    skp_rekan.status = StatusSkp.PERSETUJUAN
    skp_rekan.save()
    target = {
        "cetak": reverse("cetak:skp", args=[skp_rekan.pk]),
        "penilaian": reverse("penilaian:daftar", args=[skp_rekan.pk]),
    }.get(name) or url(name, skp_rekan.pk)
    client.force_login(atasan)
    assert client.get(target).status_code == 404
    assert client.post(target).status_code == 404


def test_a_pending_row_shows_why_there_is_no_link_and_gives_no_access(client, atasan, skp_atasan, skp_rekan):
    tambah_pegawai(client, atasan, skp_atasan, skp_rekan)

    header = matrix_row(client, atasan, skp_atasan, skp_rekan)

    assert LIHAT not in header
    assert "SKP dapat dilihat setelah ajakan diterima." in header
    assert client.get(skp_rekan.get_absolute_url()).status_code == 404


def test_a_declined_row_gives_no_access(client, atasan, skp_atasan, skp_rekan):
    row = tambah_pegawai(client, atasan, skp_atasan, skp_rekan)
    jawab(client, skp_rekan, row, "tolak")
    client.force_login(atasan)
    assert client.get(skp_rekan.get_absolute_url()).status_code == 404


def test_an_accepted_row_still_in_draft_shows_why_there_is_no_link_and_gives_no_access(
    client, atasan, skp_atasan, rekan
):
    draft = SkpFactory(pegawai=rekan)
    row = tambah_pegawai(client, atasan, skp_atasan, draft)
    jawab(client, draft, row, "terima")

    header = matrix_row(client, atasan, skp_atasan, draft)

    assert LIHAT not in header
    assert "SKP dapat dilihat setelah diajukan." in header
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_nobody_else_gains_access_through_the_matrix(
    client, atasan, pegawai, pegawai_lain, skp_atasan, skp_rekan, admin_lain
):
    """The bawahan whose SKP is in the same matrix, a peer, another penilai with a pending invitation for the same
    SKP, and an admin of another instansi all still get 404."""
    row = tambah_pegawai(client, atasan, skp_atasan, skp_rekan)
    jawab(client, skp_rekan, row, "terima")
    SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN)  # a bawahan row of the same matrix
    client.force_login(atasan)
    client.post(url("matriks_sinkronisasi", skp_atasan.pk))
    penilai_lain = UserFactory(unit_kerja=pegawai.unit_kerja, nama="Penilai Lain", jabatan="Kepala Seksi")
    UserFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai_lain)
    skp_penilai_lain = SkpFactory(pegawai=penilai_lain, status=StatusSkp.PERSETUJUAN)
    tambah_pegawai(client, penilai_lain, skp_penilai_lain, skp_rekan)  # not accepted

    for user in (pegawai, pegawai_lain, penilai_lain, admin_lain):
        client.force_login(user)
        assert client.get(skp_rekan.get_absolute_url()).status_code == 404, user.nama
    assert set(Skp.objects.visible_to(atasan).values_list("pk", flat=True)) & {skp_rekan.pk} == set()
