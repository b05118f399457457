"""Who may do what on every penilaian page: one row per view in penilaian/urls.py, one column per persona.

Codes: ok — the page opens (200) or the write happens (302 onwards, and the database shows it); refused — the
user may see the thing but the service says no: the refusal is shown and nothing changes; 403, 404; login —
an anonymous visitor is sent to the login page. POST-only actions answer a GET with 405 (below)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from penilaian import services
from penilaian.models import (
    BuktiDukung,
    CapaianUnit,
    FeedbackRekan,
    PeriodePenilaian,
    RencanaAksi,
    StatusPeriode,
    UmpanBalik,
)
from skp.models import DokumenCetak
from skp.perilaku import perilaku_kerja
from tests.factories import SkpFactory, complete_skp, rencana_aksi_lengkap

LOGIN = reverse("accounts:login")
OWNER_ONLY = "Hanya pegawai pemilik SKP"  # the service's refusal of a write on the pegawai's entries

# The shared clock: 10 February 2026, inside Triwulan I.
pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def skp(pegawai):
    return complete_skp(
        SkpFactory(
            pegawai=pegawai,
            status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        ),
        rhk_count=2,
    )


# --- The scene: an approved SKP with Triwulan I, one rencana aksi and one bukti dukung ---------------------


@pytest.fixture
def scene(skp, pegawai, atasan):
    periode = services.periode_create(actor=pegawai, skp_id=skp.pk, kode="2026-TW1")
    rhk = skp.rhk_list.order_by("pk").first()
    ra = services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="RA awal")
    bukti = services.bukti_dukung_create(
        actor=pegawai, rencana_aksi_id=ra.pk, nama="Laporan", link="https://drive.example/laporan"
    )
    return SimpleNamespace(skp=skp, periode=periode, rhk=rhk, ra=ra, bukti=bukti, pegawai=pegawai, atasan=atasan)


def fresh(obj):
    obj.refresh_from_db()
    return obj


def umpan_balik_lengkap(s) -> None:
    """A rencana aksi for every RHK and Umpan Balik on every RHK and perilaku row, so the penilai may rate."""
    rencana_aksi_lengkap(s.periode)
    for rhk in s.skp.rhk_list.all():
        services.umpan_balik_set(
            actor=s.atasan, periode_id=s.periode.pk, teks="Baik", polaritas="positif", version=None, rhk_id=rhk.pk
        )
    for p in perilaku_kerja():
        services.umpan_balik_set(
            actor=s.atasan,
            periode_id=s.periode.pk,
            teks="Baik",
            polaritas="positif",
            version=None,
            perilaku_nomor=p.nomor,
        )


def dinilai(s) -> None:
    umpan_balik_lengkap(s)
    services.rating_set(
        actor=s.atasan, periode_id=s.periode.pk, version=None, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )


def ditetapkan(s) -> None:
    dinilai(s)
    services.periode_finalise(actor=s.atasan, periode_id=s.periode.pk, version=None)


def _nothing(s) -> None:
    pass


def kosong(s) -> None:
    """The period as added by mistake: nothing written in it yet."""
    s.periode.rencana_aksi_list.all().delete()


# One spec per view: how to request it, what the write changes (None for a page), how a refusal shows
# ("form": the form re-rendered with the service's message; "message": an error message and a redirect, or
# a re-render for rekan), and any state to set up first.
V = SimpleNamespace


def spec(method, args, *, data=None, done=None, refusal=None, refused_status=None, prepare=_nothing):
    return V(
        method=method,
        args=args,
        data=data or (lambda s: {}),
        done=done,
        refusal=refusal,
        refused_status=refused_status,
        prepare=prepare,
    )


SPECS = {
    "daftar": spec("get", lambda s: [s.skp.pk]),
    "periode_tambah": spec(
        "post",
        lambda s: [s.skp.pk],
        data=lambda s: {"kode": "2026-TW2"},
        done=lambda s: PeriodePenilaian.objects.filter(skp=s.skp, kode="2026-TW2").exists(),
        refusal="message",
        refused_status=302,
    ),
    "periode": spec("get", lambda s: [s.periode.pk]),
    "periode_hapus": spec(
        "post",
        lambda s: [s.periode.pk],
        data=lambda s: {"yakin": "1"},
        done=lambda s: not PeriodePenilaian.objects.filter(pk=s.periode.pk).exists(),
        refusal="message",
        refused_status=302,
        prepare=kosong,
    ),
    "rencana_aksi_tambah": spec(
        "post",
        lambda s: [s.periode.pk, s.rhk.pk],
        data=lambda s: {"teks": "RA baru", "target_angka": "3", "satuan": "dokumen"},
        done=lambda s: RencanaAksi.objects.filter(teks="RA baru").exists(),
        refusal="form",
        refused_status=200,
    ),
    "rencana_aksi_ubah": spec(
        "post",
        lambda s: [s.ra.pk],
        data=lambda s: {"teks": "RA diubah", "version": s.ra.version},
        done=lambda s: fresh(s.ra).teks == "RA diubah",
        refusal="form",
        refused_status=200,
    ),
    "realisasi_ubah": spec(
        "post",
        lambda s: [s.ra.pk],
        data=lambda s: {"realisasi": "30", "sumber_data": "Laporan", "version": s.ra.version},
        done=lambda s: fresh(s.ra).realisasi == "30",
        refusal="form",
        refused_status=200,
    ),
    "bukti_tambah": spec(
        "post",
        lambda s: [s.ra.pk],
        data=lambda s: {"nama": "Foto kegiatan", "link": "https://drive.example/foto"},
        done=lambda s: BuktiDukung.objects.filter(nama="Foto kegiatan").exists(),
        refusal="form",
        refused_status=200,
    ),
    "bukti_hapus": spec(
        "post",
        lambda s: [s.bukti.pk],
        data=lambda s: {"yakin": "1"},  # the confirmation's button
        done=lambda s: not BuktiDukung.objects.filter(pk=s.bukti.pk).exists(),
        refusal="message",
        refused_status=302,
    ),
    "pemantauan": spec("get", lambda s: []),
    "evaluasi": spec("get", lambda s: [s.periode.pk]),
    "umpan_balik": spec(
        "post",
        lambda s: [s.periode.pk],
        data=lambda s: {f"r{s.rhk.pk}-teks": "Sudah sesuai rencana", f"r{s.rhk.pk}-polaritas": "positif"},
        done=lambda s: UmpanBalik.objects.filter(periode=s.periode, rhk=s.rhk).exists(),
    ),
    "rating": spec(
        "post",
        lambda s: [s.periode.pk],
        data=lambda s: {"rating_hasil_kerja": "diatas", "rating_perilaku": "diatas"},
        done=lambda s: fresh(s.periode).rating_perilaku == "diatas",
        prepare=umpan_balik_lengkap,
    ),
    "tetapkan": spec(
        "post",
        lambda s: [s.periode.pk],
        done=lambda s: fresh(s.periode).status == StatusPeriode.DITETAPKAN,
        prepare=dinilai,
    ),
    "buka_kembali": spec(
        "post",
        lambda s: [s.periode.pk],
        data=lambda s: {"catatan": "Rating salah pilih"},
        done=lambda s: fresh(s.periode).status == StatusPeriode.TERBUKA,
        refusal="message",
        refused_status=302,
        prepare=ditetapkan,
    ),
    "kurva": spec("get", lambda s: [s.skp.unit_kerja_id, s.periode.kode]),
    "rekan": spec(
        "post",
        lambda s: [],
        data=lambda s: {"skp": s.skp.pk, "teks": "Rekan yang sigap membantu", "polaritas": "positif"},
        done=lambda s: FeedbackRekan.objects.filter(skp=s.skp).exists(),
        refusal="message",
        refused_status=200,
    ),
    "cetak_form": spec("get", lambda s: [s.periode.pk]),
    "cetak_evaluasi": spec("get", lambda s: [s.periode.pk]),
}

ROLES = (
    "pegawai",  # the owner
    "atasan",  # the penilai
    "pegawai_lain",  # a peer: same unit, same atasan
    "admin_instansi",
    "admin_lain",  # admin of another instansi
    "anonymous",
)

MATRIX = {
    "daftar": "ok ok 404 ok 404 login",
    "periode_tambah": "ok refused 404 refused 404 login",
    "periode": "ok ok 404 ok 404 login",
    "periode_hapus": "ok refused 404 refused 404 login",
    "rencana_aksi_tambah": "ok refused 404 refused 404 login",
    "rencana_aksi_ubah": "ok refused 404 refused 404 login",
    "realisasi_ubah": "ok refused 404 refused 404 login",
    "bukti_tambah": "ok refused 404 refused 404 login",
    "bukti_hapus": "ok refused 404 refused 404 login",
    "pemantauan": "ok ok ok ok ok login",
    "evaluasi": "403 ok 404 403 404 login",
    "umpan_balik": "403 ok 404 403 404 login",
    "rating": "403 ok 404 403 404 login",
    "tetapkan": "403 ok 404 403 404 login",
    "buka_kembali": "refused ok 404 ok 404 login",
    "kurva": "404 ok 404 ok 404 login",  # a penilai of someone in the unit this period, or the admin
    "rekan": "refused ok ok ok refused login",  # feedback on one's own SKP or across instansi is refused
    "cetak_form": "ok ok 404 ok 404 login",
    "cetak_evaluasi": "ok ok 404 ok 404 login",
}

MATRIX_CASES = [
    pytest.param(view, role, expected, id=f"{view}-{role}-{expected}")
    for view, row in MATRIX.items()
    for role, expected in zip(ROLES, row.split(), strict=True)
]

POST_ONLY = ("periode_tambah", "periode_hapus", "bukti_hapus", "umpan_balik", "rating", "buka_kembali")


def test_the_matrix_covers_every_penilaian_view():
    from penilaian.urls import urlpatterns

    names = {p.name for p in urlpatterns}
    assert set(MATRIX) == names
    assert set(SPECS) == names


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]


@pytest.mark.parametrize(("view", "role", "expected"), MATRIX_CASES)
def test_each_role_gets_the_right_answer_from_each_penilaian_view(client, request, scene, view, role, expected):
    s = SPECS[view]
    s.prepare(scene)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(f"penilaian:{view}", args=s.args(scene))
    response = getattr(client, s.method)(url, s.data(scene))

    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
    elif expected == "ok" and s.method == "post":
        assert response.status_code == 302, response.content.decode()[:2000]
        assert not response.url.startswith(LOGIN)
        assert not error_messages(response)
    elif expected == "ok":
        assert response.status_code == 200
    elif expected == "refused":
        assert response.status_code == s.refused_status
        if s.refusal == "form":
            assert OWNER_ONLY in response.content.decode()
            assert response.context["form"].non_field_errors()
        else:
            assert error_messages(response)
    else:
        assert response.status_code == int(expected)

    if s.done is not None:
        assert s.done(scene) is (expected == "ok")


@pytest.mark.parametrize("view", POST_ONLY)
def test_post_only_action_refuses_get_with_405(client, scene, view):
    s = SPECS[view]
    s.prepare(scene)
    client.force_login(scene.atasan if view in {"umpan_balik", "rating", "tetapkan", "buka_kembali"} else scene.pegawai)
    response = client.get(reverse(f"penilaian:{view}", args=s.args(scene)))
    assert response.status_code == 405
    assert s.done(scene) is False


def test_the_penilai_posting_realisasi_sees_the_refusal_and_nothing_is_saved(client, scene):
    before = fresh(scene.ra).version
    periode_version = fresh(scene.periode).version
    client.force_login(scene.atasan)
    response = client.post(
        reverse("penilaian:realisasi_ubah", args=[scene.ra.pk]),
        {"realisasi": "99", "sumber_data": "Tebakan", "version": before},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hanya pegawai pemilik SKP yang mengisi rencana aksi, realisasi, dan bukti dukung." in html
    ra = fresh(scene.ra)
    assert (ra.realisasi, ra.sumber_data, ra.version) == ("", "", before)
    assert fresh(scene.periode).version == periode_version


@pytest.mark.parametrize("view", ["rencana_aksi_tambah", "rencana_aksi_ubah", "realisasi_ubah", "bukti_tambah"])
@pytest.mark.parametrize(("role", "status"), [("pegawai", 200), ("atasan", 200), ("pegawai_lain", 404)])
def test_the_form_pages_open_for_whoever_sees_the_period(client, request, scene, view, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(f"penilaian:{view}", args=SPECS[view].args(scene))).status_code == status


@pytest.mark.parametrize("view", ["cetak_form", "cetak_evaluasi"])
@pytest.mark.parametrize("role", ["pegawai_lain", "admin_lain"])
def test_printing_someone_elses_period_is_not_found_and_records_nothing(client, request, scene, view, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse(f"penilaian:{view}", args=[scene.periode.pk]), {"tanggal": "2026-02-10", "lokasi": "Sukamaju"}
    )
    assert response.status_code == 404
    assert not DokumenCetak.objects.exists()


@pytest.mark.parametrize("view", ["cetak_form", "cetak_evaluasi"])
def test_printing_answers_other_methods_with_405(client, scene, view):
    client.force_login(scene.pegawai)
    assert client.put(reverse(f"penilaian:{view}", args=[scene.periode.pk])).status_code == 405


@pytest.mark.parametrize("role", ["pegawai", "pegawai_lain", "admin_lain"])
def test_capaian_organisasi_cannot_be_set_by_who_cannot_see_the_curve(client, request, scene, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("penilaian:kurva", args=[scene.skp.unit_kerja_id, scene.periode.kode]), {"capaian": "baik"}
    )
    assert response.status_code == 404
    assert not CapaianUnit.objects.exists()
