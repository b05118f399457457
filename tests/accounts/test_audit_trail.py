"""The audit trail: every table of ours is audited (or is itself an append-only record), and the admin instansi
reads their instansi's trail in the admin, filtered by pegawai, by object and by date, while a superadmin reads
all of it."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from pghistory import core

from accounts.models import SecurityEvent
from tests.factories import TEST_PASSWORD, UnitKerjaFactory, UserFactory

OUR_APPS = ("accounts", "skp", "penilaian")
# Tables that are themselves records nobody edits: each row is written once, by one path, and never changed.
APPEND_ONLY = {
    "accounts.SecurityEvent": "the security trail itself",
    "skp.SkpStatusChange": "the Riwayat of an SKP: one row per workflow move",
    "penilaian.PeriodeStatusChange": "the Riwayat of a period: one row per Tetapkan, reopen or unlock",
    "skp.DokumenCetak": "the record of a print, with its verification code",
    "skp.PerilakuKerja": "the seven BerAKHLAK values, loaded by a data migration",
}


def our_models():
    return [
        m
        for m in apps.get_models()
        if (m._meta.app_label in OUR_APPS and not m._meta.proxy and not m.__name__.endswith("Event"))
        or m._meta.label == "accounts.SecurityEvent"
    ]


def test_every_table_of_ours_is_audited_or_is_an_append_only_record():
    tracked = {m.pgh_tracked_model._meta.label for m in core.event_models() if m.pgh_tracked_model}
    missing = {m._meta.label for m in our_models()} - tracked - set(APPEND_ONLY)
    assert missing == set(), f"audit these with @audited() or explain them in APPEND_ONLY: {sorted(missing)}"
    assert not set(APPEND_ONLY) & tracked, "an append-only record needs no second trail"


@pytest.mark.django_db
def test_every_audited_table_has_its_insert_update_and_delete_triggers_in_the_database():
    tracked = [m.pgh_tracked_model for m in core.event_models() if m.pgh_tracked_model]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE tgname LIKE 'pgtrigger_%'")
        triggers = {}
        for table, name in cursor.fetchall():
            triggers.setdefault(table.strip('"'), set()).add(name.split("_")[1])
    for model in tracked:
        assert {"insert", "update", "delete"} <= triggers.get(model._meta.db_table, set()), model._meta.label


def trail_rows(response) -> list:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


TRAIL = reverse("admin:accounts_jejakaudit_changelist")
SECURITY = reverse("admin:accounts_securityevent_changelist")


def test_admin_instansi_reads_their_instansi_trail_with_who_and_what_changed(client, admin_instansi, pegawai, db):
    luar = UserFactory(unit_kerja=UnitKerjaFactory(), nama="Orang Luar")
    client.force_login(admin_instansi)
    url = reverse("admin:accounts_user_change", args=[pegawai.pk])
    data = client.get(url).context["adminform"].form.initial
    form = client.get(url).context["adminform"].form
    post = {name: form[name].value() or "" for name in form.fields if name not in ("password",)}
    post.update(jabatan="Analis Kepegawaian Ahli Muda", is_active="on")
    assert client.post(url, post).status_code == 302, data

    rows = trail_rows(client.get(TRAIL, {"pegawai": pegawai.pk}))
    update = next(r for r in rows if r.pgh_label == "update" and r.pgh_obj_model == "accounts.User")
    assert update.oleh == admin_instansi.nama
    assert ("jabatan", "Analis Kebijakan Ahli Pertama", "Analis Kepegawaian Ahli Muda") in [
        (key, *values) for key, values in update.pgh_diff.items()
    ]
    everything = trail_rows(client.get(TRAIL))
    assert all(r.pgh_data.get("instansi_id") == admin_instansi.instansi_id for r in everything)
    assert not [r for r in everything if r.pgh_obj_model == "accounts.User" and r.pgh_obj_id == str(luar.pk)]
    # A pegawai of another instansi as the filter shows nothing rather than their trail.
    assert trail_rows(client.get(TRAIL, {"pegawai": luar.pk})) == []


def test_the_trail_of_one_object_and_by_date(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    rows = trail_rows(client.get(TRAIL, {"objek": f"accounts.User:{pegawai.pk}"}))
    assert rows and {r.pgh_obj_id for r in rows} == {str(pegawai.pk)}
    today = rows[0].pgh_created_at
    dated = trail_rows(client.get(TRAIL, {"pgh_created_at__year": today.year, "pgh_created_at__month": today.month}))
    assert len(dated) >= len(rows)


def test_the_security_trail_is_scoped_and_read_only(client, admin_instansi, pegawai, superadmin):
    luar = UserFactory(unit_kerja=UnitKerjaFactory(), nama="Orang Luar")
    for user in (pegawai, luar):
        client.post(reverse("accounts:login"), {"username": user.nip, "password": TEST_PASSWORD})
        client.logout()
    client.force_login(admin_instansi)
    rows = trail_rows(client.get(SECURITY))
    assert {r.user for r in rows} == {pegawai, admin_instansi}
    assert trail_rows(client.get(SECURITY, {"user__id__exact": pegawai.pk}))
    event = SecurityEvent.objects.first()
    assert client.get(reverse("admin:accounts_securityevent_delete", args=[event.pk])).status_code == 403
    client.force_login(superadmin)
    assert {r.user for r in trail_rows(client.get(SECURITY))} >= {pegawai, luar}


def test_the_pegawai_change_page_links_to_their_trails(client, admin_instansi, pegawai):
    client.force_login(admin_instansi)
    html = client.get(reverse("admin:accounts_user_change", args=[pegawai.pk])).content.decode()
    assert f"{TRAIL}?pegawai={pegawai.pk}" in html
    assert f"{SECURITY}?user__id__exact={pegawai.pk}" in html


def test_a_plain_pegawai_cannot_read_any_trail(client, pegawai):
    client.force_login(pegawai)
    assert client.get(TRAIL).status_code == 302
    assert client.get(SECURITY).status_code == 302
