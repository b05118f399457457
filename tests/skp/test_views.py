"""SKP pages through the test client: who may open what (404 outside scope, 403 when visible but not allowed,
405 for a GET on a POST-only action), the happy paths of the manual (Tambah SKP to Edit Status, SKP Bawahan,
Matriks Peran Hasil), the HTMX fragments, the rules that keep typed text, the query budgets, and the admin."""

import datetime
import re
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from skp import services
from skp.models import (
    EkspektasiPimpinan,
    Indikator,
    LampiranItem,
    MphRow,
    PerilakuKerja,
    Rhk,
    Skp,
    SkpStatusChange,
    StatusSkp,
)
from tests.factories import (
    IndikatorFactory,
    LampiranItemFactory,
    PltAssignmentFactory,
    RhkFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
    complete_skp,
    make_nip,
)

TAHUN = datetime.date.today().year
LOGIN = reverse("accounts:login")
DAFTAR = reverse("skp:daftar")
TAMBAH = reverse("skp:tambah")
BAWAHAN = reverse("skp:bawahan")
HTMX = {"HTTP_HX_REQUEST": "true"}

POST_ONLY = {
    "hapus",
    "muat_ulang",
    "rhk_hapus",
    "rhk_geser",
    "indikator_hapus",
    "indikator_geser",
    "lampiran_hapus",
    "matriks_sinkronisasi",
}


# --- Fixtures -----------------------------------------------------------------------------------------


@pytest.fixture
def unit_lain(instansi):
    return UnitKerjaFactory(instansi=instansi, nama="Bidang Pengadaan")


@pytest.fixture
def atasan_lain(unit_lain):
    """An Administrator of another unit of the same instansi, who assesses a bawahan of their own."""
    user = UserFactory(
        unit_kerja=unit_lain, nama="Fajar Atasan Lain", jabatan="Kepala Bidang Pengadaan", jenis_jabatan="Administrator"
    )
    bawahan = UserFactory(unit_kerja=unit_lain, atasan=user, nama="Gita Bawahan Lain")
    SkpFactory(pegawai=bawahan, status=StatusSkp.PENGAJUAN)
    return user


@pytest.fixture
def skp_atasan(atasan):
    """The atasan's own SKP of this year, submitted, so bawahan can intervene its RHK."""
    skp = SkpFactory(pegawai=atasan, status=StatusSkp.PERSETUJUAN)
    rhk = RhkFactory(skp=skp, teks="Tertibnya administrasi mutasi pegawai")
    IndikatorFactory(rhk=rhk, teks="Persentase usul mutasi yang diproses")
    return skp


@pytest.fixture
def rhk_atasan(skp_atasan):
    return skp_atasan.rhk_list.get()


def url(name: str, *args) -> str:
    return reverse(f"skp:{name}", args=args)


def logged_in(client, user, *, warm_up: str = DAFTAR):
    """Log in and make the first request, which writes the session (and fills per-process caches such as
    the Perilaku Kerja rows when `warm_up` is the page itself), so later requests are steady."""
    client.force_login(user)
    client.get(warm_up)
    return client


def html_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# --- Permission matrix ----------------------------------------------------------------------------------

ROLES = (
    "pegawai",  # the owner
    "atasan",  # the SKP's penilai
    "atasan_lain",  # an atasan of another unit, with bawahan of their own
    "pegawai_lain",  # a peer: same unit, same atasan
    "admin_instansi",
    "admin_lain",  # admin of another instansi
    "superadmin",
    "anonymous",
)

# One row per view, one column per role in ROLES order. ok: 200 for a page, 302 onwards for a POST action;
# login: redirect to the login page. POST-only views are requested with POST (their GET is 405, below).
EDIT_ROW_DRAFT = "ok  404 404 404 403 404 403 login"
EDIT_ROW_LOCKED = "403 403 404 404 403 404 403 login"
EDIT_ROW_REVISI = "ok  403 404 404 403 404 403 login"
EDIT_VIEWS = (
    "ubah",
    "muat_ulang",
    "ajukan",
    "rhk_tambah",
    "rhk_ubah",
    "rhk_hapus",
    "rhk_geser",
    "indikator_tambah",
    "indikator_ubah",
    "indikator_hapus",
    "indikator_geser",
    "lampiran_tambah",
    "lampiran_ubah",
    "lampiran_hapus",
)
MPH_VIEWS = ("matriks", "matriks_sinkronisasi", "matriks_tambah_pegawai", "matriks_rhk")

MATRIX = {
    StatusSkp.DRAFT: {
        "detail": "ok 404 404 404 ok 404 ok login",
        "hapus": "ok 404 404 404 403 404 403 login",
        "edit_status": "403 404 404 404 403 404 403 login",
        "ekspektasi_ubah": "403 404 404 404 403 404 403 login",
        **dict.fromkeys(EDIT_VIEWS, EDIT_ROW_DRAFT),
        **dict.fromkeys(MPH_VIEWS, "ok 404 404 404 403 404 403 login"),
    },
    StatusSkp.PENGAJUAN: {
        "detail": "ok ok 404 404 ok 404 ok login",
        "hapus": EDIT_ROW_LOCKED,
        "edit_status": "403 ok 404 404 403 404 403 login",
        "ekspektasi_ubah": "403 ok 404 404 403 404 403 login",
        **dict.fromkeys(EDIT_VIEWS, EDIT_ROW_LOCKED),
        **dict.fromkeys(MPH_VIEWS, "ok 403 404 404 403 404 403 login"),
    },
    StatusSkp.PERSETUJUAN: {
        "detail": "ok ok 404 404 ok 404 ok login",
        "hapus": EDIT_ROW_LOCKED,
        "edit_status": "403 ok 404 404 403 404 403 login",  # Buka kembali
        "ekspektasi_ubah": "403 403 404 404 403 404 403 login",
        **dict.fromkeys(EDIT_VIEWS, EDIT_ROW_LOCKED),
        **dict.fromkeys(MPH_VIEWS, "ok 403 404 404 403 404 403 login"),
    },
    StatusSkp.REVISI: {
        "detail": "ok ok 404 404 ok 404 ok login",
        "hapus": EDIT_ROW_LOCKED,  # only a Draft is deleted
        "edit_status": "403 403 404 404 403 404 403 login",
        "ekspektasi_ubah": "403 ok 404 404 403 404 403 login",
        **dict.fromkeys(EDIT_VIEWS, EDIT_ROW_REVISI),
        **dict.fromkeys(MPH_VIEWS, "ok 403 404 404 403 404 403 login"),
    },
}

MATRIX_CASES = [
    pytest.param(status.value, view, role, expected, id=f"{status.value}-{view}-{role}-{expected}")
    for status, rows in MATRIX.items()
    for view, row in rows.items()
    for role, expected in zip(ROLES, row.split(), strict=True)
]


def test_the_matrix_covers_every_skp_view():
    from skp.urls import urlpatterns

    per_skp = {p.name for p in urlpatterns if "<int:pk>" in str(p.pattern)}
    for rows in MATRIX.values():
        assert set(rows) == per_skp


def skp_scene(pegawai, rhk_atasan, status: str) -> SimpleNamespace:
    """The pegawai's SKP in `status` with one of everything an URL can point at, and an MPH row."""
    skp = SkpFactory(pegawai=pegawai, status=status)
    rhk = RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    indikator = IndikatorFactory(rhk=rhk)
    lampiran = LampiranItemFactory(skp=skp)
    staf = UserFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai, nama="Iwan Staf")
    row = MphRow.objects.create(instansi=skp.instansi, penilai_skp=skp, skp=SkpFactory(pegawai=staf))
    return SimpleNamespace(skp=skp, rhk=rhk, indikator=indikator, lampiran=lampiran, row=row)


def view_url(view: str, scene: SimpleNamespace) -> str:
    s = scene.skp.pk
    args = {
        "rhk_ubah": [s, scene.rhk.pk],
        "rhk_hapus": [s, scene.rhk.pk],
        "rhk_geser": [s, scene.rhk.pk],
        "indikator_tambah": [s, scene.rhk.pk],
        "indikator_ubah": [s, scene.indikator.pk],
        "indikator_hapus": [s, scene.indikator.pk],
        "indikator_geser": [s, scene.indikator.pk],
        "lampiran_ubah": [s, scene.lampiran.pk],
        "lampiran_hapus": [s, scene.lampiran.pk],
        "ekspektasi_ubah": [s, 1],
        "matriks_rhk": [s, scene.row.pk, scene.rhk.pk],
    }.get(view, [s])
    return url(view, *args)


@pytest.mark.parametrize(("status", "view", "role", "expected"), MATRIX_CASES)
def test_each_role_gets_the_right_answer_from_each_skp_view(
    client, request, pegawai, rhk_atasan, atasan_lain, status, view, role, expected
):
    scene = skp_scene(pegawai, rhk_atasan, status)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    # A delete's confirmation (issue 10) is answered: this checks who may, not that it asks first.
    response = (
        client.post(view_url(view, scene), {"yakin": "1"}) if view in POST_ONLY else client.get(view_url(view, scene))
    )
    if expected == "login":
        assert_login_redirect(response)
    elif expected == "ok" and view in POST_ONLY:
        assert response.status_code == 302
        assert not response.url.startswith(LOGIN)
    elif expected == "ok":
        assert response.status_code == 200
    else:
        assert response.status_code == int(expected)


@pytest.mark.parametrize("view", sorted(POST_ONLY))
def test_post_only_action_refuses_get_with_405(client, pegawai, rhk_atasan, view):
    scene = skp_scene(pegawai, rhk_atasan, StatusSkp.DRAFT)
    client.force_login(pegawai)
    response = client.get(view_url(view, scene))
    assert response.status_code == 405
    assert Skp.objects.filter(pk=scene.skp.pk).exists()
    assert Rhk.objects.filter(pk=scene.rhk.pk).exists()


@pytest.mark.parametrize("page", [DAFTAR, TAMBAH, BAWAHAN], ids=["daftar", "tambah", "bawahan"])
def test_anonymous_is_sent_to_login_from_the_lists(client, db, page):
    assert_login_redirect(client.get(page))


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize("page", [DAFTAR, TAMBAH, BAWAHAN], ids=["daftar", "tambah", "bawahan"])
def test_every_logged_in_role_opens_the_lists(client, request, role, page):
    client.force_login(request.getfixturevalue(role))
    assert client.get(page).status_code == 200


def test_daftar_skp_lists_only_the_users_own_skps(client, pegawai, pegawai_lain, admin_instansi):
    own = SkpFactory(pegawai=pegawai)
    other = SkpFactory(pegawai=pegawai_lain)
    html = html_of(logged_in(client, pegawai).get(DAFTAR))
    assert f'href="{own.get_absolute_url()}"' in html
    assert f'href="{other.get_absolute_url()}"' not in html
    admin_html = html_of(logged_in(client, admin_instansi).get(DAFTAR))
    assert f'href="{own.get_absolute_url()}"' not in admin_html
    assert "Anda belum memiliki SKP" in admin_html


@pytest.mark.parametrize(
    ("view", "method"),
    [
        ("rhk_ubah", "get"),
        ("rhk_hapus", "post"),
        ("rhk_geser", "post"),
        ("indikator_tambah", "get"),
        ("indikator_ubah", "get"),
        ("indikator_hapus", "post"),
        ("indikator_geser", "post"),
        ("lampiran_ubah", "get"),
        ("lampiran_hapus", "post"),
        ("matriks_rhk", "get"),
    ],
)
def test_an_item_of_another_skp_in_the_url_is_not_found(client, pegawai, pegawai_lain, rhk_atasan, view, method):
    """The owner's own SKP id with the RHK, indikator, lampiran or MPH row of a colleague's SKP: 404."""
    mine = skp_scene(pegawai, rhk_atasan, StatusSkp.DRAFT)
    theirs = skp_scene(pegawai_lain, rhk_atasan, StatusSkp.DRAFT)
    mixed = SimpleNamespace(**{**vars(theirs), "skp": mine.skp})
    client.force_login(pegawai)
    response = getattr(client, method)(view_url(view, mixed))
    assert response.status_code == 404
    assert Rhk.objects.filter(pk=theirs.rhk.pk).exists()
    assert Indikator.objects.filter(pk=theirs.indikator.pk).exists()
    assert LampiranItem.objects.filter(pk=theirs.lampiran.pk).exists()


def test_an_unknown_perilaku_number_is_not_found(client, atasan, pegawai, rhk_atasan):
    scene = skp_scene(pegawai, rhk_atasan, StatusSkp.PENGAJUAN)
    client.force_login(atasan)
    assert client.get(url("ekspektasi_ubah", scene.skp.pk, 8)).status_code == 404


# --- Tambah SKP, Salin SKP, Plt ----------------------------------------------------------------------


def skp_data(**changes) -> dict:
    data = {
        "periode_awal": f"{TAHUN}-01-01",
        "periode_akhir": f"{TAHUN}-12-31",
        "pendekatan": "kuantitatif",
        "client_token": str(uuid.uuid4()),
    }
    return {**data, **changes}


def test_tambah_skp_form_uses_the_manuals_labels(client, pegawai):
    html = html_of(logged_in(client, pegawai).get(TAMBAH))
    for label in ("Periode Awal", "Periode Akhir", "Pendekatan", "Kuantitatif", "Kualitatif"):
        assert f">{label}<" in html
    assert "SKP untuk jabatan" not in html  # no Plt post
    assert "Salin dari SKP" not in html  # nothing to copy yet


def test_tambah_skp_creates_a_draft_and_opens_its_detail(client, pegawai, atasan):
    response = logged_in(client, pegawai).post(TAMBAH, skp_data(pendekatan="kualitatif"))
    skp = Skp.objects.get(pegawai=pegawai)
    assert response.status_code == 302
    assert response.url == skp.get_absolute_url()
    assert skp.status == StatusSkp.DRAFT
    assert skp.pendekatan == "kualitatif"
    assert skp.periode_awal == datetime.date(TAHUN, 1, 1)
    assert skp.penilai == atasan
    assert skp.penilai_snapshot["nama"] == "Budi Atasan"
    html = html_of(client.get(response.url))
    assert "SKP dibuat. Lanjutkan dengan Tambah Rencana Hasil Kerja (RHK)." in html
    assert "Tambah Rencana Hasil Kerja (RHK)" in html


def test_tambah_skp_refuses_an_overlapping_period_and_keeps_the_dates(client, pegawai):
    SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).post(TAMBAH, skp_data(periode_awal=f"{TAHUN}-06-01"))
    assert response.status_code == 200
    html = html_of(response)
    assert "bertumpang tindih" in html
    assert f'value="{TAHUN}-06-01"' in html
    assert Skp.objects.filter(pegawai=pegawai).count() == 1


def test_tambah_skp_refuses_an_end_before_the_start(client, pegawai):
    response = logged_in(client, pegawai).post(
        TAMBAH, skp_data(periode_awal=f"{TAHUN}-12-01", periode_akhir=f"{TAHUN}-01-31")
    )
    assert response.status_code == 200
    assert "Periode Akhir tidak boleh sebelum Periode Awal." in html_of(response)
    assert not Skp.objects.filter(pegawai=pegawai).exists()


def test_tambah_skp_twice_with_the_same_client_token_makes_one_skp(client, pegawai):
    data = skp_data()
    logged_in(client, pegawai)
    first = client.post(TAMBAH, data)
    second = client.post(TAMBAH, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Skp.objects.filter(pegawai=pegawai).count() == 1


def test_salin_skp_preselects_the_source_and_copies_rhk_indikator_and_lampiran(client, pegawai):
    lama = SkpFactory(
        pegawai=pegawai,
        status=StatusSkp.PERSETUJUAN,
        periode_awal=datetime.date(TAHUN - 1, 1, 1),
        periode_akhir=datetime.date(TAHUN - 1, 12, 31),
    )
    rhk = RhkFactory(skp=lama, teks="Terlaksananya mutasi tepat waktu")
    IndikatorFactory(rhk=rhk, teks="Jumlah SK mutasi yang terbit", target_angka=12, satuan="Dokumen")
    LampiranItemFactory(skp=lama, jenis="konsekuensi", teks="Teguran tertulis bila target tidak tercapai")
    logged_in(client, pegawai)

    html = html_of(client.get(f"{TAMBAH}?salin={lama.pk}"))
    assert "Salin dari SKP" in html
    assert f'<option value="{lama.pk}" selected>' in html

    response = client.post(TAMBAH, skp_data(salin_dari=str(lama.pk)))
    baru = Skp.objects.get(pegawai=pegawai, periode_awal__year=TAHUN)
    assert response.url == baru.get_absolute_url()
    copied = baru.rhk_list.get()
    assert copied.teks == "Terlaksananya mutasi tepat waktu"
    indikator = copied.indikator_list.get()
    assert (indikator.teks, indikator.target_angka, indikator.satuan) == (
        "Jumlah SK mutasi yang terbit",
        Decimal("12"),
        "Dokumen",
    )
    assert list(baru.lampiran_list.values_list("jenis", "teks")) == [
        ("konsekuensi", "Teguran tertulis bila target tidak tercapai")
    ]
    assert lama.rhk_list.count() == 1  # the source is untouched


def test_salin_skp_of_someone_else_is_not_offered_nor_accepted(client, pegawai, pegawai_lain):
    own = SkpFactory(
        pegawai=pegawai, periode_awal=datetime.date(TAHUN - 2, 1, 1), periode_akhir=datetime.date(TAHUN - 2, 12, 31)
    )
    theirs = SkpFactory(
        pegawai=pegawai_lain,
        periode_awal=datetime.date(TAHUN - 1, 1, 1),
        periode_akhir=datetime.date(TAHUN - 1, 12, 31),
    )
    RhkFactory(skp=theirs)
    logged_in(client, pegawai)
    html = html_of(client.get(f"{TAMBAH}?salin={theirs.pk}"))
    assert f'<option value="{own.pk}">' in html
    assert f'value="{theirs.pk}"' not in html
    response = client.post(TAMBAH, skp_data(salin_dari=str(theirs.pk)))
    assert response.status_code == 200
    assert 'class="errorlist"' in html_of(response)
    assert list(Skp.objects.filter(pegawai=pegawai)) == [own]


def test_a_pegawai_with_a_plt_post_chooses_the_role_of_each_skp(client, pegawai, atasan, atasan_lain):
    plt = PltAssignmentFactory(
        pegawai=pegawai,
        jabatan="Kepala Seksi Uji",
        atasan=atasan_lain,
        mulai=datetime.date(TAHUN, 1, 1),
        selesai=datetime.date(TAHUN, 12, 31),
    )
    logged_in(client, pegawai)
    html = html_of(client.get(TAMBAH))
    assert ">SKP untuk jabatan<" in html
    assert f">{pegawai.jabatan} (definitif)<" in html
    assert f'<option value="{plt.pk}">Plt. Kepala Seksi Uji</option>' in html

    client.post(TAMBAH, skp_data(peran=str(plt.pk)))
    client.post(TAMBAH, skp_data(peran=""))
    sebagai_plt = Skp.objects.get(pegawai=pegawai, plt=plt)
    definitif = Skp.objects.get(pegawai=pegawai, plt__isnull=True)
    assert sebagai_plt.penilai == atasan_lain
    assert sebagai_plt.pegawai_snapshot["jabatan"] == "Plt. Kepala Seksi Uji"
    assert definitif.penilai == atasan
    daftar = html_of(client.get(DAFTAR))
    assert "Plt. Kepala Seksi Uji" in daftar
    assert '<span class="badge">Plt</span>' in daftar


# --- Detail SKP ---------------------------------------------------------------------------------------


def hasil_kerja_columns(html: str) -> list[str]:
    thead = re.search(r'<table class="hasil-kerja.*?<thead>(.*?)</thead>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", th).strip() for th in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)]


def test_detail_skp_shows_hasil_kerja_perilaku_lampiran_and_riwayat(client, pegawai, rhk_atasan):
    skp = services.skp_create(
        actor=pegawai,
        periode_awal=datetime.date(TAHUN, 1, 1),
        periode_akhir=datetime.date(TAHUN, 12, 31),
        pendekatan="kuantitatif",
    )
    utama = RhkFactory(skp=skp, jenis="utama", teks="Terwujudnya mutasi yang tertib", rhk_atasan=rhk_atasan)
    IndikatorFactory(rhk=utama, teks="Jumlah SK mutasi yang terbit", target_angka=12, satuan="Dokumen")
    RhkFactory(skp=skp, jenis="tambahan", teks="Terlaksananya pembinaan pegawai", rhk_atasan=rhk_atasan)
    LampiranItemFactory(skp=skp, jenis="skema", teks="Laporan bulanan kepada Kepala Badan")
    html = html_of(logged_in(client, pegawai).get(skp.get_absolute_url()))

    assert ">Hasil Kerja<" in html
    positions = [
        html.index("A. Utama"),
        html.index("Terwujudnya mutasi yang tertib"),
        html.index("B. Tambahan"),
        html.index("Terlaksananya pembinaan pegawai"),
    ]
    assert positions == sorted(positions)
    assert "12 Dokumen" in html
    assert "Tertibnya administrasi mutasi pegawai" in html  # the RHK atasan it intervenes

    assert ">Perilaku Kerja<" in html
    assert ">Ekspektasi Khusus Pimpinan<" in html
    perilaku = list(PerilakuKerja.objects.all())
    assert len(perilaku) == 7
    for nilai in perilaku:
        assert f"<strong>{nilai.nama}</strong>" in html
        assert escape(nilai.panduan[0]) in html

    assert ">Lampiran<" in html
    for jenis in ("Dukungan Sumber Daya", "Skema Pertanggungjawaban", "Konsekuensi"):
        assert f"<h3>{jenis}</h3>" in html
    assert "Laporan bulanan kepada Kepala Badan" in html

    riwayat = html[html.index(">Riwayat<") :]
    assert "SKP dibuat." in riwayat
    assert pegawai.nama_lengkap in riwayat
    assert "<strong>Draft</strong>" in riwayat


COLUMNS = [
    pytest.param(
        "jpt",
        "kuantitatif",
        ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target", "Perspektif"],
        id="jpt-kuantitatif",
    ),
    pytest.param(
        "pimpinan_unit",
        "kuantitatif",
        ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target", "Perspektif"],
        id="pimpinan_unit-kuantitatif",
    ),
    pytest.param("jpt", "kualitatif", ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu"], id="jpt-kualitatif"),
    pytest.param(
        "pegawai",
        "kuantitatif",
        ["No", "RHK Atasan yang Diintervensi", "Rencana Hasil Kerja", "Aspek", "Indikator Kinerja Individu", "Target"],
        id="pegawai-kuantitatif",
    ),
    pytest.param(
        "pegawai",
        "kualitatif",
        ["No", "RHK Atasan yang Diintervensi", "Rencana Hasil Kerja", "Indikator Kinerja Individu"],
        id="pegawai-kualitatif",
    ),
]


@pytest.mark.parametrize(("model", "pendekatan", "columns"), COLUMNS)
def test_detail_skp_columns_follow_the_model_and_pendekatan(client, pegawai, rhk_atasan, model, pendekatan, columns):
    skp = SkpFactory(pegawai=pegawai, model=model, pendekatan=pendekatan)
    pimpinan = model != "pegawai"
    rhk = RhkFactory(
        skp=skp, penugasan_dari="Bupati Sukamaju" if pimpinan else "", rhk_atasan=None if pimpinan else rhk_atasan
    )
    IndikatorFactory(rhk=rhk, target_angka=4, satuan="Laporan")
    html = html_of(logged_in(client, pegawai).get(skp.get_absolute_url()))
    assert hasil_kerja_columns(html) == columns
    assert ("Penugasan dari Bupati Sukamaju" in html) is pimpinan
    assert ("Tertibnya administrasi mutasi pegawai" in html) is not pimpinan
    assert ("4 Laporan" in html) is (pendekatan == "kuantitatif")
    assert ("Penerima Layanan" in html) is (pimpinan and pendekatan == "kuantitatif")
    assert ("Kuantitas" in html) is (not pimpinan and pendekatan == "kuantitatif")


def test_detail_skp_for_the_penilai_has_edit_status_and_ekspektasi_but_no_editing(client, pegawai, atasan, rhk_atasan):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN), rhk_atasan=rhk_atasan)
    html = html_of(logged_in(client, atasan).get(skp.get_absolute_url()))
    assert f'href="{url("edit_status", skp.pk)}"' in html
    assert f'href="{url("ekspektasi_ubah", skp.pk, 1)}"' in html
    assert "Tambah Rencana Hasil Kerja (RHK)" not in html
    assert "Tambah Indikator" not in html
    assert f'href="{url("ajukan", skp.pk)}"' not in html
    assert "← SKP Bawahan" in html


# --- RHK and indikator --------------------------------------------------------------------------------


def rhk_data(**changes) -> dict:
    data = {
        "jenis": "utama",
        "klasifikasi": "individu",
        "unit_kerja": "",
        "teks": "Terlaksananya layanan mutasi yang cepat",
        "client_token": str(uuid.uuid4()),
    }
    return {**data, **changes}


def test_tambah_rhk_then_tambah_indikator_with_a_decimal_comma(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    logged_in(client, pegawai)
    form = html_of(client.get(url("rhk_tambah", skp.pk)))
    for label in ("Jenis RHK", "Klasifikasi RHK", "Rencana Hasil Kerja", "RHK Atasan yang Diintervensi"):
        assert f">{label}</label>" in form
    assert "Penugasan dari" not in form
    assert "Utama: Tertibnya administrasi mutasi pegawai" in form

    response = client.post(url("rhk_tambah", skp.pk), rhk_data(rhk_atasan=rhk_atasan.pk))
    rhk = skp.rhk_list.get()
    assert response.url == f"{skp.get_absolute_url()}#rhk-{rhk.pk}"
    assert (rhk.teks, rhk.rhk_atasan, rhk.dibuat_oleh) == (
        "Terlaksananya layanan mutasi yang cepat",
        rhk_atasan,
        pegawai,
    )

    form = html_of(client.get(url("indikator_tambah", skp.pk, rhk.pk)))
    for label in ("Indikator", "Target", "Satuan", "Aspek"):
        assert f">{label}</label>" in form
    assert ">Perspektif</label>" not in form
    response = client.post(
        url("indikator_tambah", skp.pk, rhk.pk),
        {"teks": "Persentase usul mutasi selesai", "target_angka": "85,5", "satuan": "%", "aspek": "waktu"},
    )
    assert response.status_code == 302
    indikator = rhk.indikator_list.get()
    assert indikator.target_angka == Decimal("85.5")
    assert indikator.aspek == "waktu"
    html = html_of(client.get(skp.get_absolute_url()))
    assert "85,5 %" in html
    assert "Persentase usul mutasi selesai" in html


def test_tambah_rhk_for_a_jpt_asks_penugasan_dari_and_perspektif(client, pegawai):
    skp = SkpFactory(pegawai=pegawai, model="jpt")
    logged_in(client, pegawai)
    form = html_of(client.get(url("rhk_tambah", skp.pk)))
    assert ">Penugasan dari</label>" in form
    assert 'value="Kepala Bidang Mutasi"' in form  # the penilai's jabatan by default
    assert "RHK Atasan yang Diintervensi" not in form
    client.post(url("rhk_tambah", skp.pk), rhk_data(penugasan_dari="Bupati Sukamaju"))
    rhk = skp.rhk_list.get()
    assert rhk.penugasan_dari == "Bupati Sukamaju"

    form = html_of(client.get(url("indikator_tambah", skp.pk, rhk.pk)))
    assert ">Perspektif</label>" in form
    assert ">Aspek</label>" not in form
    client.post(
        url("indikator_tambah", skp.pk, rhk.pk),
        {
            "teks": "Jumlah pegawai yang dilayani",
            "target_angka": "1.000",
            "satuan": "Orang",
            "perspektif": "proses_bisnis",
        },
    )
    indikator = rhk.indikator_list.get()
    assert (indikator.target_angka, indikator.perspektif) == (Decimal("1000"), "proses_bisnis")


def test_tambah_indikator_kualitatif_is_one_narrative_without_target(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai, pendekatan="kualitatif")
    rhk = RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    logged_in(client, pegawai)
    form = html_of(client.get(url("indikator_tambah", skp.pk, rhk.pk)))
    assert ">Target</label>" not in form
    assert ">Aspek</label>" not in form
    assert "tuliskan indikator beserta targetnya dalam satu narasi" in form
    client.post(url("indikator_tambah", skp.pk, rhk.pk), {"teks": "Seluruh usul mutasi selesai dalam 14 hari kerja"})
    indikator = rhk.indikator_list.get()
    assert indikator.teks == "Seluruh usul mutasi selesai dalam 14 hari kerja"
    assert indikator.target_angka is None


def test_ubah_rhk_shows_the_current_text_and_saves_the_new_one(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    rhk = RhkFactory(skp=skp, teks="Teks RHK semula", rhk_atasan=rhk_atasan)
    logged_in(client, pegawai)
    assert "Teks RHK semula" in html_of(client.get(url("rhk_ubah", skp.pk, rhk.pk)))
    response = client.post(
        url("rhk_ubah", skp.pk, rhk.pk),
        rhk_data(jenis="tambahan", teks="Teks RHK baru", rhk_atasan=rhk_atasan.pk, version=rhk.version),
    )
    assert response.url == f"{skp.get_absolute_url()}#rhk-{rhk.pk}"
    rhk.refresh_from_db()
    assert (rhk.teks, rhk.jenis, rhk.version) == ("Teks RHK baru", "tambahan", 2)
    assert "RHK disimpan." in messages_of(response)


def test_hapus_rhk_deletes_it_with_its_indikator(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    rhk = RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    indikator = IndikatorFactory(rhk=rhk)
    response = logged_in(client, pegawai).post(url("rhk_hapus", skp.pk, rhk.pk), {"version": rhk.version, "yakin": "1"})
    assert response.url == f"{skp.get_absolute_url()}#hasil-kerja"
    assert not Rhk.objects.filter(pk=rhk.pk).exists()
    assert not Indikator.objects.filter(pk=indikator.pk).exists()


def test_an_rhk_intervened_by_a_bawahan_is_not_deleted_and_the_page_says_why(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai, status=StatusSkp.PERSETUJUAN)
    rhk = RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    skp.status = StatusSkp.REVISI
    skp.save()
    staf = UserFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai, nama="Iwan Staf")
    RhkFactory(skp=SkpFactory(pegawai=staf), rhk_atasan=rhk)
    logged_in(client, pegawai)

    response = client.post(url("rhk_hapus", skp.pk, rhk.pk), {"version": rhk.version, "yakin": "1"})
    assert response.url == skp.get_absolute_url()
    assert any("diintervensi oleh RHK bawahan: Iwan Staf" in m for m in messages_of(response))

    fragment = html_of(client.post(url("rhk_hapus", skp.pk, rhk.pk), {"version": rhk.version}, **HTMX))
    assert "<html" not in fragment
    assert 'role="alert"' in fragment
    assert "diintervensi oleh RHK bawahan: Iwan Staf" in fragment
    assert Rhk.objects.filter(pk=rhk.pk).exists()


def test_geser_rhk_moves_it_above_the_previous_one(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    pertama = RhkFactory(skp=skp, teks="RHK yang semula pertama", rhk_atasan=rhk_atasan)
    kedua = RhkFactory(skp=skp, teks="RHK yang semula kedua", rhk_atasan=rhk_atasan)
    logged_in(client, pegawai)
    html = html_of(client.get(skp.get_absolute_url()))
    assert html.index(pertama.teks) < html.index(kedua.teks)
    response = client.post(url("rhk_geser", skp.pk, kedua.pk), {"arah": "naik"})
    assert response.url == f"{skp.get_absolute_url()}#rhk-{kedua.pk}"
    html = html_of(client.get(skp.get_absolute_url()))
    assert html.index(kedua.teks) < html.index(pertama.teks)
    client.post(url("rhk_geser", skp.pk, kedua.pk), {"arah": "turun"})
    html = html_of(client.get(skp.get_absolute_url()))
    assert html.index(pertama.teks) < html.index(kedua.teks)


def test_ubah_hapus_and_geser_indikator(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    rhk = RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    pertama = IndikatorFactory(rhk=rhk, teks="Indikator semula pertama")
    kedua = IndikatorFactory(rhk=rhk, teks="Indikator semula kedua")
    logged_in(client, pegawai)

    assert 'value="100"' in html_of(client.get(url("indikator_ubah", skp.pk, pertama.pk)))
    response = client.post(
        url("indikator_ubah", skp.pk, pertama.pk),
        {"teks": "Indikator diubah", "target_angka": "12,25", "satuan": "Dokumen", "aspek": "kualitas", "version": 1},
    )
    assert response.url == f"{skp.get_absolute_url()}#rhk-{rhk.pk}"
    pertama.refresh_from_db()
    assert (pertama.teks, pertama.target_angka, pertama.aspek) == ("Indikator diubah", Decimal("12.25"), "kualitas")

    client.post(url("indikator_geser", skp.pk, kedua.pk), {"arah": "naik"})
    html = html_of(client.get(skp.get_absolute_url()))
    assert html.index("Indikator semula kedua") < html.index("Indikator diubah")

    client.post(url("indikator_hapus", skp.pk, kedua.pk), {"version": kedua.version, "yakin": "1"})
    assert list(rhk.indikator_list.values_list("teks", flat=True)) == ["Indikator diubah"]


# --- Lampiran and Ekspektasi --------------------------------------------------------------------------


def test_lampiran_is_added_edited_and_deleted(client, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    logged_in(client, pegawai)
    form = html_of(client.get(url("lampiran_tambah", skp.pk) + "?jenis=skema"))
    assert '<option value="skema" selected>Skema Pertanggungjawaban</option>' in form

    response = client.post(
        url("lampiran_tambah", skp.pk), {"jenis": "skema", "teks": "Laporan bulanan", "client_token": str(uuid.uuid4())}
    )
    assert response.url == f"{skp.get_absolute_url()}#lampiran"
    item = skp.lampiran_list.get()
    assert (item.jenis, item.teks) == ("skema", "Laporan bulanan")

    client.post(
        url("lampiran_ubah", skp.pk, item.pk), {"jenis": "konsekuensi", "teks": "Laporan triwulan", "version": 1}
    )
    item.refresh_from_db()
    assert (item.jenis, item.teks) == ("skema", "Laporan triwulan")  # the list is fixed once added
    html = html_of(client.get(skp.get_absolute_url()))
    assert (
        html.index("<h3>Skema Pertanggungjawaban</h3>")
        < html.index("Laporan triwulan")
        < html.index("<h3>Konsekuensi</h3>")
    )

    client.post(url("lampiran_hapus", skp.pk, item.pk), {"version": item.version, "yakin": "1"})
    assert not skp.lampiran_list.exists()


def test_penilai_writes_ekspektasi_khusus_pimpinan(client, pegawai, atasan, rhk_atasan):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN), rhk_atasan=rhk_atasan)
    logged_in(client, atasan)
    form = html_of(client.get(url("ekspektasi_ubah", skp.pk, 2)))
    assert "Ekspektasi Khusus Pimpinan: Akuntabel" in form
    assert "Tidak menyalahgunakan kewenangan jabatan" in form
    response = client.post(url("ekspektasi_ubah", skp.pk, 2), {"teks": "Laporan keuangan bidang tepat waktu"})
    assert response.url == f"{skp.get_absolute_url()}#perilaku"
    assert EkspektasiPimpinan.objects.get(skp=skp, perilaku_id=2).teks == "Laporan keuangan bidang tepat waktu"
    assert "Laporan keuangan bidang tepat waktu" in html_of(client.get(skp.get_absolute_url()))


# --- Ubah, Hapus, Muat ulang ------------------------------------------------------------------------------


def test_ubah_periode_saves_the_new_period(client, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).post(
        url("ubah", skp.pk),
        {"periode_awal": f"{TAHUN}-02-01", "periode_akhir": f"{TAHUN}-11-30", "pendekatan": "kualitatif", "version": 1},
    )
    assert response.url == skp.get_absolute_url()
    skp.refresh_from_db()
    assert (skp.periode_awal, skp.periode_akhir, skp.pendekatan) == (
        datetime.date(TAHUN, 2, 1),
        datetime.date(TAHUN, 11, 30),
        "kualitatif",
    )


def test_hapus_skp_deletes_a_draft_and_returns_to_daftar(client, pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai))
    response = logged_in(client, pegawai).post(url("hapus", skp.pk), {"yakin": "1"})
    assert response.url == DAFTAR
    assert not Skp.objects.filter(pk=skp.pk).exists()


def test_muat_ulang_takes_the_penilai_from_the_current_profile(client, pegawai, atasan_lain):
    skp = SkpFactory(pegawai=pegawai)
    pegawai.atasan = atasan_lain
    pegawai.save()
    response = logged_in(client, pegawai).post(url("muat_ulang", skp.pk))
    assert response.url == skp.get_absolute_url()
    skp.refresh_from_db()
    assert skp.penilai == atasan_lain
    assert skp.penilai_snapshot["nama"] == "Fajar Atasan Lain"


# --- Ajukan SKP and Edit Status -------------------------------------------------------------------------


@pytest.fixture
def skp_lengkap(pegawai, rhk_atasan):
    return complete_skp(SkpFactory(pegawai=pegawai), rhk_atasan=rhk_atasan)


@pytest.fixture
def skp_diajukan(pegawai, skp_lengkap):
    services.skp_submit(actor=pegawai, skp_id=skp_lengkap.pk)
    skp_lengkap.refresh_from_db()
    return skp_lengkap


def test_ajukan_skp_asks_for_confirmation_when_complete(client, pegawai, skp_lengkap):
    html = html_of(logged_in(client, pegawai).get(url("ajukan", skp_lengkap.pk)))
    assert "Apakah Anda yakin ingin mengajukan SKP ini?" in html
    assert "Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau" in html
    assert "SKP akan ditinjau oleh Budi Atasan." in html
    assert '<button type="submit">Ajukan SKP</button>' in html


def test_ajukan_skp_lists_what_is_still_missing(client, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    LampiranItemFactory(skp=skp, jenis="sumber_daya")
    html = html_of(logged_in(client, pegawai).get(url("ajukan", skp.pk)))
    assert "SKP belum dapat diajukan. Lengkapi dahulu:" in html
    assert "<li>Belum ada RHK Utama.</li>" in html
    assert "<li>Lampiran Skema Pertanggungjawaban belum diisi.</li>" in html
    assert "<li>Lampiran Konsekuensi belum diisi.</li>" in html
    assert "Lampiran Dukungan Sumber Daya belum diisi." not in html
    assert "Anda tidak bisa melakukan perubahan" not in html
    assert '<button type="submit">Ajukan SKP</button>' not in html


def test_ajukan_skp_submits_and_records_the_move(client, pegawai, skp_lengkap):
    logged_in(client, pegawai)
    response = client.post(url("ajukan", skp_lengkap.pk), {"version": skp_lengkap.version})
    assert response.url == skp_lengkap.get_absolute_url()
    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.PENGAJUAN
    change = SkpStatusChange.objects.get(skp=skp_lengkap)
    assert (change.actor, change.dari, change.ke) == (pegawai, "draft", "pengajuan")
    html = html_of(client.get(response.url))
    assert "SKP diajukan. Pejabat penilai akan meninjaunya." in html
    assert "Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau" in html
    assert "Tambah Rencana Hasil Kerja (RHK)" not in html


def test_ajukan_skp_of_an_incomplete_skp_is_refused_with_the_reasons(client, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).post(url("ajukan", skp.pk), {"version": skp.version})
    assert response.status_code == 200
    assert "SKP belum dapat diajukan:" in html_of(response)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT


def test_a_returned_skp_is_submitted_again(client, pegawai, atasan, skp_diajukan):
    services.skp_set_status(actor=atasan, skp_id=skp_diajukan.pk, version=None, status="revisi", catatan="Perbaiki")
    skp_diajukan.refresh_from_db()
    logged_in(client, pegawai).post(url("ajukan", skp_diajukan.pk), {"version": skp_diajukan.version})
    skp_diajukan.refresh_from_db()
    assert skp_diajukan.status == StatusSkp.PENGAJUAN


def test_edit_status_offers_persetujuan_and_kembalikan_to_the_penilai(client, atasan, skp_diajukan):
    html = html_of(logged_in(client, atasan).get(url("edit_status", skp_diajukan.pk)))
    assert "<h1>Edit Status</h1>" in html
    assert '<option value="persetujuan">Persetujuan</option>' in html
    assert '<option value="revisi">Kembalikan (Revisi)</option>' in html


def test_edit_status_preselects_nothing_so_a_stray_simpan_approves_nothing(client, atasan, skp_diajukan):
    """Issue 10: Persetujuan used to be preselected."""
    html = html_of(logged_in(client, atasan).get(url("edit_status", skp_diajukan.pk)))
    assert '<option value="" selected>— pilih status —</option>' in html
    assert "selected" not in html.split('<option value="persetujuan"')[1].split(">")[0]
    response = client.post(url("edit_status", skp_diajukan.pk), {"catatan": "", "version": skp_diajukan.version})
    assert "Pilih status baru lebih dulu." in html_of(response)
    skp_diajukan.refresh_from_db()
    assert skp_diajukan.status == StatusSkp.PENGAJUAN


def test_penilai_approves_with_edit_status(client, atasan, skp_diajukan):
    response = logged_in(client, atasan).post(
        url("edit_status", skp_diajukan.pk), {"status": "persetujuan", "catatan": "", "version": skp_diajukan.version}
    )
    assert response.url == skp_diajukan.get_absolute_url()
    skp_diajukan.refresh_from_db()
    assert skp_diajukan.status == StatusSkp.PERSETUJUAN
    assert SkpStatusChange.objects.filter(skp=skp_diajukan, actor=atasan, ke="persetujuan").exists()
    assert "Status SKP sekarang Persetujuan." in messages_of(response)


def test_kembalikan_with_a_catatan_returns_the_skp_and_the_pegawai_reads_it(client, pegawai, atasan, skp_diajukan):
    response = logged_in(client, atasan).post(
        url("edit_status", skp_diajukan.pk),
        {"status": "revisi", "catatan": "Lengkapi target kualitas", "version": skp_diajukan.version},
    )
    assert response.status_code == 302
    skp_diajukan.refresh_from_db()
    assert skp_diajukan.status == StatusSkp.REVISI
    assert SkpStatusChange.objects.get(skp=skp_diajukan, ke="revisi").catatan == "Lengkapi target kualitas"

    response = logged_in(client, pegawai).get(skp_diajukan.get_absolute_url())
    assert response.status_code == 200
    html = html_of(response)
    assert "SKP dikembalikan untuk diperbaiki: “Lengkapi target kualitas”" in html
    assert "Tambah Rencana Hasil Kerja (RHK)" in html


def test_kembalikan_without_catatan_is_refused_and_the_status_stays(client, atasan, skp_diajukan):
    response = logged_in(client, atasan).post(
        url("edit_status", skp_diajukan.pk), {"status": "revisi", "catatan": "  ", "version": skp_diajukan.version}
    )
    assert response.status_code == 200
    assert "Tuliskan catatan: apa yang perlu diperbaiki pegawai." in html_of(response)
    skp_diajukan.refresh_from_db()
    assert skp_diajukan.status == StatusSkp.PENGAJUAN
    assert not SkpStatusChange.objects.filter(skp=skp_diajukan, ke="revisi").exists()


def test_penilai_reopens_an_approved_skp_with_a_catatan(client, atasan, skp_diajukan):
    services.skp_set_status(actor=atasan, skp_id=skp_diajukan.pk, version=None, status="persetujuan")
    skp_diajukan.refresh_from_db()
    logged_in(client, atasan)
    html = html_of(client.get(url("edit_status", skp_diajukan.pk)))
    assert '<option value="revisi">Buka kembali (Revisi)</option>' in html
    assert '<option value="persetujuan">' not in html

    refused = client.post(
        url("edit_status", skp_diajukan.pk), {"status": "revisi", "catatan": "", "version": skp_diajukan.version}
    )
    assert refused.status_code == 200
    response = client.post(
        url("edit_status", skp_diajukan.pk),
        {"status": "revisi", "catatan": "Target diubah sesuai APBD Perubahan", "version": skp_diajukan.version},
    )
    assert response.status_code == 302
    skp_diajukan.refresh_from_db()
    assert skp_diajukan.status == StatusSkp.REVISI
    assert (
        SkpStatusChange.objects.get(skp=skp_diajukan, dari="persetujuan").catatan
        == "Target diubah sesuai APBD Perubahan"
    )


# --- SKP Bawahan ------------------------------------------------------------------------------------------


@pytest.fixture
def tim_bawahan(unit, atasan, pegawai, pegawai_lain):
    return SimpleNamespace(
        diajukan=SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN),
        draft=SkpFactory(pegawai=pegawai_lain),
        belum=UserFactory(unit_kerja=unit, atasan=atasan, nama="Hadi Belum Mulai"),
    )


def test_skp_bawahan_lists_skps_with_status_and_bawahan_without_skp(client, atasan, atasan_lain, tim_bawahan):
    html = html_of(logged_in(client, atasan).get(BAWAHAN))
    assert "<h1>SKP Bawahan</h1>" in html
    assert "Ani Pegawai" in html
    assert "Citra Rekan" in html
    assert f'href="{tim_bawahan.diajukan.get_absolute_url()}">Detail SKP</a>' in html
    assert f'href="{tim_bawahan.draft.get_absolute_url()}"' not in html
    assert "Belum diajukan" in html
    assert "Pengajuan: 1" in html
    assert "Draft: 1" in html
    assert f"Belum membuat SKP tahun {TAHUN}" in html
    assert "Hadi Belum Mulai" in html
    assert "Gita Bawahan Lain" not in html  # another atasan's bawahan


def test_skp_bawahan_filters_by_status(client, atasan, tim_bawahan):
    logged_in(client, atasan)
    html = html_of(client.get(BAWAHAN, {"status": "pengajuan"}))
    assert "Ani Pegawai" in html
    assert "Citra Rekan" not in html
    assert '<option value="pengajuan" selected>' in html
    html = html_of(client.get(BAWAHAN, {"status": "persetujuan"}))
    assert "Tidak ada SKP bawahan untuk pilihan ini." in html


def test_skp_bawahan_shows_the_chosen_year(client, atasan, pegawai):
    lama = SkpFactory(
        pegawai=pegawai,
        status=StatusSkp.PERSETUJUAN,
        periode_awal=datetime.date(TAHUN - 1, 1, 1),
        periode_akhir=datetime.date(TAHUN - 1, 12, 31),
    )
    logged_in(client, atasan)
    assert f'href="{lama.get_absolute_url()}"' not in html_of(client.get(BAWAHAN))
    assert f'href="{lama.get_absolute_url()}"' in html_of(client.get(BAWAHAN, {"tahun": TAHUN - 1}))
    assert client.get(BAWAHAN, {"tahun": "bukan-angka"}).status_code == 200


# --- Matriks Peran Hasil ------------------------------------------------------------------------------


def test_sinkronisasi_skp_bawahan_fills_the_rows(client, atasan, skp_atasan, pegawai, pegawai_lain):
    draft = SkpFactory(pegawai=pegawai)
    diajukan = SkpFactory(pegawai=pegawai_lain, status=StatusSkp.PENGAJUAN)
    logged_in(client, atasan)
    matriks = url("matriks", skp_atasan.pk)
    html = html_of(client.get(matriks))
    assert "<h1>Matriks Peran Hasil</h1>" in html
    assert "Belum ada baris." in html
    assert "Tertibnya administrasi mutasi pegawai" in html  # the column: the atasan's RHK
    assert "Persentase usul mutasi yang diproses" in html  # and its indikator

    response = client.post(url("matriks_sinkronisasi", skp_atasan.pk))
    assert response.url == matriks
    assert "Sinkronisasi selesai: 2 SKP bawahan ditambahkan." in messages_of(response)
    assert set(MphRow.objects.filter(penilai_skp=skp_atasan).values_list("skp_id", flat=True)) == {
        draft.pk,
        diajukan.pk,
    }
    html = html_of(client.get(matriks))
    assert "Ani Pegawai" in html
    assert "Citra Rekan" in html
    assert f'href="{diajukan.get_absolute_url()}">Lihat SKP</a>' in html
    assert f'href="{draft.get_absolute_url()}"' not in html  # the penilai never opens a Draft

    again = client.post(url("matriks_sinkronisasi", skp_atasan.pk))
    assert "Tidak ada SKP bawahan baru." in messages_of(again)
    assert MphRow.objects.filter(penilai_skp=skp_atasan).count() == 2


def test_tambah_pegawai_searches_by_nip_in_a_post_then_adds_the_chosen_skp(
    client, atasan, pegawai, skp_atasan, unit_lain
):
    orang = UserFactory(unit_kerja=unit_lain, nama="Joko Tim Lintas")
    skp_orang = SkpFactory(pegawai=orang)
    logged_in(client, atasan)
    page = url("matriks_tambah_pegawai", skp_atasan.pk)
    html = html_of(client.get(page))
    assert ">NIP Pegawai</label>" in html
    assert '<form method="post"' in html
    assert "Joko Tim Lintas" not in html_of(client.get(page, {"nip": orang.nip}))  # a NIP never rides in a URL

    html = html_of(client.post(page, {"nip": orang.nip}))
    assert "Joko Tim Lintas" in html
    assert f'name="skp_anggota" id="anggota-{skp_orang.pk}" value="{skp_orang.pk}"' in html

    response = client.post(page, {"skp_anggota": skp_orang.pk})
    assert response.url == url("matriks", skp_atasan.pk)
    assert orang.nip not in response.url
    row = MphRow.objects.get(penilai_skp=skp_atasan)
    assert (row.skp, row.manual) == (skp_orang, True)
    assert "Joko Tim Lintas" in html_of(client.get(response.url))


def test_a_pegawai_asked_to_join_a_matrix_answers_on_detail_skp_and_sees_who_writes_their_rhk(
    client, atasan, pegawai, skp_atasan, rhk_atasan, unit_lain
):
    orang = UserFactory(unit_kerja=unit_lain, nama="Joko Tim Lintas")
    skp_orang = SkpFactory(pegawai=orang)
    logged_in(client, atasan).post(url("matriks_tambah_pegawai", skp_atasan.pk), {"skp_anggota": skp_orang.pk})
    row = MphRow.objects.get(penilai_skp=skp_atasan)
    matrix = html_of(client.get(url("matriks", skp_atasan.pk)))
    assert "Menunggu persetujuan pegawai" in matrix
    assert url("matriks_rhk", skp_atasan.pk, row.pk, rhk_atasan.pk) not in matrix
    refused = client.post(url("matriks_rhk", skp_atasan.pk, row.pk, rhk_atasan.pk), {"jenis": "utama", "teks": "X"})
    assert "belum menerima ajakan" in html_of(refused)

    # Only the invited pegawai sees and answers the invitation.
    answer = url("matriks_ajakan", row.pk)
    assert client.post(answer, {"jawaban": "terima"}).status_code == 404
    logged_in(client, orang)
    detail = html_of(client.get(skp_orang.get_absolute_url()))
    assert "mengajak Anda ke Matriks Peran Hasil" in detail
    assert '<button type="submit" name="jawaban" value="terima">Terima</button>' in detail
    response = client.post(answer, {"jawaban": "terima"})
    assert response.url == skp_orang.get_absolute_url()
    assert "mengajak Anda" not in html_of(client.get(response.url))

    logged_in(client, atasan).post(
        url("matriks_rhk", skp_atasan.pk, row.pk, rhk_atasan.pk), {"jenis": "utama", "teks": "Terlaksananya audit"}
    )
    logged_in(client, orang)
    detail = html_of(client.get(skp_orang.get_absolute_url()))
    assert "Terlaksananya audit" in detail
    assert f"Ditulis oleh {atasan.nama_lengkap} melalui Matriks Peran Hasil" in detail


def test_a_declined_matrix_invitation_leaves_the_matrix(client, atasan, pegawai, skp_atasan, unit_lain):
    orang = UserFactory(unit_kerja=unit_lain)
    skp_orang = SkpFactory(pegawai=orang)
    logged_in(client, atasan).post(url("matriks_tambah_pegawai", skp_atasan.pk), {"skp_anggota": skp_orang.pk})
    row = MphRow.objects.get(penilai_skp=skp_atasan)

    logged_in(client, orang).post(url("matriks_ajakan", row.pk), {"jawaban": "tolak"})

    assert not MphRow.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("who", ["unknown", "other_instansi"])
def test_tambah_pegawai_with_a_nip_outside_the_instansi_finds_nobody(
    client, atasan, pegawai, skp_atasan, instansi_lain, who
):
    if who == "unknown":
        nip = make_nip(9000)
    else:
        luar = UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi_lain), nama="Lina Luar")
        SkpFactory(pegawai=luar)
        nip = luar.nip
    html = html_of(logged_in(client, atasan).post(url("matriks_tambah_pegawai", skp_atasan.pk), {"nip": nip}))
    assert f"Tidak ada SKP tahun {TAHUN} milik pegawai instansi Anda dengan NIP tersebut." in html
    assert "Lina Luar" not in html


def test_tambah_rhk_in_a_cell_creates_the_rhk_in_the_members_skp(client, atasan, skp_atasan, rhk_atasan, pegawai):
    member = SkpFactory(pegawai=pegawai)
    row = MphRow.objects.create(instansi=member.instansi, penilai_skp=skp_atasan, skp=member)
    logged_in(client, atasan)
    cell = url("matriks_rhk", skp_atasan.pk, row.pk, rhk_atasan.pk)
    assert f'href="{cell}">Tambah RHK</a>' in html_of(client.get(url("matriks", skp_atasan.pk)))
    form = html_of(client.get(cell))
    assert "Untuk Ani Pegawai, mengintervensi RHK Anda: Tertibnya administrasi mutasi pegawai" in form

    response = client.post(
        cell, {"jenis": "utama", "teks": "Terverifikasinya berkas usul mutasi", "client_token": str(uuid.uuid4())}
    )
    assert response.url == url("matriks", skp_atasan.pk)
    rhk = member.rhk_list.get()
    assert (rhk.teks, rhk.rhk_atasan, rhk.dibuat_oleh, rhk.klasifikasi) == (
        "Terverifikasinya berkas usul mutasi",
        rhk_atasan,
        atasan,
        "individu",
    )
    assert '<p class="cell-rhk">Terverifikasinya berkas usul mutasi</p>' in html_of(client.get(response.url))


def test_tambah_rhk_in_a_cell_of_a_locked_skp_is_refused_with_the_reason(
    client, atasan, skp_atasan, rhk_atasan, pegawai
):
    member = SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN)
    row = MphRow.objects.create(instansi=member.instansi, penilai_skp=skp_atasan, skp=member)
    logged_in(client, atasan)
    cell = url("matriks_rhk", skp_atasan.pk, row.pk, rhk_atasan.pk)
    html = html_of(client.get(url("matriks", skp_atasan.pk)))
    assert "(Pengajuan)" in html
    assert cell not in html
    response = client.post(cell, {"jenis": "utama", "teks": "RHK yang tidak boleh masuk"})
    assert response.status_code == 200
    assert "berstatus Pengajuan: RHK hanya dapat ditambahkan saat Draft atau Revisi." in html_of(response)
    assert "RHK yang tidak boleh masuk" in html_of(response)  # the typed text is kept
    assert not member.rhk_list.exists()


# --- Pages that explain why the user is blocked -----------------------------------------------------------


def test_without_atasan_the_pages_say_the_admin_instansi_can_fix_it(client, unit):
    sendiri = UserFactory(unit_kerja=unit, nama="Kiki Tanpa Atasan")
    skp = SkpFactory(pegawai=sendiri)
    assert skp.penilai is None
    logged_in(client, sendiri)
    assert "Admin instansi dapat mengatur atasan Anda" in html_of(client.get(skp.get_absolute_url()))
    assert "Admin instansi dapat mengatur atasan Anda" in html_of(client.get(url("rhk_tambah", skp.pk)))
    assert "minta admin instansi mengatur atasan Anda" in html_of(client.get(url("ajukan", skp.pk)))
    assert "minta admin instansi mengatur atasan Anda" in html_of(client.get(TAMBAH))


def test_when_the_atasan_has_not_submitted_the_pages_name_the_atasan(client, pegawai, atasan):
    skp_atasan = SkpFactory(pegawai=atasan)  # still a Draft: nothing to intervene yet
    RhkFactory(skp=skp_atasan, teks="RHK atasan yang belum diajukan")
    skp = SkpFactory(pegawai=pegawai)
    logged_in(client, pegawai)
    pesan = f"Atasan Anda, Budi Atasan, belum mengajukan SKP tahun {TAHUN}"
    assert pesan in html_of(client.get(skp.get_absolute_url()))
    form = html_of(client.get(url("rhk_tambah", skp.pk)))
    assert pesan in form
    assert "RHK atasan yang belum diajukan" not in form

    skp_atasan.status = StatusSkp.PENGAJUAN
    skp_atasan.save()
    assert pesan not in html_of(client.get(skp.get_absolute_url()))
    assert "RHK atasan yang belum diajukan" in html_of(client.get(url("rhk_tambah", skp.pk)))


def test_a_submitted_skp_says_it_is_locked_until_reviewed_and_the_server_refuses_changes(client, pegawai, skp_diajukan):
    logged_in(client, pegawai)
    html = html_of(client.get(skp_diajukan.get_absolute_url()))
    assert "SKP sedang ditinjau oleh pejabat penilai (Budi Atasan)." in html
    assert "Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau." in html
    assert "Tambah Rencana Hasil Kerja (RHK)" not in html
    response = client.post(url("rhk_tambah", skp_diajukan.pk), rhk_data())
    assert response.status_code == 403
    assert skp_diajukan.rhk_list.count() == 1


def test_an_approved_skp_says_it_is_locked_and_who_can_reopen_it(client, pegawai, atasan, skp_diajukan):
    services.skp_set_status(actor=atasan, skp_id=skp_diajukan.pk, version=None, status="persetujuan")
    html = html_of(logged_in(client, pegawai).get(skp_diajukan.get_absolute_url()))
    assert "SKP telah disetujui dan terkunci. Bila perlu diubah, minta Budi Atasan membukanya kembali." in html
    assert f'href="{url("ajukan", skp_diajukan.pk)}"' not in html


# --- HTMX ---------------------------------------------------------------------------------------------

FORM_VIEWS = [
    ("ubah", "pegawai", "draft"),
    ("rhk_tambah", "pegawai", "draft"),
    ("rhk_ubah", "pegawai", "draft"),
    ("indikator_tambah", "pegawai", "draft"),
    ("indikator_ubah", "pegawai", "draft"),
    ("lampiran_tambah", "pegawai", "draft"),
    ("lampiran_ubah", "pegawai", "draft"),
    ("edit_status", "atasan", "pengajuan"),
    ("ekspektasi_ubah", "atasan", "pengajuan"),
]


@pytest.mark.parametrize(("view", "role", "status"), FORM_VIEWS, ids=[v for v, _, _ in FORM_VIEWS])
def test_a_form_opens_as_a_fragment_for_htmx_and_as_a_page_without(
    client, request, pegawai, rhk_atasan, view, role, status
):
    scene = skp_scene(pegawai, rhk_atasan, status)
    path = view_url(view, scene)
    logged_in(client, request.getfixturevalue(role))
    fragment = html_of(client.get(path, **HTMX))
    assert "<html" not in fragment
    assert "<body" not in fragment
    assert "<form" in fragment
    assert f'hx-post="{path}"' in fragment
    assert 'hx-target="#panel"' in fragment
    page = html_of(client.get(path))
    assert "<html" in page
    assert f'action="{path}"' in page


def test_closing_the_panel_returns_an_empty_fragment(client, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).get(skp.get_absolute_url(), {"panel": "tutup"}, **HTMX)
    assert response.status_code == 200
    assert response.content == b""


def _htmx_success_cases(scene):
    s = scene.skp.pk
    return {
        "rhk_tambah": (
            url("rhk_tambah", s),
            rhk_data(teks="RHK baru lewat HTMX", rhk_atasan=scene.rhk.rhk_atasan_id),
            "RHK baru lewat HTMX",
        ),
        "indikator_tambah": (
            url("indikator_tambah", s, scene.rhk.pk),
            {"teks": "Indikator baru lewat HTMX", "target_angka": "3", "satuan": "Laporan", "aspek": "kuantitas"},
            "Indikator baru lewat HTMX",
        ),
        "lampiran_tambah": (
            url("lampiran_tambah", s),
            {"jenis": "konsekuensi", "teks": "Lampiran baru lewat HTMX"},
            "Lampiran baru lewat HTMX",
        ),
        "rhk_hapus": (url("rhk_hapus", s, scene.rhk.pk), {"version": scene.rhk.version}, "RHK dihapus."),
        "indikator_geser": (
            url("indikator_geser", s, scene.indikator.pk),
            {"arah": "naik"},
            "Urutan indikator diubah.",
        ),
    }


@pytest.mark.parametrize("view", ["rhk_tambah", "indikator_tambah", "lampiran_tambah", "rhk_hapus", "indikator_geser"])
def test_a_successful_htmx_post_returns_the_refreshed_skp_body_out_of_band(client, pegawai, rhk_atasan, view):
    scene = skp_scene(pegawai, rhk_atasan, StatusSkp.DRAFT)
    path, data, expected = _htmx_success_cases(scene)[view]
    response = logged_in(client, pegawai).post(path, data, **HTMX)
    assert response.status_code == 200
    html = html_of(response)
    assert "<html" not in html
    assert '<div id="skp-body" hx-swap-oob="true">' in html
    assert expected in html
    assert 'class="message" role="status"' in html


def test_a_successful_htmx_edit_status_refreshes_the_body_for_the_penilai(client, atasan, skp_diajukan):
    response = logged_in(client, atasan).post(
        url("edit_status", skp_diajukan.pk), {"status": "persetujuan", "version": skp_diajukan.version}, **HTMX
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html
    assert "Status SKP sekarang Persetujuan." in html


def test_an_invalid_htmx_post_returns_the_form_with_errors_and_status_200(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).post(
        url("indikator_tambah", skp.pk, RhkFactory(skp=skp, rhk_atasan=rhk_atasan).pk),
        {"teks": "Indikator yang saya ketik", "target_angka": "delapan", "satuan": "%", "aspek": "waktu"},
        **HTMX,
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "<html" not in html
    assert "hx-swap-oob" not in html
    assert 'class="errorlist"' in html
    assert "Indikator yang saya ketik" in html
    assert not Indikator.objects.filter(rhk__skp=skp).exists()


# --- Nothing typed is lost ----------------------------------------------------------------------------


def test_an_organisasi_rhk_without_unit_is_refused_keeping_the_text(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).post(
        url("rhk_tambah", skp.pk),
        rhk_data(
            klasifikasi="organisasi", unit_kerja="", teks="Kebijakan mutasi berbasis merit", rhk_atasan=rhk_atasan.pk
        ),
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "RHK Organisasi wajib memilih unit kerja yang tertaut." in html
    assert "Kebijakan mutasi berbasis merit</textarea>" in html
    assert not skp.rhk_list.exists()


def test_a_pegawai_rhk_without_rhk_atasan_is_refused_keeping_the_text(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).post(
        url("rhk_tambah", skp.pk), rhk_data(teks="RHK tanpa atasan yang saya ketik")
    )
    assert response.status_code == 200
    html = html_of(response)
    assert "Bidang ini tidak boleh kosong." in html
    assert "RHK tanpa atasan yang saya ketik</textarea>" in html
    assert not skp.rhk_list.exists()


def test_an_organisasi_rhk_with_its_unit_is_saved(client, pegawai, unit, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    logged_in(client, pegawai).post(
        url("rhk_tambah", skp.pk), rhk_data(klasifikasi="organisasi", unit_kerja=unit.pk, rhk_atasan=rhk_atasan.pk)
    )
    rhk = skp.rhk_list.get()
    assert (rhk.klasifikasi, rhk.unit_kerja) == ("organisasi", unit)
    assert "RHK Organisasi — Bidang Mutasi" in html_of(client.get(skp.get_absolute_url()))


@pytest.fixture
def stale_rhk(pegawai, rhk_atasan):
    """An RHK whose edit form was opened at version 1, then changed in another tab."""
    skp = SkpFactory(pegawai=pegawai)
    rhk = RhkFactory(skp=skp, teks="Teks semula", rhk_atasan=rhk_atasan)
    services.rhk_update(
        actor=pegawai,
        rhk_id=rhk.pk,
        version=1,
        jenis="utama",
        klasifikasi="individu",
        teks="Diubah di tab lain",
        rhk_atasan=rhk_atasan,
    )
    return rhk


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_stale_rhk_edit_is_refused_keeping_the_typed_text(client, pegawai, rhk_atasan, stale_rhk, htmx):
    headers = HTMX if htmx else {}
    response = logged_in(client, pegawai).post(
        url("rhk_ubah", stale_rhk.skp_id, stale_rhk.pk),
        rhk_data(teks="Teks yang saya ketik", rhk_atasan=rhk_atasan.pk, version=1),
        **headers,
    )
    assert response.status_code == 200
    html = html_of(response)
    assert escape(services.STALE_MESSAGE) in html
    assert "Teks yang saya ketik</textarea>" in html
    assert ("<html" in html) is not htmx
    stale_rhk.refresh_from_db()
    assert (stale_rhk.teks, stale_rhk.version) == ("Diubah di tab lain", 2)


def test_after_a_stale_refusal_the_kept_form_can_be_saved_again(client, pegawai, rhk_atasan, stale_rhk):
    """The stale message says "periksa data terbaru, lalu simpan lagi": pressing Simpan again on the form
    that kept the text must save it, not be refused forever."""
    logged_in(client, pegawai)
    refused = html_of(
        client.post(
            url("rhk_ubah", stale_rhk.skp_id, stale_rhk.pk),
            rhk_data(teks="Teks yang saya ketik", rhk_atasan=rhk_atasan.pk, version=1),
        )
    )
    version = re.search(r'name="version" value="(\d+)"', refused).group(1)
    client.post(
        url("rhk_ubah", stale_rhk.skp_id, stale_rhk.pk),
        rhk_data(teks="Teks yang saya ketik", rhk_atasan=rhk_atasan.pk, version=version),
    )
    stale_rhk.refresh_from_db()
    assert stale_rhk.teks == "Teks yang saya ketik"


def test_a_stale_indikator_edit_is_refused_keeping_the_typed_text(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    indikator = IndikatorFactory(rhk=RhkFactory(skp=skp, rhk_atasan=rhk_atasan), teks="Indikator semula")
    Indikator.objects.filter(pk=indikator.pk).update(teks="Diubah di tab lain", version=2)
    response = logged_in(client, pegawai).post(
        url("indikator_ubah", skp.pk, indikator.pk),
        {"teks": "Indikator yang saya ketik", "target_angka": "7", "satuan": "%", "aspek": "waktu", "version": 1},
    )
    html = html_of(response)
    assert escape(services.STALE_MESSAGE) in html
    assert "Indikator yang saya ketik</textarea>" in html
    indikator.refresh_from_db()
    assert indikator.teks == "Diubah di tab lain"


# --- Double submit --------------------------------------------------------------------------------------


def test_tambah_rhk_twice_with_the_same_client_token_makes_one_rhk(client, pegawai, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    data = rhk_data(rhk_atasan=rhk_atasan.pk)
    logged_in(client, pegawai)
    first = client.post(url("rhk_tambah", skp.pk), data)
    second = client.post(url("rhk_tambah", skp.pk), data)
    assert first.status_code == second.status_code == 302
    assert skp.rhk_list.count() == 1


@pytest.mark.parametrize("view", ["indikator_tambah", "lampiran_tambah"])
def test_a_repeated_submit_of_the_same_form_makes_one_row(client, pegawai, rhk_atasan, view):
    skp = SkpFactory(pegawai=pegawai)
    rhk = RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    token = str(uuid.uuid4())
    if view == "indikator_tambah":
        path, data = (
            url(view, skp.pk, rhk.pk),
            {"teks": "Indikator", "target_angka": "1", "satuan": "%", "aspek": "waktu"},
        )
        rows = Indikator.objects.filter(rhk=rhk)
    else:
        path, data = url(view, skp.pk), {"jenis": "skema", "teks": "Laporan"}
        rows = LampiranItem.objects.filter(skp=skp)
    logged_in(client, pegawai)
    client.post(path, {**data, "client_token": token})
    client.post(path, {**data, "client_token": token})
    assert rows.count() == 1


# --- Detail SKP with the fragment cache on (tests run with it off, see tests/conftest.py) -----------------


@pytest.fixture
def fragment_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-skp-views"},
    }
    from django.core.cache import caches

    caches["fragments"].clear()
    yield caches["fragments"]
    caches["fragments"].clear()


def test_with_the_fragment_cache_on_detail_skp_shows_every_change(client, fragment_cache, pegawai, atasan, rhk_atasan):
    skp = SkpFactory(pegawai=pegawai)
    RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    logged_in(client, pegawai, warm_up=skp.get_absolute_url())
    client.post(url("lampiran_tambah", skp.pk), {"jenis": "skema", "teks": "Lampiran sesudah cache"})
    assert "Lampiran sesudah cache" in html_of(client.get(skp.get_absolute_url()))

    Skp.objects.filter(pk=rhk_atasan.skp_id).update(status=StatusSkp.REVISI)  # the atasan's plan reopened
    services.rhk_update(
        actor=atasan,
        rhk_id=rhk_atasan.pk,
        version=rhk_atasan.version,
        jenis="utama",
        klasifikasi="individu",
        teks="RHK atasan dengan teks baru",
    )
    assert "RHK atasan dengan teks baru" in html_of(client.get(skp.get_absolute_url()))


def test_with_the_fragment_cache_on_a_hapus_button_works_in_a_new_session(fragment_cache, pegawai):
    """A cached body must not carry another session's CSRF token: after logging in again (or in a second
    browser) the owner's Hapus of a lampiran item must still be accepted."""
    from django.test import Client

    skp = SkpFactory(pegawai=pegawai)
    item = LampiranItemFactory(skp=skp, teks="Butir yang akan dihapus")
    hapus = url("lampiran_hapus", skp.pk, item.pk)
    pertama = Client(enforce_csrf_checks=True)
    pertama.force_login(pegawai)
    assert pertama.get(skp.get_absolute_url()).status_code == 200

    kedua = Client(enforce_csrf_checks=True)
    kedua.force_login(pegawai)
    assert "csrfmiddlewaretoken" not in html_of(kedua.get(skp.get_absolute_url())).split('id="hasil-kerja"')[1]
    html = html_of(kedua.get(url("lampiran_ubah", skp.pk, item.pk)))
    form = re.search(rf'<form method="post" action="{hapus}".*?</form>', html, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = kedua.post(hapus, {"csrfmiddlewaretoken": token, "version": item.version, "yakin": "1"})
    assert response.status_code == 302
    assert not LampiranItem.objects.filter(pk=item.pk).exists()


# --- Query budgets: the same number of queries at two data sizes ---------------------------------------

# Measured at the small size; the large size must match exactly. Detail SKP with the body not cached:
# the session with its user (accounts.sessions), the SKP (with the RHK atasan and penilai checks as subqueries),
# RHK, indikator, ekspektasi, lampiran, riwayat. With the body cached (test below) only the first two remain.
DETAIL_QUERIES_OWNER = 7
DETAIL_QUERIES_PENILAI = 7
DAFTAR_QUERIES = 3
BAWAHAN_QUERIES = 3
MATRIKS_QUERIES = 7  # + whether the owner is a penilai


@pytest.mark.parametrize(("rhk_count", "indikator_per_rhk"), [(1, 1), (30, 3)], ids=["1-rhk", "30-rhk-x-3"])
@pytest.mark.parametrize(
    ("viewer", "status", "budget"),
    [("pegawai", "draft", DETAIL_QUERIES_OWNER), ("atasan", "pengajuan", DETAIL_QUERIES_PENILAI)],
    ids=["owner", "penilai"],
)
def test_detail_skp_query_count_does_not_grow_with_rhk(
    client,
    request,
    django_assert_num_queries,
    pegawai,
    atasan,
    rhk_atasan,
    viewer,
    status,
    budget,
    rhk_count,
    indikator_per_rhk,
):
    assert budget <= 12
    skp = complete_skp(
        SkpFactory(pegawai=pegawai, status=status),
        rhk_count=rhk_count,
        indikator_per_rhk=indikator_per_rhk,
        rhk_atasan=rhk_atasan,
    )
    RhkFactory(
        skp=skp, jenis="tambahan", klasifikasi="organisasi", unit_kerja=pegawai.unit_kerja, rhk_atasan=rhk_atasan
    )
    for nomor in (1, 2):
        EkspektasiPimpinan.objects.create(instansi=skp.instansi, skp=skp, perilaku_id=nomor, teks=f"Ekspektasi {nomor}")
    SkpStatusChange.objects.create(skp=skp, actor=pegawai, dari="", ke="draft")
    logged_in(client, request.getfixturevalue(viewer), warm_up=skp.get_absolute_url())
    with django_assert_num_queries(budget):
        response = client.get(skp.get_absolute_url())
    assert response.status_code == 200
    assert html_of(response).count('class="rhk"') == rhk_count + 1


@pytest.mark.parametrize("count", [1, 20])
def test_daftar_skp_query_count_does_not_grow_with_skps(client, django_assert_num_queries, pegawai, count):
    statuses = list(StatusSkp)
    for i in range(count):
        SkpFactory(
            pegawai=pegawai,
            status=statuses[i % 4],
            periode_awal=datetime.date(TAHUN - i, 1, 1),
            periode_akhir=datetime.date(TAHUN - i, 12, 31),
        )
    logged_in(client, pegawai, warm_up=DAFTAR)
    with django_assert_num_queries(DAFTAR_QUERIES):
        response = client.get(DAFTAR)
    assert html_of(response).count(">Detail SKP</a>") == count


@pytest.mark.parametrize("count", [3, 50])
def test_skp_bawahan_query_count_does_not_grow_with_bawahan(client, django_assert_num_queries, unit, atasan, count):
    statuses = list(StatusSkp)
    for i in range(count):
        bawahan = UserFactory(unit_kerja=unit, atasan=atasan, nama=f"Bawahan {i:02d}")
        if i % 3:
            SkpFactory(pegawai=bawahan, status=statuses[i % 4])
    logged_in(client, atasan, warm_up=BAWAHAN)
    with django_assert_num_queries(BAWAHAN_QUERIES):
        response = client.get(BAWAHAN)
    html = html_of(response)
    assert all(f"Bawahan {i:02d}" in html for i in range(count))


@pytest.mark.parametrize("count", [3, 50])
def test_matriks_peran_hasil_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, unit, atasan, skp_atasan, rhk_atasan, count
):
    kedua = RhkFactory(skp=skp_atasan, teks="Kolom kedua")
    IndikatorFactory.create_batch(2, rhk=kedua)
    for i in range(count):
        member = SkpFactory(
            pegawai=UserFactory(unit_kerja=unit, atasan=atasan, nama=f"Anggota {i:02d}"), status=list(StatusSkp)[i % 4]
        )
        RhkFactory(skp=member, rhk_atasan=rhk_atasan if i % 2 else kedua, teks=f"RHK anggota {i:02d}")
        MphRow.objects.create(instansi=member.instansi, penilai_skp=skp_atasan, skp=member)
    logged_in(client, atasan, warm_up=url("matriks", skp_atasan.pk))
    with django_assert_num_queries(MATRIKS_QUERIES):
        response = client.get(url("matriks", skp_atasan.pk))
    html = html_of(response)
    assert all(f"RHK anggota {i:02d}" in html for i in range(count))


# --- Admin: the admin instansi switches an SKP's model ----------------------------------------------

ADMIN_SKP = reverse("admin:skp_skp_changelist")


def admin_change(skp) -> str:
    return reverse("admin:skp_skp_change", args=[skp.pk])


@pytest.fixture
def skp_luar(instansi_lain):
    luar = UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi_lain), nama="Lina Luar")
    return SkpFactory(pegawai=luar)


def test_admin_instansi_sees_only_their_instansis_skps(client, admin_instansi, pegawai, skp_luar):
    ours = SkpFactory(pegawai=pegawai)
    html = html_of(logged_in(client, admin_instansi).get(ADMIN_SKP))
    assert "Ani Pegawai" in html
    assert admin_change(ours) in html
    assert "Lina Luar" not in html
    assert admin_change(skp_luar) not in html


def test_admin_instansi_switches_the_model_of_a_draft_skp_through_the_service(client, admin_instansi, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    assert (skp.model, skp.version) == ("pegawai", 1)
    logged_in(client, admin_instansi)
    assert client.get(admin_change(skp)).status_code == 200
    response = client.post(admin_change(skp), {"model": "jpt", "_save": "Simpan"})
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.model == "jpt"
    assert skp.version == 2  # skp_set_model bumps the version; a plain ModelAdmin save would not
    assert "Model SKP diubah menjadi JPT." in messages_of(response)


def test_admin_instansi_cannot_switch_the_model_of_an_approved_skp(client, admin_instansi, pegawai):
    skp = SkpFactory(pegawai=pegawai, status=StatusSkp.PERSETUJUAN)
    logged_in(client, admin_instansi)
    client.post(admin_change(skp), {"model": "jpt", "_save": "Simpan"})
    skp.refresh_from_db()
    assert skp.model == "pegawai"


def test_an_skp_of_another_instansi_is_not_found_by_id_in_the_admin(client, admin_instansi, skp_luar):
    logged_in(client, admin_instansi)
    response = client.get(admin_change(skp_luar))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert "Lina Luar" not in html_of(client.get(response.url))
    client.post(admin_change(skp_luar), {"model": "jpt", "_save": "Simpan"})
    skp_luar.refresh_from_db()
    assert skp_luar.model == "pegawai"


def test_a_pegawai_cannot_open_the_skp_admin(client, pegawai):
    skp = SkpFactory(pegawai=pegawai)
    response = logged_in(client, pegawai).get(admin_change(skp))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- Double clicks on the workflow buttons ----------------------------------------------------------------


def test_a_double_click_on_ajukan_skp_submits_once_and_lands_on_the_detail_page(client, pegawai, skp_lengkap):
    """skp_submit treats a repeated submit as done ("a double click: the first one already submitted it");
    the second request must reach it and end where the first did, not on a 403 page."""
    data = {"version": skp_lengkap.version}
    logged_in(client, pegawai)
    first = client.post(url("ajukan", skp_lengkap.pk), data)
    second = client.post(url("ajukan", skp_lengkap.pk), data)
    assert first.status_code == 302
    assert (second.status_code, second.get("Location")) == (302, skp_lengkap.get_absolute_url())
    assert SkpStatusChange.objects.filter(skp=skp_lengkap, ke="pengajuan").count() == 1


def test_a_double_click_on_persetujuan_approves_once_and_lands_on_the_detail_page(client, atasan, skp_diajukan):
    """skp_set_status treats the same decision twice as done; the second request must not show an error."""
    data = {"status": "persetujuan", "catatan": "", "version": skp_diajukan.version}
    logged_in(client, atasan)
    first = client.post(url("edit_status", skp_diajukan.pk), data)
    second = client.post(url("edit_status", skp_diajukan.pk), data)
    assert first.status_code == 302
    assert (second.status_code, second.get("Location")) == (302, skp_diajukan.get_absolute_url())
    assert SkpStatusChange.objects.filter(skp=skp_diajukan, ke="persetujuan").count() == 1


def test_with_the_fragment_cache_on_detail_skp_runs_two_queries_at_any_size(
    client, fragment_cache, pegawai, rhk_atasan, django_assert_num_queries
):
    skp = SkpFactory(pegawai=pegawai)
    complete_skp(skp, rhk_count=30, indikator_per_rhk=3, rhk_atasan=rhk_atasan)
    logged_in(client, pegawai, warm_up=skp.get_absolute_url())
    with django_assert_num_queries(2):  # the session with its user, the SKP with its page flags
        html = html_of(client.get(skp.get_absolute_url()))
    assert html.count('class="rhk"') == 30
