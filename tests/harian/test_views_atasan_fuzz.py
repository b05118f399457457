"""The atasan's pages, the import, the recap print and the Realisasi pre-fill under tests/test_fuzz.py's hostile
input, as every role: a 400, 403, 404 or a form error, never a 500; and a GET never writes. The URL patterns are
walked from the root URLconf (this file's own share of them, filled with the ids of real rows)."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from harian import services
from harian.models import SkpBulanan
from harian.services import kode_of
from tests.harian.atasan_helpers import bulan_of, tiga_entri
from tests.harian.conftest import isian
from tests.harian.factories import TargetBulananFactory
from tests.test_fuzz import WRITES_ALLOWED_ON_GET, Fuzzer, url_patterns, written_tables

MODULES = ("harian.views.atasan", "harian.views.impor", "harian.views.cetak", "harian.views.realisasi")
ROLES = ["anonymous", "pegawai", "atasan", "pegawai_lain", "admin_instansi", "admin_lain", "superadmin"]


def our_patterns():
    return [p for p in url_patterns() if p.namespace == "harian" and p.callback.__module__.startswith(MODULES)]


@pytest.fixture
def dunia(scene, pegawai_lain, admin_instansi, admin_lain, superadmin, monkeypatch):
    """A month with entries (one ticked, one tidak sesuai), a scored target, kreativitas, an approval later changed,
    and a printed recap. WeasyPrint's PDF step is skipped as in tests/test_fuzz.py."""
    monkeypatch.setattr("core.pdf.HTML", lambda **kwargs: SimpleNamespace(write_pdf=lambda: b"%PDF-1.7"))
    entries = tiga_entri(scene)
    skp_bulanan = bulan_of(scene)
    target = TargetBulananFactory(skp_bulanan=skp_bulanan, rhk=scene.rhk)
    services.kesesuaian_set(actor=scene.atasan, progres_id=entries[0].pk, kesesuaian=False)
    services.kesesuaian_setujui(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, progres_ids=[e.pk for e in entries])
    services.kualitas_set(actor=scene.atasan, target_bulanan_id=target.pk, kualitas=80)
    services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    services.progres_create(actor=scene.pegawai, isian=isian(kode_of(target), mulai="13:00", selesai="14:00"))
    services.kreativitas_set(actor=scene.atasan, skp_id=scene.skp.pk, nilai=70)
    client = Client()
    client.force_login(scene.pegawai)
    client.post(reverse("harian:cetak_rekap", args=[skp_bulanan.pk]), {"tanggal": "2026-02-10", "lokasi": "Sukamaju"})
    users = {
        "anonymous": None,
        "pegawai": scene.pegawai,
        "atasan": scene.atasan,
        "pegawai_lain": pegawai_lain,
        "admin_instansi": admin_instansi,
        "admin_lain": admin_lain,
        "superadmin": superadmin,
    }
    values = {"pk": skp_bulanan.pk, "skp_pk": scene.skp.pk, "periode_pk": scene.periode.pk}
    return SimpleNamespace(users=users, values=values, skp_bulanan=skp_bulanan)


def our_urls(dunia):
    found = []
    for pattern in our_patterns():
        url = pattern.fill(dunia.values)
        assert resolve(url).func is pattern.callback, url
        found.append((pattern, url))
    return found


def test_the_walk_finds_every_page_of_ours():
    names = {p.route for p in our_patterns()}
    assert len(names) == 11
    assert any("kreativitas" in n for n in names) and any("impor" in n for n in names)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_ours_answers_hostile_input_with_a_500(dunia, role):
    fuzzer = Fuzzer(dunia.users[role], role)
    forms: set = set()
    for pattern, url in our_urls(dunia):
        fuzzer.fuzz(pattern, url, forms=forms)
    assert not fuzzer.failures, fuzzer.report()
    if role == "atasan":  # the atasan reached the month page and sent its forms back mutated
        assert any(action.endswith("/kesesuaian/") for action, _ in forms)


@pytest.mark.parametrize("role", ROLES[1:])
def test_a_get_never_writes_on_our_pages(dunia, role):
    client = Client(raise_request_exception=False)
    client.force_login(dunia.users[role])
    client.get(reverse("accounts:home"))
    offenders = []
    for _pattern, url in our_urls(dunia):
        for query in ("", "?pilih=menunggu", "?bulan=2026-01"):
            with CaptureQueriesContext(connection) as queries:
                client.get(url + query)
            if tables := written_tables(queries.captured_queries) - WRITES_ALLOWED_ON_GET:
                offenders.append(f"{url}{query}: {sorted(tables)}")
    assert offenders == []
    assert SkpBulanan.objects.get(pk=dunia.skp_bulanan.pk).berubah  # the world is as it was made
