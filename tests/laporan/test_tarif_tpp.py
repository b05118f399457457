"""The instansi's TPP table (docs/rules.md §14.1): the admin instansi sets a percentage per Predikat Kinerja for their
own instansi only, within 0–200 %, every change kept in the audit trail; until then reports say nothing."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import JejakAudit
from laporan.models import TarifTpp
from laporan.services import tpp_persen
from tests.accounts.test_admin import assert_not_found

ADD = reverse("admin:laporan_tariftpp_add")
LIST = reverse("admin:laporan_tariftpp_changelist")
TABEL = {"sangat_baik": "120", "baik": "100", "butuh_perbaikan": "75", "kurang": "50", "sangat_kurang": "25"}


def test_until_the_admin_sets_it_there_is_no_percentage_and_the_page_says_so(client, admin_instansi, instansi):
    assert tpp_persen(instansi.pk, "baik") is None
    client.force_login(admin_instansi)
    html = client.get(LIST, follow=True).content.decode()
    assert "Tarif TPP instansi Anda belum diatur" in html
    assert not TarifTpp.objects.exists()  # opening the page wrote nothing


def test_the_admin_instansi_sets_the_table_for_their_own_instansi(client, admin_instansi, instansi):
    client.force_login(admin_instansi)
    assert 'name="instansi"' not in client.get(ADD).content.decode()  # never chosen
    response = client.post(ADD, TABEL)
    assert response.status_code == 302, response.content.decode()[:2000]
    tarif = TarifTpp.objects.get()
    assert tarif.instansi == instansi
    assert tpp_persen(instansi.pk, "sangat_baik") == Decimal("120")
    assert tpp_persen(instansi.pk, "sangat_kurang") == Decimal("25")
    assert tpp_persen(instansi.pk, "") is None  # no predikat yet
    # One table per instansi: no second Tambah.
    assert client.get(ADD).status_code == 403


def test_a_change_is_kept_in_the_audit_trail(client, admin_instansi, instansi):
    client.force_login(admin_instansi)
    client.post(ADD, TABEL)
    tarif = TarifTpp.objects.get()
    client.post(reverse("admin:laporan_tariftpp_change", args=[tarif.pk]), {**TABEL, "baik": "90"})
    assert tpp_persen(instansi.pk, "baik") == Decimal("90")
    events = JejakAudit.objects.filter(pgh_obj_model="laporan.TarifTpp", pgh_obj_id=str(tarif.pk))
    assert [e.pgh_label for e in events.order_by("pgh_created_at")] == ["insert", "update"]


@pytest.mark.parametrize("value", ["-1", "200.01", "abc"])
def test_a_percentage_outside_0_to_200_is_refused_with_the_text_kept(client, admin_instansi, value):
    client.force_login(admin_instansi)
    html = client.post(ADD, {**TABEL, "baik": value}).content.decode()
    assert f'value="{value}"' in html
    assert not TarifTpp.objects.exists()


def test_the_database_refuses_a_percentage_outside_0_to_200(instansi):
    with pytest.raises(IntegrityError), transaction.atomic():
        TarifTpp.objects.create(instansi=instansi, baik=Decimal("250"))


def test_another_instansi_never_sees_or_changes_the_table(client, admin_instansi, admin_lain, instansi):
    client.force_login(admin_instansi)
    client.post(ADD, TABEL)
    tarif = TarifTpp.objects.get()
    client = Client()  # another admin, on another computer
    client.force_login(admin_lain)
    assert "Pemerintah Kabupaten Sukamaju" not in client.get(LIST).content.decode()
    assert_not_found(client.get(reverse("admin:laporan_tariftpp_change", args=[tarif.pk])))
    client.post(reverse("admin:laporan_tariftpp_change", args=[tarif.pk]), {**TABEL, "baik": "1"})
    assert tpp_persen(instansi.pk, "baik") == Decimal("100")
    # Their own table is their own.
    client.post(ADD, TABEL)
    assert TarifTpp.objects.count() == 2
