"""GET /api/v1/predikat (docs/rules.md §16.4): what Laporan Penilaian shows, one page at a time in the order of change,
filtered by period, unit (with the units below it) and updated-since, read to the end by an opaque cursor, in a fixed
number of queries; and never a row of another instansi, whatever the filters or the cursor."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.cursor import cursor_make
from tests.api.conftest import PERIODE, PREDIKAT, UNIT_KERJA, bearer
from tests.factories import PeriodePenilaianFactory, SkpFactory, UnitKerjaFactory, UserFactory


def rated(unit, n: int, *, kode_year=None, predikat="baik"):
    """n pegawai of `unit`, each with a rated Triwulan I."""
    periods = []
    for _ in range(n):
        skp = SkpFactory(pegawai=UserFactory(unit_kerja=unit), status="persetujuan")
        periods.append(
            PeriodePenilaianFactory(
                skp=skp, rating_hasil_kerja="sesuai", rating_perilaku="sesuai", predikat=predikat, status="ditetapkan"
            )
        )
    return periods


def read_all(client, secret, **params) -> list[dict]:
    """Every row, page by page, following next_cursor as a client does."""
    items, cursor = [], None
    for _ in range(100):
        response = client.get(PREDIKAT, {**params, **({"cursor": cursor} if cursor else {})}, **bearer(secret))
        assert response.status_code == 200, response.content
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the cursor never ended")


def test_a_row_carries_the_ratings_predikat_capaian_tpp_and_angka_kredit(client, secret, pegawai, dinilai):
    [row] = client.get(PREDIKAT, **bearer(secret)).json()["items"]
    assert row["id"] == dinilai.pk and row["nip"] == pegawai.nip
    assert row["periode"]["kode"] == dinilai.kode and row["periode"]["nama"] == f"Triwulan I {dinilai.mulai.year}"
    assert row["periode"]["status"] == "ditetapkan"
    assert row["unit_kerja"] == {"id": pegawai.unit_kerja_id, "nama": "Bidang Mutasi", "path": pegawai.unit_kerja.path}
    assert row["rating_hasil_kerja"] == {"kode": "sesuai", "nama": "Sesuai Ekspektasi"}
    assert row["rating_perilaku_kerja"] == {"kode": "sesuai", "nama": "Sesuai Ekspektasi"}
    assert row["predikat_kinerja"] == {"kode": "baik", "nama": "Baik"}
    assert row["capaian_organisasi"] == {"kode": "istimewa", "nama": "Istimewa"}
    assert row["persentase_tpp"] == "100.00"
    assert row["angka_kredit"] == "3.125"  # 100 % × 12.5 × 3/12, as Laporan Penilaian (docs/rules.md §14.2)
    assert datetime.datetime.fromisoformat(row["updated_at"]).tzinfo is not None


def test_an_unrated_period_has_no_predikat_tpp_or_angka_kredit(client, secret, unit, koefisien):
    PeriodePenilaianFactory(skp=SkpFactory(pegawai=UserFactory(unit_kerja=unit), status="persetujuan"))
    [row] = client.get(PREDIKAT, **bearer(secret)).json()["items"]
    assert row["predikat_kinerja"] is None and row["rating_hasil_kerja"] is None
    assert row["persentase_tpp"] is None and row["angka_kredit"] is None


def test_every_row_is_read_once_across_pages_in_the_order_of_change(client, secret, unit):
    periods = rated(unit, 7)
    items = read_all(client, secret, limit=3)
    assert sorted(i["id"] for i in items) == sorted(p.pk for p in periods)
    keys = [(i["updated_at"], i["id"]) for i in items]
    assert keys == sorted(keys)


def test_a_row_changed_while_reading_comes_again_at_the_end(client, secret, unit):
    first, *_ = rated(unit, 4)
    page = client.get(PREDIKAT, {"limit": 2}, **bearer(secret)).json()
    assert page["items"][0]["id"] == first.pk
    first.predikat = "sangat_baik"
    first.save()
    items = read_all_from(client, secret, page["next_cursor"])
    assert items[-1]["id"] == first.pk and items[-1]["predikat_kinerja"]["kode"] == "sangat_baik"


def read_all_from(client, secret, cursor):
    items = []
    while cursor:
        page = client.get(PREDIKAT, {"cursor": cursor, "limit": 2}, **bearer(secret)).json()
        items += page["items"]
        cursor = page["next_cursor"]
    return items


def test_filters_by_period_by_unit_with_the_units_below_and_by_updated_since(client, secret, instansi, unit):
    bawah = UnitKerjaFactory(instansi=instansi, parent=unit, nama="Subbidang")
    lain = UnitKerjaFactory(instansi=instansi, nama="Bidang Lain")
    [di_unit], [di_bawah], [di_lain] = rated(unit, 1), rated(bawah, 1), rated(lain, 1)
    tw2 = PeriodePenilaianFactory(skp=di_unit.skp, kode=f"{di_unit.mulai.year}-TW2", nama="Triwulan II")

    ids = {i["id"] for i in read_all(client, secret, unit_kerja=unit.pk)}
    assert ids == {di_unit.pk, di_bawah.pk, tw2.pk}
    assert {i["id"] for i in read_all(client, secret, unit_kerja=bawah.pk)} == {di_bawah.pk}
    assert {i["id"] for i in read_all(client, secret, periode=tw2.kode)} == {tw2.pk}

    items = read_all(client, secret)
    since = next(i["updated_at"] for i in items if i["id"] == di_lain.pk)
    later = {i["id"] for i in items if i["updated_at"] >= since}
    assert {i["id"] for i in read_all(client, secret, updated_since=since)} == later
    assert di_unit.pk not in later  # made before


def test_the_periods_and_units_to_build_filters_from(client, secret, instansi, unit):
    rated(unit, 2)
    [periode] = client.get(PERIODE, **bearer(secret)).json()
    assert periode["jumlah"] == 2 and periode["nama"].startswith("Triwulan I ")
    units = client.get(UNIT_KERJA, **bearer(secret)).json()
    assert [u["path"] for u in units] == ["Pemerintah Kabupaten Sukamaju", unit.path]


# --- Scope: the token's instansi and nothing else ---------------------------------------------------------------


@pytest.fixture
def two_instansi(unit, admin_lain):
    """Rows of both instansi: ours in `unit`, theirs in a unit of their own."""
    return rated(unit, 2), rated(admin_lain.unit_kerja, 3)


def test_a_token_reads_only_its_own_instansi(client, secret, secret_lain, two_instansi):
    ours, theirs = two_instansi
    assert {i["id"] for i in read_all(client, secret, limit=1)} == {p.pk for p in ours}
    assert {i["id"] for i in read_all(client, secret_lain, limit=1)} == {p.pk for p in theirs}
    assert [u["id"] for u in client.get(UNIT_KERJA, **bearer(secret_lain)).json()] == [
        u.pk for u in theirs[0].skp.unit_kerja.instansi.units.order_by("path")
    ]


def test_another_instansis_unit_id_is_not_found(client, secret, two_instansi, admin_lain):
    response = client.get(PREDIKAT, {"unit_kerja": admin_lain.unit_kerja_id}, **bearer(secret))
    assert response.status_code == 404
    assert client.get(PREDIKAT, {"unit_kerja": 10**12}, **bearer(secret)).status_code == 404


def test_a_guessed_row_path_is_not_an_endpoint(client, secret, two_instansi):
    _, theirs = two_instansi
    response = client.get(f"{PREDIKAT}/{theirs[0].pk}", **bearer(secret))
    assert response.status_code == 404 and str(theirs[0].skp.pegawai.nip) not in response.content.decode()


def test_another_instansis_cursor_is_refused(client, secret, secret_lain, two_instansi):
    their_cursor = client.get(PREDIKAT, {"limit": 1}, **bearer(secret_lain)).json()["next_cursor"]
    response = client.get(PREDIKAT, {"cursor": their_cursor}, **bearer(secret))
    assert response.status_code == 400 and "cursor" in response.json()["detail"]


def test_a_forged_or_tampered_cursor_is_refused(client, secret, two_instansi, settings):
    ours, _ = two_instansi
    cursor = client.get(PREDIKAT, {"limit": 1}, **bearer(secret)).json()["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert client.get(PREDIKAT, {"cursor": tampered}, **bearer(secret)).status_code == 400
    ours_key = settings.SECRET_KEY
    settings.SECRET_KEY = "someone-elses-key-" + "x" * 40
    forged = cursor_make(
        instansi_id=ours[0].instansi_id, filters={}, updated_at=datetime.datetime(2000, 1, 1), periode_id=0
    )
    settings.SECRET_KEY = ours_key  # a cursor of our shape, for our instansi, signed with another key
    assert client.get(PREDIKAT, {"cursor": forged}, **bearer(secret)).status_code == 400
    assert client.get(PREDIKAT, {"cursor": cursor}, **bearer(secret)).status_code == 200


def test_a_cursor_keeps_its_filters(client, secret, unit, instansi):
    lain = UnitKerjaFactory(instansi=instansi, nama="Bidang Lain")
    rated(unit, 3)
    cursor = client.get(PREDIKAT, {"unit_kerja": unit.pk, "limit": 1}, **bearer(secret)).json()["next_cursor"]
    same = client.get(PREDIKAT, {"cursor": cursor, "unit_kerja": unit.pk}, **bearer(secret))
    assert same.status_code == 200 and len(same.json()["items"]) == 2  # the other two of the unit
    other = client.get(PREDIKAT, {"cursor": cursor, "unit_kerja": lain.pk}, **bearer(secret))
    assert other.status_code == 400 and "unit_kerja" in other.json()["detail"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"limit": 0}, 422),
        ({"limit": 201}, 422),
        ({"limit": "banyak"}, 422),
        ({"periode": "TW1"}, 422),
        ({"periode": "2026-tw1'--"}, 422),
        ({"unit_kerja": "x"}, 422),
        ({"unit_kerja": 2**70}, 422),
        ({"unit_kerja": -1}, 422),
        ({"updated_since": "kemarin"}, 422),
        ({"updated_since": "0001-01-01T00:00:00+14:00"}, 400),
        ({"cursor": "x" * 600}, 422),
        ({"cursor": "bukan-cursor"}, 400),
        ({"periode": "2026-TW1\x00"}, 400),  # answered in JSON too (api.middleware)
    ],
)
def test_bad_query_values_are_refused_never_a_server_error(client, secret, params, status):
    response = client.get(PREDIKAT, params, **bearer(secret))
    assert response.status_code == status, response.content
    assert response.json()["detail"]


def test_a_page_costs_the_same_number_of_queries_at_any_size(client, secret, instansi, unit, dinilai):
    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(PREDIKAT, {"limit": limit, "unit_kerja": unit.pk}, **bearer(secret))
        assert len(response.json()["items"]) == limit
        return len(captured)

    rated(unit, 2)
    small = queries(2)
    rated(UnitKerjaFactory(instansi=instansi, parent=unit), 30)
    assert queries(30) == small == 8  # token, count, unit, rows, capaian, TPP table, koefisien, log
