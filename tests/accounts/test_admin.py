"""The Django admin for the admin instansi: scoping to one instansi, pegawai, unit kerja, Plt, CSV import."""

import datetime

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Instansi, JenisJabatan, PltAssignment, UnitKerja, User
from tests.factories import TEST_PASSWORD, PltAssignmentFactory, UnitKerjaFactory, UserFactory, make_nip

ADMIN_INDEX = reverse("admin:index")
PEGAWAI_CHANGELIST = reverse("admin:accounts_user_changelist")
PEGAWAI_ADD = reverse("admin:accounts_user_add")
UNIT_ADD = reverse("admin:accounts_unitkerja_add")
PLT_ADD = reverse("admin:accounts_pltassignment_add")
IMPORT = reverse("admin:accounts_user_import")
CARI_NIP = reverse("admin:accounts_user_cari_nip")


# --- Fixtures local to the admin tests --------------------------------------------------------------


@pytest.fixture
def unit_luar(instansi_lain):
    return UnitKerjaFactory(instansi=instansi_lain, nama="Bidang Luar")


@pytest.fixture
def pegawai_luar(unit_luar):
    """A pegawai of instansi_lain: out of scope for admin_instansi."""
    return UserFactory(unit_kerja=unit_luar, nama="Sari Luar")


@pytest.fixture
def plt(pegawai):
    return PltAssignmentFactory(pegawai=pegawai, jabatan="Kepala Bidang Dalam")


@pytest.fixture
def plt_luar(pegawai_luar):
    return PltAssignmentFactory(pegawai=pegawai_luar, jabatan="Kepala Bidang Luar")


@pytest.fixture
def root(instansi):
    return UnitKerja.objects.get(instansi=instansi, parent__isnull=True)


# --- Helpers ----------------------------------------------------------------------------------------


def _form_data(form, **changes) -> dict:
    """What a browser would post for an unchanged admin form, with `changes` on top."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def change_form_data(user, url, **changes) -> dict:
    """The change form of `url` as `user` sees it, ready to post back with `changes`."""
    owner = Client()
    owner.force_login(user)
    response = owner.get(url)
    assert response.status_code == 200
    return _form_data(response.context["adminform"].form, **changes)


def form_errors(response) -> dict:
    assert response.status_code == 200, "expected the form to be shown again with errors"
    return response.context["adminform"].form.errors


def assert_not_found(response):
    """Django admin's answer for an id outside get_queryset: back to the index with a warning."""
    assert response.status_code == 302
    assert response.url == ADMIN_INDEX
    assert any("tidak ada" in str(m) or "does not exist" in str(m) for m in get_messages(response.wsgi_request))


def changelist_objects(response) -> list:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def pegawai_add_data(unit, **changes) -> dict:
    data = {
        "nip": make_nip(5101),
        "nama": "Rudi Baru",
        "gelar_depan": "",
        "gelar_belakang": "",
        "status_kepegawaian": "PNS",
        "pangkat": "Penata",
        "golongan": "III/c",
        "email": "rudi@example.go.id",
        "jabatan": "Analis SDM Aparatur",
        "jenis_jabatan": JenisJabatan.FUNGSIONAL,
        "unit_kerja": str(unit.pk),
        "atasan": "",
    }
    data.update(changes)
    return data


def plt_add_data(pegawai, **changes) -> dict:
    today = datetime.date.today()
    data = {
        "pegawai": str(pegawai.pk),
        "jabatan": "Plt. Kepala Bidang Karier",
        "jenis_jabatan": JenisJabatan.ADMINISTRATOR,
        "unit_kerja": str(pegawai.unit_kerja_id),
        "atasan": str(pegawai.atasan_id) if pegawai.atasan_id else "",
        "mulai": today.isoformat(),
        "selesai": (today + datetime.timedelta(days=90)).isoformat(),
    }
    data.update(changes)
    return data


def csv_upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("pegawai.csv", text.encode(), content_type="text/csv")


# --- Scoping: lists ---------------------------------------------------------------------------------


def test_admin_instansi_sees_only_own_pegawai_in_changelist(client, admin_instansi, pegawai, pegawai_luar):
    client.force_login(admin_instansi)
    shown = changelist_objects(client.get(PEGAWAI_CHANGELIST))
    assert pegawai in shown
    assert pegawai_luar not in shown
    assert {p.instansi_id for p in shown} == {admin_instansi.instansi_id}


def test_admin_instansi_sees_only_own_unit_kerja_in_changelist(client, admin_instansi, unit, unit_luar):
    client.force_login(admin_instansi)
    shown = changelist_objects(client.get(reverse("admin:accounts_unitkerja_changelist")))
    assert unit in shown
    assert unit_luar not in shown
    assert {u.instansi_id for u in shown} == {admin_instansi.instansi_id}


def test_admin_instansi_sees_only_own_plt_in_changelist(client, admin_instansi, plt, plt_luar):
    client.force_login(admin_instansi)
    shown = changelist_objects(client.get(reverse("admin:accounts_pltassignment_changelist")))
    assert shown == [plt]


def test_superadmin_sees_pegawai_of_every_instansi(client, superadmin, pegawai, pegawai_luar):
    client.force_login(superadmin)
    shown = changelist_objects(client.get(PEGAWAI_CHANGELIST))
    assert pegawai in shown
    assert pegawai_luar in shown


# --- Scoping: another instansi's objects by id ------------------------------------------------------


def test_admin_instansi_cannot_open_pegawai_of_another_instansi(client, admin_instansi, pegawai, pegawai_luar):
    client.force_login(admin_instansi)
    assert client.get(reverse("admin:accounts_user_change", args=[pegawai.pk])).status_code == 200
    response = client.get(reverse("admin:accounts_user_change", args=[pegawai_luar.pk]))
    assert_not_found(response)
    assert b"Sari Luar" not in client.get(response.url).content


def test_admin_instansi_cannot_change_pegawai_of_another_instansi(client, admin_instansi, admin_lain, pegawai_luar):
    url = reverse("admin:accounts_user_change", args=[pegawai_luar.pk])
    data = change_form_data(admin_lain, url, nama="Diubah Orang Lain")
    client.force_login(admin_instansi)

    assert_not_found(client.post(url, data))

    pegawai_luar.refresh_from_db()
    assert pegawai_luar.nama == "Sari Luar"


def test_admin_instansi_cannot_delete_pegawai_of_another_instansi(client, admin_instansi, pegawai_luar):
    client.force_login(admin_instansi)
    url = reverse("admin:accounts_user_delete", args=[pegawai_luar.pk])
    # Admin instansi never delete pegawai, so the answer is the same 403 as for their own: it reveals nothing.
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=pegawai_luar.pk).exists()


def test_admin_instansi_cannot_view_history_of_pegawai_of_another_instansi(
    client, admin_instansi, pegawai, pegawai_luar
):
    client.force_login(admin_instansi)
    assert client.get(reverse("admin:accounts_user_history", args=[pegawai.pk])).status_code == 200
    assert_not_found(client.get(reverse("admin:accounts_user_history", args=[pegawai_luar.pk])))


def test_admin_instansi_cannot_set_password_of_pegawai_of_another_instansi(
    client, admin_instansi, pegawai, pegawai_luar
):
    client.force_login(admin_instansi)
    assert client.get(reverse("admin:auth_user_password_change", args=[pegawai.pk])).status_code == 200
    url = reverse("admin:auth_user_password_change", args=[pegawai_luar.pk])
    old_hash = pegawai_luar.password

    assert client.get(url).status_code == 404
    response = client.post(
        url, {"usable_password": "true", "password1": "Sandi-Baru-2024!", "password2": "Sandi-Baru-2024!"}
    )

    assert response.status_code == 404
    pegawai_luar.refresh_from_db()
    assert pegawai_luar.password == old_hash


def test_admin_instansi_cannot_open_unit_kerja_of_another_instansi(client, admin_instansi, unit, unit_luar):
    client.force_login(admin_instansi)
    assert client.get(reverse("admin:accounts_unitkerja_change", args=[unit.pk])).status_code == 200
    assert_not_found(client.get(reverse("admin:accounts_unitkerja_change", args=[unit_luar.pk])))


def test_admin_instansi_cannot_change_unit_kerja_of_another_instansi(client, admin_instansi, admin_lain, unit_luar):
    url = reverse("admin:accounts_unitkerja_change", args=[unit_luar.pk])
    data = change_form_data(admin_lain, url, nama="Bidang Dibajak")
    client.force_login(admin_instansi)

    assert_not_found(client.post(url, data))

    unit_luar.refresh_from_db()
    assert unit_luar.nama == "Bidang Luar"
    assert unit_luar.path == "Pemerintah Kota Lain > Bidang Luar"


def test_admin_instansi_cannot_delete_unit_kerja_of_another_instansi(client, admin_instansi, unit_luar):
    client.force_login(admin_instansi)
    url = reverse("admin:accounts_unitkerja_delete", args=[unit_luar.pk])
    assert_not_found(client.get(url))
    assert_not_found(client.post(url, {"post": "yes"}))
    assert UnitKerja.objects.filter(pk=unit_luar.pk).exists()


def test_admin_instansi_cannot_view_history_of_unit_kerja_of_another_instansi(client, admin_instansi, unit_luar):
    client.force_login(admin_instansi)
    assert_not_found(client.get(reverse("admin:accounts_unitkerja_history", args=[unit_luar.pk])))


def test_admin_instansi_cannot_open_plt_of_another_instansi(client, admin_instansi, plt, plt_luar):
    client.force_login(admin_instansi)
    assert client.get(reverse("admin:accounts_pltassignment_change", args=[plt.pk])).status_code == 200
    assert_not_found(client.get(reverse("admin:accounts_pltassignment_change", args=[plt_luar.pk])))


def test_admin_instansi_cannot_change_plt_of_another_instansi(client, admin_instansi, admin_lain, plt_luar):
    url = reverse("admin:accounts_pltassignment_change", args=[plt_luar.pk])
    data = change_form_data(admin_lain, url, jabatan="Plt. Dibajak")
    client.force_login(admin_instansi)

    assert_not_found(client.post(url, data))

    plt_luar.refresh_from_db()
    assert plt_luar.jabatan == "Kepala Bidang Luar"


def test_admin_instansi_cannot_delete_plt_of_another_instansi(client, admin_instansi, plt_luar):
    client.force_login(admin_instansi)
    url = reverse("admin:accounts_pltassignment_delete", args=[plt_luar.pk])
    assert_not_found(client.get(url))
    assert_not_found(client.post(url, {"post": "yes"}))
    assert PltAssignment.objects.filter(pk=plt_luar.pk).exists()


def test_admin_instansi_cannot_view_history_of_plt_of_another_instansi(client, admin_instansi, plt_luar):
    client.force_login(admin_instansi)
    assert_not_found(client.get(reverse("admin:accounts_pltassignment_history", args=[plt_luar.pk])))


def test_autocomplete_offers_only_pegawai_of_own_instansi(client, admin_instansi, unit, pegawai_luar):
    sari_dalam = UserFactory(unit_kerja=unit, nama="Sari Dalam")
    client.force_login(admin_instansi)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "pltassignment", "field_name": "pegawai", "term": "Sari"},
    )

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(sari_dalam.pk)]


# --- Pegawai form -----------------------------------------------------------------------------------


def test_admin_instansi_cannot_make_a_pegawai_superuser(client, admin_instansi, pegawai):
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    client.force_login(admin_instansi)
    assert "is_superuser" not in client.get(url).context["adminform"].form.fields
    data = change_form_data(admin_instansi, url, is_superuser="on", jabatan="Analis Kepegawaian")

    response = client.post(url, data)

    assert response.status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.jabatan == "Analis Kepegawaian"  # the post was saved ...
    assert not pegawai.is_superuser  # ... without the field the form does not have


def test_admin_instansi_cannot_create_a_superuser(client, admin_instansi, unit):
    client.force_login(admin_instansi)
    response = client.post(PEGAWAI_ADD, pegawai_add_data(unit, is_superuser="on", is_staff="on"))
    assert response.status_code == 302
    created = User.objects.get(nip=make_nip(5101))
    assert not created.is_superuser


def test_admin_instansi_cannot_put_pegawai_in_unit_kerja_of_another_instansi(
    client, admin_instansi, pegawai, unit, unit_luar
):
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    data = change_form_data(admin_instansi, url, unit_kerja=str(unit_luar.pk))
    client.force_login(admin_instansi)

    errors = form_errors(client.post(url, data))

    assert "unit_kerja" in errors
    pegawai.refresh_from_db()
    assert pegawai.unit_kerja == unit


def test_admin_instansi_cannot_give_pegawai_an_atasan_of_another_instansi(
    client, admin_instansi, pegawai, atasan, pegawai_luar
):
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    data = change_form_data(admin_instansi, url, atasan=str(pegawai_luar.pk))
    client.force_login(admin_instansi)

    errors = form_errors(client.post(url, data))

    assert "atasan" in errors
    pegawai.refresh_from_db()
    assert pegawai.atasan == atasan


def test_pegawai_created_by_admin_instansi_belongs_to_their_instansi(
    client, admin_instansi, instansi, instansi_lain, unit
):
    client.force_login(admin_instansi)
    response = client.post(PEGAWAI_ADD, pegawai_add_data(unit, instansi=str(instansi_lain.pk)))
    assert response.status_code == 302
    assert User.objects.get(nip=make_nip(5101)).instansi == instansi


def test_pegawai_created_in_admin_has_no_usable_password(client, admin_instansi, unit):
    client.force_login(admin_instansi)
    response = client.post(PEGAWAI_ADD, pegawai_add_data(unit))
    created = User.objects.get(nip=make_nip(5101))
    assert response.status_code == 302
    assert response.url == reverse("admin:accounts_user_change", args=[created.pk])
    assert not created.has_usable_password()


def test_pegawai_with_badly_shaped_nip_is_refused_with_a_message(client, admin_instansi, unit):
    client.force_login(admin_instansi)
    response = client.post(PEGAWAI_ADD, pegawai_add_data(unit, nip="19860711201503"))
    assert "nip" in form_errors(response)
    assert "NIP harus terdiri dari tepat 18 angka." in response.content.decode()
    assert not User.objects.filter(nama="Rudi Baru").exists()


def test_atasan_that_would_make_a_reporting_cycle_is_refused(client, admin_instansi, pegawai, atasan):
    # pegawai reports to atasan; making pegawai the atasan of atasan would close the loop.
    url = reverse("admin:accounts_user_change", args=[atasan.pk])
    data = change_form_data(admin_instansi, url, atasan=str(pegawai.pk))
    client.force_login(admin_instansi)

    response = client.post(url, data)

    assert "berputar" in " ".join(form_errors(response)["atasan"])
    atasan.refresh_from_db()
    assert atasan.atasan is None


def test_pegawai_change_form_does_not_show_the_password_hash(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    response = client.get(reverse("admin:accounts_user_change", args=[pegawai.pk]))
    assert response.status_code == 200
    assert pegawai.password not in response.content.decode()


def test_password_typed_into_pegawai_change_form_is_not_stored(client, admin_instansi, pegawai):
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    data = change_form_data(admin_instansi, url, password="sandi-polos")
    client.force_login(admin_instansi)

    client.post(url, data)

    pegawai.refresh_from_db()
    assert pegawai.password != "sandi-polos"
    assert pegawai.check_password(TEST_PASSWORD)


def test_admin_instansi_cannot_delete_pegawai_but_can_deactivate_them(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    delete_url = reverse("admin:accounts_user_delete", args=[pegawai.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    response = client.post(
        PEGAWAI_CHANGELIST, {"action": "delete_selected", "_selected_action": [pegawai.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=pegawai.pk).exists()

    change_url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    response = client.post(change_url, change_form_data(admin_instansi, change_url, is_active=None))
    assert response.status_code == 302
    pegawai.refresh_from_db()
    assert not pegawai.is_active


def test_superadmin_can_delete_pegawai(client, superadmin, pegawai):
    client.force_login(superadmin)
    response = client.post(reverse("admin:accounts_user_delete", args=[pegawai.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=pegawai.pk).exists()


# --- Unit kerja -------------------------------------------------------------------------------------


def test_unit_kerja_created_under_a_parent_gets_path_and_depth(client, admin_instansi, instansi, unit):
    client.force_login(admin_instansi)
    response = client.post(UNIT_ADD, {"parent": str(unit.pk), "nama": "Subbidang Data"})
    assert response.status_code == 302
    created = UnitKerja.objects.get(nama="Subbidang Data")
    assert created.path == "Pemerintah Kabupaten Sukamaju > Bidang Mutasi > Subbidang Data"
    assert created.depth == 2
    assert created.instansi == instansi


def test_renaming_a_unit_kerja_updates_the_path_of_units_below(client, admin_instansi, instansi, unit):
    child = UnitKerjaFactory(instansi=instansi, parent=unit, nama="Subbidang Data")
    grandchild = UnitKerjaFactory(instansi=instansi, parent=child, nama="Seksi Arsip")
    url = reverse("admin:accounts_unitkerja_change", args=[unit.pk])
    client.force_login(admin_instansi)

    response = client.post(url, change_form_data(admin_instansi, url, nama="Bidang Karier"))

    assert response.status_code == 302
    child.refresh_from_db()
    grandchild.refresh_from_db()
    assert child.path == "Pemerintah Kabupaten Sukamaju > Bidang Karier > Subbidang Data"
    assert grandchild.path == "Pemerintah Kabupaten Sukamaju > Bidang Karier > Subbidang Data > Seksi Arsip"
    assert (child.depth, grandchild.depth) == (2, 3)


def test_unit_kerja_cannot_move_under_its_own_child(client, admin_instansi, instansi, unit, root):
    child = UnitKerjaFactory(instansi=instansi, parent=unit, nama="Subbidang Data")
    url = reverse("admin:accounts_unitkerja_change", args=[unit.pk])
    client.force_login(admin_instansi)

    response = client.post(url, change_form_data(admin_instansi, url, parent=str(child.pk)))

    assert "parent" in form_errors(response)
    unit.refresh_from_db()
    assert unit.parent == root
    assert unit.path == "Pemerintah Kabupaten Sukamaju > Bidang Mutasi"


def test_admin_instansi_cannot_choose_a_parent_unit_of_another_instansi(client, admin_instansi, unit_luar):
    client.force_login(admin_instansi)
    response = client.post(UNIT_ADD, {"parent": str(unit_luar.pk), "nama": "Bidang Titipan"})
    assert "parent" in form_errors(response)
    assert not UnitKerja.objects.filter(nama="Bidang Titipan").exists()


def test_root_unit_kerja_cannot_be_deleted(client, admin_instansi, root):
    client.force_login(admin_instansi)
    url = reverse("admin:accounts_unitkerja_delete", args=[root.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert UnitKerja.objects.filter(pk=root.pk).exists()


# --- Plt --------------------------------------------------------------------------------------------


def test_admin_instansi_creates_plt_for_own_pegawai_in_own_instansi(client, admin_instansi, instansi, pegawai):
    client.force_login(admin_instansi)
    response = client.post(PLT_ADD, plt_add_data(pegawai))
    assert response.status_code == 302
    plt = PltAssignment.objects.get(pegawai=pegawai)
    assert plt.instansi == instansi
    assert plt.jabatan == "Plt. Kepala Bidang Karier"


def test_plt_ending_before_it_starts_is_refused(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    response = client.post(PLT_ADD, plt_add_data(pegawai, mulai="2025-03-01", selesai="2025-02-28"))
    assert "selesai" in form_errors(response)
    assert not PltAssignment.objects.exists()


def test_plt_with_the_pegawai_as_own_atasan_is_refused(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    response = client.post(PLT_ADD, plt_add_data(pegawai, atasan=str(pegawai.pk)))
    assert "atasan" in form_errors(response)
    assert not PltAssignment.objects.exists()


def test_admin_instansi_cannot_create_plt_for_pegawai_of_another_instansi(client, admin_instansi, pegawai_luar):
    client.force_login(admin_instansi)
    response = client.post(PLT_ADD, plt_add_data(pegawai_luar))
    assert "pegawai" in form_errors(response)
    assert not PltAssignment.objects.exists()


# --- CSV import -------------------------------------------------------------------------------------

CSV_HEADER = "nip,nama,status_kepegawaian,jabatan,jenis_jabatan,unit_kerja,nip_atasan\n"


def test_admin_instansi_imports_a_csv_for_own_instansi_and_sees_the_counts(client, admin_instansi, instansi):
    boss, staff = make_nip(5001), make_nip(5002)
    text = CSV_HEADER + (
        f"{boss},Rina Impor,PNS,Kepala Bidang Data,Administrator,Pemerintah Kabupaten Sukamaju > Bidang Data,\n"
        f"{staff},Yusuf Impor,PNS,Pengelola Data,Pelaksana,Pemerintah Kabupaten Sukamaju > Bidang Data,{boss}\n"
    )
    client.force_login(admin_instansi)

    response = client.post(IMPORT, {"berkas": csv_upload(text)})

    assert response.status_code == 200
    assert response.context["errors"] is None
    assert response.context["report"].created == 2
    html = response.content.decode()
    assert '<th scope="row">Dibuat</th><td>2</td>' in html
    imported = User.objects.get(nip=staff)
    assert imported.instansi == instansi
    assert imported.atasan.nip == boss
    assert not imported.has_usable_password()


def test_import_with_a_row_of_another_instansi_is_rejected_with_its_line_and_writes_nothing(
    client, admin_instansi, instansi_lain
):
    own, foreign = make_nip(5003), make_nip(5004)
    text = CSV_HEADER + (
        f"{own},Rina Impor,PNS,Pengelola Data,Pelaksana,Pemerintah Kabupaten Sukamaju > Bidang Data,\n"
        f"{foreign},Yusuf Luar,PNS,Pengelola Data,Pelaksana,Pemerintah Kota Lain > Bidang Data,\n"
    )
    client.force_login(admin_instansi)

    response = client.post(IMPORT, {"berkas": csv_upload(text)})

    assert response.status_code == 200
    assert response.context["report"] is None
    assert [e.line for e in response.context["errors"]] == [3]
    assert "<td>3</td>" in response.content.decode()
    assert not User.objects.filter(nip__in=[own, foreign]).exists()
    assert not UnitKerja.objects.filter(nama="Bidang Data").exists()


def test_plain_pegawai_cannot_reach_the_import_page(client, pegawai):
    client.force_login(pegawai)
    for response in (client.get(IMPORT), client.post(IMPORT, {"berkas": csv_upload(CSV_HEADER)})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


# --- NIP search -------------------------------------------------------------------------------------


def test_cari_nip_of_own_pegawai_opens_their_change_page(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    response = client.post(CARI_NIP, {"nip": pegawai.nip})
    assert response.status_code == 302
    assert response.url == reverse("admin:accounts_user_change", args=[pegawai.pk])


def test_cari_nip_of_another_instansi_goes_back_to_the_changelist(client, admin_instansi, pegawai_luar):
    client.force_login(admin_instansi)
    response = client.post(CARI_NIP, {"nip": pegawai_luar.nip})
    assert response.status_code == 302
    assert response.url == PEGAWAI_CHANGELIST
    assert pegawai_luar.nip not in response.url


def test_cari_nip_by_get_only_redirects_to_the_changelist(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    response = client.get(CARI_NIP, {"nip": pegawai.nip})
    assert response.status_code == 302
    assert response.url == PEGAWAI_CHANGELIST


def test_changelist_search_box_does_not_search_by_nip(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    assert pegawai in changelist_objects(client.get(PEGAWAI_CHANGELIST, {"q": "Ani Pegawai"}))
    assert changelist_objects(client.get(PEGAWAI_CHANGELIST, {"q": pegawai.nip})) == []


# --- Instansi ---------------------------------------------------------------------------------------


def test_superadmin_creating_an_instansi_also_creates_its_root_unit(client, superadmin):
    client.force_login(superadmin)
    response = client.post(reverse("admin:accounts_instansi_add"), {"nama": "Pemerintah Provinsi Baru"})
    assert response.status_code == 302
    instansi = Instansi.objects.get(nama="Pemerintah Provinsi Baru")
    root = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    assert (root.nama, root.path, root.depth) == ("Pemerintah Provinsi Baru", "Pemerintah Provinsi Baru", 0)


# --- Who reaches the admin --------------------------------------------------------------------------


def test_plain_pegawai_is_sent_to_admin_login(client, pegawai):
    client.force_login(pegawai)
    response = client.get(PEGAWAI_CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_user_is_sent_to_admin_login(client, db):
    response = client.get(PEGAWAI_CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- Queries ----------------------------------------------------------------------------------------


def test_pegawai_changelist_query_count_does_not_grow_with_rows(client, admin_instansi, unit, atasan):
    client.force_login(admin_instansi)
    client.get(PEGAWAI_CHANGELIST)  # the first request after login refreshes the session

    def count_queries(rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PEGAWAI_CHANGELIST)
        assert response.context["cl"].result_count == rows
        return len(queries)

    UserFactory(unit_kerja=unit, atasan=atasan)
    small = count_queries(3)
    UserFactory.create_batch(27, unit_kerja=unit, atasan=atasan)
    assert count_queries(30) == small


# --- Users with more rights than the admin instansi ---------------------------------------------------


@pytest.fixture(params=["superadmin", "with_group", "with_permission"])
def atasan_admin(request, unit):
    """A user of the admin's own instansi with rights the admin instansi lacks."""
    from django.contrib.auth.models import Group, Permission

    user = UserFactory(unit_kerja=unit, nama="Pak Super", is_staff=True, is_superuser=request.param == "superadmin")
    if request.param == "with_group":
        user.groups.add(Group.objects.create(name="Operator pusat"))
    if request.param == "with_permission":
        user.user_permissions.add(Permission.objects.get(codename="delete_user"))
    return user


def test_admin_instansi_never_lists_a_user_with_more_rights(client, admin_instansi, atasan_admin, pegawai):
    client.force_login(admin_instansi)
    listed = changelist_objects(client.get(PEGAWAI_CHANGELIST))
    assert pegawai in listed
    assert atasan_admin not in listed
    response = client.post(CARI_NIP, {"nip": atasan_admin.nip})
    assert response.url == PEGAWAI_CHANGELIST


def test_admin_instansi_cannot_change_or_deactivate_a_user_with_more_rights(
    client, admin_instansi, superadmin, atasan_admin
):
    url = reverse("admin:accounts_user_change", args=[atasan_admin.pk])
    data = change_form_data(superadmin, url, nama="Diambil Alih", is_active=None, email="penyerang@example.com")
    client.force_login(admin_instansi)

    assert_not_found(client.get(url))
    assert_not_found(client.post(url, data))

    atasan_admin.refresh_from_db()
    assert (atasan_admin.nama, atasan_admin.is_active) == ("Pak Super", True)
    assert atasan_admin.email != "penyerang@example.com"


def test_admin_instansi_cannot_set_the_password_of_a_user_with_more_rights(client, admin_instansi, atasan_admin):
    url = reverse("admin:auth_user_password_change", args=[atasan_admin.pk])
    old_hash = atasan_admin.password
    client.force_login(admin_instansi)

    assert client.get(url).status_code == 404
    response = client.post(
        url, {"usable_password": "true", "password1": "Sandi-Baru-2024!", "password2": "Sandi-Baru-2024!"}
    )

    assert response.status_code == 404
    atasan_admin.refresh_from_db()
    assert atasan_admin.password == old_hash


def test_admin_instansi_cannot_make_a_user_with_more_rights_an_atasan(client, admin_instansi, atasan_admin, pegawai):
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    client.force_login(admin_instansi)
    response = client.post(url, change_form_data(admin_instansi, url, atasan=str(atasan_admin.pk)))
    assert "atasan" in form_errors(response)


def test_admin_instansi_import_cannot_overwrite_a_user_with_more_rights(client, admin_instansi, atasan_admin):
    text = CSV_HEADER + (
        f"{atasan_admin.nip},Diambil Alih,PNS,Pengelola Data,Pelaksana,Pemerintah Kabupaten Sukamaju > Bidang Data,\n"
    )
    client.force_login(admin_instansi)

    response = client.post(IMPORT, {"berkas": csv_upload(text)})

    assert [str(e) for e in response.context["errors"]] == ["Baris 2: NIP ini tidak dapat diimpor di sini."]
    atasan_admin.refresh_from_db()
    assert atasan_admin.nama == "Pak Super"


def test_import_of_a_nip_of_another_instansi_says_only_that_it_cannot_be_imported_here(
    client, admin_instansi, pegawai_luar
):
    text = CSV_HEADER + (
        f"{pegawai_luar.nip},Sari Pindah,PNS,Pengelola Data,Pelaksana,Pemerintah Kabupaten Sukamaju > Bidang Data,\n"
    )
    client.force_login(admin_instansi)

    response = client.post(IMPORT, {"berkas": csv_upload(text)})

    html = response.content.decode()
    assert "NIP ini tidak dapat diimpor di sini." in html
    assert "instansi lain" not in html and "Kota Lain" not in html


def test_admin_instansi_cannot_grant_groups_or_permissions(client, admin_instansi, pegawai):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Operator pusat")
    permission = Permission.objects.get(codename="delete_user")
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    data = change_form_data(admin_instansi, url, groups=[str(group.pk)], user_permissions=[str(permission.pk)])
    client.force_login(admin_instansi)

    assert client.post(url, data).status_code == 302

    assert not pegawai.groups.exists() and not pegawai.user_permissions.exists()


# --- Two admins editing the same row ------------------------------------------------------------------


def test_a_stale_admin_save_is_refused_and_keeps_what_was_typed(client, admin_instansi, pegawai):
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    tab_a = change_form_data(admin_instansi, url, jabatan="Analis Kepegawaian Ahli Muda")
    tab_b = change_form_data(admin_instansi, url, email="baru@example.go.id")
    client.force_login(admin_instansi)
    assert client.post(url, tab_a).status_code == 302

    response = client.post(url, tab_b)

    form = response.context["adminform"].form
    assert "sudah diubah oleh admin lain" in " ".join(form.non_field_errors())
    assert 'value="baru@example.go.id"' in response.content.decode()
    pegawai.refresh_from_db()
    assert (pegawai.jabatan, pegawai.email) == (
        "Analis Kepegawaian Ahli Muda",
        f"pegawai{pegawai.nip[-6:]}@example.go.id",
    )
    # Saving again, after seeing the message, is a deliberate choice and goes through.
    again = {**tab_b, "versi_data": form.data["versi_data"]}
    assert client.post(url, again).status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.email == "baru@example.go.id"


@pytest.mark.parametrize(
    ("model_admin_url", "make", "change"),
    [
        ("admin:accounts_unitkerja_change", lambda s: UnitKerjaFactory(instansi=s.instansi), {"nama": "Bidang A"}),
        ("admin:accounts_pltassignment_change", lambda s: PltAssignmentFactory(pegawai=s.pegawai), {"jabatan": "X"}),
    ],
)
def test_every_admin_change_form_refuses_a_stale_save(
    client, admin_instansi, instansi, pegawai, model_admin_url, make, change
):
    from types import SimpleNamespace

    obj = make(SimpleNamespace(instansi=instansi, pegawai=pegawai))
    url = reverse(model_admin_url, args=[obj.pk])
    first = change_form_data(admin_instansi, url, **change)
    second = change_form_data(admin_instansi, url, **{k: v + " lagi" for k, v in change.items()})
    client.force_login(admin_instansi)
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert "sudah diubah oleh admin lain" in " ".join(response.context["adminform"].form.non_field_errors())
