"""Dasbor Laporan (docs/rules.md §14.4): the admin instansi sees, per unit and in total, who has no SKP or one in each
status, how far each is with the period and their predikat; every number opens the list of exactly those pegawai."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.laporan.conftest import pegawai_with

DASBOR = reverse("laporan:dasbor")
DAFTAR = reverse("laporan:dasbor_pegawai")


def links(response) -> dict[str, str]:
    """The drill-down links of the page by their accessible text ("3 pegawai Draft, Jumlah")."""
    html = response.content.decode()
    found = re.findall(r'<a href="(/laporan/pegawai/\?[^"]+)">(\d+)<span class="visually-hidden"> ([^<]+)</span>', html)
    return {f"{n} {unescape(label)}": unescape(href) for href, n, label in found}


def names(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return set(re.findall(r'<td data-label="Nama">([^<]+)</td>', response.content.decode()))


def test_the_admin_sees_every_skp_status_counted_for_the_instansi(client, tree):
    client.force_login(tree.admin)
    response = client.get(DASBOR)
    assert response.status_code == 200
    found = links(response)
    # Bidang Mutasi's atasan and admin have no SKP either; Bidang Lain's Lina neither.
    for label in [
        "4 pegawai Belum ada SKP, Jumlah",
        "2 pegawai Draft, Jumlah",
        "1 pegawai Pengajuan, Jumlah",
        "1 pegawai Revisi, Jumlah",
        "5 pegawai Persetujuan, Jumlah",
        "13 pegawai, Jumlah",
    ]:
        assert label in found, sorted(found)
    assert "31 %" in response.content.decode()  # 4 of 13 without an SKP


def test_each_period_state_and_predikat_is_counted_among_the_approved(client, tree):
    client.force_login(tree.admin)
    found = links(client.get(DASBOR, {"kode": "2026-TW1"}))
    for state in ["Belum mengisi", "Sudah mengisi", "Umpan balik", "Dinilai", "Ditetapkan"]:
        assert f"1 pegawai {state}, Jumlah" in found
    assert "2 pegawai Baik, Jumlah" in found


def test_each_number_lists_exactly_those_pegawai(client, tree):
    client.force_login(tree.admin)
    found = links(client.get(DASBOR))
    assert names(client, found["2 pegawai Draft, Jumlah"]) == {"Dewi Draft", "Sigit Sub"}
    assert names(client, found["1 pegawai Umpan balik, Jumlah"]) == {"Umar Umpan"}
    assert names(client, found["4 pegawai Belum ada SKP, Jumlah"]) == {
        "Tono Tanpa",
        "Budi Atasan",
        "Dodi Admin",
        "Lina Lain",
    }


def test_the_list_shows_nip_unit_jabatan_and_atasan(client, tree):
    client.force_login(tree.admin)
    page = client.get(DAFTAR, {"unit": tree.sub.pk}).content.decode()
    sigit = tree.people["sub"]
    assert sigit.nip in page and "Subbidang Data" in page and sigit.jabatan in page and "Budi Atasan" in page


def test_drilling_down_a_unit_counts_its_subtree_and_its_own_pegawai(client, tree):
    client.force_login(tree.admin)
    top = links(client.get(DASBOR))
    assert "12 pegawai, Bidang Mutasi" in top and "1 pegawai, Bidang Lain" in top  # Subbidang Data inside Bidang Mutasi
    inside = client.get(DASBOR, {"unit": tree.unit.pk})
    assert "<h1>Dasbor Laporan: Bidang Mutasi</h1>" in inside.content.decode()
    found = links(inside)
    assert "1 pegawai Draft, Subbidang Data" in found
    assert "1 pegawai Draft, Langsung di Bidang Mutasi" in found
    assert names(client, found["1 pegawai Draft, Langsung di Bidang Mutasi"]) == {"Dewi Draft"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [({"jenis_jabatan": "Pelaksana"}, {"Sigit Sub"}), ({"status_kepegawaian": "PPPK"}, {"Sigit Sub"})],
)
def test_the_filters_narrow_the_numbers_and_their_lists(client, tree, filters, expected):
    client.force_login(tree.admin)
    found = links(client.get(DASBOR, filters))
    assert "1 pegawai, Jumlah" in found
    assert names(client, found["1 pegawai, Jumlah"]) == expected


def test_the_unit_kurva_is_checked_against_its_own_capaian(client, tree):
    from tests.factories import CapaianUnitFactory

    CapaianUnitFactory(unit_kerja=tree.unit, kode="2026-TW1", capaian="baik", oleh=tree.admin)
    client.force_login(tree.admin)
    page = client.get(DASBOR, {"unit": tree.unit.pk, "kode": "2026-TW1"}).content.decode()
    assert "Capaian Kinerja Organisasi: <strong>Baik</strong>" in page
    # Two Baik and nobody Butuh Perbaikan or Kurang: the rule of a Baik unit is broken, and said so.
    assert "✘ Belum terpenuhi: Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct" in page


def test_a_past_year_opens_on_its_tahunan(client, tree):
    client.force_login(tree.admin)
    page = client.get(DASBOR, {"tahun": "2025"}).content.decode()
    assert 'value="2025-TAHUNAN" selected' in page
    assert "13 pegawai Belum ada SKP, Jumlah" in links(client.get(DASBOR, {"tahun": "2025"}))


def test_the_downloads_are_linked_for_the_unit(client, tree):
    client.force_login(tree.admin)
    page = client.get(DASBOR, {"unit": tree.unit.pk}).content.decode()
    assert f"/laporan/skp.xlsx?unit={tree.unit.pk}&amp;tahun=2026" in page
    assert f"/laporan/penilaian.csv?unit={tree.unit.pk}&amp;kode=2026-TW1" in page


# --- Scope --------------------------------------------------------------------------------------------------


def test_another_instansi_admin_never_sees_our_rows(client, tree, admin_lain):
    client.force_login(admin_lain)
    found = links(client.get(DASBOR))
    assert not any(k.endswith("Bidang Mutasi") for k in found)
    every = names(client, f"{DAFTAR}?bagian=")
    assert every and not every & {p.nama for p in tree.people.values()}


@pytest.mark.parametrize("url", [DASBOR, DAFTAR])
def test_a_guessed_unit_of_another_instansi_is_not_found(client, tree, admin_lain, url):
    client.force_login(admin_lain)
    assert client.get(url, {"unit": tree.unit.pk}).status_code == 404
    assert client.get(url, {"unit": tree.sub.pk, "bagian": "skp", "kategori": "draft"}).status_code == 404


def test_an_admin_instansi_cannot_pick_another_instansi(client, tree, admin_lain):
    client.force_login(admin_lain)
    found = links(client.get(DASBOR, {"instansi": tree.unit.instansi_id}))
    assert not any(k.endswith("Bidang Mutasi") for k in found)
    assert names(client, f"{DAFTAR}?instansi={tree.unit.instansi_id}&bagian=skp&kategori=draft") == {"Asing Luar"}


def test_a_superadmin_picks_the_instansi(client, tree, superadmin):
    client.force_login(superadmin)
    assert "Pilih instansi" in client.get(DASBOR).content.decode()
    found = links(client.get(DASBOR, {"instansi": tree.unit.instansi_id}))
    assert "12 pegawai, Bidang Mutasi" in found
    assert "Dewi Draft" in names(client, found["2 pegawai Draft, Jumlah"])


@pytest.mark.parametrize("who", ["pegawai", "atasan"])
@pytest.mark.parametrize("url", [DASBOR, DAFTAR])
def test_only_admins_open_the_dashboard(client, request, tree, who, url):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 403


def test_the_anonymous_are_sent_to_login(client, tree):
    assert client.get(DASBOR).url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "query",
    [
        {"tahun": "abc"},
        {"tahun": "1999"},
        {"kode": "2026-XX9"},
        {"kode": "x" * 50},
        {"unit": "abc"},
        {"unit": "99999999999999999999"},
        {"jenis_jabatan": "Presiden"},
        {"status_kepegawaian": "honorer"},
    ],
)
@pytest.mark.parametrize("url", [DASBOR, DAFTAR])
def test_bad_filters_are_a_bad_request_saying_why(client, tree, query, url):
    client.force_login(tree.admin)
    response = client.get(url, query)
    assert response.status_code == 400
    assert "Saringan tidak dapat dipakai" in response.content.decode()


@pytest.mark.parametrize("query", [{"bagian": "gaji", "kategori": "x"}, {"bagian": "skp", "kategori": "hilang"}])
def test_an_unknown_number_is_a_bad_request(client, tree, query):
    client.force_login(tree.admin)
    assert client.get(DAFTAR, query).status_code == 400


def test_a_get_with_post_is_refused(client, tree):
    client.force_login(tree.admin)
    assert client.post(DASBOR).status_code == 405


# --- Cost ---------------------------------------------------------------------------------------------------


def grow(tree, size: int) -> None:
    """`size` more units under Bidang Lain, each with `size` pegawai in mixed states."""
    from tests.factories import UnitKerjaFactory

    states = [None, "draft", "pengajuan", "persetujuan"]
    for n in range(size):
        unit = UnitKerjaFactory(instansi=tree.lain.instansi, parent=tree.lain, nama=f"Seksi {n}")
        for m in range(size):
            pegawai_with(unit, None, skp=states[m % 4], periode="dinilai" if states[m % 4] == "persetujuan" else None)


@pytest.mark.parametrize("size", [1, 4])
def test_the_dashboard_queries_do_not_grow_with_units_or_pegawai(client, tree, size, django_assert_num_queries):
    grow(tree, size)
    client.force_login(tree.admin)
    client.get(DASBOR)
    # The session with its user, the unit, the instansi's scheme, the unit's parents and children, JIT off and the
    # counts, the kurva's capaian and its predikat counts.
    with django_assert_num_queries(8):
        assert client.get(DASBOR, {"unit": tree.lain.pk}).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_the_list_queries_do_not_grow_with_pegawai(client, tree, size, django_assert_num_queries):
    grow(tree, size)
    UserFactory.create_batch(size * 3, unit_kerja=tree.lain)
    client.force_login(tree.admin)
    client.get(DAFTAR)
    # The session with its user, the unit, the scheme, JIT off, the count and the page (with units and atasan).
    with django_assert_num_queries(6):
        assert client.get(DAFTAR, {"unit": tree.lain.pk}).status_code == 200
